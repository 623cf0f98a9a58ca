// Cutting text to a length without breaking a word, an escape or a surrogate pair.
// Room text/: text helpers with one home each (truncation, invisible characters, snowflakes, dates and zod
// wording in schema.ts). Imports nothing of ours; every room may import it.

export const ELLIPSIS = '…';

/** At most `max` UTF-16 units; cut at a word boundary when one is reasonably near, then an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space >= max * 0.5) cut = cut.slice(0, space);
  // Never end on half a surrogate pair or on an escaping backslash.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  // Nor on half a Discord timestamp (<t:1756033200:D>): its start would show as raw text.
  cut = cut.replace(/<t:[^>\s]*$/, '');
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** At most `max` characters, cut where it falls (labels, metadata), then an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}${ELLIPSIS}` : text;
}
