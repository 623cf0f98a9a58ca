// Cue: "according to X", sentence-initial ("According to X, ...") or trailing ("..., according to X.").
import type { Draft } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';
import { rightPhrase, withApposition, type NounPhrase } from '../noun-phrase.ts';
import { leftStart, markTail } from './clauses.ts';
import type { Content, SentenceScope, SieveContext } from './context.ts';
import { contentDraft } from './drafts.ts';
import { speakerOf } from './speakers.ts';
import { firstContent, isP, isW, TERMINAL } from './words.ts';
import { isVerbLike } from '../verbs.ts';

/** The draft for "according" at unit c (followed by "to"). */
export function accordingTo(ctx: SieveContext, here: SentenceScope, c: number): Draft | null {
  const { s, units } = here;
  const f = firstContent(units);
  // The source runs to the comma (sentence-initial "According to X, ...") or to the sentence end ("..., according to X.").
  let last = c + 2;
  const initial = f === c || (f === c - 1 && isW(units[f], 'but', 'and'));
  if (!initial && c > f + 1 && isP(units[c - 1], ',')) {
    const d = parenthetical(ctx, here, c);
    if (d) return d;
  }
  while (
    last + 1 < units.length &&
    !(initial ? isP(units[last + 1], ',;') : isP(units[last + 1], '.;!?')) &&
    units[last + 1]!.kind !== 'q' &&
    // "..., according to Smith, we go, ...": the source ends where another clause or attribution begins.
    !(isP(units[last + 1], ',') && isW(units[last + 2], 'according', 'we', 'i', 'he', 'she', 'they', 'it', 'you'))
  )
    last++;
  while (last > c + 2 && isP(units[last], TERMINAL + ')')) last--;
  if (last < c + 2 || !isW(units[c + 2]) || last - c > 30) return null;
  const inner = rightPhrase(units, c + 2);
  const np: NounPhrase =
    inner && inner.last === last
      ? withApposition(units, inner)
      : {
          first: c + 2,
          last,
          start: units[c + 2]!.start,
          end: units[last]!.end,
          text: ctx.doc.text.slice(units[c + 2]!.start, units[last]!.end),
          pronoun: L.pronouns.has(units[c + 2]!.lower) && last === c + 2 ? units[c + 2]!.lower : null,
          name: inner?.name ?? [],
          role: inner?.name.length ? inner.role : ctx.doc.text.slice(units[c + 2]!.start, units[last]!.end),
          type: inner?.type ?? 'organisation',
        };
  let content: Content | null = null;
  if (initial && isP(units[last + 1], ',')) content = { first: last + 2, last: units.length - 1 };
  else if (!initial && c > f) {
    const from = leftStart(ctx, here, c - 1);
    if (from >= 0) content = { first: from, last: isP(units[c - 1], ',') ? c - 2 : c - 1 };
    markTail(here, last);
  }
  if (!content) return null;
  if (np.pronoun === 'him' || np.pronoun === 'her' || np.pronoun === 'them') np.pronoun = null;
  const speaker = speakerOf(ctx, np, units, s);
  const cue = { start: units[c]!.start, end: units[c + 1]!.end };
  return contentDraft(ctx, s, units, content, cue, speaker, 'according-to', 0.8);
}

/**
 * "Fundraising, according to the campaign, has surged": an aside inside the clause, whose content is both sides of it
 * (PolNeAR draws two pieces). The source is a phrase closed by a comma, and the clause goes on after it with its verb
 * ("has surged", "was a decision") or a subject and verb ("..., according to X, Lind sat ...").
 */
function parenthetical(ctx: SieveContext, here: SentenceScope, c: number): Draft | null {
  const { s, units } = here;
  const inner = rightPhrase(units, c + 2);
  let close = inner ? withApposition(units, inner).last + 1 : -1;
  if (!inner || !isP(units[close], ',')) {
    close = c + 2;
    while (close < units.length && close - c < 14 && !isP(units[close], ',') && units[close]!.kind === 'w') close++;
  }
  if (!isP(units[close], ',') || close - c > 16) return null;
  const next = units[close + 1];
  const verbAt = (i: number) =>
    isVerbLike(units[i]) ||
    L.irregularVerbs.has(units[i]?.lower ?? '') ||
    /^(is|are|was|were|has|have|had|will|would|can|could|may|might|remains?|seems?)$/.test(units[i]?.lower ?? '');
  const subject = isW(next) ? rightPhrase(units, close + 1) : null;
  if (!isW(next) || !(verbAt(close + 1) || (subject && verbAt(subject.last + 1)))) return null;
  const from = leftStart(ctx, here, c - 1);
  if (from < 0 || from > c - 2) return null;
  let end = units.length - 1;
  while (end > close && isP(units[end], TERMINAL)) end--;
  if (end <= close + 1) return null;
  const np = withApposition(units, inner ?? rightPhrase(units, c + 2) ?? ({ first: c + 2, last: close - 1 } as NounPhrase));
  const source: NounPhrase =
    inner && np.last === close - 1
      ? np
      : {
          first: c + 2,
          last: close - 1,
          start: units[c + 2]!.start,
          end: units[close - 1]!.end,
          text: ctx.doc.text.slice(units[c + 2]!.start, units[close - 1]!.end),
          pronoun: null,
          name: inner?.name ?? [],
          role: ctx.doc.text.slice(units[c + 2]!.start, units[close - 1]!.end),
          type: inner?.type ?? 'organisation',
        };
  const cue = { start: units[c]!.start, end: units[c + 1]!.end };
  const d = contentDraft(ctx, s, units, { first: from, last: c - 2 }, cue, speakerOf(ctx, source, units, s), 'according-to-aside', 0.8, 1);
  if (!d) return null;
  d.parts.push({ start: units[close + 1]!.start, end: units[end]!.end });
  markTail(here, close - 1);
  return d;
}
