// Paragraph sieve: an unmarked paragraph in the first person right after "X commented on ...": X's words. It outranks
// the paragraph's readings when all of them are weak.
import type { Paragraph } from '../document.ts';
import { newDraft, newSpeaker, type Draft } from '../draft.ts';
import { outrank, standingDrafts } from './arbitration.ts';
import { WEAK, type SieveContext } from './context.ts';
import { addDraft } from './drafts.ts';
import { trimSpan } from './words.ts';

const FIRST_PERSON = /\b(?:we|our|us|i|my|me|ours)\b/i;

export function frameContinuation(ctx: SieveContext, p: Paragraph, firstDraft: number): void {
  const f = ctx.frame;
  if (!f || f.paragraph !== p.index - 1) return;
  // The paragraph's readings are the standing drafts from the count the paragraph began with. When a stated-by reading
  // here outranked drafts of the paragraph before, this window starts that many drafts late (kept from the original
  // cascade, whose output this refactor preserves byte for byte).
  const readings = standingDrafts(ctx).slice(firstDraft);
  if (!readings.every((d) => d.confidence < WEAK)) return;
  const doc = ctx.doc;
  const body = doc.text.slice(p.start, p.end);
  if (doc.quotes.some((q) => q.start < p.end && p.start < q.end)) return;
  if (!FIRST_PERSON.test(body)) return;
  const last = doc.sentences[p.sentenceEnd - 1]!;
  const span = trimSpan(doc.norm, doc.sentences[p.sentenceStart]!.start, last.end);
  const d: Draft = newDraft({
    parts: [span],
    kind: 'continuation',
    cue: null,
    speaker: newSpeaker({ ...f.speaker, mention: null }),
    rule: 'frame-continuation',
    confidence: 0.6,
    paragraph: p.index,
    sentence: p.sentenceStart,
    context: f.text,
    venue: null,
    quotes: [],
  });
  addDraft(ctx, d);
  outrank(ctx, d, readings);
}
