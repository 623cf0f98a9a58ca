// Replay protection over HTTP interactions: an interaction delivered twice (a captured signed request sent
// again within its signature's age) is answered once, even when the repeat reaches another process: the ids
// already received live in the store the processes share. Two apps on one data folder stand for two processes.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { SEEN_INTERACTION_TTL_MS, startInteractionServer, type InteractionServer } from '../../src/discord/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { ROUTES, startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';

let fake: FakeDiscord;
let dataDir: string;
const apps: App[] = [];
const servers: InteractionServer[] = [];
let clock = Date.UTC(2025, 9, 6, 12);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'whosaid-http-replay-'));
  mkdirSync(join(dataDir, 'articles'));
  cpSync('test/e2e/fixtures/harbour.md', join(dataDir, 'articles', 'harbour.md'));
  fake = await startFakeDiscord({ timeoutMs: 8_000 });
  const config = parseConfig({ WHOSAID_DATA_DIR: dataDir, DISCORD_PUBLIC_KEY: fake.publicKey, DISCORD_API_URL: fake.apiUrl });
  const logger = createLogger({ level: 'silent' });
  for (let i = 0; i < 2; i++) {
    const app = await openApp(config, logger);
    apps.push(app);
    servers.push(
      await startInteractionServer({
        publicKey: fake.publicKey,
        apiUrl: fake.apiUrl,
        host: '127.0.0.1',
        port: 0,
        context: app.context,
        commands: app.commands,
        logger,
        firstSeen: (id) => app.store.firstSeenInteraction(id, { nowMs: clock, ttlMs: SEEN_INTERACTION_TTL_MS }),
      }),
    );
  }
  await deployCommands({
    token: fake.token,
    apiUrl: fake.apiUrl,
    applicationId: fake.applicationId,
    guildId: fake.guildId,
    definitions: apps[0]!.commands.definitions(),
  });
}, 30_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const app of apps) await app.close();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const endpoint = (i: number) => `${servers[i]!.url}/interactions`;
const callbacks = (id: string) => fake.requests.filter((r) => r.route === ROUTES.interactionCallback && r.params['interaction'] === id);

describe('HTTP interactions: replays', () => {
  it('an interaction delivered again, to the same or another process, is refused (409) and answered once', async () => {
    const payload = fake.interactions.chatInput('quote', { speaker: 'Ostrova' });
    const first = await fake.deliverHttp(endpoint(0), payload);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ type: 4, data: { content: '**Mirela Ostrova** — Lindholm Mayor\n4 statements' } });

    const sameProcess = await fetchSigned(0, payload);
    const otherProcess = await fetchSigned(1, payload);
    expect([sameProcess, otherProcess]).toEqual([
      { status: 409, text: 'interaction already received' },
      { status: 409, text: 'interaction already received' },
    ]);
    expect(callbacks(payload.id as string)).toHaveLength(1);

    // Another interaction is answered as usual, by either process.
    const next = await fake.deliverHttp(endpoint(1), fake.interactions.chatInput('quote', { speaker: 'Ostrova' }));
    expect(next.status).toBe(200);
    // PING carries no interaction to protect: always answered.
    const ping = { type: 1, id: '1', application_id: fake.applicationId, token: 'ping', version: 1 };
    expect((await fake.deliverHttp(endpoint(0), ping)).body).toEqual({ type: 1 });
    expect((await fake.deliverHttp(endpoint(1), ping)).body).toEqual({ type: 1 });
  });

  it('ids are remembered for the token’s life, then forgotten', async () => {
    const store = apps[0]!.store;
    expect(await store.firstSeenInteraction('4'.repeat(19), { nowMs: clock, ttlMs: SEEN_INTERACTION_TTL_MS })).toBe(true);
    clock += SEEN_INTERACTION_TTL_MS - 1;
    expect(await apps[1]!.store.firstSeenInteraction('4'.repeat(19), { nowMs: clock, ttlMs: SEEN_INTERACTION_TTL_MS })).toBe(false);
    clock += 1;
    expect(await apps[1]!.store.firstSeenInteraction('4'.repeat(19), { nowMs: clock, ttlMs: SEEN_INTERACTION_TTL_MS })).toBe(true);
  });
});

/** The same signed request again, as someone replaying a captured one would send it. */
async function fetchSigned(server: number, payload: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const response = await fetch(endpoint(server), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...fake.signHttp(body) },
    body,
  });
  return { status: response.status, text: await response.text() };
}
