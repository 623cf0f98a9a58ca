// Sieves: attributions without a source. "Asked whether ..., Smith said" and "It has been reported that ...": PolNeAR
// annotates the question and the impersonal report as attributions with no source. Low confidence; the product shows
// the question as the next statement's context. The two openings exclude each other ("asked" vs "it"/"there").
import { IMPRESSIONS } from '../lexicon.ts';
import { leftPhrase } from '../noun-phrase.ts';
import { clauseEnd } from './clauses.ts';
import type { SentenceScope, SieveContext } from './context.ts';
import { contentDraft } from './drafts.ts';
import { ADJUNCT_STARTS, firstContent, isP, isW, skipFillers, startsClause } from './words.ts';

const IMPERSONAL =
  /^(?:it|there)(?:'s|\s+is|\s+was|\s+has|\s+had)?(?:\s+been)?\s+(?:widely\s+|also\s+|now\s+)?(reported|said|believed|rumored|rumoured|alleged|understood|claimed|suggested|argued|estimated|feared|known|clear|obvious|apparent|likely)\s+that\b/i;

export function askedQuestion(ctx: SieveContext, { s, units }: SentenceScope): void {
  let a = firstContent(units);
  if (isW(units[a], 'when', 'after', 'if')) a++;
  if (
    !isW(units[a], 'asked', 'pressed', 'questioned') ||
    !isW(units[a + 1], 'if', 'whether', 'about', 'what', 'how', 'why', 'who', 'when', 'where', 'which')
  )
    return;
  let e = a + 2;
  while (e < units.length && !isP(units[e], ',') && e - a < 60) e++;
  if (e < units.length && e > a + 2) {
    const cue = { start: units[a]!.start, end: units[a]!.end };
    contentDraft(ctx, s, units, { first: a + 1, last: e - 1 }, cue, null, 'asked-question', 0.3);
  }
}

export function impersonalReport(ctx: SieveContext, { s, units }: SentenceScope): void {
  const f = firstContent(units);
  const from = units[f]?.start ?? s.start;
  // IMPERSONAL opens with "it" or "there": the sentence is sliced for it only when its text starts with an "i" or "t".
  const c = ctx.doc.norm.charCodeAt(from) | 32;
  if (c !== 105 && c !== 116) return;
  const m = IMPERSONAL.exec(ctx.doc.norm.slice(from, s.end));
  if (!m) return;
  const thatAt = units.findIndex((u) => u.start >= units[f]!.start + m[0].length - 4 && isW(u, 'that'));
  if (thatAt < 0) return;
  const cueUnit = units.slice(f, thatAt).find((u) => u.kind === 'w' && u.lower === m[1]!.toLowerCase());
  contentDraft(
    ctx,
    s,
    units,
    { first: thatAt, last: clauseEnd(units, thatAt) },
    cueUnit ? { start: cueUnit.start, end: cueUnit.end } : null,
    null,
    'impersonal-report',
    0.3,
  );
}

/**
 * "The crowd seemed eager to leave", "Voters appear to be moving behind Smith": an impression nobody is named for.
 * PolNeAR draws the subject and the rest of the clause as the content (two pieces), with no source.
 */
export function seemingClause(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (here.made.length) return;
  for (let v = 1; v < units.length - 2; v++) {
    if (units[v]!.kind !== 'w' || !IMPRESSIONS.has(units[v]!.lower) || units[v]!.cap) continue;
    const k = v + 1;
    // "appeared on television", "seemed, at first, ...": not an impression of someone.
    if (!isW(units[k]) || (!isW(units[k], 'to') && ADJUNCT_STARTS.has(units[k]!.lower))) return;
    const np = leftPhrase(units, skipFillers(units, v - 1, -1));
    if (!np || !startsClause(units, np.first) || np.pronoun === 'who' || np.pronoun === 'which') return;
    const end = clauseEnd(units, k);
    if (end < k) return;
    const cue = { start: units[v]!.start, end: units[v]!.end };
    const impersonal = np.pronoun === 'it' || np.pronoun === 'there';
    const d = contentDraft(ctx, s, units, { first: k, last: end }, cue, null, 'seeming', 0.3, 1);
    if (d && !impersonal) d.parts.unshift({ start: np.start, end: np.end });
    return;
  }
}
