// Stopping (shutdown) in the middle of a poll: the item in progress finishes, the rest are not marked seen,
// and the next poll asks unconditionally so a 304 cannot hide them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedPoller } from '../../src/feeds/poller.ts';
import { createLogger } from '../../src/log.ts';
import type { ArticleIntake } from '../../src/intake/types.ts';
import { Watcher } from '../../src/watches/watcher.ts';
import { REQUESTER, startEnv, type Env } from './helpers.ts';
import { startFeedSite, type FeedSite } from './feed-site.ts';
import { BASELINE, KORHONEN_WINTER } from './stories.ts';

let site: FeedSite;
let env: Env;

beforeEach(async () => {
  site = await startFeedSite();
  env = await startEnv();
}, 30_000);

afterEach(async () => {
  await env.close();
  await site.close();
}, 30_000);

describe('stopping a poll', { timeout: 60_000 }, () => {
  it('takes the item in progress, leaves the rest for an unconditional next poll', async () => {
    site.publish('rss', BASELINE);
    site.publish('rss', KORHONEN_WINTER);
    const taken: string[] = [];
    let poller: FeedPoller;
    const intake: ArticleIntake = {
      fromUrl: async (url) => {
        taken.push(url);
        if (taken.length === 1) void poller.stop();
        return { kind: 'refused', reason: 'test' };
      },
      fromFile: async () => ({ kind: 'refused', reason: 'test' }),
    };
    const log = createLogger({ level: 'silent' });
    const clock = { now: 1_000_000 };
    const make = () =>
      new FeedPoller({
        store: env.index.feeds,
        intake,
        watcher: new Watcher(env.index, log),
        log,
        intervalMs: 15 * 60_000,
        fetch: { allowPrivate: true },
        now: () => clock.now,
        random: () => 0.5,
      });
    poller = make();
    expect(await poller.add(site.feedUrl('rss'), REQUESTER)).toMatchObject({ kind: 'added', items: 2 });
    expect(await poller.pollDue()).toEqual([expect.objectContaining({ status: 'ok', newItems: 1 })]);
    expect(taken).toEqual([site.articleUrl(BASELINE.slug)]);
    expect((await poller.list())[0]).toMatchObject({ primed: false, items: 1, nextPollMs: clock.now + 60_000 });

    // After a stop, the poller is done; the next start (a restart) takes the rest.
    expect(await poller.pollDue()).toEqual([]);
    poller = make();
    clock.now += 60_000;
    expect(await poller.pollDue()).toEqual([expect.objectContaining({ status: 'ok', newItems: 1 })]);
    expect(site.lastConditional.get('rss')).toEqual({ ifNoneMatch: null, ifModifiedSince: null });
    expect(taken).toEqual([site.articleUrl(BASELINE.slug), site.articleUrl(KORHONEN_WINTER.slug)]);
    expect((await poller.list())[0]).toMatchObject({ primed: true, items: 2 });
  });
});
