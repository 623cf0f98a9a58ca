// /quote speaker [topic] [limit]: a speaker's statements, newest first.
import { defineCommand } from '../src/slash/types.ts';
import {
  DEFAULT_PAGE_SIZE,
  pagingOf,
  resolveSpeaker,
  resolveTopic,
  autocompleteSpeaker,
  speakerOption,
  topicOption,
  limitOption,
} from '../src/slash/shared.ts';
import { notice } from '../src/reply/types.ts';
import { headerRole } from '../src/reply/present.ts';

export default defineCommand({
  definition: {
    name: 'quote',
    description: "A speaker's statements, newest first",
    options: [
      speakerOption('Who said it (name, surname or alias)', true),
      topicOption('Only statements on this topic', false),
      limitOption(),
    ],
  },

  async run({ speaker, topic, limit }, context) {
    const who = await resolveSpeaker('quote', speaker, context);
    if (!who.ok) return who.reply;
    const about = topic === undefined ? null : resolveTopic('quote', topic, context.topics);
    if (about && !about.ok) return about.reply;
    const topicId = about?.value.id;

    const page = await context.index.findStatements(
      { speakerId: who.value.id, topic: topicId },
      { limit: limit ?? DEFAULT_PAGE_SIZE, cursor: context.cursor, order: 'newest' },
    );
    if (page.total === 0) {
      return notice(
        'quote',
        'No statements',
        topicId
          ? `${who.value.name} has no statements on ${about!.value.name} in the index.`
          : `${who.value.name} has no statements in the index.`,
      );
    }
    return {
      type: 'statements',
      command: 'quote',
      title: topicId ? `${who.value.name} on ${about!.value.name}` : who.value.name,
      subtitle: [headerRole(who.value), who.note].filter(Boolean).join(' · ') || null,
      statements: page.items,
      grouping: 'none',
      paging: pagingOf(page, 'quote', { speaker: who.value.name, topic: topicId, limit }),
    };
  },

  autocomplete: autocompleteSpeaker,
});
