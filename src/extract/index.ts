// Statement extraction: article body text -> statements with speakers resolved within the article.
// Pure: no I/O at call time (the lexicons and the learned model load once with the module), no SQLite, no Discord.
//
// Pipeline: normalise.ts (same-length quote/space folding) -> quotes.ts (pairing, multi-paragraph quotes) -> document.ts
// (paragraphs, tokens, sentences that never break inside a quote) -> sieves/ (precision-first cascade, each draft with its
// rule and confidence) using noun-phrase.ts (speaker phrases) and speakers.ts (within-article resolution).
// Confidence guide: >= 0.75 a quotation or that-clause next to a lexicon cue; 0.5-0.7 structural inferences (continuations,
// participles, a paragraph's speaker, a speech verb's bare object); 0.4 the object of a stance verb ("criticized Sanders");
// 0.3 the learned cue sieve, quotations nobody could be named for, asked-questions and impersonal reports; 0.25 actor
// clauses ("X is courting Y"). extractStatements drops drafts below minConfidence (default 0.45); `whosaid extract` and the
// PolNeAR evaluation keep everything (extractDrafts), because the corpus annotates those weaker readings too.
import type { ArticleSpeaker, ExtractedStatement } from '../model.ts';
import { analyse, isSpace } from './document.ts';
import type { Doc } from './document.ts';
import { copySpan, type Draft, type DraftSpeaker } from './draft.ts';
import { runSieves } from './sieves/index.ts';
import { combine, FLOOR, policyOf, shippedTagger, tagDocumentFull, type HybridPolicy, type TaggerModel } from './tagger/index.ts';
import { mapPacked } from './packed.ts';

export interface ExtractOptions {
  /** The outlet's name, so "UNN reports" is not taken for a statement. */
  outlet?: string;
  /** Statements below this confidence are left out (default 0.45: stance objects, the learned sieve, actor clauses, unattributed quotations). */
  minConfidence?: number;
  /** Full names (speakers.genderKey) with a known gender, from the curated registry: pronouns must agree with them. */
  knownGenders?: ReadonlyMap<string, 'm' | 'f'>;
  /** The learned tagger (issue 14): null for the rules alone; default TAGGER_BY_DEFAULT ? the shipped model : null. */
  tagger?: TaggerModel | null;
  /** Overrides the model's own hybrid policy (evaluation and training). */
  policy?: HybridPolicy;
}

/** Whether extraction uses the shipped tagger when options.tagger is not given. */
export const TAGGER_BY_DEFAULT = true;

/** The product's floor (the hybrid drops and adds only under it: tagger/index.ts). */
export const DEFAULT_MIN_CONFIDENCE = FLOOR;

/**
 * At most this many statements for an article of n characters. The densest PolNeAR article holds one (of any
 * confidence) per 92 characters; run-on text (`we go, Smith said, we go, Smith said, ...`) can hold one per 19.
 */
export const maxStatements = (chars: number): number => 16 + Math.floor(chars / 40);

/** Statements in document order, with the extractor's internal detail (the mention of an unresolved speaker). */
export function extractDrafts(body: string, options: ExtractOptions = {}): Draft[] {
  return draftsOf(analyse(body), options);
}

/** The rules' drafts of an analysed article, without the tagger (training reads them as features). */
export function ruleDrafts(doc: Doc, options: ExtractOptions = {}): Draft[] {
  return capped(
    doc.text.length,
    runSieves(doc, {
      ...(options.outlet ? { outlet: options.outlet } : {}),
      ...(options.knownGenders ? { knownGenders: options.knownGenders } : {}),
    }),
  );
}

export function draftsOf(doc: Doc, options: ExtractOptions = {}): Draft[] {
  const drafts = ruleDrafts(doc, options);
  const model = options.tagger === undefined ? (TAGGER_BY_DEFAULT ? shippedTagger() : null) : options.tagger;
  if (!model) return drafts;
  const tagged = tagDocumentFull(model, doc, drafts);
  return capped(doc.text.length, combine(doc, drafts, tagged.statements, options.policy ?? policyOf(model), tagged.segments));
}

function capped(chars: number, drafts: Draft[]): Draft[] {
  const cap = maxStatements(chars);
  // Over the cap, the most confident statements stay (the sort is stable: earlier first among equals).
  const kept = drafts.length > cap ? [...drafts].sort((a, b) => b.confidence - a.confidence).slice(0, cap) : drafts;
  return kept.sort((a, b) => a.parts[0]!.start - b.parts[0]!.start);
}

export function extractStatements(body: string, options: ExtractOptions = {}): ExtractedStatement[] {
  const min = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  return extractDrafts(body, options)
    .filter((d) => d.confidence >= min)
    .map((d) => toStatement(body, d));
}

export function toStatement(body: string, d: Draft): ExtractedStatement {
  const parts = d.parts;
  const start = parts[0]!.start,
    end = parts[parts.length - 1]!.end;
  // A paraphrase starts after the complementiser: "said that X" reports X, with or without quoted words.
  const paraphrase = d.kind === 'indirect' || d.kind === 'mixed';
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const t = displayText(body.slice(p.start, p.end), d.kind === 'direct');
    // The expression runs only on text that starts with a "t" or "T". (One concatenation for every part: code for a
    // second part alone would run for the first time long after the function is optimised, and deoptimise it.)
    text += (i > 0 ? ' … ' : '') + (paraphrase && (t.charCodeAt(0) | 32) === 116 ? t.replace(/^that\s+/i, '') : t);
  }
  const sp = d.speaker;
  const cue = d.verb ?? d.cue;
  // Fields written out, not spread (a spread copy is slow and gets a hidden class of its own); the optional ones in
  // the same place as before, so a statement's JSON is unchanged.
  const out: ExtractedStatement = {
    text,
    span: { start, end },
    parts: parts.length > 1 ? mapPacked(parts, copySpan) : null,
    kind: d.kind,
    cue: cue ? { start: cue.start, end: cue.end, text: body.slice(cue.start, cue.end) } : null,
    speaker: sp && sp.name ? articleSpeaker(body, sp) : null,
    context: d.context,
    venue: d.venue,
    rule: d.rule,
    confidence: d.confidence,
  };
  const unattributed = !(sp && sp.name) && sp?.unresolved ? sp.unresolved : undefined;
  const inner = d.innerSource?.name ? articleSpeaker(body, d.innerSource) : undefined;
  if (unattributed === undefined && inner === undefined) return out;
  return {
    text: out.text,
    span: out.span,
    parts: out.parts,
    kind: out.kind,
    cue: out.cue,
    speaker: out.speaker,
    ...(unattributed !== undefined ? { unattributed } : {}),
    ...(inner !== undefined ? { innerSource: inner } : {}),
    context: out.context,
    venue: out.venue,
    rule: out.rule,
    confidence: out.confidence,
  };
}

function articleSpeaker(body: string, sp: DraftSpeaker): ArticleSpeaker {
  const m = sp.mention;
  const mention = m ? { start: m.start, end: m.end, text: body.slice(m.start, m.end) } : null;
  return sp.unnamed
    ? { name: sp.name!, role: sp.role, type: sp.type, mention, unnamed: true }
    : { name: sp.name!, role: sp.role, type: sp.type, mention };
}

/** Display text: whitespace folded; for a quotation, its enclosing marks removed (a paraphrase keeps its quoted fragments whole). */
function displayText(s: string, quotation: boolean): string {
  const t = (singleSpaced(s) ? s : s.replace(/\s+/g, ' ')).trim();
  if (!quotation) return t;
  // `"..., re-attacking," said X`: the comma belongs to the attribution, not to the words quoted.
  // As t.replace(/^(?:''|["“”«»„‟])\s*/, '').replace(/\s*(?:''|["“”«»„‟])$/, '').trim().replace(/,$/, ''), without the
  // regular expressions: a leading mark and the white space after it, a final mark and the white space before it.
  let from = 0,
    to = t.length;
  const lead = markLength(t, 0);
  if (lead) {
    from = lead;
    while (from < to && isSpace(t.charCodeAt(from))) from++;
  }
  const trail = from < to ? endMarkLength(t, from, to) : 0;
  if (trail) {
    to -= trail;
    while (to > from && isSpace(t.charCodeAt(to - 1))) to--;
  }
  const u = from === 0 && to === t.length ? t : t.slice(from, to).trim();
  return u.endsWith(',') ? u.slice(0, -1) : u;
}

/** Whether s has no white space but single " " characters (so that /\s+/g -> " " leaves it as it is). */
function singleSpaced(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c) && (c !== 32 || (i + 1 < s.length && isSpace(s.charCodeAt(i + 1))))) return false;
  }
  return true;
}

const QUOTE_MARKS = '"“”«»„‟';
/** Length of the quotation mark (`''` or one of QUOTE_MARKS) at i, or 0. */
function markLength(t: string, i: number): number {
  if (t.charCodeAt(i) === 39 && t.charCodeAt(i + 1) === 39) return 2;
  return i < t.length && QUOTE_MARKS.includes(t[i]!) ? 1 : 0;
}
/** Length of the quotation mark that ends t[from, to), or 0. */
function endMarkLength(t: string, from: number, to: number): number {
  if (to - from >= 2 && t.charCodeAt(to - 1) === 39 && t.charCodeAt(to - 2) === 39) return 2;
  return QUOTE_MARKS.includes(t[to - 1]!) ? 1 : 0;
}
