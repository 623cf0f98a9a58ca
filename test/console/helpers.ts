import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { runRepl } from '../../src/console/repl.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import type { Reply } from '../../src/reply/types.ts';

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

/** One line through a console session (a fresh one unless given): the reply it gave, or a throw when it gave none. */
export async function askConsole(app: App, line: string, session = new ConsoleSession(app.context, app.commands)): Promise<Reply> {
  const result = await session.handle(line);
  if (result?.kind !== 'reply') throw new Error(`expected a reply to ${line}`);
  return result.reply;
}

/** Pipes lines into the console (as `printf ... | whosaid console` does) and returns all it printed. */
export async function pipeConsole(app: App, lines: string[], output: PassThrough = new PassThrough()): Promise<string> {
  const input = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const done = runRepl(app.context, app.commands, { input, output, color: false });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return text;
}
