// Learned boundary correction of content spans (issue 14). After the hybrid (index.ts combine) has made its drafts,
// each content's left and right edges may move: to any word or quotation mark within WINDOW tokens in the same
// paragraph, outward (not across the draft's own cue or speaker mention, nor into another draft's content) or inward
// (inside the first or last piece, keeping at least half of the content). A linear model over a few hashed features per
// candidate (the words and punctuation either side of it, how far and which way it moves, what the current edge has
// next to it, quotation marks and their balance, whether the tagger read the tokens crossed as content or a statement
// of its own starts or ends there, commas and sentence ends crossed, the rule that made the draft, its kind) scores the
// candidates of each edge; the best is taken when it beats the current edge by the trainer's margin. Pieces are never
// dropped or split, inner bounds never move, and who said it never changes: only the outer edges.
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
  return {
    version: 1,
    window: WINDOW,
    weights: { bits: b.weights.bits, weights: buf.toString('base64') },
    margin: b.margin,
    tagger: b.tagger,
  };
}

/** Per document: tokens the tagger read as content (the parts of its statements). */
export interface BoundsContext {
  doc: Doc;
  taggerContent: Uint8Array;
  /** 1 where a tagger statement starts, 2 where one ends (3: both). */
  taggerEdge: Uint8Array;
  /** 1 on the tokens of the drafts' contents (an edge does not move out into another draft's content). */
  drafted: Uint8Array;
}

export function boundsContext(doc: Doc, tagged: readonly TaggedStatement[], drafts: readonly Draft[]): BoundsContext {
  const taggerContent = new Uint8Array(doc.tokens.length),
    taggerEdge = new Uint8Array(doc.tokens.length);
  for (const t of tagged) {
    for (const p of t.parts) {
      const r = tokenRange(doc, p.start, p.end);
      if (r) taggerContent.fill(1, r[0], r[1] + 1);
    }
    taggerEdge[t.first] = taggerEdge[t.first]! | 1;
    taggerEdge[t.last] = taggerEdge[t.last]! | 2;
  }
  const drafted = new Uint8Array(doc.tokens.length);
  for (const d of drafts)
    for (const p of d.parts) {
      const r = tokenRange(doc, p.start, p.end);
      if (r) drafted.fill(1, r[0], r[1] + 1);
    }
  return { doc, taggerContent, taggerEdge, drafted };
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
  curCtx: H('b:cur-ctx'),
  balance: H('b:balance'),
};
const SIDE = { left: H('left'), right: H('right') };
const PAR = H('<par>');

const bucket = (n: number): number => (n <= 2 ? n : n <= 4 ? 3 : n <= 8 ? 5 : 9);

/**
 * The candidate edges of one side of a draft's content, with features: the current edge, then each word or quotation
 * mark within WINDOW tokens (same paragraph) where the content may end (right) or start (left): outward not across the
 * draft's own cue or mention nor into another draft's content, inward only inside the first (last) piece and keeping at
 * least half of the content's tokens.
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
  const right = side === 'right';
  const cur = right ? b : a;
  const para = toks[cur]!.paragraph;
  const cue = d.cue,
    mention = d.speaker?.mention ?? null;
  const ownAt = (i: number): boolean => {
    const tk = toks[i]!;
    return (!!cue && tk.start < cue.end && cue.start < tk.end) || (!!mention && tk.start < mention.end && mention.start < tk.end);
  };
  const sideH = SIDE[side];
  const ruleH = H(d.rule),
    kindH = H(d.kind);
  const edges: number[] = [],
    features: number[][] = [];
  // What the tokens crossed so far hold (walking away from the current edge).
  let words = 0,
    marksX = 0,
    marks0 = 0;
  for (let i = a; i <= b; i++) if (toks[i]!.mark) marks0++;
  let tg = 0,
    comma = 0,
    mark = 0,
    sent = 0,
    n = 0;
  const co = right ? cur + 1 : cur - 1;
  const curOut1 = co >= 0 && co < toks.length && toks[co]!.paragraph === para ? H(toks[co]!.lower) : PAR,
    curIn1 = H(toks[cur]!.lower);
  const add = (c: number, dir: 0 | 1 | 2): void => {
    const delta = dir === 0 ? 0 : right ? Math.abs(c - b) : Math.abs(a - c);
    const dh = mix(sideH, dir * 16 + bucket(delta));
    // The tokens outside the edge (next to it) and the one inside.
    const o1 = right ? c + 1 : c - 1,
      o2 = right ? c + 2 : c - 2;
    const inPara = (i: number): boolean => i >= 0 && i < toks.length && toks[i]!.paragraph === para;
    const out1 = inPara(o1) ? H(toks[o1]!.lower) : PAR,
      out2 = inPara(o2) ? H(toks[o2]!.lower) : PAR;
    const tk = toks[c]!;
    const in1 = H(tk.lower);
    const dirH = mix(sideH, dir);
    const f: number[] = [mix(T.dist, dh), mix(mix(T.distRule, dh), ruleH), mix(mix(T.distKind, dh), kindH)];
    // What the current edge has next to it (a clean break, or not), with this candidate's move.
    f.push(mix(mix(mix(T.curCtx, dh), curOut1), out1), mix(mix(T.curCtx, dirH), curIn1));
    if (dir === 0) f.push(mix(T.cur, sideH), mix(mix(T.curRule, sideH), ruleH), mix(mix(T.curKind, sideH), kindH));
    f.push(mix(mix(T.out1, dirH), out1), mix(mix(mix(T.out12, dirH), out1), out2), mix(mix(T.in1, dirH), in1));
    f.push(mix(mix(mix(T.inOut, dirH), in1), out1), mix(mix(mix(T.out1Rule, dirH), out1), ruleH));
    const oq = inPara(o1) ? toks[o1]!.quote : -1;
    f.push(
      mix(mix(T.quote, dirH), (tk.quote >= 0 ? 1 : 0) + (oq >= 0 ? 2 : 0) + (tk.quote >= 0 && tk.quote === oq ? 4 : 0) + (tk.mark ? 8 : 0)),
    );
    const tout = inPara(o1) ? ctx.taggerContent[o1]! : 0;
    f.push(mix(mix(T.tagger, dirH), ctx.taggerContent[c]! + 2 * tout + 4 * ctx.taggerEdge[c]!));
    // Quotation marks in the resulting content: an odd count leaves a quotation open (or closed twice).
    f.push(mix(mix(T.balance, dirH), ((dir === 1 ? marks0 + marksX : dir === 2 ? marks0 - marksX : marks0) & 1) + (tk.mark ? 2 : 0)));
    if (dir !== 0) {
      f.push(mix(mix(T.crossTagger, dirH), tg === 0 ? 0 : tg === n ? 2 : 1));
      f.push(mix(mix(T.crossComma, dirH), comma), mix(mix(T.crossMark, dirH), mark), mix(mix(T.sentence, dirH), sent));
    }
    const cueAt = (i: number): boolean => !!cue && inPara(i) && toks[i]!.start < cue.end && cue.start < toks[i]!.end;
    f.push(mix(mix(T.cue, dirH), cueAt(o1) || cueAt(o2) ? 1 : 0));
    edges.push(right ? tk.end : tk.start);
    features.push(f);
  };
  const cross = (i: number): void => {
    const tk = toks[i]!;
    n++;
    if (tk.mark) marksX++;
    if (tk.word) words++;
    tg += ctx.taggerContent[i]!;
    if (tk.text === ',') comma = 1;
    if (tk.mark) mark = 1;
    if (tk.sentence !== toks[cur]!.sentence) sent = 1;
  };
  const candidate = (i: number): boolean => toks[i]!.word || toks[i]!.mark;
  add(cur, 0);
  // The current edge as the draft has it (its characters, maybe with punctuation).
  edges[0] = right ? last.end : first.start;
  const step = right ? 1 : -1;
  // Outward.
  for (let c = cur + step, k = 0; k < WINDOW && c >= 0 && c < toks.length && toks[c]!.paragraph === para; c += step, k++) {
    if (ownAt(c) || ctx.drafted[c]) break;
    cross(c);
    if (candidate(c) && words) add(c, 1);
  }
  // A move crosses at least one word: the punctuation at an edge (a final full stop, a closing quotation mark) stays as
  // the draft has it, as the product shows it; only words move in or out.
  // Inward, inside the first (last) piece: a piece is never dropped (a draft joining two objects, "X … that Y", would
  // lose the one the corpus pairs it with), and at most half of the content goes.
  tg = comma = mark = sent = n = marksX = words = 0;
  const keep = Math.max(1, (b - a + 1) >> 1);
  for (let c = cur - step, k = 0; k < WINDOW && (right ? c >= a + keep : c <= b - keep); c -= step, k++) {
    cross(c + step);
    if (candidate(c) && words && (right ? c >= lr[0] : c <= fr[1]) && !ownAt(c)) add(c, 2);
  }
  return { side, edges, features };
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

/** The pieces with new outer edges, those passed over dropped (null: unchanged or nothing left). */
export function withOuterEdges(d: Draft, left: number, right: number): Span[] | null {
  if (left === d.parts[0]!.start && right === d.parts[d.parts.length - 1]!.end) return null;
  const parts: Span[] = [];
  for (const p of d.parts) if (p.end > left && p.start < right) parts.push({ start: Math.max(p.start, left), end: Math.min(p.end, right) });
  const head = parts[0],
    tail = parts[parts.length - 1];
  if (!head || !tail) return null;
  // Moved outward: the first (last) piece grows.
  if (left < head.start) head.start = left;
  if (right > tail.end) tail.end = right;
  return head.start < head.end && tail.start < tail.end ? parts : null;
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
