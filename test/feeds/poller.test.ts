// Feeds polled for real over HTTP on 127.0.0.1 (our own RSS and Atom feeds and pages), through the real
// article intake and index, with a hand-driven clock: items are taken once, a new feed's items are taken
// silently, an unchanged feed answers 304 and costs nothing, a failing feed backs off and recovers, and
// everything survives a restart.
import { STORE_ENGINES } from '../support/store-engines.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERVAL_MINUTES, MINUTE, postLines, REQUESTER, startEnv, type Env } from './helpers.ts';
import { startFeedSite, type FeedSite } from './feed-site.ts';
import { ATOM_BASELINE, BASELINE, GAZETTE_ECHO, KORHONEN_WINTER } from './stories.ts';

describe.each(STORE_ENGINES)('%s store', (engine) => {
  let site: FeedSite;
  let env: Env;

  beforeEach(async () => {
    site = await startFeedSite();
    env = await startEnv({ engine });
  }, 30_000);

  afterEach(async () => {
    await env.close();
    await site.close();
  }, 30_000);

  const articleFiles = () => readdirSync(join(env.dataDir, 'articles')).sort();
  const korhonenWatch = async () => {
    const lookup = await env.index.lookupSpeaker('Korhonen');
    if (lookup.kind !== 'found') throw new Error('Korhonen is not in the index');
    return await env.runtime.watches.add({
      guildId: null,
      channelId: '222222222222222222',
      speakerId: lookup.speaker.id,
      speakerName: lookup.speaker.name,
      topic: null,
      query: null,
      pingRoleId: null,
      createdBy: 'tester',
    });
  };

  // Real HTTP, extraction and SQLite on a loaded machine: generous, bounded time.
  describe('feed polling', { timeout: 60_000 }, () => {
    it('refuses what is not a feed, and a feed twice', async () => {
      site.publish('rss', BASELINE);
      expect(await env.runtime.feeds.add(site.articleUrl(BASELINE.slug), REQUESTER)).toEqual({
        kind: 'refused',
        reason: expect.stringMatching(/not an RSS or Atom feed/),
      });
      expect(await env.runtime.feeds.add('ftp://example.org/feed', REQUESTER)).toMatchObject({ kind: 'refused' });
      expect(await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER)).toMatchObject({
        kind: 'added',
        items: 1,
        feed: { title: 'Lakeside Courier — Security' },
      });
      expect(await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER)).toMatchObject({ kind: 'exists' });
      expect(await env.runtime.feeds.list()).toHaveLength(1);
    });

    it('RSS: the first items are taken silently, a later item once, posted to the watch; an unchanged feed costs a 304', async () => {
      site.publish('rss', BASELINE);
      const added = await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER);
      expect(added.kind).toBe('added');
      const [first] = await env.runtime.feeds.pollDue();
      expect(first).toMatchObject({ status: 'ok', newItems: 1, added: 1 });
      expect(articleFiles()).toEqual(['2025-09-29-lakeside-courier-ministers-meet-in-turku-to-plan-a-ceasefire-monitoring-mission.md']);
      const watch = await korhonenWatch();
      expect(env.posts).toEqual([]);

      // Not due before the interval; due after it, and unchanged: 304, no article fetched.
      env.clock.now += (INTERVAL_MINUTES - 1) * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([]);
      env.clock.now += 2 * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([expect.objectContaining({ status: 'not-modified', newItems: 0 })]);
      expect(site.notModified.get('rss')).toBe(1);
      expect(site.lastConditional.get('rss')).toEqual({ ifNoneMatch: '"rss-v2"', ifModifiedSince: expect.any(String) });
      expect(site.hits.get(`/articles/${BASELINE.slug}`)).toBe(1);

      // A new item: fetched once, its new statements posted to the watch, Korhonen's only.
      site.publish('rss', KORHONEN_WINTER);
      env.clock.now += 16 * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([expect.objectContaining({ status: 'ok', newItems: 1, added: 1 })]);
      expect(site.hits.get(`/articles/${KORHONEN_WINTER.slug}`)).toBe(1);
      expect(site.hits.get(`/articles/${BASELINE.slug}`)).toBe(1);
      expect(env.posts).toHaveLength(1);
      expect(env.posts[0]!.channelId).toBe(watch.channelId);
      expect(env.posts[0]!.pingRoleId).toBeNull();
      expect(postLines(env.posts[0]!)).toEqual([
        'Ilse Korhonen: aircraft from the monitoring mission would keep flying over the Black Sea coast through the winter, whatever the weather',
        'Ilse Korhonen: Ice on the wings is an engineering problem, and we have engineers',
        'Ilse Korhonen: If the guarantees mean anything, they mean being there in January',
      ]);
      expect(env.posts[0]!.reply).toMatchObject({
        type: 'statements',
        command: 'watch',
        title: `New statements: ${KORHONEN_WINTER.title}`,
        grouping: 'speaker',
      });

      // The feed changes again only by re-serving the same items: nothing is fetched twice.
      site.publish('atom', ATOM_BASELINE);
      env.clock.now += 16 * MINUTE;
      expect(await env.runtime.feeds.pollNow()).toEqual([expect.objectContaining({ status: 'not-modified' })]);
      expect(site.hits.get(`/articles/${KORHONEN_WINTER.slug}`)).toBe(1);
      expect(env.posts).toHaveLength(1);
    });

    it('Atom: a statement another outlet already reported is not news; the rest is posted once', async () => {
      site.publish('rss', BASELINE);
      site.publish('atom', ATOM_BASELINE);
      await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER);
      await env.runtime.feeds.add(site.feedUrl('atom'), REQUESTER);
      expect(await env.runtime.feeds.pollDue()).toEqual([
        expect.objectContaining({ status: 'ok', added: 1 }),
        expect.objectContaining({ status: 'ok', added: 1 }),
      ]);
      await korhonenWatch();
      site.publish('rss', KORHONEN_WINTER);
      env.clock.now += 16 * MINUTE;
      await env.runtime.feeds.pollDue();
      site.publish('atom', GAZETTE_ECHO);
      env.clock.now += 16 * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([
        expect.objectContaining({ status: 'not-modified' }),
        expect.objectContaining({ status: 'ok', newItems: 1, added: 1 }),
      ]);
      expect(env.posts.map(postLines)).toEqual([
        [
          'Ilse Korhonen: aircraft from the monitoring mission would keep flying over the Black Sea coast through the winter, whatever the weather',
          'Ilse Korhonen: Ice on the wings is an engineering problem, and we have engineers',
          'Ilse Korhonen: If the guarantees mean anything, they mean being there in January',
        ],
        // The Gazette's own wording of the winter pledge ("The defence minister who leads the monitoring mission said
        // ... its aircraft would ...") is a statement of its own: duplicates are the same speaker's same words.
        [
          'Ilse Korhonen: its aircraft would keep flying over the Black Sea coast through the winter',
          'Ilse Korhonen: Our pilots trained in the Arctic, so the Black Sea in February holds no surprises for them',
          'Ilse Korhonen: the mission would publish a monthly report on every violation it observed',
        ],
      ]);
      expect(site.hits.get(`/articles/${GAZETTE_ECHO.slug}`)).toBe(1);
    });

    it('a failing feed backs off (doubling the interval) and recovers', async () => {
      site.publish('rss', BASELINE);
      const added = await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER);
      if (added.kind !== 'added') throw new Error(added.kind);
      await env.runtime.feeds.pollDue();
      const start = env.clock.now;
      site.fail('rss', 503);
      env.clock.now = start + 15 * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([
        expect.objectContaining({ status: 'error', error: expect.stringMatching(/503/) }),
      ]);
      expect((await env.runtime.feeds.list())[0]).toMatchObject({
        failures: 1,
        nextPollMs: env.clock.now + 30 * MINUTE,
        lastError: expect.stringMatching(/503/),
      });
      const requests = () => site.hits.get('/rss.xml') ?? 0;
      const before = requests();
      env.clock.now += 29 * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([]);
      expect(requests()).toBe(before);
      env.clock.now += MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([expect.objectContaining({ status: 'error' })]);
      expect((await env.runtime.feeds.list())[0]).toMatchObject({ failures: 2, nextPollMs: env.clock.now + 60 * MINUTE });

      site.fail('rss', null);
      site.publish('rss', KORHONEN_WINTER);
      env.clock.now += 60 * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([expect.objectContaining({ status: 'ok', newItems: 1, added: 1 })]);
      expect((await env.runtime.feeds.list())[0]).toMatchObject({
        failures: 0,
        lastError: null,
        nextPollMs: env.clock.now + 15 * MINUTE,
        items: 2,
      });
    });

    it('a restart keeps feeds, their validators, seen items and watches', async () => {
      site.publish('rss', BASELINE);
      await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER);
      await env.runtime.feeds.pollDue();
      const watch = await korhonenWatch();
      await env.restart();
      expect(await env.runtime.feeds.list()).toEqual([expect.objectContaining({ url: site.feedUrl('rss'), primed: true, items: 1 })]);
      expect(await env.runtime.watches.list(null)).toEqual([watch]);
      env.clock.now += 16 * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([expect.objectContaining({ status: 'not-modified' })]);
      site.publish('rss', KORHONEN_WINTER);
      env.clock.now += 16 * MINUTE;
      expect(await env.runtime.feeds.pollDue()).toEqual([expect.objectContaining({ status: 'ok', newItems: 1 })]);
      expect(site.hits.get(`/articles/${BASELINE.slug}`)).toBe(1);
      expect(env.posts.map(postLines)).toEqual([
        [
          expect.stringMatching(/^Ilse Korhonen: aircraft/),
          expect.stringMatching(/^Ilse Korhonen: Ice/),
          expect.stringMatching(/^Ilse Korhonen: If the/),
        ],
      ]);

      expect(await env.runtime.feeds.remove('#1')).toMatchObject({ id: 1 });
      expect(await env.runtime.feeds.list()).toEqual([]);
      expect(await env.runtime.feeds.remove(site.feedUrl('rss'))).toBeNull();
    });
  });

  describe('broken-feed notices', { timeout: 60_000 }, () => {
    const CHANNEL = '222222222222222222';
    const fromChannel = { ...REQUESTER, channelId: CHANNEL };
    const notices = () => env.posts.filter((p) => p.reply.command === 'feeds');

    it('after 3 failed polls in a row: one notice to the channel the feed was added from; one when it works again', async () => {
      site.publish('rss', BASELINE);
      const added = await env.runtime.feeds.add(site.feedUrl('rss'), fromChannel);
      if (added.kind !== 'added') throw new Error(added.kind);
      await env.runtime.feeds.pollNow();
      const okAt = env.clock.now;
      site.fail('rss', 503);
      for (let i = 0; i < 2; i++) {
        env.clock.now += 15 * MINUTE;
        await env.runtime.feeds.pollNow();
      }
      expect(notices()).toEqual([]);
      env.clock.now += 15 * MINUTE;
      await env.runtime.feeds.pollNow();
      const [feed] = await env.runtime.feeds.list();
      expect(feed).toMatchObject({ failures: 3, alertChannel: CHANNEL, brokenSince: new Date(env.clock.now).toISOString() });
      const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      expect(notices()).toEqual([
        {
          channelId: CHANNEL,
          pingRoleId: null,
          reply: {
            type: 'notice',
            command: 'feeds',
            tone: 'warning',
            title: 'Feed not working: #1',
            text: `Feed #1 (Lakeside Courier — Security) failed 3 times in a row and last worked ${utc(okAt)}. Last error: ${feed!.lastError!.replace(/\.$/, '')}. It is still retried (next ${utc(feed!.nextPollMs)}); /feeds list shows its state, /feeds remove stops following it.`,
            suggestions: [],
          },
        },
      ]);
      expect(feed!.lastError).toMatch(/503/);
      // Still failing: no second notice.
      env.clock.now += 60 * MINUTE;
      await env.runtime.feeds.pollNow();
      expect(notices()).toHaveLength(1);

      const brokenAt = feed!.brokenSince!;
      site.fail('rss', null);
      env.clock.now += 60 * MINUTE;
      await env.runtime.feeds.pollNow();
      expect(notices().slice(1)).toEqual([
        {
          channelId: CHANNEL,
          pingRoleId: null,
          reply: {
            type: 'notice',
            command: 'feeds',
            tone: 'info',
            title: 'Feed working again: #1',
            text: `Feed #1 (Lakeside Courier — Security) works again (declared broken ${utc(Date.parse(brokenAt))}).`,
            suggestions: [],
          },
        },
      ]);
      expect((await env.runtime.feeds.list())[0]).toMatchObject({ failures: 0, brokenSince: null, lastError: null });
      await env.runtime.feeds.pollNow();
      expect(notices()).toHaveLength(2);
    });

    it('a notice that could not be posted is posted at the next poll, once', async () => {
      site.publish('rss', BASELINE);
      await env.runtime.feeds.add(site.feedUrl('rss'), fromChannel);
      await env.runtime.feeds.pollNow();
      site.fail('rss', 503);
      env.discord.down = true;
      for (let i = 0; i < 3; i++) await env.runtime.feeds.pollNow();
      expect(notices()).toEqual([]);
      expect(env.logs.filter((l) => l['msg'] === 'feed notice could not be posted')).toHaveLength(1);
      env.discord.down = false;
      await env.runtime.feeds.pollNow();
      await env.runtime.feeds.pollNow();
      expect(notices().map((p) => p.reply.type === 'notice' && p.reply.title)).toEqual(['Feed not working: #1']);

      site.fail('rss', null);
      env.discord.down = true;
      await env.runtime.feeds.pollNow();
      expect(notices()).toHaveLength(1);
      env.discord.down = false;
      await env.runtime.feeds.pollNow();
      await env.runtime.feeds.pollNow();
      expect(notices().map((p) => p.reply.type === 'notice' && p.reply.title)).toEqual(['Feed not working: #1', 'Feed working again: #1']);
      expect((await env.runtime.feeds.list())[0]).toMatchObject({ brokenSince: null });
    });

    it('a feed that has not worked for 24 hours is broken at its next failure, even with fewer than 3 failures', async () => {
      site.publish('rss', BASELINE);
      await env.runtime.feeds.add(site.feedUrl('rss'), fromChannel);
      await env.runtime.feeds.pollNow();
      site.fail('rss', 503);
      env.clock.now += 23 * 60 * MINUTE;
      await env.runtime.feeds.pollNow();
      expect(notices()).toEqual([]);
      env.clock.now += 61 * MINUTE;
      await env.runtime.feeds.pollNow();
      expect(notices().map((p) => [p.channelId, p.reply.type === 'notice' && p.reply.title])).toEqual([[CHANNEL, 'Feed not working: #1']]);
      expect((await env.runtime.feeds.list())[0]!.failures).toBe(2);
    });

    it('WHOSAID_ALERT_CHANNEL set: notices go there instead of the channel the feed was added from', async () => {
      await env.close();
      env = await startEnv({ engine, alertChannel: '333333333333333333' });
      site.publish('rss', BASELINE);
      await env.runtime.feeds.add(site.feedUrl('rss'), fromChannel);
      await env.runtime.feeds.pollNow();
      site.fail('rss', 503);
      for (let i = 0; i < 3; i++) await env.runtime.feeds.pollNow();
      site.fail('rss', null);
      await env.runtime.feeds.pollNow();
      expect(notices().map((p) => [p.channelId, p.reply.type === 'notice' && p.reply.title])).toEqual([
        ['333333333333333333', 'Feed not working: #1'],
        ['333333333333333333', 'Feed working again: #1'],
      ]);
    });

    it('a feed added without a channel (the console) and no alert channel: the notice is logged, not posted', async () => {
      site.publish('rss', BASELINE);
      await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER);
      await env.runtime.feeds.pollNow();
      site.fail('rss', 503);
      for (let i = 0; i < 3; i++) await env.runtime.feeds.pollNow();
      expect(notices()).toEqual([]);
      expect(env.logs.filter((l) => l['msg'] === 'feed notice')).toEqual([
        expect.objectContaining({ feed: 1, channel: null, notice: 'Feed not working: #1' }),
      ]);
    });
  });
});
