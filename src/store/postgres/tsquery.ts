// What a user typed -> a tsquery text for to_tsquery('whosaid_text', …), with the meaning FTS5 gives our
// MATCH strings (fts-query.ts): every word or "quoted phrase" must match (&), a phrase's words in order
// (<->), a trailing * makes a prefix (:*). Each word goes in single quotes and contains only letters, digits
// and marks (parseSearch), so nothing the user types is tsquery syntax (no !, |, <N>, weights, parentheses).
import { parseSearch } from '../fts-query.ts';

export function toTsQuery(input: string): string | null {
  const terms = parseSearch(input);
  if (!terms.length) return null;
  return terms
    .map((term) => {
      const words = term.words.map((w, i) => `'${w}'${term.prefix && i === term.words.length - 1 ? ':*' : ''}`);
      return words.length === 1 ? words[0]! : `(${words.join(' <-> ')})`;
    })
    .join(' & ');
}
