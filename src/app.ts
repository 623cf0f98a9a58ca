// The one composition root: opens the index of the data folder (brought up to date with its articles), and
// wires the topic catalog, the article intake, feeds, watches and the command list for every front end (bot,
// console, ask, CLI). May import any room; no room imports it back.
import { userInfo } from 'node:os';
import { commands } from '../commands/index.ts';
import type { CommandContext } from './slash/types.ts';
import type { CommandRegistry } from './slash/registry.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { openStore, refreshIndex } from './ingest/index.ts';
import { refusalReporter, refusalsFileFor } from './ingest/refusals.ts';
import { topicCatalog } from './topics/index.ts';
import { plural } from './reply/wording.ts';
import { lazyArticleIntake } from './intake/lazy.ts';
import type { ArticleIntake } from './intake/types.ts';
import type { SafeFetchOptions } from './net/safe-fetch.ts';
import type { Store } from './store/store.ts';
import { FeedPoller } from './feeds/poller.ts';
import type { WatchNotifier } from './watches/notifier.ts';
import type { NewWatch, WatchRecord, WatchService } from './watches/types.ts';
import { Watcher } from './watches/watcher.ts';
import { startChores, type Chores } from './ops/chores.ts';

export interface App {
  /** The store itself (coordination between processes: replay checks in HTTP mode). */
  store: Store;
  context: Omit<CommandContext, 'cursor'>;
  /** The slash commands every front end answers (commands/index.ts). */
  commands: CommandRegistry;
  /** One line for banners: what the index holds. */
  summary: string;
  /** Followed feeds and channel watches: the front end starts them with its notifier. */
  feeds: FeedsRuntime;
  close(): Promise<void>;
}

export interface AppOptions {
  /** The operator's own terminal (console, ask): /ingest file: may read local paths. */
  localFiles?: boolean;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'console';
  }
}

export async function openApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const index = await openStore({ dataDir: config.WHOSAID_DATA_DIR, databaseUrl: config.DATABASE_URL });
  try {
    // Each refused file is warned about by the ingest, once, and not again at later starts while unchanged.
    const refusals = refusalReporter(refusalsFileFor(config.WHOSAID_DATA_DIR), logger);
    const report = await refreshIndex(index, config.WHOSAID_DATA_DIR, { log: refusals.log });
    const heldBack = refusals.finish(report.failed);
    if (heldBack.length) {
      logger.info(
        { files: heldBack },
        `${plural(heldBack.length, 'article')} still not indexed, as reported before (whosaid ingest says why)`,
      );
    }
    if (report.added || report.updated || report.removed) {
      logger.info(
        { added: report.added, updated: report.updated, removed: report.removed, unchanged: report.unchanged },
        'index updated from the articles',
      );
    }
  } catch (error) {
    await index.close();
    throw error;
  }
  const stats = await index.stats();
  const feeds = createFeedsRuntime({
    index,
    intake: lazyArticleIntake({
      index,
      dataDir: config.WHOSAID_DATA_DIR,
      log: logger,
      fetch: { allowPrivate: config.WHOSAID_ALLOW_PRIVATE_FETCH },
      allowLocalFiles: options.localFiles ?? false,
    }),
    log: logger,
    intervalMinutes: config.WHOSAID_FEED_INTERVAL_MINUTES,
    fetch: { allowPrivate: config.WHOSAID_ALLOW_PRIVATE_FETCH },
    alertChannel: config.WHOSAID_ALERT_CHANNEL ?? null,
  });
  return {
    // The console and `ask` are the operator's own terminal: they may do what a manager may.
    context: {
      index,
      tenants: index,
      ownerGuilds: config.WHOSAID_OWNER_GUILDS,
      topics: topicCatalog(),
      member: { canManage: true, canPin: true, id: 'console', name: osUser() },
      // Articles added by /ingest reach the watches too.
      articles: feeds.articles,
      feeds: feeds.feeds,
      watches: feeds.watches,
    },
    store: index,
    commands,
    feeds,
    summary: `${plural(stats.statements, 'statement')} by ${plural(stats.speakers, 'speaker')} from ${plural(stats.articles, 'article')}`,
    close: () => index.close(),
  };
}

// Feeds and watches for one open index: the stores, the watcher (which also hears of /ingest), the poller.
// The front end decides who posts (Discord, the console) and whether the schedule runs (the bot).

export interface FeedsRuntimeOptions {
  index: Store;
  /** The plain article intake (the runtime hands out a watched one for /ingest). */
  intake: ArticleIntake;
  log: Logger;
  /** Config's WHOSAID_FEED_INTERVAL_MINUTES (its default lives there). */
  intervalMinutes: number;
  fetch?: SafeFetchOptions;
  /** Config's WHOSAID_ALERT_CHANNEL: where broken-feed notices go (null: the channel each feed was added from). */
  alertChannel?: string | null;
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
  const watchStore = options.index.watches;
  const watcher = new Watcher(options.index, log, { now: options.now });
  const feeds = new FeedPoller({
    store: options.index.feeds,
    intake: options.intake,
    watcher,
    log,
    intervalMs: options.intervalMinutes * 60_000,
    fetch: options.fetch,
    alertChannel: options.alertChannel ?? null,
    now: options.now,
    random: options.random,
  });
  let chores: Chores | null = null;
  const watches: WatchService = {
    async add(watch: NewWatch): Promise<WatchRecord> {
      const added = await watchStore.add(watch);
      log.info({ watch: added.id, channel: added.channelId, createdBy: added.createdBy }, 'watch added');
      return added;
    },
    list: (guildId) => watchStore.list(guildId),
    async remove(id, guildId) {
      const removed = await watchStore.remove(id, guildId);
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
      feeds.setNotifier(notifier);
      if (schedule) {
        feeds.start();
        // Posts left by a crash, retries, and posts other processes queued for this one to send.
        watcher.outbox.start();
        // Pruning, by one process of those sharing the store.
        chores ??= startChores({ store: options.index, log, now: options.now });
      }
    },
    async stop() {
      await feeds.stop();
      await watcher.outbox.stop();
      await chores?.stop();
      chores = null;
    },
  };
}
