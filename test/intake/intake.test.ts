// The intake end to end on a real index in a temp data folder, fed from our news site on 127.0.0.1:
// each page gives the right article (metadata, paragraphs, statements answerable with /quote) or the right
// refusal, and a refusal leaves the index and the articles folder exactly as they were.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../src/articles/parse.ts';
import type { CommandContext } from '../../src/slash/types.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { refreshIndex, indexFileFor } from '../../src/ingest/index.ts';
import { createLogger } from '../../src/log.ts';
import { topicCatalog } from '../../src/topics/index.ts';
import type { ArticleIntake, IntakeOutcome } from '../../src/intake/types.ts';
import { createArticleIntake } from '../../src/intake/service.ts';
import { tempDataDir } from '../console/helpers.ts';
import { listArticles, testFetch } from './helpers.ts';
import { startNewsServer, type NewsServer } from './news-server.ts';
import { BARE, DENMARK_MD, NORDIC, VISTULA } from './pages.ts';
import { commands } from '../../commands/index.ts';

const ME = { id: '42', name: 'tester' };

let site: NewsServer;
let news: string;
let data: ReturnType<typeof tempDataDir>;
let index: SqliteStore;
let intake: ArticleIntake;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  site = await startNewsServer();
  news = `http://news.test:${site.port}`;
  data = tempDataDir();
  index = openSqliteStore(indexFileFor(data.dir));
  await refreshIndex(index, data.dir);
  const log = createLogger({
    level: 'info',
    stream: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  intake = createArticleIntake({
    index,
    dataDir: data.dir,
    log,
    fetch: testFetch,
    allowLocalFiles: true,
  });
});
afterAll(async () => {
  index.close();
  data.cleanup();
  await site.close();
});

function context(): Omit<CommandContext, 'cursor'> {
  return { index, topics: topicCatalog(), member: { canManage: true, canPin: true }, articles: intake };
}

async function quote(speaker: string) {
  const result = await new ConsoleSession(context(), commands).handle(`/quote speaker:"${speaker}" limit:10`);
  if (result?.kind !== 'reply' || result.reply.type !== 'statements') throw new Error(`no statements for ${speaker}`);
  return result.reply.statements;
}

function added(outcome: IntakeOutcome): Extract<IntakeOutcome, { kind: 'added' }> {
  if (outcome.kind !== 'added') throw new Error(`expected added, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function articleFile(outcome: { file: string }) {
  return parseArticleFile(outcome.file, readFileSync(join(data.dir, outcome.file)));
}

/** Runs `work` and checks that it changed nothing: same files, same index. */
async function changesNothing(work: () => Promise<IntakeOutcome>): Promise<IntakeOutcome> {
  const files = listArticles(data.dir);
  const stats = await index.stats();
  const outcome = await work();
  expect(listArticles(data.dir)).toEqual(files);
  const after = await index.stats();
  expect({ ...after, lastIngest: null }).toEqual({ ...stats, lastIngest: null });
  return outcome;
}

async function refused(url: string): Promise<string> {
  const outcome = await changesNothing(() => intake.fromUrl(url, ME));
  if (outcome.kind !== 'refused') throw new Error(`expected ${url} refused, got ${outcome.kind}`);
  return outcome.reason;
}

// The first HTML page of a file also starts the parser's worker thread (seconds on a loaded machine).
describe('adding articles from links', { timeout: 30_000 }, () => {
  it('JSON-LD NewsArticle (in @graph), reached through five redirects: metadata, paragraphs, statements', async () => {
    const outcome = added(await intake.fromUrl(`${news}/chain/5`, ME));
    expect(outcome).toMatchObject({
      title: NORDIC.headline,
      outlet: NORDIC.outlet,
      published: NORDIC.published,
      url: NORDIC.canonical,
      notes: [],
    });
    expect(outcome.file).toBe('articles/2025-10-02-harbour-post-nordic-ministers-back-air-policing-plan-for-ukraine.md');
    const article = articleFile(outcome);
    expect(article.meta).toEqual({
      title: NORDIC.headline,
      outlet: NORDIC.outlet,
      url: NORDIC.canonical,
      published: NORDIC.published,
      language: 'en',
      provenance: 'fetched',
    });
    // Paragraphs kept apart, page chrome (menus, captions, newsletter, footer) left out.
    expect(article.body.trim()).toBe(NORDIC.paragraphs.join('\n\n'));
    expect(outcome.statements).toBeGreaterThanOrEqual(4);
    expect(outcome.speakers.map((s) => s.name)).toEqual(expect.arrayContaining(['Lars Haugen', 'Ebba Lindqvist']));

    const haugen = await quote('Haugen');
    expect(haugen[0]?.speaker?.name).toBe('Lars Haugen');
    expect(haugen.some((s) => s.kind === 'direct' && s.text.startsWith('Aircraft can be in the air within weeks'))).toBe(true);
    expect(haugen[0]?.sources[0]).toMatchObject({ outlet: NORDIC.outlet, published: NORDIC.published, url: NORDIC.canonical });
  });

  it('Open Graph only: title, site name, date as written, og:url', async () => {
    const outcome = added(await intake.fromUrl(`${news}/politics/adviser-troops`, ME));
    // og:url names another site: the address the text came from is recorded instead, and the reply says so.
    expect(outcome).toMatchObject({
      title: VISTULA.title,
      outlet: VISTULA.siteName,
      published: '2025-09-18',
      url: `${news}/politics/adviser-troops`,
    });
    expect(outcome.notes).toEqual([expect.stringContaining(VISTULA.url)]);
    // The "Advertisement" slot between paragraphs is not article text.
    expect(articleFile(outcome).body.trim()).toBe(VISTULA.paragraphs.join('\n\n'));
    const wrona = await quote('Tomasz Wrona');
    expect(wrona.some((s) => s.kind === 'direct' && s.text.startsWith('Our army is the shield of the eastern flank'))).toBe(true);
  });

  it('no metadata at all: <title> for the headline, the host for the outlet, undated (not today), and says so', async () => {
    const outcome = added(await intake.fromUrl(`${news}/ireland/demining`, ME));
    expect(outcome).toMatchObject({ title: BARE.title, outlet: 'news.test', published: null, url: `${news}/ireland/demining` });
    expect(outcome.notes.join(' ')).toContain('No publication date found: saved as "date unknown"');
    expect(outcome.notes.join(' ')).not.toContain(new Date().toISOString().slice(0, 10));
    expect(outcome.notes.join(' ')).toContain('news.test');
    const file = articleFile(outcome);
    expect(file.body.trim()).toBe(BARE.paragraphs.join('\n\n'));
    expect(file.meta.published).toBeNull();
    expect(readFileSync(join(data.dir, outcome.file), 'utf8')).toMatch(/^published: unknown$/m);
    const byrne = await quote('Byrne');
    expect(byrne[0]?.sources[0]).toMatchObject({ outlet: 'news.test', published: null });
    expect(byrne[0]?.published).toBeNull();
  });

  it('plain text and Markdown pages', async () => {
    const text = added(await intake.fromUrl(`${news}/latvia-radars.txt`, ME));
    expect(text.title).toBe('Latvian prime minister calls for radar chain along the border');
    expect(text.speakers[0]).toMatchObject({ name: 'Ilze Ozola' });
    const md = added(await intake.fromUrl(`${news}/denmark-minehunters.md`, ME));
    expect(md.title).toBe('Danish minister offers naval mine-clearing in the Black Sea');
    expect(articleFile(md).body).not.toMatch(/\*\*|^>|^#/m);
    expect(
      (await quote('Mikkel Holm')).some((s) => s.text.startsWith('Grain ships need clear water, and clear water needs minehunters')),
    ).toBe(true);
  });

  it('decodes the charset the server declares', async () => {
    const outcome = added(await intake.fromUrl(`${news}/cp1252`, ME));
    const body = articleFile(outcome).body;
    expect(body).toContain('Riga café');
    expect(body).toContain('90 € million');
  });

  it('the same page again is "already indexed": by link (without fetching), by canonical URL, by text', async () => {
    const hits = site.hits.get('/politics/adviser-troops');
    expect(
      await changesNothing(() => intake.fromUrl(`http://NEWS.test:${site.port}/politics/adviser-troops/?utm_source=chat#top`, ME)),
    ).toMatchObject({
      kind: 'duplicate',
      reason: 'url',
      title: VISTULA.title,
    });
    expect(site.hits.get('/politics/adviser-troops')).toBe(hits);
    // The page's own address differs from its canonical one: found after fetching.
    expect(await changesNothing(() => intake.fromUrl(`${news}/world/nordic-air-policing?utm_source=chat`, ME))).toMatchObject({
      kind: 'duplicate',
      reason: 'url',
      file: 'articles/2025-10-02-harbour-post-nordic-ministers-back-air-policing-plan-for-ukraine.md',
    });
    // Same text at another address (here gzip-compressed): the content hash finds it.
    expect(await changesNothing(() => intake.fromUrl(`${news}/ireland/demining-gzip`, ME))).toMatchObject({
      kind: 'duplicate',
      reason: 'content',
      title: BARE.title,
    });
  });

  it('a paywall teaser is refused as too little text', async () => {
    expect(await refused(`${news}/analysis/ceasefire-line`)).toMatch(/Only \d+ characters of article text/);
  });

  it('refuses too many redirects, redirects into our network, huge pages, images, errors', async () => {
    expect(await refused(`${news}/loop/0`)).toMatch(/redirects more than 5 times/);
    expect(await refused(`${news}/to-inside`)).toMatch(/private network/);
    expect(await refused(`${news}/to-metadata`)).toMatch(/private network/);
    expect(await refused(`${news}/huge`)).toMatch(/larger than 5 MB/);
    expect(await refused(`${news}/photo.png`)).toMatch(/image\/png/);
    expect(await refused(`${news}/complex`)).toMatch(/too large or complex/);
    expect(await refused(`${news}/gone`)).toMatch(/404/);
    expect(await refused('ftp://news.test/a')).toMatch(/Only http and https/);
    expect(await refused(`${news}/to-file`)).toMatch(/only http and https/);
  });

  it('logs every request with who asked', () => {
    const requested = logs.filter((l) => l['msg'] === 'article ingest requested');
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.every((l) => (l['requestedBy'] as { id: string }).id === '42')).toBe(true);
    expect(logs.some((l) => l['msg'] === 'article added')).toBe(true);
    expect(logs.some((l) => l['msg'] === 'article refused')).toBe(true);
  });
});

describe('adding articles from files', { timeout: 30_000 }, () => {
  it('a Markdown file with front matter keeps its metadata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whosaid-upload-'));
    try {
      const path = join(dir, 'holm-followup.md');
      writeFileSync(
        path,
        `---\ntitle: Holm sets out minehunter timetable\noutlet: Baltic Brief\npublished: 2025-09-20\nlanguage: en\n---\n\n${DENMARK_MD.split('\n').slice(2).join('\n').replace('Denmark is prepared', 'Denmark is now prepared')}`,
      );
      const outcome = added(await intake.fromFile({ id: 'local', name: 'holm-followup.md', url: path, size: null, contentType: null }, ME));
      expect(outcome).toMatchObject({
        title: 'Holm sets out minehunter timetable',
        outlet: 'Baltic Brief',
        published: '2025-09-20',
        url: null,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a Markdown file whose front matter is broken is refused, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whosaid-upload-'));
    try {
      const path = join(dir, 'bad.md');
      writeFileSync(path, `---\ntitle: Fine\noutlet: Baltic Brief\npublished: 2025-02-30\n---\n\n${DENMARK_MD}`);
      const outcome = await changesNothing(() =>
        intake.fromFile({ id: 'local', name: 'bad.md', url: path, size: null, contentType: null }, ME),
      );
      expect(outcome).toMatchObject({
        kind: 'refused',
        reason: "The file's front matter is not valid: published: '2025-02-30' is not a date (YYYY-MM-DD).",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('/ingest file: refusals give advice about the file, not the path already taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whosaid-upload-'));
    try {
      const short = join(dir, 'short.md');
      writeFileSync(short, '---\ntitle: Brief\noutlet: Baltic Brief\npublished: 2025-09-20\n---\n\nThe minister spoke.\n');
      const tooShort = await changesNothing(() =>
        intake.fromFile({ id: 'local', name: 'short.md', url: short, size: null, contentType: null }, ME),
      );
      expect(tooShort).toMatchObject({ kind: 'refused' });
      const reason = (tooShort as { reason: string }).reason;
      expect(reason).toMatch(
        /^Only \d+ characters of article text were found in short\.md: at least \d+ are needed\. Put the whole article text in the file \(in a \.md file, below the --- front matter\)\.$/,
      );
      expect(reason).not.toContain('/ingest file');
      const missing = join(dir, 'nowhere.md');
      expect(
        await changesNothing(() => intake.fromFile({ id: 'local', name: 'nowhere.md', url: missing, size: null, contentType: null }, ME)),
      ).toMatchObject({
        kind: 'refused',
        reason: `There is no file ${missing}: give a path on this machine, absolute or relative to that folder.`,
      });
      const folder = join(dir, 'articles.md');
      mkdirSync(folder);
      expect(
        await changesNothing(() => intake.fromFile({ id: 'local', name: 'articles.md', url: folder, size: null, contentType: null }, ME)),
      ).toMatchObject({
        kind: 'refused',
        reason: `${folder} is a folder: give one article file (whosaid ingest ${folder} adds a whole folder).`,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an HTML attachment served over http, and refusals for other types, sizes and local paths when not allowed', async () => {
    const html = await changesNothing(() =>
      intake.fromFile({ id: '1', name: 'page.pdf', url: `${news}/politics/adviser-troops`, size: 100, contentType: 'application/pdf' }, ME),
    );
    expect(html).toMatchObject({ kind: 'refused' });
    expect((html as { reason: string }).reason).toContain('.txt, .md, .html');
    const big = await changesNothing(() =>
      intake.fromFile({ id: '2', name: 'big.txt', url: `${news}/huge`, size: 6 * 1024 * 1024, contentType: 'text/plain' }, ME),
    );
    expect(big).toMatchObject({ kind: 'refused', reason: 'big.txt is larger than 5 MB.' });
    const strict = createArticleIntake({
      index,
      dataDir: data.dir,
      log: createLogger({ level: 'silent', stream: { write: () => undefined } }),
      fetch: testFetch,
    });
    const local = await changesNothing(() =>
      strict.fromFile({ id: 'local', name: 'passwd.txt', url: '/etc/passwd', size: null, contentType: null }, ME),
    );
    expect(local).toMatchObject({ kind: 'refused', reason: 'Only attachments can be added here.' });
  });
});
