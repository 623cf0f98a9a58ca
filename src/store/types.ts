// The records the store answers queries with (store.ts is the interface that returns them).
import type { SpeakerType, StatementKind } from '../model.ts';

export interface SourceRef {
  articleId: number;
  title: string;
  outlet: string;
  /** null: the text has no date ("date unknown"). */
  published: string | null;
  url: string | null;
  file: string;
  /**
   * Tenancy: 'uploaded' when a file uploaded from Discord only claims the outlet and link (never fetched and
   * matched); 'here' adds that a member of the asking server uploaded it. Absent for fetched and curated articles.
   */
  claimed?: 'uploaded' | 'here';
}

export interface SpeakerRef {
  id: number;
  name: string;
  /** On a statement: the role its article gave (or the registry's on that date when the article gave none). */
  role: string | null;
  type: SpeakerType;
  /** The curated registry's current role; null or absent for a speaker the registry lacks. */
  registryRole?: string | null;
}

export interface StatementRecord {
  id: number;
  text: string;
  kind: StatementKind;
  speaker: SpeakerRef | null;
  topics: string[];
  context: string | null;
  venue: string | null;
  cue: string | null;
  /** Every article that reported this statement, earliest first. */
  sources: SourceRef[];
  /** Earliest publication date among the sources; null when none has a date ("date unknown", listed last). */
  published: string | null;
  /** Full-text queries only: the text with matches wrapped in HIGHLIGHT_OPEN / HIGHLIGHT_CLOSE. */
  snippet?: string;
  /** speaker null: an unnamed source's description ("senior NATO official"), as its (first) article gave it. */
  unnamedSource?: string;
  /** speaker null: why nobody is named although the text points at someone ("two candidates: X, Y"). */
  unattributed?: string;
  /** The source the speaker's words cite ("Washington"). */
  innerSource?: string;
}

/** Markers FTS snippets use; renderers turn them into bold (Discord) or colour (terminal). */
export const HIGHLIGHT_OPEN = '\u0002';
export const HIGHLIGHT_CLOSE = '\u0003';

export interface StatementFilter {
  speakerId?: number;
  topic?: string;
  /** Full-text query as the user typed it; the index makes it safe for FTS5. */
  text?: string;
  kind?: StatementKind;
  /** Inclusive ISO dates: a date range leaves undated statements out. from = to = UNDATED ('', undated.ts): only those. */
  from?: string;
  to?: string;
}

export interface PageRequest {
  limit: number;
  /** Opaque, at most 40 characters, from a previous Page. */
  cursor?: string | null;
  /**
   * Full-text queries only (others are always newest first); default relevance. Relevance ranks (bm25) the
   * newest 500 matches, all of them when fewer: paging in that order ends there, `total` counts every match.
   */
  order?: 'newest' | 'relevance';
}

export interface Page<T> {
  items: T[];
  total: number;
  /** Set when counting stopped at `total` (an engine that caps totals of big results: shown as "10,000+"). */
  totalCapped?: boolean;
  /** 0-based position of items[0] in the whole result. */
  offset: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface SpeakerMatch extends SpeakerRef {
  statementCount: number;
  /** Higher is better; exact canonical/alias match ranks first. */
  score: number;
  /** The name or alias that matched the query. */
  matched: string;
}

export type SpeakerLookup = { kind: 'found'; speaker: SpeakerMatch } | { kind: 'unknown'; suggestions: SpeakerMatch[] };

export interface SourceSummary extends SourceRef {
  statementCount: number;
}

/** How many statements match, and the first and last publication day among them. */
export interface DateRange {
  count: number;
  /** The first and last dates; null when every statement counted is undated. */
  first: string | null;
  last: string | null;
}

/** What /timeline counts: one speaker's statements split by topic, or one topic's split by speaker. */
export interface DayCountFilter {
  by: 'topic' | 'speaker';
  speakerId?: number;
  topic?: string;
  /** Inclusive ISO dates. */
  from?: string;
  to?: string;
}

/** Statements published on `day` under `key` (a topic id, or a speaker id as text; '' for none). */
export interface DayCount {
  day: string;
  key: string;
  count: number;
}

export interface IndexStats {
  articles: number;
  statements: number;
  speakers: number;
  outlets: number;
  lastIngest: string | null;
  byKind: Record<StatementKind, number>;
  byTopic: Record<string, number>;
}
