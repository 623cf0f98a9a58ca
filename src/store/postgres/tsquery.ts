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

/**
 * The same match with each term once (`a & a` is `a`; ASCII terms compared without case, as the text search
 * folds them): the planner multiplies the terms' selectivities, so a repeated common word would be planned as
 * a rare one (a bitmap of every match where reading the newest rows first was cheaper). Ranking keeps the
 * query as typed (ts_rank_cd counts each term).
 */
export function distinctTerms(match: string): string {
  const seen = new Set<string>();
  return match
    .split(' & ')
    .filter((term) => {
      const key = /^[\x20-\x7e]*$/.test(term) ? term.toLowerCase() : term;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .join(' & ');
}
