// Dates in Discord messages as timestamp markup (<t:UNIX:D>), so each reader sees them in their own locale.
// Only where Discord renders markup (content, embed descriptions, field values); titles, field names, author
// and footer show it as raw text, so dates there move into the description or a field value.
import { DATE_UNKNOWN } from '../reply/wording.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An ISO date as escapeDiscord leaves it (hyphens escaped), standing alone (not part of a longer number),
 * optionally with a UTC time as handlers write one ("2025-10-02 14:05 UTC"). */
const ESCAPED_DATE = /(?<![\d\\-])(\d{4})\\-(\d{2})\\-(\d{2})(?: (\d{2})\\:(\d{2}) UTC)?(?!\d|\\-)/g;

/**
 * `<t:UNIX:D>` for a calendar date (YYYY-MM-DD), or null when it is not one. The instant is noon UTC: a bare
 * date has no time, and noon shows the same calendar day from UTC−11 to UTC+11 (midnight would show the day
 * before everywhere west of Greenwich).
 */
export function dateMarkup(date: string): string | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d, 12);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return `<t:${t / 1000}:D>`;
}

/** A date for a place that renders markup: the markup, or the text as it was (escaped by the caller). */
export function shownDate(date: string | null, escaped: string = date ?? DATE_UNKNOWN): string {
  if (date === null) return DATE_UNKNOWN;
  return dateMarkup(date) ?? escaped;
}

/** Every standalone ISO date in already-escaped text (content, descriptions, field values) as markup: a date
 * as <t:UNIX:D>, a date with a UTC time as <t:UNIX:f> (date and time in the reader's zone). */
export function localDates(escaped: string): string {
  return escaped.replace(ESCAPED_DATE, (whole, y: string, mo: string, d: string, h?: string, mi?: string) => {
    const date = dateMarkup(`${y}-${mo}-${d}`);
    if (!date || h === undefined) return date ?? whole;
    if (Number(h) > 23 || Number(mi) > 59) return whole;
    return `<t:${Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) / 1000}:f>`;
  });
}
