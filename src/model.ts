// Domain types shared along the one-way data path:
// article file -> Article -> ExtractedStatement[] -> (registry, topics) -> index -> queries -> Reply.
// Nothing here imports anything: every room may depend on this file, it depends on none.

export type StatementKind = 'direct' | 'indirect' | 'mixed' | 'continuation';
export const STATEMENT_KINDS: readonly StatementKind[] = ['direct', 'indirect', 'mixed', 'continuation'];

/** UTF-16 offsets into an article body, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface TextSpan extends Span {
  text: string;
}

export interface ArticleMeta {
  title: string;
  outlet: string;
  url: string | null;
  /** ISO date, YYYY-MM-DD; null when the text has no date ("date unknown": listed after dated ones, never as today's). */
  published: string | null;
  language: string;
  /**
   * Tenancy: the Discord server (guild id) that added the article; absent for the global corpus (curated
   * files in data/, the CLI, the console and WHOSAID_OWNER_GUILDS).
   */
  owner?: string;
  /** How the outlet and link are known: an uploaded file only claims them; 'fetched' read them from the link. Absent: curated. */
  provenance?: 'uploaded' | 'fetched';
}

/** A parsed article file: front matter validated, body as written (offsets refer to it). */
export interface Article {
  /** Path relative to the data folder when inside it, else as given. */
  file: string;
  meta: ArticleMeta;
  body: string;
  /** sha256 (hex) of the whole file's bytes. */
  hash: string;
}

export type SpeakerType = 'person' | 'organisation' | 'group' | 'unknown';

/** The speaker as resolved inside one article (before the cross-article registry). */
export interface ArticleSpeaker {
  /** Fullest name the article gives ("Giuseppe Cavo Dragone"), or a description for unnamed sources. */
  name: string;
  /** Role the article gives ("head of the NATO Military Committee"), if any. */
  role: string | null;
  type: SpeakerType;
  /** The mention next to the cue ("he", "Dragone", "The head of the NATO Military Committee"). */
  mention: TextSpan | null;
  /**
   * An unnamed source ("senior NATO official", "diplomats"): name is a description bound to its article and outlet,
   * never a person to merge with another article's. Absent for named speakers.
   */
  unnamed?: true;
}

export interface ExtractedStatement {
  /** What the speaker said, for display: verbatim inside quotes (quotation marks stripped), parts joined with " … ". */
  text: string;
  /** Content span in the body, as a corpus annotator draws it (enclosing quotation marks included). */
  span: Span;
  /** For a quote interrupted by its attribution: the pieces, inside span. */
  parts: Span[] | null;
  kind: StatementKind;
  cue: TextSpan | null;
  /** null when nobody can be named with confidence: right or absent, never guessed. */
  speaker: ArticleSpeaker | null;
  /** Why speaker is null although the text points at someone ("two candidates: Jaan Oruvee, Ott Lindmets"); absent otherwise. */
  unattributed?: string;
  /** Inside an interview answer: the source the speaker attributes the words to ("Washington has been clear that ..."). */
  innerSource?: ArticleSpeaker;
  /** The sentence that frames the statement ("When asked whether ..."), when it is not the statement itself. */
  context: string | null;
  /** Where it was said ("in an interview with Corriere della Sera"), when the article says. */
  venue: string | null;
  /** Which rule produced it, for debugging and evaluation. */
  rule: string;
  confidence: number;
}
