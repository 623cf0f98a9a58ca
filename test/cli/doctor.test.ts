// Issue 12: damage inside the index file was found only at query time while `ingest` reported success, and the
// advice ("delete the index") would also have deleted feeds and watches, which exist nowhere else. An index
// copy with pages of its statements overwritten: `whosaid doctor` says it is damaged and what to do, `ingest`
// says the same in one line (no stack trace), and `doctor --rebuild-statements` rebuilds it keeping both.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexFileFor, refreshIndex } from '../../src/ingest/data-dir.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { tempDataDir, writeArticle } from '../ingest/helpers.ts';

const ARTICLES = 30;
let data: ReturnType<typeof tempDataDir>;
let feedId: number;
let watchId: number;

function whosaid(args: string[]) {
  const result = spawnSync(process.execPath, ['src/bin/whosaid.mjs', ...args, '--data-dir', data.dir], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function body(i: number): string {
  return Array.from(
    { length: 6 },
    (_, j) =>
      `"The harbour plan number ${i}-${j} will keep the northern quay open through the whole of the winter season, whatever the weather brings," said Mira Testandottir, the port director of island ${i}.`,
  ).join('\n\n');
}

beforeAll(async () => {
  data = tempDataDir();
  for (let i = 0; i < ARTICLES; i++) writeArticle(data.dir, `harbour-${i}.md`, { title: `Harbour plan ${i}`, body: body(i) });
  const index = openSqliteStore(indexFileFor(data.dir));
  await refreshIndex(index, data.dir);
  feedId = (
    await index.feeds.add({ url: 'https://news.example.org/feed.xml', title: 'Harbour news', addedBy: 't', nowMs: 0, guildId: '111' })
  ).id;
  watchId = (
    await index.watches.add({
      guildId: '111',
      channelId: '222',
      speakerId: null,
      speakerName: null,
      topic: null,
      query: 'quay',
      pingRoleId: null,
      createdBy: 't',
    })
  ).id;
  index.closeNow();
  // Overwrite every page of the statements table and its full-text data in the middle of the file.
  const file = indexFileFor(data.dir);
  const db = new Database(file);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db
    .prepare(
      "SELECT pageno FROM dbstat WHERE name IN ('statements', 'statements_fts_data', 'sqlite_autoindex_statements_1') AND pageno > 1",
    )
    .pluck()
    .all() as number[];
  db.close();
  expect(pages.length).toBeGreaterThan(3);
  const fd = openSync(file, 'r+');
  for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}, 180_000);
afterAll(() => data.cleanup());

describe('a damaged index', { timeout: 180_000 }, () => {
  it('doctor says it is damaged and to rebuild the statements, keeping feeds and watches', () => {
    const run = whosaid(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`damaged: the index ${indexFileFor(data.dir)} is damaged`);
    expect(lines.some((l) => l.startsWith('  problem: '))).toBe(true);
    expect(lines.slice(-3)).toEqual([
      '  what to do: stop the bot, then run `whosaid doctor --rebuild-statements`: the file is moved aside, articles and statements are',
      '  rebuilt from the article files, and the feeds and watches that can still be read (1 feeds and 1 watches) are kept.',
      '  Do not delete the index: feeds and watches exist nowhere else.',
    ]);
  });

  it('ingest of a new article says the index is damaged and what to do, in one line', () => {
    writeArticle(data.dir, 'harbour-new.md', { title: 'A new harbour plan', body: body(99) });
    const run = whosaid(['ingest']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^whosaid: the index is damaged \(.+\): run `whosaid doctor` to see what is wrong and `whosaid doctor --rebuild-statements` to rebuild it; do not delete the index: its feeds and watches exist nowhere else\n$/,
    );
  });

  it('doctor --rebuild-statements rebuilds articles and statements from the files, keeping feeds and watches', async () => {
    const run = whosaid(['doctor', '--rebuild-statements']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rebuilt: .*whosaid\.db \(the damaged file is kept as .*whosaid\.db\.damaged-[\d-TZ]+\)$/);
    expect(lines[1]).toBe('  kept: 1 feeds, 0 feed items, 1 watches, 0 watch outbox, 0 watch posts');
    expect(lines[2]).toMatch(new RegExp(`^  articles: ${ARTICLES + 1} stored again from the article files, 0 failed`));
    expect(lines.at(-1)).toMatch(/^ok: the index .* is sound/);
    expect(readdirSync(join(data.dir, 'index')).some((f) => /^whosaid\.db\.damaged-/.test(f))).toBe(true);

    const index = openSqliteStore(indexFileFor(data.dir));
    try {
      expect(await index.feeds.get(feedId)).toMatchObject({
        url: 'https://news.example.org/feed.xml',
        title: 'Harbour news',
        guildId: '111',
      });
      expect(await index.watches.list('111')).toEqual([expect.objectContaining({ id: watchId, channelId: '222', query: 'quay' })]);
      expect((await index.stats()).articles).toBe(ARTICLES + 1);
      expect((await index.findStatements({ text: 'northern quay' }, { limit: 1 })).total).toBe((ARTICLES + 1) * 6);
    } finally {
      index.closeNow();
    }
    expect(whosaid(['doctor'])).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(indexFileFor(data.dir))).toBe(true);
  });
});
