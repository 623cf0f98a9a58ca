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

// Scoring without building feature strings: the weights grouped by feature name ("w", "wn", ...), each looked up by
// its value. Same features, same order of addition as scoreCue(cueFeatures(...)), so the same score to the bit.
type Group = Map<string, number>;
interface Grouped {
  bias: number;
  w: Group;
  s3: Group;
  s2: Group;
  p: Group;
  n: Group;
  n2: Group;
  wn: Group;
  st: Group;
  sh: Group;
  sl: Group;
  first: Group;
  c0: Group;
  cl: Group;
  cq: Group;
  lex: Group;
  ws: Group;
  aux: Group;
}
const GROUP_NAMES = ['w', 's3', 's2', 'p', 'n', 'n2', 'wn', 'st', 'sh', 'sl', 'first', 'c0', 'cl', 'cq', 'lex', 'ws', 'aux'] as const;
const groupedCache = new WeakMap<Map<string, number>, Grouped>();

function grouped(weights: Map<string, number>): Grouped {
  let g = groupedCache.get(weights);
  if (g) return g;
  const groups = new Map<string, Group>(GROUP_NAMES.map((n) => [n, new Map<string, number>()]));
  for (const [key, value] of weights) {
    const eq = key.indexOf('=');
    if (eq < 0) continue;
    groups.get(key.slice(0, eq))?.set(key.slice(eq + 1), value);
  }
  const at = (n: (typeof GROUP_NAMES)[number]) => groups.get(n)!;
  g = {
    bias: weights.get('bias') ?? 0,
    w: at('w'),
    s3: at('s3'),
    s2: at('s2'),
    p: at('p'),
    n: at('n'),
    n2: at('n2'),
    wn: at('wn'),
    st: at('st'),
    sh: at('sh'),
    sl: at('sl'),
    first: at('first'),
    c0: at('c0'),
    cl: at('cl'),
    cq: at('cq'),
    lex: at('lex'),
    ws: at('ws'),
    aux: at('aux'),
  };
  groupedCache.set(weights, g);
  return g;
}

/** scoreCue(model, cueFeatures(units, v, np, contentFirst, contentLast)), without the strings. */
export function scoreCandidate(
  model: CueModel,
  units: Unit[],
  v: number,
  np: NounPhrase,
  contentFirst: number,
  contentLast: number,
): number {
  const g = grouped(model.weights);
  const w = units[v]!.lower;
  const prev = units[v - 1];
  const nextShape = shape(units[v + 1]);
  let cq = false;
  for (let k = contentFirst; k <= contentLast && k < units.length; k++)
    if (units[k]!.kind === 'q') {
      cq = true;
      break;
    }
  const speakerKind = np.pronoun ? 'PRO' : np.name.length ? 'NAME' : np.type;
  let s = 0;
  s += g.bias;
  s += g.w.get(w) ?? 0;
  s += g.s3.get(w.slice(-3)) ?? 0;
  s += g.s2.get(w.slice(-2)) ?? 0;
  s += g.p.get(shape(prev)) ?? 0;
  s += g.n.get(nextShape) ?? 0;
  s += g.n2.get(shape(units[v + 2])) ?? 0;
  if (g.wn.size) s += g.wn.get(`${w}|${nextShape}`) ?? 0;
  s += g.st.get(np.pronoun ? `pro:${np.pronoun}` : np.name.length ? 'name' : np.type) ?? 0;
  s += g.sh.get(np.pronoun ? 'PRO' : units[np.last]!.cap ? 'CAP' : units[np.last]!.lower) ?? 0;
  s += g.sl.get(String(Math.min(4, np.last - np.first + 1))) ?? 0;
  s += g.first.get(String(np.first === 0 || (np.first === 1 && units[0]!.kind === 'p'))) ?? 0;
  s += g.c0.get(shape(units[contentFirst])) ?? 0;
  s += g.cl.get(String(Math.min(5, Math.floor((contentLast - contentFirst + 1) / 4)))) ?? 0;
  s += g.cq.get(String(cq)) ?? 0;
  s += g.lex.get(L.verbs.get(w)?.class ?? 'none') ?? 0;
  if (g.ws.size) s += g.ws.get(`${w}|${speakerKind}`) ?? 0;
  if (prev && prev.kind === 'w' && L.between.has(prev.lower)) s += g.aux.get(prev.lower) ?? 0;
  return s;
}
