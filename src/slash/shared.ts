// Pieces several command handlers share: speaker and topic resolution with user-facing suggestions.
import { ApplicationCommandOptionType } from './option-types.ts';
import type { Page, SpeakerMatch } from '../store/store.ts';
import { notice, type NoticeReply, type Paging, type PageRef } from '../reply/types.ts';
import { topicCatalog, type Topic, type TopicCatalog } from '../topics/index.ts';
import { cleanTyped } from './options.ts';
import type { Choice, CommandContext, FocusedOption } from './types.ts';
import { speakerLabel } from '../reply/wording.ts';
import { clip } from '../text/truncate.ts';
import { foldText } from '../speakers/fold.ts';

export const DEFAULT_PAGE_SIZE = 5;
export const MAX_PAGE_SIZE = 10;
export const MAX_CHOICES = 25;
export const MAX_CHOICE_NAME = 100;

/** The known topics as fixed choices of a command option (at most 25, as Discord allows). */
export function topicChoices(): { name: string; value: string }[] {
  return topicCatalog()
    .topics.slice(0, MAX_CHOICES)
    .map((t) => ({ name: `${t.name} (${t.id})`.slice(0, MAX_CHOICE_NAME), value: t.id }));
}

export const speakerOption = <const R extends boolean>(description: string, required: R) =>
  ({
    type: ApplicationCommandOptionType.String,
    name: 'speaker',
    description,
    required,
    autocomplete: true,
    max_length: 200,
  }) as const;

/** A topic, picked from the known topics (fixed choices). */
export const topicOption = <const R extends boolean>(description: string, required: R) =>
  ({ type: ApplicationCommandOptionType.String, name: 'topic', description, required, choices: topicChoices() }) as const;

/** Words to find, as /search takes them. */
export const queryOption = <const R extends boolean>(description: string, required: R) =>
  ({ type: ApplicationCommandOptionType.String, name: 'query', description, required, max_length: 200 }) as const;

/** `note`: what the reply should say about how the value was found (a near-miss spelling). */
/** `limit`: statements per page, up to what one Discord message shows (MAX_PAGE_SIZE embeds). */
export function limitOption(): {
  type: typeof ApplicationCommandOptionType.Integer;
  name: 'limit';
  description: string;
  required: false;
  min_value: number;
  max_value: number;
} {
  return {
    type: ApplicationCommandOptionType.Integer,
    name: 'limit',
    description: `Statements per page (1-${MAX_PAGE_SIZE})`,
    required: false,
    min_value: 1,
    max_value: MAX_PAGE_SIZE,
  };
}

export type Resolved<T> = { ok: true; value: T; note?: string | null } | { ok: false; reply: NoticeReply };

export async function resolveSpeaker(command: string, query: string, context: CommandContext): Promise<Resolved<SpeakerMatch>> {
  const lookup = await context.index.lookupSpeaker(query);
  if (lookup.kind === 'found') return { ok: true, value: lookup.speaker, note: nearMissNote(query, lookup.speaker) };
  const suggestions = lookup.suggestions.slice(0, 5).map((s) => s.name);
  return {
    ok: false,
    reply: notice(
      command,
      'Unknown speaker',
      suggestions.length
        ? `Nobody called "${query}" is in the index. Did you mean one of these?`
        : `Nobody called "${query}" is in the index. /speakers lists everyone who has statements.`,
      { suggestions },
    ),
  };
}

/**
 * When the name typed is not one of the speaker's known spellings (a variant that folds to one, "Rute" for
 * Rutte), the reply says whom it shows: "showing Mark Rutte for 'Rute'". Null when the spelling is known.
 */
export function nearMissNote(query: string, speaker: { name: string; matched: string }): string | null {
  const typed = foldText(query).split(' ').filter(Boolean);
  const known = new Set([...foldText(speaker.matched).split(' '), ...foldText(speaker.name).split(' ')]);
  if (!typed.length || typed.every((t) => known.has(t))) return null;
  return `showing ${speaker.name} for '${query.trim()}'`;
}

export function resolveTopic(command: string, key: string, topics: TopicCatalog): Resolved<Topic> {
  const topic = topics.get(key);
  if (topic) return { ok: true, value: topic };
  return {
    ok: false,
    reply: notice(command, 'Unknown topic', `There is no topic "${key}". Known topics:`, {
      suggestions: topics.topics.map((t) => t.id),
    }),
  };
}

export async function speakerChoices(value: string, context: CommandContext): Promise<Choice[]> {
  return (await context.index.suggestSpeakers(cleanTyped(value), MAX_CHOICES)).map((s) => {
    return { name: clip(speakerLabel(s), MAX_CHOICE_NAME), value: s.name.slice(0, MAX_CHOICE_NAME) };
  });
}

/** The autocomplete of a command whose only suggested option is `speaker`. */
export async function autocompleteSpeaker(focused: FocusedOption, _options: unknown, context: CommandContext): Promise<Choice[]> {
  return focused.name === 'speaker' ? speakerChoices(focused.value, context) : [];
}

/** Paging for a Reply: where the page sits in the result and how to reach its neighbours. */
export function pagingOf<T>(page: Page<T>, command: string, options: Record<string, string | number | boolean | undefined>): Paging {
  const kept = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as PageRef['options'];
  const ref = (cursor: string | null): PageRef | null => (cursor ? { command, options: kept, cursor } : null);
  return {
    total: page.total,
    ...(page.totalCapped ? { totalCapped: true } : {}),
    offset: page.offset,
    shown: page.items.length,
    prev: ref(page.prevCursor),
    next: ref(page.nextCursor),
  };
}

/**
 * Tenancy: the server what this command adds belongs to, or undefined for the global corpus (the console,
 * the CLI, a direct message, a WHOSAID_OWNER_GUILDS server).
 */
export function addsAs(context: Pick<CommandContext, 'channel' | 'ownerGuilds'>): string | undefined {
  const guildId = context.channel?.guildId ?? null;
  if (!guildId || context.ownerGuilds?.includes(guildId)) return undefined;
  return guildId;
}
