// Offline: trains the learned boundary correction (tagger/bounds.ts) inside `npm run train`, on the hybrid's held-out
// drafts of PolNeAR train (each fold tagged by a tagger trained without it, so the drafts look like run time). Each
// edge (left, right) of a draft whose content partially matches a gold content (score.mjs's pairing, one to one) is
// one example: its candidates, labelled by the one whose edge is the gold content's (score.mjs's normalised bounds;
// among those, the one with the gold's own characters, for CofeNet's exact pieces). Edges whose gold is not among the
// candidates are left out of training (counted in the report: the oracle's ceiling). A conditional log-linear model
// over the candidates (softmax), averaged SGD, deterministic for a seed.
import type { Draft } from '../draft.ts';
import type { TaggedStatement } from '../tagger/decode.ts';
import { boundsContext, choose, edgeCase, withOuterEdges, type BoundsModel, type BoundsWeights, type EdgeCase } from '../tagger/bounds.ts';
import { normBounds, type Text } from './train-tagger.ts';
import { shuffle, xorshift } from './shuffle.ts';

/** Training epochs and hashed weight rows (2^bits float32) of the correction. */
export const BOUNDS_EPOCHS = 10;
export const BOUNDS_BITS = 14;

export interface BoundsExample {
  text: Text;
  draft: Draft;
  edge: EdgeCase;
  /** The candidate at the gold edge (-1: none of them). */
  gold: number;
  /** The gold content paired with the draft (index into ann.contents). */
  goldIndex: number;
}

/** The gold content (index into ann.contents) each draft partially matches, one to one, greedy by shared characters. */
export function goldPairs(t: Text, drafts: readonly Draft[]): Map<Draft, number> {
  const pairs: Array<{ d: Draft; g: number; shared: number }> = [];
  t.ann.contents.forEach(([s, e], g) => {
    for (const d of drafts) {
      const len = d.parts.reduce((n, p) => n + p.end - p.start, 0);
      let shared = 0;
      for (const p of d.parts) shared += Math.max(0, Math.min(e, p.end) - Math.max(s, p.start));
      if (shared > 0 && 2 * shared >= Math.min(len, e - s)) pairs.push({ d, g, shared });
    }
  });
  pairs.sort((a, b) => b.shared - a.shared);
  const out = new Map<Draft, number>(),
    used = new Set<number>();
  for (const { d, g } of pairs)
    if (!out.has(d) && !used.has(g)) {
      out.set(d, g);
      used.add(g);
    }
  return out;
}

const split = (b: string): [number, number] => b.split(':').map(Number) as [number, number];

function trimWs(text: string, s: number, e: number): [number, number] {
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return [s, e];
}

/** The examples of one text's drafts (both edges of each draft paired with a gold content). */
export function textExamples(t: Text, drafts: readonly Draft[], tagged: readonly TaggedStatement[]): BoundsExample[] {
  const ctx = boundsContext(t.doc, tagged, drafts);
  const out: BoundsExample[] = [];
  const text = t.text;
  for (const [d, g] of goldPairs(t, drafts)) {
    const [gs, ge] = t.ann.contents[g]!;
    const [ns, ne] = split(normBounds(text, gs, ge));
    const [rs, re] = trimWs(text, gs, ge);
    const left0 = d.parts[0]!.start,
      right0 = d.parts[d.parts.length - 1]!.end;
    for (const side of ['left', 'right'] as const) {
      const e = edgeCase(ctx, d, side);
      if (!e) continue;
      let gold = -1;
      e.edges.forEach((x, i) => {
        const [s1, e1] = split(side === 'left' ? normBounds(text, x, right0) : normBounds(text, left0, x));
        if (side === 'left' ? s1 !== ns : e1 !== ne) return;
        // The gold's own characters first (quotation marks, a leading "that": CofeNet's pieces keep them).
        if (gold < 0 || x === (side === 'left' ? rs : re)) gold = i;
      });
      out.push({ text: t, draft: d, edge: e, gold, goldIndex: g });
    }
  }
  return out;
}

/** Softmax over each example's candidates, averaged SGD, rows shuffled with the seed each epoch. */
export function trainBounds(
  examples: readonly BoundsExample[],
  seed: number,
  epochs = BOUNDS_EPOCHS,
  bits = BOUNDS_BITS,
  rate = 0.1,
  l2 = 1e-5,
): BoundsWeights {
  const size = 1 << bits,
    mask = size - 1;
  const w = new Float32Array(size),
    u = new Float32Array(size);
  const rows = examples
    .filter((x) => x.gold >= 0 && x.edge.features.length > 1)
    .map((x) => ({ f: x.edge.features.map((fs) => fs.map((h) => h & mask)), y: x.gold }));
  const rand = xorshift(seed * 2246822519);
  let c = 1;
  const z: number[] = [];
  for (let e = 0; e < epochs; e++) {
    shuffle(rows, rand);
    const lr = rate / (1 + e);
    for (const { f, y } of rows) {
      z.length = 0;
      let max = -Infinity;
      for (const fs of f) {
        let s = 0;
        for (const k of fs) s += w[k]!;
        z.push(s);
        if (s > max) max = s;
      }
      let sum = 0;
      for (let i = 0; i < z.length; i++) sum += z[i] = Math.exp(z[i]! - max);
      for (let i = 0; i < f.length; i++) {
        const g = (i === y ? 1 : 0) - z[i]! / sum;
        if (Math.abs(g) < 1e-6) continue;
        for (const k of f[i]!) {
          const d = lr * (g - l2 * w[k]!);
          w[k]! += d;
          u[k]! += c * d;
        }
      }
      c++;
    }
  }
  for (let i = 0; i < size; i++) w[i] = w[i]! - u[i]! / c;
  return { bits, weights: w };
}

/** Weights per text: each text's edges scored by weights trained on the other folds' examples (held out). */
export function crossBounds(
  examples: readonly BoundsExample[],
  folds: ReadonlyArray<readonly Text[]>,
  seed: number,
  epochs = BOUNDS_EPOCHS,
  bits = BOUNDS_BITS,
): Map<Text, BoundsWeights> {
  const out = new Map<Text, BoundsWeights>();
  for (const fold of folds) {
    const mine = new Set(fold);
    const w = trainBounds(
      examples.filter((x) => !mine.has(x.text)),
      seed,
      epochs,
      bits,
    );
    for (const t of fold) out.set(t, w);
  }
  return out;
}

/**
 * Held-out figures for the log: paired drafts' edges right as they are, the gold edge among the candidates (the
 * oracle), and right after the correction with each margin.
 */
export function boundsReport(examples: readonly BoundsExample[], byText: Map<Text, BoundsWeights>, margins: readonly number[]): string {
  const sides = { left: [0, 0, 0], right: [0, 0, 0] };
  const drafts = new Map<Draft, { cur: number; oracle: number; n: number }>();
  for (const x of examples) {
    const s = sides[x.edge.side];
    s[0]!++;
    if (x.gold === 0) s[1]!++;
    if (x.gold >= 0) s[2]!++;
    const r = drafts.get(x.draft) ?? { cur: 0, oracle: 0, n: 0 };
    r.n++;
    if (x.gold === 0) r.cur++;
    if (x.gold >= 0) r.oracle++;
    drafts.set(x.draft, r);
  }
  const both = [...drafts.values()].filter((r) => r.n === 2);
  const lines = [
    `bounds: ${both.length} paired drafts, exact now ${both.filter((r) => r.cur === 2).length}, both gold edges among the candidates ${both.filter((r) => r.oracle === 2).length}`,
    `  left edges right ${sides.left[1]}/${sides.left[0]} (gold among candidates ${sides.left[2]}), right edges right ${sides.right[1]}/${sides.right[0]} (among candidates ${sides.right[2]})`,
  ];
  // Per draft, its two edges' examples (to judge the corrected draft as a whole).
  const byDraft = new Map<Draft, BoundsExample[]>();
  for (const x of examples) byDraft.set(x.draft, [...(byDraft.get(x.draft) ?? []), x]);
  for (const m of margins) {
    let lost = 0,
      rawBefore = 0,
      rawAfter = 0,
      movedDrafts = 0;
    for (const [d, xs] of byDraft) {
      if (xs.length !== 2) continue;
      const [l, r] = xs[0]!.edge.side === 'left' ? [xs[0]!, xs[1]!] : [xs[1]!, xs[0]!];
      const w = byText.get(l.text)!;
      const parts = withOuterEdges(d, l.edge.edges[choose(w, l.edge, m)]!, r.edge.edges[choose(w, r.edge, m)]!) ?? d.parts;
      if (parts !== d.parts) movedDrafts++;
      const [gs, ge] = l.text.ann.contents[l.goldIndex]!;
      const [rs, re] = trimWs(l.text.text, gs, ge);
      const raw = (ps: readonly { start: number; end: number }[]): boolean => {
        const [a, b] = trimWs(l.text.text, ps[0]!.start, ps[ps.length - 1]!.end);
        return a === rs && b === re;
      };
      if (raw(d.parts)) rawBefore++;
      if (raw(parts)) rawAfter++;
      const len = parts.reduce((n, p) => n + p.end - p.start, 0);
      let shared = 0;
      for (const p of parts) shared += Math.max(0, Math.min(ge, p.end) - Math.max(gs, p.start));
      if (!(shared > 0 && 2 * shared >= Math.min(len, ge - gs))) lost++;
    }
    lines.push(
      `  margin ${m}: ${movedDrafts} drafts moved; partial matches lost ${lost}; raw outer bounds exact ${rawBefore} -> ${rawAfter}`,
    );
  }
  for (const m of margins) {
    const fixed = new Map<Draft, number>();
    let moved = 0,
      good = 0,
      bad = 0;
    for (const x of examples) {
      const k = choose(byText.get(x.text)!, x.edge, m);
      if (k !== 0) moved++;
      if (k !== 0 && k === x.gold) good++;
      if (k !== 0 && x.gold === 0) bad++;
      fixed.set(x.draft, (fixed.get(x.draft) ?? 0) + (k === x.gold ? 1 : 0));
    }
    lines.push(
      `  margin ${m}: ${moved} edges moved, ${good} to the gold edge, ${bad} away from it; exact drafts ${[...fixed.values()].filter((n) => n === 2).length}`,
    );
  }
  return lines.join('\n');
}

/** The correction with per-text held-out weights (for the policy search): a BoundsModel per text. */
export function heldOutBounds(byText: Map<Text, BoundsWeights>, margin: number, tagger: boolean): Map<Text, BoundsModel> {
  return new Map([...byText].map(([t, weights]) => [t, { weights, margin, tagger }]));
}
