// /search query [speaker] [topic] [limit]: full text over statements, context and speaker names, best first.
import { defineCommand } from '../src/slash/types.ts';
import {
  DEFAULT_PAGE_SIZE,
  limitOption,
  pagingOf,
  resolveSpeaker,
  resolveTopic,
  autocompleteSpeaker,
  speakerOption,
  topicOption,
  queryOption,
} from '../src/slash/shared.ts';
import { notice } from '../src/reply/types.ts';

export default defineCommand({
  definition: {
    name: 'search',
    description: 'Search what was said, best matches first',
    options: [
      queryOption('Words to find (all must appear); "a phrase" in quotes', true),
      speakerOption('Only this speaker', false),
      topicOption('Only this topic', false),
      limitOption(),
    ],
  },

  async run({ query, speaker, topic, limit }, context) {
    const who = speaker === undefined ? null : await resolveSpeaker('search', speaker, context);
    if (who && !who.ok) return who.reply;
    const about = topic === undefined ? null : resolveTopic('search', topic, context.topics);
    if (about && !about.ok) return about.reply;

    const page = await context.index.findStatements(
      { text: query, speakerId: who?.value.id, topic: about?.value.id },
      { limit: limit ?? DEFAULT_PAGE_SIZE, cursor: context.cursor, order: 'relevance' },
    );
    if (page.total === 0) {
      return notice('search', 'No matches', `Nothing in the index matches "${query}". Try fewer or other words.`);
    }
    return {
      type: 'statements',
      command: 'search',
      title: `Search: ${query}`,
      subtitle: [who?.value.name, about?.value.name, who?.note].filter(Boolean).join(' · ') || null,
      statements: page.items,
      grouping: 'none',
      paging: pagingOf(page, 'search', { query, speaker: who?.value.name, topic: about?.value.id, limit }),
    };
  },

  autocomplete: autocompleteSpeaker,
});
