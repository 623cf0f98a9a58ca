// Issue 12: two processes opening a new index at once must both succeed (no "table meta already exists").
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'whosaid-race-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Child {
  ready: Promise<void>;
  done: Promise<{ code: number | null; out: string }>;
}

function openInChild(file: string, go: string): Child {
  const child = spawn(process.execPath, ['src/bin/run-ts.mjs', 'test/store/open-child.ts', file, go], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (err += chunk));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('ready\n')) resolve();
    }),
  );
  const done = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, out: `${out.replace('ready\n', '')}${err}`.trim() })),
  );
  return { ready, done };
}

describe('processes opening a new index at the same moment', { timeout: 180_000 }, () => {
  it('all open it, migrated once to the current schema, round after round', async () => {
    for (let round = 0; round < 4; round++) {
      const file = join(dir, `round-${round}`, 'whosaid.db');
      const go = join(dir, `go-${round}`);
      const children = [openInChild(file, go), openInChild(file, go), openInChild(file, go)];
      await Promise.all(children.map((c) => c.ready));
      writeFileSync(go, '');
      const results = await Promise.all(children.map((c) => c.done));
      expect(results).toEqual(children.map(() => ({ code: 0, out: `opened ${SCHEMA_VERSION}` })));
      const index = openSqliteStore(file);
      expect(index.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(index.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'meta'").pluck().get()).toBe(1);
      index.closeNow();
    }
  });
});
