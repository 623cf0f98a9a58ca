// `whosaid stats [--json]`: what the index holds (opened read-only). Stdout carries the result only.
import type { IndexStats } from '../store/types.ts';
import { DATA_OPTIONS, parseArguments, withConfig, withIndex, write } from './support.ts';

const STATS_USAGE = 'usage: whosaid stats [--json] [--data-dir DIR]';

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

export function runStatsCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const parsed = parseArguments({ args, options: DATA_OPTIONS }, STATS_USAGE);
    if (typeof parsed === 'number') return parsed;
    const dataDir = parsed.values['data-dir'] ?? config.WHOSAID_DATA_DIR;
    return withIndex(dataDir, { readonly: true, databaseUrl: config.DATABASE_URL }, async (index) => {
      const stats = await index.stats();
      write(parsed.values.json ? JSON.stringify({ file: index.location, ...stats }, null, 2) : formatStats(stats, index.location));
      return 0;
    });
  });
}
