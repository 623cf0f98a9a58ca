// The learned tagger's model: hashed feature weights per label (8-bit, one scale) and label-transition weights, trained
// offline on PolNeAR train by training/train-tagger.ts and shipped as data/models/tagger.json (validated at load).
// Decoding is Viterbi over BIO labels with only valid transitions (an I- label continues its own B- or I-).
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { clusterTable, serialiseClusters, type ClusterTable, type WordClusters } from './clusters.ts';
import { FEATURES_PER_TOKEN, hashString, LANES, unpackLaneSums } from './features.ts';

export const LABELS = ['O', 'B-C', 'I-C', 'B-S', 'I-S', 'B-Q', 'I-Q'] as const;
export type Label = (typeof LABELS)[number];
export const NL = LABELS.length;

/** allowed[prev * NL + next]; prev = NL stands for the sequence start. */
export const ALLOWED: Uint8Array = (() => {
  const a = new Uint8Array((NL + 1) * NL);
  for (let p = 0; p <= NL; p++)
    for (let n = 0; n < NL; n++) {
      const inside = n === 2 || n === 4 || n === 6;
      a[p * NL + n] = !inside || p === n || p === n - 1 ? 1 : 0;
    }
  return a;
})();

export interface TaggerModel {
  bits: number;
  /** weights[(hash & mask) * NL + label], in units of `scale`. */
  weights: Int8Array | Float32Array;
  /** trans[(prev) * NL + next] for prev in 0..NL (NL = start), same units as weights. */
  trans: Float32Array;
  scale: number;
  /**
   * The 8-bit weights packed for run-time scoring (made at load): row r is the two int32 words packed[2r], packed[2r + 1],
   * whose little-endian bytes are the row's seven weights plus 128 (one unused lane), so that one token's rows are summed
   * two lanes per 32-bit add (see emissions).
   */
  packed?: Int32Array;
  /** Decision margin below which a tagger-only statement is not added (in score units, after scaling). */
  meta: Record<string, unknown>;
  /** The word clusters the features read (clusters.ts), learned with the model; none: the cluster features are constant. */
  clusters?: ClusterTable;
}

const ModelFile = z.object({
  version: z.literal(1),
  kind: z.literal('bio-perceptron'),
  labels: z.array(z.string()).refine((l) => l.join() === LABELS.join(), 'labels differ from the code'),
  featuresPerToken: z.literal(FEATURES_PER_TOKEN),
  bits: z.number().int().min(10).max(24),
  scale: z.number().positive(),
  transitions: z.array(z.number()).length((NL + 1) * NL),
  weights: z.string(),
  meta: z.record(z.string(), z.unknown()),
  /** Validated by clusterTable (clusters.ts). */
  clusters: z.unknown().optional(),
});

export function parseModel(json: string): TaggerModel {
  const m = ModelFile.parse(JSON.parse(json));
  const buf = Buffer.from(m.weights, 'base64');
  const expect = (1 << m.bits) * NL;
  if (buf.length !== expect) throw new Error(`tagger model: ${buf.length} weight bytes, expected ${expect}`);
  const weights = new Int8Array(buf.buffer, buf.byteOffset, buf.length);
  return {
    bits: m.bits,
    weights,
    // The packed scoring is written for seven labels and FEATURES_PER_TOKEN * 255 < 65536 (no carry between lanes).
    ...(NL === 7 && FEATURES_PER_TOKEN * 255 < 0x10000 ? { packed: pack(weights) } : {}),
    trans: Float32Array.from(m.transitions.map((t) => t / m.scale)),
    scale: m.scale,
    meta: m.meta,
    ...(m.clusters === undefined ? {} : { clusters: clusterTable(m.clusters, hashString) }),
  };
}

function pack(weights: Int8Array): Int32Array {
  const rows = weights.length / NL;
  const bytes = new Uint8Array(rows * 8);
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < NL; y++) bytes[r * 8 + y] = weights[r * NL + y]! + 128;
    bytes[r * 8 + 7] = 128;
  }
  // Little-endian words whatever the platform: byte k of a word is bits 8k..8k+7.
  const packed = new Int32Array(rows * 2);
  for (let i = 0; i < packed.length; i++)
    packed[i] = bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24);
  return packed;
}

export function serialiseModel(
  m: { bits: number; weights: Float32Array; trans: Float32Array },
  meta: Record<string, unknown>,
  clusters?: WordClusters | null,
): string {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const q = new Int8Array(m.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(m.weights[i]! / scale)));
  return JSON.stringify({
    version: 1,
    kind: 'bio-perceptron',
    labels: LABELS,
    featuresPerToken: FEATURES_PER_TOKEN,
    bits: m.bits,
    scale,
    transitions: Array.from(m.trans, (t) => Number(t.toFixed(6))),
    weights: Buffer.from(q.buffer).toString('base64'),
    meta,
    ...(clusters ? { clusters: serialiseClusters(clusters) } : {}),
  });
}

export function loadTagger(url: URL): TaggerModel | null {
  if (!existsSync(url)) return null;
  return parseModel(readFileSync(url, 'utf8'));
}

/** Per-token label scores: scores[k * NL + y]. */
export function emissions(
  m: Pick<TaggerModel, 'bits' | 'weights' | 'packed'>,
  features: Uint32Array,
  n: number,
  out = new Float32Array(n * NL),
): Float32Array {
  if (m.packed) return packedEmissions(m.packed, m.bits, features, n, out);
  const mask = (1 << m.bits) - 1;
  const w = m.weights;
  // Seven labels unrolled into locals: one read of each weight row, one write per token (NL is 7).
  for (let k = 0; k < n; k++) {
    let y0 = 0,
      y1 = 0,
      y2 = 0,
      y3 = 0,
      y4 = 0,
      y5 = 0,
      y6 = 0;
    for (let j = k * FEATURES_PER_TOKEN, e = j + FEATURES_PER_TOKEN; j < e; j++) {
      const b = (features[j]! & mask) * 7;
      y0 += w[b]!;
      y1 += w[b + 1]!;
      y2 += w[b + 2]!;
      y3 += w[b + 3]!;
      y4 += w[b + 4]!;
      y5 += w[b + 5]!;
      y6 += w[b + 6]!;
    }
    const o = k * 7;
    out[o] = y0;
    out[o + 1] = y1;
    out[o + 2] = y2;
    out[o + 3] = y3;
    out[o + 4] = y4;
    out[o + 5] = y5;
    out[o + 6] = y6;
  }
  return out;
}

/** Back-pointers of viterbi, reused across calls (grown as needed). */
let back = new Uint8Array(0);

/** Best valid label sequence (Viterbi; ties go to the lower label). */
export function viterbi(em: Float32Array, trans: Float32Array, n: number): Uint8Array {
  const tags = new Uint8Array(n);
  if (n === 0) return tags;
  if (back.length < n * NL) back = new Uint8Array(Math.max(n * NL, 1024 * NL));
  const bk = back;
  // Seven labels unrolled (NL is 7): the previous token's scores and the transitions live in locals, and only the
  // allowed transitions are tried (an inside label follows its own B- or I-), in the order of the generic loop.
  const t00 = trans[0]!,
    t01 = trans[1]!,
    t03 = trans[3]!,
    t05 = trans[5]!;
  const t10 = trans[7]!,
    t11 = trans[8]!,
    t12 = trans[9]!,
    t13 = trans[10]!,
    t15 = trans[12]!;
  const t20 = trans[14]!,
    t21 = trans[15]!,
    t22 = trans[16]!,
    t23 = trans[17]!,
    t25 = trans[19]!;
  const t30 = trans[21]!,
    t31 = trans[22]!,
    t33 = trans[24]!,
    t34 = trans[25]!,
    t35 = trans[26]!;
  const t40 = trans[28]!,
    t41 = trans[29]!,
    t43 = trans[31]!,
    t44 = trans[32]!,
    t45 = trans[33]!;
  const t50 = trans[35]!,
    t51 = trans[36]!,
    t53 = trans[38]!,
    t55 = trans[40]!,
    t56 = trans[41]!;
  const t60 = trans[42]!,
    t61 = trans[43]!,
    t63 = trans[45]!,
    t65 = trans[47]!,
    t66 = trans[48]!;
  let s0 = em[0]! + trans[49]!,
    s1 = em[1]! + trans[50]!,
    s2 = -Infinity,
    s3 = em[3]! + trans[52]!,
    s4 = -Infinity,
    s5 = em[5]! + trans[54]!,
    s6 = -Infinity;
  for (let k = 1; k < n; k++) {
    const o = k * 7;
    let b: number, a: number, v: number;
    b = -Infinity;
    a = 0;
    v = s0 + t00;
    if (v > b) {
      b = v;
      a = 0;
    }
    v = s1 + t10;
    if (v > b) {
      b = v;
      a = 1;
    }
    v = s2 + t20;
    if (v > b) {
      b = v;
      a = 2;
    }
    v = s3 + t30;
    if (v > b) {
      b = v;
      a = 3;
    }
    v = s4 + t40;
    if (v > b) {
      b = v;
      a = 4;
    }
    v = s5 + t50;
    if (v > b) {
      b = v;
      a = 5;
    }
    v = s6 + t60;
    if (v > b) {
      b = v;
      a = 6;
    }
    const n0 = b + em[o + 0]!;
    bk[o + 0] = a;
    b = -Infinity;
    a = 0;
    v = s0 + t01;
    if (v > b) {
      b = v;
      a = 0;
    }
    v = s1 + t11;
    if (v > b) {
      b = v;
      a = 1;
    }
    v = s2 + t21;
    if (v > b) {
      b = v;
      a = 2;
    }
    v = s3 + t31;
    if (v > b) {
      b = v;
      a = 3;
    }
    v = s4 + t41;
    if (v > b) {
      b = v;
      a = 4;
    }
    v = s5 + t51;
    if (v > b) {
      b = v;
      a = 5;
    }
    v = s6 + t61;
    if (v > b) {
      b = v;
      a = 6;
    }
    const n1 = b + em[o + 1]!;
    bk[o + 1] = a;
    b = -Infinity;
    a = 0;
    v = s1 + t12;
    if (v > b) {
      b = v;
      a = 1;
    }
    v = s2 + t22;
    if (v > b) {
      b = v;
      a = 2;
    }
    const n2 = b + em[o + 2]!;
    bk[o + 2] = a;
    b = -Infinity;
    a = 0;
    v = s0 + t03;
    if (v > b) {
      b = v;
      a = 0;
    }
    v = s1 + t13;
    if (v > b) {
      b = v;
      a = 1;
    }
    v = s2 + t23;
    if (v > b) {
      b = v;
      a = 2;
    }
    v = s3 + t33;
    if (v > b) {
      b = v;
      a = 3;
    }
    v = s4 + t43;
    if (v > b) {
      b = v;
      a = 4;
    }
    v = s5 + t53;
    if (v > b) {
      b = v;
      a = 5;
    }
    v = s6 + t63;
    if (v > b) {
      b = v;
      a = 6;
    }
    const n3 = b + em[o + 3]!;
    bk[o + 3] = a;
    b = -Infinity;
    a = 0;
    v = s3 + t34;
    if (v > b) {
      b = v;
      a = 3;
    }
    v = s4 + t44;
    if (v > b) {
      b = v;
      a = 4;
    }
    const n4 = b + em[o + 4]!;
    bk[o + 4] = a;
    b = -Infinity;
    a = 0;
    v = s0 + t05;
    if (v > b) {
      b = v;
      a = 0;
    }
    v = s1 + t15;
    if (v > b) {
      b = v;
      a = 1;
    }
    v = s2 + t25;
    if (v > b) {
      b = v;
      a = 2;
    }
    v = s3 + t35;
    if (v > b) {
      b = v;
      a = 3;
    }
    v = s4 + t45;
    if (v > b) {
      b = v;
      a = 4;
    }
    v = s5 + t55;
    if (v > b) {
      b = v;
      a = 5;
    }
    v = s6 + t65;
    if (v > b) {
      b = v;
      a = 6;
    }
    const n5 = b + em[o + 5]!;
    bk[o + 5] = a;
    b = -Infinity;
    a = 0;
    v = s5 + t56;
    if (v > b) {
      b = v;
      a = 5;
    }
    v = s6 + t66;
    if (v > b) {
      b = v;
      a = 6;
    }
    const n6 = b + em[o + 6]!;
    bk[o + 6] = a;
    s0 = n0;
    s1 = n1;
    s2 = n2;
    s3 = n3;
    s4 = n4;
    s5 = n5;
    s6 = n6;
  }
  let best = -Infinity,
    last = 0;
  if (s0 > best) {
    best = s0;
    last = 0;
  }
  if (s1 > best) {
    best = s1;
    last = 1;
  }
  if (s2 > best) {
    best = s2;
    last = 2;
  }
  if (s3 > best) {
    best = s3;
    last = 3;
  }
  if (s4 > best) {
    best = s4;
    last = 4;
  }
  if (s5 > best) {
    best = s5;
    last = 5;
  }
  if (s6 > best) last = 6;
  tags[n - 1] = last;
  for (let k = n - 1; k > 0; k--) tags[k - 1] = bk[k * 7 + tags[k]!]!;
  return tags;
}

/**
 * emissions() over packed weights: per feature two word reads, and the even and odd byte lanes of each word added into
 * 16-bit fields of four int32 sums (FEATURES_PER_TOKEN biased bytes, at most 255 each, stay under 65,536: no carry between fields). The integer sums are
 * those of the 8-bit weights, so the scores are exactly the same.
 */
function packedEmissions(packed: Int32Array, bits: number, features: Uint32Array, n: number, out: Float32Array): Float32Array {
  const mask = (1 << bits) - 1;
  for (let k = 0; k < n; k++) {
    let e0 = 0,
      o0 = 0,
      e1 = 0,
      o1 = 0;
    for (let j = k * FEATURES_PER_TOKEN, e = j + FEATURES_PER_TOKEN; j < e; j++) {
      const b = (features[j]! & mask) << 1;
      const a = packed[b]!,
        c = packed[b + 1]!;
      e0 += a & LANES;
      o0 += (a >>> 8) & LANES;
      e1 += c & LANES;
      o1 += (c >>> 8) & LANES;
    }
    unpackLaneSums(out, k, e0, o0, e1, o1);
  }
  return out;
}
