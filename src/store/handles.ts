// Typed handles over one better-sqlite3 connection. A ReadHandle only prepares statements SQLite itself
// reports as read-only (checked when prepared), and its statements have no run(): query code cannot write.
// A WriteHandle also prepares writing statements and runs transactions. Only the SQLite engine sees these.
import type { Database, Statement } from 'better-sqlite3';

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
    return this.db.transaction(work).immediate();
  }

  /** Children of a re-keyed row follow within the transaction; foreign keys are checked at commit. */
  deferForeignKeys(): void {
    this.db.pragma('defer_foreign_keys = ON');
  }
}
