// Sends the watch posts waiting in the outbox (store: WatchOutbox). A post is leased before it is sent, sent
// with its nonce (a repeat after a crash gets Discord's existing message, not a second one) and marked posted
// only once the platform accepted it. A refusal (PostRejected) is kept with its error and not sent again;
// any other failure is tried again later, with a growing wait, and given up after MAX_ATTEMPTS.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { Reply } from '../reply/types.ts';
import type { OutboxEntry, OutboxTarget, WatchOutbox } from '../store/store.ts';
import { PostRejected, type PostThread, type WatchNotifier } from './notifier.ts';

/** A claimed post is another process's (or a restart's) once this long has passed without an answer. */
export const LEASE_MS = 2 * 60_000;
/** Failures (other than refusals) before a post is given up. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;
const BATCH = 10;

/** A queued post: the reply, and the thread it makes (the watch's settings when it was queued). */
export type OutboxPayload = Reply & { thread?: PostThread };

export interface PostedEntry {
  entry: OutboxEntry;
  reply: Reply;
}

export interface OutboxPosterOptions {
  log: Logger;
  now?: () => number;
  /** Who holds the leases (default: host, process and a random part: unique per poster). */
  holder?: string;
  leaseMs?: number;
}

/** The wait before attempt n + 1 after n failures: 30 s, 1 min, 2 min … capped at an hour. */
export function retryDelay(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);
}

export class OutboxPoster {
  private notifier: WatchNotifier | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private readonly now: () => number;
  readonly holder: string;

  constructor(
    private readonly outbox: WatchOutbox,
    private readonly options: OutboxPosterOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  setNotifier(notifier: WatchNotifier | null): void {
    this.notifier = notifier;
  }

  get target(): OutboxTarget | null {
    return this.notifier ? (this.notifier.target ?? 'discord') : null;
  }

  /** Sends every post due now that this process can deliver. One drain runs at a time. Never throws. */
  drain(): Promise<PostedEntry[]> {
    const run = this.running.then(
      () => this.drainNow(),
      () => this.drainNow(),
    );
    this.running = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      this.options.log.error({ err: error }, 'watch outbox failed');
      return [];
    });
  }

  /** Drains now, and again whenever a post becomes due (retries, a crashed holder's leases), until stop(). */
  start(): void {
    this.started = true;
    void this.drain().finally(() => this.schedule());
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    const target = this.target;
    if (!this.started || !target) return;
    void this.outbox.nextDue(target).then(
      (next) => {
        if (!this.started) return;
        if (this.timer) clearTimeout(this.timer);
        // At least every minute: another process may queue posts this one should send.
        const wait = Math.min(Math.max(next === null ? 60_000 : next - this.now(), 1_000), 60_000);
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.drain().finally(() => this.schedule());
        }, wait);
        this.timer.unref();
      },
      (error: unknown) => this.options.log.error({ err: error }, 'watch outbox schedule failed'),
    );
  }

  private async drainNow(): Promise<PostedEntry[]> {
    const notifier = this.notifier;
    if (!notifier) return [];
    const target = notifier.target ?? 'discord';
    const posted: PostedEntry[] = [];
    const tried = new Set<number>();
    for (;;) {
      const batch = (
        await this.outbox.claim(this.holder, { target, limit: BATCH, leaseMs: this.options.leaseMs ?? LEASE_MS, nowMs: this.now() })
      ).filter((e) => !tried.has(e.id));
      if (!batch.length) return posted;
      for (const entry of batch) {
        tried.add(entry.id);
        const reply = await this.send(notifier, entry);
        if (reply) posted.push({ entry, reply });
      }
    }
  }

  /** One attempt at one post; the reply when it was accepted. */
  private async send(notifier: WatchNotifier, entry: OutboxEntry): Promise<Reply | null> {
    const { log } = this.options;
    let reply: Reply;
    let thread: PostThread | undefined;
    try {
      ({ thread, ...reply } = JSON.parse(entry.payload) as OutboxPayload);
    } catch (error) {
      await this.outbox.failed(entry.id, { error: `unreadable post: ${(error as Error).message}`, retryAtMs: null, nowMs: this.now() });
      return null;
    }
    try {
      const result = await notifier.post(entry.channelId, reply, {
        pingRoleId: entry.pingRoleId,
        nonce: entry.nonce,
        queuedAtMs: Date.parse(entry.createdAt),
        ...(thread ? { thread } : {}),
      });
      await this.outbox.posted(entry.id, { messageId: result?.messageId ?? null, nowMs: this.now() });
      log.info({ watch: entry.watchId, channel: entry.channelId, post: entry.id, attempts: entry.attempts + 1 }, 'watch posted');
      return reply;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failures = entry.attempts + 1;
      const giveUp = error instanceof PostRejected || failures >= MAX_ATTEMPTS;
      const retryAtMs = giveUp ? null : this.now() + retryDelay(failures);
      await this.outbox.failed(entry.id, {
        error: error instanceof PostRejected || !giveUp ? message : `gave up after ${failures} attempts: ${message}`,
        retryAtMs,
        nowMs: this.now(),
      });
      if (giveUp)
        log.error({ err: error, watch: entry.watchId, channel: entry.channelId, post: entry.id }, 'watch post refused; kept as rejected');
      else
        log.warn(
          { watch: entry.watchId, post: entry.id, failures, retryInS: Math.round(retryDelay(failures) / 1000), reason: message },
          'watch post failed; will retry',
        );
      return null;
    }
  }
}
