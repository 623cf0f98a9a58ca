// Issue 12: two processes opening a new index at once must both succeed (no "table meta already exists").
// And the migration at open waits for another process's write lock like any write (WHOSAID_LOCK_WAIT_SECONDS),
// not only busy_timeout: under heavy load a racing opener once failed with "database is locked".
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitingNotice } from '../../src/store/database.ts';
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

const NOTICE = captureNotice();

function captureNotice(): string {
  const write = process.stderr.write;
  let said = '';
  process.stderr.write = ((chunk: string) => ((said += chunk), true)) as typeof process.stderr.write;
  try {
    waitingNotice();
  } finally {
    process.stderr.write = write;
  }
  return said.trim();
}

function withoutNotice(out: string): string {
  return out
    .split('\n')
    .filter((line) => line.trim() !== NOTICE)
    .join('\n')
    .trim();
}

describe('opening an index while another process holds its write lock', { timeout: 180_000 }, () => {
  it('the migration waits past busy_timeout (saying so once) and opens when the lock is released', async () => {
    const file = join(dir, 'whosaid.db');
    const release = join(dir, 'release');
    const holder = spawn(process.execPath, ['src/bin/run-ts.mjs', 'test/store/lock-holder-child.ts', file, release], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    holder.stdout.setEncoding('utf8');
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('locked\n')) resolve();
      });
      holder.on('exit', () => reject(new Error(`lock holder exited early: ${out}`)));
    });
    // The lock is released only once the opener has said it waits: it must wait beyond its busy_timeout.
    let notices = 0;
    try {
      const index = openSqliteStore(file, {
        lockWaitMs: 120_000,
        onLockWait: () => {
          notices++;
          writeFileSync(release, '');
        },
      });
      try {
        expect(notices).toBe(1);
        expect(index.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(index.db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        index.closeNow();
      }
    } finally {
      writeFileSync(release, '');
    }
    expect(await exited).toBe(0);
  });
});

describe('processes opening a new index at the same moment', { timeout: 180_000 }, () => {
  it('all open it, migrated once to the current schema, round after round', async () => {
    for (let round = 0; round < 4; round++) {
      const file = join(dir, `round-${round}`, 'whosaid.db');
      const go = join(dir, `go-${round}`);
      const children = [openInChild(file, go), openInChild(file, go), openInChild(file, go)];
      await Promise.all(children.map((c) => c.ready));
      writeFileSync(go, '');
      // A child that had to wait long for another's lock says so on stderr: that is allowed, nothing else.
      const results = (await Promise.all(children.map((c) => c.done))).map(({ code, out }) => ({ code, out: withoutNotice(out) }));
      expect(results).toEqual(children.map(() => ({ code: 0, out: `opened ${SCHEMA_VERSION}` })));
      const index = openSqliteStore(file);
      expect(index.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(index.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'meta'").pluck().get()).toBe(1);
      index.closeNow();
    }
  });
});
