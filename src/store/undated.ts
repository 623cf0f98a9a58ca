// How both stores hold "date unknown": the empty string in articles.published, statements.published and
// statement_topics.published (NOT NULL columns: statement_topics has published in its primary key, and every
// newest-first list pages on (published, id)). '' sorts before every date, so newest-first lists show undated
// texts last with no NULLS LAST anywhere, and a date range (published >= from) leaves them out; their statement
// ids come from a block below every real day (statement-ids.ts), so "highest id first" agrees. Records and
// replies never see '': the store turns it into null (see ArticleMeta.published).

export const UNDATED = '';

/** The column value of a publication date (null: undated). */
export function storedDate(published: string | null): string {
  return published ?? UNDATED;
}

/** The publication date of a column value (null: undated). */
export function readDate(stored: string): string | null;
export function readDate(stored: string | null): string | null;
export function readDate(stored: string | null): string | null {
  return stored === UNDATED ? null : stored;
}
