// /export [speaker] [topic] [query] [format]: the matching statements as a file (CSV, JSON lines or
// Markdown) with everything needed to cite them, shown only to the asker.
import { ApplicationCommandOptionType } from '../src/slash/option-types.ts';
import { defineCommand } from '../src/slash/types.ts';
import { resolveSpeaker, resolveTopic, autocompleteSpeaker, speakerOption, topicOption, queryOption } from '../src/slash/shared.ts';
import { notice } from '../src/reply/types.ts';
import { plural } from '../src/reply/wording.ts';
import type { Page, StatementFilter, StatementRecord } from '../src/store/types.ts';
import { EXPORT_FORMATS, renderExport, type ExportFormat } from '../src/export/formats.ts';
import { fileSlug } from '../src/timeline/file-name.ts';

/** At most this many statements per export (newest first). */
export const MAX_EXPORT = 5000;
/** Read from the index this many at a time. */
const BATCH = 500;
/** Far below Discord's 8 MB attachment limit. */
export const MAX_EXPORT_BYTES = 6 * 1024 * 1024;

export default defineCommand({
  definition: {
    name: 'export',
    description: 'Statements as a file to cite from (CSV, JSON lines or Markdown), only for you',
    options: [
      speakerOption('Whose statements', false),
      topicOption('Statements on this topic', false),
      queryOption('Statements with these words (as /search)', false),
      {
        type: ApplicationCommandOptionType.String,
        name: 'format',
        description: 'csv (default), json (JSON lines) or md (Markdown)',
        required: false,
        choices: EXPORT_FORMATS.map((f) => ({ name: f, value: f })),
      },
    ],
  },

  defer: 'ephemeral',

  async run({ speaker, topic, query, format }, context) {
    if (speaker === undefined && topic === undefined && query === undefined) {
      return notice('export', 'What to export?', 'Give a speaker, a topic or a query (or several).', { tone: 'warning' });
    }
    const who = speaker === undefined ? null : await resolveSpeaker('export', speaker, context);
    if (who && !who.ok) return who.reply;
    const about = topic === undefined ? null : resolveTopic('export', topic, context.topics);
    if (about && !about.ok) return about.reply;
    const filter: StatementFilter = { speakerId: who?.value.id, topic: about?.value.id, text: query };
    const subject = [who?.value.name, about?.value.name, query === undefined ? null : `"${query}"`].filter(Boolean).join(', ');

    const statements: StatementRecord[] = [];
    let cursor: string | null = null;
    let total: number;
    do {
      const page: Page<StatementRecord> = await context.index.findStatements(filter, { limit: BATCH, cursor, order: 'newest' });
      total = page.total;
      statements.push(...page.items.slice(0, MAX_EXPORT - statements.length));
      cursor = page.nextCursor;
    } while (cursor && statements.length < MAX_EXPORT);
    if (!statements.length) return notice('export', 'Nothing to export', `No statements in the index for ${subject}.`);

    const chosen: ExportFormat = (format as ExportFormat | undefined) ?? 'csv';
    const title = `Statements: ${subject}`;
    let shown = statements;
    let file = renderExport(chosen, shown, title);
    // Very long texts: drop the oldest statements until the file fits.
    while (Buffer.byteLength(file.data) > MAX_EXPORT_BYTES && shown.length > 1) {
      shown = shown.slice(0, Math.floor(shown.length * 0.8));
      file = renderExport(chosen, shown, title);
    }
    const cut = total - shown.length;
    return {
      type: 'file',
      command: 'export',
      title: `Export: ${subject}`,
      text: `${plural(shown.length, 'statement')}, newest first${cut > 0 ? ` (the newest ${shown.length} of ${total})` : ''}, as ${chosen === 'json' ? 'JSON lines' : chosen === 'md' ? 'Markdown' : 'CSV'}.`,
      file: {
        name: `whosaid-${fileSlug(subject)}.${file.extension}`,
        contentType: file.contentType,
        data: new TextEncoder().encode(file.data),
        description: `${title} (${plural(shown.length, 'statement')})`.slice(0, 1024),
      },
    };
  },

  autocomplete: autocompleteSpeaker,
});
