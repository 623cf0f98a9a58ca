// A throwaway PostgreSQL for tests: a real server (initdb in a temp folder, listening on a free 127.0.0.1
// port, fsync off) where the binaries are installed, else PGlite (Postgres compiled to WASM, in-process), so
// Postgres tests never need to be skipped. Both answer `query`; the real server also gives a URL for `pg`.
// Postgres refuses to run as root: as root (CI), the server runs as the `postgres` user through runuser.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from './free-port.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  engine: 'server' | 'pglite';
  /** postgres://… for `pg` (the real server only; PGlite runs in this process). */
  url: string | null;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Creates a schema; with the server, the URL whose connections use it (one schema per test file). */
  createSchema(name: string): Promise<{ schema: string; url: string | null }>;
  close(): Promise<void>;
}

const EXTENSIONS = ['pg_trgm', 'unaccent', 'btree_gin'] as const;

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin), or WHOSAID_PG_BIN. */
export function findPostgresBin(): string | null {
  const explicit = process.env['WHOSAID_PG_BIN'];
  if (explicit) return existsSync(join(explicit, 'initdb')) ? explicit : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(root, major, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function checkedSchema(name: string): string {
  if (!SCHEMA_NAME.test(name)) throw new Error(`schema name ${JSON.stringify(name)}: lower-case letters, digits and _ only`);
  return name;
}

/** Runs a server binary, as `postgres` when we are root. Throws with its output when it fails. */
function run(bin: string, program: string, args: string[], asPostgres: boolean): void {
  const command = asPostgres ? 'runuser' : join(bin, program);
  const argv = asPostgres ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${program} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`);
  }
}

function postgresIds(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root, but there is no postgres user to run the server as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function startServer(bin: string): Promise<TestPostgres> {
  const { default: pg } = await import('pg');
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-pg-'));
  const data = join(dir, 'data');
  if (asPostgres) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  // UTF-8 character semantics: in a `C` database lower() and to_tsvector leave Cyrillic capitals alone.
  run(bin, 'initdb', ['-D', data, '--locale=C.UTF-8', '-E', 'UTF8', '--no-sync', '-A', 'trust', '-U', 'postgres'], asPostgres);
  const port = await freePort();
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    // Test files share the run's server from three worker processes, each leaving pools to time out.
    '-c max_connections=200',
  ].join(' ');
  const stop = () => {
    try {
      run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres);
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', settings, '-w', '-t', '60', 'start'], asPostgres);
  } catch (error) {
    stop();
    throw error;
  }
  // A test run that dies without close() still stops its server.
  process.once('exit', stop);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    engine: 'server',
    url,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async createSchema(name) {
      const schema = checkedSchema(name);
      await pool.query(`CREATE SCHEMA ${schema}`);
      return { schema, url: `${url}?options=${encodeURIComponent(`-c search_path=${schema},public`)}` };
    },
    async close() {
      await pool.end();
      process.removeListener('exit', stop);
      stop();
    },
  };
}

async function startPglite(): Promise<TestPostgres> {
  const [{ PGlite }, { pg_trgm }, { unaccent }, { btree_gin }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('@electric-sql/pglite/contrib/btree_gin'),
  ]);
  const db = await PGlite.create({ extensions: { pg_trgm, unaccent, btree_gin } });
  return {
    engine: 'pglite',
    url: null,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async createSchema(name) {
      const schema = checkedSchema(name);
      await db.query(`CREATE SCHEMA ${schema}`);
      return { schema, url: null };
    },
    async close() {
      await db.close();
    },
  };
}

/**
 * Starts a throwaway Postgres with pg_trgm, unaccent and btree_gin available. `prefer: 'pglite'` forces the
 * in-process fallback (to test it where the server exists too).
 */
export async function startTestPostgres(options: { prefer?: 'server' | 'pglite' } = {}): Promise<TestPostgres> {
  const bin = options.prefer === 'pglite' ? null : findPostgresBin();
  const pg = bin ? await startServer(bin) : await startPglite();
  try {
    for (const extension of EXTENSIONS) await pg.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
  } catch (error) {
    await pg.close();
    throw error;
  }
  return pg;
}

export { EXTENSIONS };
