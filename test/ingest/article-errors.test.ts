// A broken article file: the error names the field and the expected format; each bad file is reported once
// per run (not twice), and not again at the next start while the file and its fault are unchanged.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { parseArticleMeta } from '../../src/articles/parse.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { tempDataDir, writeArticle } from './helpers.ts';

const front = (fields: string) => `title: Harbour talks\noutlet: Lakeside Post\n${fields}`;
const messageOf = (frontMatter: string) => {
  try {
    parseArticleMeta('data/articles/x.md', frontMatter);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('article errors name the field and the expected format', () => {
  it.each([
    ['published: 2025-13-01', "data/articles/x.md: published: '2025-13-01' is not a date (YYYY-MM-DD)"],
    ['published: 20250901', 'data/articles/x.md: published: 20250901 is not a date (YYYY-MM-DD)'],
    ['language: en', 'data/articles/x.md: published: missing; expected YYYY-MM-DD'],
    ['published: ~', 'data/articles/x.md: published: empty; expected YYYY-MM-DD'],
    ['published: 2025-09-01\nurl: ftp://example.org/a', "data/articles/x.md: url: 'ftp://example.org/a' is not a link (an http(s) URL)"],
    ['published: 2025-09-01\nlanguage: English', "data/articles/x.md: language: 'English' is not a language tag (such as en or uk)"],
    [
      'published: 2025-09-01\nauthor: Ola',
      'data/articles/x.md: author: unknown field author (the fields are title, outlet, url, published, language)',
    ],
  ])('%j', (fields, message) => {
    expect(messageOf(front(fields))).toBe(message);
  });

  it('says which field is missing', () => {
    expect(messageOf('outlet: Lakeside Post\npublished: 2025-09-01')).toBe(
      'data/articles/x.md: title: missing; expected text, up to 500 characters',
    );
  });
});

describe('a refused file at start-up', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('is warned about once per run, and not again at the next start until it changes', async () => {
    const data = tempDataDir();
    cleanup = data.cleanup;
    writeArticle(data.dir, 'good.md', { published: '2025-09-01', body: 'Nothing said here.' });
    const bad = join(data.dir, 'articles', 'bad.md');
    writeFileSync(bad, '---\ntitle: T\noutlet: O\npublished: 2025-13-01\n---\n\nText.\n');
    const lines: { level: number; msg: string; file?: string; files?: string[]; reason?: string }[] = [];
    const logger = createLogger({ level: 'info', stream: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const start = async () => {
      lines.length = 0;
      const app = await openApp(parseConfig({ WHOSAID_DATA_DIR: data.dir }), logger);
      await app.close();
      return lines.filter((l) => l.level >= 40).map((l) => `${l.msg}: ${l.file}: ${l.reason}`);
    };

    expect(await start()).toEqual([`article refused: articles/bad.md: published: '2025-13-01' is not a date (YYYY-MM-DD)`]);
    expect(await start()).toEqual([]);
    expect(lines.filter((l) => l.files).map((l) => [l.msg, l.files])).toEqual([
      ['1 article still not indexed, as reported before (whosaid ingest says why)', ['articles/bad.md']],
    ]);
    writeFileSync(bad, '---\ntitle: T\noutlet: O\n---\n\nText.\n');
    expect(await start()).toEqual(['article refused: articles/bad.md: published: missing; expected YYYY-MM-DD']);
  });
});
