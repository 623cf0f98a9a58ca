// Sieve: verbs outside the curated lexicon, scored by the learned cue model, with a speaker phrase that starts a clause.
// Low confidence (0.3). Training switches the model off and collects every candidate through the collect hook.
import { cueFeatures, scoreCandidate } from '../cue-model.ts';
import { LEXICON as L } from '../lexicon.ts';
import { leftPhrase } from '../noun-phrase.ts';
import { isCandidateVerb } from '../verbs.ts';
import { clauseEnd } from './clauses.ts';
import type { SentenceScope, SieveContext } from './context.ts';
import { contentDraft } from './drafts.ts';
import { speakerOf } from './speakers.ts';
import { isP, isW, skipFillers, startsClause } from './words.ts';
import { mapPacked } from '../packed.ts';

/** Prepositions that close a learned cue rather than open its content. */
const CUE_PARTICLES = ['on', 'at', 'for', 'against', 'about', 'over', 'with', 'into', 'upon', 'toward', 'towards', 'of', 'to'];

export function learnedCues(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (!ctx.cueModel && !ctx.collect) return;
  // Starts of the cues already read in the sentence (a handful: an array, built at the first candidate).
  let cues: (number | undefined)[] | null = null;
  for (let v = 1; v < units.length - 1; v++) {
    const u = units[v]!;
    if (!isCandidateVerb(u)) continue;
    cues ??= mapPacked(here.made, (d) => d.cue?.start);
    if (cues.includes(u.start) || L.verbs.has(u.lower)) continue;
    // The content start first: it is cheaper than the speaker phrase and rules out most candidates.
    let c0 = v + 1;
    while (isW(units[c0]) && /^[a-z]+ly$/.test(units[c0]!.text)) c0++;
    const first = units[c0];
    if (!first || (first.kind === 'p' && !(isP(first, ':') && units[c0 + 1]))) continue;
    const k = skipFillers(units, v - 1, -1);
    const np = k >= 0 ? leftPhrase(units, k) : null;
    if (!np || !startsClause(units, np.first) || /'s$/.test(units[np.last]!.lower)) continue;
    if (
      np.pronoun === 'it' ||
      np.pronoun === 'which' ||
      np.pronoun === 'you' ||
      (np.pronoun === 'who' && !(np.first > 0 && isP(units[np.first - 1], ',')))
    )
      continue;
    // Rare steps written as steps that always run (a step first met long after optimisation deoptimises the sieve).
    c0 += isP(first, ':') ? 1 : 0;
    const end = clauseEnd(units, c0);
    if (end < c0) continue;
    if (ctx.collect)
      ctx.collect({
        features: cueFeatures(units, v, np, c0, end),
        cue: { start: u.start, end: u.end },
        content: { start: units[c0]!.start, end: units[end]!.end },
      });
    if (!ctx.cueModel || scoreCandidate(ctx.cueModel, units, v, np, c0, end) < ctx.cueModel.threshold) continue;
    // "X focused on the economy", "X took aim at Y": the preposition belongs to the cue, the content follows it.
    const after = c0 < end ? units[c0 + 1] : undefined;
    const particle = isW(units[c0], ...CUE_PARTICLES) && after !== undefined && after.kind !== 'p';
    const d = contentDraft(
      ctx,
      s,
      units,
      { first: particle ? c0 + 1 : c0, last: end },
      { start: u.start, end: particle ? units[c0]!.end : u.end },
      speakerOf(ctx, np, units, s),
      'learned-cue',
      0.3,
    );
    if (d) cues.push(u.start);
  }
}
