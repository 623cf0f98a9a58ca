// What every `whosaid` subcommand shares: one-line failures on stderr, configuration loaded once per run,
// and opening/closing the app or the index around the work. Errors a user caused (UserFacingError) become
// one line; anything else is a bug and goes up to src/cli.ts.
// Room cli/: every `whosaid` subcommand (one file each) and this support; may import anything below app.ts
// (app.ts itself lazily, through withApp). Nothing imports cli/ except src/cli.ts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserFacingError } from '../errors.ts';
import { loadConfig, type Config } from '../config.ts';
import { createLogger, registerSecret, type Logger } from '../log.ts';
import type { App } from '../app.ts';
import type { Store } from '../store/store.ts';
import type { WatchNotifier } from '../watches/notifier.ts';
import { DAMAGE_ADVICE, isDamageError } from '../store/handles.ts';

/** Writes `whosaid: message` to stderr and returns the exit code. */
export function fail(message: string, code = 1): number {
  process.stderr.write(`whosaid: ${message}\n`);
  return code;
}

/** The options of subcommands that read the data folder and can answer in JSON. */
export const DATA_OPTIONS = { json: { type: 'boolean' }, 'data-dir': { type: 'string' } } as const;

/** node's parseArgs; on a mistake, the message and the usage on stderr and exit code 2 instead. */
export function parseArguments<const T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> | number {
  try {
    return parseArgs(config);
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`, 2);
  }
}

/** Writes one line of result to stdout. */
export function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Loads the configuration (once for the run) and runs `use`; a user-facing error becomes one line. */
export async function withConfig(use: (config: Config) => Promise<number>): Promise<number> {
  try {
    const config = loadConfig();
    registerSecret(config.DISCORD_TOKEN);
    return await use(config);
  } catch (error) {
    if (error instanceof UserFacingError) return fail(error.message);
    if (isDamageError(error)) return fail(`the index is damaged (${(error as Error).message}): ${DAMAGE_ADVICE}`);
    throw error;
  }
}

/** A subcommand whose stdout is its result: logs to stderr, and the info chatter left out. */
export function quietLogger(config: Config): Logger {
  return createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, fd: 2 });
}

/** The printing notifier of a terminal: a watch that matches an article added here prints its post. */
export async function terminalNotifier(): Promise<WatchNotifier> {
  const [{ printingNotifier }, { renderTerminal }] = await Promise.all([
    import('../watches/notifier.ts'),
    import('../reply/render-terminal.ts'),
  ]);
  return printingNotifier(write, (reply) => renderTerminal(reply, { color: false }));
}

/**
 * Opens the app as the operator's own terminal (/ingest file: may name a local path), starts its watches
 * with `notifier` (default: printed here), runs `use`, and closes it.
 */
export async function withApp<T>(
  config: Config,
  logger: Logger,
  use: (app: App) => Promise<T>,
  notifier?: WatchNotifier | null,
): Promise<T> {
  const { openApp } = await import('../app.ts');
  const app = await openApp(config, logger, { localFiles: true });
  try {
    app.feeds.start(notifier === undefined ? await terminalNotifier() : notifier);
    return await use(app);
  } finally {
    await app.feeds.stop();
    await app.close();
  }
}

/** Opens the index of a data folder (without the app around it), runs `use`, and closes it. */
export async function withIndex<T>(
  dataDir: string,
  options: { readonly?: boolean; databaseUrl?: string | undefined },
  use: (index: Store) => Promise<T> | T,
): Promise<T> {
  const { openStore } = await import('../ingest/data-dir.ts');
  const index = await openStore({ dataDir, databaseUrl: options.databaseUrl }, { readonly: options.readonly ?? false });
  try {
    return await use(index);
  } finally {
    await index.close();
  }
}

/** Resolves on the first SIGINT or SIGTERM, logging which: a long-running subcommand then shuts down cleanly. */
export function untilStopSignal(logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
