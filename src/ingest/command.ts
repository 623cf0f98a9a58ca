// CLI entry points for `whosaid ingest` and `whosaid stats` (owned by the index work, issue 4).
export async function runIngestCommand(_args: string[]): Promise<number> {
  process.stderr.write('whosaid ingest: not implemented yet\n');
  return 1;
}

export async function runStatsCommand(_args: string[]): Promise<number> {
  process.stderr.write('whosaid stats: not implemented yet\n');
  return 1;
}
