// `whosaid doctor [--rebuild-statements] [--json]`: checks the index file and says precisely what to do. With
// --rebuild-statements, a damaged index is moved aside and rebuilt from the article files, keeping its feeds,
// taken items, watches and posts (they exist nowhere else). Stdout carries the verdict; logs go to stderr.
import { DATA_OPTIONS, parseArguments, quietLogger, withConfig, write } from './support.ts';
import { indexFileFor, refreshIndex } from '../ingest/data-dir.ts';
import { diagnose, rebuildKeeping, type Diagnosis } from '../store/doctor.ts';

const USAGE = 'usage: whosaid doctor [--rebuild-statements] [--json] [--data-dir DIR] (with DATABASE_URL set: checks that database)';

const REBUILD = '`whosaid doctor --rebuild-statements`';

export function formatDiagnosis(d: Diagnosis): string {
  const kept = `${d.kept.feeds ?? '?'} feeds and ${d.kept.watches ?? '?'} watches`;
  switch (d.verdict) {
    case 'missing':
      return d.engine === 'postgres'
        ? `missing: there is no whosaid schema in ${d.file}\n  what to do: run \`whosaid ingest\` to create it (or \`whosaid migrate-store\` to copy an SQLite index)`
        : `missing: there is no index at ${d.file}\n  what to do: run \`whosaid ingest\` to build it`;
    case 'ok': {
      const lines = [`ok: the index ${d.file} is sound (schema version ${d.schemaVersion}, ${kept})`];
      if (d.schemaVersion !== null && d.schemaVersion < d.expectedVersion)
        lines.push(`  note: it is upgraded to schema version ${d.expectedVersion} at the next \`whosaid ingest\` or start`);
      if (d.schemaVersion !== null && d.schemaVersion > d.expectedVersion)
        lines.push(
          `  note: it was written by a newer whosaid (schema version ${d.schemaVersion}, this one knows ${d.expectedVersion}): upgrade whosaid`,
        );
      return lines.join('\n');
    }
    case 'damaged':
    case 'unreadable':
      if (d.engine === 'postgres')
        return [
          `${d.verdict}: the database ${d.file} is ${d.verdict === 'damaged' ? 'not sound' : 'not readable'}`,
          ...d.problems.slice(0, 10).map((p) => `  problem: ${p}`),
          '  what to do: mend each problem as it says, or restore your Postgres backup; whosaid does not rebuild a',
          '  Postgres database (--rebuild-statements is for the SQLite file).',
        ].join('\n');
      return [
        `${d.verdict}: the index ${d.file} is ${d.verdict === 'damaged' ? 'damaged' : 'not readable as a database'}`,
        ...d.problems.slice(0, 10).map((p) => `  problem: ${p}`),
        `  what to do: stop the bot, then run ${REBUILD}: the file is moved aside, articles and statements are`,
        `  rebuilt from the article files, and the feeds and watches that can still be read (${kept}) are kept.`,
        '  Do not delete the index: feeds and watches exist nowhere else.',
      ].join('\n');
  }
}

export function runDoctorCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const options = { ...DATA_OPTIONS, 'rebuild-statements': { type: 'boolean' } } as const;
    const parsed = parseArguments({ args, options }, USAGE);
    if (typeof parsed === 'number') return parsed;
    if (config.DATABASE_URL)
      return doctorPostgres(config.DATABASE_URL, parsed.values.json === true, parsed.values['rebuild-statements'] === true);
    const dataDir = parsed.values['data-dir'] ?? config.WHOSAID_DATA_DIR;
    const file = indexFileFor(dataDir);
    const diagnosis = diagnose(file);
    if (!parsed.values['rebuild-statements']) {
      write(parsed.values.json ? JSON.stringify(diagnosis, null, 2) : formatDiagnosis(diagnosis));
      return diagnosis.verdict === 'ok' ? 0 : 1;
    }
    if (diagnosis.verdict === 'ok' || diagnosis.verdict === 'missing') {
      write(
        parsed.values.json
          ? JSON.stringify({ ...diagnosis, rebuilt: false }, null, 2)
          : `${formatDiagnosis(diagnosis)}\n  nothing rebuilt: the index is not damaged`,
      );
      return diagnosis.verdict === 'ok' ? 0 : 1;
    }
    const { index, salvage } = rebuildKeeping(file);
    try {
      const report = await refreshIndex(index, dataDir, { log: quietLogger(config) });
      const after = diagnose(file);
      if (parsed.values.json) {
        write(JSON.stringify({ before: diagnosis, rebuilt: true, salvage, ingest: report, after }, null, 2));
      } else {
        const lines = [
          `rebuilt: ${file} (the damaged file is kept as ${salvage.damagedCopy})`,
          `  kept: ${Object.entries(salvage.copied)
            .map(([table, n]) => `${n} ${table.replace('_', ' ')}`)
            .join(', ')}`,
          ...Object.entries(salvage.lost).map(([table, why]) => `  lost: ${table.replace('_', ' ')} could not be read (${why})`),
          `  articles: ${report.added} stored again from the article files, ${report.failed.length} failed (${report.statements} statements)`,
          formatDiagnosis(after),
        ];
        write(lines.join('\n'));
      }
      return after.verdict === 'ok' && !Object.keys(salvage.lost).length ? 0 : 1;
    } finally {
      await index.close();
    }
  });
}

async function doctorPostgres(url: string, json: boolean, rebuild: boolean): Promise<number> {
  const [{ poolDatabase, redactUrl }, { diagnosePostgres }] = await Promise.all([
    import('../store/postgres/connection.ts'),
    import('../store/postgres/doctor.ts'),
  ]);
  const db = poolDatabase(url, { max: 1 });
  try {
    const diagnosis = await diagnosePostgres(db, redactUrl(url));
    write(json ? JSON.stringify(diagnosis, null, 2) : formatDiagnosis(diagnosis));
    if (rebuild) write('nothing rebuilt: --rebuild-statements works on the SQLite file; DATABASE_URL is set');
    return diagnosis.verdict === 'ok' && !rebuild ? 0 : 1;
  } finally {
    await db.end().catch(() => {});
  }
}
