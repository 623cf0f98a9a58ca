// A text with no date (`published: unknown`, or a page saved by link ingest with no date found) is "date
// unknown": shown so in replies, listed after every dated one newest-first, outside date ranges and the
// timeline, and never taken for today's news. Both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES } from '../support/store-engines.ts';
import { runCommand } from '../../src/slash/invoke.ts';
import { refreshIndex, indexFileFor } from '../../src/ingest/data-dir.ts';
import type { Store } from '../../src/store/store.ts';
import type { Reply } from '../../src/reply/types.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import { renderDiscord } from '../../src/discord/render.ts';
import { toCsv, toJsonLines, toMarkdown } from '../../src/export/formats.ts';
import { topicCatalog } from '../../src/topics/index.ts';
import { commands } from '../../commands/index.ts';
import { lineExtractor, tempDataDir, writeArticle } from '../ingest/helpers.ts';

describe.each(STORE_ENGINES)('%s store', (engine) => {
  let data: { dir: string; cleanup: () => void };
  let index: Store;

  const ask = (command: string, options: Record<string, string | number | boolean>) =>
    runCommand(
      commands,
      { command, options },
      { index, topics: topicCatalog(), cursor: null, member: { canManage: false, canPin: false } },
    ) as Promise<Reply>;

  beforeEach(async () => {
    data = tempDataDir();
    index = await openTestStore(engine, indexFileFor(data.dir));
    writeArticle(data.dir, 'march.md', {
      outlet: 'March Wire',
      body: 'Ona Example [harbour master] direct: Troops will pass the port in March.',
      published: '2025-03-01',
    });
    // Ingested after the dated ones and with the highest file name: nothing but its missing date puts it last.
    writeArticle(data.dir, 'zz-undated.md', {
      outlet: 'Nodate Post',
      body: 'Ona Example [harbour master] direct: Troops may pass the port some day.',
      published: 'unknown',
    });
    writeArticle(data.dir, 'september.md', {
      outlet: 'September Wire',
      body: 'Ona Example [harbour master] direct: Troops passed the port in September.',
      published: '2025-09-01',
    });
    await refreshIndex(index, data.dir, { extract: lineExtractor });
  });
  afterEach(async () => {
    await index.close();
    data.cleanup();
  });

  it('/quote marks the undated statement "date unknown" and lists it after the dated ones', async () => {
    const reply = await ask('quote', { speaker: 'Ona Example' });
    if (reply.type !== 'statements') throw new Error(`expected statements, got ${reply.type}`);
    expect(reply.statements.map((s) => s.published)).toEqual(['2025-09-01', '2025-03-01', null]);
    const text = renderTerminal(reply);
    const undated = text.indexOf('some day');
    expect(undated).toBeGreaterThan(text.indexOf('in March'));
    expect(text.slice(undated)).toContain('Nodate Post, date unknown');
    expect(text).not.toMatch(/Nodate Post, \d{4}-/);
    // Discord: the dated sources as timestamps, the undated one in words, last.
    const discord = JSON.stringify(renderDiscord(reply));
    expect(discord).toContain('date unknown');
    expect(discord.indexOf('date unknown')).toBeGreaterThan(discord.indexOf('in March'));
  });

  it('pages newest first across the undated one, and /sources lists its article last', async () => {
    const first = await index.findStatements({}, { limit: 2 });
    const second = await index.findStatements({}, { limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((s) => s.published)).toEqual(['2025-09-01', '2025-03-01', null]);
    expect(second.nextCursor).toBeNull();
    const found = await index.findStatements({ text: 'port' }, { limit: 5, order: 'newest' });
    expect(found.items.map((s) => s.published)).toEqual(['2025-09-01', '2025-03-01', null]);
    const sources = await index.listSources({}, { limit: 5 });
    expect(sources.items.map((s) => [s.outlet, s.published])).toEqual([
      ['September Wire', '2025-09-01'],
      ['March Wire', '2025-03-01'],
      ['Nodate Post', null],
    ]);
    const reply = await ask('sources', {});
    expect(renderTerminal(reply)).toContain('Nodate Post, date unknown');
  });

  it('exports it with no date: an empty CSV cell, null in JSON, "date unknown" in Markdown', async () => {
    const page = await index.findStatements({}, { limit: 5 });
    const undated = page.items.filter((s) => s.published === null);
    expect(undated).toHaveLength(1);
    const csv = toCsv(undated)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    const header = csv[0]!.split(',');
    const row = csv[1]!.split(',');
    expect(row[header.indexOf('published')]).toBe('');
    expect(JSON.parse(toJsonLines(undated))).toMatchObject({ published: null, outlet: 'Nodate Post' });
    expect(toMarkdown(undated, 'Ona')).toContain('Source: Nodate Post, date unknown');
  });

  it('a date range, an end date alone and the timeline counts leave it out', async () => {
    const ranged = await index.findStatements({ to: '2025-12-31' }, { limit: 5 });
    expect(ranged.items.map((s) => s.published)).toEqual(['2025-09-01', '2025-03-01']);
    expect(ranged.total).toBe(2);
    const searched = await index.findStatements({ text: 'port', to: '2025-12-31' }, { limit: 5, order: 'newest' });
    expect(searched.items.map((s) => s.published)).toEqual(['2025-09-01', '2025-03-01']);
    const ona = await index.lookupSpeaker('Ona Example');
    if (ona.kind !== 'found') throw new Error('speaker not found');
    const counts = await index.statementCounts({ by: 'topic', speakerId: ona.speaker.id });
    expect([...new Set(counts.map((c) => c.day))].sort()).toEqual(['2025-03-01', '2025-09-01']);
    expect(await index.dateRange({ speakerId: ona.speaker.id })).toEqual({ count: 3, first: '2025-03-01', last: '2025-09-01' });
  });

  it("the same statement in an undated and a dated article takes the dated one's date", async () => {
    writeArticle(data.dir, 'zz-undated.md', {
      outlet: 'Nodate Post',
      body: 'Ona Example [harbour master] direct: Troops will pass the port in March.',
      published: 'unknown',
    });
    await refreshIndex(index, data.dir, { extract: lineExtractor });
    const page = await index.findStatements({}, { limit: 5 });
    expect(page.items.map((s) => s.published)).toEqual(['2025-09-01', '2025-03-01']);
    expect(page.items[1]!.sources.map((s) => [s.outlet, s.published])).toEqual([
      ['March Wire', '2025-03-01'],
      ['Nodate Post', null],
    ]);
  });

  it('/summary of a speaker with only undated statements says "date unknown"', async () => {
    writeArticle(data.dir, 'ivo.md', { body: 'Ivo Other [pilot] direct: Our troops need more fuel.', published: 'unknown' });
    await refreshIndex(index, data.dir, { extract: lineExtractor });
    const reply = await ask('summary', { topic: 'troops', speaker: 'Ivo Other' });
    if (reply.type !== 'digest') throw new Error(`expected a digest, got ${reply.type}`);
    expect(reply.sections[0]).toMatchObject({ count: 1, firstDate: null, lastDate: null });
    expect(renderTerminal(reply)).toContain('date unknown');
    expect(renderTerminal(reply)).not.toContain('null');
  });
});
