// Wording every renderer and handler shares, so a count or a speaker reads the same everywhere.

/** "1 statement", "3 statements": English plural with s. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "Name (role)", or the name alone. */
export function speakerLabel(speaker: { name: string; role?: string | null }): string {
  return speaker.role ? `${speaker.name} (${speaker.role})` : speaker.name;
}

/** "2025-08-23 14:05 UTC" from an ISO time: what a person reads, not a machine format. */
export function readableTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What a text with no publication date shows where its date would be. */
export const DATE_UNKNOWN = 'date unknown';

/** A publication date as shown: the date, or "date unknown". */
export function publishedLabel(published: string | null): string {
  return published ?? DATE_UNKNOWN;
}
