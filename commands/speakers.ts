// /speakers [topic]: who is in the index, with role and number of statements.
import { defineCommand } from '../src/slash/types.ts';
import { pagingOf, resolveTopic, topicOption } from '../src/slash/shared.ts';
import { notice } from '../src/reply/types.ts';

const PAGE = 15;

export default defineCommand({
  definition: {
    name: 'speakers',
    description: 'Browse the people and organisations quoted, most statements first',
    options: [topicOption('Only those who spoke on this topic', false)],
  },

  async run({ topic }, context) {
    const about = topic === undefined ? null : resolveTopic('speakers', topic, context.topics);
    if (about && !about.ok) return about.reply;
    const page = await context.index.listSpeakers({ topic: about?.value.id }, { limit: PAGE, cursor: context.cursor });
    if (page.total === 0) {
      return notice(
        'speakers',
        'Nobody yet',
        about ? `Nobody in the index spoke on ${about.value.name}.` : 'The index holds no statements yet.',
      );
    }
    return {
      type: 'speakers',
      command: 'speakers',
      title: about ? `Speakers on ${about.value.name}` : 'Speakers',
      speakers: page.items,
      paging: pagingOf(page, 'speakers', { topic: about?.value.id }),
    };
  },
});
