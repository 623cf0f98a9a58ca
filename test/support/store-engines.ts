// Both Store engines for behaviour tests: `describe.each(STORE_ENGINES)`, then openTestStore(engine, file).
// Postgres: a fresh schema in the run's one server (global-postgres.ts), or PGlite in this process where
// the server binaries are missing.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Sql, PgDatabase } from '../../src/store/postgres/connection.ts';
import { openPostgresStore, openPostgresStoreOn, type PostgresStore } from '../../src/store/postgres/store.ts';
import type { Store } from '../../src/store/store.ts';
import pg from 'pg';
import type { PGlite, Transaction } from '@electric-sql/pglite';

export type StoreEngine = 'sqlite' | 'postgres';
export const STORE_ENGINES: readonly StoreEngine[] = ['sqlite', 'postgres'];

let admin: pg.Pool | null = null;
let pglite: Promise<PGlite> | null = null;

function schemaName(): string {
  return `t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * A new, empty Postgres schema (its own search_path) opened as a store; `urlOptions` are further start-up options in
 * the URL's `?options=` (a real server only).
 */
export async function openTestPostgres(options: { readonly?: boolean; schema?: string; urlOptions?: string } = {}): Promise<PostgresStore> {
  const schema = options.schema ?? schemaName();
  const url = inject('postgresUrl');
  if (url) {
    admin ??= new pg.Pool({ connectionString: url, max: 2 });
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const startup = `-c search_path=${schema},public${options.urlOptions ? ` ${options.urlOptions}` : ''}`;
    return openPostgresStore(`${url}?options=${encodeURIComponent(startup)}`, { max: 4, ...options });
  }
  return openPostgresStoreOn(await pgliteDatabase(schema), `pglite:${schema}`, options);
}

/** Opens a store of either engine; `file` is the SQLite file (ignored by Postgres). */
export async function openTestStore(engine: StoreEngine, file: string): Promise<Store> {
  return engine === 'sqlite' ? openSqliteStore(file) : openTestPostgres();
}

/** PGlite (one per worker process: isolate is off) behind the engine's PgDatabase interface, every query in `schema`. */
async function pgliteDatabase(schema: string): Promise<PgDatabase> {
  pglite ??= (async () => {
    const [{ PGlite }, { pg_trgm }, { unaccent }, { btree_gin }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
      import('@electric-sql/pglite/contrib/btree_gin'),
    ]);
    const db = await PGlite.create({ extensions: { pg_trgm, unaccent, btree_gin }, parsers: { 20: (v: string) => Number(v) } });
    await db.exec(
      'CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS btree_gin',
    );
    return db;
  })();
  const db = await pglite;
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  type Tx = Pick<Transaction, 'query' | 'exec'>;
  const on = (tx: Tx): Sql => ({
    async query<T>(text: string, values?: unknown[]) {
      if (!values?.length && text.includes(';')) {
        const results = await tx.exec(text);
        return (results[results.length - 1]?.rows ?? []) as T[];
      }
      const toParam = (v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
      return (await tx.query<T>(text, values?.map(toParam))).rows;
    },
  });
  const inSchema = <T>(work: (tx: Sql) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL search_path TO ${schema}, public`);
      return work(on(tx));
    });
  let ended = false;
  return {
    query: (text, values) => inSchema((tx) => tx.query(text, values)),
    transaction: (work) => inSchema(work),
    async end() {
      ended = true;
    },
    get ended() {
      return ended;
    },
  } as PgDatabase;
}
