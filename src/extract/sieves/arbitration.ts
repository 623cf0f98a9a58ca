// Arbitration: the one place a draft is taken back. A sieve that finds a reading stronger than earlier weak ones adds its
// draft and an Outranking; at the end of each paragraph the outranked drafts leave the list, in one step. The three
// readings that outrank others:
//   stated-by           "This was stated by X" outranks weak readings of the sentence it points back to;
//   quote-then-speaker  `"..." ¶ Smith said.` outranks the unattributed reading of that quotation;
//   frame-continuation  a first-person paragraph after "X commented on ..." outranks the paragraph's weak readings.
// Until then the outranked drafts stay in the list; no later sieve of the same paragraph is affected by them (each
// sieve looks at drafts of its own or a following sentence, or at the newest draft, which is never an outranked one).
import type { Draft } from '../draft.ts';
import type { SieveContext } from './context.ts';

export interface Outranking {
  by: Draft;
  outranks: readonly Draft[];
}

export function outrank(ctx: SieveContext, by: Draft, outranks: readonly Draft[]): void {
  if (outranks.length) ctx.outrankings.push({ by, outranks });
}

/** The drafts as they will stand after arbitration. */
export function standingDrafts(ctx: SieveContext): readonly Draft[] {
  if (!ctx.outrankings.length) return ctx.drafts;
  const out = outranked(ctx);
  return ctx.drafts.filter((d) => !out.has(d));
}

/** Removes every outranked draft, keeping the order of the rest. */
export function arbitrate(ctx: SieveContext): void {
  if (!ctx.outrankings.length) return;
  const out = outranked(ctx);
  let n = 0;
  for (const d of ctx.drafts) if (!out.has(d)) ctx.drafts[n++] = d;
  ctx.drafts.length = n;
  ctx.outrankings.length = 0;
}

function outranked(ctx: SieveContext): Set<Draft> {
  const out = new Set<Draft>();
  for (const o of ctx.outrankings) for (const d of o.outranks) out.add(d);
  return out;
}

/** Readings whose content is another speaker's report: a quotation, "according to X, ...", a question put to someone. */
const REPORTING_RULES = new Set(['according-to', 'content-speaker-cue', 'content-cue-speaker', 'asked-question']);
/** Readings found from a cue word inside text, which may sit inside another speaker's report. */
const CUE_RULES = new Set(['cue-content', 'cue-object', 'learned-cue', 'participle', 'as-speaker-cue']);

/**
 * Drops a cue reading nested inside another speaker's quotation or report (`"Smith said we go," Jones said`): the words
 * are Jones's, and PolNeAR annotates the outer report alone (on train, 1 in 50 such inner readings was an attribution).
 */
export function dropNested(ctx: SieveContext, firstDraft: number): void {
  const drafts = ctx.drafts;
  let n = firstDraft;
  for (let i = firstDraft; i < drafts.length; i++) {
    const d = drafts[i]!;
    if (!(CUE_RULES.has(d.rule) && insideReport(drafts, firstDraft, d))) drafts[n++] = d;
  }
  drafts.length = n;
}

function insideReport(drafts: readonly Draft[], from: number, d: Draft): boolean {
  const s = d.parts[0]!.start,
    e = d.parts[d.parts.length - 1]!.end;
  for (let i = from; i < drafts.length; i++) {
    const o = drafts[i]!;
    if (o === d || !REPORTING_RULES.has(o.rule)) continue;
    const os = o.parts[0]!.start,
      oe = o.parts[o.parts.length - 1]!.end;
    if (os <= s && oe >= e && oe - os > e - s) return true;
  }
  return false;
}
