// Watch posts to forums and threads, and thread:true: a forum post is a thread per article (named after it,
// the post as its first message); a thread channel takes ordinary messages; thread:true opens a thread under
// each channel post, best effort (a refused thread leaves the post posted, not sent again). Real discord.js
// REST client against the fake Discord, exact bodies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Routes, type Client } from 'discord.js';
import { discordWatchNotifier } from '../../src/discord/watch-notifier.ts';
import { threadName } from '../../src/watches/watcher.ts';
import { LEASE_MS, type OutboxPayload } from '../../src/watches/outbox.ts';
import type { WatchNotifier } from '../../src/watches/notifier.ts';
import { DEFAULT_BOT_PERMISSIONS, Permission, ROUTES, type FakeDiscord } from '../fake-discord/index.ts';
import type { Env } from '../feeds/helpers.ts';
import { KORHONEN_WINTER } from '../feeds/stories.ts';
import { logger, startDiscordPosts, type DiscordPosts } from './discord-posts.ts';

let posts: DiscordPosts;
let env: Env;
let fake: FakeDiscord;
let client: Client;

beforeEach(async () => {
  posts = await startDiscordPosts();
  ({ env, fake, client } = posts);
}, 30_000);

afterEach(() => posts.close(), 30_000);

const watch = (channelId: string, openThread = false) => posts.watchKorhonen(channelId, openThread);
const addWinter = () => posts.addWinter();
const requests = (route: string) => fake.requests.filter((r) => r.route === route);

describe('watch posts to forums and threads', { timeout: 60_000 }, () => {
  it('a forum gets one thread per article, named after it, the post as its first message', async () => {
    await watch(fake.forumChannelId);
    expect(await addWinter()).toMatchObject({ kind: 'added' });
    expect(requests(ROUTES.messageCreate)).toHaveLength(0);
    const [created, ...more] = requests(ROUTES.forumThreadCreate);
    expect(more).toHaveLength(0);
    expect(created!.params['channel']).toBe(fake.forumChannelId);
    const body = created!.body as { name: string; message: { content: string; embeds: unknown[]; allowed_mentions: unknown } };
    expect(Object.keys(body).sort()).toEqual(['message', 'name']);
    expect(body.name).toBe(KORHONEN_WINTER.title);
    expect(Object.keys(body.message).sort()).toEqual(['allowed_mentions', 'content', 'embeds']);
    expect(body.message.allowed_mentions).toEqual({ parse: [] });
    expect(body.message.content).toMatch(/^\*\*New statements\\: Korhonen promises winter patrols/);
    expect(body.message.embeds.length).toBeGreaterThan(0);
    expect(created!.problems).toEqual([]);
    // The thread exists under the forum, its first message is the post, and the outbox has it as posted.
    const [thread] = [...fake.world.threads.entries()];
    expect(thread![1]).toEqual({ parentId: fake.forumChannelId, name: KORHONEN_WINTER.title, messageId: null });
    expect(fake.world.channelMessages(thread![0])).toHaveLength(1);
    expect(await env.index.outbox.list()).toEqual([expect.objectContaining({ state: 'posted', attempts: 0, messageId: thread![0] })]);
  });

  // Discord takes no nonce for a forum post: an attempt that died after Discord made it must not make a second one.
  const dieAfterSending = async (notifier: WatchNotifier) => {
    env.runtime.watcher.setNotifier(null);
    expect(await addWinter()).toMatchObject({ kind: 'added' });
    const [entry] = await env.index.outbox.claim('dying', { target: 'discord', limit: 10, leaseMs: LEASE_MS, nowMs: env.clock.now });
    const { thread, ...reply } = JSON.parse(entry!.payload) as OutboxPayload;
    const first = await notifier.post(entry!.channelId, reply, {
      pingRoleId: null,
      nonce: entry!.nonce,
      queuedAtMs: Date.parse(entry!.createdAt),
      ...(thread ? { thread } : {}),
    });
    await env.restart();
    env.runtime.watcher.setNotifier(notifier);
    env.clock.now += LEASE_MS;
    return first;
  };

  it('a forum post made by an attempt that died before recording it is not made again', async () => {
    await watch(fake.forumChannelId);
    const first = await dieAfterSending(discordWatchNotifier(client, logger));
    expect(await env.runtime.watcher.outbox.drain()).toHaveLength(1);
    expect(requests(ROUTES.forumThreadCreate)).toHaveLength(1);
    expect(fake.world.threads.size).toBe(1);
    expect(await env.index.outbox.list()).toEqual([expect.objectContaining({ state: 'posted', messageId: first!.messageId })]);
  });

  it('another forum post under the same name (other text) is not taken for this one', async () => {
    await watch(fake.forumChannelId);
    const first = await dieAfterSending({
      // The dying attempt's post never reached Discord; someone made another post under the article's name.
      async post(channelId, _reply, { thread }) {
        const made = (await client.rest.post(Routes.threads(channelId), {
          body: { name: thread!.name, message: { content: 'Another post about this article', allowed_mentions: { parse: [] } } },
        })) as { id: string };
        return { messageId: made.id };
      },
    });
    env.runtime.watcher.setNotifier(discordWatchNotifier(client, logger));
    expect(await env.runtime.watcher.outbox.drain()).toHaveLength(1);
    expect(requests(ROUTES.forumThreadCreate)).toHaveLength(2);
    const [posted] = await env.index.outbox.list();
    expect(posted).toMatchObject({ state: 'posted' });
    expect(posted!.messageId).not.toBe(first!.messageId);
  });

  it('a thread channel takes ordinary posts (with their nonce)', async () => {
    await watch(fake.threadChannelId);
    await addWinter();
    const [sent, ...more] = requests(ROUTES.messageCreate);
    expect(more).toHaveLength(0);
    expect(sent!.params['channel']).toBe(fake.threadChannelId);
    expect(sent!.body).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true });
    expect(requests(ROUTES.forumThreadCreate)).toHaveLength(0);
    expect(requests(ROUTES.messageThreadCreate)).toHaveLength(0);
  });

  it('thread:true opens a thread under each post, named after the article', async () => {
    fake.setBotPermissions(DEFAULT_BOT_PERMISSIONS | Permission.CreatePublicThreads);
    await watch(fake.channelId, true);
    await addWinter();
    const [sent] = requests(ROUTES.messageCreate);
    const [opened, ...more] = requests(ROUTES.messageThreadCreate);
    expect(more).toHaveLength(0);
    const messageId = fake.channelMessages()[0]!.message['id'];
    expect(opened!.params).toEqual({ channel: fake.channelId, message: messageId });
    expect(opened!.body).toEqual({ name: KORHONEN_WINTER.title });
    expect(opened!.problems).toEqual([]);
    expect(sent!.params['channel']).toBe(fake.channelId);
    expect(fake.world.threads.get(messageId as string)).toEqual({ parentId: fake.channelId, name: KORHONEN_WINTER.title, messageId });
  });

  it('a thread Discord refuses (no Create Public Threads) leaves the post posted, not sent again', async () => {
    await watch(fake.channelId, true);
    await addWinter();
    expect(requests(ROUTES.messageThreadCreate).map((r) => r.status)).toEqual([403]);
    expect(fake.channelMessages()).toHaveLength(1);
    expect(await env.index.outbox.list()).toEqual([expect.objectContaining({ state: 'posted', lastError: null })]);
    env.clock.now += 24 * 3_600_000;
    expect(await env.runtime.watcher.outbox.drain()).toEqual([]);
    expect(requests(ROUTES.messageCreate)).toHaveLength(1);
  });

  it('a thread name is the title, whitespace folded, within Discord’s 100 characters', () => {
    expect(threadName('  Korhonen \n promises   patrols ')).toBe('Korhonen promises patrols');
    const long = threadName(`${'word '.repeat(40)}end`);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith('…')).toBe(true);
    expect(threadName('   ')).toBe('New statements');
  });
});
