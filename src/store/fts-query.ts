// Turns whatever a user typed into a safe FTS5 MATCH expression: every word or "quoted phrase" becomes a
// quoted FTS5 string (so AND, OR, NOT, NEAR(, column:, ^, parentheses are plain words), a trailing * makes
// a prefix query, and all terms must match. Input that has no words gives null (nothing to search).

const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 100;
const QUOTES = /["“”„«»]/g;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export interface SearchTerm {
  /** One word, or the words of a quoted phrase. */
  words: string[];
  /** Trailing *: the last word is a prefix. */
  prefix: boolean;
}

export function parseSearch(input: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // Split on quotation marks: odd pieces were inside quotes (phrases), even pieces are loose words.
  input
    .normalize('NFC')
    .split(QUOTES)
    .forEach((piece, i) => {
      if (i % 2 === 1) {
        const words = piece.match(WORD);
        if (words) terms.push({ words: words.map((w) => w.slice(0, MAX_TERM_LENGTH)), prefix: false });
        return;
      }
      for (const match of piece.matchAll(/([\p{L}\p{N}\p{M}]+)(\*?)/gu)) {
        terms.push({ words: [match[1]!.slice(0, MAX_TERM_LENGTH)], prefix: match[2] === '*' });
      }
    });
  return terms.slice(0, MAX_TERMS);
}

export function toFtsQuery(input: string): string | null {
  const terms = parseSearch(input);
  if (!terms.length) return null;
  return terms.map((t) => `"${t.words.join(' ').replace(/"/g, '""')}"${t.prefix ? '*' : ''}`).join(' ');
}
