// The environment, validated once at start by one zod schema. A bad value stops the program with one
// line naming the variable; the token's value never appears in any message.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { UserFacingError } from './errors.ts';
import { SNOWFLAKE } from './text/snowflake.ts';
import { firstIssue } from './text/schema.ts';

const snowflake = z.string().regex(SNOWFLAKE, 'must be a Discord snowflake (17 to 20 digits)');
/** Minutes between two polls of a followed feed unless WHOSAID_FEED_INTERVAL_MINUTES says otherwise. */
export const DEFAULT_FEED_INTERVAL_MINUTES = 15;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A comma-separated list of Discord ids (empty by default), refused whole when one is not an id. */
function snowflakeList(error: string) {
  return z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.every((id) => SNOWFLAKE.test(id)), { error });
}

export const configSchema = z.object({
  DISCORD_TOKEN: z
    .string()
    .regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'does not look like a bot token (three dot-separated parts)')
    .optional(),
  DISCORD_APPLICATION_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
    .default('https://discord.com/api')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The application's public key (Developer Portal > General Information): verifies HTTP interactions. */
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be the application's public key: 64 hex characters")
    .optional(),
  /** Where `whosaid serve-http` listens for Discord's interaction requests. */
  WHOSAID_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  WHOSAID_HTTP_PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(1, 'must be a port number between 1 and 65535')
    .max(65535, 'must be a port number between 1 and 65535')
    .default(8080),
  WHOSAID_DATA_DIR: z.string().min(1).default('./data'),
  /** postgres://…: store everything (articles too) in that Postgres database instead of the data folder's SQLite index. */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL such as postgres://whosaid@localhost/whosaid' })
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  /**
   * How long a write waits for another whosaid process writing the same SQLite index (seconds, default 60).
   * Validated here so a bad value fails at start; the store reads it where it opens the file (store/database.ts).
   */
  WHOSAID_LOCK_WAIT_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .min(0, 'must be a number of seconds between 0 and 86400')
    .max(86_400, 'must be a number of seconds between 0 and 86400')
    .optional(),
  /** When set, GET http://127.0.0.1:PORT/healthz answers with the bot's health as JSON. */
  WHOSAID_HEALTH_PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(1, 'must be a port number between 1 and 65535')
    .max(65535, 'must be a port number between 1 and 65535')
    .optional(),
  /**
   * Role ids (comma-separated) whose members may pin summaries and manage ingest, feeds and watches besides
   * members with the Discord permission. Ids, not names: anyone with Manage Roles can make a role of any name.
   */
  WHOSAID_MANAGER_ROLES: snowflakeList('must be role ids (17 to 20 digits), separated by commas; role names do not count'),
  /**
   * Server (guild) ids (comma-separated) whose managers add to the global corpus every server sees. By
   * default none can: what a server adds (articles, feeds) is that server's own (tenancy).
   */
  WHOSAID_OWNER_GUILDS: snowflakeList('must be server ids (17 to 20 digits), separated by commas'),
  /** Let /ingest fetch from loopback and private addresses. For tests only: never in production. */
  WHOSAID_ALLOW_PRIVATE_FETCH: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** Minutes between two polls of a followed feed (each poll is jittered by ±10%). */
  WHOSAID_FEED_INTERVAL_MINUTES: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be between 1 and 1440 minutes')
    .max(1440, 'must be between 1 and 1440 minutes')
    .default(DEFAULT_FEED_INTERVAL_MINUTES),
  /** The channel for notices about broken feeds (and their recovery); unset: the channel each feed was added from. */
  WHOSAID_ALERT_CHANNEL: z.string().regex(SNOWFLAKE, 'must be a channel id (17 to 20 digits)').optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends UserFacingError {
  override name = 'ConfigError';
}

/** Unset and empty mean the same: the default applies. */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = configSchema.safeParse(present(env));
  if (result.success) return result.data;
  const { field, zodMessage } = firstIssue(result.error);
  throw new ConfigError(`Invalid configuration: ${field || 'environment'} ${zodMessage}`);
}

/** Reads `.env` from the working directory when present; real environment variables win. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath = '.env'): Config {
  if (existsSync(dotenvPath)) {
    try {
      process.loadEnvFile(dotenvPath);
    } catch (error) {
      throw new ConfigError(`Invalid configuration: cannot read ${dotenvPath} (${(error as Error).message})`);
    }
  }
  return parseConfig(env);
}
