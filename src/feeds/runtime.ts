// Feeds and watches for one open index: the stores, the watcher (which also hears of /ingest), the poller.
// The front end decides who posts (Discord, the console) and whether the schedule runs (the bot).
import type { SqliteStatementIndex } from '../store/statement-index.ts';
import type { Logger } from '../log.ts';
import type { ArticleIntake } from '../intake/types.ts';
import type { SafeFetchOptions } from '../net/safe-fetch.ts';
import type { WatchNotifier } from '../watches/notifier.ts';
import { WatchStore } from '../store/watches.ts';
import type { NewWatch, WatchRecord, WatchService } from '../watches/types.ts';
import { Watcher } from '../watches/watcher.ts';
import { FeedPoller } from './poller.ts';
import { FeedStore } from '../store/feeds.ts';

export const DEFAULT_FEED_INTERVAL_MINUTES = 15;

export interface FeedsRuntimeOptions {
  index: SqliteStatementIndex;
  /** The plain article intake (the runtime hands out a watched one for /ingest). */
  intake: ArticleIntake;
  log: Logger;
  intervalMinutes?: number;
  fetch?: SafeFetchOptions;
  now?: () => number;
  random?: () => number;
}

export interface FeedsRuntime {
  feeds: FeedPoller;
  watches: WatchService;
  /** The intake for /ingest: an article it adds reaches the watches. */
  articles: ArticleIntake;
  watcher: Watcher;
  /** Who posts watch matches; runs the poll schedule when `schedule` is set (the bot). */
  start(notifier: WatchNotifier | null, options?: { schedule?: boolean }): void;
  /** Stops the schedule and waits for a poll in progress. */
  stop(): Promise<void>;
}

export function createFeedsRuntime(options: FeedsRuntimeOptions): FeedsRuntime {
  const log = options.log.child({ room: 'feeds' });
  const watchStore = new WatchStore(options.index.db);
  const watcher = new Watcher(options.index, watchStore, log);
  const feeds = new FeedPoller({
    store: new FeedStore(options.index.db),
    intake: options.intake,
    watcher,
    log,
    intervalMs: (options.intervalMinutes ?? DEFAULT_FEED_INTERVAL_MINUTES) * 60_000,
    fetch: options.fetch,
    now: options.now,
    random: options.random,
  });
  const watches: WatchService = {
    add(watch: NewWatch): WatchRecord {
      const added = watchStore.add(watch);
      log.info({ watch: added.id, channel: added.channelId, createdBy: added.createdBy }, 'watch added');
      return added;
    },
    list: (guildId) => watchStore.list(guildId),
    remove(id, guildId) {
      const removed = watchStore.remove(id, guildId);
      if (removed) log.info({ watch: id }, 'watch removed');
      return removed;
    },
  };
  return {
    feeds,
    watches,
    watcher,
    articles: watcher.watching(options.intake),
    start(notifier, { schedule = false } = {}) {
      watcher.setNotifier(notifier);
      if (schedule) feeds.start();
    },
    async stop() {
      await feeds.stop();
    },
  };
}
