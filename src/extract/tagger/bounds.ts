// Learned boundary correction of content spans (issue 14). After the hybrid (index.ts combine) has made its drafts,
// each content span's left and right edges may move to another edge nearby: the current one, or a token boundary
// within WINDOW tokens in the same paragraph at a clause break (punctuation, a quotation mark, a conjunction or a
// relative pronoun: CANDIDATE WORDS below). A linear model over a few hashed features per candidate (the words and
// punctuation around it, how far and which way it moves, quotation marks, whether the tagger read the tokens crossed as
// content, the rule that made the draft, its kind) scores the candidates of each edge; the best one is taken when it
// beats the current edge by the trainer's margin. Only the outer edges move (inner pieces of a discontinuous content
// stay as they are), never across the draft's own cue or speaker mention: who said it does not change.
// Trained offline on held-out hybrid output of PolNeAR train (training/train-bounds.ts), shipped in the tagger's model
// file (meta.bounds), validated at load.
import { z } from 'zod';
import type { Span } from '../../model.ts';
import { tokenRange, type Doc } from '../document.ts';
import { newDraft, type Draft } from '../draft.ts';
import type { TaggedStatement } from './decode.ts';
import { hashString } from './features.ts';
import { mix } from './linker.ts';

/** How far (tokens) an edge may move either way. */
export const WINDOW = 16;

export interface BoundsWeights {
  bits: number;
  weights: Float32Array;
}

/** The learned correction: its weights, and how much better (in score) a candidate must be than the current edge. */
export interface BoundsModel {
  weights: BoundsWeights;
  margin: number;
  /** Whether the tagger's own statements (rule 'tagger') are corrected too. */
  tagger: boolean;
}

const WeightsFile = z.object({
  bits: z.number().int().min(8).max(18),
  /** Little-endian float32 weights, 2^bits of them, base64. */
  weights: z.string(),
});
const BoundsFile = z.object({
  version: z.literal(1),
  window: z.literal(WINDOW),
  weights: WeightsFile,
  margin: z.number().finite().min(0),
  tagger: z.boolean(),
});
export type BoundsFileShape = z.infer<typeof BoundsFile>;

/** The correction stored in a model's meta.bounds, validated (throws when malformed), or null when there is none. */
export function parseBounds(raw: unknown): BoundsModel | null {
  if (raw === undefined || raw === null) return null;
  const f = BoundsFile.parse(raw);
  const buf = Buffer.from(f.weights.weights, 'base64');
  if (buf.length !== 4 << f.weights.bits) throw new Error(`bounds: ${buf.length} weight bytes, expected ${4 << f.weights.bits}`);
  const weights = new Float32Array(1 << f.weights.bits);
  for (let i = 0; i < weights.length; i++) weights[i] = buf.readFloatLE(4 * i);
  if (!weights.every(Number.isFinite)) throw new Error('bounds: weights not finite');
  return { weights: { bits: f.weights.bits, weights }, margin: f.margin, tagger: f.tagger };
}

export function serialiseBounds(b: BoundsModel): BoundsFileShape {
  const buf = Buffer.alloc(4 * b.weights.weights.length);
  b.weights.weights.forEach((x, i) => buf.writeFloatLE(x, 4 * i));
  return { version: 1, window: WINDOW, weights: { bits: b.weights.bits, weights: buf.toString('base64') }, margin: b.margin, tagger: b.tagger };
}

/** Words at which a content may end (the next token) or start (the previous token) besides punctuation. */
const RIGHT_BREAKS = new Set(
  'which who whom whose where while whereas but and or because although though as according after before since so saying adding noting when if unless until than even despite including citing calling said says told added'.split(
    ' ',
  ),
);
const LEFT_BREAKS = new Set(
  'that said says told added say tell asked wrote noted argued claimed believes believe warned explained stated insisted suggested acknowledged and but because while if whether how why what when'.split(
    ' ',
  ),
);

/** Per document: tokens the tagger read as content (the parts of its statements). */
export interface BoundsContext {
  doc: Doc;
  taggerContent: Uint8Array;
}

export function boundsContext(doc: Doc, tagged: readonly TaggedStatement[]): BoundsContext {
  const taggerContent = new Uint8Array(doc.tokens.length);
  for (const t of tagged)
    for (const p of t.parts) {
      const r = tokenRange(doc, p.start, p.end);
      if (r) taggerContent.fill(1, r[0], r[1] + 1);
    }
  return { doc, taggerContent };
}

/** One edge's candidates: token indices (the content's last token, or first), the current one first, and their features. */
export interface EdgeCase {
  side: 'left' | 'right';
  /** Character offset of each candidate edge (the first is the current edge). */
  edges: number[];
  features: number[][];
}

const H = (s: string): number => hashString(s);
const T = {
  cur: H('b:cur'),
  curRule: H('b:cur-rule'),
  curKind: H('b:cur-kind'),
  dist: H('b:dist'),
  distRule: H('b:dist-rule'),
  distKind: H('b:dist-kind'),
  out1: H('b:out1'),
  out12: H('b:out12'),
  in1: H('b:in1'),
  inOut: H('b:in-out'),
  quote: H('b:quote'),
  tagger: H('b:tagger'),
  crossTagger: H('b:cross-tagger'),
  crossComma: H('b:cross-comma'),
  crossMark: H('b:cross-mark'),
  sentence: H('b:sentence'),
  cue: H('b:cue'),
  out1Rule: H('b:out1-rule'),
};
const SIDE = { left: H('left'), right: H('right') };

const bucket = (n: number): number => (n <= 2 ? n : n <= 4 ? 3 : n <= 8 ? 5 : 9);

/**
 * The candidate edges of one side of a draft's content, with features: the current edge, then each token boundary within
 * WINDOW tokens (same paragraph) where the content may end (right) or start (left), not inside the draft's own cue or
 * mention nor across them, and keeping every piece non-empty.
 */
export function edgeCase(ctx: BoundsContext, d: Draft, side: 'left' | 'right'): EdgeCase | null {
  const doc = ctx.doc;
  const toks = doc.tokens;
  const first = d.parts[0]!,
    last = d.parts[d.parts.length - 1]!;
  const fr = tokenRange(doc, first.start, first.end),
    lr = tokenRange(doc, last.start, last.end);
  if (!fr || !lr) return null;
  const a = fr[0],
    b = lr[1];
  const para = toks[side === 'left' ? a : b]!.paragraph;
  const own: Span[] = [];
  if (d.cue) own.push(d.cue);
  if (d.speaker?.mention) own.push(d.speaker.mention);
  const ownAt = (i: number): boolean => {
    const tk = toks[i]!;
    for (const s of own) if (tk.start < s.end && s.start < tk.end) return true;
    return false;
  };
  const sideH = SIDE[side];
  const ruleH = H(d.rule),
    kindH = H(d.kind);
  const edges: number[] = [],
    features: number[][] = [];
  const cur = side === 'left' ? a : b;
  const add = (c: number): void => {
    // Moving by `delta` tokens: > 0 outward (the content grows), < 0 inward.
    const delta = side === 'left' ? a - c : c - b;
    const dir = delta === 0 ? 0 : delta > 0 ? 1 : 2;
    const dh = mix(sideH, dir * 16 + bucket(Math.abs(delta)));
    // The tokens outside (next to the edge) and inside it.
    const o1 = side === 'left' ? c - 1 : c + 1,
      o2 = side === 'left' ? c - 2 : c + 2;
    const outside = (i: number): number => (i >= 0 && i < toks.length && toks[i]!.paragraph === para ? H(toks[i]!.lower) : H('<par>'));
    const out1 = outside(o1),
      out2 = outside(o2);
    const in1 = H(toks[c]!.lower);
    const f: number[] = [];
    const dirH = mix(sideH, dir);
    f.push(mix(T.dist, dh), mix(mix(T.distRule, dh), ruleH), mix(mix(T.distKind, dh), kindH));
    if (dir === 0) f.push(mix(T.cur, sideH), mix(mix(T.curRule, sideH), ruleH), mix(mix(T.curKind, sideH), kindH));
    f.push(mix(mix(T.out1, dirH), out1), mix(mix(mix(T.out12, dirH), out1), out2), mix(mix(T.in1, dirH), in1));
    f.push(mix(mix(mix(T.inOut, dirH), in1), out1), mix(mix(mix(T.out1Rule, dirH), out1), ruleH));
    const oq = o1 >= 0 && o1 < toks.length ? toks[o1]!.quote : -1;
    const iq = toks[c]!.quote;
    f.push(mix(mix(T.quote, dirH), (iq >= 0 ? 1 : 0) + (oq >= 0 ? 2 : 0) + (iq >= 0 && iq === oq ? 4 : 0) + (toks[c]!.mark ? 8 : 0)));
    const tin = ctx.taggerContent[c]!,
      tout = o1 >= 0 && o1 < toks.length ? ctx.taggerContent[o1]! : 0;
    f.push(mix(mix(T.tagger, dirH), tin + 2 * tout));
    // The tokens crossed between the current edge and this one.
    if (dir !== 0) {
      const lo = Math.min(c, cur),
        hi = Math.max(c, cur);
      let tg = 0,
        comma = 0,
        mark = 0,
        n = 0;
      for (let i = lo; i <= hi; i++) {
        if (i === (dir === 1 ? cur : c)) continue;
        n++;
        tg += ctx.taggerContent[i]!;
        if (toks[i]!.text === ',') comma = 1;
        if (toks[i]!.mark) mark = 1;
      }
      f.push(mix(mix(T.crossTagger, dirH), tg === 0 ? 0 : tg === n ? 2 : 1));
      f.push(mix(mix(T.crossComma, dirH), comma), mix(mix(T.crossMark, dirH), mark));
      // Whether the content's sentence changes at this edge.
      f.push(mix(mix(T.sentence, dirH), toks[c]!.sentence === toks[cur]!.sentence ? 0 : 1));
    }
    // The cue right outside the edge ("..., he said").
    const cueAt = (i: number): boolean =>
      !!d.cue && i >= 0 && i < toks.length && toks[i]!.start < d.cue.end && d.cue.start < toks[i]!.end;
    const cueNext = cueAt(o1) || cueAt(o2);
    f.push(mix(mix(T.cue, dirH), cueNext ? 1 : 0));
    edges.push(side === 'left' ? toks[c]!.start : toks[c]!.end);
    features.push(f);
  };
  // The current edge first (its character offset as the draft has it).
  add(cur);
  edges[0] = side === 'left' ? first.start : last.end;
  if (side === 'right') {
    const lo = Math.max(lr[0], b - WINDOW);
    let blocked = false;
    for (let c = b + 1; c <= b + WINDOW && c < toks.length && toks[c]!.paragraph === para; c++) {
      if (ownAt(c)) blocked = true;
      if (blocked) break;
      if (rightBreak(doc, c, para)) add(c);
    }
    for (let c = b - 1; c >= lo; c--) {
      if (ownAt(c)) break;
      if (rightBreak(doc, c, para)) add(c);
    }
  } else {
    const hi = Math.min(fr[1], a + WINDOW);
    for (let c = a - 1; c >= a - WINDOW && c >= 0 && toks[c]!.paragraph === para; c--) {
      if (ownAt(c)) break;
      if (leftBreak(doc, c, para)) add(c);
    }
    for (let c = a + 1; c <= hi; c++) {
      if (ownAt(c)) break;
      if (leftBreak(doc, c, para)) add(c);
    }
  }
  return { side, edges, features };
}

/** The content may end at token c: it is a word or a quotation mark, followed by punctuation, a break word or the paragraph's end. */
function rightBreak(doc: Doc, c: number, para: number): boolean {
  const toks = doc.tokens;
  const tk = toks[c]!;
  if (!tk.word && !tk.mark) return false;
  const n = toks[c + 1];
  if (!n || n.paragraph !== para) return true;
  return !n.word || RIGHT_BREAKS.has(n.lower);
}

/** The content may start at token c: a word or a quotation mark after punctuation, a break word or the paragraph's start. */
function leftBreak(doc: Doc, c: number, para: number): boolean {
  const toks = doc.tokens;
  const tk = toks[c]!;
  if (!tk.word && !tk.mark) return false;
  const p = c > 0 ? toks[c - 1] : undefined;
  if (!p || p.paragraph !== para) return true;
  return !p.word || LEFT_BREAKS.has(p.lower) || LEFT_BREAKS.has(tk.lower);
}

export function scoreOf(w: BoundsWeights, f: readonly number[]): number {
  const mask = (1 << w.bits) - 1;
  let z = 0;
  for (const x of f) z += w.weights[x & mask]!;
  return z;
}

/** The index of the candidate the model takes (0: the current edge stays). */
export function choose(w: BoundsWeights, e: EdgeCase, margin: number): number {
  const s0 = scoreOf(w, e.features[0]!);
  let best = 0,
    bs = s0 + margin;
  for (let i = 1; i < e.features.length; i++) {
    const s = scoreOf(w, e.features[i]!);
    if (s > bs) [best, bs] = [i, s];
  }
  return best;
}

/** The draft with new outer edges (null: unchanged or no longer valid). */
export function withOuterEdges(d: Draft, left: number, right: number): Span[] | null {
  const first = d.parts[0]!,
    last = d.parts[d.parts.length - 1]!;
  if (left === first.start && right === last.end) return null;
  if (left >= first.end || right <= last.start || left >= right) return null;
  const parts = d.parts.map((p) => ({ start: p.start, end: p.end }));
  parts[0]!.start = left;
  parts[parts.length - 1]!.end = right;
  return parts;
}

/**
 * The drafts with their content edges corrected by the model; `kindOf` recomputes a moved draft's kind (a quotation
 * that now takes in unquoted words is no longer verbatim).
 */
export function correctBounds(
  model: BoundsModel,
  ctx: BoundsContext,
  drafts: readonly Draft[],
  kindOf: (parts: Span[], was: Draft['kind']) => Draft['kind'],
  tagger = 'tagger',
): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    if (!model.tagger && d.rule === tagger) {
      out.push(d);
      continue;
    }
    const l = edgeCase(ctx, d, 'left'),
      r = edgeCase(ctx, d, 'right');
    if (!l || !r) {
      out.push(d);
      continue;
    }
    const parts = withOuterEdges(d, l.edges[choose(model.weights, l, model.margin)]!, r.edges[choose(model.weights, r, model.margin)]!);
    out.push(parts ? newDraft({ ...d, parts, kind: kindOf(parts, d.kind) }) : d);
  }
  return out;
}
