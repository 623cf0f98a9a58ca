// Sieve: a headline in the newspaper's "Name: claim" form ("Warren: The Bridge Plan Is a Failure"), a line of its own
// that opens with a named person or organisation and a colon. Weak (0.4, under the product's floor): a headline is the
// outlet's summary of the speaker's words, and PolNeAR annotates it as the speaker's attribution.
import { LEXICON as L } from '../lexicon.ts';
import { leftPhrase } from '../noun-phrase.ts';
import type { SentenceScope, SieveContext } from './context.ts';
import { contentDraft } from './drafts.ts';
import { isOutlet, speakerOf } from './speakers.ts';
import { firstContent, isP, isW, TERMINAL } from './words.ts';

export function headlineColon(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (here.made.length) return;
  const p = ctx.doc.paragraphs[s.paragraph]!;
  if (p.sentenceEnd - p.sentenceStart !== 1) return;
  const f = firstContent(units);
  let colon = f,
    prep = -1;
  // "Lind on the Bridge Plan: ...", "Lind to Harbour Workers: ...": the speaker before one lowercase preposition.
  while (
    colon < units.length &&
    colon - f <= (prep < 0 ? 6 : 10) &&
    (units[colon]!.kind === 'w'
      ? units[colon]!.cap || (prep < 0 && colon > f && isW(units[colon], 'on', 'to', 'at'))
      : isP(units[colon], '.'))
  ) {
    if (!units[colon]!.cap && units[colon]!.kind === 'w') prep = colon;
    colon++;
  }
  if (colon === f || !isP(units[colon], ':') || prep === colon - 1) return;
  const np = leftPhrase(units, (prep < 0 ? colon : prep) - 1);
  if (!np || np.first !== f || !np.name.length || np.pronoun || (np.type !== 'person' && np.type !== 'organisation')) return;
  // "The Latest: ...", "The Morning Email: ...": a column's name, not a speaker.
  if (
    L.determiners.has(units[f]!.lower) ||
    isOutlet(ctx, np) ||
    L.labels.has(ctx.doc.norm.slice(units[f]!.start, units[colon - 1]!.end).toLowerCase())
  )
    return;
  // "SMITH: Is he ready?" is an interview turn (interview.ts), not a headline.
  if (!/\p{Ll}/u.test(np.text)) return;
  let last = units.length - 1;
  if (isP(units[last], '?')) return;
  while (last > colon && isP(units[last], TERMINAL)) last--;
  // A claim, not a tally ("Smith: 1,769"): at least three words.
  const rest = units.slice(colon + 1, last + 1);
  if (rest.filter((u) => u.kind === 'w' && /\p{L}/u.test(u.text)).length < 3) return;
  // A list of names ("Iowa: Ann Lee, Bo Park, Cy Dunn, ..."), not a claim.
  if (rest.filter((u) => isP(u, ',')).length >= 3) return;
  const cue = { start: units[colon]!.start, end: units[colon]!.end };
  contentDraft(ctx, s, units, { first: colon + 1, last }, cue, speakerOf(ctx, np, units, s), 'headline-colon', 0.4);
}

/**
 * Sieve: a headline in title case whose verb is a capitalised cue, "Mayor Lind Says The Bridge Will Open In May" or
 * "The Bridge Will Open In May, Mayor Lind Says". A line of its own, most of its words capitalised; the speaker opens
 * the line (or closes it after a comma). Weak (0.4, under the product's floor), like the colon headline: the outlet's
 * summary of someone's words.
 */
export function headlineVerb(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (here.made.length) return;
  const p = ctx.doc.paragraphs[s.paragraph]!;
  if (p.sentenceEnd - p.sentenceStart !== 1 || !titleCase(units)) return;
  const f = firstContent(units);
  let last = units.length - 1;
  while (last > f && isP(units[last], TERMINAL)) last--;
  if (isP(units[last + 1], '?')) return;
  for (let c = f + 1; c <= last; c++) {
    const u = units[c]!;
    if (u.kind !== 'w' || !u.cap) continue;
    const verb = L.verbs.get(u.lower);
    if (!verb || verb.ing || verb.class === 'learned' || L.nounForms.has(u.lower) || !VERB_ENDING.test(u.lower)) continue;
    const np = leftPhrase(units, c - 1);
    if (!np || np.pronoun || isOutlet(ctx, np)) return;
    const cue = { start: u.start, end: u.end };
    // "Council Warns Of Higher Fees", "Lind Calls For A Recount": a topic or a demand, not a claim.
    if (np.first === f && c < last && !isW(units[c + 1], 'of', 'about', 'on', 'for', 'against', 'to', 'over', 'with', 'at', 'in')) {
      contentDraft(ctx, s, units, { first: c + 1, last }, cue, speakerOf(ctx, np, units, s), 'headline-verb', 0.4, 3);
    } else if (c === last && isP(units[np.first - 1], ',') && np.first - 2 > f) {
      contentDraft(ctx, s, units, { first: f, last: np.first - 2 }, cue, speakerOf(ctx, np, units, s), 'headline-verb', 0.4, 3);
    }
    return;
  }
}

const VERB_ENDING = /(?:s|ed)$/;
const CAPITAL = /^\p{Lu}/u;

/** Most words of four letters or more are capitalised: a headline written in title case. */
function titleCase(units: SentenceScope['units']): boolean {
  let long = 0,
    cap = 0;
  for (const u of units) {
    if (u.kind !== 'w' || u.text.length < 4) continue;
    long++;
    if (CAPITAL.test(u.text)) cap++;
  }
  return long >= 3 && cap >= 0.8 * long;
}
