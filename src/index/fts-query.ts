// Turns whatever a user typed into a safe FTS5 MATCH expression: every word or "quoted phrase" becomes a
// quoted FTS5 string (so AND, OR, NOT, NEAR(, column:, ^, parentheses are plain words), a trailing * makes
// a prefix query, and all terms must match. Input that has no words gives null (nothing to search).

const MAX_TERMS = 16;
const MAX_TERM_LENGTH = 100;
const QUOTES = /["“”„«»]/;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function quote(words: string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

export function toFtsQuery(input: string): string | null {
  const terms: string[] = [];
  // Split on quotation marks: odd pieces were inside quotes (phrases), even pieces are loose words.
  const pieces = input.normalize('NFC').split(new RegExp(QUOTES.source, 'g'));
  pieces.forEach((piece, i) => {
    if (i % 2 === 1) {
      const words = piece.match(WORD);
      if (words) terms.push(quote(words.map((w) => w.slice(0, MAX_TERM_LENGTH))));
      return;
    }
    for (const match of piece.matchAll(/([\p{L}\p{N}\p{M}]+)(\*?)/gu)) {
      const word = match[1]!.slice(0, MAX_TERM_LENGTH);
      terms.push(match[2] ? `${quote([word])}*` : quote([word]));
    }
  });
  if (!terms.length) return null;
  return terms.slice(0, MAX_TERMS).join(' ');
}
