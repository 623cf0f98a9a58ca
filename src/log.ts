// Structured logs (pino): JSON lines, pretty when the destination is a terminal. Secrets are redacted by
// key and, as a second line of defence, any registered secret string is scrubbed from every log line.
import { pino, type Logger, type DestinationStream } from 'pino';
import { createRequire } from 'node:module';
import type { PrettyOptions, PrettyStream } from 'pino-pretty';

/** pino-pretty only when a terminal shows the logs: a piped or quiet run does not load it. */
function pretty(options: PrettyOptions): PrettyStream {
  const load = createRequire(import.meta.url)('pino-pretty') as { default: (o: PrettyOptions) => PrettyStream };
  return load.default(options);
}

export type { Logger };

const secrets = new Set<string>();

/** Registers a value (the bot token) that must never appear in a log line. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

/**
 * An interaction token (valid 15 minutes, enough to answer as the bot) sits in the path of every webhook
 * and callback URL, which discord.js errors carry (DiscordAPIError.url): cut from wherever it appears.
 */
const TOKEN_IN_PATH = /(\/(?:webhooks|interactions)\/\d{5,25}\/)[\w.-]{16,}/g;

export function scrubSecrets(line: string): string {
  let out = line.replace(TOKEN_IN_PATH, '$1[Redacted]');
  for (const secret of secrets) out = out.split(secret).join('[Redacted]');
  return out;
}

const REDACT_PATHS = [
  'token',
  '*.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'config.DISCORD_TOKEN',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'interaction.token',
  '*.interaction.token',
  '*.*.token',
];

export interface LoggerOptions {
  level?: string;
  /** 1 = stdout, 2 = stderr. Commands whose stdout carries a result log to stderr. */
  fd?: 1 | 2;
  /** Force pretty or JSON; default: pretty when the fd is a TTY. */
  pretty?: boolean;
  /** For tests: where lines go. */
  stream?: DestinationStream;
  /** Runs each write (the console clears and redraws its prompt around a log line). */
  around?: (write: () => void) => void;
}

function scrubbingStream(inner: DestinationStream, around?: (write: () => void) => void): DestinationStream {
  if (!around) return { write: (line: string) => inner.write(scrubSecrets(line)) };
  return { write: (line: string) => around(() => inner.write(scrubSecrets(line))) };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const fd = options.fd ?? 1;
  const tty = fd === 1 ? process.stdout.isTTY : process.stderr.isTTY;
  const usePretty = options.pretty ?? Boolean(tty);
  const inner: DestinationStream =
    options.stream ??
    (usePretty
      ? pretty({ destination: fd, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true })
      : pino.destination({ dest: fd, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'whosaid' },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    },
    scrubbingStream(inner, options.around),
  );
}
