// Unit tests and word lists the sieves share: what a word or a punctuation unit is, the fillers between a speaker and a
// cue, clause boundaries, and the few spans every sieve trims the same way.
import type { Span } from '../../model.ts';
import { LEXICON as L } from '../lexicon.ts';
import type { Unit } from '../units.ts';

export const isW = (u: Unit | undefined, ...words: string[]): boolean =>
  !!u && u.kind === 'w' && (words.length === 0 || words.includes(u.lower));
export const isP = (u: Unit | undefined, chars: string) => !!u && u.kind === 'p' && chars.includes(u.text);
export const TERMINAL = '.!?;:,';
export const CLAUSE_BOUNDARY = new Set([
  'and',
  'but',
  'so',
  'because',
  'that',
  'when',
  'as',
  'while',
  'since',
  'although',
  'though',
  'after',
  'before',
  'if',
  'where',
  'yet',
  'or',
  'which',
  'whom',
  'unless',
  'until',
  'then',
  'than',
]);
export const CLAUSE_OPENERS = new Set(['whether', 'if', 'how', 'why', 'what', 'when', 'where', 'who']);
export const ADJUNCT_STARTS = new Set([
  'in',
  'on',
  'at',
  'during',
  'to',
  'from',
  'for',
  'over',
  'throughout',
  'since',
  'of',
  'about',
  'before',
  'after',
  'via',
  'through',
  'last',
  'this',
  'earlier',
  'later',
  'today',
  'yesterday',
  'tonight',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'recently',
  'privately',
  'publicly',
  'repeatedly',
  'again',
  'separately',
  'afterward',
  'afterwards',
  'late',
  'early',
  'told',
]);
export const DAY =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|recently|earlier|later|again|privately|publicly)$/;
export const OBJECTS = new Set([
  'reporters',
  'him',
  'her',
  'them',
  'me',
  'us',
  'you',
  'supporters',
  'voters',
  'journalists',
  'lawmakers',
  'listeners',
  'viewers',
  'students',
  'members',
]);
export const CONTEXT_OPENERS =
  /^(?:when|asked|responding|commenting|speaking|answering|reacting|referring|addressing|pressed|questioned|in response)\b/i;
/** Words that open an adverbial aside between a speaker and the cue. */
export const ASIDE = new Set([
  'during',
  'speaking',
  'while',
  'on',
  'in',
  'at',
  'after',
  'before',
  'asked',
  'appearing',
  'writing',
  'talking',
  'responding',
  'citing',
  'addressing',
  'when',
  'following',
  'despite',
  'as',
  'pressed',
  'interviewed',
  'testifying',
  'campaigning',
  'standing',
  'visiting',
  'reacting',
  'echoing',
]);
export const DISCOURSE =
  /^(?:though|however|too|meanwhile|in turn|on the other hand|for instance|for example|in fact|of course|instead|likewise|also|then|in particular|for (?:his|her|their|its) part|in response|in addition|in contrast|by contrast|at the time|at least|as well|so far|now|still|again|later|earlier|separately|similarly|nonetheless|nevertheless)$/i;

/** An auxiliary or adverb that may stand between a speaker and a cue: "has repeatedly said", "also warned". */
export const isFiller = (u: Unit | undefined): boolean =>
  !!u && u.kind === 'w' && ((L.between.has(u.lower) && !u.cap) || /^[a-z]+ly$/.test(u.text));

/** From unit i, steps over fillers by `step` (leftwards with -1) and stops before any word in `stop`; returns the first other unit. */
export function skipFillers(units: Unit[], i: number, step: 1 | -1, stop?: readonly string[]): number {
  while (isFiller(units[i]) && !(stop && stop.includes(units[i]!.lower))) i += step;
  return i;
}

export function firstContent(units: Unit[]): number {
  let i = 0;
  while (i < units.length && units[i]!.kind === 'p') i++;
  return i;
}

/** Only closing punctuation from unit k on. */
export function endsAt(units: Unit[], k: number): boolean {
  for (let i = k; i < units.length; i++) if (!isP(units[i], TERMINAL + ')')) return false;
  return true;
}

export function startsClause(units: Unit[], first: number): boolean {
  const before = units[first - 1];
  if (!before) return true;
  if (before.kind === 'q') return true;
  if (before.kind === 'p') return /[,;:(\-—–]/.test(before.text);
  return CLAUSE_BOUNDARY.has(before.lower);
}

export function trimSpan(norm: string, start: number, end: number): Span {
  while (end > start && /[\s.!?;:,]/.test(norm[end - 1]!)) end--;
  while (start < end && /\s/.test(norm[start]!)) start++;
  return { start, end };
}
