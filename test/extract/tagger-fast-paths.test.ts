// The tagger's run-time fast paths give the very results of the plain code the trainer uses: the features of the
// reused-buffer walk are the trainer's, packed 8-bit scoring sums the same weights, and the unrolled Viterbi finds the
// best valid path.
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/extract/document.ts';
import { ruleDrafts } from '../../src/extract/index.ts';
import { decodeStatements, segmentSpans, tagParagraphs } from '../../src/extract/tagger/decode.ts';
import {
  FEATURES_PER_TOKEN,
  forEachScoredSequence,
  forEachSequence,
  hashString,
  ruleReading,
  sequences,
} from '../../src/extract/tagger/features.ts';
import { shippedTagger } from '../../src/extract/tagger/index.ts';
import { BRIDGE_PARAGRAPHS } from './bridge-article.ts';
import { ALLOWED, emissions, NL, parseModel, serialiseModel, viterbi } from '../../src/extract/tagger/model.ts';

// Fictional: the bridge article and two paragraphs with brackets.
const ARTICLE = [
  ...BRIDGE_PARAGRAPHS,
  'Councillor Aino Kask (Greens) said [in a statement] that the ferry (a 1960s boat) would need new engines.',
  '"It floats," she said.',
].join('\n');

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

// The model file's feature ids, written out the plain way (features.ts documents the formula).
function mix(t: number, a: number, b = 0): number {
  let h = Math.imul(t + 0x9e3779b1, 0x85ebca6b) ^ a;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}

describe('tagger fast paths', () => {
  it('makes the parenthesis, paragraph place, suffix and prefix features of the model file', () => {
    const doc = analyse(ARTICLE);
    const drafts = ruleDrafts(doc);
    const tag = ruleReading(doc, drafts).tag;
    const seq = sequences(doc, drafts, shippedTagger()!.clusters ?? null).find((q) => doc.tokens[q.from]!.text === 'Councillor')!;
    const para = 3 * 2; // the sixth paragraph (places stop at 3), not opening with a quotation mark
    let depth = 0,
      inside = 0;
    for (let i = seq.from; i < seq.to; i++) {
      const tk = doc.tokens[i]!;
      if (tk.text === ')' || tk.text === ']') depth--;
      inside += depth > 0 ? 1 : 0;
      const f = (t: number): number => seq.features[(i - seq.from) * FEATURES_PER_TOKEN + t]!;
      const sentStart = i === seq.from || doc.tokens[i - 1]!.sentence !== tk.sentence ? 1 : 0;
      expect(f(40)).toBe((mix(40, depth > 0 ? 1 : 0, 0) ^ (tag[i]! << 4)) >>> 0);
      expect(f(41)).toBe(mix(41, para, sentStart));
      expect(f(43)).toBe(mix(43, hashString(tk.lower.slice(0, 3))));
      if (tk.text === '(' || tk.text === '[') depth++;
    }
    // "Greens", "in a statement", "a 1960s boat".
    expect(inside).toBe(7);
  });

  it("walks the paragraphs with the trainer's features", () => {
    const doc = analyse(ARTICLE);
    const drafts = ruleDrafts(doc);
    const clusters = shippedTagger()!.clusters ?? null;
    const trained = sequences(doc, drafts, clusters);
    const seen: Array<{ from: number; to: number; features: number[] }> = [];
    forEachSequence(
      doc,
      drafts,
      (s) => seen.push({ from: s.from, to: s.to, features: Array.from(s.features.subarray(0, (s.to - s.from) * FEATURES_PER_TOKEN)) }),
      clusters,
    );
    expect(seen).toEqual(trained.map((s) => ({ from: s.from, to: s.to, features: Array.from(s.features) })));
    expect(seen.length).toBe(7);
  });

  it("finds the trainer's statements and cue and source segments on the run-time path, packed or not", () => {
    const model = shippedTagger()!;
    const doc = analyse(ARTICLE);
    const drafts = ruleDrafts(doc);
    const plain = { ...model, packed: undefined };
    const statements = [],
      cues = [],
      sources = [];
    for (const s of sequences(doc, drafts, model.clusters ?? null)) {
      const em = emissions(plain, s.features, s.to - s.from);
      const tags = viterbi(em, model.trans, s.to - s.from);
      statements.push(...decodeStatements(doc, s, tags, em));
      const g = segmentSpans(doc, s, tags, em);
      cues.push(...g.cues);
      sources.push(...g.sources);
    }
    expect(statements.length).toBeGreaterThan(0);
    expect(cues.length).toBeGreaterThan(0);
    expect(sources.length).toBeGreaterThan(0);
    const expected = { statements, segments: { cues, sources } };
    expect(tagParagraphs(model, doc, drafts)).toEqual(expected);
    expect(tagParagraphs(plain, doc, drafts)).toEqual(expected);
  });

  it("scores each paragraph, without storing its features, as the trainer's features score", () => {
    const model = shippedTagger()!;
    const doc = analyse(ARTICLE);
    const drafts = ruleDrafts(doc);
    const plain = { bits: model.bits, weights: model.weights };
    const expected = sequences(doc, drafts, model.clusters ?? null).map((s) => Array.from(emissions(plain, s.features, s.to - s.from)));
    const seen: number[][] = [];
    forEachScoredSequence(
      doc,
      drafts,
      model.packed!,
      model.bits,
      (from, to, em) => seen.push(Array.from(em.subarray(0, (to - from) * NL))),
      model.clusters ?? null,
    );
    expect(seen).toEqual(expected);
  });

  it('scores each model with its own weights when two models take turns', () => {
    const model = shippedTagger()!;
    const doc = analyse(ARTICLE);
    const drafts = ruleDrafts(doc);
    // A second model: the shipped weights, each shifted by a few units (within the 8-bit range).
    const rand = random(7);
    const weights = Int8Array.from(model.weights as Int8Array, (w) => Math.max(-127, Math.min(127, w + Math.floor(rand() * 9) - 4)));
    const other = parseModel(serialiseModel({ bits: model.bits, weights: Float32Array.from(weights), trans: model.trans }, {}));
    const scored = (m: typeof model): number[][] => {
      const seen: number[][] = [];
      forEachScoredSequence(
        doc,
        drafts,
        m.packed!,
        m.bits,
        (from, to, em) => seen.push(Array.from(em.subarray(0, (to - from) * NL))),
        null,
      );
      return seen;
    };
    const plain = (m: typeof model): number[][] =>
      sequences(doc, drafts, null).map((s) => Array.from(emissions({ bits: m.bits, weights: m.weights }, s.features, s.to - s.from)));
    for (const m of [model, other, model, other]) expect(scored(m)).toEqual(plain(m));
    expect(plain(other)).not.toEqual(plain(model));
  });

  it('scores with packed weights exactly as with the 8-bit weights', () => {
    const model = shippedTagger()!;
    expect(model.packed).toBeDefined();
    const rand = random(3);
    const n = 300;
    const features = Uint32Array.from({ length: n * FEATURES_PER_TOKEN }, () => Math.floor(rand() * 0x100000000));
    // Rows with the largest weights too: the sums must not carry between lanes.
    for (let k = 0; k < FEATURES_PER_TOKEN; k++) features[k] = 0;
    const packed = emissions(model, features, n);
    const plain = emissions({ bits: model.bits, weights: model.weights }, features, n);
    expect(Array.from(packed)).toEqual(Array.from(plain));
  });

  it('finds the best valid label path', () => {
    const rand = random(11);
    for (let round = 0; round < 40; round++) {
      const n = 1 + (round % 6);
      const trans = Float32Array.from({ length: (NL + 1) * NL }, () => rand() * 6 - 3);
      const em = Float32Array.from({ length: n * NL }, () => rand() * 6 - 3);
      // Every valid path, scored the long way.
      let best = -Infinity,
        bestPath: number[] = [];
      const walk = (path: number[], score: number): void => {
        if (path.length === n) {
          if (score > best) [best, bestPath] = [score, [...path]];
          return;
        }
        const prev = path.length ? path[path.length - 1]! : NL;
        for (let y = 0; y < NL; y++)
          if (ALLOWED[prev * NL + y]) walk([...path, y], score + trans[prev * NL + y]! + em[path.length * NL + y]!);
      };
      walk([], 0);
      expect(Array.from(viterbi(em, trans, n))).toEqual(bestPath);
    }
  });
});
