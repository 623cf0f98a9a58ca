// `whosaid start`: with a token, open the index, connect to Discord, and shut down cleanly on SIGINT/SIGTERM;
// without one, the offline console.
import { createLogger } from '../log.ts';
import { runConsole } from './console.ts';
import { untilStopSignal, withConfig } from './support.ts';

export function runStartCommand(_args: string[]): Promise<number> {
  return withConfig(async (config) => {
    if (!config.DISCORD_TOKEN) return runConsole(config);
    const logger = createLogger({ level: config.LOG_LEVEL, fd: 1 });
    const [{ openApp }, { startBot }, { discordWatchNotifier }] = await Promise.all([
      import('../app.ts'),
      import('../discord/bot.ts'),
      import('../discord/watch-notifier.ts'),
    ]);
    const app = await openApp(config, logger);
    let bot;
    try {
      bot = await startBot({ config, context: app.context, commands: app.commands, logger });
    } catch (error) {
      await app.close();
      throw error;
    }
    // Feeds are polled on schedule; watch matches are posted to their channels.
    app.feeds.start(discordWatchNotifier(bot.client, logger), { schedule: true });
    await untilStopSignal(logger);
    await app.feeds.stop();
    await bot.stop();
    await app.close();
    return 0;
  });
}
