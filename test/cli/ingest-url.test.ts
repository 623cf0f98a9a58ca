// /ingest through the console adapter (the app as `whosaid console` opens it, private fetch allowed for the
// test site), permissions and option checks, the Discord rendering of its answer, and `whosaid ingest URL`.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import { renderDiscord } from '../../src/discord/render.ts';
import { createLogger } from '../../src/log.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import type { Reply } from '../../src/reply/types.ts';
import { tempDataDir } from '../console/helpers.ts';
import { listArticles } from '../intake/helpers.ts';
import { startNewsServer, type NewsServer } from '../intake/news-server.ts';
import { LATVIA_TEXT, VISTULA } from '../intake/pages.ts';
import { commands } from '../../commands/index.ts';
import { startBrokenStreamServer } from '../net/broken-streams.ts';

let site: NewsServer;
let data: ReturnType<typeof tempDataDir>;
let app: App;

beforeAll(async () => {
  site = await startNewsServer();
  data = tempDataDir();
  const logger = createLogger({ level: 'silent', stream: { write: () => undefined } });
  app = await openApp(parseConfig({ WHOSAID_DATA_DIR: data.dir, WHOSAID_ALLOW_PRIVATE_FETCH: 'true' }), logger, { localFiles: true });
});
afterAll(async () => {
  app.close();
  data.cleanup();
  await site.close();
});

async function ask(line: string, context = app.context): Promise<Reply> {
  const result = await new ConsoleSession(context, commands).handle(line);
  if (result?.kind !== 'reply') throw new Error(`expected a reply to ${line}`);
  return result.reply;
}

// The first HTML page of a file also starts the parser's worker thread (seconds on a loaded machine).
describe('/ingest in the console', { timeout: 30_000 }, () => {
  it('adds an article from a link and its statements answer /quote at once', async () => {
    const reply = await ask(`/ingest url:${site.origin}/politics/adviser-troops`);
    expect(reply).toMatchObject({ type: 'info', command: 'ingest', title: `Added: ${VISTULA.title}` });
    const text = renderTerminal(reply, { color: false });
    expect(text).toContain('Outlet: Vistula Daily');
    expect(text).toContain('Published: 2025-09-18');
    expect(text).toMatch(/Statements: \d+ statements from \d+ speakers/);
    expect(text).toMatch(/Speakers: Tomasz Wrona \(\d\)/);

    const quotes = await ask('/quote speaker:Wrona');
    expect(quotes.type).toBe('statements');
    expect(renderTerminal(quotes, { color: false })).toContain('Source: Vistula Daily, 2025-09-18');
  });

  it('answers a second time "already indexed", pointing at /sources', async () => {
    const reply = await ask(`/ingest url:${site.origin}/politics/adviser-troops`);
    expect(reply).toMatchObject({ type: 'notice', title: 'Already indexed', suggestions: ['/sources'] });
    expect((reply as { text: string }).text).toContain(VISTULA.title);
  });

  it('takes a local file in the console', async () => {
    const path = join(data.dir, 'latvia.txt');
    writeFileSync(path, LATVIA_TEXT);
    const reply = await ask(`/ingest file:"${path}"`);
    expect(reply).toMatchObject({ type: 'info', title: 'Added: Latvian prime minister calls for radar chain along the border' });
  });

  it('refuses members who may not manage, ephemerally, and checks the options', async () => {
    const before = listArticles(data.dir);
    const member = { ...app.context, member: { canManage: false, canPin: false, id: '7', name: 'guest' } };
    const denied = await ask(`/ingest url:${site.origin}/ireland/demining`, member);
    expect(denied).toMatchObject({ type: 'notice', title: 'Not allowed' });
    expect(renderDiscord(denied).flags).toBe(64);
    expect(await ask('/ingest')).toMatchObject({ type: 'notice', text: 'Give a link (url:) or attach a file (file:).' });
    expect(await ask(`/ingest url:${site.origin}/a file:x.md`)).toMatchObject({ type: 'notice', title: 'Check the options' });
    const paywall = await ask(`/ingest url:${site.origin}/analysis/ceasefire-line`);
    expect(paywall).toMatchObject({ type: 'notice', tone: 'warning', title: 'Article not added' });
    expect(renderDiscord(paywall).flags).toBe(64);
    expect(await ask('/ingest url:gopher://example.org/')).toMatchObject({ type: 'notice', title: 'Article not added' });
    expect(listArticles(data.dir)).toEqual(before);
  });

  it('renders the added article for Discord as literal text: page text cannot ping or format', () => {
    const reply: Reply = {
      type: 'info',
      command: 'ingest',
      title: 'Added: @everyone **bold** [x](https://evil.example)',
      fields: [{ name: 'Speakers', value: '<@123> (2), @here (1)' }],
    };
    const message = JSON.stringify(renderDiscord(reply));
    expect(message).not.toMatch(/(?<!\\)<@123>/);
    expect(message).toContain('\\\\<\\\\@123\\\\>');
  });
});

describe('whosaid ingest URL', () => {
  // Asynchronous: the news site runs in this process and must keep answering while the CLI runs.
  function whosaid(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['src/bin/whosaid.mjs', ...args], {
        env: { PATH: process.env.PATH ?? '', WHOSAID_DATA_DIR: data.dir, WHOSAID_ALLOW_PRIVATE_FETCH: 'true', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('prints the result on stdout (logs on stderr) and exits 0; a refusal exits 1', async () => {
    const ok = await whosaid(['ingest', `${site.origin}/ireland/demining`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^added: Irish minister says neutrality does not rule out demining — 127\.0\.0\.1, date unknown\n/);
    expect(ok.stdout).toContain('Niamh Byrne');
    expect(ok.stdout).toContain('note: No publication date found: saved as "date unknown"');
    expect(ok.stderr).toContain('article added');

    const json = await whosaid(['ingest', `${site.origin}/ireland/demining`, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: { kind: 'duplicate', reason: 'url' } });

    const bad = await whosaid(['ingest', `${site.origin}/photo.png`]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('refused:');
    expect(bad.stdout).toContain('image/png');
  }, 60_000);

  it('a compressed page cut off by a connection reset: one clear line, exit 1, nothing added', async () => {
    const broken = await startBrokenStreamServer();
    try {
      const before = listArticles(data.dir);
      const url = `${broken.origin}/gzip/reset/harbour-talks`;
      const result = await whosaid(['ingest', url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`refused: ${url}\n  Could not fetch ${new URL(broken.origin).host} (ECONNRESET).\n`);
      expect(result.stderr).toContain('article refused');
      expect(listArticles(data.dir)).toEqual(before);
    } finally {
      await broken.close();
    }
  }, 60_000);
});
