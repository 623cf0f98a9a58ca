// Offline: trains the learned linker (tagger/linker.ts) inside `npm run train`, on the tagger's held-out statements of
// PolNeAR train (each fold labelled by a tagger trained without it, so its inputs look like run time). Every candidate
// of every tagger-only statement is one example, labelled 1 when the statement with that speaker would be right end to
// end (score.mjs's view: its content partially matches a gold content no kept draft matches, and the speaker's mention
// overlaps the gold source or its name shares the source's capitalised word; no speaker where the gold has no source).
// A named candidate counts by its name alone: the linker is not to name someone for a mention that merely overlaps.
// Logistic regression, averaged SGD, deterministic for a seed.
import type { Doc } from '../document.ts';
import type { Draft, DraftSpeaker } from '../draft.ts';
import type { TaggedSegments, TaggedStatement } from '../tagger/decode.ts';
import { combine, type HybridPolicy } from '../tagger/index.ts';
import {
  draftFeatures,
  linkCandidates,
  linkerOf,
  probability,
  type LinkCase,
  type Linker,
  type LinkerWeights,
  type StatementLinker,
} from '../tagger/linker.ts';
import type { Text } from './train-tagger.ts';
import { shuffle, xorshift } from './shuffle.ts';

export interface LinkExample {
  text: Text;
  statement: TaggedStatement;
  case: LinkCase;
  /** The content matches a gold content no kept draft matches (partially: score.mjs's pairing). */
  matched: boolean;
  /** Per candidate: the speaker is right for that gold content (meaningful when matched). */
  labels: boolean[];
}

const STOP = new Set(
  'the this that these those and but for his her its their our who mrs sen rep gov gen president senator governor secretary former vice'.split(
    ' ',
  ),
);

/** Gold attributions of a text with their content bounds, source fragments and the source's capitalised words. */
function goldOf(t: Text): Array<{ s: number; e: number; src: Array<[number, number]> | null; caps: Set<string> }> {
  return t.ann.contents.map(([s, e], i) => {
    const src = t.ann.sources[i] ?? null;
    const caps = new Set<string>();
    if (src)
      for (const [a, b] of src)
        for (const m of t.text.slice(a, b).matchAll(/[\p{L}\p{N}\p{M}]+/gu))
          if (m[0].length >= 3 && /^\p{Lu}/u.test(m[0]) && !STOP.has(m[0].toLowerCase())) caps.add(m[0].toLowerCase());
    return { s, e, src, caps };
  });
}

/** The gold attribution a span list partially matches (at least half of the shorter's characters), or -1. */
function matchOf(gold: ReturnType<typeof goldOf>, parts: ReadonlyArray<{ start: number; end: number }>, taken: Set<number>): number {
  const len = parts.reduce((n, p) => n + p.end - p.start, 0);
  let best = -1,
    most = 0;
  gold.forEach(({ s, e }, i) => {
    if (taken.has(i)) return;
    let shared = 0;
    for (const p of parts) shared += Math.max(0, Math.min(e, p.end) - Math.max(s, p.start));
    if (shared > most && 2 * shared >= Math.min(len, e - s)) [best, most] = [i, shared];
  });
  return best;
}

/**
 * The linker's examples: the tagger-only statements `base` (the chosen reshaping, adding nothing) leaves, as combine sees
 * them with a linker, each candidate labelled.
 */
export function linkExamples(
  texts: readonly Text[],
  tagged: Map<Text, TaggedStatement[]>,
  segs: Map<Text, TaggedSegments>,
  base: HybridPolicy,
  units: Map<Text, number>,
): LinkExample[] {
  const out: LinkExample[] = [];
  for (const text of texts) {
    const gold = goldOf(text);
    // Gold attributions the kept drafts already match: a statement over them is a duplicate, never right.
    const taken = new Set<number>();
    const kept = combine(text.doc, text.drafts, tagged.get(text)!, { ...base, addMargin: Infinity, linker: undefined }, segs.get(text));
    for (const d of kept) {
      const g = matchOf(gold, d.parts, taken);
      if (g >= 0) taken.add(g);
    }
    const recorder: StatementLinker = {
      link(doc: Doc, t: TaggedStatement, drafts: readonly Draft[], ruleLink?: DraftSpeaker | null) {
        const c0 = linkCandidates(doc, t, drafts, units.get(text), ruleLink ?? null);
        const g = matchOf(gold, t.parts, taken);
        const labels = c0.candidates.map((c) => {
          if (g < 0) return false;
          const { src, caps } = gold[g]!;
          const sp = c.speaker;
          if (!src) return !sp;
          if (!sp) return false;
          const name = !!sp.name && [...sp.name.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].some((m) => caps.has(m[0].toLowerCase()));
          // A named candidate by its name; by its mention only where the gold source names nobody ("he", "the senator").
          if (c.kind === 'named')
            return name || (!caps.size && !!sp.mention && src.some(([a, b]) => a < sp.mention!.end && sp.mention!.start < b));
          const m = sp.mention;
          return name || (!!m && src.some(([a, b]) => a < m.end && m.start < b));
        });
        out.push({ text, statement: t, case: c0, matched: g >= 0, labels });
        return null;
      },
    };
    combine(
      text.doc,
      text.drafts,
      tagged.get(text)!,
      { ...base, addMargin: -Infinity, addNeedsSource: false, addNeedsLink: false, linker: recorder },
      segs.get(text),
    );
  }
  return out;
}

/**
 * The linker's two models (thresholds left at 0): keep over every statement (label: matched), source over the
 * candidates of the matched statements (label: the speaker is right).
 */
export function trainLinker(examples: readonly LinkExample[], seed: number): Linker {
  const keep = logistic(
    examples.map((x) => ({ f: x.case.features, y: x.matched ? 1 : 0 })),
    seed,
  );
  const source = logistic(
    examples.filter((x) => x.matched).flatMap((x) => x.case.candidates.map((c, i) => ({ f: c.features, y: x.labels[i] ? 1 : 0 }))),
    seed,
  );
  return { keep, source, keepMin: 0, sourceMin: 0 };
}

/** Logistic regression, averaged SGD, rows shuffled with the seed each epoch. */
export function logistic(
  input: ReadonlyArray<{ f: readonly number[]; y: number }>,
  seed: number,
  epochs = 12,
  bits = 14,
  rate = 0.1,
  l2 = 1e-5,
): LinkerWeights {
  const size = 1 << bits,
    mask = size - 1;
  const w = new Float32Array(size),
    u = new Float32Array(size);
  let b = 0,
    ub = 0,
    c = 1;
  const rows = input.map((r) => ({ f: r.f.map((h) => h & mask), y: r.y }));
  const rand = xorshift(seed * 2654435761);
  for (let e = 0; e < epochs; e++) {
    shuffle(rows, rand);
    const lr = rate / (1 + e);
    for (const { f, y } of rows) {
      let z = b;
      for (const k of f) z += w[k]!;
      const g = y - 1 / (1 + Math.exp(-z));
      b += lr * g;
      ub += c * lr * g;
      for (const k of f) {
        const d = lr * (g - l2 * w[k]!);
        w[k]! += d;
        u[k]! += c * d;
      }
      c++;
    }
  }
  for (let i = 0; i < size; i++) w[i] = w[i]! - u[i]! / c;
  return { bits, bias: b - ub / c, weights: w };
}

/** A linker per text: each text's statements linked by the weights trained on the other folds' examples (held out). */
export function crossLinkers(examples: readonly LinkExample[], folds: ReadonlyArray<readonly Text[]>, seed: number): Map<Text, Linker> {
  const out = new Map<Text, Linker>();
  for (const fold of folds) {
    const mine = new Set(fold);
    const w = trainLinker(
      examples.filter((x) => !mine.has(x.text)),
      seed,
    );
    for (const t of fold) out.set(t, w);
  }
  return out;
}

/** A StatementLinker that uses each document's held-out linker with the thresholds given (for the policy search). */
export function heldOutLinker(
  byText: Map<Text, Linker>,
  texts: readonly Text[],
  keepMin: number,
  sourceMin: number,
  units: Map<Text, number>,
  verify?: { byText: Map<Text, LinkerWeights>; min: number },
): StatementLinker {
  const byDoc = new Map(
    texts.map((t) => [
      t.doc,
      linkerOf(
        { ...byText.get(t)!, keepMin, sourceMin, ...(verify?.min ? { verify: verify.byText.get(t)!, verifyMin: verify.min } : {}) },
        units.get(t),
      ),
    ]),
  );
  return {
    threshold: sourceMin,
    describe: `keep>=${keepMin} source>=${sourceMin}${verify?.min ? ` verify>=${verify.min}` : ''}`,
    link: (doc, t, drafts, r) => byDoc.get(doc)!.link(doc, t, drafts, r),
    ...(verify?.min ? { keepDraft: (doc: Doc, d: Draft, m: TaggedStatement | null) => byDoc.get(doc)!.keepDraft!(doc, d, m) } : {}),
  };
}

export interface VerifyExample {
  text: Text;
  features: number[];
  /** The draft is right end to end (score.mjs's view, roughly: see draftRight). */
  right: boolean;
}

/** Right end to end: its content partially matches a gold content, and its speaker is that attribution's source (or both have none). */
function draftRight(gold: ReturnType<typeof goldOf>, d: Draft): boolean {
  const g = matchOf(gold, d.parts, new Set());
  if (g < 0) return false;
  const { src, caps } = gold[g]!;
  const sp = d.speaker;
  if (!src) return !sp;
  if (!sp) return false;
  const m = sp.mention;
  if (m && src.some(([a, b]) => a < m.end && m.start < b)) return true;
  return !!sp.name && [...sp.name.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].some((x) => caps.has(x[0].toLowerCase()));
}

/**
 * The verify model's examples: the rules' drafts under the product's floor as `base` (the chosen reshaping, adding
 * nothing) leaves them, with the tagger statement each matched, labelled right end to end or not.
 */
export function verifyExamples(
  texts: readonly Text[],
  tagged: Map<Text, TaggedStatement[]>,
  segs: Map<Text, TaggedSegments>,
  base: HybridPolicy,
  units: Map<Text, number>,
): VerifyExample[] {
  const out: VerifyExample[] = [];
  for (const text of texts) {
    const gold = goldOf(text);
    const recorder: StatementLinker = {
      link: () => null,
      keepDraft(doc, d, match) {
        out.push({ text, features: draftFeatures(doc, d, match, units.get(text)), right: draftRight(gold, d) });
        return true;
      },
    };
    combine(text.doc, text.drafts, tagged.get(text)!, { ...base, addMargin: Infinity, linker: recorder }, segs.get(text));
  }
  return out;
}

export const trainVerify = (examples: readonly VerifyExample[], seed: number): LinkerWeights =>
  logistic(
    examples.map((x) => ({ f: x.features, y: x.right ? 1 : 0 })),
    seed,
  );

/** A verify model per text, trained on the other folds' examples (held out). */
export function crossVerifiers(
  examples: readonly VerifyExample[],
  folds: ReadonlyArray<readonly Text[]>,
  seed: number,
): Map<Text, LinkerWeights> {
  const out = new Map<Text, LinkerWeights>();
  for (const fold of folds) {
    const mine = new Set(fold);
    const w = trainVerify(
      examples.filter((x) => !mine.has(x.text)),
      seed,
    );
    for (const t of fold) out.set(t, w);
  }
  return out;
}

/** Held-out figures for the log: how the source model's best candidate fares on matched statements, the keep model's loss. */
export function linkerReport(examples: readonly LinkExample[], byText: Map<Text, Linker>): string {
  let right = 0,
    any = 0,
    matched = 0,
    loss = 0;
  const sure: number[] = [0, 0];
  for (const x of examples) {
    const l = byText.get(x.text)!;
    const pk = probability(l.keep, x.case.features);
    loss -= Math.log(Math.max(1e-9, x.matched ? pk : 1 - pk));
    if (!x.matched) continue;
    matched++;
    const ps = x.case.candidates.map((c) => probability(l.source, c.features));
    const k = ps.indexOf(Math.max(...ps));
    if (x.labels[k]) right++;
    if (x.labels.some((y) => y)) any++;
    if (ps[k]! >= 0.9) sure[x.labels[k] ? 0 : 1]!++;
  }
  return `linker: ${examples.length} statements, ${matched} matched (keep log-loss ${(loss / Math.max(1, examples.length)).toFixed(3)}); of those a right candidate exists for ${any}, the held-out best is right for ${right}; at p>=0.9 ${sure[0]} right, ${sure[1]} wrong`;
}
