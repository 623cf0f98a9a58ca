// `whosaid ingest [PATH...]`: add or update article files (default: the data folder's articles).
// Stdout carries the result only; logs go to stderr.
import { DATA_OPTIONS, parseArguments, withConfig, withIndex, write } from './support.ts';
import { createLogger } from '../log.ts';
import { plural } from '../reply/wording.ts';
import { refreshIndex, registryFor } from '../ingest/data-dir.ts';
import { ingestPaths, type IngestReport } from '../ingest/ingest.ts';

const INGEST_USAGE = 'usage: whosaid ingest [PATH...] [--json] [--data-dir DIR]';

export function formatIngestReport(report: IngestReport): string {
  const lines = [
    `added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}, removed ${report.removed}, failed ${report.failed.length}` +
      ` (${plural(report.statements, 'statement')} extracted, ${report.seconds.toFixed(2)} s)`,
  ];
  for (const d of report.duplicates)
    lines.push(`skipped: ${d.file}: same ${d.same === 'url' ? 'link' : 'text'} as ${d.of} (a copy is not a second report)`);
  for (const f of report.failed) lines.push(`failed: ${f.file}: ${f.reason}`);
  return lines.join('\n');
}

export function runIngestCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const parsed = parseArguments({ args, options: DATA_OPTIONS, allowPositionals: true }, INGEST_USAGE);
    if (typeof parsed === 'number') return parsed;
    const dataDir = parsed.values['data-dir'] ?? config.WHOSAID_DATA_DIR;
    const log = createLogger({ level: config.LOG_LEVEL, fd: 2 });
    return withIndex(dataDir, { databaseUrl: config.DATABASE_URL }, async (index) => {
      const report = await (parsed.positionals.length
        ? ingestPaths(index, parsed.positionals, { dataDir, registry: registryFor(dataDir), log })
        : refreshIndex(index, dataDir, { log }));
      write(parsed.values.json ? JSON.stringify(report, null, 2) : formatIngestReport(report));
      return report.failed.length ? 1 : 0;
    });
  });
}
