// A whosaid with feeds and watches over a temporary data folder, a recording notifier and a hand-driven clock.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFeedsRuntime, type FeedsRuntime } from '../../src/app.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestPostgres, type StoreEngine } from '../support/store-engines.ts';
import { indexFileFor } from '../../src/ingest/index.ts';
import { createLogger } from '../../src/log.ts';
import type { Reply } from '../../src/reply/types.ts';
import { createArticleIntake } from '../../src/intake/service.ts';

export interface Post {
  channelId: string;
  reply: Reply;
  pingRoleId: string | null;
}

export interface Env {
  dataDir: string;
  index: Store;
  runtime: FeedsRuntime;
  posts: Post[];
  logs: Record<string, unknown>[];
  clock: { now: number };
  /** While `down`, every post fails (Discord unreachable); nothing is recorded. */
  discord: { down: boolean };
  /** Closes and opens again on the same folder (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const MINUTE = 60_000;
export const INTERVAL_MINUTES = 15;

/** `fetchTimeoutMs`: a shorter fetch deadline, for sites that stall. `engine`: the store's (default SQLite).
 * `alertChannel`: WHOSAID_ALERT_CHANNEL. */
export async function startEnv(options: { fetchTimeoutMs?: number; engine?: StoreEngine; alertChannel?: string } = {}): Promise<Env> {
  const dataDir = mkdtempSync(join(tmpdir(), 'whosaid-feeds-'));
  mkdirSync(join(dataDir, 'articles'));
  const posts: Post[] = [];
  const logs: Record<string, unknown>[] = [];
  const clock = { now: Date.UTC(2025, 9, 2, 12, 0) };
  const discord = { down: false };
  const log = createLogger({
    level: 'debug',
    stream: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  // Postgres: one schema for this environment, opened again by a restart.
  const schema = `feeds_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const open = async () => {
    const index: Store = options.engine === 'postgres' ? await openTestPostgres({ schema }) : openSqliteStore(indexFileFor(dataDir));
    const fetch = { allowPrivate: true, ...(options.fetchTimeoutMs ? { timeoutMs: options.fetchTimeoutMs } : {}) };
    const runtime = createFeedsRuntime({
      index,
      intake: createArticleIntake({ index, dataDir, log, fetch }),
      log,
      intervalMinutes: INTERVAL_MINUTES,
      fetch,
      alertChannel: options.alertChannel ?? null,
      now: () => clock.now,
      // No jitter: the schedule is exact.
      random: () => 0.5,
    });
    runtime.start({
      post: async (channelId, reply, { pingRoleId }) => {
        if (discord.down) throw new Error('connect ECONNREFUSED discord.com');
        posts.push({ channelId, reply, pingRoleId });
      },
    });
    return { index, runtime };
  };
  let { index, runtime } = await open();
  return {
    dataDir,
    get index() {
      return index;
    },
    get runtime() {
      return runtime;
    },
    posts,
    logs,
    clock,
    discord,
    async restart() {
      await index.close();
      ({ index, runtime } = await open());
    },
    async close() {
      await index.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const REQUESTER = { id: '1', name: 'tester' };

/** The statements a post shows, as "Speaker: text". */
export function postLines(post: Post): string[] {
  if (post.reply.type !== 'statements') throw new Error(`not a statements reply: ${post.reply.type}`);
  // A comma that belongs to the attribution after a quotation is not part of the statement (older extractors kept it).
  return post.reply.statements.map((s) => `${s.speaker?.name ?? '?'}: ${s.text.replace(/,$/, '')}`);
}
