// Issue 12: `ingest` waited silently (for ever, article after article) on another process's write lock. Now it
// says it is waiting, on stderr, and gives up after WHOSAID_LOCK_WAIT_SECONDS with one line, index unchanged.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexFileFor } from '../../src/ingest/data-dir.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { tempDataDir, writeArticle } from '../ingest/helpers.ts';

let data: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  data = tempDataDir();
  openSqliteStore(indexFileFor(data.dir)).closeNow();
  writeArticle(data.dir, 'lock.md', {
    title: 'Harbour talks resume',
    body: '"We will reopen the harbour on Monday," said Mira Testandottir, the port director.',
  });
});
afterEach(() => data.cleanup());

/** Runs `whosaid ingest`; `onStderr` sees stderr as it grows. */
function ingest(env: Record<string, string>, onStderr: (text: string) => void = () => {}) {
  const child = spawn(process.execPath, ['src/bin/whosaid.mjs', 'ingest', '--data-dir', data.dir], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => onStderr((stderr += chunk)));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

function articleCount(): number {
  const index = openSqliteStore(indexFileFor(data.dir), { readonly: true });
  try {
    return index.db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
  } finally {
    index.closeNow();
  }
}

describe("ingest while another process holds the index's write lock", { timeout: 120_000 }, () => {
  it('says it is waiting, gives up after the bounded wait with one line and exit code 1, and changes nothing', async () => {
    const holder = new Database(indexFileFor(data.dir));
    holder.exec('BEGIN IMMEDIATE');
    let result;
    try {
      result = await ingest({ WHOSAID_LOCK_WAIT_SECONDS: '2' });
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'whosaid: waiting for another whosaid process that is writing the index…',
      `whosaid: another whosaid process is writing the index ${indexFileFor(data.dir)} and did not finish within 2 s; nothing was changed here. Try again when it is done (WHOSAID_LOCK_WAIT_SECONDS waits longer).`,
    ]);
    expect(articleCount()).toBe(0);
  });

  it('carries on once the other process is done', async () => {
    const holder = new Database(indexFileFor(data.dir));
    holder.exec('BEGIN IMMEDIATE');
    const result = await ingest({ WHOSAID_LOCK_WAIT_SECONDS: '100' }, (stderr) => {
      if (stderr.includes('waiting for another whosaid process') && holder.inTransaction) holder.exec('COMMIT');
    });
    holder.close();
    expect(result.stderr).toContain('whosaid: waiting for another whosaid process that is writing the index…\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^added 1, updated 0/);
    expect(articleCount()).toBe(1);
  });
});
