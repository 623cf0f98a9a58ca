// Wording shared by every renderer: how a statement's kind, attribution and source read to a person.
import type { StatementKind } from '../model.ts';
import type { SourceRef, SpeakerRef, StatementRecord } from '../store/types.ts';
import type { DigestSection } from './types.ts';
import { plural, publishedLabel } from './wording.ts';

export const KIND_LABEL: Record<StatementKind, string> = {
  direct: 'verbatim quote',
  indirect: 'reported speech (paraphrase)',
  mixed: 'paraphrase with quoted words',
  continuation: "the speaker's words, reported without quotation marks",
};

/** The kinds counted in a line: "verbatim 4, paraphrased 8". */
export const KIND_COUNT_LABEL: Record<StatementKind, string> = {
  direct: 'verbatim',
  indirect: 'paraphrased',
  mixed: 'paraphrased with quoted words',
  continuation: 'own words without quotation marks',
};

/** True when the text is the speaker's own words and may be shown in quotation marks. */
export function isVerbatim(kind: StatementKind): boolean {
  return kind === 'direct';
}

/** A paraphrase reads from after "that" (indexes made before extraction stripped it for every kind). */
export function statementText(statement: { kind: StatementKind }, text: string): string {
  return isVerbatim(statement.kind) || statement.kind === 'continuation' ? text : text.replace(/^that\s+/i, '');
}

/** The reporting verb in front of a paraphrase ("Emphasized"), so "He also emphasized …" keeps its verb. */
export function reportingLead(statement: { kind: StatementKind; cue: string | null }): string | null {
  if (isVerbatim(statement.kind) || !statement.cue) return null;
  const cue = statement.cue.replace(/\s+/g, ' ').trim().slice(0, 40);
  return cue ? cue[0]!.toUpperCase() + cue.slice(1) : null;
}

/**
 * A statement's role reads as its article put it, marked so when the registry words it otherwise (the
 * header shows the registry's). A bare title the registry completes ("President" -> "President of Ukraine")
 * is the same office, said fully.
 */
export function statementRole(speaker: SpeakerRef): string | null {
  const { role, registryRole } = speaker;
  if (!role) return registryRole ?? null;
  if (!registryRole || role.toLowerCase() === registryRole.toLowerCase()) return role;
  if (registryRole.toLowerCase().startsWith(`${role.toLowerCase()} `)) return registryRole;
  return `${role} (article's words)`;
}

/** The role in a header: the registry's, said to be so; otherwise the latest article's. */
export function headerRole(speaker: SpeakerRef): string | null {
  if (speaker.registryRole) return `${speaker.registryRole} (registry)`;
  return speaker.role;
}

/** A speaker's heading over their statements: "Name, registry role (registry)". */
export function speakerHeading(speaker: SpeakerRef | null): string {
  if (!speaker) return 'Unattributed';
  const role = headerRole(speaker);
  return role ? `${speaker.name}, ${role}` : speaker.name;
}

/** The heading over statements nobody is named for (unnamed sources, unattributed), where they are grouped by speaker. */
export const NO_NAMED_SPEAKER = 'No named speaker';

/** "senior NATO official" -> "a senior NATO official"; a plural ("diplomats", "officials familiar with …") stays bare. */
export function unnamedDescription(description: string): string {
  const text = description.trim();
  if (/^(a|an|the|some|several|two|three|one)\s/i.test(text)) return text;
  // The head noun is the last word before a qualifier ("spokesperson for the ministry", "officials familiar with").
  const words = text.split(/\s+/);
  const stop = words.findIndex((w, i) => i > 0 && /^(for|of|with|from|in|at|to|on|who|close|familiar|briefed|involved|speaking)$/i.test(w));
  const head = words[(stop > 0 ? stop : words.length) - 1] ?? '';
  if (/[^s]s$/i.test(head) || /^(people|staff|police|sources)$/i.test(head)) return text;
  return `${/^[aeiou]/i.test(text) ? 'an' : 'a'} ${text}`;
}

/**
 * Who a statement is from, as every renderer shows it: "Name, role"; an unnamed source as "a senior NATO
 * official (unnamed), per Outlet"; a statement nobody can be named for as "unattributed — two candidates: …".
 * Words that cite someone else end "(citing Washington)".
 */
export function attribution(statement: StatementRecord): string {
  const speaker = statement.speaker;
  const citing = statement.innerSource ? ` (citing ${statement.innerSource})` : '';
  if (!speaker) {
    if (statement.unnamedSource) {
      const outlet = statement.sources[0]?.outlet;
      return `${unnamedDescription(statement.unnamedSource)} (unnamed)${outlet ? `, per ${outlet}` : ''}${citing}`;
    }
    return `${statement.unattributed ? `unattributed — ${statement.unattributed}` : 'unattributed'}${citing}`;
  }
  const role = statementRole(speaker);
  return `${role ? `${speaker.name}, ${role}` : speaker.name}${citing}`;
}

/** Tenancy: an uploaded file's outlet and link are only its uploader's claim (never fetched and matched). */
export function claimNote(source: SourceRef): string | null {
  if (source.claimed === 'here') return 'uploaded by a member of this server';
  if (source.claimed === 'uploaded') return 'uploaded from Discord, outlet not checked';
  return null;
}

/** The outlet as shown: with the claim note when the outlet is only claimed by an upload. */
export function outletLabel(source: SourceRef): string {
  const note = claimNote(source);
  return note ? `${source.outlet} (${note})` : source.outlet;
}

export function sourceLine(source: SourceRef): string {
  return `${outletLabel(source)}, ${publishedLabel(source.published)}`;
}

export function alsoReported(statement: StatementRecord): string | null {
  // A second file from the same outlet is not someone else reporting it.
  const first = statement.sources[0]?.outlet;
  const others = statement.sources.slice(1).filter((s) => s.outlet !== first);
  if (!others.length) return null;
  const outlets = [...new Set(others.map((s) => outletLabel(s)))];
  return `also reported by ${outlets.slice(0, 5).join(', ')}${outlets.length > 5 ? ` and ${outlets.length - 5} more` : ''}`;
}

export function pageLine(paging: { total: number; totalCapped?: boolean; offset: number; shown: number }, noun: string): string {
  const first = paging.offset + 1;
  const last = paging.offset + paging.shown;
  // A capped total is a lower bound: "1–10 of 10,000+ statements".
  if (paging.totalCapped) return `${first === last ? first : `${first}–${last}`} of ${paging.total.toLocaleString('en-US')}+ ${noun}s`;
  if (paging.total <= paging.shown && paging.offset === 0) return plural(paging.total, noun);
  return `${first === last ? first : `${first}–${last}`} of ${plural(paging.total, noun)}`;
}

/** What the console's /next and /prev do from here: "/next for more", "/prev for the previous page". */
export function pageMoves(paging: { prev: unknown; next: unknown }): string {
  const moves = [paging.prev ? '/prev for the previous page' : null, paging.next ? '/next for more' : null].filter(Boolean);
  return moves.join(' · ');
}

/** A digest section shows a speaker's key statements only: "… and 2 more (/quote speaker:… topic:…)". */
export function digestMoreLine(section: DigestSection, topic: string): string | null {
  const more = section.count - section.key.length;
  if (more <= 0) return null;
  const command = section.speaker ? `/quote speaker:${section.speaker.name} topic:${topic}` : `/topic name:${topic}`;
  return `… and ${more} more (${command})`;
}
