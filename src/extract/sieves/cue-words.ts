// Sieve: the sentence's cue words, left to right — "according to X" and the lexicon's verbs. Their drafts are the
// sentence's `made`, which the participle reading and the later sieves consult.
import { LEXICON as L } from '../lexicon.ts';
import { accordingTo } from './according-to.ts';
import type { SentenceScope, SieveContext } from './context.ts';
import { cueVerb } from './cue-verb.ts';
import { evidenceReading } from './evidence.ts';
import { isW } from './words.ts';

export function cueWords(ctx: SieveContext, here: SentenceScope): void {
  const { units, made } = here;
  for (let c = 0; c < units.length; c++) {
    const u = units[c]!;
    if (u.kind !== 'w') continue;
    if (u.lower === 'according' && isW(units[c + 1], 'to')) {
      const d = accordingTo(ctx, here, c);
      if (d) made.push(d);
      continue;
    }
    const verb = L.verbs.get(u.lower);
    if (!verb) continue;
    // (One addition that always runs: a step taken only for "point out" deoptimised the sieve the first time.)
    const cueLast = c + (verb.lemma === 'point' || (isW(units[c + 1], 'out') && u.lower.startsWith('point')) ? 1 : 0);
    // A document that shows something, when the verb's own reading found no speaker: "A poll released Sunday shows ...".
    const d = cueVerb(ctx, here, c, cueLast, verb) ?? evidenceReading(ctx, here, c, verb);
    if (d) made.push(d);
  }
}
