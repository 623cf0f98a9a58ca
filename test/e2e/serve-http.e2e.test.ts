// `whosaid serve-http` as an operator runs it: a child process configured by the environment, answering the
// fake Discord's signed requests, stopping cleanly on SIGTERM; and refusing to start without the public key.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../support/free-port.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';

let fake: FakeDiscord;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'whosaid-serve-http-'));
  mkdirSync(join(dataDir, 'articles'));
  cpSync('test/e2e/fixtures/harbour.md', join(dataDir, 'articles', 'harbour.md'));
  fake = await startFakeDiscord({ timeoutMs: 8_000 });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', WHOSAID_DATA_DIR: dataDir, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info', ...extra };
}

describe('whosaid serve-http', { timeout: 60_000 }, () => {
  it('serves signed interactions from the configured port and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['src/bin/whosaid.mjs', 'serve-http'], {
      env: env({ DISCORD_PUBLIC_KEY: fake.publicKey, WHOSAID_HTTP_PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const until = Date.now() + 45_000;
    while (!stdout.includes('answering Discord interactions over HTTP')) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`serve-http did not start:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const started = stdout
      .split('\n')
      .map((line) => JSON.parse(line || '{}'))
      .find((l) => l.msg === 'answering Discord interactions over HTTP');
    expect(started.url).toBe(`http://127.0.0.1:${port}/interactions`);

    const ping = await fake.deliverHttp(started.url, { type: 1, id: '1', application_id: fake.applicationId, token: 'ping', version: 1 });
    expect(ping).toMatchObject({ status: 200, body: { type: 1 } });
    const about = await fake.deliverHttp(started.url, fake.interactions.chatInput('about', {}));
    expect(about.status).toBe(200);
    expect(about.body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    expect(about.callback?.problems).toEqual([]);
    expect((await fake.deliverHttp(started.url, fake.interactions.chatInput('about', {}), { foreignKey: true })).status).toBe(401);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('refuses to start without DISCORD_PUBLIC_KEY, or with a malformed one, in one line', () => {
    const run = (extra: Record<string, string>) =>
      spawnSync(process.execPath, ['src/bin/whosaid.mjs', 'serve-http'], { env: env(extra), encoding: 'utf8', timeout: 60_000 });
    const missing = run({});
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^whosaid: DISCORD_PUBLIC_KEY is not set/)]);
    const malformed = run({ DISCORD_PUBLIC_KEY: 'abc123' });
    expect(malformed.status).toBe(1);
    expect(malformed.stderr.trim()).toBe(
      "whosaid: Invalid configuration: DISCORD_PUBLIC_KEY must be the application's public key: 64 hex characters",
    );
  });
});
