// Weakest sieve: a named actor opening a sentence nothing else read, and the rest of the clause after its verb
// ("Clinton is targeting Latino voters"). PolNeAR annotates such stances as attributions; confidence 0.25 keeps them out
// of extractStatements.
import { leftPhrase, type NounPhrase } from '../noun-phrase.ts';
import { LEXICON as L } from '../lexicon.ts';
import { isVerbLike } from '../verbs.ts';
import { clauseEnd } from './clauses.ts';
import type { SentenceScope, SieveContext } from './context.ts';
import { contentDraft } from './drafts.ts';
import { speakerOf } from './speakers.ts';
import { ADJUNCT_STARTS, DAY, firstContent, isW, skipFillers } from './words.ts';

const AFTER_VERB = new Set(['with', 'by', 'from', 'off', 'out', 'as', 'for', 'up', 'into', 'over']);

export function actorClause(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (ctx.drafts.some((d) => d.sentence === s.index)) return;
  const f = firstContent(units);
  if (!isW(units[f])) return;
  let np: NounPhrase | null = null;
  for (let v = f + 1; v < units.length && v - f < 8; v++) {
    const w = units[v]!;
    if (w.kind !== 'w') break;
    if (isVerbLike(w) || (L.between.has(w.lower) && !w.cap && v + 1 < units.length && isVerbLike(units[v + 1]))) {
      np = leftPhrase(units, v - 1);
      break;
    }
  }
  if (!np || np.first !== f || (np.pronoun && !/^(he|she|they|we|i)$/.test(np.pronoun))) return;
  if (!np.pronoun && !np.name.length && np.type === 'unknown') return;
  const v = skipFillers(units, np.last + 1, 1);
  const verb = units[v];
  if (!verb || !isVerbLike(verb) || /^(is|was|are|were|has|had|have|be|been|does|did|do)$/.test(verb.lower)) return;
  // Only a cue verb ("Smith asked the agency ...") or an ongoing stance ("X is courting Y"): on PolNeAR train, the
  // other verbs' clauses ("X won the primary", "X spoke in Iowa") were one in twenty-five an attribution.
  if (!L.verbs.has(verb.lower) && !(v > np.last + 1 && verb.lower.endsWith('ing'))) return;
  // "X spoke at a rally", "X said Friday in Louisville": a place, a time or a companion is no content.
  const next = units[v + 1];
  if (isW(next) && (ADJUNCT_STARTS.has(next!.lower) || DAY.test(next!.lower) || AFTER_VERB.has(next!.lower))) return;
  const end = clauseEnd(units, v + 1);
  if (end <= v + 1) return;
  const cue = { start: units[np.last + 1]!.start, end: verb.end };
  contentDraft(ctx, s, units, { first: v + 1, last: end }, cue, speakerOf(ctx, np, units, s), 'actor-clause', 0.25);
}
