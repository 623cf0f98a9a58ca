// Invisible characters: zero-width characters and bidirectional controls. They make typed text match
// nothing and can reverse how a line reads, so every room strips them with these, never its own copy.

const ZERO_WIDTH_AND_BIDI = '\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';
const C1 = '\\u007F-\\u009F';

/** Zero-width characters and bidirectional controls. */
export const INVISIBLE = new RegExp(`[${ZERO_WIDTH_AND_BIDI}]`, 'g');

/** The same plus control characters, except tab and line breaks (article text keeps its lines). */
export const INVISIBLE_OR_CONTROL = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F${C1}${ZERO_WIDTH_AND_BIDI}]`, 'g');

/** The same plus every control character, tab and line breaks included (one-line metadata). */
export const INVISIBLE_OR_ANY_CONTROL = new RegExp(`[\\u0000-\\u001F${C1}${ZERO_WIDTH_AND_BIDI}]`, 'g');

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
