// The learned linker (issue 14): for a statement only the tagger read (no rule draft overlaps it), who said it, or that
// it is better left out. Candidates: the tagger's own source segment (its words as the mention, no name), each speaker
// the rules named within three paragraphs (with the tagger's source segment as the mention when there is one), the
// previous statement's speaker (no source segment), and no speaker at all. Two logistic regressions over hashed
// features: `keep` scores the statement (is it an attribution PolNeAR annotates that no kept draft has: a misreading
// otherwise), `source` each candidate (is it the right speaker, given that). The best candidate is taken when its
// probability and the product of both clear the thresholds the trainer's policy search chose, else the statement is
// dropped. Trained offline on held-out tagger output of PolNeAR train (training/train-linker.ts) and shipped in the
// tagger's model file (meta.linker, validated when the model is loaded). It only speaks for the tagger's own statements:
// a rule's draft and its speaker are never changed.
import { z } from 'zod';
import { isSpace, spanWords, tokenAt, type Doc } from '../document.ts';
import { copySpan, newSpeaker, type Draft, type DraftSpeaker } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';
import type { TaggedStatement } from './decode.ts';
import { hashString } from './features.ts';

export type CandidateKind = 'segment' | 'named' | 'previous' | 'none';

export interface LinkCandidate {
  kind: CandidateKind;
  /** The speaker the statement gets with this candidate (null: none). */
  speaker: DraftSpeaker | null;
  /** Hashed feature indices (before masking). */
  features: number[];
}

export interface LinkerWeights {
  bits: number;
  bias: number;
  weights: Float32Array;
}

/** A tagger statement's candidates, and its own features (for the keep model). */
export interface LinkCase {
  features: number[];
  candidates: LinkCandidate[];
}

/**
 * The linker's two models: `keep` scores the statement (the probability that its content is one PolNeAR annotates and
 * no kept draft has), `source` each candidate (the probability that the speaker is right, given that the content is).
 */
export interface Linker {
  keep: LinkerWeights;
  source: LinkerWeights;
  /**
   * A statement is added when its best candidate's source probability is at least sourceMin and that times keep's
   * probability (right end to end) at least keepMin.
   */
  keepMin: number;
  sourceMin: number;
  /**
   * Optional third model, `verify`: the probability that a rule's draft under the product's floor is right end to end
   * (its content one PolNeAR annotates, its speaker the corpus's); such a draft is dropped under verifyMin. The product
   * never shows these drafts; for PolNeAR a dropped wrong speaker is one fewer wrong answer.
   */
  verify?: LinkerWeights;
  verifyMin?: number;
}

/** What combine asks of a linker: the chosen speaker and its probability, or null to leave the statement out. */
export interface StatementLinker {
  /** The probability a candidate needs, and the thresholds in words (for the trainer's log). */
  threshold?: number;
  describe?: string;
  /** `ruleLink`: the speaker linkStatement (the rules' own link) names, if any. */
  link(
    doc: Doc,
    t: TaggedStatement,
    drafts: readonly Draft[],
    ruleLink?: DraftSpeaker | null,
  ): { speaker: DraftSpeaker | null; p: number } | null;
  /**
   * For a rule's draft under the product's floor (as reshaped), with the tagger statement it matched (if any): false to
   * drop it. Absent: every draft is kept.
   */
  keepDraft?(doc: Doc, d: Draft, match: TaggedStatement | null): boolean;
}

const WeightsFile = z.object({
  bits: z.number().int().min(8).max(20),
  bias: z.number().finite(),
  /** Little-endian float32 weights, 2^bits of them, base64. */
  weights: z.string(),
});
const LinkerFile = z.object({
  version: z.literal(1),
  keep: WeightsFile,
  source: WeightsFile,
  /** The probabilities a statement and its candidate need (chosen by the trainer's policy search). */
  keepMin: z.number().min(0).max(1),
  sourceMin: z.number().min(0).max(1),
  verify: WeightsFile.optional(),
  verifyMin: z.number().min(0).max(1).optional(),
});
export type LinkerFileShape = z.infer<typeof LinkerFile>;

function parseWeights(f: z.infer<typeof WeightsFile>): LinkerWeights {
  const buf = Buffer.from(f.weights, 'base64');
  if (buf.length !== 4 << f.bits) throw new Error(`linker: ${buf.length} weight bytes, expected ${4 << f.bits}`);
  const weights = new Float32Array(1 << f.bits);
  for (let i = 0; i < weights.length; i++) weights[i] = buf.readFloatLE(4 * i);
  if (!weights.every(Number.isFinite)) throw new Error('linker: weights not finite');
  return { bits: f.bits, bias: f.bias, weights };
}

/** The linker stored in a model's meta.linker, validated (throws when malformed), or null when there is none. */
export function parseLinker(raw: unknown): Linker | null {
  if (raw === undefined || raw === null) return null;
  const f = LinkerFile.parse(raw);
  return {
    keep: parseWeights(f.keep),
    source: parseWeights(f.source),
    keepMin: f.keepMin,
    sourceMin: f.sourceMin,
    ...(f.verify && f.verifyMin !== undefined ? { verify: parseWeights(f.verify), verifyMin: f.verifyMin } : {}),
  };
}

function serialiseWeights(w: LinkerWeights): z.infer<typeof WeightsFile> {
  const buf = Buffer.alloc(4 * w.weights.length);
  w.weights.forEach((x, i) => buf.writeFloatLE(x, 4 * i));
  return { bits: w.bits, bias: Number(w.bias.toFixed(6)), weights: buf.toString('base64') };
}

export function serialiseLinker(l: Linker): LinkerFileShape {
  return {
    version: 1,
    keep: serialiseWeights(l.keep),
    source: serialiseWeights(l.source),
    keepMin: l.keepMin,
    sourceMin: l.sourceMin,
    ...(l.verify && l.verifyMin !== undefined ? { verify: serialiseWeights(l.verify), verifyMin: l.verifyMin } : {}),
  };
}

/** Two hashes mixed into one (a conjunction of two features), murmur3's finaliser over their combination. */
export function mix(a: number, b: number): number {
  let h = (Math.imul(a, 0x9e3779b1) ^ b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const KIND_HASH: Record<CandidateKind, number> = {
  segment: hashString('k:segment'),
  named: hashString('k:named'),
  previous: hashString('k:previous'),
  none: hashString('k:none'),
};
const STMT_HASH = hashString('stmt');

export function probability(w: LinkerWeights, features: readonly number[]): number {
  const mask = (1 << w.bits) - 1;
  let z = w.bias;
  for (const f of features) z += w.weights[f & mask]!;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The statement linker of a learned linker: the candidate the source model scores best, when the keep model's
 * probability is at least keepMin and that candidate's at least sourceMin; else null (the statement is left out).
 */
export function linkerOf(l: Linker, unit = 1): StatementLinker {
  return {
    threshold: l.sourceMin,
    describe: `keep>=${l.keepMin} source>=${l.sourceMin}${l.verify ? ` verify>=${l.verifyMin}` : ''}`,
    ...(l.verify && l.verifyMin
      ? {
          keepDraft: (doc: Doc, d: Draft, match: TaggedStatement | null) =>
            probability(l.verify!, draftFeatures(doc, d, match, unit)) >= l.verifyMin!,
        }
      : {}),
    link(doc, t, drafts, ruleLink) {
      // The keep model first: a statement it leaves out needs no candidates (the same answer as linkCandidates's).
      const r = readStatement(doc, t, drafts, unit, ruleLink ?? null);
      const pk = probability(l.keep, r.features);
      if (pk < l.keepMin) return null;
      let best: LinkCandidate | null = null,
        bp = -1;
      for (const x of candidatesOf(doc, t, r, ruleLink ?? null)) {
        const p = probability(l.source, x.features);
        if (p > bp) {
          best = x;
          bp = p;
        }
      }
      // Right end to end with probability pk * bp: both must clear their thresholds.
      return best && bp >= l.sourceMin && pk * bp >= l.keepMin ? { speaker: best.speaker, p: bp } : null;
    },
  };
}

/**
 * A tagger model's unit of score: the mean magnitude of its allowed label transitions (in the units its margins are
 * in), so that a margin over it means the same for a model trained on more texts or shipped in 8 bits.
 */
export function modelUnit(trans: Float32Array): number {
  let sum = 0,
    n = 0;
  for (const x of trans)
    if (x !== 0) {
      sum += Math.abs(x);
      n++;
    }
  return n && sum ? sum / n : 1;
}

const bucket = (n: number): string =>
  n <= 0 ? String(n < 0 ? -1 : 0) : n <= 2 ? String(n) : n <= 5 ? '3-5' : n <= 12 ? '6-12' : n <= 30 ? '13-30' : '31+';

/** A margin in units of its model's scale, as a level: "neg", or 2·log2 rounded into -4…6. */
const level = (x: number): string => (x <= 0 ? 'neg' : String(Math.max(-4, Math.min(6, Math.round(2 * Math.log2(x))))));

// The regular expressions of the features, compiled once (this runs for every tagger statement and weak draft).
const NEGATED = /\b(not|never)\b|n['’]t\b/i;
const UPPER_FIRST = /^\p{Lu}/u;
const LETTER_FIRST = /^\p{L}/u;
const COORDINATOR = /^(and|or)$/i;
const POSSESSIVE = /^(his|her|their|its|our|my|your)$/i;
const APOSTROPHE_S = /['’]s?$/;
const THAT_FIRST = /^that\s/i;

/** The shape of a source segment: a pronoun, a name (capitalised head), a description, or several. */
function segmentShape(w: string[]): string {
  if (!w.length) return 'empty';
  if (w.length === 1) {
    const p = L.pronouns.get(w[0]!.toLowerCase());
    if (p) return `pro-${p.number}-${p.gender}`;
  }
  if (w.some((x) => COORDINATOR.test(x))) return 'coord';
  if (POSSESSIVE.test(w[w.length - 1]!) || APOSTROPHE_S.test(w[w.length - 1]!)) return 'possessive';
  const head = lastLetterWord(w) ?? '';
  if (UPPER_FIRST.test(head)) return w.length <= 3 ? 'name-short' : 'name-long';
  return UPPER_FIRST.test(w[0]!) ? 'desc-cap' : 'desc';
}

/** The last of the words that starts with a letter, if any. */
function lastLetterWord(w: readonly string[]): string | undefined {
  for (let i = w.length - 1; i >= 0; i--) if (LETTER_FIRST.test(w[i]!)) return w[i];
  return undefined;
}

/** The last word of a name, lower-cased (`name.split(/\s+/).pop()`, without the array). */
export function lastWord(name: string): string {
  let i = name.length - 1;
  while (i >= 0 && !isSpace(name.charCodeAt(i))) i--;
  return name.slice(i + 1).toLowerCase();
}

/** The first word of a name (`name.split(/\s+/)[0]`, without the array). */
function firstWord(name: string): string {
  let i = 0;
  while (i < name.length && !isSpace(name.charCodeAt(i))) i++;
  return name.slice(0, i);
}

/**
 * The hash of a feature's name `prefix + a + b + c`, without building it: FNV-1a runs on over the pieces (the same
 * value as hashString of the joined string). `seed` is where the prefix starts (hashString's default, or an index).
 */
function featureHash(prefix: string, a = '', b = '', c = '', seed?: number): number {
  return hashString(c, hashString(b, hashString(a, hashString(prefix, seed))));
}

/**
 * A statement's features as the keep model and the candidates hash them: `plain`, each name's hash; `indexed`, the hash
 * seeded with the feature's index (the format `base.map(hashString)` gave the candidates' features).
 */
interface BaseFeatures {
  plain: number[];
  indexed: number[];
}

function addBase(f: BaseFeatures, prefix: string, a = '', b = '', c = ''): void {
  f.plain.push(featureHash(prefix, a, b, c));
  f.indexed.push(featureHash(prefix, a, b, c, f.indexed.length));
}

const sortedDrafts = new WeakMap<readonly Draft[], Draft[]>();

/** The drafts whose paragraph is within `reach` of `para`, in order of their start (sorted once per list of drafts). */
function nearDrafts(drafts: readonly Draft[], para: number, reach: number): Draft[] {
  let sorted = sortedDrafts.get(drafts);
  if (!sorted) {
    sorted = [...drafts].sort((a, b) => a.parts[0]!.start - b.parts[0]!.start || a.paragraph - b.paragraph);
    sortedDrafts.set(drafts, sorted);
  }
  // Paragraphs grow with the start; the first draft at or after para - reach, then on while within para + reach.
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.paragraph < para - reach) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < sorted.length && sorted[end]!.paragraph <= para + reach) end++;
  return sorted.slice(lo, end);
}

interface NearSpeaker {
  speaker: DraftSpeaker;
  before: Draft | null;
  after: Draft | null;
  count: number;
  dist: number;
  side: string;
}

/**
 * What linkCandidates reads of a statement before its candidates: its features (the keep model's), and what the
 * candidates' features are built from. Apart, so that the linker scores the keep model first and builds no candidates
 * for a statement it leaves out anyway (the candidates' features are the costlier part).
 */
interface StatementReading {
  features: number[];
  /** The statement-level features' hashes as the candidates conjoin them (without "rule-link"). */
  baseH: number[];
  drafts: Draft[];
  para: number;
  sentence: number;
  shape: string;
  cueSide: string;
  classShapeH: number;
  shapeContentH: number;
  segWords: string[];
  segHead: string | undefined;
  segPronoun: ReturnType<typeof L.pronouns.get>;
  near: NearSpeaker[];
  nearestBefore: Draft | null;
}

function readStatement(
  doc: Doc,
  t: TaggedStatement,
  allDrafts: readonly Draft[],
  unit: number,
  ruleLink: DraftSpeaker | null,
): StatementReading {
  const toks = doc.tokens;
  const first = toks[t.first]!;
  const para = first.paragraph,
    sentence = first.sentence;
  // Statement-level features, shared by every candidate (conjoined with the candidate's kind below): their names'
  // hashes, each built from its pieces (featureHash).
  const base: BaseFeatures = { plain: [], indexed: [] };
  const cueWords = t.cue ? spanWords(doc, t.cue) : [];
  let verb: string | undefined;
  for (const x of cueWords) {
    const lower = x.toLowerCase();
    if (L.verbs.has(lower)) {
      verb = lower;
      break;
    }
  }
  const v = verb ? L.verbs.get(verb) : undefined;
  addBase(base, 'cue:', t.cue ? (verb ?? 'other') : 'none');
  addBase(base, 'cueclass:', v ? v.class : t.cue ? 'unknown' : 'none', v?.frame ? '-frame' : '');
  if (cueWords.some((x) => UPPER_FIRST.test(x))) addBase(base, 'cue:capitalised');
  if (t.cue && NEGATED.test(doc.text.slice(t.cue.start, t.cue.end))) addBase(base, 'cue:negated');
  const cueSide = !t.cue
    ? 'none'
    : t.cue.end <= t.parts[0]!.start
      ? 'before'
      : t.cue.start >= t.parts[t.parts.length - 1]!.end
        ? 'after'
        : 'inside';
  addBase(base, 'cueside:', cueSide);
  let quoted = 0,
    wordsIn = 0;
  for (let i = t.first; i <= t.last; i++)
    if (toks[i]!.word) {
      wordsIn++;
      if (toks[i]!.quote >= 0) quoted++;
    }
  const content =
    wordsIn && quoted === wordsIn
      ? 'quoted'
      : quoted
        ? 'mixed'
        : THAT_FIRST.test(doc.text.slice(t.parts[0]!.start, t.parts[0]!.end))
          ? 'that'
          : 'other';
  addBase(base, 'content:', content);
  addBase(base, 'len:', bucket(wordsIn));
  addBase(base, 'parts:', String(t.parts.length));
  // The tagger's margin in units of its model's own scale (modelUnit), comparable between the trainer's float models and
  // the shipped 8-bit one.
  addBase(base, 'margin:', level(t.margin / unit));
  // The tagger's confidence in its source and cue segments, the same way ("-": none).
  addBase(base, 'srcmargin:', t.source ? level((t.sourceMargin ?? 0) / unit) : '-');
  addBase(base, 'cuemargin:', t.cue ? level((t.cueMargin ?? 0) / unit) : '-');
  addBase(base, 'gap:', bucket(t.sourceGap));
  // Only the drafts within three paragraphs matter (candidates further away are not offered): a window of the drafts
  // sorted by start, so that a long article's statements do not each read all of its drafts.
  const drafts = nearDrafts(allDrafts, para, 3);
  const cue = t.cue;
  const sharedCue = !!cue && drafts.some((x) => x.cue && x.cue.start < cue.end && cue.start < x.cue.end);
  if (sharedCue) addBase(base, 'cue:shared');
  if (para === 0) addBase(base, 'para:first');
  const segWords = t.source ? spanWords(doc, t.source) : [];
  const shape = t.source ? segmentShape(segWords) : 'none';
  addBase(base, 'seg:', shape);
  // The source segment's head word ("spokesman", "campaign", "he") and the cue's verb with the segment's shape.
  const head = lastLetterWord(segWords);
  if (head) addBase(base, 'seghead:', UPPER_FIRST.test(head) && !L.pronouns.has(head.toLowerCase()) ? 'Name' : head.toLowerCase());
  addBase(base, 'cue-shape:', verb ?? (t.cue ? 'other' : 'none'), '|', shape);
  let sameSentenceDrafts = 0;
  for (const d of drafts) if (d.sentence === sentence) sameSentenceDrafts++;
  addBase(base, 'drafts-in-sentence:', bucket(sameSentenceDrafts));

  // The candidates conjoin each with their kind by mixing hashes (`indexed`, as it is now: not "rule-link" below).
  const baseH = base.indexed;
  // `${cueclass feature}|${shape}` and `${shape}|${content}`, hashed on from the pieces' states.
  const classShapeH = hashString(shape, hashString('|', base.plain[1])),
    shapeContentH = featureHash(shape, '|', content);
  if (ruleLink?.name) base.plain.push(RULE_LINK);

  // The rules' named speakers: the distinct names, each with its drafts nearest to the statement.
  const named = new Map<string, { speaker: DraftSpeaker; before: Draft | null; after: Draft | null; count: number }>();
  let nearestBefore: Draft | null = null;
  for (const d of drafts) {
    const s = d.speaker;
    if (!s?.name || s.unnamed) continue;
    let e = named.get(s.name);
    if (!e) named.set(s.name, (e = { speaker: s, before: null, after: null, count: 0 }));
    e.count++;
    if (d.parts[0]!.start < t.parts[0]!.start) {
      e.before = d;
      nearestBefore = d;
    } else e.after ??= d;
  }
  const segHead = head?.toLowerCase();
  const segPronoun = segWords.length === 1 ? L.pronouns.get(segWords[0]!.toLowerCase()) : undefined;
  // (A loop and plain objects, not map/filter over spread copies: this runs for every statement the tagger adds.)
  const within: NearSpeaker[] = [];
  for (const e of named.values()) {
    const before = e.before ? para - e.before.paragraph : 99,
      after = e.after ? e.after.paragraph - para : 99;
    const dist = Math.min(before, after);
    if (dist <= 3)
      within.push({
        speaker: e.speaker,
        before: e.before,
        after: e.after,
        count: e.count,
        dist,
        side: before <= after ? 'before' : 'after',
      });
  }
  const near = within.sort((a, b) => a.dist - b.dist || (a.side === 'before' ? -1 : 1)).slice(0, 4);
  // The statement's own features: the ones above, with its content kind and source shape, and what its candidates hold.
  const features = [STMT_HASH];
  for (const h of base.plain) features.push(h, mix(h, shapeContentH));
  for (const h of [
    hashString(String(near.length), NAMED_PREFIX),
    hashString(first.lower, FIRST_PREFIX),
    ...(segHead && near.some((e) => segHead === lastWord(e.speaker.name!)) ? [SURNAME_HIT] : []),
  ])
    features.push(h, mix(h, shapeContentH));
  return {
    features,
    baseH,
    drafts,
    para,
    sentence,
    shape,
    cueSide,
    classShapeH,
    shapeContentH,
    segWords,
    segHead,
    segPronoun,
    near,
    nearestBefore,
  };
}

const RULE_LINK = hashString('rule-link'),
  NAMED_PREFIX = hashString('named:'),
  FIRST_PREFIX = hashString('first:'),
  SURNAME_HIT = hashString('surname-hit');

/** A candidate with its features: its kind, the statement's features and its own, each conjoined with the kind. */
function candidate(
  r: StatementReading,
  kind: CandidateKind,
  speaker: DraftSpeaker | null,
  /** The candidate's own features' hashes (featureHash of their names). */
  own: readonly number[],
  sideH: number,
  shapeH: number,
): LinkCandidate {
  const k = KIND_HASH[kind];
  const fs: number[] = [k, mix(k, r.classShapeH), mix(k, r.shapeContentH)];
  for (const b of r.baseH) fs.push(mix(k, b));
  for (const o of own) {
    const x = mix(k, o);
    // Each with the cue's side and with the source segment's shape (a pronoun next to the cue and a name in the
    // paragraph before are one reading; a description and the same name another).
    fs.push(x, mix(x, sideH), mix(x, shapeH));
  }
  return { kind, speaker, features: fs };
}

/** The candidates of a statement read by readStatement. */
function candidatesOf(doc: Doc, t: TaggedStatement, r: StatementReading, ruleLink: DraftSpeaker | null): LinkCandidate[] {
  const out: LinkCandidate[] = [];
  const { shape, segWords, segHead, segPronoun, near, para, sentence } = r;
  const shapeH = hashString(shape, SHAPE_PREFIX);
  const sideH = hashString(r.cueSide);
  if (t.source)
    out.push(
      candidate(
        r,
        'segment',
        newSpeaker({ name: null, role: null, type: 'unknown', mention: copySpan(t.source), personId: null }),
        [shapeH, featureHash('gap-shape:', bucket(t.sourceGap), '|', shape)],
        sideH,
        shapeH,
      ),
    );
  // No speaker: right where PolNeAR gives the attribution no source ("was asked about", the passive).
  out.push(candidate(r, 'none', null, [t.source ? HAS_SEGMENT : NO_SEGMENT], sideH, shapeH));

  // The rules' named speakers within three paragraphs, nearest first, with their drafts nearest to the statement.
  for (let rank = 0; rank < near.length; rank++) {
    const e = near[rank]!;
    const own: number[] = [
      featureHash('pdist:', String(e.dist)),
      featureHash('side:', e.side),
      featureHash('rank:', String(rank)),
      featureHash('count:', bucket(e.count)),
      featureHash('type:', e.speaker.type),
    ];
    const nd = e.side === 'before' ? e.before! : e.after!;
    const tdist = Math.abs(Math.min(tokenAt(doc, nd.parts[0]!.start), doc.tokens.length - 1) - t.first);
    own.push(featureHash('tdist:', bucket(tdist >> 3)));
    if (nd.sentence === sentence) own.push(SAME_SENTENCE);
    if (e.before && e.before === r.nearestBefore) own.push(NEAREST_BEFORE);
    const surname = lastWord(e.speaker.name!);
    if (segHead && segHead === surname) own.push(SURNAME);
    else if (segWords.some((x) => x.toLowerCase() === surname)) own.push(NAME_IN_SEGMENT);
    if (segPronoun) {
      const m = nd.speaker?.mention;
      const mw = m ? spanWords(doc, m) : [];
      own.push(
        mw.length === 1 && mw[0]!.toLowerCase() === segWords[0]!.toLowerCase() ? PRONOUN_SAME : featureHash('pronoun-', e.speaker.type),
      );
      const g = L.givenNames.get(firstWord(e.speaker.name!).toLowerCase());
      if (g) own.push(g === segPronoun.gender ? GENDER_AGREES : GENDER_DIFFERS);
    }
    if (ruleLink?.name === e.speaker.name) own.push(RULE_LINK);
    if (t.source && nd.speaker?.mention && nd.speaker.mention.start < t.source.end && t.source.start < nd.speaker.mention.end)
      own.push(MENTION_OVERLAPS);
    const mention = t.source ?? null;
    out.push(
      candidate(
        r,
        'named',
        newSpeaker({
          name: e.speaker.name,
          role: e.speaker.role,
          type: e.speaker.type,
          mention: mention && copySpan(mention),
          personId: e.speaker.personId,
        }),
        own,
        sideH,
        shapeH,
      ),
    );
  }

  // A continuation: the speaker of the statement just before it (same or previous paragraph), when the tagger found no source.
  if (!t.source) {
    let prev: Draft | null = null;
    for (const d of r.drafts) if (d.parts[0]!.start < t.parts[0]!.start && d.speaker && d.paragraph >= para - 1) prev = d;
    const ps = prev?.speaker;
    if (prev && ps && !(ps.name && near.some((e) => e.speaker.name === ps.name)))
      out.push(
        candidate(
          r,
          'previous',
          newSpeaker({ ...ps }),
          [featureHash('pdist:', String(para - prev.paragraph)), ps.name ? NAMED_TRUE : NAMED_FALSE, featureHash('rule:', prev.rule)],
          sideH,
          shapeH,
        ),
      );
  }
  return out;
}

const SHAPE_PREFIX = hashString('shape:'),
  HAS_SEGMENT = hashString('has-segment:true'),
  NO_SEGMENT = hashString('has-segment:false'),
  SAME_SENTENCE = hashString('same-sentence'),
  NEAREST_BEFORE = hashString('nearest-before'),
  SURNAME = hashString('surname'),
  NAME_IN_SEGMENT = hashString('name-in-segment'),
  PRONOUN_SAME = hashString('pronoun-same'),
  GENDER_AGREES = hashString('gender-agrees'),
  GENDER_DIFFERS = hashString('gender-differs'),
  MENTION_OVERLAPS = hashString('mention-overlaps'),
  NAMED_TRUE = hashString('named:true'),
  NAMED_FALSE = hashString('named:false');

/**
 * The candidates for a tagger statement's speaker, with their features. `drafts` are the rules' drafts (their speakers
 * are the names the rules found in the document).
 */
export function linkCandidates(
  doc: Doc,
  t: TaggedStatement,
  drafts: readonly Draft[],
  unit = 1,
  ruleLink: DraftSpeaker | null = null,
): LinkCase {
  const r = readStatement(doc, t, drafts, unit, ruleLink);
  return { features: r.features, candidates: candidatesOf(doc, t, r, ruleLink) };
}

/**
 * Features of a rule's draft for the verify model: its rule and confidence, who it names and how, its cue, its content,
 * and whether the tagger reads it the same way (a statement over it, with what margin; the tagger's source and cue
 * segments over the draft's mention and cue).
 */
export function draftFeatures(doc: Doc, d: Draft, match: TaggedStatement | null, unit = 1): number[] {
  const sp = d.speaker;
  const who = !sp ? 'none' : sp.name ? (sp.mention ? 'named' : 'named-nomention') : sp.mention ? 'mention' : 'empty';
  const shape = sp?.mention ? segmentShape(spanWords(doc, sp.mention)) : 'none';
  let verb: string | undefined;
  if (d.cue)
    for (const x of spanWords(doc, d.cue)) {
      const lower = x.toLowerCase();
      if (L.verbs.has(lower)) {
        verb = lower;
        break;
      }
    }
  const v = verb ? L.verbs.get(verb) : undefined;
  const cueClass = v ? v.class : d.cue ? 'unknown' : 'none';
  let words = 0;
  for (const p of d.parts) words += spanWords(doc, p).length;
  // Each feature hashed as "v:" and its name, from the pieces (featureHash: the same values, no joined strings).
  const V = VERIFY_PREFIX;
  const out = [
    STMT_HASH,
    featureHash('rule:', d.rule, '', '', V),
    featureHash('conf:', String(Math.round(d.confidence * 20)), '', '', V),
    featureHash('who:', who, '', '', V),
    featureHash('mshape:', shape, '', '', V),
    featureHash('type:', sp?.type ?? 'none', '', '', V),
    featureHash('rule-who:', d.rule, '|', who, V),
    featureHash('rule-shape:', d.rule, '|', shape, V),
    featureHash('cue:', verb ?? (d.cue ? 'other' : 'none'), '', '', V),
    featureHash('cueclass:', cueClass, '', '', V),
    featureHash('kind:', d.kind, '', '', V),
    featureHash('rule-cueclass:', d.rule, '|', cueClass, V),
    featureHash('len:', bucket(words), '', '', V),
    featureHash('parts:', String(d.parts.length), '', '', V),
  ];
  if (!match) out.push(featureHash('tagger:none', '', '', '', V));
  else {
    const m = sp?.mention;
    const tsource = !match.source ? 'none' : m && match.source.start < m.end && m.start < match.source.end ? 'agrees' : 'differs';
    const tcue = !match.cue ? 'none' : d.cue && match.cue.start < d.cue.end && d.cue.start < match.cue.end ? 'agrees' : 'differs';
    out.push(
      featureHash('tagger:margin:', level(match.margin / unit), '', '', V),
      featureHash('tagger:source:', tsource, '', '', V),
      featureHash('tagger:cue:', tcue, '', '', V),
      featureHash('rule-tsource:', d.rule, '|tagger:source:', tsource, V),
    );
  }
  return out;
}

const VERIFY_PREFIX = hashString('v:');
