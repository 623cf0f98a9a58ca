// What every `whosaid` subcommand shares: one-line failures on stderr and the errors a user can act on.
import { ConfigError } from '../config.ts';
import { IndexOpenError } from '../store/database.ts';
import { RegistryError } from '../speakers/registry.ts';

/** Writes `whosaid: message` to stderr and returns the exit code. */
export function fail(message: string, code = 1): number {
  process.stderr.write(`whosaid: ${message}\n`);
  return code;
}

/** The message of an error caused by configuration or files (shown as one line), or null for a bug. */
export function userFacingMessage(error: unknown): string | null {
  if (error instanceof IndexOpenError || error instanceof RegistryError || error instanceof ConfigError) return error.message;
  return null;
}
