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
  /** Each token's lower-case hash, filled on first use (0: not yet); as int32 (small integers stay unboxed more often; a hash
   * is only mixed or masked, so its sign does not matter). */
  lowerHash: Int32Array;
  /** A rule's or kind's name hashed (cached per document). */
  ruleHash(name: string): number;
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
  const names = new Map<string, number>();
  const ruleHash = (name: string): number => {
    let h = names.get(name);
    if (h === undefined) names.set(name, (h = hashString(name)));
    return h;
  };
  return { doc, taggerContent, taggerEdge, drafted, lowerHash: new Int32Array(doc.tokens.length), ruleHash };
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
const SIDE = [H('left'), H('right')] as const;
const PAR = H('<par>');

const bucket = (n: number): number => (n <= 2 ? n : n <= 4 ? 3 : n <= 8 ? 5 : 9);

// The template ids mixed with a side and a direction (0 stay, 1 out, 2 in), and with a side, direction and distance
// bucket, computed once: a candidate's features then take one or two mixes each.
const DIR_TEMPLATES = [
  T.out1,
  T.out12,
  T.in1,
  T.inOut,
  T.out1Rule,
  T.quote,
  T.tagger,
  T.balance,
  T.crossTagger,
  T.crossComma,
  T.crossMark,
  T.sentence,
  T.cue,
  T.curCtx,
] as const;
const enum D {
  out1,
  out12,
  in1,
  inOut,
  out1Rule,
  quote,
  tagger,
  balance,
  crossTagger,
  crossComma,
  crossMark,
  sentence,
  cue,
  curCtx,
}
/** [side * 3 + dir][template]. */
const BY_DIR: Int32Array[] = [];
for (let sd = 0; sd < 6; sd++) {
  const dirH = mix(SIDE[sd / 3 < 1 ? 0 : 1], sd % 3);
  BY_DIR.push(Int32Array.from(DIR_TEMPLATES, (t) => mix(t, dirH) | 0));
}
const DIST_TEMPLATES = [T.dist, T.distRule, T.distKind, T.curCtx] as const;
/** [(side * 3 + dir) * 16 + bucket][template] (bucket 0..9). */
const BY_DIST: Int32Array[] = [];
for (let sd = 0; sd < 6; sd++)
  for (let k = 0; k < 16; k++) {
    const dh = mix(SIDE[sd < 3 ? 0 : 1], (sd % 3) * 16 + k);
    BY_DIST.push(Int32Array.from(DIST_TEMPLATES, (t) => mix(t, dh) | 0));
  }
const CUR = [mix(T.cur, SIDE[0]), mix(T.cur, SIDE[1])];
const CUR_RULE = [mix(T.curRule, SIDE[0]), mix(T.curRule, SIDE[1])];
const CUR_KIND = [mix(T.curKind, SIDE[0]), mix(T.curKind, SIDE[1])];

/**
 * Where a scan's features go: summed into a score with the weights (run time: no arrays), or kept per candidate
 * (training). candidate writes a candidate's features into `buf` (n of them), then calls end.
 */
class Sink {
  weights: Float32Array | null = null;
  mask = 0;
  margin = 0;
  /** Scoring: the best candidate's edge and score so far (the current edge's score plus the margin to beat). */
  z = 0;
  best = 0;
  bestZ = -Infinity;
  edge = 0;
  edges: number[] | null = null;
  features: number[][] | null = null;
  /** The features of the candidate being made (as candidate computed them: a typed array, no calls per feature). */
  readonly buf = new Float64Array(32);
  n = 0;
  end(current: boolean): void {
    const weights = this.weights;
    if (weights) {
      const buf = this.buf,
        mask = this.mask;
      let z = 0;
      for (let i = 0; i < this.n; i++) z += weights[buf[i]! & mask]!;
      this.z = z;
      if (current) {
        this.best = this.edge;
        this.bestZ = this.z + this.margin;
      } else if (this.z > this.bestZ) {
        this.best = this.edge;
        this.bestZ = this.z;
      }
    } else {
      this.edges!.push(this.edge);
      this.features!.push(Array.from(this.buf.subarray(0, this.n)));
    }
  }
}

/** The hash of token i's lower-case text, cached per document. */
function lowerHash(ctx: BoundsContext, i: number): number {
  const h = ctx.lowerHash[i]!;
  if (h !== 0) return h;
  // (A text whose hash is 0 is hashed again each time: no other sentinel is needed.)
  return (ctx.lowerHash[i] = hashString(ctx.doc.tokens[i]!.lower) | 0);
}

/** The same, PAR outside the paragraph. */
function wordHash(ctx: BoundsContext, i: number, para: number): number {
  const toks = ctx.doc.tokens;
  return i < 0 || i >= toks.length || toks[i]!.paragraph !== para ? PAR : lowerHash(ctx, i);
}

const overlapsToken = (s: Span | null, tk: Span): boolean => !!s && tk.start < s.end && s.start < tk.end;

/** What a scan walks: one draft's edge, with what the tokens crossed so far hold (walking away from the current edge). */
interface Walk {
  ctx: BoundsContext;
  d: Draft;
  right: boolean;
  sd: number;
  para: number;
  a: number;
  b: number;
  cur: number;
  ruleH: number;
  kindH: number;
  curOut1: number;
  curIn1: number;
  marks0: number;
  words: number;
  marksX: number;
  tg: number;
  comma: number;
  mark: number;
  sent: number;
  n: number;
}

/** The features of the candidate edge at token c (dir 0: the current edge, 1 outward, 2 inward). */
function candidate(w: Walk, sink: Sink, c: number, dir: number): void {
  const { ctx, right } = w;
  const toks = ctx.doc.tokens;
  const tk = toks[c]!;
  sink.edge = right ? tk.end : tk.start;
  const f = sink.buf;
  let n = 0;
  const delta = dir === 0 ? 0 : right ? Math.abs(c - w.b) : Math.abs(w.a - c);
  const sd = w.sd * 3 + dir;
  const byDist = BY_DIST[sd * 16 + bucket(delta)]!,
    byDir = BY_DIR[sd]!;
  const o1 = right ? c + 1 : c - 1,
    o2 = right ? c + 2 : c - 2;
  const out1 = wordHash(ctx, o1, w.para),
    out2 = wordHash(ctx, o2, w.para);
  const in1 = lowerHash(ctx, c);
  f[n++] = byDist[0]!;
  f[n++] = mix(byDist[1]!, w.ruleH);
  f[n++] = mix(byDist[2]!, w.kindH);
  // What the current edge has next to it (a clean break, or not), with this candidate's move.
  f[n++] = mix(mix(byDist[3]!, w.curOut1), out1);
  f[n++] = mix(byDir[D.curCtx]!, w.curIn1);
  if (dir === 0) {
    f[n++] = CUR[w.sd]!;
    f[n++] = mix(CUR_RULE[w.sd]!, w.ruleH);
    f[n++] = mix(CUR_KIND[w.sd]!, w.kindH);
  }
  f[n++] = mix(byDir[D.out1]!, out1);
  f[n++] = mix(mix(byDir[D.out12]!, out1), out2);
  f[n++] = mix(byDir[D.in1]!, in1);
  f[n++] = mix(mix(byDir[D.inOut]!, in1), out1);
  f[n++] = mix(mix(byDir[D.out1Rule]!, out1), w.ruleH);
  const inPara1 = o1 >= 0 && o1 < toks.length && toks[o1]!.paragraph === w.para;
  const oq = inPara1 ? toks[o1]!.quote : -1;
  f[n++] = mix(
    byDir[D.quote]!,
    (tk.quote >= 0 ? 1 : 0) + (oq >= 0 ? 2 : 0) + (tk.quote >= 0 && tk.quote === oq ? 4 : 0) + (tk.mark ? 8 : 0),
  );
  const tout = inPara1 ? ctx.taggerContent[o1]! : 0;
  f[n++] = mix(byDir[D.tagger]!, ctx.taggerContent[c]! + 2 * tout + 4 * ctx.taggerEdge[c]!);
  // Quotation marks in the resulting content: an odd count leaves a quotation open (or closed twice).
  const marks = dir === 1 ? w.marks0 + w.marksX : dir === 2 ? w.marks0 - w.marksX : w.marks0;
  f[n++] = mix(byDir[D.balance]!, (marks & 1) + (tk.mark ? 2 : 0));
  if (dir !== 0) {
    f[n++] = mix(byDir[D.crossTagger]!, w.tg === 0 ? 0 : w.tg === w.n ? 2 : 1);
    f[n++] = mix(byDir[D.crossComma]!, w.comma);
    f[n++] = mix(byDir[D.crossMark]!, w.mark);
    f[n++] = mix(byDir[D.sentence]!, w.sent);
  }
  const cue = w.d.cue;
  const inPara2 = o2 >= 0 && o2 < toks.length && toks[o2]!.paragraph === w.para;
  const cueNext = (inPara1 && overlapsToken(cue, toks[o1]!)) || (inPara2 && overlapsToken(cue, toks[o2]!));
  f[n++] = mix(byDir[D.cue]!, cueNext ? 1 : 0);
  sink.n = n;
  sink.end(dir === 0);
}

function crossed(w: Walk, i: number): void {
  const toks = w.ctx.doc.tokens;
  const tk = toks[i]!;
  w.n++;
  if (tk.mark) {
    w.marksX++;
    w.mark = 1;
  }
  if (tk.word) w.words++;
  w.tg += w.ctx.taggerContent[i]!;
  if (tk.text === ',') w.comma = 1;
  if (tk.sentence !== toks[w.cur]!.sentence) w.sent = 1;
}

const ownAt = (d: Draft, tk: Span): boolean => overlapsToken(d.cue, tk) || overlapsToken(d.speaker?.mention ?? null, tk);

/**
 * The candidate edges of one side of a draft's content, into `sink`: the current edge, then each word or quotation
 * mark within WINDOW tokens (same paragraph) where the content may end (right) or start (left): outward not across the
 * draft's own cue or mention nor into another draft's content, inward only inside the first (last) piece and keeping at
 * least half of the content's tokens. False when the draft's content covers no token.
 */
function scan(ctx: BoundsContext, d: Draft, right: boolean, sink: Sink): boolean {
  const doc = ctx.doc;
  const toks = doc.tokens;
  const first = d.parts[0]!,
    last = d.parts[d.parts.length - 1]!;
  const fr = tokenRange(doc, first.start, first.end),
    lr = tokenRange(doc, last.start, last.end);
  if (!fr || !lr) return false;
  const a = fr[0],
    b = lr[1];
  const cur = right ? b : a;
  const para = toks[cur]!.paragraph;
  let marks0 = 0;
  for (let i = a; i <= b; i++) if (toks[i]!.mark) marks0++;
  const w: Walk = {
    ctx,
    d,
    right,
    sd: right ? 1 : 0,
    para,
    a,
    b,
    cur,
    ruleH: ctx.ruleHash(d.rule),
    kindH: ctx.ruleHash(d.kind),
    curOut1: wordHash(ctx, right ? cur + 1 : cur - 1, para),
    curIn1: lowerHash(ctx, cur),
    marks0,
    words: 0,
    marksX: 0,
    tg: 0,
    comma: 0,
    mark: 0,
    sent: 0,
    n: 0,
  };
  candidate(w, sink, cur, 0);
  // The current edge as the draft has it (its characters, maybe with punctuation).
  if (sink.edges) sink.edges[0] = right ? last.end : first.start;
  else if (sink.best === (right ? toks[cur]!.end : toks[cur]!.start)) sink.best = right ? last.end : first.start;
  const step = right ? 1 : -1;
  // Outward. A move crosses at least one word: the punctuation at an edge (a final full stop, a closing quotation
  // mark) stays as the draft has it, as the product shows it; only words move in or out.
  for (let c = cur + step, k = 0; k < WINDOW && c >= 0 && c < toks.length && toks[c]!.paragraph === para; c += step, k++) {
    if (ownAt(d, toks[c]!) || ctx.drafted[c]) break;
    crossed(w, c);
    if ((toks[c]!.word || toks[c]!.mark) && w.words) candidate(w, sink, c, 1);
  }
  // Inward, inside the first (last) piece: a piece is never dropped (a draft joining two objects, "X … that Y", would
  // lose the one the corpus pairs it with), and at most half of the content goes.
  w.tg = w.comma = w.mark = w.sent = w.n = w.marksX = w.words = 0;
  const keep = Math.max(1, (b - a + 1) >> 1);
  for (let c = cur - step, k = 0; k < WINDOW && (right ? c >= a + keep : c <= b - keep); c -= step, k++) {
    crossed(w, c + step);
    if ((toks[c]!.word || toks[c]!.mark) && w.words && (right ? c >= lr[0] : c <= fr[1]) && !ownAt(d, toks[c]!)) candidate(w, sink, c, 2);
  }
  return true;
}

/** One edge's candidates with their features (training and tests). */
export function edgeCase(ctx: BoundsContext, d: Draft, side: 'left' | 'right'): EdgeCase | null {
  const sink = new Sink();
  sink.edges = [];
  sink.features = [];
  if (!scan(ctx, d, side === 'right', sink)) return null;
  return { side, edges: sink.edges, features: sink.features };
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
  // Scored as the features are made (choose's figures, without building them).
  const sink = new Sink();
  sink.weights = model.weights.weights;
  sink.mask = (1 << model.weights.bits) - 1;
  sink.margin = model.margin;
  for (const d of drafts) {
    if ((!model.tagger && d.rule === tagger) || !scan(ctx, d, false, sink)) {
      out.push(d);
      continue;
    }
    const left = sink.best;
    scan(ctx, d, true, sink);
    const parts = withOuterEdges(d, left, sink.best);
    out.push(parts ? newDraft({ ...d, parts, kind: kindOf(parts, d.kind) }) : d);
  }
  return out;
}
