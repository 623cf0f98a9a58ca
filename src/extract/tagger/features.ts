// Token features of the learned tagger: words, shapes, quotation position, the cue lexicon, and the rules' own reading
// (each token's tag in the rules' drafts, with the rule's name and confidence). Features are hashed integers (a template
// id mixed with a value hash), computed once per token, so the tagger never builds feature strings at run time.
import type { Doc, Token } from '../document.ts';
import type { Draft } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';

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

export const FEATURES_PER_TOKEN = 46;

const FNV = 0x811c9dc5;
export function hashString(s: string, h = FNV): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Mixes a template id with up to two values into one well-spread 32-bit hash. */
function mix(t: number, a: number, b = 0): number {
  let h = Math.imul(t + 0x9e3779b1, 0x85ebca6b) ^ a;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}

const PAD = hashString('<pad>');

function shape(tk: Token): number {
  if (tk.mark) return 1;
  if (!tk.word) return hashString(tk.text) | 0;
  if (tk.cap) return /^\p{Lu}+$/u.test(tk.text) && tk.text.length > 1 ? 2 : 3;
  const c = tk.text.charCodeAt(0);
  return c >= 48 && c <= 57 ? 4 : 5;
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

/** Sequences (one per paragraph of at most MAX_SEQUENCE_TOKENS tokens) with their features. */
export function sequences(doc: Doc, drafts: readonly Draft[]): Sequence[] {
  const r = ruleReading(doc, drafts);
  const toks = doc.tokens;
  const wh = new Uint32Array(toks.length),
    sh = new Uint32Array(toks.length),
    lc = new Uint32Array(toks.length);
  for (let i = 0; i < toks.length; i++) {
    const tk = toks[i]!;
    wh[i] = hashString(tk.lower);
    sh[i] = shape(tk);
    lc[i] = tk.quote >= 0 ? 0 : lexClass(tk.lower);
  }
  const out: Sequence[] = [];
  let t = 0;
  for (const p of doc.paragraphs) {
    while (t < toks.length && toks[t]!.end <= p.start) t++;
    const from = t;
    while (t < toks.length && toks[t]!.start < p.end) t++;
    const to = t;
    if (to === from || to - from > MAX_SEQUENCE_TOKENS) continue;
    const n = to - from;
    // Nearest rule cue and nearest lexicon cue (outside quotes), signed distances, within the paragraph.
    const ruleCue = nearest(n, (k) => r.tag[from + k] === RuleTag.Q);
    const lexCue = nearest(n, (k) => lc[from + k] !== 0);
    // Sentence context: a cue (the rules' or the lexicon's) earlier / later in the sentence; position in the sentence;
    // whether the rules read any content in it.
    const cueBefore = new Uint8Array(n),
      cueAfter = new Uint8Array(n),
      fromStart = new Uint16Array(n),
      toEnd = new Uint16Array(n),
      ruled = new Uint8Array(n);
    for (let k = 0; k < n;) {
      const sent = toks[from + k]!.sentence;
      let e = k;
      while (e < n && toks[from + e]!.sentence === sent) e++;
      let any = 0;
      for (let j = k, seen = 0; j < e; j++) {
        cueBefore[j] = seen;
        if (r.tag[from + j] === RuleTag.Q) seen = 2;
        else if (lc[from + j] !== 0 && seen === 0) seen = 1;
        if (r.tag[from + j] === RuleTag.BC || r.tag[from + j] === RuleTag.IC) any = 1;
      }
      for (let j = e - 1, seen = 0; j >= k; j--) {
        cueAfter[j] = seen;
        if (r.tag[from + j] === RuleTag.Q) seen = 2;
        else if (lc[from + j] !== 0 && seen === 0) seen = 1;
      }
      for (let j = k; j < e; j++) {
        fromStart[j] = Math.min(j - k, 6);
        toEnd[j] = Math.min(e - 1 - j, 6);
        ruled[j] = any;
      }
      k = e;
    }
    // Inside parentheses; the nearest lexicon cue within the sentence; the paragraph's place and whether it opens with a quote.
    const paren = new Uint8Array(n);
    for (let k = 0, depth = 0; k < n; k++) {
      const x = toks[from + k]!.text;
      if (x === ')' || x === ']') depth = Math.max(0, depth - 1);
      paren[k] = depth > 0 ? 1 : 0;
      if (x === '(' || x === '[') depth = Math.min(depth + 1, 3);
    }
    const sentCue = nearest(
      n,
      (k) => lc[from + k] !== 0,
      (a, b) => toks[from + a]!.sentence === toks[from + b]!.sentence,
    );
    const para = Math.min(toks[from]!.paragraph, 3) * 2 + (toks[from]!.mark ? 1 : 0);
    const f = new Uint32Array(n * FEATURES_PER_TOKEN);
    for (let k = 0; k < n; k++) {
      const i = from + k;
      const tk = toks[i]!;
      const wP1 = i > from ? wh[i - 1]! : PAD,
        wN1 = i + 1 < to ? wh[i + 1]! : PAD,
        wP2 = i - 1 > from ? wh[i - 2]! : PAD,
        wN2 = i + 2 < to ? wh[i + 2]! : PAD;
      const sP1 = i > from ? sh[i - 1]! : PAD,
        sN1 = i + 1 < to ? sh[i + 1]! : PAD;
      const tP1 = i > from ? r.tag[i - 1]! : 7,
        tN1 = i + 1 < to ? r.tag[i + 1]! : 7,
        tP2 = i - 1 > from ? r.tag[i - 2]! : 7,
        tN2 = i + 2 < to ? r.tag[i + 2]! : 7;
      const prevTk = i > from ? toks[i - 1] : undefined;
      const nextTk = i + 1 < to ? toks[i + 1] : undefined;
      const qpos =
        tk.quote < 0
          ? 0
          : tk.mark && (!prevTk || prevTk.quote !== tk.quote)
            ? 1
            : tk.mark && (!nextTk || nextTk.quote !== tk.quote)
              ? 2
              : 3;
      const sentStart = !prevTk || prevTk.sentence !== tk.sentence ? 1 : 0;
      const sentEnd = !nextTk || nextTk.sentence !== tk.sentence ? 1 : 0;
      const rc = ruleCue[k]!,
        lx = lexCue[k]!;
      const lxClass = lx === 0x7fff ? 0 : lc[i - lx]!;
      const o = k * FEATURES_PER_TOKEN;
      let m = o;
      f[m++] = mix(0, 1);
      f[m++] = mix(1, wh[i]!);
      f[m++] = mix(2, wP1);
      f[m++] = mix(3, wN1);
      f[m++] = mix(4, wP2);
      f[m++] = mix(5, wN2);
      f[m++] = mix(6, sh[i]!, sP1);
      f[m++] = mix(7, hashString(tk.lower.slice(-3)));
      f[m++] = mix(8, qpos, sentStart);
      f[m++] = mix(9, lc[i]!);
      f[m++] = mix(10, i > from ? lc[i - 1]! : 1);
      f[m++] = mix(11, i + 1 < to ? lc[i + 1]! : 1);
      f[m++] = mix(12, r.tag[i]!, r.rule[i]!);
      f[m++] = mix(13, r.tag[i]!);
      f[m++] = mix(14, tP1, r.tag[i]!);
      f[m++] = mix(15, r.tag[i]!, tN1);
      f[m++] = mix(16, r.tag[i]!, r.conf[i]!);
      f[m++] = mix(17, sentStart, k === 0 ? 1 : 0);
      f[m++] = mix(18, wh[i]!, sP1);
      f[m++] = mix(19, wP1, wh[i]!);
      f[m++] = mix(20, wh[i]!, wN1);
      f[m++] = mix(21, distBucket(rc) + 100, r.tag[i]!);
      f[m++] = mix(22, distBucket(lx) + 100, lxClass);
      f[m++] = mix(23, L.pronouns.has(tk.lower) ? 1 : 0, sh[i]!);
      f[m++] = mix(24, r.tag[i]!, qpos);
      f[m++] = mix(25, sentEnd, qpos);
      f[m++] = mix(26, wh[i]!, r.tag[i]!);
      f[m++] = mix(27, wP1, r.tag[i]!);
      f[m++] = mix(28, wN1, r.tag[i]!);
      f[m++] = mix(29, sN1, sh[i]!);
      f[m++] = mix(30, distBucket(rc) + 100, qpos);
      f[m++] = mix(31, distBucket(lx) + 100, sh[i]!);
      f[m++] = mix(32, tP2, tN2);
      f[m++] = mix(33, wP1, lc[i]!);
      f[m++] = mix(34, cueBefore[k]! * 3 + cueAfter[k]!, qpos);
      f[m++] = mix(35, toEnd[k]!, qpos);
      f[m++] = mix(36, fromStart[k]!, r.tag[i]!);
      f[m++] = mix(37, i > from ? lc[i - 1]! : 1, wh[i]!);
      f[m++] = mix(38, ruled[k]!, cueBefore[k]! * 3 + cueAfter[k]!) ^ r.tag[i]!;
      f[m++] = mix(39, wh[i]!, qpos);
      f[m++] = mix(40, paren[k]!, qpos) ^ (r.tag[i]! << 4);
      f[m++] = mix(41, para, sentStart);
      f[m++] = mix(42, hashString(tk.lower.slice(-2)), sh[i]!);
      f[m++] = mix(43, hashString(tk.lower.slice(0, 3)));
      f[m++] = mix(44, distBucket(sentCue[k]!) + 100, tk.lower === 'that' ? 1 : sh[i]!);
      f[m] = mix(45, i - 1 > from ? lc[i - 2]! : 1, wP1);
    }
    out.push({ from, to, features: f });
  }
  return out;
}

/**
 * For each position, the signed distance (k - j) to the nearest j where hit(j), or 0x7fff when none; with `same`, only
 * a j for which same(k, j) holds counts (positions where it fails end the search, as a sentence boundary does).
 */
function nearest(n: number, hit: (k: number) => boolean, same?: (k: number, j: number) => boolean): Int32Array {
  const d = new Int32Array(n).fill(0x7fff);
  let last = -1;
  for (let k = 0; k < n; k++) {
    if (same && last >= 0 && !same(k, last)) last = -1;
    if (hit(k)) last = k;
    if (last >= 0) d[k] = k - last;
  }
  last = -1;
  for (let k = n - 1; k >= 0; k--) {
    if (same && last >= 0 && !same(k, last)) last = -1;
    if (hit(k)) last = k;
    if (last >= 0 && Math.abs(k - last) < Math.abs(d[k]!)) d[k] = k - last;
  }
  return d;
}
