// The one explicit context every sieve reads and adds to, and the per-sentence scope of the cascade.
import type { Span } from '../../model.ts';
import { CUE_MODEL, type CueModel } from '../cue-model.ts';
import type { Doc, Paragraph, Sentence } from '../document.ts';
import type { Draft, DraftSpeaker } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';
import { SpeakerTable, type Gender, type Person } from '../speakers.ts';
import { sentenceUnits, wordCount, type Unit } from '../units.ts';
import type { Outranking } from './arbitration.ts';
import type { InterviewTurn } from './interview.ts';

export interface CueCandidate {
  features: string[];
  cue: Span;
  content: Span;
}

export interface SieveOptions {
  outlet?: string;
  /** Full names (speakers.genderKey) whose gender is known, e.g. from the curated registry; passed in by the pipeline. */
  knownGenders?: ReadonlyMap<string, Gender>;
  /** The learned cue model; null switches the learned sieve off (training does, to see the rules' own gaps). */
  cueModel?: CueModel | null;
  /** Training hook: receives every candidate the learned sieve considers. */
  collect?: (c: CueCandidate) => void;
}

/** "X commented on ...": a speaker who introduced a topic, for an unmarked first-person paragraph after it. */
export interface Frame {
  speaker: DraftSpeaker;
  text: string;
  paragraph: number;
}

/** A content clause as a unit index range [first, last]. */
export interface Content {
  first: number;
  last: number;
}

export interface SieveContext {
  readonly doc: Doc;
  /** The units of every sentence, by sentence index. */
  readonly units: readonly Unit[][];
  /** Names and speakers met so far in the article, for pronouns and short names. */
  readonly table: SpeakerTable;
  /** The people named (outside quotes) in each sentence, by sentence index, in order; filled by registerNames. */
  readonly mentions: Person[][];
  /** Drafts in the order the sieves made them; only arbitration removes any. */
  readonly drafts: Draft[];
  /** Readings made in the current paragraph that outrank earlier ones; arbitration applies them at its end. */
  readonly outrankings: Outranking[];
  /** Quoted regions already used as some draft's content. */
  readonly usedQuotes: Set<number>;
  frame: Frame | null;
  /** The article's interview structure (paragraph index -> question or answer), empty for ordinary articles. */
  interview: Map<number, InterviewTurn>;
  /** The latest interview question, the context of the answers after it. */
  question: string | null;
  /** The article's outlet, lowercased: "UNN reports" is not a statement. */
  readonly outlet: string | null;
  readonly cueModel: CueModel | null;
  readonly collect: ((c: CueCandidate) => void) | undefined;
}

/** The sentence a sentence sieve is reading. */
export interface SentenceScope {
  readonly s: Sentence;
  readonly units: Unit[];
  /** Drafts the cue words (verbs, "according to") made in this sentence, in order. */
  readonly made: Draft[];
  /**
   * Ends of the sentence's trailing attributions (`..., Smith said,`, `..., according to X,`): content before a later
   * cue starts after the last of these, so run-on text (`we go, Smith said, we go, Smith said, ...`) yields one short
   * content per cue instead of ever longer overlapping ones.
   */
  readonly tailEnds: number[];
}

/** A sentence sieve adds drafts (and outrankings); 'settled' ends the cascade for the sentence. */
export type SentenceSieve = (ctx: SieveContext, here: SentenceScope) => void | 'settled';
/** A paragraph sieve runs after the paragraph's sentences; `firstDraft` is the draft count when the paragraph began. */
export type ParagraphSieve = (ctx: SieveContext, p: Paragraph, firstDraft: number) => void;

/** Drafts below this confidence give way to a structural reading (stated-by, continuation). */
export const WEAK = 0.5;

export function createContext(doc: Doc, options: SieveOptions): SieveContext {
  return {
    doc,
    units: doc.sentences.map((s) => sentenceUnits(doc, s)),
    table: new SpeakerTable(options.knownGenders),
    mentions: doc.sentences.map(() => []),
    drafts: [],
    outrankings: [],
    usedQuotes: new Set<number>(),
    frame: null,
    interview: new Map(),
    question: null,
    outlet: options.outlet?.trim().toLowerCase() || null,
    cueModel: options.cueModel === undefined ? CUE_MODEL : options.cueModel,
    collect: options.collect,
  };
}

export function sentenceScope(ctx: SieveContext, s: Sentence): SentenceScope {
  return { s, units: ctx.units[s.index]!, made: [], tailEnds: [] };
}

/** A one-sentence paragraph that is a section label ("Details") or a headline: no statement, and no sentence to point back to. */
export function isLabel(doc: Doc, p: Paragraph): boolean {
  if (p.sentenceEnd - p.sentenceStart !== 1) return false;
  const s = doc.sentences[p.sentenceStart]!;
  if (s.end - s.start > 160) return false;
  const text = doc.norm.slice(s.start, s.end).trim();
  if (L.labels.has(text.toLowerCase().replace(/[:.]$/, ''))) return true;
  // Headings carry no closing punctuation: section labels ("Details") and headlines.
  return wordCount(text, 17) <= 16 && !/[.!?"'”»:;)\]…]$/.test(text);
}

/** A live blog's timestamp line ("14:05", "10:32 GMT", "9.15am"). */
export function isTimestamp(doc: Doc, p: Paragraph): boolean {
  return /^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|GMT|UTC|CET|CEST|EET|EEST|BST|ET|EST|EDT)?\s*$/i.test(doc.text.slice(p.start, p.end));
}
