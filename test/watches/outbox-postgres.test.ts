// Two processes on one Postgres share the watch outbox: the same (watch, statement) found due by both is
// queued once; a post both try to send goes to Discord (the fake, through discord.js REST) exactly once; a
// process that dies between claiming a post and sending it does not lose it (the lease runs out).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from 'discord.js';
import { discordWatchNotifier } from '../../src/discord/watch-notifier.ts';
import { createLogger } from '../../src/log.ts';
import type { PostgresStore } from '../../src/store/postgres/store.ts';
import type { OutboxMessage } from '../../src/store/store.ts';
import { LEASE_MS, OutboxPoster } from '../../src/watches/outbox.ts';
import { postReply } from '../../src/watches/watcher.ts';
import type { WatchRecord } from '../../src/watches/types.ts';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';
import { openTestPostgres } from '../support/store-engines.ts';
import { newWatch } from './new-watch.ts';

const logger = createLogger({ level: 'silent' });
const NOW = Date.UTC(2025, 9, 2, 12);
let fake: FakeDiscord;
let client: Client;
let a: PostgresStore;
let b: PostgresStore;
let watch: WatchRecord;

beforeEach(async () => {
  fake = await startFakeDiscord({ timeoutMs: 10_000 });
  client = new Client({ intents: [], rest: { api: fake.apiUrl, retries: 0 } });
  client.rest.setToken(fake.token);
  const schema = `outbox_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  a = await openTestPostgres({ schema });
  b = await openTestPostgres({ schema });
  watch = await a.watches.add(newWatch({ guildId: fake.guildId, channelId: fake.channelId, topic: 'harbours' }));
}, 60_000);

afterEach(async () => {
  await a.close().catch(() => {});
  await b.close();
  await client.destroy();
  await fake.close();
});

function message(): OutboxMessage {
  const statement = {
    id: 1,
    text: 'The quay will open in April',
    kind: 'direct' as const,
    speaker: { id: 1, name: 'Ona Example', role: null, type: 'person' as const },
    topics: ['harbours'],
    context: null,
    venue: null,
    cue: null,
    sources: [],
    published: '2025-10-02',
  };
  const reply = postReply(watch, { title: 'Quay', outlet: 'Test Courier', published: '2025-10-02', url: null, created: [1] }, [statement]);
  return { target: 'discord', channelId: fake.channelId, pingRoleId: null, payload: JSON.stringify(reply) };
}

const poster = (store: PostgresStore, holder: string, now = NOW) => {
  const p = new OutboxPoster(store.outbox, { log: logger, holder, now: () => now });
  p.setNotifier(discordWatchNotifier(client, logger));
  return p;
};

describe('watch outbox, two processes on one Postgres', { timeout: 60_000 }, () => {
  it('a statement found due by both is queued once, and the post raced by both is posted exactly once', async () => {
    const queued = await Promise.all([a.outbox.enqueue(watch.id, ['k1'], message, NOW), b.outbox.enqueue(watch.id, ['k1'], message, NOW)]);
    expect(queued.filter((e) => e !== null)).toHaveLength(1);
    const [one, two] = await Promise.all([poster(a, 'pa').drain(), poster(b, 'pb').drain()]);
    expect(one.length + two.length).toBe(1);
    expect(fake.channelMessages()).toHaveLength(1);
    expect(fake.channelMessages()[0]!.message['content']).toMatch(/^\*\*New statements\\: Quay\*\*/);
    expect((await b.outbox.list()).map((e) => e.state)).toEqual(['posted']);
  });

  it('a process killed between claim and post does not lose the post: another sends it after the lease', async () => {
    await a.outbox.enqueue(watch.id, ['k1'], message, NOW);
    expect(await a.outbox.claim('dying', { target: 'discord', limit: 10, leaseMs: LEASE_MS, nowMs: NOW })).toHaveLength(1);
    await a.close();
    expect(await poster(b, 'pb', NOW + LEASE_MS - 1).drain()).toEqual([]);
    expect(await poster(b, 'pb', NOW + LEASE_MS).drain()).toHaveLength(1);
    expect(fake.channelMessages()).toHaveLength(1);
  });
});
