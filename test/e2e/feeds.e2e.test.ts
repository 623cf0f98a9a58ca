// Feeds and watches end to end: the real bot against the fake Discord and our own feed site on 127.0.0.1.
// A manager follows a feed and sets watches with subcommands; the feed's first items are taken quietly; a new
// item posts the new matching statements to the channel, one message per article and watch, pinging only
// the role the watch names; a restart keeps feeds, watches and the items already taken.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import { startBot, type RunningBot } from '../../src/discord/bot.ts';
import { discordWatchNotifier } from '../../src/discord/watch-notifier.ts';
import { createLogger } from '../../src/log.ts';
import { DEFAULT_MEMBER_PERMISSIONS, Permission, ROUTES, botEnv, startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';
import type { InteractionOption } from '../fake-discord/interactions.ts';
import { startFeedSite, type FeedSite } from '../feeds/feed-site.ts';
import { BASELINE, KORHONEN_WINTER } from '../feeds/stories.ts';
import { shown } from './harness.ts';

const MANAGER = DEFAULT_MEMBER_PERMISSIONS | Permission.ManageGuild;

let fake: FakeDiscord;
let site: FeedSite;
let app: App;
let bot: RunningBot;
let config: Config;
let dataDir: string;
const logger = createLogger({ level: 'silent' });

async function boot(): Promise<void> {
  app = await openApp(config, logger);
  bot = await startBot({ config, context: app.context, commands: app.commands, logger });
  // As src/cli/start-bot.ts does, without the schedule: the tests poll explicitly.
  app.feeds.start(discordWatchNotifier(bot.client, logger));
}

async function shutdown(): Promise<void> {
  await app.feeds.stop();
  await bot.stop();
  app.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'whosaid-feeds-e2e-'));
  mkdirSync(join(dataDir, 'articles'));
  site = await startFeedSite();
  // The one deliberate mention (the watch's role) is a violation for the fake, which allows none: recorded,
  // and checked below to be the only one.
  fake = await startFakeDiscord({ timeoutMs: 10_000, validation: 'record' });
  config = parseConfig({
    ...botEnv(fake),
    WHOSAID_DATA_DIR: dataDir,
    WHOSAID_ALLOW_PRIVATE_FETCH: 'true',
  });
  await boot();
}, 30_000);

afterAll(async () => {
  await shutdown();
  await fake?.close();
  await site?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

const sub = (name: string, options: InteractionOption[] = []): InteractionOption[] => [{ name, type: 1, options }];
const str = (name: string, value: string): InteractionOption => ({ name, type: 3, value });

async function ask(command: string, options: InteractionOption[], permissions = MANAGER) {
  const sent = fake.sendCommand(command, options, { memberPermissions: permissions });
  const reply = await fake.waitForReply(sent.id);
  return reply.message as {
    content?: string;
    embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
    flags?: number;
  };
}

const channelPosts = () => fake.requests.filter((r) => r.route === ROUTES.messageCreate);

describe('feeds and watches in Discord', { timeout: 60_000 }, () => {
  let roleId: string;

  it('registers /feeds and /watch with subcommands', () => {
    const byName = new Map(fake.commands().map((c) => [c.name, c]));
    expect((byName.get('feeds')?.['options'] as { name: string; type: number }[]).map((o) => [o.name, o.type])).toEqual([
      ['add', 1],
      ['list', 1],
      ['remove', 1],
    ]);
    const watchAdd = (byName.get('watch')?.['options'] as { name: string; options?: { name: string; type: number }[] }[])[0]!;
    expect(watchAdd.options?.map((o) => [o.name, o.type])).toEqual([
      ['speaker', 3],
      ['topic', 3],
      ['query', 3],
      ['channel', 7],
      ['ping', 8],
      ['exclude', 3],
      ['thread', 5],
    ]);
    // Text and announcement channels, the three kinds of thread, and forums.
    expect((watchAdd.options?.find((o) => o.name === 'channel') as { channel_types?: number[] }).channel_types).toEqual([
      0, 5, 10, 11, 12, 15,
    ]);
  });

  it('only managers follow feeds; the first items are taken quietly', async () => {
    site.publish('rss', BASELINE);
    const refused = await ask('feeds', sub('add', [str('url', site.feedUrl('rss'))]), DEFAULT_MEMBER_PERMISSIONS);
    expect(refused.embeds?.[0]?.title).toBe('Not allowed');
    const added = await ask('feeds', sub('add', [str('url', site.feedUrl('rss'))]));
    expect(added.embeds?.[0]?.title).toBe('Following: Lakeside Courier — Security');
    expect(await app.feeds.feeds.pollDue()).toEqual([expect.objectContaining({ status: 'ok', newItems: 1, added: 1 })]);
    const listed = await ask('feeds', sub('list'), DEFAULT_MEMBER_PERMISSIONS);
    expect(listed.embeds?.[0]?.fields).toEqual([
      {
        name: '#1 Lakeside Courier — Security',
        // The last success as timestamp markup (date and time in the reader's zone).
        value: expect.stringMatching(
          /^http\\:\/\/127\.0\.0\.1\\:\d+\/rss\.xml\nState\\: working · 1 item taken\nLast success\\: <t:\d+:f>$/,
        ),
        inline: true,
      },
    ]);
    expect(channelPosts()).toEqual([]);
  });

  it('watches: a speaker with a role to ping, and a query without; only managers add them', async () => {
    roleId = fake.addRole('Defence desk');
    const refused = await ask('watch', sub('add', [str('speaker', 'Korhonen')]), DEFAULT_MEMBER_PERMISSIONS);
    expect(refused.embeds?.[0]?.title).toBe('Not allowed');
    const none = await ask('watch', sub('add', []));
    expect(none.embeds?.[0]?.description).toBe('Give at least one of speaker, topic or query.');
    const first = await ask('watch', sub('add', [str('speaker', 'Korhonen'), { name: 'ping', type: 8, value: roleId }]));
    expect(first.embeds?.[0]?.title).toBe('Watch #1 added');
    const second = await ask('watch', sub('add', [str('query', 'patrol vessels')]));
    expect(second.embeds?.[0]?.title).toBe('Watch #2 added');
    const third = await ask('watch', sub('add', [str('speaker', 'Korhonen'), str('exclude', 'engineering problem, January')]));
    expect(third.embeds?.[0]?.title).toBe('Watch #3 added');
    const listed = await ask('watch', sub('list'), DEFAULT_MEMBER_PERMISSIONS);
    expect(listed.embeds?.[0]?.fields?.map((f) => f.name)).toEqual([
      '#1 speaker Ilse Korhonen',
      '#2 query “patrol vessels”',
      '#3 speaker Ilse Korhonen, excluding “engineering problem”, “January”',
    ]);
  });

  it('autocompletes the speaker inside /watch add', async () => {
    const payload = fake.interactions.chatInput('watch', [
      { name: 'add', type: 1, options: [{ name: 'speaker', type: 3, value: 'Korh', focused: true }] },
    ]);
    const callback = await fake.waitForCallback(fake.sendInteraction({ ...payload, type: 4 }).id);
    expect(callback.type).toBe(8);
    expect(callback.data!.choices).toEqual([{ name: 'Ilse Korhonen (Defence Minister)', value: 'Ilse Korhonen' }]);
  });

  it('a new item posts its new matching statements, per watch, pinging only the watch’s role', async () => {
    site.publish('rss', KORHONEN_WINTER);
    expect(await app.feeds.feeds.pollNow()).toEqual([expect.objectContaining({ status: 'ok', newItems: 1, added: 1 })]);
    const posts = channelPosts();
    expect(posts).toHaveLength(3);
    expect(posts.map((p) => p.params['channel'])).toEqual([fake.channelId, fake.channelId, fake.channelId]);

    const korhonen = posts[0]!.body as Record<string, unknown>;
    expect(korhonen).toEqual({
      content: `<@&${roleId}> **New statements\\: Korhonen promises winter patrols over the Black Sea coast** — Lakeside Courier, <t:1759406400:D> · watch \\#1 \\(speaker Ilse Korhonen\\)\n3 statements`,
      embeds: expect.any(Array),
      allowed_mentions: { parse: [], roles: [roleId] },
      // The post's nonce, the same on every attempt: a repeat after a crash gets this message back, not a second.
      nonce: expect.stringMatching(/^w1\.[\w-]{11}$/),
      enforce_nonce: true,
    });
    expect(new Set(posts.map((p) => (p.body as { nonce: string }).nonce)).size).toBe(3);
    const embeds = korhonen['embeds'] as {
      author: { name: string };
      description: string;
      title: string;
      url: string;
      footer: { text: string };
    }[];
    // A comma that belongs to the attribution after a quotation is not shown (older extractors kept it).
    expect(embeds.map((e) => [e.author.name, e.description.replace(/,”$/, '”')])).toEqual([
      [
        '1. Ilse Korhonen, Defence Minister',
        '<t:1759406400:D> — *Said:* aircraft from the monitoring mission would keep flying over the Black Sea coast through the winter, whatever the weather',
      ],
      ['2. Ilse Korhonen, Defence Minister', '<t:1759406400:D> — “Ice on the wings is an engineering problem, and we have engineers”'],
      ['3. Ilse Korhonen, Defence Minister', '<t:1759406400:D> — “If the guarantees mean anything, they mean being there in January”'],
    ]);
    for (const e of embeds) {
      expect(e.title).toBe(KORHONEN_WINTER.title);
      expect(e.url).toBe(site.articleUrl(KORHONEN_WINTER.slug));
      expect(e.footer.text).toMatch(/^Lakeside Courier · [^·]+ · #\d+$/);
    }

    const query = posts[1]!.body as Record<string, unknown>;
    expect(query['allowed_mentions']).toEqual({ parse: [] });
    expect(query['content']).toMatch(/^\*\*New statements\\: Korhonen promises/);
    expect((query['embeds'] as { author: { name: string } }[]).map((e) => e.author.name)).toEqual([
      expect.stringMatching(/^1\. Tomas Berg/),
    ]);

    // Watch #3 excludes two phrases: only the statement with neither is posted.
    const excluding = posts[2]!.body as { content: string; embeds: { description: string }[] };
    expect(excluding.content).toMatch(/watch \\#3 \\\(speaker Ilse Korhonen, excluding “engineering problem”, “January”\\\)\n1 statement$/);
    expect(excluding.embeds.map((e) => e.description)).toEqual([
      '<t:1759406400:D> — *Said:* aircraft from the monitoring mission would keep flying over the Black Sea coast through the winter, whatever the weather',
    ]);

    // The role ping is the one thing the fake (which allows no mention at all) flags.
    expect(fake.violations).toEqual([
      {
        seq: posts[0]!.seq,
        method: 'POST',
        path: `/channels/${fake.channelId}/messages`,
        problems: [{ path: 'allowed_mentions.roles', message: 'allowed_mentions.roles would ping 1 id(s)', source: 'mentions' }],
      },
    ]);
    expect(fake.unknownRequests).toEqual([]);
  });

  it('a restart keeps feeds, watches and the items taken: nothing is fetched or posted again', async () => {
    await shutdown();
    await boot();
    const feeds = await ask('feeds', sub('list'), DEFAULT_MEMBER_PERMISSIONS);
    expect(feeds.embeds?.[0]?.fields?.[0]?.value).toContain('2 items taken');
    const watches = await ask('watch', sub('list'), DEFAULT_MEMBER_PERMISSIONS);
    expect(watches.embeds?.[0]?.fields).toHaveLength(3);
    expect(await app.feeds.feeds.pollNow()).toEqual([expect.objectContaining({ status: 'not-modified' })]);
    expect(site.hits.get(`/articles/${KORHONEN_WINTER.slug}`)).toBe(1);
    expect(channelPosts()).toHaveLength(3);

    const removed = await ask('watch', [{ name: 'remove', type: 1, options: [{ name: 'watch', type: 4, value: 1 }] }]);
    expect(removed.embeds?.[0]?.title).toBe('Watch #1 removed');
    const gone = await ask('feeds', sub('remove', [str('feed', '1')]));
    expect(gone.embeds?.[0]?.title).toBe('Stopped following: Lakeside Courier — Security');
    expect(await app.feeds.feeds.list()).toEqual([]);
  });

  it('a broken feed: one notice to the channel it was added from, one when it works again; /feeds list shows its state', async () => {
    const added = await ask('feeds', sub('add', [str('url', site.feedUrl('rss'))]));
    expect(added.embeds?.[0]?.title).toBe('Following: Lakeside Courier — Security');
    await app.feeds.feeds.pollNow();
    const before = channelPosts().length;
    site.fail('rss', 503);
    for (let i = 0; i < 4; i++) await app.feeds.feeds.pollNow();
    const [feed] = await app.feeds.feeds.list();
    expect(feed).toMatchObject({ id: 1, failures: 4, alertChannel: fake.channelId, brokenSince: expect.any(String) });
    const at = (iso: string) => `<t:${Math.floor(Date.parse(iso) / 60_000) * 60}:f>`;
    const broken = channelPosts().slice(before);
    expect(broken.map((r) => r.params['channel'])).toEqual([fake.channelId]);
    const body = broken[0]!.body as { embeds: { description: string }[] };
    expect(body).toEqual({
      content: '',
      embeds: [{ title: 'Feed not working: #1', description: expect.any(String), color: 0xf0b232 }],
      allowed_mentions: { parse: [] },
    });
    // Times as timestamp markup (date and time in the reader's zone); the rest escaped text.
    expect(shown(body.embeds[0]!.description)).toMatch(
      new RegExp(
        `^Feed #1 \\(Lakeside Courier — Security\\) failed 3 times in a row and last worked ${at(feed!.lastOkAt!)}\\. Last error: 127\\.0\\.0\\.1:\\d+ answered 503 Service Unavailable\\. It is still retried \\(next <t:\\d+:f>\\); /feeds list shows its state, /feeds remove stops following it\\.$`,
      ),
    );
    const listed = await ask('feeds', sub('list'), DEFAULT_MEMBER_PERMISSIONS);
    expect(shown(listed.embeds?.[0]?.fields?.[0]?.value).split('\n').slice(1)).toEqual([
      `State: broken since ${at(feed!.brokenSince!)} (4× failed) · 2 items taken`,
      `Last success: ${at(feed!.lastOkAt!)}`,
      expect.stringMatching(/^Last error: 127\.0\.0\.1:\d+ answered 503 Service Unavailable\. · retry <t:\d+:f>$/),
    ]);

    site.fail('rss', null);
    await app.feeds.feeds.pollNow();
    const recovered = channelPosts().slice(before + 1);
    expect(recovered.map((r) => r.body)).toEqual([
      {
        content: '',
        embeds: [
          {
            title: 'Feed working again: #1',
            description: `Feed \\#1 \\(Lakeside Courier — Security\\) works again \\(declared broken ${at(feed!.brokenSince!)}\\).`,
            color: 0x5865f2,
          },
        ],
        allowed_mentions: { parse: [] },
      },
    ]);
    await app.feeds.feeds.pollNow();
    expect(channelPosts().length).toBe(before + 2);
    expect(fake.unknownRequests).toEqual([]);
  });
});
