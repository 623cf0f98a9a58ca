// Typed handles over one better-sqlite3 connection. A ReadHandle only prepares statements SQLite itself
// reports as read-only (checked when prepared), and its statements have no run(): query code cannot write.
// A WriteHandle also prepares writing statements and runs transactions. Only the SQLite engine sees these.
import type { Database, Statement } from 'better-sqlite3';
import { UserFacingError } from '../errors.ts';

/** Another process kept the index's write lock longer than this process agreed to wait. Nothing was written. */
export class IndexBusyError extends UserFacingError {
  override name = 'IndexBusyError';
}

/** How long a write waits for another process's write lock, and what it says while it waits. */
export interface LockWait {
  /** Give up after this long (ms), throwing IndexBusyError. */
  limitMs: number;
  /** Called once per wait, when the first busy_timeout ran out (the wait is a long one). */
  onWait: () => void;
  /** Named in the error. */
  location: string;
}

/** SQLite's own words for a damaged or foreign file (SQLITE_CORRUPT*, SQLITE_NOTADB). */
export function isDamageError(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

/** What to tell the operator when the index turns out damaged. */
export const DAMAGE_ADVICE =
  'run `whosaid doctor` to see what is wrong and `whosaid doctor --rebuild-statements` to rebuild it; do not delete the index: its feeds and watches exist nowhere else';

/** SQLite could not take a lock within busy_timeout. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_BUSY_TIMEOUT';
}

/** A prepared read: rows out, nothing written. */
export interface ReadStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows as their first column's value (toggles the statement for good, as better-sqlite3 does). */
  pluck(): ReadStatement;
}

export class ReadHandle {
  private readonly cache = new Map<string, ReadStatement>();

  constructor(protected readonly db: Database) {}

  /** Prepares (once per SQL text) a statement that must not write. */
  read(sql: string): ReadStatement {
    let statement = this.cache.get(sql);
    if (!statement) {
      const prepared = this.db.prepare(sql);
      if (!prepared.readonly) throw new Error(`a read handle cannot write: ${sql.slice(0, 80)}`);
      statement = prepared as unknown as ReadStatement;
      this.cache.set(sql, statement);
    }
    return statement;
  }

  get open(): boolean {
    return this.db.open;
  }
}

export class WriteHandle extends ReadHandle {
  constructor(
    db: Database,
    private readonly lockWait: LockWait | null = null,
  ) {
    super(db);
  }

  /** Prepares a statement that may write. */
  write(sql: string): Statement {
    return this.db.prepare(sql);
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /** Runs `work` in one IMMEDIATE transaction (or inside the one already open). Rolled back whole on error. */
  transaction<T>(work: () => T): T {
    if (this.db.inTransaction) return work();
    let began = false;
    const tx = this.db.transaction(() => {
      began = true;
      return work();
    });
    const start = performance.now();
    let warned = false;
    for (;;) {
      try {
        return tx.immediate();
      } catch (error) {
        // Only a lock that could not be taken (BEGIN IMMEDIATE, after busy_timeout) is waited out: once the
        // work began, an error is the work's own.
        if (began || !this.lockWait || !isBusy(error)) throw error;
        const waited = performance.now() - start;
        if (!warned) {
          warned = true;
          this.lockWait.onWait();
        }
        if (waited >= this.lockWait.limitMs) {
          throw new IndexBusyError(
            `another whosaid process is writing the index ${this.lockWait.location} and did not finish within ${Math.round(this.lockWait.limitMs / 1000)} s; nothing was changed here. Try again when it is done (WHOSAID_LOCK_WAIT_SECONDS waits longer).`,
          );
        }
      }
    }
  }

  /** Children of a re-keyed row follow within the transaction; foreign keys are checked at commit. */
  deferForeignKeys(): void {
    this.db.pragma('defer_foreign_keys = ON');
  }
}
