// The watch outbox: a post is marked posted only after Discord accepted it. A failed post is retried later
// (not lost, as it was when statements were marked posted before posting); a refused one is kept with its
// error and not sent again; a process that dies between claiming a post and recording it neither loses nor
// duplicates it (the lease runs out, the next holder sends it with the same nonce, and Discord answers with
// the message already sent). Posts go through the real discord.js REST client to the fake Discord.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from 'discord.js';
import { discordWatchNotifier } from '../../src/discord/watch-notifier.ts';
import { LEASE_MS, OutboxPoster, retryDelay } from '../../src/watches/outbox.ts';
import type { Reply } from '../../src/reply/types.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { DEFAULT_BOT_PERMISSIONS, Permission, ROUTES, type FakeDiscord } from '../fake-discord/index.ts';
import type { Env } from '../feeds/helpers.ts';
import { logger, startDiscordPosts, type DiscordPosts } from './discord-posts.ts';

let posts: DiscordPosts;
let env: Env;
let fake: FakeDiscord;
let client: Client;

beforeEach(async () => {
  posts = await startDiscordPosts();
  ({ env, fake, client } = posts);
  await posts.watchKorhonen(fake.channelId);
}, 30_000);

afterEach(() => posts.close(), 30_000);

const messageCreates = () => fake.requests.filter((r) => r.route === ROUTES.messageCreate);
const addWinter = () => posts.addWinter();

describe('watch outbox', { timeout: 60_000 }, () => {
  it('a post Discord fails (5xx) is not lost: it stays queued and goes out on a later attempt, once', async () => {
    fake.faults.failNext(ROUTES.messageCreate, { status: 503 });
    expect(await addWinter()).toMatchObject({ kind: 'added' });
    expect(fake.channelMessages()).toHaveLength(0);
    const [queued] = await env.index.outbox.list();
    expect(queued).toMatchObject({ state: 'pending', attempts: 1, lastError: 'Service Unavailable' });

    // Not before its retry time; then it goes out, with the nonce it was queued with.
    expect(await env.runtime.watcher.outbox.drain()).toEqual([]);
    env.clock.now += retryDelay(1);
    expect(await env.runtime.watcher.outbox.drain()).toHaveLength(1);
    expect(fake.channelMessages()).toHaveLength(1);
    const sent = fake.channelMessages()[0]!.message;
    expect(sent['content']).toMatch(/^\*\*New statements\\: Korhonen promises winter patrols/);
    expect(messageCreates().map((r) => (r.body as { nonce: string; enforce_nonce: boolean }).nonce)).toEqual([
      queued!.nonce,
      queued!.nonce,
    ]);
    expect(await env.index.outbox.list()).toEqual([{ ...queued, state: 'posted', attempts: 1, messageId: sent['id'] }]);
    // Nothing is due any more.
    env.clock.now += 24 * 3_600_000;
    expect(await env.runtime.watcher.outbox.drain()).toEqual([]);
    expect(fake.channelMessages()).toHaveLength(1);
  });

  it('a post Discord refuses (403) is kept as rejected with the error, and not sent again', async () => {
    fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS & ~Permission.SendMessages);
    expect(await addWinter()).toMatchObject({ kind: 'added' });
    const [rejected] = await env.index.outbox.list();
    expect(rejected).toMatchObject({
      state: 'rejected',
      attempts: 1,
      lastError: 'Discord refused the post (403, code 50013): Missing Permissions',
      payload: expect.stringContaining('Ice on the wings is an engineering problem'),
    });
    fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS);
    env.clock.now += 24 * 3_600_000;
    expect(await env.runtime.watcher.outbox.drain()).toEqual([]);
    expect(messageCreates()).toHaveLength(1);
    // The statements stay due for this watch: the same article again queues nothing new.
    const added = await env.runtime.watcher.articleAdded({ ...(await lastAdded()), title: 'again' });
    expect(added).toEqual([]);
    expect(await env.index.outbox.list()).toHaveLength(1);
  });

  it('a process that dies after claiming a post, before sending it, loses nothing: the next one sends it after the lease', async () => {
    env.runtime.watcher.setNotifier(null);
    expect(await addWinter()).toMatchObject({ kind: 'added' });
    const [queued] = await env.index.outbox.list();
    expect(queued).toMatchObject({ state: 'pending', attempts: 0 });
    // Another process claims it, then dies (its store is gone with it; the lease stays in the database).
    const dying = new OutboxPoster(env.index.outbox, { log: logger, now: () => env.clock.now, holder: 'dying' });
    expect(
      await env.index.outbox.claim(dying.holder, { target: 'discord', limit: 10, leaseMs: LEASE_MS, nowMs: env.clock.now }),
    ).toHaveLength(1);
    await env.restart();
    env.runtime.watcher.setNotifier(discordWatchNotifier(client, logger));
    // Leased to the dead process: not yet.
    expect(await env.runtime.watcher.outbox.drain()).toEqual([]);
    env.clock.now += LEASE_MS;
    expect(await env.runtime.watcher.outbox.drain()).toHaveLength(1);
    expect(fake.channelMessages()).toHaveLength(1);
    expect((await env.index.outbox.list())[0]).toMatchObject({ state: 'posted', nonce: queued!.nonce });
  });

  it('a process that dies after Discord accepted a post, before recording it, does not post it twice (same nonce)', async () => {
    env.runtime.watcher.setNotifier(null);
    expect(await addWinter()).toMatchObject({ kind: 'added' });
    const [entry] = await env.index.outbox.claim('dying', { target: 'discord', limit: 10, leaseMs: LEASE_MS, nowMs: env.clock.now });
    // The dying process sends it, and dies before it can record that.
    const notifier = discordWatchNotifier(client, logger);
    const first = await notifier.post(entry!.channelId, JSON.parse(entry!.payload) as Reply, { pingRoleId: null, nonce: entry!.nonce });
    await env.restart();
    env.runtime.watcher.setNotifier(notifier);
    env.clock.now += LEASE_MS;
    expect(await env.runtime.watcher.outbox.drain()).toHaveLength(1);
    // Discord answered the repeat with the message it already had.
    expect(messageCreates()).toHaveLength(2);
    expect(fake.channelMessages()).toHaveLength(1);
    expect((await env.index.outbox.list())[0]).toMatchObject({ state: 'posted', messageId: first?.messageId });
  });
});

async function lastAdded() {
  const stats = await env.index.stats();
  expect(stats.articles).toBe(2);
  const ids = ((env.index as SqliteStore).db.prepare('SELECT id FROM statements').pluck().all() as number[]).sort((a, b) => a - b);
  return { title: 'Korhonen', outlet: 'Lakeside Courier', published: '2025-10-02', url: null, created: ids };
}
