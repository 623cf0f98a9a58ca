// Child process for the concurrent-open test: loads everything, waits for the go file, then opens the index.
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore } from '../../src/store/sqlite.ts';

const [file, go] = process.argv.slice(2);
if (!file || !go) throw new Error('usage: open-child.ts INDEX_FILE GO_FILE');
process.stdout.write('ready\n');
while (!existsSync(go)) await sleep(2);
try {
  const index = openSqliteStore(file);
  const version = index.db.pragma('user_version', { simple: true });
  index.closeNow();
  process.stdout.write(`opened ${version}\n`);
} catch (error) {
  process.stdout.write(`failed ${(error as Error).message}\n`);
  process.exitCode = 1;
}
