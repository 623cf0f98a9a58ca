// Faults at start (issue 6): `whosaid start` as the operator runs it (a child process with env), facing an
// index it cannot use. Each must stop at once with one clear line naming the file or folder and no stack
// trace: exit code 1, not a crash loop. A missing index is not a fault: it is rebuilt from the articles and
// the bot answers. When the tests run as root (who may write anything), the child runs as `nobody` so that
// file permissions mean what they say.
import { spawn } from 'node:child_process';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { IndexOpenError } from '../../src/store/database.ts';
import { refreshIndex, indexFileFor } from '../../src/ingest/index.ts';
import { createLogger } from '../../src/log.ts';
import { botEnv, startFakeDiscord } from '../fake-discord/index.ts';
import type { FakeDiscord } from '../fake-discord/index.ts';

const SEED = 'data/articles/2025-08-23-unn-nato-troops-ukraine.md';
const ROOT_USER = process.getuid?.() === 0;
const NOBODY = 65534;
/** A well-formed token for the cases that never reach Discord. */
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.abcdef.abcdefghijklmnopqrstuvwxyz12';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let base: string;
let fake: FakeDiscord;

/** The child may use (or is refused, by its mode) this path as if it owned it. */
function ownedByChild(path: string): void {
  if (ROOT_USER) chownSync(path, NOBODY, NOBODY);
}

/** A data folder with the seed article, readable by the child; `index: true` builds its index first. */
async function dataDir(name: string, options: { index?: boolean } = {}): Promise<string> {
  const dir = join(base, name);
  mkdirSync(join(dir, 'articles'), { recursive: true });
  cpSync(SEED, join(dir, 'articles', 'seed.md'));
  if (options.index) {
    const index = openSqliteStore(indexFileFor(dir));
    try {
      await refreshIndex(index, dir);
      index.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      index.close();
    }
  }
  return dir;
}

function start(env: Record<string, string>): { done: Promise<Run>; kill: (signal: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, ['src/bin/whosaid.mjs', 'start'], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: tmpdir(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(ROOT_USER ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // Not a hang: a child still running after 60 s is killed and the test fails on its signal. (Starting
  // takes a few seconds of CPU: tsx, discord.js, the extractor's lexicons; the machine may be busy.)
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { done, kill: (signal) => child.kill(signal) };
}

function expectOneClearLine(run: Run, message: RegExp): void {
  expect(run.signal).toBeNull();
  expect(run.code).toBe(1);
  const lines = run.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^whosaid: /);
  expect(lines[0]).toMatch(message);
  // No stack trace, no error dump, nothing logged as fatal on stdout.
  expect(run.stderr + run.stdout).not.toMatch(/\n\s+at |SqliteError|"level":(50|60)/);
}

const runs: Record<string, Promise<Run>> = {};

/** As root, the child runs as nobody: it must be able to reach the checkout (every folder up to it o+x). */
function checkoutReachableByNobody(): void {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `running as root, these tests run whosaid as nobody, who cannot enter ${dir}: chmod o+x it or run the tests as a normal user`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

beforeAll(async () => {
  if (ROOT_USER) checkoutReachableByNobody();
  base = mkdtempSync(join(tmpdir(), 'whosaid-faults-start-'));
  chmodSync(base, 0o755);
  const cases: Record<string, string> = {};

  // The index file is read-only (its folder is writable).
  cases['readonlyFile'] = await dataDir('readonly-file', { index: true });
  ownedByChild(join(cases['readonlyFile'], 'index'));
  chmodSync(join(cases['readonlyFile'], 'index', 'whosaid.db'), 0o444);

  // No index yet, and the data folder cannot take one.
  cases['unwritableDataDir'] = await dataDir('unwritable-data-dir');
  chmodSync(cases['unwritableDataDir'], 0o555);

  // Something else sits where the index should be.
  cases['foreignFile'] = await dataDir('foreign-file');
  mkdirSync(join(cases['foreignFile'], 'index'));
  writeFileSync(join(cases['foreignFile'], 'index', 'whosaid.db'), 'these are my notes, not an index\n'.repeat(200));
  ownedByChild(join(cases['foreignFile'], 'index'));
  ownedByChild(join(cases['foreignFile'], 'index', 'whosaid.db'));

  for (const [name, dir] of Object.entries(cases)) {
    runs[name] = start({ WHOSAID_DATA_DIR: dir, DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'http://127.0.0.1:9/api' }).done;
  }
});

afterAll(async () => {
  await Promise.allSettled(Object.values(runs));
  await fake?.close();
  if (base) {
    chmodSync(join(base, 'unwritable-data-dir'), 0o755);
    rmSync(base, { recursive: true, force: true });
  }
});

describe('whosaid start with an index it cannot use: one clear line, exit 1', () => {
  it('a read-only index file', async () => {
    const run = await runs['readonlyFile']!;
    expectOneClearLine(run, /the index \S+readonly-file\/index\/whosaid\.db is read-only \(permission denied\)/);
  }, 90_000);

  it('a data folder where the index cannot be created', async () => {
    expectOneClearLine(
      await runs['unwritableDataDir']!,
      /cannot create the index directory \S+unwritable-data-dir\/index: permission denied/,
    );
  }, 90_000);

  it('a file that is not a whosaid index', async () => {
    expectOneClearLine(
      await runs['foreignFile']!,
      /foreign-file\/index\/whosaid\.db is damaged or not a whosaid index .*run `whosaid doctor`.*do not delete the index/,
    );
  }, 90_000);

  // The same door, without a process each (they cost seconds of CPU): what openApp throws is what the
  // CLI prints after "whosaid: ".
  it('a data folder that is a file (in process)', async () => {
    const logger = createLogger({ level: 'silent' });
    const notAFolder = join(base, 'not-a-folder');
    writeFileSync(notAFolder, 'a file\n');
    const open = (dir: string) => openApp(parseConfig({ WHOSAID_DATA_DIR: dir }), logger);
    await expect(open(notAFolder)).rejects.toThrow(IndexOpenError);
    await expect(open(notAFolder)).rejects.toThrow(
      /^cannot create the index directory \S+not-a-folder\/index: a path component is not a directory$/,
    );
  });
});

describe('whosaid start with its index missing', () => {
  it('rebuilds the index from the articles, answers /quote in Discord, and stops cleanly on SIGTERM', async () => {
    fake = await startFakeDiscord({ timeoutMs: 45_000 }); // a child start (tsx, index build) on a busy machine
    const dir = await dataDir('missing-index');
    ownedByChild(dir);
    expect(existsSync(join(dir, 'index'))).toBe(false);

    const bot = start({
      WHOSAID_DATA_DIR: dir,
      ...botEnv(fake),
    });
    await fake.waitForRequest((r) => r.route === 'PUT /applications/:application/guilds/:guild/commands', 'the command deploy');
    const reply = await fake.waitForReply(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(reply.message.content).toMatch(/^\*\*Giuseppe Cavo Dragone\*\*/);
    expect(reply.message.embeds?.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'index', 'whosaid.db'))).toBe(true);

    bot.kill('SIGTERM');
    const run = await bot.done;
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    const logs = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string; added?: number });
    expect(logs.find((l) => l.msg === 'index updated from the articles')).toMatchObject({ added: 1 });
    expect(logs.map((l) => l.msg)).toContain('shutting down');
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(run.stderr).toBe('');
    expect(fake.violations).toEqual([]);
  }, 90_000);
});
