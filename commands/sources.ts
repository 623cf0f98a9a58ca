// /sources [speaker]: the articles in the index, newest first; with a speaker, those quoting them.
import { defineCommand } from '../src/slash/types.ts';
import { pagingOf, resolveSpeaker, autocompleteSpeaker, speakerOption } from '../src/slash/shared.ts';
import { notice } from '../src/reply/types.ts';

const PAGE = 10;

export default defineCommand({
  definition: {
    name: 'sources',
    description: 'Browse the articles statements come from, newest first',
    options: [speakerOption('Only articles quoting this speaker', false)],
  },

  async run({ speaker }, context) {
    const who = speaker === undefined ? null : await resolveSpeaker('sources', speaker, context);
    if (who && !who.ok) return who.reply;
    const page = await context.index.listSources({ speakerId: who?.value.id }, { limit: PAGE, cursor: context.cursor });
    if (page.total === 0) {
      return notice('sources', 'No articles', who ? `No article quotes ${who.value.name}.` : 'The index holds no articles yet.');
    }
    return {
      type: 'sources',
      command: 'sources',
      title: who ? `Articles quoting ${who.value.name}` : 'Articles',
      sources: page.items,
      paging: pagingOf(page, 'sources', { speaker: who?.value.name }),
    };
  },

  autocomplete: autocompleteSpeaker,
});
