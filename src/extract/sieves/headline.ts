// Sieve: a headline in the newspaper's "Name: claim" form ("Warren: The Bridge Plan Is a Failure"), a line of its own
// that opens with a named person or organisation and a colon. Weak (0.4, under the product's floor): a headline is the
// outlet's summary of the speaker's words, and PolNeAR annotates it as the speaker's attribution.
import { LEXICON as L } from '../lexicon.ts';
import { leftPhrase } from '../noun-phrase.ts';
import type { SentenceScope, SieveContext } from './context.ts';
import { contentDraft } from './drafts.ts';
import { isOutlet, speakerOf } from './speakers.ts';
import { firstContent, isP, TERMINAL } from './words.ts';

export function headlineColon(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (here.made.length) return;
  const p = ctx.doc.paragraphs[s.paragraph]!;
  if (p.sentenceEnd - p.sentenceStart !== 1) return;
  const f = firstContent(units);
  let colon = f;
  while (colon < units.length && colon - f <= 6 && (units[colon]!.kind === 'w' ? units[colon]!.cap : isP(units[colon], '.'))) colon++;
  if (colon === f || !isP(units[colon], ':')) return;
  const np = leftPhrase(units, colon - 1);
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
