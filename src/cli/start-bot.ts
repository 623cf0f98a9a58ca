// `whosaid start` with a token: open the index, connect, and shut down cleanly on SIGINT/SIGTERM.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openApp } from '../app.ts';
import { startBot } from '../discord/bot.ts';
import { discordWatchNotifier } from '../discord/watch-notifier.ts';

export async function runBot(config: Config, logger: Logger): Promise<number> {
  const app = await openApp(config, logger);
  let bot;
  try {
    bot = await startBot({ config, context: app.context, logger });
  } catch (error) {
    app.close();
    throw error;
  }
  // Feeds are polled on schedule; watch matches are posted to their channels.
  app.feeds.start(discordWatchNotifier(bot.client, logger), { schedule: true });
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await app.feeds.stop();
  await bot.stop();
  app.close();
  return 0;
}
