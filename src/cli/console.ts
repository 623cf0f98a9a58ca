// `whosaid console` (and `whosaid start` without a token): the offline console over the data folder.
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { aroundConsoleOutput } from '../console/repl.ts';
import { withApp, withConfig } from './support.ts';

export function runConsoleCommand(_args: string[]): Promise<number> {
  return withConfig(runConsole);
}

export function runConsole(config: Config): Promise<number> {
  // In the console, stdout is the conversation: logs go to stderr, only warnings unless LOG_LEVEL says
  // otherwise, and never into the middle of the prompt.
  const logger = createLogger({ level: consoleLogLevel(config), fd: 2, around: aroundConsoleOutput });
  return withApp(config, logger, async (app) => {
    const { runRepl } = await import('../console/repl.ts');
    await runRepl(app.context, app.commands, {
      banner: `whosaid offline console — ${app.summary}. Type /help for commands, /exit or Ctrl-D to leave.`,
    });
    return 0;
  });
}

/** LOG_LEVEL when the user set it (environment or .env); else only warnings, to keep the conversation clear. */
export function consoleLogLevel(config: Pick<Config, 'LOG_LEVEL'>, env: NodeJS.ProcessEnv = process.env): string {
  return env['LOG_LEVEL'] ? config.LOG_LEVEL : 'warn';
}
