// Word clusters of the learned tagger (issue 14): learned from unlabelled text deterministically, words used alike share
// a cluster, and the model file's clusters are validated at load (a broken table is refused, not half used).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterTable, leafOf, learnClusters, serialiseClusters, type WordClusters } from '../../src/extract/tagger/clusters.ts';
import { analyse } from '../../src/extract/document.ts';
import { ruleDrafts } from '../../src/extract/index.ts';
import { FEATURES_PER_TOKEN, hashString, sequences } from '../../src/extract/tagger/features.ts';
import { parseModel, serialiseModel, NL } from '../../src/extract/tagger/model.ts';

// Invented sentences: speakers, speech verbs and things said, in every combination, and a few other words around them.
const SPEAKERS = ['the mayor', 'the governor', 'the senator', 'the coach', 'a spokesman', 'the judge'];
const VERBS = ['said', 'told', 'wrote', 'added', 'argued'];
const THINGS = ['the bridge will open', 'the budget is late', 'the team played well', 'taxes will rise', 'the plan failed'];
function corpus(): string[][] {
  const out: string[][] = [];
  for (const s of SPEAKERS)
    for (const v of VERBS)
      for (const t of THINGS) {
        out.push(`${s} ${v} that ${t} .`.split(' '));
        out.push(`" ${t} , " ${s} ${v} on monday .`.split(' '));
      }
  return out;
}

describe('word clusters', () => {
  it('are the same for the same text, and speech verbs used alike share a cluster', () => {
    const a = learnClusters(corpus(), { leaves: 12, minCount: 2, iterations: 6 });
    const b = learnClusters(corpus(), { leaves: 12, minCount: 2, iterations: 6 });
    expect(b).toEqual(a);
    const leafOfWord = (c: WordClusters, w: string): number => c.leaf[c.words.indexOf(w)]!;
    expect(new Set(VERBS.map((v) => leafOfWord(a, v))).size).toBe(1);
    expect(leafOfWord(a, 'mayor')).toBe(leafOfWord(a, 'governor'));
    expect(leafOfWord(a, 'said')).not.toBe(leafOfWord(a, 'mayor'));
    // Paths: a binary tree's leaves (no path is a prefix of another).
    for (const p of a.paths) for (const q of a.paths) if (p !== q) expect(q.startsWith(p)).toBe(false);
  });

  it('leave words under the minimum count out, and give them no cluster at run time', () => {
    const c = learnClusters([...corpus(), ['zebras', 'said', 'nothing']], { leaves: 8, minCount: 2 });
    expect(c.words).not.toContain('zebras');
    const t = clusterTable(serialiseClusters(c), hashString);
    expect(leafOf(t, hashString('zebras') | 0)).toBe(0);
    expect(leafOf(t, hashString('said') | 0)).toBe(c.leaf[c.words.indexOf('said')]! + 1);
  });
});

describe('cluster features', () => {
  it("give two words of one cluster the same cluster feature, and a word without one the features' empty value", () => {
    const c = learnClusters(corpus(), { leaves: 12, minCount: 2, iterations: 6 });
    const table = clusterTable(serialiseClusters(c), hashString);
    const doc = analyse('The mayor said the plan failed. The governor wrote that zebras played well.');
    const drafts = ruleDrafts(doc);
    const withClusters = sequences(doc, drafts, table)[0]!;
    const without = sequences(doc, drafts, null)[0]!;
    // Template 46: the word's cluster (its leaf).
    const leafFeature = (seq: typeof without, word: string): number => {
      const k = doc.tokens.findIndex((t) => t.lower === word) - seq.from;
      return seq.features[k * FEATURES_PER_TOKEN + 46]!;
    };
    expect(leafFeature(withClusters, 'said')).toBe(leafFeature(withClusters, 'wrote'));
    expect(leafFeature(withClusters, 'said')).not.toBe(leafFeature(withClusters, 'mayor'));
    expect(leafFeature(withClusters, 'zebras')).toBe(leafFeature(without, 'said'));
    expect(leafFeature(withClusters, 'said')).not.toBe(leafFeature(without, 'said'));
  });
});

describe('clusters in the model file', () => {
  const clusters = learnClusters(corpus(), { leaves: 8, minCount: 2 });
  const bits = 10;
  const model = serialiseModel(
    { bits, weights: new Float32Array((1 << bits) * NL).fill(0.5), trans: new Float32Array((NL + 1) * NL) },
    {},
    clusters,
  );

  it('load with the model and find a word by its hash', () => {
    const m = parseModel(model);
    expect(m.clusters).toBeDefined();
    const leaf = leafOf(m.clusters!, hashString('governor') | 0);
    expect(leaf).toBe(clusters.leaf[clusters.words.indexOf('governor')]! + 1);
  });

  it('refuse a broken table', () => {
    const j = JSON.parse(model) as { clusters: ReturnType<typeof serialiseClusters> };
    const broken = (c: Partial<ReturnType<typeof serialiseClusters>>): string =>
      JSON.stringify({ ...j, clusters: { ...j.clusters, ...c } });
    expect(() => parseModel(broken({ leaf: j.clusters.leaf.slice(1) }))).toThrow(/as many leaves as words/);
    expect(() => parseModel(broken({ leaf: j.clusters.leaf.map(() => j.clusters.paths.length) }))).toThrow(/out of range/);
    expect(() => parseModel(broken({ paths: j.clusters.paths.map((p, i) => (i === 0 ? p + '2' : p)) }))).toThrow();
    expect(() => parseModel(broken({ paths: j.clusters.paths.map(() => '01') }))).toThrow(/one path/);
    expect(() => parseModel(broken({ kind: 'glove' as 'brown-exchange' }))).toThrow();
    const words = j.clusters.words.split('\n');
    expect(() => parseModel(broken({ words: [words[1], ...words.slice(1)].join('\n') }))).toThrow(/a word twice/);
  });

  it('are shipped in the model the tagger loads', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../data/models/tagger.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(shipped['clusters']).toBeDefined();
  });
});
