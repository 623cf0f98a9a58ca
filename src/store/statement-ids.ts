// Statement ids carry their publication day: id = day number * DAY_BLOCK + sequence within the day. So
// "newest first" is simply "highest id first", and a date range is an id range, which FTS5 walks directly
// (ORDER BY rowid DESC, rowid BETWEEN) without touching the statements table. A statement whose earliest
// source changes is re-keyed (writer).

/** Room for 2^21 (about two million) statements a day. */
export const DAY_BLOCK = 2 ** 21;
const MS_PER_DAY = 86_400_000;

/**
 * The day block of undated statements (published '', see undated.ts): below every real date (about 740 BC),
 * so they come last newest-first and outside any date range.
 */
export const UNDATED_DAY = -1_000_000;

/** Days since 1970-01-01 of an ISO date (YYYY-MM-DD); UNDATED_DAY for '' (date unknown). */
export function dayNumber(date: string): number {
  if (date === '') return UNDATED_DAY;
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date: ${date}`);
  return Math.floor(ms / MS_PER_DAY);
}

/** The first id a statement published on `date` can have. */
export function firstIdOn(date: string): number {
  return dayNumber(date) * DAY_BLOCK;
}

/** The last id a statement published on `date` can have. */
export function lastIdOn(date: string): number {
  return firstIdOn(date) + DAY_BLOCK - 1;
}

export function dayOfId(id: number): number {
  return Math.floor(id / DAY_BLOCK);
}
