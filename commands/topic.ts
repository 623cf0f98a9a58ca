// /topic name [speaker] [limit]: who said what on a topic, grouped by speaker.
import { ApplicationCommandOptionType } from '../src/slash/option-types.ts';
import { defineCommand } from '../src/slash/types.ts';
import {
  DEFAULT_PAGE_SIZE,
  limitOption,
  pagingOf,
  resolveSpeaker,
  resolveTopic,
  autocompleteSpeaker,
  speakerOption,
  topicChoices,
} from '../src/slash/shared.ts';
import { notice } from '../src/reply/types.ts';

export default defineCommand({
  definition: {
    name: 'topic',
    description: 'Who said what on a topic, grouped by speaker',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'name',
        description: 'The topic',
        required: true,
        choices: topicChoices(),
      },
      speakerOption('Only this speaker', false),
      limitOption(),
    ],
  },

  async run({ name, speaker, limit }, context) {
    const topic = resolveTopic('topic', name, context.topics);
    if (!topic.ok) return topic.reply;
    const who = speaker === undefined ? null : await resolveSpeaker('topic', speaker, context);
    if (who && !who.ok) return who.reply;

    const page = await context.index.findStatements(
      { topic: topic.value.id, speakerId: who?.value.id },
      { limit: limit ?? DEFAULT_PAGE_SIZE, cursor: context.cursor, order: 'newest' },
    );
    if (page.total === 0) {
      return notice('topic', 'No statements', `Nothing in the index on ${topic.value.name}${who ? ` from ${who.value.name}` : ''}.`);
    }
    // Grouped by speaker within the page; statements of one speaker stay newest first.
    const order = new Map<number | null, number>();
    page.items.forEach((s, i) => order.has(s.speaker?.id ?? null) || order.set(s.speaker?.id ?? null, i));
    const statements = [...page.items].sort((a, b) => order.get(a.speaker?.id ?? null)! - order.get(b.speaker?.id ?? null)!);
    return {
      type: 'statements',
      command: 'topic',
      title: who ? `${topic.value.name}: ${who.value.name}` : topic.value.name,
      subtitle: [topic.value.description, who?.note].filter(Boolean).join(' · ') || null,
      statements,
      grouping: 'speaker',
      paging: pagingOf(page, 'topic', { name: topic.value.id, speaker: who?.value.name, limit }),
    };
  },

  autocomplete: autocompleteSpeaker,
});
