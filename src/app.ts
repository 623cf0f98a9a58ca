// What every front end (bot, console, ask) shares: the index of the data folder, brought up to date with
// its articles at open, and the topic catalog.
import { userInfo } from 'node:os';
import type { CommandContext } from './slash/types.ts';
import type { Config } from './config.ts';
import { createFeedsRuntime, type FeedsRuntime } from './feeds/runtime.ts';
import type { Logger } from './log.ts';
import { openIndexForDataDir, refreshIndex } from './ingest/index.ts';
import { topicCatalog } from './topics/index.ts';
import { lazyArticleIntake } from './intake/lazy.ts';

export interface App {
  context: Omit<CommandContext, 'cursor'>;
  /** One line for banners: what the index holds. */
  summary: string;
  /** Followed feeds and channel watches: the front end starts them with its notifier. */
  feeds: FeedsRuntime;
  close(): void;
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
  const index = openIndexForDataDir(config.WHOSAID_DATA_DIR);
  try {
    const report = refreshIndex(index, config.WHOSAID_DATA_DIR, { log: logger });
    for (const failure of report.failed) logger.warn({ file: failure.file, reason: failure.reason }, 'article not indexed');
    if (report.added || report.updated || report.removed) {
      logger.info(
        { added: report.added, updated: report.updated, removed: report.removed, unchanged: report.unchanged },
        'index updated from the articles',
      );
    }
  } catch (error) {
    index.close();
    throw error;
  }
  const stats = index.stats();
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
  });
  return {
    // The console and `ask` are the operator's own terminal: they may do what a manager may.
    context: {
      index,
      topics: topicCatalog(),
      member: { canManage: true, canPin: true, id: 'console', name: osUser() },
      // Articles added by /ingest reach the watches too.
      articles: feeds.articles,
      feeds: feeds.feeds,
      watches: feeds.watches,
    },
    feeds,
    summary: `${stats.statements} statements by ${stats.speakers} speakers from ${stats.articles} articles`,
    close: () => index.close(),
  };
}
