// The Postgres engine's connection: a `pg` Pool behind a small interface (queries, one transaction on one
// client), so tests can put PGlite (Postgres in WASM, in-process) behind the same interface. SQL in this
// engine is written with @name parameters (as the SQLite engine's) and bound here to $1, $2, ….
import pg from 'pg';

export interface Sql {
  /** `name`: prepare once per connection under this name (a statement run often, with the same plan for every value). */
  query<T = Record<string, unknown>>(text: string, values?: unknown[], name?: string): Promise<T[]>;
}

export interface PgDatabase extends Sql {
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

/** int8 (ids, counts) as JS numbers: statement ids stay far below 2^53. */
const INT8 = 20;

/**
 * The URL and start-up options for `pg`: `ours` followed by the URL's own `options` (say `-c search_path=…`), so that
 * an operator's setting in the URL wins (a later `-c` replaces an earlier one). `pg` lets a URL's options replace the
 * configured ones, so they are moved out of the URL and joined.
 */
function withStartupOptions(url: string, ours: string): { connectionString: string; options: string } {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  const theirs = parsed?.searchParams.get('options');
  if (!parsed || !theirs) return { connectionString: url, options: ours };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), options: `${ours} ${theirs}` };
}

/** A pool of `pg` connections to `url`. */
export function poolDatabase(url: string, options: { max?: number } = {}): PgDatabase {
  const pool = new pg.Pool({
    // No JIT compilation, set in each connection's start-up packet: our statements run in milliseconds, but a plan whose
    // estimated cost passes jit_above_cost (a fallback branch that rarely runs counts too) spent ~100 ms compiling
    // first (seen at 1M statements). Random page reads priced as for data in memory (the README asks for a
    // shared_buffers that holds what searches read; 4, the default, prices a disk): at 1M statements the planner
    // counted a common word's first 10,001 matches by reading the table in order (80 ms of server CPU) rather than
    // through the full-text index (54 ms).
    ...withStartupOptions(url, '-c jit=off -c random_page_cost=1.1'),
    max: options.max ?? 8,
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, values?: unknown[], name?: string) =>
    (await client.query(name ? { name, text, values: values?.map(toParam) } : { text, values: values?.map(toParam) })).rows as T[];
  return {
    query: (text, values, name) => run(pool, text, values, name),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (text, values, name) => run(client, text, values, name) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

function toParam(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** `@name` placeholders -> $n with their values (a name used twice binds once). `@@` (tsquery match) is left alone. */
export function bind(sql: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  const order = new Map<string, number>();
  const values: unknown[] = [];
  const text = sql.replace(/(?<![@\w])@([A-Za-z_]\w*)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for @${name}`);
    let n = order.get(name);
    if (n === undefined) {
      values.push(toParam(params[name]));
      n = values.length;
      order.set(name, n);
    }
    return `$${n}`;
  });
  return { text, values };
}

/** Runs SQL with @name parameters. */
export function named<T>(db: Sql, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { text, values } = bind(sql, params);
  return db.query<T>(text, values);
}

/** postgres://user:secret@host/db -> postgres://user@host/db: for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the configured Postgres database';
  }
}
