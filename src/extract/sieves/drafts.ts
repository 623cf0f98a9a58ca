// Making drafts: the one way a draft joins the list (addDraft), content clauses and lone quotations as drafts, and the
// pieces a statement gains after it is made (more quoted parts, the question or frame it answers).
import type { Span } from '../../model.ts';
import type { Sentence } from '../document.ts';
import { newDraft, newSpeaker, type Draft, type DraftSpeaker } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';
import type { NounPhrase } from '../noun-phrase.ts';
import { wordCount, type Unit } from '../units.ts';
import { findVenue } from '../venue.ts';
import { clauseEnd, tailAttribution } from './clauses.ts';
import { WEAK, type Content, type SieveContext } from './context.ts';
import { CONTEXT_OPENERS, endsAt, isP, isW, TERMINAL } from './words.ts';
import { mapPacked } from '../packed.ts';

export function addDraft(ctx: SieveContext, d: Draft): void {
  // Only confident statements make someone the current speaker for later pronouns.
  if (d.speaker?.personId != null && d.confidence >= WEAK) {
    const person = ctx.table.personById(d.speaker.personId);
    if (person) ctx.table.noteSpeaker(person, d.parts[0]!.start, d.paragraph);
  }
  ctx.drafts.push(d);
}

/** A draft whose content is the units [c.first, c.last] of sentence s, trimmed; null when too short or a quote is taken. */
export function contentDraft(
  ctx: SieveContext,
  s: Sentence,
  units: Unit[],
  c: Content,
  cue: Span | null,
  speaker: DraftSpeaker | null,
  rule: string,
  confidence: number,
  minWords = 2,
): Draft | null {
  const doc = ctx.doc;
  let { first, last } = c;
  while (first <= last && isP(units[first], ',:;-—')) first++;
  while (last >= first && isP(units[last], TERMINAL + '-—')) last--;
  if (last < first) return null;
  const slice = units.slice(first, last + 1);
  const quotes = slice.filter((u) => u.kind === 'q');
  if (quotes.some((q) => ctx.usedQuotes.has(q.quote))) return null;
  const onlyQuote = slice.length === 1 && slice[0]!.kind === 'q';
  let parts: Span[];
  if (onlyQuote) {
    const q = doc.quotes[slice[0]!.quote]!;
    parts = [{ start: q.start, end: q.end }];
  } else {
    parts = [{ start: slice[0]!.start, end: slice[slice.length - 1]!.end }];
    if (wordCount(doc.text.slice(parts[0]!.start, parts[0]!.end), minWords) < minWords) return null;
  }
  for (const q of quotes) ctx.usedQuotes.add(q.quote);
  const kind = onlyQuote ? 'direct' : quotes.length ? 'mixed' : 'indirect';
  const venue = findVenue(doc.norm.slice(s.start, s.end).replace(doc.norm.slice(parts[0]!.start, parts[parts.length - 1]!.end), ' '));
  const d: Draft = newDraft({
    parts,
    kind,
    cue,
    speaker,
    rule,
    confidence,
    paragraph: s.paragraph,
    sentence: s.index,
    context: null,
    venue,
    quotes: mapPacked(quotes, (q) => q.quote),
  });
  addDraft(ctx, d);
  return d;
}

/** Quotation qi, the whole of sentence s, as a direct statement without a cue; the speaker's mention stays with its own draft. */
export function quoteDraft(
  ctx: SieveContext,
  s: Sentence,
  qi: number,
  speaker: DraftSpeaker | null,
  rule: string,
  confidence: number,
): void {
  const q = ctx.doc.quotes[qi]!;
  addDraft(
    ctx,
    newDraft({
      parts: [{ start: q.start, end: q.end }],
      kind: 'direct',
      cue: null,
      speaker: speaker && newSpeaker({ ...speaker, mention: null }),
      rule,
      confidence,
      paragraph: s.paragraph,
      sentence: s.index,
      context: null,
      venue: null,
      quotes: [qi],
    }),
  );
  ctx.usedQuotes.add(qi);
}

export function addQuotePart(ctx: SieveContext, d: Draft, qi: number): void {
  const q = ctx.doc.quotes[qi]!;
  d.parts.push({ start: q.start, end: q.end });
  d.quotes.push(qi);
  ctx.usedQuotes.add(qi);
}

/** The question or topic a statement answers: the frame of the paragraph before, or a "When asked ..., X said" opener. */
export function addContext(ctx: SieveContext, d: Draft, units: Unit[], np: NounPhrase): void {
  const f = ctx.frame;
  if (f && f.paragraph === d.paragraph - 1 && f.speaker.personId != null && f.speaker.personId === d.speaker?.personId) {
    d.context = f.text;
    return;
  }
  const first = units[0];
  if (first && first.kind === 'w' && CONTEXT_OPENERS.test(first.text) && isP(units[np.first - 1], ',') && np.first - 1 > 0) {
    d.context = ctx.doc.text.slice(first.start, units[np.first - 2]!.end);
  }
}

/** `"X," he said, "Y."` and `"X," he said. "Y."`: more quoted pieces of the same statement. */
export function interrupted(ctx: SieveContext, units: Unit[], tail: number, d: Draft): void {
  let k = tail;
  while (isW(units[k]) && !isW(units[k], 'and')) k++;
  if (d.kind !== 'direct') {
    // `..., said Smith, a professor at Rice, who ...`: after an inverted speaker comes their description, not content.
    if (d.rule === 'content-cue-speaker') return;
    // "In Miami, Mr. Regalado said, Mr. Trump is seen as ..."
    if (
      !isP(units[k], ',') ||
      !(isW(units[k + 1]) || units[k + 1]?.kind === 'q') ||
      isW(units[k + 1], 'according', 'and', 'but', 'who', 'which') ||
      L.verbs.get(units[k + 1]!.lower)?.ing
    )
      return;
    const end = clauseEnd(units, k + 1);
    if (end <= k + 1 || units.slice(k + 1, end + 1).some((u) => u.kind === 'q' && ctx.usedQuotes.has(u.quote))) return;
    // `A, Smith said, B, Jones said, ...`: B is the next attribution's content, not the rest of this one.
    for (let i = k + 2; i <= end + 1; i++) if (tailAttribution(units, i)) return;
    d.parts.push({ start: units[k + 1]!.start, end: units[end]!.end });
    for (const u of units.slice(k + 1, end + 1))
      if (u.kind === 'q') {
        d.quotes.push(u.quote);
        ctx.usedQuotes.add(u.quote);
      }
    return;
  }
  // `"X," Smith said, "Y," Jones said.`: Y is Jones's.
  if (
    isP(units[k], ',:') &&
    units[k + 1]?.kind === 'q' &&
    !ctx.usedQuotes.has(units[k + 1]!.quote) &&
    !tailAttribution(units, k + 1, true)
  ) {
    addQuotePart(ctx, d, units[k + 1]!.quote);
    if (!endsAt(units, k + 2)) return;
  } else if (!endsAt(units, k) && !asideOnly(units, k)) return;
  // Following quote-only sentences of the same paragraph.
  for (let si = d.sentence + 1; si < ctx.doc.sentences.length; si++) {
    const s = ctx.doc.sentences[si]!;
    if (s.paragraph !== d.paragraph) break;
    const nu = ctx.units[si]!;
    if (nu[0]?.kind !== 'q' || !endsAt(nu, 1) || ctx.usedQuotes.has(nu[0].quote)) break;
    addQuotePart(ctx, d, nu[0].quote);
  }
}

/**
 * `, a lawyer from Ohio who voted for Jones.`: only a description of the speaker is left in the sentence (no quotation,
 * no other speech verb), so a quotation opening the next sentence still continues the statement.
 */
function asideOnly(units: Unit[], k: number): boolean {
  if (!isP(units[k], ',')) return false;
  for (let i = k + 1; i < units.length; i++) {
    const u = units[i]!;
    if (u.kind === 'q') return false;
    const verb = u.kind === 'w' ? L.verbs.get(u.lower) : undefined;
    if (verb && (verb.class === 'speech' || verb.class === 'writing')) return false;
  }
  return true;
}
