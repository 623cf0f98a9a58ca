import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

export const SEED = 'data/articles/2025-08-23-unn-nato-troops-ukraine.md';
export const EXAMPLE = 'test/fixtures/articles/2025-09-04-example-wire-baltic-guarantees.md';

/** A data folder in a temp dir holding the seed and our own example article. */
export function tempDataDir(files: string[] = [SEED, EXAMPLE]): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-test-'));
  mkdirSync(join(dir, 'articles'));
  for (const file of files) cpSync(file, join(dir, 'articles', file.split('/').pop()!));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openTestApp(dataDir: string): Promise<App> {
  const logger = createLogger({ level: 'silent', stream: { write: () => undefined } });
  return openApp(parseConfig({ WHOSAID_DATA_DIR: dataDir }), logger);
}
