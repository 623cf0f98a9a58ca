// Token features of the learned tagger: words, shapes, quotation position, the cue lexicon, and the rules' own reading
// (each token's tag in the rules' drafts, with the rule's name and confidence). Features are hashed integers (a template
// id mixed with a value hash), computed once per token, so the tagger never builds feature strings at run time.
import type { Doc, Token } from '../document.ts';
import type { Draft } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';
import { leafOf, type ClusterTable } from './clusters.ts';

/** One sequence the tagger labels: a paragraph's tokens [from, to). */
export interface Sequence {
  from: number;
  to: number;
  /** Per token, its hashed features (FEATURES_PER_TOKEN each, row-major). */
  features: Uint32Array;
}

/** The rules' reading of a token. */
export const enum RuleTag {
  O = 0,
  BC = 1,
  IC = 2,
  S = 3,
  Q = 4,
}

export const FEATURES_PER_TOKEN = 55;

const FNV = 0x811c9dc5;
export function hashString(s: string, h = FNV): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A feature's id mixes a template id t with up to two values a, b (int32) into one well-spread 32-bit hash:
 *   h = imul(t + 0x9e3779b1, 0x85ebca6b) ^ a; h = imul(h ^ (h >>> 15), 0xc2b2ae35) ^ b;
 *   h = imul(h ^ (h >>> 13), 0x27d4eb2f); id = (h ^ (h >>> 16)) >>> 0.
 * The ids are the model file's format: changing this (or a template's values) needs a retrained model.
 */
const PAD = hashString('<pad>');

function shape(tk: Token): number {
  if (tk.mark) return 1;
  if (!tk.word) return hashString(tk.text) | 0;
  if (tk.cap) return tk.text.length > 1 && allUpper(tk.text) ? 2 : 3;
  const c = tk.text.charCodeAt(0);
  return c >= 48 && c <= 57 ? 4 : 5;
}

const ALL_UPPER = /^\p{Lu}+$/u;
/** ALL_UPPER.test(s), by character codes when s is ASCII (most words): A-Z only. */
function allUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return ALL_UPPER.test(s);
    if (c < 65 || c > 90) return false;
  }
  return true;
}

const CLASS_HASH = new Map<string, number>();
function lexClass(lower: string): number {
  const v = L.verbs.get(lower);
  if (!v) return 0;
  let h = CLASS_HASH.get(v.class);
  if (h === undefined) CLASS_HASH.set(v.class, (h = hashString(v.class)));
  return h;
}

interface RuleReading {
  tag: Uint8Array;
  rule: Uint32Array;
  conf: Uint8Array;
}

/** Each token's tag in the rules' drafts (content, speaker mention, cue), with the draft's rule and confidence. */
export function ruleReading(doc: Doc, drafts: readonly Draft[]): RuleReading {
  const n = doc.tokens.length;
  const tag = new Uint8Array(n),
    rule = new Uint32Array(n),
    conf = new Uint8Array(n);
  const first = (pos: number): number => {
    let lo = 0,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (doc.tokens[mid]!.end <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const mark = (s: number, e: number, t: RuleTag, d: Draft, only: boolean): void => {
    const rh = hashString(d.rule);
    const c = 1 + Math.min(9, Math.floor(d.confidence * 10));
    for (let i = first(s), k = 0; i < n && doc.tokens[i]!.start < e; i++, k++) {
      if (only && tag[i] !== RuleTag.O) continue;
      tag[i] = t === RuleTag.BC && k > 0 ? RuleTag.IC : t;
      rule[i] = rh;
      conf[i] = c;
    }
  };
  // Most confident drafts first; content never overwrites an earlier draft's content.
  const order = [...drafts].sort((a, b) => b.confidence - a.confidence);
  for (const d of order) {
    if (d.cue) mark(d.cue.start, d.cue.end, RuleTag.Q, d, true);
    if (d.speaker?.mention) mark(d.speaker.mention.start, d.speaker.mention.end, RuleTag.S, d, true);
  }
  for (const d of order) for (const p of d.parts) mark(p.start, p.end, RuleTag.BC, d, true);
  return { tag, rule, conf };
}

const distBucket = (d: number): number =>
  d === 0 ? 0 : Math.sign(d) * (Math.abs(d) <= 3 ? Math.abs(d) : Math.abs(d) <= 8 ? 5 : Math.abs(d) <= 20 ? 10 : 30);

/**
 * Paragraphs longer than this are left to the rules alone (PolNeAR's longest is far shorter): run-on hostile text, a
 * megabyte without a line break, would otherwise cost the tagger seconds for nothing.
 */
export const MAX_SEQUENCE_TOKENS = 4_000;

/** Per-token values of one document that the features of every paragraph read (hashes as int32: mix reads them with ^). */
interface DocContext {
  doc: Doc;
  r: RuleReading;
  /**
   * Hash of the lower-case word, of its shape, of its lexicon class (0 when none or quoted), of its last 3 characters, of
   * its last 2, of its first 3.
   */
  wh: Int32Array;
  sh: Int32Array;
  lc: Int32Array;
  suf: Int32Array;
  suf2: Int32Array;
  pre: Int32Array;
  /** Whether the word is a pronoun; whether it is "that". */
  pro: Uint8Array;
  that: Uint8Array;
  /**
   * Word clusters (clusters.ts): per token its leaf + 1 and its path prefixes of 4 and 6 bits (all 0 for a word without
   * a cluster, and everywhere when the model has no clusters).
   */
  cf: Int32Array;
  c4: Int32Array;
  c6: Int32Array;
}

function docContext(doc: Doc, drafts: readonly Draft[], clusters: ClusterTable | null): DocContext {
  const toks = doc.tokens;
  const n = toks.length;
  const wh = new Int32Array(n),
    sh = new Int32Array(n),
    lc = new Int32Array(n),
    suf = new Int32Array(n),
    suf2 = new Int32Array(n),
    pre = new Int32Array(n),
    pro = new Uint8Array(n),
    that = new Uint8Array(n);
  tokenHashes(toks, wh, sh, lc, suf, suf2, pre, pro, that);
  const cf = new Int32Array(n),
    c4 = new Int32Array(n),
    c6 = new Int32Array(n);
  if (clusters) tokenClusters(clusters, wh, cf, c4, c6);
  return { doc, r: ruleReading(doc, drafts), wh, sh, lc, suf, suf2, pre, pro, that, cf, c4, c6 };
}

/** Each token's cluster (looked up once, by its word hash) and path prefixes. */
function tokenClusters(t: ClusterTable, wh: Int32Array, cf: Int32Array, c4: Int32Array, c6: Int32Array): void {
  const [p4, p6] = t.prefix as [Int32Array, Int32Array];
  for (let i = 0; i < wh.length; i++) {
    const l = leafOf(t, wh[i]!);
    cf[i] = t.full[l]!;
    c4[i] = p4[l]!;
    c6[i] = p6[l]!;
  }
}

/**
 * docContext's per-token loop, in a function of its own: inside docContext, V8 compiled the loop on stack replacement
 * and that code deoptimised on leaving the loop, again on every document (hundreds of deopts a round).
 */
function tokenHashes(
  toks: Doc['tokens'],
  wh: Int32Array,
  sh: Int32Array,
  lc: Int32Array,
  suf: Int32Array,
  suf2: Int32Array,
  pre: Int32Array,
  pro: Uint8Array,
  that: Uint8Array,
): void {
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    const tk = toks[i]!;
    const lower = tk.lower;
    wh[i] = hashString(lower);
    sh[i] = shape(tk);
    lc[i] = tk.quote >= 0 ? 0 : lexClass(lower);
    // The hashes of lower.slice(-3), lower.slice(-2) and lower.slice(0, 3), without the slices.
    const len = lower.length;
    let h = FNV;
    for (let c = Math.max(0, len - 3); c < len; c++) h = Math.imul(h ^ lower.charCodeAt(c), 0x01000193);
    suf[i] = h;
    h = FNV;
    for (let c = Math.max(0, len - 2); c < len; c++) h = Math.imul(h ^ lower.charCodeAt(c), 0x01000193);
    suf2[i] = h;
    h = FNV;
    for (let c = 0, e = Math.min(3, len); c < e; c++) h = Math.imul(h ^ lower.charCodeAt(c), 0x01000193);
    pre[i] = h;
    pro[i] = L.pronouns.has(lower) ? 1 : 0;
    that[i] = lower === 'that' ? 1 : 0;
  }
}

/** mix's first step for each template id (a constant per template). */
const TEMPLATE = Int32Array.from({ length: FEATURES_PER_TOKEN }, (_, t) => Math.imul(t + 0x9e3779b1, 0x85ebca6b));
/** The two values of each template for the token at hand. */
const VA = new Int32Array(FEATURES_PER_TOKEN),
  VB = new Int32Array(FEATURES_PER_TOKEN);

/** Per-paragraph scratch (sentence context), grown as needed. */
let scratch = new Int32Array(0);

/**
 * Feature t of the token whose template values are in VA, VB (XOR the last step with VX: templates 38 and 40 take the
 * rule tag, 40 shifted left by 4).
 */
function featureId(t: number): number {
  let h = TEMPLATE[t]! ^ VA[t]!;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ VB[t]!;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  return h ^ (h >>> 16) ^ VX[t]!;
}
const VX = new Int32Array(FEATURES_PER_TOKEN);
/** The packed-table rows of one token's features (scoring). */
const ROWS = new Int32Array(FEATURES_PER_TOKEN);

/**
 * Templates whose values are all small codes of the token's context (the rules' tags, quote and sentence position,
 * distances to cues, the rule's name), in three groups. Few combinations of a group's values occur, so when scoring,
 * a group's summed lane scores are memoised by its values (packed into two ints: KEY_A, KEY_B) instead of hashed and
 * read per token.
 */
const CONTEXT_GROUPS = [
  [0, 8, 12, 13, 14, 15, 17, 24, 25],
  [16, 21, 30, 36, 41],
  [32, 34, 35, 38, 40],
] as const;
/** The other templates, hashed and read per token. */
const HASHED = Int32Array.from({ length: FEATURES_PER_TOKEN }, (_, t) => t).filter(
  (t) => !CONTEXT_GROUPS.some((g) => g.includes(t as never)),
);
const KEY_A = new Int32Array(CONTEXT_GROUPS.length),
  KEY_B = new Int32Array(CONTEXT_GROUPS.length);

/** Run-time scoring while the features are made: the model's packed weights (see model.ts) and the scores' buffer. */
export interface Scoring {
  packed: Int32Array;
  bits: number;
  /** Per token, its seven label scores (k * 7 + label), as emissions() makes them. */
  em: Float32Array;
}

/** Packed scoring (model.ts): the even and odd byte lanes of a weight word. */
export const LANES = 0x00ff00ff;
/** Each lane of a sum carries FEATURES_PER_TOKEN biases of 128. */
const BIAS = 128 * FEATURES_PER_TOKEN;

/** The seven label scores of token k from its four lane sums (16-bit fields), unbiased, into em[k * 7 …]. */
export function unpackLaneSums(em: Float32Array, k: number, e0: number, o0: number, e1: number, o1: number): void {
  const o = k * 7;
  em[o] = (e0 & 0xffff) - BIAS;
  em[o + 1] = (o0 & 0xffff) - BIAS;
  em[o + 2] = (e0 >>> 16) - BIAS;
  em[o + 3] = (o0 >>> 16) - BIAS;
  em[o + 4] = (e1 & 0xffff) - BIAS;
  em[o + 5] = (o1 & 0xffff) - BIAS;
  em[o + 6] = (e1 >>> 16) - BIAS;
}

/**
 * The features of tokens [from, to) (one paragraph): written into out from offset 0, or, with `score`, summed straight
 * into score.em as model.ts's packedEmissions sums them (the same integers), without storing them.
 */
function paragraphFeatures(ctx: DocContext, from: number, to: number, out: Uint32Array | null, score: Scoring | null): void {
  const { r, wh, sh, lc, suf, suf2, pre, pro, that, cf, c4, c6 } = ctx;
  const toks = ctx.doc.tokens;
  const rtag = r.tag;
  const n = to - from;
  if (scratch.length < n * 9) scratch = new Int32Array(n * 10);
  const s = scratch;
  // Layout of the scratch: ruleCue, lexCue, cueBefore, cueAfter, fromStart, toEnd, ruled, paren, sentCue; n each.
  const RC = 0,
    LX = n,
    CB = 2 * n,
    CA = 3 * n,
    FS = 4 * n,
    TE = 5 * n,
    RU = 6 * n,
    PA = 7 * n,
    SC = 8 * n;
  // Nearest rule cue and nearest lexicon cue (outside quotes), signed distances, within the paragraph; the nearest
  // lexicon cue within the sentence.
  nearestInto(s, RC, n, (k) => rtag[from + k] === RuleTag.Q);
  nearestInto(s, LX, n, (k) => lc[from + k] !== 0);
  nearestInto(
    s,
    SC,
    n,
    (k) => lc[from + k] !== 0,
    (a, b) => toks[from + a]!.sentence === toks[from + b]!.sentence,
  );
  // Inside parentheses (or brackets); the paragraph's place and whether it opens with a quote (or other mark).
  for (let k = 0, depth = 0; k < n; k++) {
    const x = toks[from + k]!.text;
    if (x === ')' || x === ']') depth = Math.max(0, depth - 1);
    s[PA + k] = depth > 0 ? 1 : 0;
    if (x === '(' || x === '[') depth = Math.min(depth + 1, 3);
  }
  const para = Math.min(toks[from]!.paragraph, 3) * 2 + (toks[from]!.mark ? 1 : 0);
  // Sentence context: a cue (the rules' or the lexicon's) earlier / later in the sentence; position in the sentence;
  // whether the rules read any content in it.
  for (let k = 0; k < n;) {
    const sent = toks[from + k]!.sentence;
    let e = k;
    while (e < n && toks[from + e]!.sentence === sent) e++;
    let any = 0;
    for (let j = k, seen = 0; j < e; j++) {
      s[CB + j] = seen;
      const rt = rtag[from + j]!;
      if (rt === RuleTag.Q) seen = 2;
      else if (lc[from + j] !== 0 && seen === 0) seen = 1;
      if (rt === RuleTag.BC || rt === RuleTag.IC) any = 1;
    }
    for (let j = e - 1, seen = 0; j >= k; j--) {
      s[CA + j] = seen;
      if (rtag[from + j] === RuleTag.Q) seen = 2;
      else if (lc[from + j] !== 0 && seen === 0) seen = 1;
    }
    for (let j = k; j < e; j++) {
      s[FS + j] = Math.min(j - k, 6);
      s[TE + j] = Math.min(e - 1 - j, 6);
      s[RU + j] = any;
    }
    k = e;
  }
  const A = VA,
    B = VB;
  const memo = score ? contextMemo(score.packed) : null;
  for (let k = 0; k < n; k++) {
    const i = from + k;
    const tk = toks[i]!;
    const hasPrev = i > from,
      hasNext = i + 1 < to;
    const w = wh[i]!,
      sw = sh[i]!,
      tg = rtag[i]!;
    const wP1 = hasPrev ? wh[i - 1]! : PAD,
      wN1 = hasNext ? wh[i + 1]! : PAD,
      wP2 = i - 1 > from ? wh[i - 2]! : PAD,
      wN2 = i + 2 < to ? wh[i + 2]! : PAD;
    const sP1 = hasPrev ? sh[i - 1]! : PAD,
      sN1 = hasNext ? sh[i + 1]! : PAD;
    const tP1 = hasPrev ? rtag[i - 1]! : 7,
      tN1 = hasNext ? rtag[i + 1]! : 7,
      tP2 = i - 1 > from ? rtag[i - 2]! : 7,
      tN2 = i + 2 < to ? rtag[i + 2]! : 7;
    const prevTk = hasPrev ? toks[i - 1]! : null;
    const nextTk = hasNext ? toks[i + 1]! : null;
    const q = tk.quote;
    const qpos = q < 0 ? 0 : tk.mark && (!prevTk || prevTk.quote !== q) ? 1 : tk.mark && (!nextTk || nextTk.quote !== q) ? 2 : 3;
    const sentStart = !prevTk || prevTk.sentence !== tk.sentence ? 1 : 0;
    const sentEnd = !nextTk || nextTk.sentence !== tk.sentence ? 1 : 0;
    const rc = s[RC + k]!,
      lx = s[LX + k]!;
    const lxClass = lx === 0x7fff ? 0 : lc[i - lx]!;
    const rcB = distBucket(rc) + 100,
      lxB = distBucket(lx) + 100;
    const lcP1 = hasPrev ? lc[i - 1]! : 1;
    const cueCtx = s[CB + k]! * 3 + s[CA + k]!;
    // Template t's values: feature t is mix(t, A[t], B[t]) (B = 0 for a one-value template).
    A[0] = 1;
    B[0] = 0;
    A[1] = w;
    B[1] = 0;
    A[2] = wP1;
    B[2] = 0;
    A[3] = wN1;
    B[3] = 0;
    A[4] = wP2;
    B[4] = 0;
    A[5] = wN2;
    B[5] = 0;
    A[6] = sw;
    B[6] = sP1;
    A[7] = suf[i]!;
    B[7] = 0;
    A[8] = qpos;
    B[8] = sentStart;
    A[9] = lc[i]!;
    B[9] = 0;
    A[10] = lcP1;
    B[10] = 0;
    A[11] = hasNext ? lc[i + 1]! : 1;
    B[11] = 0;
    A[12] = tg;
    B[12] = r.rule[i]!;
    A[13] = tg;
    B[13] = 0;
    A[14] = tP1;
    B[14] = tg;
    A[15] = tg;
    B[15] = tN1;
    A[16] = tg;
    B[16] = r.conf[i]!;
    A[17] = sentStart;
    B[17] = k === 0 ? 1 : 0;
    A[18] = w;
    B[18] = sP1;
    A[19] = wP1;
    B[19] = w;
    A[20] = w;
    B[20] = wN1;
    A[21] = rcB;
    B[21] = tg;
    A[22] = lxB;
    B[22] = lxClass;
    A[23] = pro[i]!;
    B[23] = sw;
    A[24] = tg;
    B[24] = qpos;
    A[25] = sentEnd;
    B[25] = qpos;
    A[26] = w;
    B[26] = tg;
    A[27] = wP1;
    B[27] = tg;
    A[28] = wN1;
    B[28] = tg;
    A[29] = sN1;
    B[29] = sw;
    A[30] = rcB;
    B[30] = qpos;
    A[31] = lxB;
    B[31] = sw;
    A[32] = tP2;
    B[32] = tN2;
    A[33] = wP1;
    B[33] = lc[i]!;
    A[34] = cueCtx;
    B[34] = qpos;
    A[35] = s[TE + k]!;
    B[35] = qpos;
    A[36] = s[FS + k]!;
    B[36] = tg;
    A[37] = lcP1;
    B[37] = w;
    A[38] = s[RU + k]!;
    B[38] = cueCtx;
    A[39] = w;
    B[39] = qpos;
    A[40] = s[PA + k]!;
    B[40] = qpos;
    A[41] = para;
    B[41] = sentStart;
    A[42] = suf2[i]!;
    B[42] = sw;
    A[43] = pre[i]!;
    B[43] = 0;
    A[44] = distBucket(s[SC + k]!) + 100;
    B[44] = that[i] ? 1 : sw;
    A[45] = i - 1 > from ? lc[i - 2]! : 1;
    B[45] = wP1;
    // Word clusters (9 templates): the word's leaf and 6-bit prefix, its neighbours' leaves, 6-bit cluster bigrams, and
    // the word's cluster with the rules' tag, with the distance to the rules' cue and to a lexicon cue. (Held-out folds
    // 0 and 1 of PolNeAR train: the 10-bit prefix added nothing, nor the cluster with quote position or the neighbours'
    // with the rules' tag; 512 leaves did worse than 256.)
    const c6P1 = hasPrev ? c6[i - 1]! : -1,
      c6N1 = hasNext ? c6[i + 1]! : -1;
    A[46] = cf[i]!;
    B[46] = 0;
    A[47] = c6[i]!;
    B[47] = 0;
    A[48] = c4[i]!;
    B[48] = lxB;
    A[49] = hasPrev ? cf[i - 1]! : -1;
    B[49] = 0;
    A[50] = hasNext ? cf[i + 1]! : -1;
    B[50] = 0;
    A[51] = c6P1;
    B[51] = c6[i]!;
    A[52] = c6[i]!;
    B[52] = c6N1;
    A[53] = c4[i]!;
    B[53] = tg;
    A[54] = c6[i]!;
    B[54] = rcB;
    VX[38] = tg;
    VX[40] = tg << 4;
    // Each group's values packed into KEY_A and KEY_B (CONTEXT_GROUPS; every value is in range by construction: tags 0-4
    // or 7, conf 0-255, rcB 70-130, positions 0-6, cueCtx 0-8, para 0-7, the rest 0-3; the rule's hash is whole in
    // KEY_B[0]).
    KEY_A[0] = tg | (qpos << 3) | (sentStart << 5) | (sentEnd << 6) | ((k === 0 ? 1 : 0) << 7) | (tP1 << 8) | (tN1 << 11);
    KEY_B[0] = r.rule[i]!;
    KEY_A[1] = tg | (r.conf[i]! << 3) | ((rcB - 70) << 11) | (qpos << 17) | (s[FS + k]! << 19) | (para << 22) | (sentStart << 25);
    KEY_A[2] = tg | (tP2 << 3) | (tN2 << 6) | (cueCtx << 9) | (qpos << 13) | (s[TE + k]! << 15) | (s[RU + k]! << 18) | (s[PA + k]! << 19);
    if (score) {
      const packed = score.packed,
        mask = (1 << score.bits) - 1;
      let e0 = 0,
        o0 = 0,
        e1 = 0,
        o1 = 0;
      // The rows first, then their reads in a tight loop: the reads miss the cache (the table is 8 bytes a row, 512 KB at
      // 16 bits), and with little else between them the processor keeps many more of them in flight than when each
      // waits behind its hashing.
      const rows = ROWS;
      for (let j = 0; j < HASHED.length; j++) rows[j] = (featureId(HASHED[j]!) & mask) << 1;
      for (let j = 0; j < HASHED.length; j++) {
        const b = rows[j]!;
        const a = packed[b]!,
          c = packed[b + 1]!;
        e0 += a & LANES;
        o0 += (a >>> 8) & LANES;
        e1 += c & LANES;
        o1 += (c >>> 8) & LANES;
      }
      for (let g = 0; g < CONTEXT_GROUPS.length; g++) {
        const at = memo!.slot(g, packed, mask) + 3;
        const sums = memo!.table;
        e0 += sums[at]!;
        o0 += sums[at + 1]!;
        e1 += sums[at + 2]!;
        o1 += sums[at + 3]!;
      }
      unpackLaneSums(score.em, k, e0, o0, e1, o1);
    } else if (out) {
      const o = k * FEATURES_PER_TOKEN;
      for (let t = 0; t < FEATURES_PER_TOKEN; t++) out[o + t] = featureId(t);
    }
  }
}

/**
 * The context groups' memoised lane sums under one packed table (see CONTEXT_GROUPS): an open-addressing table keyed by
 * (group, KEY_A, KEY_B) of MEMO_SLOTS slots, filled at most half (then contextMemo starts a new one). A slot is SLOT
 * ints, together in memory: group + 1 (0: empty), the two keys, four lane sums.
 */
const SLOT = 8;
const MEMO_SLOTS = 1 << 15;
class ContextMemo {
  readonly table = new Int32Array(MEMO_SLOTS * SLOT);
  private size = 0;

  constructor(readonly packed: Int32Array) {}

  /**
   * The offset in table of group g's slot for the token whose template values are in VA, VB, VX and keys in KEY_A,
   * KEY_B (its four lane sums follow the keys).
   */
  slot(g: number, packed: Int32Array, mask: number): number {
    const a = KEY_A[g]!,
      b = KEY_B[g]!;
    const t = this.table;
    let o = homeSlot(g, a, b, t.length);
    for (; t[o] !== 0; o = (o + SLOT) & (t.length - 1)) if (t[o] === g + 1 && t[o + 1] === a && t[o + 2] === b) return o;
    let e0 = 0,
      o0 = 0,
      e1 = 0,
      o1 = 0;
    for (const tpl of CONTEXT_GROUPS[g]!) {
      const r = (featureId(tpl) & mask) << 1;
      const x = packed[r]!,
        y = packed[r + 1]!;
      e0 += x & LANES;
      o0 += (x >>> 8) & LANES;
      e1 += y & LANES;
      o1 += (y >>> 8) & LANES;
    }
    t.set([g + 1, a, b, e0, o0, e1, o1], o);
    this.size++;
    return o;
  }

  get full(): boolean {
    return 2 * this.size >= MEMO_SLOTS;
  }
}

/** The offset where ContextMemo's probe for group g's keys (a, b) starts, in a table of `length` ints (a power of two). */
function homeSlot(g: number, a: number, b: number, length: number): number {
  const h = Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) ^ g;
  return ((h ^ (h >>> 16)) * SLOT) & (length - 1);
}

let currentMemo: ContextMemo | null = null;
/**
 * The memo for this packed table: a new one for another model, or when it is half full (PolNeAR train fills about 8,000
 * slots; hostile text cannot grow it). Called once per paragraph: one paragraph (at most MAX_SEQUENCE_TOKENS tokens, a
 * slot per group each) cannot fill the other half.
 */
function contextMemo(packed: Int32Array): ContextMemo {
  if (currentMemo?.packed !== packed || currentMemo.full) currentMemo = new ContextMemo(packed);
  return currentMemo;
}

/** Token ranges [from, to) of the paragraphs the tagger labels (at most MAX_SEQUENCE_TOKENS tokens each). */
function paragraphRanges(doc: Doc): Int32Array {
  const toks = doc.tokens;
  const out: number[] = [];
  let t = 0;
  for (const p of doc.paragraphs) {
    while (t < toks.length && toks[t]!.end <= p.start) t++;
    const from = t;
    while (t < toks.length && toks[t]!.start < p.end) t++;
    const to = t;
    if (to === from || to - from > MAX_SEQUENCE_TOKENS) continue;
    out.push(from, to);
  }
  return Int32Array.from(out);
}

/** Sequences (one per paragraph of at most MAX_SEQUENCE_TOKENS tokens) with their features (read with the model's clusters). */
export function sequences(doc: Doc, drafts: readonly Draft[], clusters: ClusterTable | null): Sequence[] {
  const ctx = docContext(doc, drafts, clusters);
  const ranges = paragraphRanges(doc);
  const out: Sequence[] = [];
  for (let p = 0; p < ranges.length; p += 2) {
    const from = ranges[p]!,
      to = ranges[p + 1]!;
    const f = new Uint32Array((to - from) * FEATURES_PER_TOKEN);
    paragraphFeatures(ctx, from, to, f, null);
    out.push({ from, to, features: f });
  }
  return out;
}

let shared = new Uint32Array(0);

/**
 * The same sequences one at a time, for the run-time tagger: `visit` sees each paragraph's features in a buffer that
 * the next paragraph reuses (no allocation per paragraph), so it must not keep it.
 */
export function forEachSequence(doc: Doc, drafts: readonly Draft[], visit: (seq: Sequence) => void, clusters: ClusterTable | null): void {
  const ctx = docContext(doc, drafts, clusters);
  const ranges = paragraphRanges(doc);
  for (let p = 0; p < ranges.length; p += 2) {
    const from = ranges[p]!,
      to = ranges[p + 1]!;
    const size = (to - from) * FEATURES_PER_TOKEN;
    if (shared.length < size) shared = new Uint32Array(Math.max(size, 256 * FEATURES_PER_TOKEN));
    paragraphFeatures(ctx, from, to, shared, null);
    visit({ from, to, features: shared });
  }
}

let sharedEm = new Float32Array(0);

/**
 * The run-time tagger's walk: each paragraph's label scores (emissions() of its features under packed weights), made
 * without storing the features, in a buffer that the next paragraph reuses: `visit` must not keep it.
 */
export function forEachScoredSequence(
  doc: Doc,
  drafts: readonly Draft[],
  packed: Int32Array,
  bits: number,
  visit: (from: number, to: number, em: Float32Array) => void,
  clusters: ClusterTable | null,
): void {
  const ctx = docContext(doc, drafts, clusters);
  const ranges = paragraphRanges(doc);
  for (let p = 0; p < ranges.length; p += 2) {
    const from = ranges[p]!,
      to = ranges[p + 1]!;
    if (sharedEm.length < (to - from) * 7) sharedEm = new Float32Array(Math.max((to - from) * 7, 256 * 7));
    paragraphFeatures(ctx, from, to, null, { packed, bits, em: sharedEm });
    visit(from, to, sharedEm);
  }
}

/**
 * For each position k < n, into d[at + k]: the signed distance (k - j) to the nearest j where hit(j), or 0x7fff when
 * none; with `same`, only a j for which same(k, j) holds counts (positions where it fails end the search, as a sentence
 * boundary does).
 */
function nearestInto(d: Int32Array, at: number, n: number, hit: (k: number) => boolean, same?: (k: number, j: number) => boolean): void {
  d.fill(0x7fff, at, at + n);
  let last = -1;
  for (let k = 0; k < n; k++) {
    if (same && last >= 0 && !same(k, last)) last = -1;
    if (hit(k)) last = k;
    if (last >= 0) d[at + k] = k - last;
  }
  last = -1;
  for (let k = n - 1; k >= 0; k--) {
    if (same && last >= 0 && !same(k, last)) last = -1;
    if (hit(k)) last = k;
    if (last >= 0 && Math.abs(k - last) < Math.abs(d[at + k]!)) d[at + k] = k - last;
  }
}
