// Once-only chores on both engines: the leader prunes expired interaction ids and outbox posts finished
// before the keep window (pending and recent ones stay); on Postgres two stores sharing a database have
// one leader, and only it prunes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { startChores, type Chores } from '../../src/ops/chores.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestPostgres, openTestStore, STORE_ENGINES } from '../support/store-engines.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 9, 20, 12);
const log = createLogger({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Two interaction ids (one expired), three posts: posted 10 days ago, posted an hour ago, pending. */
async function seed(store: Store): Promise<number[]> {
  expect(await store.firstSeenInteraction('old', { nowMs: NOW - 2 * DAY, ttlMs: DAY })).toBe(true);
  expect(await store.firstSeenInteraction('fresh', { nowMs: NOW, ttlMs: DAY })).toBe(true);
  const watch = await store.watches.add(
    { guildId: 'g', channelId: 'c', speakerId: null, speakerName: null, topic: 't', query: null, pingRoleId: null, createdBy: 'u' },
    NOW - 20 * DAY,
  );
  const ids: number[] = [];
  for (const [i, at] of [NOW - 10 * DAY, NOW - 3_600_000, NOW].entries()) {
    const entry = await store.outbox.enqueue(
      watch.id,
      [`k${i}`],
      () => ({ target: 'discord', channelId: 'c', pingRoleId: null, payload: '{}' }),
      at,
    );
    ids.push(entry!.id);
  }
  await store.outbox.posted(ids[0]!, { messageId: 'm0', nowMs: NOW - 10 * DAY });
  await store.outbox.posted(ids[1]!, { messageId: 'm1', nowMs: NOW - 3_600_000 });
  return ids;
}

describe.each(STORE_ENGINES)('chores (%s)', (engine) => {
  it('the leader prunes expired interaction ids and long-finished posts, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whosaid-chores-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openTestStore(engine, join(dir, 'index.sqlite'));
    cleanups.push(() => store.close());
    const ids = await seed(store);
    const chores: Chores = startChores({ store, log, now: () => NOW, retryMs: 50 });
    cleanups.push(() => chores.stop());
    await waitFor(() => chores.leadership.isLeader, 'leadership');
    // Leading, it pruned at once (the expired id, the old post); a run after that one finds nothing left.
    expect(await chores.runOnce()).toEqual({ interactions: 0, outbox: 0 });
    expect((await store.outbox.list()).map((e) => e.id)).toEqual(ids.slice(1));
    // The expired id is forgotten (offered again, it is new), the fresh one still remembered.
    expect(await store.firstSeenInteraction('fresh', { nowMs: NOW, ttlMs: DAY })).toBe(false);
  });
});

describe('chores on one Postgres shared by two stores', () => {
  it('only the leader prunes; the other runs nothing until the leader stops', async () => {
    const schema = `chores_${process.pid}_${Date.now() % 100000}`;
    const a = await openTestPostgres({ schema });
    const b = await openTestPostgres({ schema });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const ids = await seed(a);
    const first = startChores({ store: a, log, now: () => NOW, retryMs: 50, intervalMs: 3_600_000 });
    await waitFor(() => first.leadership.isLeader, 'the first to lead');
    const second = startChores({ store: b, log, now: () => NOW, retryMs: 50, intervalMs: 3_600_000 });
    cleanups.push(() => second.stop());
    expect(await second.runOnce()).toBeNull();
    expect(await first.runOnce()).toEqual({ interactions: 0, outbox: 0 });
    expect((await b.outbox.list()).map((e) => e.id)).toEqual(ids.slice(1));
    await first.stop();
    await waitFor(() => second.leadership.isLeader, 'the second to take over');
    expect(await second.runOnce()).toEqual({ interactions: 0, outbox: 0 });
  }, 60_000);
});
