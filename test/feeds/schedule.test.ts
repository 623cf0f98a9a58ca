// The poll schedule's arithmetic and its setting: jitter within ±10%, doubling after each failure, capped.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { FeedPoller, MAX_BACKOFF_MS } from '../../src/feeds/poller.ts';
import type { FeedRecords } from '../../src/store/store.ts';
import { createLogger } from '../../src/log.ts';
import type { ArticleIntake } from '../../src/intake/types.ts';
import type { Watcher } from '../../src/watches/watcher.ts';

const poller = (random: number) =>
  new FeedPoller({
    store: {} as FeedRecords,
    intake: {} as ArticleIntake,
    watcher: {} as Watcher,
    log: createLogger({ level: 'silent' }),
    intervalMs: 15 * 60_000,
    random: () => random,
  });

describe('feed schedule', () => {
  it('jitters the interval by at most 10% and doubles it after each failure, up to the cap', () => {
    expect(poller(0).delayAfter(0)).toBe(13.5 * 60_000);
    expect(poller(0.5).delayAfter(0)).toBe(15 * 60_000);
    expect(poller(1).delayAfter(0)).toBe(16.5 * 60_000);
    expect([1, 2, 3].map((n) => poller(0.5).delayAfter(n))).toEqual([30, 60, 120].map((m) => m * 60_000));
    expect(poller(0.5).delayAfter(50)).toBe(MAX_BACKOFF_MS);
  });

  it('WHOSAID_FEED_INTERVAL_MINUTES: default 15, whole minutes from 1 to 1440', () => {
    expect(parseConfig({}).WHOSAID_FEED_INTERVAL_MINUTES).toBe(15);
    expect(parseConfig({ WHOSAID_FEED_INTERVAL_MINUTES: '5' }).WHOSAID_FEED_INTERVAL_MINUTES).toBe(5);
    expect(() => parseConfig({ WHOSAID_FEED_INTERVAL_MINUTES: '0' })).toThrow(
      'Invalid configuration: WHOSAID_FEED_INTERVAL_MINUTES must be between 1 and 1440 minutes',
    );
    expect(() => parseConfig({ WHOSAID_FEED_INTERVAL_MINUTES: 'soon' })).toThrow(
      'WHOSAID_FEED_INTERVAL_MINUTES must be a number of minutes',
    );
  });
});
