// The meta family: key/value facts about the index itself (registry hash, last ingest). Schema versions
// live in migrations.ts (PRAGMA user_version).
import type { Statement } from 'better-sqlite3';
import type { ReadHandle, WriteHandle } from './handles.ts';

export function readMeta(r: ReadHandle, key: string): string | null {
  return (r.read('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

export class MetaWrites {
  private readonly set: Statement;

  constructor(w: WriteHandle) {
    this.set = w.write('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  put(key: string, value: string): void {
    this.set.run(key, value);
  }
}
