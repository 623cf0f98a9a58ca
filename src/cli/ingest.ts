// CLI entry points for `whosaid ingest [PATH...]` and `whosaid stats [--json]` (owned by the index work, issue 4).
// Stdout carries the result only; logs go to stderr.
import { parseArgs } from 'node:util';
import { fail, userFacingMessage } from './support.ts';
import { loadConfig } from '../config.ts';
import type { IndexStats } from '../store/types.ts';
import { createLogger } from '../log.ts';
import { indexFileFor, openIndexForDataDir, refreshIndex, registryFor } from '../ingest/data-dir.ts';
import { ingestPaths, type IngestReport } from '../ingest/ingest.ts';

const INGEST_USAGE = 'usage: whosaid ingest [PATH...] [--json] [--data-dir DIR]';
const STATS_USAGE = 'usage: whosaid stats [--json] [--data-dir DIR]';

export function formatIngestReport(report: IngestReport): string {
  const lines = [
    `added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}, removed ${report.removed}, failed ${report.failed.length}` +
      ` (${report.statements} statements extracted, ${report.seconds.toFixed(2)} s)`,
  ];
  for (const f of report.failed) lines.push(`failed: ${f.file}: ${f.reason}`);
  return lines.join('\n');
}

export function formatStats(stats: IndexStats, file: string): string {
  const pairs = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  return [
    `index       ${file}`,
    `articles    ${stats.articles}`,
    `statements  ${stats.statements}`,
    `speakers    ${stats.speakers}`,
    `outlets     ${stats.outlets}`,
    `by kind     ${pairs(stats.byKind)}`,
    `by topic    ${pairs(stats.byTopic)}`,
    `last ingest ${stats.lastIngest ?? 'never'}`,
  ].join('\n');
}

export async function runIngestCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    return fail(`${(error as Error).message}\n${INGEST_USAGE}`, 2);
  }
  try {
    const config = loadConfig();
    const dataDir = parsed.values['data-dir'] ?? config.WHOSAID_DATA_DIR;
    const log = createLogger({ level: config.LOG_LEVEL, fd: 2 });
    const index = openIndexForDataDir(dataDir);
    try {
      const report = parsed.positionals.length
        ? ingestPaths(index, parsed.positionals, { dataDir, registry: registryFor(dataDir), log })
        : refreshIndex(index, dataDir, { log });
      process.stdout.write(`${parsed.values.json ? JSON.stringify(report, null, 2) : formatIngestReport(report)}\n`);
      return report.failed.length ? 1 : 0;
    } finally {
      index.close();
    }
  } catch (error) {
    const message = userFacingMessage(error);
    if (message) return fail(message);
    throw error;
  }
}

export async function runStatsCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
  } catch (error) {
    return fail(`${(error as Error).message}\n${STATS_USAGE}`, 2);
  }
  try {
    const config = loadConfig();
    const dataDir = parsed.values['data-dir'] ?? config.WHOSAID_DATA_DIR;
    const index = openIndexForDataDir(dataDir, { readonly: true });
    try {
      const stats = index.stats();
      process.stdout.write(`${parsed.values.json ? JSON.stringify({ file: indexFileFor(dataDir), ...stats }, null, 2) : formatStats(stats, indexFileFor(dataDir))}\n`);
      return 0;
    } finally {
      index.close();
    }
  } catch (error) {
    const message = userFacingMessage(error);
    if (message) return fail(message);
    throw error;
  }
}
