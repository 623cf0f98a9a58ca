// Sieve: "This was stated by X" — the previous sentence is X's. Outranks weak readings of that sentence.
import type { Sentence } from '../document.ts';
import { newDraft, type Draft } from '../draft.ts';
import { rightPhrase, withApposition } from '../noun-phrase.ts';
import { findVenue } from '../venue.ts';
import { outrank } from './arbitration.ts';
import { isLabel, WEAK, type SentenceScope, type SieveContext } from './context.ts';
import { addDraft } from './drafts.ts';
import { speakerOf } from './speakers.ts';
import { trimSpan } from './words.ts';

const STATED_BY =
  /^(?:this|that|it|these|those|such (?:statements?|remarks?|words)|the (?:statement|remarks?|words))\s+(?:was|were|is|are|has been|have been|had been)\s+(?:\w+ly\s+)?(?:stated|said|announced|reported|noted|declared|emphasi[sz]ed|stressed|written|explained|claimed|underlined|pointed out|told|confirmed|voiced|expressed)\s+(?:\w+\s+)?by\b/i;

export function statedBy(ctx: SieveContext, here: SentenceScope): void | 'settled' {
  const { s, units } = here;
  const text = ctx.doc.norm.slice(s.start, s.end);
  const m = STATED_BY.exec(text);
  if (!m) return;
  const byEnd = s.start + m[0].length;
  const by = units.findIndex((u) => u.end === byEnd);
  if (by < 0) return;
  let np = rightPhrase(units, by + 1);
  if (!np) return;
  np = withApposition(units, np);
  const prev = previousSentence(ctx, s);
  if (!prev) return;
  const content = trimSpan(ctx.doc.norm, prev.sentence.start, prev.sentence.end);
  const cueUnit = units
    .slice(0, by)
    .reverse()
    .find((u) => u.kind === 'w' && /(ed|said|told|written|out)$/.test(u.lower));
  const speaker = speakerOf(ctx, np, units, s);
  const venue = findVenue(ctx.doc.norm.slice(units[np.last]!.end, s.end));
  const d: Draft = newDraft({
    parts: [content],
    kind: 'indirect',
    cue: cueUnit ? { start: cueUnit.start, end: cueUnit.end } : null,
    speaker,
    rule: 'stated-by',
    confidence: 0.9,
    paragraph: s.paragraph,
    sentence: s.index,
    context: null,
    venue,
    quotes: [],
  });
  addDraft(ctx, d);
  outrank(ctx, d, prev.weakReadings);
  return 'settled';
}

/**
 * The sentence before s (labels skipped) with its weak readings, which a passive "This was stated by X" outranks;
 * null when a confident reading already claims it.
 */
function previousSentence(ctx: SieveContext, s: Sentence): { sentence: Sentence; weakReadings: Draft[] } | null {
  for (let k = s.index - 1; k >= 0; k--) {
    const p = ctx.doc.sentences[k]!;
    if (isLabel(ctx.doc, ctx.doc.paragraphs[p.paragraph]!)) continue;
    const claimed = (d: Draft) => d.sentence === k || d.parts.some((x) => x.start < p.end && p.start < x.end);
    if (ctx.drafts.some((d) => claimed(d) && d.confidence >= WEAK)) return null;
    return { sentence: p, weakReadings: ctx.drafts.filter(claimed) };
  }
  return null;
}
