// `whosaid migrate-store --to postgres://… [--data-dir DIR] [--json]`: copies the data folder's SQLite index
// into an empty Postgres database, ids kept, and prints the rows copied per table (verified on both sides).
// Stdout carries the result; logs go to stderr.
import { existsSync } from 'node:fs';
import { indexFileFor } from '../ingest/data-dir.ts';
import { DATA_OPTIONS, fail, parseArguments, quietLogger, withConfig, write } from './support.ts';

const USAGE = 'usage: whosaid migrate-store --to postgres://USER@HOST/DB [--data-dir DIR] [--json]';

export function formatCounts(counts: Record<string, number>, where: string): string {
  const width = Math.max(...Object.keys(counts).map((t) => t.length));
  return [`copied into ${where}:`, ...Object.entries(counts).map(([table, n]) => `  ${table.padEnd(width)}  ${n}`)].join('\n');
}

export function runMigrateStoreCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const parsed = parseArguments({ args, options: { ...DATA_OPTIONS, to: { type: 'string' } } }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const to = parsed.values.to;
    if (!to || !/^postgres(ql)?:\/\//.test(to)) return fail(`--to needs a postgres:// URL\n${USAGE}`, 2);
    const dataDir = parsed.values['data-dir'] ?? config.WHOSAID_DATA_DIR;
    const file = indexFileFor(dataDir);
    if (!existsSync(file)) return fail(`there is no SQLite index at ${file} (run \`whosaid ingest\` first, or pass --data-dir)`);
    const log = quietLogger(config);
    const [{ openSqliteStore }, { openPostgresStore }, { migrateSqliteToPostgres }, { redactUrl }] = await Promise.all([
      import('../store/sqlite.ts'),
      import('../store/postgres/store.ts'),
      import('../store/migrate-store.ts'),
      import('../store/postgres/connection.ts'),
    ]);
    const source = openSqliteStore(file, { readonly: true });
    try {
      const target = await openPostgresStore(to, { max: 2 });
      try {
        const where = redactUrl(to);
        const report = await migrateSqliteToPostgres(source.db, target.database, { dataDir, where, log });
        write(parsed.values.json ? JSON.stringify({ from: file, to: where, ...report }, null, 2) : formatCounts(report.counts, where));
        return 0;
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  });
}
