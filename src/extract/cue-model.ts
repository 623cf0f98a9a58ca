// The learned sieve: an averaged-perceptron model (trained offline on PolNeAR train by training/train-cue-model.ts,
// shipped as data/extract-cue-model.json) that scores verbs the curated lexicon does not know as attribution cues.
// Candidates come from the same phrase reader as the rules: a speaker phrase that starts a clause, then a verb-like word.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { LEXICON as L } from './lexicon.ts';
import type { NounPhrase } from './noun-phrase.ts';
import type { Unit } from './units.ts';

const ModelFile = z.object({
  version: z.literal(1),
  source: z.string().optional(),
  threshold: z.number(),
  weights: z.record(z.string(), z.number()),
});

export interface CueModel {
  threshold: number;
  weights: Map<string, number>;
}

export function loadCueModel(url: URL): CueModel | null {
  if (!existsSync(url)) return null;
  const m = ModelFile.parse(JSON.parse(readFileSync(url, 'utf8')));
  return { threshold: m.threshold, weights: new Map(Object.entries(m.weights)) };
}

export const CUE_MODEL: CueModel | null = loadCueModel(new URL('../../data/extract-cue-model.json', import.meta.url));

const shape = (u: Unit | undefined): string => {
  if (!u) return 'END';
  if (u.kind === 'q') return 'Q';
  if (u.kind === 'p') return `P${u.text}`;
  if (u.cap) return 'CAP';
  return u.lower;
};

/** Features of a candidate cue at unit v, its speaker phrase and the content start. */
export function cueFeatures(units: Unit[], v: number, np: NounPhrase, contentFirst: number, contentLast: number): string[] {
  const w = units[v]!.lower;
  const prev = units[v - 1];
  const next = units[v + 1];
  const f = [
    'bias',
    `w=${w}`,
    `s3=${w.slice(-3)}`,
    `s2=${w.slice(-2)}`,
    `p=${shape(prev)}`,
    `n=${shape(next)}`,
    `n2=${shape(units[v + 2])}`,
    `wn=${w}|${shape(next)}`,
    `st=${np.pronoun ? `pro:${np.pronoun}` : np.name.length ? 'name' : np.type}`,
    `sh=${np.pronoun ? 'PRO' : units[np.last]!.cap ? 'CAP' : units[np.last]!.lower}`,
    `sl=${Math.min(4, np.last - np.first + 1)}`,
    `first=${np.first === 0 || (np.first === 1 && units[0]!.kind === 'p')}`,
    `c0=${shape(units[contentFirst])}`,
    `cl=${Math.min(5, Math.floor((contentLast - contentFirst + 1) / 4))}`,
    `cq=${units.slice(contentFirst, contentLast + 1).some((u) => u.kind === 'q')}`,
    `lex=${L.verbs.get(w)?.class ?? 'none'}`,
    `ws=${w}|${np.pronoun ? 'PRO' : np.name.length ? 'NAME' : np.type}`,
  ];
  if (prev && prev.kind === 'w' && L.between.has(prev.lower)) f.push(`aux=${prev.lower}`);
  return f;
}

export function scoreCue(model: CueModel, features: string[]): number {
  let s = 0;
  for (const f of features) s += model.weights.get(f) ?? 0;
  return s;
}
