// Cue without content in its own sentence: `X said:` with the quotation in the next sentence (or paragraph), or
// `"Nobody expected this?" ¶ Smith said.` with the quotation just before it. The latter outranks the unattributed
// reading the lonely-quote sieve gave that quotation.
import type { Span } from '../../model.ts';
import type { Draft, DraftSpeaker } from '../draft.ts';
import { outrank } from './arbitration.ts';
import { adjunctTail } from './clauses.ts';
import type { SentenceScope, SieveContext } from './context.ts';
import { contentDraft } from './drafts.ts';
import { endsAt, isP } from './words.ts';

/** The draft for a cue whose content is a neighbouring quote-only sentence; k is the first unit after the cue. */
export function colonLead(ctx: SieveContext, here: SentenceScope, k: number, cue: Span, speakerFor: () => DraftSpeaker): Draft | null {
  const { s, units } = here;
  if (!endsAt(units, k) && !adjunctTail(units, k)) return null;
  // `"Nobody expected this?" ¶ Smith said.` split by the sentence splitter: the quote just before, same paragraph.
  const prev = ctx.doc.sentences[s.index - 1];
  if (!isP(units[k], ':') && prev && prev.paragraph === s.paragraph) {
    const pu = ctx.units[prev.index]!;
    const q = pu[0];
    const orphan = q?.kind === 'q' ? ctx.drafts.find((d) => d.sentence === prev.index && d.rule === 'unattributed-quote') : undefined;
    if (
      q?.kind === 'q' &&
      endsAt(pu, 1) &&
      (orphan || !ctx.usedQuotes.has(q.quote)) &&
      !ctx.drafts.some((d) => d.sentence === prev.index && d !== orphan)
    ) {
      // The quotation passes from the unattributed reading to this one.
      if (orphan) ctx.usedQuotes.delete(q.quote);
      const d = contentDraft(ctx, prev, pu, { first: 0, last: 0 }, cue, speakerFor(), 'quote-then-speaker', 0.75);
      if (d) {
        d.sentence = s.index;
        if (orphan) outrank(ctx, d, [orphan]);
      }
      return d;
    }
  }
  const next = ctx.doc.sentences[s.index + 1];
  if (!next || (next.paragraph !== s.paragraph && !isP(units[k], ':'))) return null;
  const nu = ctx.units[next.index]!;
  if (nu[0]?.kind !== 'q' || ctx.usedQuotes.has(nu[0].quote)) return null;
  const d = contentDraft(ctx, next, nu, { first: 0, last: 0 }, cue, speakerFor(), 'speaker-cue-colon', 0.8);
  if (d) d.sentence = s.index;
  return d;
}
