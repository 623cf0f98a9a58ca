// CLI entry point for `whosaid extract FILE|DIR... [--out DIR]` (owned by the extraction work, issue 3).
export async function runExtractCommand(_args: string[]): Promise<number> {
  process.stderr.write('whosaid extract: not implemented yet\n');
  return 1;
}
