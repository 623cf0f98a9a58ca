// The learned tagger's model: hashed feature weights per label (8-bit, one scale) and label-transition weights, trained
// offline on PolNeAR train by training/train-tagger.ts and shipped as data/models/tagger.json (validated at load).
// Decoding is Viterbi over BIO labels with only valid transitions (an I- label continues its own B- or I-).
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURES_PER_TOKEN } from './features.ts';

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
  /** Decision margin below which a tagger-only statement is not added (in score units, after scaling). */
  meta: Record<string, unknown>;
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
});

export function parseModel(json: string): TaggerModel {
  const m = ModelFile.parse(JSON.parse(json));
  const buf = Buffer.from(m.weights, 'base64');
  const expect = (1 << m.bits) * NL;
  if (buf.length !== expect) throw new Error(`tagger model: ${buf.length} weight bytes, expected ${expect}`);
  const weights = new Int8Array(buf.buffer, buf.byteOffset, buf.length);
  return { bits: m.bits, weights, trans: Float32Array.from(m.transitions.map((t) => t / m.scale)), scale: m.scale, meta: m.meta };
}

export function serialiseModel(m: { bits: number; weights: Float32Array; trans: Float32Array }, meta: Record<string, unknown>): string {
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
  });
}

export function loadTagger(url: URL): TaggerModel | null {
  if (!existsSync(url)) return null;
  return parseModel(readFileSync(url, 'utf8'));
}

/** Per-token label scores: scores[k * NL + y]. */
export function emissions(
  m: Pick<TaggerModel, 'bits' | 'weights'>,
  features: Uint32Array,
  n: number,
  out = new Float32Array(n * NL),
): Float32Array {
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

/** Best valid label sequence and, per token, the margin of its label over the best other label (local). */
export function viterbi(em: Float32Array, trans: Float32Array, n: number): Uint8Array {
  const score = new Float64Array(n * NL);
  const back = new Uint8Array(n * NL);
  for (let y = 0; y < NL; y++) score[y] = ALLOWED[NL * NL + y] ? em[y]! + trans[NL * NL + y]! : -Infinity;
  for (let k = 1; k < n; k++) {
    for (let y = 0; y < NL; y++) {
      let best = -Infinity,
        arg = 0;
      for (let p = 0; p < NL; p++) {
        if (!ALLOWED[p * NL + y]) continue;
        const s = score[(k - 1) * NL + p]! + trans[p * NL + y]!;
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[k * NL + y] = best + em[k * NL + y]!;
      back[k * NL + y] = arg;
    }
  }
  const tags = new Uint8Array(n);
  let best = -Infinity;
  for (let y = 0; y < NL; y++)
    if (score[(n - 1) * NL + y]! > best) {
      best = score[(n - 1) * NL + y]!;
      tags[n - 1] = y;
    }
  for (let k = n - 1; k > 0; k--) tags[k - 1] = back[k * NL + tags[k]!]!;
  return tags;
}
