// Sieves for sentences whose cue words made nothing: a quotation introduced by the sentence's subject and a colon, and a
// quotation standing alone (it continues the paragraph's speaker, or stays unattributed). The two exclude each other:
// a lone quotation is the whole sentence, a colon quotation follows words.
import { wordCount } from '../units.ts';
import { WEAK, type SentenceScope, type SieveContext } from './context.ts';
import { addQuotePart, contentDraft, interrupted, quoteDraft } from './drafts.ts';
import { isOutlet, speakerOf } from './speakers.ts';
import { sentenceSubject } from './subjects.ts';
import { endsAt, isP } from './words.ts';

/** `Sanders delivered a snappy retort: "No one is tearing this up."` — the sentence's subject introduces a quotation. */
export function subjectColonQuote(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (here.made.length) return;
  const colon = units.findIndex((u) => isP(u, ':'));
  if (colon < 2 || units[colon + 1]?.kind !== 'q' || !endsAt(units, colon + 2) || ctx.usedQuotes.has(units[colon + 1]!.quote)) return;
  if (!units.slice(0, colon).some((u) => u.kind === 'w' && !u.cap)) return;
  const np = sentenceSubject(units, colon);
  if (!np || isOutlet(ctx, np)) return;
  const cue = { start: units[colon]!.start, end: units[colon]!.end };
  const d = contentDraft(
    ctx,
    s,
    units,
    { first: colon + 1, last: colon + 1 },
    cue,
    speakerOf(ctx, np, units, s),
    'subject-colon-quote',
    0.6,
  );
  if (d) interrupted(ctx, units, colon + 2, d);
}

/** Readings of a quotation followed by its cue and speaker (`"...," Smith said`). */
const QUOTE_THEN_CUE = new Set(['content-speaker-cue', 'content-cue-speaker']);

/** A quote standing alone: it continues the paragraph's speaker, or the previous paragraph's when it opens one. */
export function lonelyQuote(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (here.made.length) return;
  const q = units[0];
  if (!q || q.kind !== 'q' || !endsAt(units, 1) || ctx.usedQuotes.has(q.quote)) return;
  const last = ctx.drafts[ctx.drafts.length - 1];
  const para = ctx.doc.paragraphs[s.paragraph]!;
  const carries =
    last &&
    last.speaker &&
    (last.kind === 'direct' || last.kind === 'mixed' || (last.paragraph < s.paragraph && !!last.speaker.name && last.confidence >= WEAK));
  if (
    last &&
    last.speaker &&
    carries &&
    last.sentence < s.index &&
    (last.paragraph === s.paragraph || (last.paragraph === s.paragraph - 1 && s.index === para.sentenceStart))
  ) {
    if (last.paragraph === s.paragraph) {
      addQuotePart(ctx, last, q.quote);
      return;
    }
    // "X said that ..." closing one paragraph, a quotation opening the next: X's words, as their own statement.
    if (last.kind !== 'direct' && last.kind !== 'mixed') quoteDraft(ctx, s, q.quote, last.speaker, 'quote-after-report', 0.5);
    // `"A," Smith said. ¶ "B."`: the paragraph after a quotation and its speaker goes on with the same statement.
    else if (QUOTE_THEN_CUE.has(last.rule) && last.parts.length === 1) addQuotePart(ctx, last, q.quote);
    else quoteDraft(ctx, s, q.quote, last.speaker, 'quote-continuation', 0.6);
    return;
  }
  // The paragraph already named who speaks ("X said that ... . \"...\""): the quotation is theirs.
  if (last && last.speaker && last.paragraph === s.paragraph && last.sentence < s.index && (last.speaker.name || last.speaker.mention)) {
    quoteDraft(ctx, s, q.quote, last.speaker, 'paragraph-speaker-quote', 0.5);
    return;
  }
  const q0 = ctx.doc.quotes[q.quote]!;
  if (wordCount(ctx.doc.text.slice(q0.innerStart, q0.innerEnd), 6) >= 6) quoteDraft(ctx, s, q.quote, null, 'unattributed-quote', 0.3);
}
