// Polls the followed feeds: each on its own schedule (the interval, with jitter), conditional requests (an
// unchanged feed answers 304 and costs nothing more), exponential backoff after errors and back to normal
// after a success. Each item is taken once (seen items are kept by guid or link) and goes through the article
// intake. A feed's first items are taken silently; watches hear only of items that appear later.
// Room feeds/: the feed service (fetching and parsing feeds, polling); records live in store/. May import
// net/, intake/ types, watches/, store/, text/; never app.ts, cli/, slash/ or commands/.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log.ts';
import type { ArticleIntake, IntakeOutcome, Requester } from '../intake/types.ts';
import { FetchRefusal, parseFetchUrl, type SafeFetchOptions } from '../net/safe-fetch.ts';
import type { Watcher } from '../watches/watcher.ts';
import { FeedFormatError, fetchFeed } from './fetch-feed.ts';
import type { FeedRecords, FeedState } from '../store/store.ts';
import type { FeedAddOutcome, FeedRecord, FeedService, PollResult } from './types.ts';
import type { WatchNotifier } from '../watches/notifier.ts';
import { notice, type NoticeReply } from '../reply/types.ts';

/** Items taken from one feed in one poll; the rest wait for the next poll. */
export const MAX_ITEMS_PER_POLL = 30;
/** Backoff never waits longer than this between polls of a failing feed. */
export const MAX_BACKOFF_MS = 12 * 60 * 60 * 1000;
/** A feed leased for a poll is another process's once this has passed (its holder died mid-poll). */
export const FEED_LEASE_MS = 5 * 60_000;
/** Feeds leased in one round; more due feeds wait for the next round (which comes at once). */
const FEEDS_PER_ROUND = 50;
/** ± this share of the interval, so feeds added together do not poll together forever. */
const JITTER = 0.1;
/** A feed is declared broken (one notice) after this many failed polls in a row... */
export const BROKEN_AFTER_FAILURES = 3;
/** ...or when it has not worked for this long (since its last success, or since it was added). */
export const BROKEN_AFTER_MS = 24 * 60 * 60 * 1000;

export interface PollerOptions {
  store: FeedRecords;
  /** The plain intake (the poller tells the watcher itself, only for items after the first poll). */
  intake: ArticleIntake;
  watcher: Watcher;
  log: Logger;
  intervalMs: number;
  fetch?: SafeFetchOptions;
  /** Where broken-feed notices go (WHOSAID_ALERT_CHANNEL); null: the channel each feed was added from. */
  alertChannel?: string | null;
  /** Clock and randomness (tests). */
  now?: () => number;
  random?: () => number;
}

function describe(error: unknown): string {
  if (error instanceof FetchRefusal || error instanceof FeedFormatError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function publicFeed(feed: FeedState): FeedRecord {
  const { etag: _etag, lastModified: _lastModified, ...record } = feed;
  return record;
}

export class FeedPoller implements FeedService {
  private readonly now: () => number;
  private readonly random: () => number;
  private running: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  /** Counts schedule() calls, so only the latest one arms the timer. */
  private scheduling = 0;
  private started = false;
  /** Set by stop() (shutdown): a poll in progress ends after the item it is taking, and no other starts. */
  private stopping = false;
  /** Who holds this poller's feed leases: unique per process and poller. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private notifier: WatchNotifier | null = null;

  constructor(private readonly options: PollerOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Who posts broken-feed notices (the watches' notifier); null: they are only logged. */
  setNotifier(notifier: WatchNotifier | null): void {
    this.notifier = notifier;
  }

  /** The interval with jitter, times 2^failures for a failing feed (capped). */
  delayAfter(failures: number): number {
    const base = Math.min(this.options.intervalMs * 2 ** Math.min(failures, 20), Math.max(MAX_BACKOFF_MS, this.options.intervalMs));
    return Math.round(base * (1 + (this.random() * 2 - 1) * JITTER));
  }

  async add(text: string, requestedBy: Requester): Promise<FeedAddOutcome> {
    let url: string;
    try {
      url = parseFetchUrl(text).toString();
    } catch (error) {
      return { kind: 'refused', reason: describe(error) };
    }
    const owner = requestedBy.owner ?? null;
    // Each owner follows an address once (feeds are unique per owner): another server's feed is its own business.
    const known = await this.options.store.byUrl(url, owner);
    if (known) return { kind: 'exists', feed: publicFeed(known) };
    let fetched;
    try {
      fetched = await fetchFeed(url, this.options.fetch ?? {}, null);
    } catch (error) {
      if (error instanceof FetchRefusal || error instanceof FeedFormatError) return { kind: 'refused', reason: error.message };
      throw error;
    }
    if (fetched.notModified) return { kind: 'refused', reason: 'The feed answered 304 Not Modified to a plain request.' };
    const again = await this.options.store.byUrl(url, owner);
    if (again) return { kind: 'exists', feed: publicFeed(again) };
    // Due at once: the first poll takes its current items silently.
    const feed = await this.options.store.add({
      url,
      title: fetched.title,
      addedBy: `${requestedBy.name} (${requestedBy.id})`,
      nowMs: this.now(),
      guildId: owner,
      alertChannel: requestedBy.channelId ?? null,
    });
    this.options.log.info({ feed: feed.id, url, requestedBy, items: fetched.items.length }, 'feed added');
    this.kick();
    return { kind: 'added', feed: publicFeed(feed), items: fetched.items.length };
  }

  async list(owner?: string | null): Promise<FeedRecord[]> {
    return (await this.options.store.list(owner)).map(publicFeed);
  }

  async remove(idOrUrl: string, owner?: string | null): Promise<FeedRecord | null> {
    const text = idOrUrl.trim().replace(/^#/, '');
    let feed = /^\d+$/.test(text) ? await this.options.store.get(Number(text)) : null;
    if (!feed) {
      let url = text;
      try {
        url = parseFetchUrl(text).toString();
      } catch {
        // not a URL: only the exact text can match
      }
      feed = (await this.options.store.byUrl(url, owner)) ?? (await this.options.store.byUrl(text, owner));
    }
    // Tenancy: a server removes only its own feeds (another server's are as if absent).
    if (feed && owner !== undefined && feed.guildId !== owner) return null;
    if (!feed || !(await this.options.store.remove(feed.id))) return null;
    this.options.log.info({ feed: feed.id, url: feed.url }, 'feed removed');
    return publicFeed(feed);
  }

  /** Polls the feeds that are due. One poll runs at a time (the timer and explicit calls queue up). */
  pollDue(): Promise<PollResult[]> {
    return this.serial(async () => {
      const results: PollResult[] = [];
      // Leased, so several processes on one Postgres never poll the same feed at once (SQLite grants all).
      const leased = await this.options.store.claimDue(this.holder, { nowMs: this.now(), leaseMs: FEED_LEASE_MS, limit: FEEDS_PER_ROUND });
      for (const feed of leased) {
        try {
          if (!this.stopping) results.push(await this.pollOne(feed));
        } finally {
          await this.options.store.release(feed.id, this.holder);
        }
      }
      return results;
    });
  }

  /** Polls these feeds (all when none are named) now, whatever their schedule. */
  pollNow(ids?: number[]): Promise<PollResult[]> {
    return this.serial(async () => {
      const results: PollResult[] = [];
      for (const feed of await this.options.store.list()) {
        if (this.stopping) break;
        if (ids && !ids.includes(feed.id)) continue;
        results.push(await this.pollOne(feed));
      }
      return results;
    });
  }

  /** Polls on schedule until stop(). */
  start(): void {
    this.started = true;
    this.stopping = false;
    this.schedule();
  }

  stop(): Promise<unknown> {
    this.started = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.running;
  }

  /** A feed became due (added): poll soon instead of at the next scheduled wake-up. */
  private kick(): void {
    if (this.started) this.schedule(0);
  }

  private schedule(inMs?: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const asked = ++this.scheduling;
    void this.options.store.nextDue().then(
      (next) => {
        // stop(), or a later schedule(), came first.
        if (this.started && asked === this.scheduling) this.arm(inMs, next);
      },
      (error: unknown) => this.options.log.error({ err: error }, 'feed schedule failed'),
    );
  }

  private arm(inMs: number | undefined, next: number | null): void {
    if (this.timer) clearTimeout(this.timer);
    const wait = inMs ?? (next === null ? this.options.intervalMs : Math.max(0, next - this.now()));
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.pollDue()
          .catch((error: unknown) => this.options.log.error({ err: error }, 'feed poll failed'))
          .finally(() => this.schedule());
      },
      Math.min(Math.max(wait, 1_000), this.options.intervalMs),
    );
    this.timer.unref();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.running.then(work, work);
    this.running = run.catch(() => undefined);
    return run;
  }

  private async pollOne(feed: FeedState): Promise<PollResult> {
    const { store, log } = this.options;
    const result: PollResult = { feedId: feed.id, url: feed.url, status: 'ok', newItems: 0, added: 0 };
    let fetched;
    try {
      fetched = await fetchFeed(
        feed.url,
        this.options.fetch ?? {},
        feed.primed ? { etag: feed.etag, lastModified: feed.lastModified } : null,
      );
    } catch (error) {
      const failures = feed.failures + 1;
      const nextPollMs = this.now() + this.delayAfter(failures);
      await store.polledWithError(feed.id, { error: describe(error), failures, nextPollMs, nowMs: this.now() });
      log.warn(
        { feed: feed.id, url: feed.url, failures, retryInS: Math.round((nextPollMs - this.now()) / 1000), reason: describe(error) },
        'feed poll failed',
      );
      if (!(error instanceof FetchRefusal || error instanceof FeedFormatError)) log.error({ err: error, feed: feed.id }, 'feed poll error');
      const working = Date.parse(feed.lastOkAt ?? feed.addedAt);
      if (!feed.brokenSince && (failures >= BROKEN_AFTER_FAILURES || this.now() - working >= BROKEN_AFTER_MS)) {
        await store.setBroken(feed.id, new Date(this.now()).toISOString());
        // Not told: not declared broken yet, so the next failed poll tries the notice again.
        if (!(await this.alert(feed, brokenNotice(feed, failures, describe(error), nextPollMs)))) await store.setBroken(feed.id, null);
      }
      return { ...result, status: 'error', error: describe(error) };
    }
    if (fetched.notModified) {
      await store.polledOk(feed.id, {
        ...fetched,
        title: null,
        primed: feed.primed,
        nextPollMs: this.now() + this.delayAfter(0),
        nowMs: this.now(),
      });
      log.debug({ feed: feed.id }, 'feed not modified');
      await this.recovered(feed);
      return { ...result, status: 'not-modified' };
    }
    const seen = await store.seen(
      feed.id,
      fetched.items.map((i) => i.key),
    );
    const fresh = fetched.items.filter((item, i, all) => !seen.has(item.key) && all.findIndex((o) => o.key === item.key) === i);
    // Oldest first, so posts come in the order the articles appeared.
    const batch = fresh.reverse().slice(0, MAX_ITEMS_PER_POLL);
    const silent = !feed.primed;
    // Tenancy: a server's feed brings articles into that server's own corpus.
    const requester = { id: `feed:${feed.id}`, name: feed.title ?? feed.url, ...(feed.guildId ? { owner: feed.guildId } : {}) };
    let taken = 0;
    for (const item of batch) {
      if (this.stopping) break;
      taken++;
      let outcome: IntakeOutcome | null = null;
      let label: string;
      if (!item.url) label = 'no-link';
      else {
        try {
          outcome = await this.options.intake.fromUrl(item.url, requester);
          label = outcome.kind;
        } catch (error) {
          log.error({ err: error, feed: feed.id, url: item.url }, 'feed item could not be taken');
          label = 'error';
        }
      }
      await store.markSeen(feed.id, { key: item.key, url: item.url, outcome: label, nowMs: this.now() });
      result.newItems++;
      if (outcome?.kind === 'added') {
        result.added++;
        if (!silent) await this.options.watcher.articleAdded(outcome);
      }
    }
    // A feed stays "new" (silent) until its items at the time it was added are all taken.
    const leftover = fresh.length > taken;
    const primed = feed.primed || !leftover;
    // A feed with items left over is polled again soon; otherwise after the interval.
    const nextPollMs = this.now() + (leftover ? Math.min(60_000, this.options.intervalMs) : this.delayAfter(0));
    // With items left over, the next request is unconditional (a 304 would hide them).
    const validators = leftover ? { etag: null, lastModified: null } : { etag: fetched.etag, lastModified: fetched.lastModified };
    await store.polledOk(feed.id, { ...validators, title: fetched.title, primed, nextPollMs, nowMs: this.now() });
    log.info({ feed: feed.id, url: feed.url, newItems: result.newItems, added: result.added, silent }, 'feed polled');
    await this.recovered(feed);
    return result;
  }

  /** A feed declared broken works again: one notice, and it is no longer broken. */
  private async recovered(feed: FeedState): Promise<void> {
    if (!feed.brokenSince) return;
    await this.options.store.setBroken(feed.id, null);
    const told = await this.alert(
      feed,
      notice(
        'feeds',
        `Feed working again: #${feed.id}`,
        `${feedName(feed)} works again (declared broken ${utc(Date.parse(feed.brokenSince))}).`,
      ),
    );
    // Not told: still broken as far as the channel knows, so the next good poll tries the notice again.
    if (!told) await this.options.store.setBroken(feed.id, feed.brokenSince);
  }

  /**
   * Posts a notice about a feed. False when the post failed (logged): the caller undoes the state change, so
   * the notice is tried again at the next poll. With nowhere to post, the log line is the notice.
   */
  private async alert(feed: FeedState, reply: NoticeReply): Promise<boolean> {
    const channel = this.options.alertChannel ?? feed.alertChannel;
    this.options.log.warn({ feed: feed.id, url: feed.url, channel, notice: reply.title }, 'feed notice');
    if (!channel || !this.notifier) return true;
    try {
      await this.notifier.post(channel, reply, { pingRoleId: null });
      return true;
    } catch (error) {
      this.options.log.error({ err: error, feed: feed.id, channel }, 'feed notice could not be posted');
      return false;
    }
  }
}

/** "2025-10-02 14:05 UTC": the form the Discord renderer shows in each reader's time zone. */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function feedName(feed: FeedState): string {
  return `Feed #${feed.id} (${feed.title ?? feed.url})`;
}

function brokenNotice(feed: FeedState, failures: number, error: string, nextPollMs: number): NoticeReply {
  const since = feed.lastOkAt ? `last worked ${utc(Date.parse(feed.lastOkAt))}` : 'has not worked since it was added';
  return notice(
    'feeds',
    `Feed not working: #${feed.id}`,
    `${feedName(feed)} failed ${failures} ${failures === 1 ? 'time' : 'times'} in a row and ${since}. Last error: ${error.replace(/\.$/, '')}. It is still retried (next ${utc(nextPollMs)}); /feeds list shows its state, /feeds remove stops following it.`,
    { tone: 'warning' },
  );
}
