// Interaction ids already received (seen_interactions, migration 9): in HTTP mode a request replayed (by
// anyone who captured a signed one, within its signature's age) is answered once, whichever process gets it.
import type { WriteHandle } from './handles.ts';

export class SeenInteractions {
  constructor(private readonly w: WriteHandle) {}

  /** True the first time an id is offered (or once its previous record expired); it is then kept until nowMs + ttlMs. */
  firstSeen(id: string, options: { nowMs: number; ttlMs: number }): boolean {
    return this.w.transaction(() => {
      this.w.write('DELETE FROM seen_interactions WHERE expires_ms <= ?').run(options.nowMs);
      return (
        this.w.write('INSERT OR IGNORE INTO seen_interactions (id, expires_ms) VALUES (?, ?)').run(id, options.nowMs + options.ttlMs)
          .changes > 0
      );
    });
  }
}

/** Expired interaction ids, and outbox posts done before `doneBefore` (ISO): removed (the chores' leader does it). */
export function pruneDone(w: WriteHandle, options: { nowMs: number; doneBefore: string }): { interactions: number; outbox: number } {
  return w.transaction(() => ({
    interactions: w.write('DELETE FROM seen_interactions WHERE expires_ms <= ?').run(options.nowMs).changes,
    outbox: w.write("DELETE FROM watch_outbox WHERE state <> 'pending' AND done_at IS NOT NULL AND done_at < ?").run(options.doneBefore)
      .changes,
  }));
}
