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
