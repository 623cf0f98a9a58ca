// Once-only chores of the processes sharing one store: whoever leads (Store.leadership: always the one
// process on SQLite; an advisory lock on Postgres, handed over when its holder dies) prunes what expired:
// answered interaction ids past their replay window, and outbox posts finished long ago.
import type { Logger } from '../log.ts';
import type { Leadership, Store } from '../store/store.ts';

export interface ChoresOptions {
  store: Pick<Store, 'leadership' | 'pruneDone'>;
  log: Logger;
  /** How often the leader runs the chores (default 10 minutes). */
  intervalMs?: number;
  /** How long finished outbox posts are kept (default 7 days). */
  keepDoneMs?: number;
  /** How often a follower tries to lead (default 5 s; tests shorten it). */
  retryMs?: number;
  now?: () => number;
}

export interface Chores {
  readonly leadership: Leadership;
  /** Runs the chores now if this process leads; what was removed, or null when it does not lead. */
  runOnce(): Promise<{ interactions: number; outbox: number } | null>;
  stop(): Promise<void>;
}

export function startChores(options: ChoresOptions): Chores {
  const log = options.log.child({ room: 'chores' });
  const now = options.now ?? Date.now;
  const keepMs = options.keepDoneMs ?? 7 * 24 * 3_600_000;
  let running: Promise<unknown> = Promise.resolve();
  const leadership = options.store.leadership('chores', {
    retryMs: options.retryMs,
    onChange: (leader) => {
      log.info({ leader }, leader ? 'this process now runs the once-only chores' : 'no longer runs the once-only chores');
      // A new leader catches up at once rather than after a whole interval.
      if (leader) void runOnce();
    },
  });
  // Runs one at a time: a run asked for while one is going follows it.
  const runOnce = (): Promise<{ interactions: number; outbox: number } | null> => {
    const run = running.then(async () => {
      if (!leadership.isLeader) return null;
      try {
        const removed = await options.store.pruneDone({ nowMs: now(), keepMs });
        if (removed.interactions || removed.outbox) log.info(removed, 'expired interaction ids and finished posts pruned');
        return removed;
      } catch (error) {
        log.warn({ err: error }, 'chores failed; the next run tries again');
        return null;
      }
    });
    running = run;
    return run;
  };
  void leadership.start().catch((error: unknown) => log.warn({ err: error }, 'cannot take part in leadership'));
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 600_000);
  timer.unref();
  return {
    leadership,
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
      await leadership.stop();
    },
  };
}
