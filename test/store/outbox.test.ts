// The watch outbox on both engines: a (watch, statement) is queued once; claims are leases that two holders
// never share; a lease that runs out makes the post claimable again; posted and rejected posts are done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxMessage, Store } from '../../src/store/store.ts';
import { openTestStore, STORE_ENGINES } from '../support/store-engines.ts';
import { newWatch } from '../watches/new-watch.ts';

const message = (payload: string): OutboxMessage => ({ target: 'discord', channelId: '3'.repeat(18), pingRoleId: null, payload });
const NOW = Date.UTC(2025, 9, 2, 12);

describe.each(STORE_ENGINES)('%s outbox', (engine) => {
  let dir: string;
  let store: Store;
  let watchId: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'whosaid-outbox-'));
    store = await openTestStore(engine, join(dir, 'index.sqlite'));
    watchId = (await store.watches.add(newWatch())).id;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues a post for the keys not due before, once; compose sees only those', async () => {
    const seen: string[][] = [];
    const first = await store.outbox.enqueue(watchId, ['a', 'b'], (fresh) => (seen.push([...fresh].sort()), message('ab')), NOW);
    expect(first).toMatchObject({ watchId, state: 'pending', attempts: 0, payload: 'ab', nonce: expect.stringMatching(/^w1\.[\w-]{11}$/) });
    expect(first!.nonce.length).toBeLessThanOrEqual(25);
    expect(await store.outbox.enqueue(watchId, ['a', 'b'], () => message('again'), NOW)).toBeNull();
    const second = await store.outbox.enqueue(watchId, ['b', 'c'], (fresh) => (seen.push([...fresh]), message('c')), NOW);
    expect(seen).toEqual([['a', 'b'], ['c']]);
    expect((await store.outbox.list()).map((e) => [e.id, e.payload])).toEqual([
      [first!.id, 'ab'],
      [second!.id, 'c'],
    ]);
    // compose declining (null) queues nothing.
    expect(await store.outbox.enqueue(watchId, ['d'], () => null, NOW)).toBeNull();
    expect(await store.outbox.list()).toHaveLength(2);
  });

  it('claims are leases: two holders get disjoint posts; an expired lease is claimable again; done posts are not', async () => {
    for (const key of ['a', 'b', 'c']) await store.outbox.enqueue(watchId, [key], () => message(key), NOW);
    const lease = { target: 'discord' as const, leaseMs: 60_000, nowMs: NOW };
    const [one, two] = await Promise.all([
      store.outbox.claim('p1', { ...lease, limit: 2 }),
      store.outbox.claim('p2', { ...lease, limit: 2 }),
    ]);
    const ids = [...one!, ...two!].map((e) => e.id).sort();
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(await store.outbox.claim('p3', { ...lease, limit: 10, target: 'terminal' })).toEqual([]);
    expect(await store.outbox.claim('p3', { ...lease, limit: 10 })).toEqual([]);
    expect(await store.outbox.nextDue('discord')).toBe(NOW + 60_000);

    const [a, b, c] = await store.outbox.list();
    await store.outbox.posted(a!.id, { messageId: '9'.repeat(18), nowMs: NOW });
    await store.outbox.failed(b!.id, { error: 'refused', retryAtMs: null, nowMs: NOW });
    await store.outbox.failed(c!.id, { error: 'timeout', retryAtMs: NOW + 30_000, nowMs: NOW });
    expect(await store.outbox.claim('p3', { ...lease, limit: 10, nowMs: NOW + 29_999 })).toEqual([]);
    expect(
      (await store.outbox.claim('p3', { ...lease, limit: 10, nowMs: NOW + 30_000 })).map((e) => [e.id, e.attempts, e.lastError]),
    ).toEqual([[c!.id, 1, 'timeout']]);
    // Its holder died: after the lease, another takes it.
    expect((await store.outbox.claim('p4', { ...lease, limit: 10, nowMs: NOW + 90_000 })).map((e) => e.id)).toEqual([c!.id]);
    expect((await store.outbox.list()).map((e) => [e.state, e.messageId, e.lastError])).toEqual([
      ['posted', '9'.repeat(18), null],
      ['rejected', null, 'refused'],
      ['pending', null, 'timeout'],
    ]);
    // A removed watch takes its posts with it.
    await store.watches.remove(watchId, '1');
    expect(await store.outbox.list()).toEqual([]);
  });
});
