// Child process for the open-while-locked test: creates the index file in WAL mode, takes the write lock,
// says "locked", and keeps it until the release file exists (or 120 s pass), then commits and exits.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const [file, release] = process.argv.slice(2);
if (!file || !release) throw new Error('usage: lock-holder-child.ts INDEX_FILE RELEASE_FILE');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
const until = Date.now() + 120_000;
while (!existsSync(release) && Date.now() < until) await sleep(20);
db.exec('COMMIT');
db.close();
process.stdout.write('released\n');
