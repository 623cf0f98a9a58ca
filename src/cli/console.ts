// `whosaid console` (and `whosaid start` without a token): the offline console over the data folder.
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { withApp, withConfig } from './support.ts';

export function runConsoleCommand(_args: string[]): Promise<number> {
  return withConfig(runConsole);
}

export function runConsole(config: Config): Promise<number> {
  // In the console, stdout is the conversation: logs go to stderr and only warnings show.
  const logger = createLogger({ level: 'warn', fd: 2 });
  return withApp(config, logger, async (app) => {
    const { runRepl } = await import('../console/repl.ts');
    await runRepl(app.context, app.commands, {
      banner: `whosaid offline console — ${app.summary}. Type /help for commands, /exit or Ctrl-D to leave.`,
    });
    return 0;
  });
}
