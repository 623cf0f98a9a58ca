// Issue 12: the same link ingested by two processes at once was stored twice (and corroborated itself). Two
// `whosaid ingest URL` runs fetch the page together (the site answers only once both asked); the index keeps
// one article and one file, and the run that lost says the article is already indexed.
import { spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexFileFor } from '../../src/ingest/data-dir.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { tempDataDir } from '../ingest/helpers.ts';
import { listArticles } from '../intake/helpers.ts';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry service to resume | Harbour Post</title>
<meta property="og:site_name" content="Harbour Post"><meta property="article:published_time" content="2025-05-02T08:00:00Z"></head>
<body><main><article><h1>Ferry service to resume after the winter storms</h1>
<p>The ferry between the two islands will sail again on Monday, the port authority said on Friday, after repairs to the northern quay took longer than planned.</p>
<p>"We will reopen the crossing on Monday morning, with the first boat at seven," said Mira Testandottir, the port director.</p>
<p>Jon Halvarsen, who chairs the island council, said the council had asked for a second daily crossing during the summer months and would meet the operator next week.</p>
<p>The storms closed the crossing for eleven days in February, the longest closure since the quay was built.</p>
</article></main></body></html>`;

let data: ReturnType<typeof tempDataDir>;
let origin: string;
let close: () => Promise<void>;

beforeEach(async () => {
  data = tempDataDir();
  // A barrier: the page is answered only once two requests for it are waiting.
  const waiting: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (!req.url?.startsWith('/news/ferry')) {
      res.writeHead(404).end();
      return;
    }
    waiting.push(res);
    if (waiting.length < 2) return;
    for (const r of waiting.splice(0)) r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(async () => {
  await close();
  data.cleanup();
});

function ingest(url: string) {
  const child = spawn(process.execPath, ['src/bin/whosaid.mjs', 'ingest', url, '--data-dir', data.dir], {
    env: { PATH: process.env.PATH ?? '', WHOSAID_ALLOW_PRIVATE_FETCH: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('two processes ingesting the same link at once', { timeout: 120_000 }, () => {
  it('store it once; the other is told it is already indexed', async () => {
    // Open (create) the index first, so the two runs race on the link, not on creating the file.
    openSqliteStore(indexFileFor(data.dir)).closeNow();
    const runs = await Promise.all([ingest(`${origin}/news/ferry`), ingest(`${origin}/news/ferry?utm_source=chat`)]);
    expect(runs.map((r) => [r.code, r.stderr, r.stdout])).toEqual([
      [0, '', expect.any(String)],
      [0, '', expect.any(String)],
    ]);
    const firstLines = runs.map((r) => r.stdout.split('\n')[0]).sort();
    expect(firstLines).toEqual([
      'added: Ferry service to resume after the winter storms — Harbour Post, 2025-05-02',
      'already indexed: Ferry service to resume after the winter storms — Harbour Post, 2025-05-02 (same link)',
    ]);
    expect(listArticles(data.dir)).toHaveLength(1);
    const index = openSqliteStore(indexFileFor(data.dir), { readonly: true });
    try {
      expect(index.db.prepare('SELECT count(*) FROM articles').pluck().get()).toBe(1);
      // Nothing corroborates itself: every statement has one source.
      expect(index.db.prepare('SELECT max(n) FROM (SELECT count(*) AS n FROM statement_sources GROUP BY statement_id)').pluck().get()).toBe(
        1,
      );
    } finally {
      index.closeNow();
    }
  });
});
