// Opening the SQLite file: directory checks with clear messages, pragmas, migrations.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, schemaVersion, SCHEMA_VERSION } from './migrations.ts';
import { UserFacingError } from '../errors.ts';
import { DAMAGE_ADVICE, IndexBusyError, isBusy } from './handles.ts';

export class IndexOpenError extends UserFacingError {
  override name = 'IndexOpenError';
}

export interface OpenOptions {
  /** Open for queries only: the file must exist and is never written. */
  readonly?: boolean;
  /** How long a write waits for another process's write lock (ms); default WHOSAID_LOCK_WAIT_SECONDS or 60 s. */
  lockWaitMs?: number;
  /** Said once when a write has to wait for another process (default: a line on stderr). */
  onLockWait?: () => void;
}

export const DEFAULT_LOCK_WAIT_MS = 60_000;

/** How long a write waits for another process's write lock: the option, else WHOSAID_LOCK_WAIT_SECONDS, else 60 s. */
export function lockWaitMs(options: OpenOptions = {}): number {
  if (options.lockWaitMs !== undefined) return options.lockWaitMs;
  const text = process.env.WHOSAID_LOCK_WAIT_SECONDS;
  if (text === undefined || text === '') return DEFAULT_LOCK_WAIT_MS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new IndexOpenError(`WHOSAID_LOCK_WAIT_SECONDS must be a number of seconds between 0 and 86400, not "${text}"`);
  }
  return Math.round(seconds * 1000);
}

export function waitingNotice(): void {
  process.stderr.write('whosaid: waiting for another whosaid process that is writing the index…\n');
}

function explain(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOTDIR') return 'a path component is not a directory';
  return (error as Error).message;
}

function checkDirectory(dir: string, readonly: boolean): void {
  if (!existsSync(dir)) {
    if (readonly) throw new IndexOpenError(`the index directory ${dir} does not exist; run \`whosaid ingest\` first`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new IndexOpenError(`cannot create the index directory ${dir}: ${explain(error)}`);
    }
  }
  if (!statSync(dir).isDirectory()) throw new IndexOpenError(`${dir} is not a directory`);
  if (readonly) return;
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new IndexOpenError(`the index directory ${dir} is not writable (${explain(error)})`);
  }
}

/**
 * Runs a locking step of the open (the switch to WAL, the migration) until it gets the lock: each try waits
 * busy_timeout, and past the first the wait is said (onLockWait) and bounded by lockWaitMs, as for any write.
 * Safe to repeat: each step is a transaction that re-checks under the lock, or a pragma.
 */
function untilLocked<T>(step: () => T, file: string, options: OpenOptions): T {
  const limitMs = lockWaitMs(options);
  const start = performance.now();
  let warned = false;
  for (;;) {
    try {
      return step();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (!warned) {
        warned = true;
        (options.onLockWait ?? waitingNotice)();
      }
      if (performance.now() - start >= limitMs) {
        throw new IndexBusyError(
          `another whosaid process is writing the index ${file} and did not finish within ${Math.round(limitMs / 1000)} s; it was not opened. Try again when it is done (WHOSAID_LOCK_WAIT_SECONDS waits longer).`,
        );
      }
    }
  }
}

/** Opens (creating when allowed) the index database at `file`, migrated to the current schema. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  checkDirectory(dirname(file), readonly);
  if (readonly && !existsSync(file)) throw new IndexOpenError(`no index at ${file}; run \`whosaid ingest\` first`);
  if (!readonly && existsSync(file)) {
    // SQLite would open a read-only file for reading and fail only at the first write, without naming it.
    try {
      accessSync(file, constants.W_OK);
    } catch (error) {
      throw new IndexOpenError(`the index ${file} is read-only (${explain(error)}); make it writable, or move it away to rebuild it`);
    }
  }
  let db: Db;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new IndexOpenError(`cannot open the index ${file}: ${explain(error)}`);
  }
  try {
    // First of all: another process may hold the lock (creating this very file, switching it to WAL).
    // A short wait is silent; a longer one is said (WriteHandle) and bounded by lockWaitMs.
    db.pragma(`busy_timeout = ${Math.min(5000, lockWaitMs(options))}`);
    if (!readonly) {
      untilLocked(() => db.pragma('journal_mode = WAL'), file, options);
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -8000');
    if (readonly) {
      const version = schemaVersion(db);
      if (version !== SCHEMA_VERSION) {
        throw new IndexOpenError(
          `the index ${file} has schema version ${version}, this whosaid expects ${SCHEMA_VERSION}; run \`whosaid ingest\` to upgrade it`,
        );
      }
    } else {
      untilLocked(() => migrate(db, file), file, options);
    }
  } catch (error) {
    db.close();
    if (error instanceof IndexOpenError) throw error;
    const message = (error as Error).message;
    if (/not a database|malformed/i.test(message)) {
      throw new IndexOpenError(`${file} is damaged or not a whosaid index (${message}): ${DAMAGE_ADVICE}`);
    }
    if (/readonly|read-only/i.test(message)) throw new IndexOpenError(`the index ${file} is read-only (${message})`);
    throw error;
  }
  return db;
}
