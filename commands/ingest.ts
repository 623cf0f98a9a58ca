// /ingest url:<link> | file:<attachment>: add an article to the index, for managers only. The intake service
// (context.articles) does the fetching, checking, saving and indexing; this handler only asks and answers.
import { ApplicationCommandOptionType } from '../src/slash/option-types.ts';
import { defineCommand } from '../src/slash/types.ts';
import { addsAs } from '../src/slash/shared.ts';
import { notice, type InfoField } from '../src/reply/types.ts';
import type { IntakeOutcome } from '../src/intake/types.ts';
import { plural, publishedLabel } from '../src/reply/wording.ts';

const MAX_SPEAKERS_SHOWN = 10;

export default defineCommand({
  definition: {
    name: 'ingest',
    description: 'Add an article from a link or a file (.txt, .md, .html) — managers only',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'url',
        description: 'Link to the article (http or https)',
        required: false,
        max_length: 2000,
      },
      {
        type: ApplicationCommandOptionType.Attachment,
        name: 'file',
        description: 'The article as a .txt, .md or .html file',
        required: false,
      },
    ],
  },
  requires: { permission: 'manage', to: 'add articles' },

  async run({ url, file }, context) {
    if ((url === undefined) === (file === undefined)) {
      return notice(
        'ingest',
        'Check the options',
        url === undefined ? 'Give a link (url:) or attach a file (file:).' : 'Give either a link (url:) or a file (file:), not both.',
        { tone: 'warning' },
      );
    }
    if (!context.articles) {
      return notice('ingest', 'Not available', 'Adding articles is not available here.', { tone: 'warning' });
    }
    const owner = addsAs(context);
    const requestedBy = { id: context.member.id ?? 'unknown', name: context.member.name ?? 'unknown', ...(owner ? { owner } : {}) };
    const outcome: IntakeOutcome =
      url !== undefined ? await context.articles.fromUrl(url, requestedBy) : await context.articles.fromFile(file!, requestedBy);

    switch (outcome.kind) {
      case 'refused':
        return notice('ingest', 'Article not added', outcome.reason, { tone: 'warning' });
      case 'duplicate':
        return notice(
          'ingest',
          'Already indexed',
          `“${outcome.title}” (${outcome.outlet}, ${publishedLabel(outcome.published)}) is already in the index` +
            ` (${outcome.reason === 'url' ? 'same link' : 'same text'}). /sources lists the indexed articles.`,
          { suggestions: ['/sources'] },
        );
      case 'added': {
        const speakers = outcome.speakers.slice(0, MAX_SPEAKERS_SHOWN).map((s) => `${s.name} (${s.count})`);
        const more = outcome.speakers.length - speakers.length;
        const fields: InfoField[] = [
          { name: 'Outlet', value: outcome.outlet },
          { name: 'Published', value: publishedLabel(outcome.published) },
          {
            name: 'Statements',
            value: `${plural(outcome.statements, 'statement')} from ${plural(outcome.speakers.length, 'speaker')}`,
          },
          { name: 'Speakers', value: speakers.length ? `${speakers.join(', ')}${more > 0 ? ` and ${more} more` : ''}` : 'nobody named' },
          ...(outcome.url ? [{ name: 'Link', value: outcome.url }] : []),
          { name: 'File', value: outcome.file },
          ...outcome.notes.map((n) => ({ name: 'Note', value: n })),
        ];
        return { type: 'info', command: 'ingest', title: `Added: ${outcome.title}`, fields };
      }
    }
  },
});
