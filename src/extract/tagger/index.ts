// The hybrid of rules and learned tagger (issue 14). The rules run first; the tagger labels each paragraph with their
// reading as features; then:
//   - a draft from a precise rule stays as it is; a rule is precise unless, on held-out PolNeAR train texts, the tagger's
//     boundaries were exact more often than its own without losing drafts right end to end (chosen by the trainer);
//   - a draft of another rule takes the boundaries of the tagger statement that overlaps it (partial match), keeping its speaker,
//     cue and confidence: the tagger changes spans, never who said them (a rule's abstention stays an abstention);
//   - a tagger statement no draft overlaps is added when its margin clears the model's threshold (and, per policy, its
//     source is linked: linkStatement), with its source as an unresolved mention (name null: the product shows it
//     unattributed) unless the source names a speaker the rules named, and a confidence under the product's floor,
//     because PolNeAR's attribution is broader than speech (beliefs, stance) and /quote is about speech: only a linked
//     speaker with a speech or writing cue clears the floor;
//   - or, when the model ships a learned linker (linker.ts) and the policy search chose it, the linker decides instead:
//     a speaker among the tagger's source words, the names the rules found nearby and none, or dropping the statement;
//     a named speaker it is sure of (LINKED_PROBABILITY) with a speech cue clears the floor, nothing else does;
//   - per rule (chosen the same way), a draft's cue and speaker mention take the bounds of the tagger's cue / source segment
//     over the same words ("said in a statement", "Sen. Ted Cruz (R-Texas)"): the speaker's name stays the rule's;
//   - drafts under the product's floor that the tagger does not read, or that sit inside a more confident statement's
//     content, may be dropped (policy thresholds; PolNeAR annotates almost no nested attributions); so may, per rule
//     (dropRules), a rule's drafts under the floor, and, with the linker's verify model, those it reads as wrong end to
//     end. Only drafts the product does not show are ever dropped this way; for PolNeAR a dropped wrong speaker raises
//     source accuracy, which leaves room for the linker's statements.
import type { Span } from '../../model.ts';
import { spanWords, tokenRange, type Doc } from '../document.ts';
import { copySpan, newDraft, newSpeaker, type Draft, type DraftSpeaker } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';
import { tagParagraphs, type TaggedSegments, type TaggedStatement } from './decode.ts';
import { loadTagger, type TaggerModel } from './model.ts';
import { mapPacked } from '../packed.ts';
import { lastWord, linkerOf as statementLinker, modelUnit, parseLinker, type StatementLinker } from './linker.ts';
import { boundsContext, correctBounds, parseBounds, type BoundsModel } from './bounds.ts';

export { type TaggerModel } from './model.ts';

export interface HybridPolicy {
  /**
   * Rules whose drafts take the overlapping tagger statement's boundaries (those whose own boundaries were less often
   * exact on held-out PolNeAR train texts). Every other rule, and any rule the trainer did not see, is precise: its
   * drafts stay as they are.
   */
  adopt: ReadonlySet<string>;
  /**
   * Rules whose drafts take only the overlapping tagger statement's left edge (its start), or only its right edge (its
   * end), keeping their own other edge and inner pieces (chosen by the trainer per rule and edge, the same way).
   */
  adoptLeft?: ReadonlySet<string>;
  adoptRight?: ReadonlySet<string>;
  /** A draft below this confidence that no tagger statement overlaps is dropped (0: never). */
  dropBelow: number;
  /**
   * Rules whose drafts under the product's floor (FLOOR) are dropped: on held-out PolNeAR train texts such drafts were
   * right end to end less often than they cost (a quotation nobody was named for whose speaker the corpus names). The
   * product never shows them; for PolNeAR they are mostly wrong speakers.
   */
  dropRules?: ReadonlySet<string>;
  /** A tagger statement no draft overlaps is added when its margin is at least this (Infinity: never). */
  addMargin: number;
  /** Added statements need a cue and a source segment of their own. */
  addNeedsSource: boolean;
  /** ... at most this many tokens apart (the speaker next to the cue is the one the corpus means). */
  addMaxGap?: number;
  /** Confidence of the added statements (under the product's floor; see linkedConfidence). */
  addConfidence: number;
  /**
   * Added statements need a source the rules named (linkStatement): the tagger's source segment names a speaker of the
   * rules' drafts, or is the pronoun the rules resolved for the nearest earlier speaker; 'speech': and a speech or
   * writing verb as the cue (the statements that clear the product's floor); 'pronoun': or a singular personal pronoun
   * right next to the cue ("he added"), left unnamed (PolNeAR credits the mention; the product shows no speaker).
   */
  addNeedsLink?: false | 'name' | 'speech' | 'pronoun';
  /**
   * A draft under this confidence whose content lies inside another, more confident statement's content is dropped
   * (PolNeAR annotates almost no nested attributions; 0: never). Meant for values at or under the product's floor.
   */
  nestedBelow?: number;
  /**
   * Rules whose drafts take the bounds of the tagger's cue segment overlapping their cue, and of its source segment
   * overlapping their speaker's mention (chosen by the trainer where the tagger's bounds were exact more often). Only the
   * spans change: the speaker's name, and so who said it, stays the rule's.
   */
  cueBounds?: ReadonlySet<string>;
  mentionBounds?: ReadonlySet<string>;
  /**
   * Rules whose drafts without a speaker mention (a quotation nobody was named for, a continuation) take the source
   * segment of the tagger statement they match as the mention, for PolNeAR, which credits the mention next to the cue.
   * The speaker's name is not filled in: who said it stays the rules' answer (an abstention stays one).
   */
  mentionFill?: ReadonlySet<string>;
  /**
   * The learned linker (linker.ts): when set, it alone decides, for each tagger statement left after the margin and
   * source checks above, its speaker or that it is dropped (addNeedsLink is not consulted).
   */
  linker?: StatementLinker;
  /** The learned boundary correction (bounds.ts): when set, every draft's content edges may move to a break nearby. */
  bounds?: BoundsModel;
}

export const TAGGER_RULE = 'tagger';

/**
 * The product's confidence floor (extract/index.ts's DEFAULT_MIN_CONFIDENCE is this): statements
 * under it are not shown.
 */
export const FLOOR = 0.45;

let cached: TaggerModel | null | undefined;
/** The shipped model (data/models/tagger.json), loaded and validated once (its linker too), on first use. */
export function shippedTagger(): TaggerModel | null {
  if (cached === undefined) {
    cached = loadTagger(new URL('../../../data/models/tagger.json', import.meta.url));
    if (cached) {
      linkerOf(cached);
      boundsOf(cached);
    }
  }
  return cached;
}

const linkers = new WeakMap<TaggerModel, StatementLinker | null>();
/** The model's learned linker (meta.linker), parsed and validated once per model; null when it has none. */
export function linkerOf(model: TaggerModel): StatementLinker | null {
  let l = linkers.get(model);
  if (l === undefined) {
    const w = parseLinker(model.meta['linker']);
    l = w ? statementLinker(w, modelUnit(model.trans)) : null;
    linkers.set(model, l);
  }
  return l;
}

const boundsModels = new WeakMap<TaggerModel, BoundsModel | null>();
/** The model's learned boundary correction (meta.bounds), parsed and validated once per model; null when it has none. */
export function boundsOf(model: TaggerModel): BoundsModel | null {
  let b = boundsModels.get(model);
  if (b === undefined) {
    b = parseBounds(model.meta['bounds']);
    boundsModels.set(model, b);
  }
  return b;
}

export function policyOf(model: TaggerModel): HybridPolicy {
  const m = model.meta;
  const linker = linkerOf(model);
  const bounds = boundsOf(model);
  return {
    adopt: new Set(Array.isArray(m['adopt']) ? (m['adopt'] as string[]) : []),
    adoptLeft: new Set(Array.isArray(m['adoptLeft']) ? (m['adoptLeft'] as string[]) : []),
    adoptRight: new Set(Array.isArray(m['adoptRight']) ? (m['adoptRight'] as string[]) : []),
    dropBelow: typeof m['dropBelow'] === 'number' ? m['dropBelow'] : 0,
    dropRules: new Set(Array.isArray(m['dropRules']) ? (m['dropRules'] as string[]) : []),
    // Margins are stored in the trainer's float units; the shipped weights are in units of `scale`.
    addMargin: typeof m['addMargin'] === 'number' ? m['addMargin'] / model.scale : Infinity,
    addNeedsSource: m['addNeedsSource'] !== false,
    addMaxGap: typeof m['addMaxGap'] === 'number' ? m['addMaxGap'] : 99,
    addConfidence: 0.4,
    addNeedsLink: ['name', 'speech', 'pronoun'].includes(m['addNeedsLink'] as string)
      ? (m['addNeedsLink'] as HybridPolicy['addNeedsLink'])
      : false,
    // Chosen by the trainer with the rest of the policy; it was written to the model but not read back before.
    nestedBelow: typeof m['nestedBelow'] === 'number' ? m['nestedBelow'] : 0,
    cueBounds: new Set(Array.isArray(m['cueBounds']) ? (m['cueBounds'] as string[]) : []),
    mentionBounds: new Set(Array.isArray(m['mentionBounds']) ? (m['mentionBounds'] as string[]) : []),
    mentionFill: new Set(Array.isArray(m['mentionFill']) ? (m['mentionFill'] as string[]) : []),
    ...(linker ? { linker } : {}),
    ...(bounds ? { bounds } : {}),
  };
}

export { type TaggedSegments } from './decode.ts';

export function tagDocument(model: TaggerModel, doc: Doc, drafts: readonly Draft[]): TaggedStatement[] {
  return tagParagraphs(model, doc, drafts).statements;
}

/** The tagger's statements and its cue and source segments (for combine's cue and mention bounds). */
export function tagDocumentFull(
  model: TaggerModel,
  doc: Doc,
  drafts: readonly Draft[],
): { statements: TaggedStatement[]; segments: TaggedSegments } {
  return tagParagraphs(model, doc, drafts);
}

/** Word tokens shared by [a0,a1] and [b0,b1], against the shorter: the scorer's partial match (>= half). */
function overlaps(a: [number, number], b: [number, number]): boolean {
  const shared = Math.min(a[1], b[1]) - Math.max(a[0], b[0]) + 1;
  return shared > 0 && shared * 2 >= Math.min(a[1] - a[0] + 1, b[1] - b[0] + 1);
}

export function combine(
  doc: Doc,
  drafts: readonly Draft[],
  tagged: readonly TaggedStatement[],
  policy: HybridPolicy,
  segments?: TaggedSegments,
): Draft[] {
  if (segments && (policy.cueBounds?.size || policy.mentionBounds?.size))
    drafts = mapPacked(drafts, (d) => withSegments(d, segments, policy));
  const taken = new Set<TaggedStatement>();
  // Which tagger statement covers each token (they never share tokens): overlap lookups stay linear in the text.
  const owner = new Int32Array(doc.tokens.length).fill(-1);
  tagged.forEach((t, k) => owner.fill(k, t.first, t.last + 1));
  let out: Draft[] = [];
  for (const d of drafts) {
    if (d.confidence < FLOOR && policy.dropRules?.has(d.rule)) continue;
    const r = tokenRange(doc, d.parts[0]!.start, d.parts[d.parts.length - 1]!.end);
    let match: TaggedStatement | undefined;
    if (r)
      for (let i = r[0], prev = -1; i <= r[1] && !match; i++) {
        const k = owner[i]!;
        if (k < 0 || k === prev) continue;
        prev = k;
        const t = tagged[k]!;
        if (!taken.has(t) && overlaps(r, [t.first, t.last])) match = t;
      }
    if (match) taken.add(match);
    // A weak draft (under the product's floor) the tagger does not read as a statement is dropped.
    if (!match && d.confidence < policy.dropBelow) continue;
    if (!match) {
      if (d.confidence < FLOOR && policy.linker?.keepDraft && !policy.linker.keepDraft(doc, d, null)) continue;
      out.push(d);
      continue;
    }
    let x = d;
    if (policy.adopt.has(d.rule)) x = withParts(doc, d, match);
    else if (policy.adoptLeft?.has(d.rule) || policy.adoptRight?.has(d.rule))
      x = withEdges(doc, d, match, !!policy.adoptLeft?.has(d.rule), !!policy.adoptRight?.has(d.rule));
    // Tagger bounds that take in the draft's own cue or speaker mention run into the words that attribute it (an outer
    // statement's reading): they stop at those words, on the side of the draft's own content.
    if (x !== d && ownWordsInside(x)) x = clipped(doc, d, x);
    if (match.source && !x.speaker?.mention && policy.mentionFill?.has(d.rule) && !crosses(match.source, x.parts))
      x = withMention(x, match.source);
    if (x.confidence < FLOOR && policy.linker?.keepDraft && !policy.linker.keepDraft(doc, x, match)) continue;
    out.push(x);
  }
  if (policy.addMargin !== Infinity) {
    // Token coverage of the kept drafts, to skip a tagger statement that overlaps one of them.
    const covered = new Int32Array(doc.tokens.length + 1);
    const ranges = mapPacked(out, (d) => tokenRange(doc, d.parts[0]!.start, d.parts[d.parts.length - 1]!.end));
    for (const r of ranges) if (r) covered.fill(1, r[0], r[1] + 1);
    for (const t of tagged) {
      if (taken.has(t) || t.margin < policy.addMargin) continue;
      if (policy.addNeedsSource && !(t.source && t.cue && t.sourceGap <= (policy.addMaxGap ?? 99))) continue;
      const r: [number, number] = [t.first, t.last];
      let any = false;
      for (let i = t.first; i <= t.last && !any; i++) any = covered[i] === 1;
      if (any && out.some((d, k) => k < ranges.length && ranges[k] && overlaps(ranges[k], r))) continue;
      if (policy.linker) {
        const c = policy.linker.link(doc, t, drafts, linkStatement(doc, t, drafts));
        if (c) out.push(taggerDraft(doc, t, policy.addConfidence, c.speaker, c.p >= LINKED_PROBABILITY));
        continue;
      }
      const named = linkStatement(doc, t, drafts);
      if (
        policy.addNeedsLink &&
        !(named ? policy.addNeedsLink !== 'speech' || speechCue(doc, t.cue) : policy.addNeedsLink === 'pronoun' && pronounNextToCue(doc, t))
      )
        continue;
      const speaker =
        named ?? (t.source ? newSpeaker({ name: null, role: null, type: 'unknown', mention: t.source, personId: null }) : null);
      out.push(taggerDraft(doc, t, policy.addConfidence, speaker, !!named));
    }
  }
  out.sort((a, b) => a.parts[0]!.start - b.parts[0]!.start);
  if (policy.nestedBelow) out = withoutNested(out, policy.nestedBelow);
  // The learned boundary correction, last: on the drafts the policy keeps (its nesting judged on their own edges).
  if (!policy.bounds) return out;
  out = correctBounds(policy.bounds, boundsContext(doc, tagged, out), out, (parts, was) => kindOf(doc, { parts }, was), TAGGER_RULE);
  return out.sort((a, b) => a.parts[0]!.start - b.parts[0]!.start);
}

/** Drops weak drafts nested in a more confident one's content; `sorted` is by start. */
function withoutNested(sorted: Draft[], below: number): Draft[] {
  const keep: Draft[] = [];
  // Statements whose content may still enclose later ones: a stack of ends is enough for proper nesting.
  let open: Draft[] = [];
  for (const d of sorted) {
    const s = d.parts[0]!.start,
      e = d.parts[d.parts.length - 1]!.end;
    open = open.filter((o) => o.parts[o.parts.length - 1]!.end > s);
    const inside = open.some((o) => o.parts[o.parts.length - 1]!.end >= e && o.confidence > d.confidence);
    if (inside && d.confidence < below) continue;
    keep.push(d);
    open.push(d);
  }
  return keep;
}

/** The one segment overlapping `s` (none or several: null), binary search over ordered, disjoint segments. */
function overlapping(segs: readonly Span[], s: Span): Span | null {
  let lo = 0,
    hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid]!.end <= s.start) lo = mid + 1;
    else hi = mid;
  }
  const a = lo < segs.length ? segs[lo] : undefined;
  if (!a || a.start >= s.end) return null;
  const b = segs[lo + 1];
  return b && b.start < s.end ? null : a;
}

const crosses = (a: Span, parts: readonly Span[]): boolean => parts.some((p) => a.start < p.end && p.start < a.end);

const sameParts = (a: readonly Span[], b: readonly Span[]): boolean =>
  a.length === b.length && a.every((p, i) => p.start === b[i]!.start && p.end === b[i]!.end);

/**
 * `x` (the draft `d` with the tagger's bounds) cut back to the side of `d`'s own content of its cue and mention (the
 * pieces after them when `d`'s content starts after them, else before them), without the spaces and separating
 * punctuation at the cut; `d` itself when nothing is left or the words sit on both sides.
 */
function clipped(doc: Doc, d: Draft, x: Draft): Draft {
  const own = [d.cue, d.speaker?.mention].filter((s): s is Span => !!s && crosses(s, x.parts));
  const after = own.every((o) => o.end <= d.parts[0]!.start);
  const before = own.every((o) => o.start >= d.parts[d.parts.length - 1]!.end);
  if (!after && !before) return d;
  const cut = after ? Math.max(...own.map((o) => o.end)) : Math.min(...own.map((o) => o.start));
  const sep = /[\s,:;\u2013\u2014-]/;
  const parts: Span[] = [];
  for (const p of x.parts) {
    let { start, end } = p;
    if (after && start < cut) for (start = cut; start < end && sep.test(doc.text[start]!);) start++;
    if (!after && end > cut) for (end = cut; end > start && sep.test(doc.text[end - 1]!);) end--;
    if (end > start) parts.push({ start, end });
  }
  if (!parts.length || ownWordsInside({ ...x, parts })) return d;
  if (sameParts(parts, d.parts)) return d;
  // The kind is the clipped words' own: the unquoted attribution cut away, a quotation is verbatim again.
  return newDraft({ ...x, parts, kind: kindOf(doc, { parts }, d.kind) });
}

/** The draft's content takes in its own cue or its speaker's mention. */
const ownWordsInside = (d: Draft): boolean =>
  (!!d.cue && crosses(d.cue, d.parts)) || (!!d.speaker?.mention && crosses(d.speaker.mention, d.parts));

/** The draft with the tagger's cue and mention bounds where its policy says so and they do not run into its content. */
function withSegments(d: Draft, segments: TaggedSegments, policy: HybridPolicy): Draft {
  let out = d;
  if (d.cue && policy.cueBounds?.has(d.rule)) {
    const c = overlapping(segments.cues, d.cue);
    if (c && (c.start !== d.cue.start || c.end !== d.cue.end) && !crosses(c, d.parts))
      out = newDraft({ ...out, cue: copySpan(c), verb: d.verb ?? d.cue });
  }
  const m = d.speaker?.mention;
  if (m && policy.mentionBounds?.has(d.rule)) {
    const s = overlapping(segments.sources, m);
    if (s && (s.start !== m.start || s.end !== m.end) && !crosses(s, d.parts) && !(out.cue && crosses(s, [out.cue])))
      out = newDraft({ ...out, speaker: newSpeaker({ ...d.speaker!, mention: copySpan(s) }) });
  }
  return out;
}

/** The draft with the tagger's boundaries; a quotation that now takes in unquoted words is no longer verbatim. */
function withParts(doc: Doc, d: Draft, t: TaggedStatement): Draft {
  if (sameParts(t.parts, d.parts)) return d;
  return newDraft({ ...d, parts: mapPacked(t.parts, copySpan), kind: kindOf(doc, t, d.kind) });
}

/** The draft with `mention` as its speaker's mention; a draft without a speaker gets an unnamed one (name null). */
export function withMention(d: Draft, mention: Span): Draft {
  const speaker: DraftSpeaker = d.speaker
    ? newSpeaker({ ...d.speaker, mention: copySpan(mention) })
    : newSpeaker({ name: null, role: null, type: 'unknown', mention: copySpan(mention), personId: null });
  return newDraft({ ...d, speaker });
}

/** The draft with the tagger statement's start (left) and/or end (right), its own other edge and inner bounds kept. */
function withEdges(doc: Doc, d: Draft, t: TaggedStatement, left: boolean, right: boolean): Draft {
  const parts = mapPacked(d.parts, copySpan);
  const first = parts[0]!,
    last = parts[parts.length - 1]!;
  const s = t.parts[0]!.start,
    e = t.parts[t.parts.length - 1]!.end;
  if (left && s < first.end) first.start = s;
  if (right && e > last.start) last.end = e;
  if (first.start === d.parts[0]!.start && last.end === d.parts[d.parts.length - 1]!.end) return d;
  const moved: TaggedStatement = { ...t, parts };
  return newDraft({ ...d, parts, kind: kindOf(doc, moved, d.kind) });
}

function kindOf(doc: Doc, t: { readonly parts: readonly Span[] }, was: Draft['kind']): Draft['kind'] {
  if (was !== 'direct' && was !== 'indirect' && was !== 'mixed') return was;
  let quoted = 0,
    words = 0;
  for (const p of t.parts) {
    const r = tokenRange(doc, p.start, p.end);
    if (!r) continue;
    for (let i = r[0]; i <= r[1]; i++) {
      const tk = doc.tokens[i]!;
      if (!tk.word) continue;
      words++;
      if (tk.quote >= 0) quoted++;
    }
  }
  if (words && quoted === words) return 'direct';
  return quoted ? 'mixed' : 'indirect';
}

/**
 * Confidence of an added statement whose source the rules named, whose cue is a speech or writing verb, and whose
 * content is quoted words or a that-clause: over the floor.
 */
export const LINKED_CONFIDENCE = 0.5;

/** The linker's probability (linker.ts) a named speaker needs for its statement to clear the floor (with the cue checks). */
export const LINKED_PROBABILITY = 0.6;

/**
 * The rules' speaker of a tagger statement, or null (never a guess): its source segment names a speaker of the rules'
 * drafts, or is the pronoun the rules resolved (linkSpeaker). Not when a rule draft shares its cue ("X said A and B",
 * the rules read A): on held-out PolNeAR train texts those statements were mostly fragments, their sources right in
 * about 2 of 3 (and the rules' speaker of the shared cue no better), against 0.87 for the statements linked by name.
 */
export function linkStatement(doc: Doc, t: TaggedStatement, drafts: readonly Draft[]): DraftSpeaker | null {
  const cue = t.cue;
  if (!t.source || (cue && drafts.some((x) => x.cue && x.cue.start < cue.end && cue.start < x.cue.end))) return null;
  return linkSpeaker(doc, t.source, drafts);
}

/**
 * The rules' speaker a tagger source segment names, or null (never a guess): a name whose last capitalised word is the
 * last word of exactly one named speaker of the rules' drafts ("Cruz", "Sen. Ted Cruz"), or a singular gendered pronoun
 * that is the very mention of the nearest earlier named draft in the same or the previous paragraph ("he ... he").
 */
export function linkSpeaker(doc: Doc, mention: Span, drafts: readonly Draft[]): DraftSpeaker | null {
  const w = spanWords(doc, mention);
  if (!w.length) return null;
  const named = namedDrafts(drafts);
  const pronoun = w.length === 1 ? L.pronouns.get(w[0]!.toLowerCase()) : undefined;
  if (pronoun) {
    if (pronoun.number !== 'singular' || (pronoun.gender !== 'm' && pronoun.gender !== 'f')) return null;
    const paragraph = doc.tokens[tokenRange(doc, mention.start, mention.end)![0]]!.paragraph;
    let before: Draft | undefined;
    for (const d of named) if (d.parts[0]!.start < mention.start && d.paragraph >= paragraph - 1) before = d;
    const m = before?.speaker?.mention;
    if (!before || !m || before.speaker!.type !== 'person') return null;
    const mw = spanWords(doc, m);
    return mw.length === 1 && mw[0]!.toLowerCase() === w[0]!.toLowerCase() ? speakerOf(before.speaker!, mention) : null;
  }
  // One speaker, named by the head (last word): not "the Clinton campaign", "Trump's aides", "Trump and Clinton".
  if (w.length > 5 || w.some((x) => COORDINATOR.test(x)) || COMMA_OR_AMPERSAND.test(doc.text.slice(mention.start, mention.end)))
    return null;
  let head: string | undefined;
  for (let i = w.length - 1; i >= 0 && head === undefined; i--) if (LETTER_FIRST.test(w[i]!)) head = w[i];
  if (!head || !UPPER_FIRST.test(head) || head.length < 2) return null;
  const last = head.toLowerCase();
  const hits = new Map<string, DraftSpeaker>();
  for (const d of named) if (lastWord(d.speaker!.name!) === last) hits.set(d.speaker!.name!, d.speaker!);
  return hits.size === 1 ? speakerOf([...hits.values()][0]!, mention) : null;
}

const namedCache = new WeakMap<readonly Draft[], Draft[]>();
/** The drafts that name their speaker, in order (filtered once per list of drafts: linkSpeaker runs per statement). */
function namedDrafts(drafts: readonly Draft[]): Draft[] {
  let named = namedCache.get(drafts);
  if (!named) namedCache.set(drafts, (named = drafts.filter((d) => d.speaker?.name && !d.speaker.unnamed)));
  return named;
}

// Compiled once (linkSpeaker runs for every tagger statement left over).
const COORDINATOR = /^(and|or)$/i;
const COMMA_OR_AMPERSAND = /[,&]/;
const LETTER_FIRST = /^\p{L}/u;
const UPPER_FIRST = /^\p{Lu}/u;

const speakerOf = (s: DraftSpeaker, mention: Span): DraftSpeaker =>
  newSpeaker({ name: s.name, role: s.role, type: s.type, mention: copySpan(mention), personId: s.personId });

/** The statement's source is a singular personal pronoun ("he", "she", "I") right next to its cue. */
function pronounNextToCue(doc: Doc, t: TaggedStatement): boolean {
  if (!t.source || !t.cue || t.sourceGap !== 0) return false;
  const w = spanWords(doc, t.source);
  return w.length === 1 && L.pronouns.get(w[0]!.toLowerCase())?.number === 'singular';
}

/** A speech or writing verb of the lexicon as the cue ("also said", "told reporters": the first verb of its words). */
function speechCue(doc: Doc, cue: Span | null): boolean {
  if (!cue) return false;
  // A capitalised cue is a headline's ("Sanders Says He Has Started ..."), where the tagger reads titles as statements.
  const cueWords = spanWords(doc, cue);
  if (cueWords.some((x) => /^\p{Lu}/u.test(x))) return false;
  const w = cueWords.map((x) => x.toLowerCase());
  const v = w.map((x) => L.verbs.get(x)).find((x) => x);
  // Not a frame verb ("spoke about the coalition", "commented on the idea"): its object is a topic, not what was said.
  return !!v && (v.class === 'speech' || v.class === 'writing') && !v.frame;
}

/**
 * The draft of an added tagger statement with `speaker`; `linked`: the speaker is a name the rules found, linked surely
 * enough (linkStatement, or the linker over LINKED_PROBABILITY) for the statement to clear the floor with a speech cue.
 */
function taggerDraft(doc: Doc, t: TaggedStatement, confidence: number, speaker: DraftSpeaker | null, linked: boolean): Draft {
  const first = doc.tokens[t.first]!;
  const quotes = new Set<number>();
  for (let i = t.first; i <= t.last; i++) if (doc.tokens[i]!.quote >= 0) quotes.add(doc.tokens[i]!.quote);
  const kind = kindOf(doc, t, 'indirect');
  // What was said, not a topic or an object ("asked of her rival", "agreed with the analysis"): quoted words or a
  // that-clause; and said, not denied ("didn't report that").
  const said =
    (kind !== 'indirect' || /^that\s/i.test(doc.text.slice(t.parts[0]!.start, t.parts[0]!.end))) &&
    !(t.cue && /\b(not|never)\b|n['’]t\b/i.test(doc.text.slice(t.cue.start, t.cue.end)));
  return newDraft({
    parts: mapPacked(t.parts, copySpan),
    kind,
    cue: t.cue,
    speaker,
    rule: TAGGER_RULE,
    // The product's floor keeps out PolNeAR's broader attribution (beliefs, stance) unless speech by a named speaker.
    confidence: linked && !!speaker?.name && said && speechCue(doc, t.cue) ? Math.max(confidence, LINKED_CONFIDENCE) : confidence,
    paragraph: first.paragraph,
    sentence: first.sentence,
    context: null,
    venue: null,
    quotes: [...quotes],
  });
}
