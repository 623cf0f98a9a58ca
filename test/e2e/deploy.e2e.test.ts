// End to end, deployment: commands registered by bulk overwrite (at start to DISCORD_GUILD_ID, and with
// `whosaid deploy-commands [--guild ID]`), the Guilds intent only, and a clean shutdown on SIGINT/SIGTERM of
// the real `whosaid start` process.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { ROUTES, startFakeDiscord } from '../fake-discord/index.ts';
import type { FakeDiscord } from '../fake-discord/index.ts';
import { SEED, embedsOf, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

const GUILDS_INTENT = 1;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `whosaid ARGS` as a child process (asynchronous: the fake Discord answers from this process). */
function whosaid(args: string[], env: Record<string, string>, onStdout?: (text: string) => void) {
  const child = spawn(process.execPath, ['src/bin/whosaid.mjs', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
    onStdout?.(run.stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve(run);
    }),
  );
  return { child, run, done };
}

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('at start', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ articles: [SEED] });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('registers every command to DISCORD_GUILD_ID in one bulk overwrite that Discord accepts, and none globally', () => {
    const puts = h.fake.requests.filter((r) => r.route === ROUTES.guildCommandsOverwrite);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.params['guild']).toBe(h.fake.guildId);
    expect(puts[0]!.status).toBe(200);
    expect(puts[0]!.problems).toEqual([]);
    expect(puts[0]!.body).toEqual(JSON.parse(JSON.stringify(commands.definitions())));
    expect(h.fake.requests.filter((r) => r.route === ROUTES.globalCommandsOverwrite)).toEqual([]);
    expect(h.fake.violations).toEqual([]);
  });

  it('asks for the Guilds intent only', () => {
    const identify = h.fake.gatewayEvents.find((e) => e.kind === 'identify');
    expect(identify).toMatchObject({ kind: 'identify', intents: GUILDS_INTENT });
  });
});

describe('whosaid deploy-commands', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord({ timeoutMs: 20_000 });
  });
  afterAll(async () => {
    await fake?.close();
  });
  const env = () => ({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });

  it("--guild ID bulk-overwrites the guild's commands, finding the application id itself", async () => {
    const { child, done } = whosaid(['deploy-commands', '--guild', fake.guildId], env());
    children.push(child);
    const run = await done;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const count = commands.definitions().length;
    expect(run.stdout).toBe(`registered ${count} commands (guild ${fake.guildId})\n`);
    expect(fake.commands().map((c) => c.name)).toEqual(commands.definitions().map((c) => c.name));
    expect(fake.requests.some((r) => r.route === ROUTES.currentApplication)).toBe(true);
    expect(fake.violations).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
  }, 30_000);

  it('without a guild registers the commands globally', async () => {
    const { child, done } = whosaid(['deploy-commands'], { ...env(), DISCORD_APPLICATION_ID: fake.applicationId });
    children.push(child);
    const run = await done;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`registered ${commands.definitions().length} commands (global)\n`);
    expect(fake.commands('global').map((c) => c.name)).toEqual(commands.definitions().map((c) => c.name));
    expect(fake.violations).toEqual([]);
  }, 30_000);

  it('refuses a malformed guild id with one line', async () => {
    const { child, done } = whosaid(['deploy-commands', '--guild', 'general'], env());
    children.push(child);
    const run = await done;
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('whosaid: --guild must be a guild id (17 to 20 digits)\n');
  }, 30_000);
});

describe('whosaid start shuts down cleanly', () => {
  let fake: FakeDiscord;
  let dataDir: string;
  beforeAll(async () => {
    fake = await startFakeDiscord({ timeoutMs: 30_000 });
    dataDir = mkdtempSync(join(tmpdir(), 'whosaid-e2e-start-'));
    mkdirSync(join(dataDir, 'articles'));
    cpSync(SEED, join(dataDir, 'articles', 'seed.md'));
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s: answers until then, closes the gateway, exits 0',
    async (signal) => {
      const sessions = fake.gatewayEvents.filter((e) => e.kind === 'identify').length;
      let resolveReady = () => {};
      const ready = new Promise<void>((resolve) => (resolveReady = resolve));
      const { child, done } = whosaid(
        ['start'],
        { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: fake.guildId, WHOSAID_DATA_DIR: dataDir },
        (out) => out.includes('slash commands registered to the guild') && resolveReady(),
      );
      children.push(child);
      await Promise.race([ready, done.then((r) => Promise.reject(new Error(`whosaid start exited early: ${r.stderr}`)))]);
      expect(fake.gatewayEvents.filter((e) => e.kind === 'identify')).toHaveLength(sessions + 1);
      const identify = fake.gatewayEvents.filter((e) => e.kind === 'identify').at(-1)!;

      const reply = await fake.waitForReply(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
      expect(embedsOf(reply).length).toBeGreaterThan(0);

      child.kill(signal);
      const run = await done;
      expect(run.signal).toBeNull();
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; signal?: string; level: number });
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal }));
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      // The client closed its gateway connection itself (not dropped by the fake).
      const closed = await fake.waitForGateway(
        (e) => e.kind === 'closed' && e.sessionId === (identify as { sessionId: string }).sessionId,
        'the gateway connection of the stopped bot to close',
      );
      expect(closed).toMatchObject({ byFake: false });
      expect(fake.violations).toEqual([]);
    },
    60_000,
  );
});
