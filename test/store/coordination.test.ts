// Several processes on one Postgres: feed poll leases are disjoint across pollers and come back when a holder
// dies; once-only chores have one leader (an advisory lock on a dedicated connection), replaced when it is
// killed with SIGKILL (a real second process); the SQLite engine grants every due feed to its one process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AdvisoryLeader, LeaseLeader } from '../../src/store/postgres/coordination.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestPostgres } from '../support/store-engines.ts';

const NOW = Date.UTC(2025, 9, 2, 12);
const opened: Store[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const store of opened.splice(0)) await store.close();
});

async function addFeeds(store: Store, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await store.feeds.add({ url: `https://feeds.example.org/${i}.xml`, title: null, addedBy: 't', nowMs: NOW })).id);
  return ids;
}

describe('feed poll leases', () => {
  it('postgres: two pollers (two connections pools) claim disjoint feeds; a dead holder’s lease runs out; release gives one back', async () => {
    const schema = `coord_${process.pid}_${Date.now() % 100000}`;
    const a = await openTestPostgres({ schema });
    const b = await openTestPostgres({ schema });
    opened.push(a, b);
    const ids = await addFeeds(a, 6);
    const lease = { nowMs: NOW, leaseMs: 60_000, limit: 4 };
    const [one, two] = await Promise.all([a.feeds.claimDue('p1', lease), b.feeds.claimDue('p2', lease)]);
    const claimed = [...one, ...two].map((f) => f.id).sort((x, y) => x - y);
    expect(claimed).toEqual(ids);
    expect(one.length + two.length).toBe(6);
    expect(await b.feeds.claimDue('p3', { ...lease, limit: 10 })).toEqual([]);
    // p1 finishes one (released, still due: it failed to update its schedule) and dies holding the rest.
    await a.feeds.release(one[0]!.id, 'p1');
    await a.feeds.release(two[0]!.id, 'p1'); // not p1's: left alone
    expect((await b.feeds.claimDue('p3', { ...lease, limit: 10 })).map((f) => f.id)).toEqual([one[0]!.id]);
    // Not before the leases run out; then every feed still due is claimable again (p3's lease ran out too).
    expect(await b.feeds.claimDue('p4', { ...lease, limit: 10, nowMs: NOW + 59_999 })).toEqual([]);
    expect((await b.feeds.claimDue('p4', { ...lease, limit: 10, nowMs: NOW + 60_000 })).map((f) => f.id).sort((x, y) => x - y)).toEqual(
      ids,
    );
  });

  it('sqlite: the one process is granted every due feed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whosaid-lease-'));
    try {
      const store = openSqliteStore(join(dir, 'index.sqlite'));
      opened.push(store);
      const ids = await addFeeds(store, 3);
      expect((await store.feeds.claimDue('p1', { nowMs: NOW, leaseMs: 60_000, limit: 10 })).map((f) => f.id)).toEqual(ids);
      expect((await store.feeds.claimDue('p2', { nowMs: NOW, leaseMs: 60_000, limit: 2 })).map((f) => f.id)).toEqual(ids.slice(0, 2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('leader for once-only chores', () => {
  // Where the test run has a Postgres server: a real second process holds the advisory lock and is killed.
  // Where it has only PGlite (one process, one session: no second connection to hold a lock), the store's
  // leadership is a lease in the database: handed over when its holder's store closes, or when the holder
  // stops renewing (what a killed process leaves) once the lease runs out.
  it(
    inject('postgresUrl')
      ? 'a leader killed with SIGKILL is replaced by the process waiting'
      : 'pglite: leadership passes on when the holder’s store closes, and when it stops renewing',
    async () => {
      const url = inject('postgresUrl');
      if (url) await killedLeaderIsReplaced(url);
      else await leaseLeaderHandsOver();
    },
    60_000,
  );

  it('sqlite: the one process always leads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whosaid-leader-'));
    try {
      const store = openSqliteStore(join(dir, 'index.sqlite'));
      opened.push(store);
      const changes: boolean[] = [];
      const leader = store.leadership('chores', { onChange: (on) => changes.push(on) });
      expect(leader.isLeader).toBe(false);
      expect(await leader.start()).toBe(true);
      expect(store.leadership('chores').isLeader).toBe(false);
      await leader.stop();
      expect(changes).toEqual([true, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function killedLeaderIsReplaced(url: string): Promise<void> {
  const key = 0x6c656164 + (process.pid % 1000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/leader-child.ts', url, String(key)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor(() => out.includes('leader'), 'the child to lead');

  const changes: boolean[] = [];
  const local = new AdvisoryLeader(url, key, { retryMs: 200, onChange: (on) => changes.push(on) });
  try {
    expect(await local.start()).toBe(false);
    child.kill('SIGKILL');
    await waitFor(() => local.isLeader, 'this process to take over');
    expect(changes).toEqual([true]);
    // A third contender now waits behind this one.
    const third = new AdvisoryLeader(url, key, { retryMs: 200 });
    expect(await third.start()).toBe(false);
    await third.stop();
  } finally {
    await local.stop();
  }
}

async function leaseLeaderHandsOver(): Promise<void> {
  const schema = `lead_${process.pid}_${Date.now() % 100000}`;
  const [a, b, c] = [await openTestPostgres({ schema }), await openTestPostgres({ schema }), await openTestPostgres({ schema })];
  opened.push(b, c);
  const changes: boolean[] = [];
  const first = new LeaseLeader(a.database, 'chores', 'a', { leaseMs: 600, retryMs: 50 });
  const second = new LeaseLeader(b.database, 'chores', 'b', { leaseMs: 600, retryMs: 50, onChange: (on) => changes.push(on) });
  const third = new LeaseLeader(c.database, 'chores', 'c', { leaseMs: 600, retryMs: 50 });
  try {
    expect(await first.start()).toBe(true);
    expect(await second.start()).toBe(false);
    // The holder's store closes: it gives the lease up, and the waiting one takes over.
    await first.stop();
    await a.close();
    await waitFor(() => second.isLeader, 'the second store to take over');
    expect(changes).toEqual([true]);
    expect(await third.start()).toBe(false);
    // The new holder dies (stops renewing, keeps its row): not before its lease runs out, then the third leads.
    second.abandon();
    await waitFor(() => third.isLeader, 'the third store to take over after the lease ran out');
    expect(second.isLeader).toBe(true); // it never learned, being dead; nobody asks it again
  } finally {
    second.abandon();
    await third.stop();
  }
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
