// Statements as files a journalist can cite from: CSV (a real CSV writer, with a guard against spreadsheet
// formulas), JSON lines for scripts, Markdown for pasting into a story. Every row carries what a citation
// needs: the words, how they were reported, who said them, where, and the article with its date and link.
// Room export/: the export formats; imports reply/ wording and store types only.
import { createRequire } from 'node:module';
import type * as CsvStringify from 'csv-stringify/sync';
import type { StatementRecord } from '../store/types.ts';
import { KIND_LABEL, attribution, isVerbatim } from '../reply/present.ts';
import { publishedLabel } from '../reply/wording.ts';

export const EXPORT_FORMATS = ['csv', 'json', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRow {
  id: number;
  text: string;
  kind: string;
  speaker: string;
  role: string;
  cue: string;
  context: string;
  venue: string;
  topics: string;
  outlet: string;
  title: string;
  url: string;
  /** null (JSON) or an empty cell (CSV): the text has no date. */
  published: string | null;
  /** Other outlets that reported the same statement. */
  also_reported_by: string;
}

export const EXPORT_COLUMNS: readonly (keyof ExportRow)[] = [
  'id',
  'text',
  'kind',
  'speaker',
  'role',
  'cue',
  'context',
  'venue',
  'topics',
  'outlet',
  'title',
  'url',
  'published',
  'also_reported_by',
];

export function exportRow(s: StatementRecord): ExportRow {
  const source = s.sources[0];
  return {
    id: s.id,
    text: s.text,
    kind: s.kind,
    speaker: s.speaker?.name ?? '',
    role: s.speaker?.role ?? '',
    cue: s.cue ?? '',
    context: s.context ?? '',
    venue: s.venue ?? '',
    topics: s.topics.join(' '),
    outlet: source?.outlet ?? '',
    title: source?.title ?? '',
    url: source?.url ?? '',
    published: source?.published ?? s.published,
    also_reported_by: [...new Set(s.sources.slice(1).map((x) => x.outlet))].join('; '),
  };
}

/** A cell a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return) gets a ' first. */
export function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(statements: StatementRecord[]): string {
  const rows = statements.map((s) => {
    const row = exportRow(s);
    return EXPORT_COLUMNS.map((c) => (typeof row[c] === 'string' ? formulaSafe(row[c]) : row[c] === null ? '' : String(row[c])));
  });
  // A byte-order mark and CRLF rows: what spreadsheet programs expect of UTF-8 CSV.
  // Loaded on first use: the console and `ask` start without it.
  const { stringify } = createRequire(import.meta.url)('csv-stringify/sync') as typeof CsvStringify;
  return stringify(rows, { bom: true, header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows' });
}

export function toJsonLines(statements: StatementRecord[]): string {
  return statements.map((s) => JSON.stringify(exportRow(s))).join('\n') + (statements.length ? '\n' : '');
}

/** Markdown's special characters escaped, line breaks folded: article text must not change the layout. */
function md(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/([\\`*_[\]<>#|~!])/g, '\\$1');
}

export function toMarkdown(statements: StatementRecord[], title: string): string {
  const out = [`# ${md(title)}`, '', `${statements.length} statement${statements.length === 1 ? '' : 's'}, newest first.`, ''];
  for (const s of statements) {
    const row = exportRow(s);
    out.push(isVerbatim(s.kind) ? `> “${md(s.text)}”` : `> *Reported:* ${md(s.text)}`, '');
    // Nobody named: an unnamed source or an unattributed statement, worded as every renderer words it.
    const who = row.speaker ? [`**${md(row.speaker)}**`, row.role ? md(row.role) : null].filter(Boolean).join(', ') : md(attribution(s));
    const how = [KIND_LABEL[s.kind], row.cue ? `cue: ${md(row.cue)}` : null, row.venue ? md(row.venue) : null].filter(Boolean).join(' · ');
    out.push(`— ${who} (${how})  `);
    if (row.context) out.push(`Context: ${md(row.context)}  `);
    const link =
      row.url && /^https?:\/\//i.test(row.url) ? `[${md(row.title)}](<${row.url.replace(/[<>\s]/g, encodeURIComponent)}>)` : md(row.title);
    out.push(
      `Source: ${md(row.outlet)}, ${publishedLabel(row.published)} — ${link}${row.also_reported_by ? ` (also reported by ${md(row.also_reported_by)})` : ''}`,
      '',
    );
  }
  return out.join('\n');
}

export function renderExport(
  format: ExportFormat,
  statements: StatementRecord[],
  title: string,
): { data: string; contentType: string; extension: string } {
  switch (format) {
    case 'csv':
      return { data: toCsv(statements), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
    case 'json':
      return { data: toJsonLines(statements), contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' };
    case 'md':
      return { data: toMarkdown(statements, title), contentType: 'text/markdown; charset=utf-8', extension: 'md' };
  }
}
