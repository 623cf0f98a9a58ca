// /export: every field a citation needs, CSV read back by a real parser (quotes, commas, line breaks,
// formulas neutralised), JSON lines, Markdown that article text cannot reshape.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { runCommand } from '../../src/slash/invoke.ts';
import type { CommandContext } from '../../src/slash/types.ts';
import { topicCatalog } from '../../src/topics/index.ts';
import { EXPORT_COLUMNS, formulaSafe } from '../../src/export/formats.ts';
import type { FileReply, Reply } from '../../src/reply/types.ts';
import { buildFixture, type Fixture } from '../store/fixture.ts';

// Fictional speakers; the texts are built to trip CSV writers and spreadsheets.
const ARTICLES = {
  'a.md': {
    title: 'Virtanen, Berg and the "guarantees" question',
    published: '2025-03-03',
    body: [
      'Aino Virtanen [defence minister] direct: Guarantees, "real" ones, are what we ask for.',
      'Aino Virtanen [defence minister] indirect: =HYPERLINK("http://evil.example","click") was her answer on troops.',
    ].join('\n'),
  },
  'b.md': {
    published: '2025-03-10',
    body: 'Jonas Berg [foreign minister] direct: -5 degrees will not stop # our [troops](http://x.example) *now*.',
  },
};

let fixture: Fixture;
let context: CommandContext;

beforeAll(async () => {
  fixture = await buildFixture(ARTICLES);
  context = { index: fixture.index, topics: topicCatalog(), cursor: null, member: { canManage: false, canPin: false } };
});
afterAll(() => fixture.cleanup());

async function exportFile(options: Record<string, string>): Promise<FileReply> {
  const reply: Reply = await runCommand(commands, { command: 'export', options }, context);
  if (reply.type !== 'file') throw new Error(JSON.stringify(reply));
  return reply;
}

const text = (reply: FileReply) => new TextDecoder().decode(reply.file.data);

describe('/export', () => {
  it('writes CSV a parser reads back field for field, with formulas neutralised', async () => {
    const reply = await exportFile({ speaker: 'Virtanen' });
    expect(reply.file.name).toBe('whosaid-aino-virtanen.csv');
    expect(reply.file.contentType).toBe('text/csv; charset=utf-8');
    expect(reply.text).toBe('2 statements, newest first, as CSV.');
    const rows = parse(text(reply), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(
      rows.map((r) => ({
        text: r.text,
        kind: r.kind,
        speaker: r.speaker,
        role: r.role,
        outlet: r.outlet,
        title: r.title,
        published: r.published,
      })),
    ).toEqual([
      {
        text: '\'=HYPERLINK("http://evil.example","click") was her answer on troops.',
        kind: 'indirect',
        speaker: 'Aino Virtanen',
        role: 'defence minister',
        outlet: 'Test Wire',
        title: 'Virtanen, Berg and the "guarantees" question',
        published: '2025-03-03',
      },
      {
        text: 'Guarantees, "real" ones, are what we ask for.',
        kind: 'direct',
        speaker: 'Aino Virtanen',
        role: 'defence minister',
        outlet: 'Test Wire',
        title: 'Virtanen, Berg and the "guarantees" question',
        published: '2025-03-03',
      },
    ]);
  });

  it('guards every cell a spreadsheet would run', () => {
    expect(['=1+1', '+1', '-5 degrees', '@SUM(A1)', '\tx', 'plain', '5-1'].map(formulaSafe)).toEqual([
      "'=1+1",
      "'+1",
      "'-5 degrees",
      "'@SUM(A1)",
      "'\tx",
      'plain',
      '5-1',
    ]);
  });

  it('writes JSON lines, one statement per line, with the citation fields', async () => {
    const reply = await exportFile({ topic: 'troops', format: 'json' });
    expect(reply.file.name).toBe('whosaid-troops-on-the-ground.jsonl');
    const lines = text(reply)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.speaker, l.published])).toEqual([
      ['Jonas Berg', '2025-03-10'],
      ['Aino Virtanen', '2025-03-03'],
    ]);
    // JSON is for scripts: the text as said, no spreadsheet guard.
    expect(lines[0]!.text).toBe('-5 degrees will not stop # our [troops](http://x.example) *now*.');
    expect(Object.keys(lines[0]!)).toEqual([...EXPORT_COLUMNS]);
  });

  it('writes Markdown in which article text stays text', async () => {
    const md = text(await exportFile({ speaker: 'Berg', format: 'md' }));
    expect(md).toContain('> “-5 degrees will not stop \\# our \\[troops\\](http://x.example) \\*now\\*.”');
    expect(md).toContain('— **Jonas Berg**, foreign minister (verbatim quote)');
    expect(md).toContain('Source: Test Wire, 2025-03-10 — A test article');
  });

  it('asks what to export, and says when nothing matches', async () => {
    expect(await runCommand(commands, { command: 'export', options: {} }, context)).toMatchObject({
      type: 'notice',
      title: 'What to export?',
    });
    expect(await runCommand(commands, { command: 'export', options: { query: 'submarines' } }, context)).toMatchObject({
      type: 'notice',
      title: 'Nothing to export',
      text: 'No statements in the index for "submarines".',
    });
  });
});
