// /about: what the index holds and which version answers.
import { readFileSync } from 'node:fs';
import { defineCommand } from '../src/slash/types.ts';
import { plural, readableTime } from '../src/reply/wording.ts';
import { KIND_COUNT_LABEL } from '../src/reply/present.ts';
import type { StatementKind } from '../src/model.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export default defineCommand({
  definition: {
    name: 'about',
    description: 'What whosaid knows: articles, statements, speakers, last update',
  },

  async run(_options, context) {
    const stats = await context.index.stats();
    const kinds = Object.entries(stats.byKind)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${KIND_COUNT_LABEL[kind as StatementKind] ?? kind} ${n}`)
      .join(', ');
    const topics = context.topics.topics.map((t) => `${t.id} ${stats.byTopic[t.id] ?? 0}`).join(', ');
    return {
      type: 'info',
      command: 'about',
      title: `whosaid ${VERSION}`,
      fields: [
        { name: 'Articles', value: `${stats.articles} from ${plural(stats.outlets, 'outlet')}` },
        { name: 'Statements', value: `${stats.statements}${kinds ? ` (${kinds})` : ''}` },
        { name: 'Speakers', value: String(stats.speakers) },
        { name: 'Last update', value: stats.lastIngest ? readableTime(stats.lastIngest) : 'never' },
        { name: 'Topics', value: topics },
      ],
    };
  },
});
