import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshIndex, indexFileFor } from '../../src/ingest/data-dir.ts';
import { ingestPaths } from '../../src/ingest/ingest.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { MAX_ARTICLE_BYTES } from '../../src/articles/parse.ts';
import { loadSpeakerRegistry, parseSpeakerRegistry } from '../../src/speakers/registry.ts';
import { articleSource, checkConsistency, dumpIndex, lineExtractor, tempDataDir, writeArticle } from './helpers.ts';

let data: { dir: string; cleanup: () => void };
let index: SqliteStore;
const refresh = () => refreshIndex(index, data.dir, { extract: lineExtractor });

beforeEach(() => {
  data = tempDataDir();
  index = openSqliteStore(indexFileFor(data.dir));
});
afterEach(() => {
  index.close();
  data.cleanup();
});

const rutteBody = [
  'The alliance chief spoke to reporters in Brussels on Monday.',
  'Mark Rutte [NATO Secretary General] direct: Our support for Ukraine will not waver this winter.',
  'Mark Rutte indirect: allies are preparing a plan for air defence before the summit.',
].join('\n');

describe('ingest', () => {
  it('adds articles, then skips them when nothing changed (idempotent)', async () => {
    writeArticle(data.dir, 'a.md', { body: rutteBody });
    writeArticle(data.dir, 'b.md', {
      body: 'Kaja Testova [Minister of Examples] direct: Fences make good tests.',
      published: '2025-09-02',
    });
    const first = await refresh();
    expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0, removed: 0, failed: [], statements: 3 });
    const before = dumpIndex(index.db);
    const second = await refresh();
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 2, removed: 0, failed: [] });
    expect(dumpIndex(index.db)).toEqual(before);
    expect(await index.stats()).toMatchObject({ articles: 2, statements: 3, speakers: 2, outlets: 1 });
  });

  it('does not store a copy of an indexed article under another file name, and stores it once the original is gone', async () => {
    const original = writeArticle(data.dir, 'a.md', { body: rutteBody });
    await refresh();
    const before = dumpIndex(index.db);
    writeArticle(data.dir, 'copy.md', { body: rutteBody.replace(/ /g, '  ') });
    const report = await refresh();
    expect(report).toMatchObject({ added: 0, unchanged: 1, duplicates: [{ file: 'articles/copy.md', of: 'articles/a.md' }] });
    expect(dumpIndex(index.db)).toEqual(before);
    rmSync(original);
    expect(await refresh()).toMatchObject({ added: 1, removed: 1, duplicates: [] });
    expect(await index.stats()).toMatchObject({ articles: 1, statements: 2 });
  });

  it('skips a touched file whose content is the same', async () => {
    const path = writeArticle(data.dir, 'a.md', { body: rutteBody });
    await refresh();
    const before = dumpIndex(index.db);
    writeFileSync(path, articleSource({ body: rutteBody }));
    expect(await refresh()).toMatchObject({ unchanged: 1, updated: 0 });
    const after = dumpIndex(index.db);
    expect(after.statements).toEqual(before.statements);
  });

  it('replaces the statements of a changed article', async () => {
    const path = writeArticle(data.dir, 'a.md', { body: rutteBody });
    await refresh();
    writeFileSync(path, articleSource({ body: 'Mark Rutte direct: The plan has changed since last week.' }));
    expect(await refresh()).toMatchObject({ updated: 1, added: 0 });
    const texts = (await index.findStatements({}, { limit: 10 })).items.map((s) => s.text);
    expect(texts).toEqual(['The plan has changed since last week.']);
    expect(checkConsistency(index.db)).toEqual([]);
  });

  it('removes the statements of a deleted file at the next full ingest, keeping ones another outlet reported', async () => {
    const a = writeArticle(data.dir, 'a.md', { body: rutteBody, outlet: 'Wire One', published: '2025-09-01' });
    writeArticle(data.dir, 'b.md', {
      body: 'Mark Rutte direct: “Our support for Ukraine will NOT waver   this winter”',
      outlet: 'Wire Two',
      published: '2025-09-03',
    });
    await refresh();
    expect((await index.stats()).statements).toBe(2);
    rmSync(a);
    expect(await refresh()).toMatchObject({ removed: 1, unchanged: 1 });
    const left = (await index.findStatements({}, { limit: 10 })).items;
    expect(left).toHaveLength(1);
    expect(left[0]!.sources.map((s) => s.outlet)).toEqual(['Wire Two']);
    expect(left[0]!.published).toBe('2025-09-03');
    expect(checkConsistency(index.db)).toEqual([]);
  });

  it('stores a statement carried by several outlets once, listing every outlet, earliest first', async () => {
    writeArticle(data.dir, 'one.md', {
      body: 'Mark Rutte direct: "We will not be divided," he added.',
      outlet: 'Wire One',
      published: '2025-09-05',
    });
    writeArticle(data.dir, 'two.md', {
      body: 'Mark Rutte direct: “We will not be divided,” he added.',
      outlet: 'Wire Two',
      published: '2025-09-04',
    });
    writeArticle(data.dir, 'three.md', {
      body: 'RUTTE direct: we  will not be DIVIDED, he added',
      outlet: 'Wire Three',
      published: '2025-09-06',
    });
    writeArticle(data.dir, 'other.md', {
      body: 'Kaja Testova direct: We will not be divided, he added.',
      outlet: 'Wire One',
      published: '2025-09-05',
    });
    await refresh();
    const rutte = await index.lookupSpeaker('Rutte');
    expect(rutte.kind).toBe('found');
    if (rutte.kind !== 'found') return;
    const page = await index.findStatements({ speakerId: rutte.speaker.id }, { limit: 10 });
    expect(page.total).toBe(1);
    expect(page.items[0]!.sources.map((s) => s.outlet)).toEqual(['Wire Two', 'Wire One', 'Wire Three']);
    expect(page.items[0]!.published).toBe('2025-09-04');
    expect((await index.stats()).statements).toBe(2);
  });

  it('refuses broken articles with file and reason, leaving the index exactly as it was', async () => {
    const good = writeArticle(data.dir, 'good.md', { body: rutteBody });
    await refresh();
    const before = dumpIndex(index.db);
    const dir = join(data.dir, 'articles');
    writeFileSync(join(dir, 'bad-yaml.md'), '---\ntitle: [unclosed\noutlet: X\n---\nText.');
    writeFileSync(join(dir, 'no-date.md'), '---\ntitle: T\noutlet: X\n---\nText.');
    writeFileSync(join(dir, 'latin1.md'), Buffer.concat([Buffer.from(articleSource({ body: 'Caf' })), Buffer.from([0xe9, 0x0a])]));
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    writeFileSync(join(dir, 'empty.md'), '');
    writeFileSync(join(dir, 'huge.md'), articleSource({ body: 'x'.repeat(MAX_ARTICLE_BYTES + 10) }));
    // A good article turned bad keeps its old statements.
    writeFileSync(good, '---\ntitle: broken now\n---\n');
    const report = await refresh();
    expect(report.failed.map((f) => f.file).sort()).toEqual([
      'articles/bad-yaml.md',
      'articles/binary.md',
      'articles/empty.md',
      'articles/good.md',
      'articles/huge.md',
      'articles/latin1.md',
      'articles/no-date.md',
    ]);
    for (const f of report.failed) expect(f.reason.length).toBeGreaterThan(5);
    expect(report.failed.find((f) => f.file === 'articles/no-date.md')!.reason).toMatch(/published/);
    expect(report.failed.find((f) => f.file === 'articles/latin1.md')!.reason).toMatch(/UTF-8/);
    expect(report.failed.find((f) => f.file === 'articles/binary.md')!.reason).toMatch(/binary/);
    expect(report.failed.find((f) => f.file === 'articles/empty.md')!.reason).toMatch(/empty/);
    expect(report.failed.find((f) => f.file === 'articles/huge.md')!.reason).toMatch(/limit/);
    expect(report).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(dumpIndex(index.db)).toEqual(before);
  });

  it('reports a path that does not exist and an extractor that throws, storing nothing for them', async () => {
    const path = writeArticle(data.dir, 'a.md', { body: rutteBody });
    const report = await ingestPaths(index, [join(data.dir, 'nope.md'), path], {
      dataDir: data.dir,
      extract: () => {
        throw new Error('boom');
      },
    });
    expect(report.failed).toEqual([
      { file: join(data.dir, 'nope.md'), reason: 'no such file or directory' },
      { file: 'articles/a.md', reason: 'extraction failed: boom' },
    ]);
    expect((await index.stats()).articles).toBe(0);
  });

  it('refuses only the article that cannot be stored when it shares a batch with others', async () => {
    writeArticle(data.dir, 'a.md', { body: rutteBody });
    writeArticle(data.dir, 'b.md', { body: 'Mark Rutte direct: This one breaks the kind constraint.' });
    writeArticle(data.dir, 'c.md', { body: 'Kaja Testova direct: Fine words.' });
    const report = await refreshIndex(index, data.dir, {
      extract: (body, _options) => lineExtractor(body).map((s) => (s.text.includes('breaks') ? { ...s, kind: 'shouted' as never } : s)),
    });
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ file: 'articles/b.md', reason: expect.stringMatching(/^cannot store: .*CHECK/) });
    expect(report.added).toBe(2);
    expect(await index.stats()).toMatchObject({ articles: 2, statements: 3 });
    expect(checkConsistency(index.db)).toEqual([]);
  });

  it('takes single files and folders outside the data folder, by absolute path', async () => {
    const outside = tempDataDir();
    try {
      const path = writeArticle(outside.dir, 'x/y.md', { body: rutteBody });
      const report = await ingestPaths(index, [path], { dataDir: data.dir, extract: lineExtractor });
      expect(report.added).toBe(1);
      expect((await index.listSources({}, { limit: 5 })).items[0]!.file).toBe(path);
    } finally {
      outside.cleanup();
    }
  });

  it('moves statements to a speaker the registry learns about later', async () => {
    writeArticle(data.dir, 'a.md', { body: 'Olena Testenko [mayor of Exampleton] direct: The bridge will open in May.' });
    writeArticle(data.dir, 'b.md', { body: 'Olena Testenko-Prykladna direct: The bridge is open.' });
    await refresh();
    expect((await index.lookupSpeaker('testenko')).kind).toBe('found');
    const shipped = loadSpeakerRegistry();
    const source = `- name: Olena Testenko-Prykladna\n  aliases: [Olena Testenko]\n  roles:\n    - title: Mayor of Exampleton\n      from: 2024-01-01\n`;
    const registry = { ...shipped, hash: 'test-registry', speakers: [...shipped.speakers, ...parseSpeakerRegistry(source).speakers] };
    const report = await refreshIndex(index, data.dir, { extract: lineExtractor, registry });
    expect(report.updated).toBeGreaterThanOrEqual(1);
    const found = await index.lookupSpeaker('Olena Testenko');
    expect(found).toMatchObject({ kind: 'found', speaker: { name: 'Olena Testenko-Prykladna', statementCount: 2 } });
    expect((await index.stats()).speakers).toBe(1);
    expect(checkConsistency(index.db)).toEqual([]);
  });

  it('gives new speakers the role their article states, and registry speakers the role held that day', async () => {
    writeArticle(data.dir, 'a.md', { body: 'Olena Prykladna [spokeswoman for the Test Ministry] direct: The list is long.' });
    writeArticle(data.dir, 'b.md', { body: 'Mark Rutte direct: Defence spending must rise.', published: '2024-03-01' });
    writeArticle(data.dir, 'c.md', { body: 'Mark Rutte direct: Deterrence works.', published: '2025-03-01' });
    await refresh();
    const olena = await index.lookupSpeaker('prykladna');
    expect(olena).toMatchObject({ kind: 'found', speaker: { name: 'Olena Prykladna', role: 'spokeswoman for the Test Ministry' } });
    const items = (await index.findStatements({}, { limit: 10 })).items;
    const role = (text: string) => items.find((s) => s.text === text)!.speaker!.role;
    expect(role('Defence spending must rise.')).toBe('Prime Minister of the Netherlands');
    expect(role('Deterrence works.')).toBe('NATO Secretary General');
  });
});
