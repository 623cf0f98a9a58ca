// After an article is added (from a feed, a link or a file), each watch gets the statements the article made
// new that match it: one post per article and watch, statements grouped by speaker, in /quote's format.
// A statement merged with one already known (another outlet reporting it) is not news; a statement is posted
// to a watch at most once, whatever happens later to the article.
// Room watches/: the watch service (matching new statements, posting through a notifier port); records live
// in store/. May import intake/ types, reply/, store/, speakers/fold; never app.ts, cli/, slash/ or commands/.
import { foldText } from '../speakers/fold.ts';
import type { StatementRecord } from '../store/types.ts';
import type { Store } from '../store/store.ts';
import type { Logger } from '../log.ts';
import type { StatementsReply } from '../reply/types.ts';
import type { ArticleIntake, IntakeOutcome } from '../intake/types.ts';
import { targetOf, type WatchNotifier } from './notifier.ts';
import { OutboxPoster, type OutboxPayload } from './outbox.ts';
import { truncate } from '../text/truncate.ts';
import type { WatchRecord } from './types.ts';
import { storedDate } from '../store/undated.ts';
import { publishedLabel } from '../reply/wording.ts';

/** Statements one post shows at most (Discord: 10 embeds a message); the rest are counted in its header. */
const MAX_SHOWN = 10;
/** Page size when looking for the article's statements among the day's matches. */
const PAGE = 100;
/** Discord's limit on a thread's name. */
const THREAD_NAME_MAX = 100;

export interface AddedArticle {
  title: string;
  outlet: string;
  /** null: undated ("date unknown"). */
  published: string | null;
  url: string | null;
  created: number[];
}

export interface WatchPostResult {
  watchId: number;
  channelId: string;
  statementIds: number[];
}

export class Watcher {
  readonly outbox: OutboxPoster;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.outbox = new OutboxPoster(store.outbox, { log, now: this.now });
  }

  setNotifier(notifier: WatchNotifier | null): void {
    this.outbox.setNotifier(notifier);
  }

  /**
   * Queues what each watch should see of a newly added article (one post per watch, in the outbox, in the
   * transaction that records its statements as due), then sends what this process can deliver. Never throws:
   * a failed post stays in the outbox (see OutboxPoster).
   */
  async articleAdded(article: AddedArticle): Promise<WatchPostResult[]> {
    if (!article.created.length) return [];
    const watches = await this.store.watches.list();
    if (!watches.length) return [];
    let queued = 0;
    for (const watch of watches) {
      try {
        const matches = await this.matching(watch, article);
        if (!matches.length) continue;
        const keys = await this.store.statementKeys(matches.map((s) => s.id));
        // Never @everyone (whose role id is the guild's), whatever the database says.
        const pingRoleId = watch.pingRoleId !== null && watch.pingRoleId !== watch.guildId ? watch.pingRoleId : null;
        const entry = await this.store.outbox.enqueue(
          watch.id,
          [...keys.values()],
          (fresh) => {
            const statements = matches.filter((s) => fresh.has(keys.get(s.id) ?? ''));
            if (!statements.length) return null;
            const payload: OutboxPayload = {
              ...postReply(watch, article, statements),
              thread: { name: threadName(article.title), open: watch.openThread },
            };
            return { target: targetOf(watch.channelId), channelId: watch.channelId, pingRoleId, payload: JSON.stringify(payload) };
          },
          this.now(),
        );
        if (entry) {
          queued++;
          this.log.debug({ watch: watch.id, post: entry.id, article: article.title }, 'watch post queued');
        }
      } catch (error) {
        this.log.error({ err: error, watch: watch.id }, 'watch post could not be queued');
      }
    }
    if (!queued) return [];
    if (!this.outbox.target) this.log.info({ posts: queued }, 'watch posts queued; another process posts them');
    const posted = await this.outbox.drain();
    return posted.map(({ entry, reply }) => ({
      watchId: entry.watchId,
      channelId: entry.channelId,
      statementIds: reply.type === 'statements' ? reply.statements.map((s) => s.id) : [],
    }));
  }

  /** Wraps an intake so that articles added by /ingest (link or file) reach the watches too. */
  watching(intake: ArticleIntake): ArticleIntake {
    const after = async (outcome: IntakeOutcome): Promise<IntakeOutcome> => {
      if (outcome.kind === 'added') await this.articleAdded(outcome);
      return outcome;
    };
    return {
      fromUrl: async (url, requestedBy) => after(await intake.fromUrl(url, requestedBy)),
      fromFile: async (file, requestedBy) => after(await intake.fromFile(file, requestedBy)),
    };
  }

  /** The article's new statements that pass the watch's filters, in the article's order. */
  private async matching(watch: WatchRecord, article: AddedArticle): Promise<StatementRecord[]> {
    // Tenancy: a watch sees what its server sees (the global corpus and that server's own additions).
    const index = this.store.forTenant(watch.guildId);
    let speakerId: number | undefined;
    if (watch.speakerId !== null || watch.speakerName !== null) {
      const known = watch.speakerId !== null ? await index.getSpeaker(watch.speakerId) : null;
      if (known && (watch.speakerName === null || known.name === watch.speakerName)) speakerId = known.id;
      else {
        const lookup = watch.speakerName ? await index.lookupSpeaker(watch.speakerName) : null;
        if (lookup?.kind !== 'found') return [];
        speakerId = lookup.speaker.id;
      }
    }
    const wanted = new Set(article.created);
    const found = new Map<number, StatementRecord>();
    // New statements carry the article's day (statement ids are day-numbered): only that day is searched
    // (an undated article's: only the undated, from = to = UNDATED).
    const day = storedDate(article.published);
    let cursor: string | null = null;
    do {
      const page = await index.findStatements(
        { speakerId, topic: watch.topic ?? undefined, text: watch.query ?? undefined, from: day, to: day },
        { limit: PAGE, cursor, order: 'newest' },
      );
      for (const s of page.items) if (wanted.has(s.id)) found.set(s.id, s);
      cursor = found.size < wanted.size ? page.nextCursor : null;
    } while (cursor);
    const excluded = excludes(watch.exclude);
    return article.created.filter((id) => found.has(id) && !excluded(found.get(id)!.text)).map((id) => found.get(id)!);
  }
}

/** The name of the thread a post makes (a forum post, or thread:true): the article's title, within Discord's limit. */
export function threadName(title: string): string {
  return truncate(title.replace(/\s+/g, ' ').trim(), THREAD_NAME_MAX) || 'New statements';
}

/** One post: the article's matching statements, grouped by speaker (first appearance), as /quote shows them. */
export function postReply(
  watch: Pick<WatchRecord, 'id' | 'speakerName' | 'topic' | 'query' | 'exclude'>,
  article: AddedArticle,
  statements: StatementRecord[],
): StatementsReply {
  const order = new Map<string, number>();
  for (const s of statements) {
    const who = s.speaker?.name ?? '';
    if (!order.has(who)) order.set(who, order.size);
  }
  const grouped = statements
    .map((s, i) => ({ s, i }))
    .sort((a, b) => order.get(a.s.speaker?.name ?? '')! - order.get(b.s.speaker?.name ?? '')! || a.i - b.i)
    .map((x) => x.s);
  const shown = grouped.slice(0, MAX_SHOWN);
  return {
    type: 'statements',
    command: 'watch',
    title: `New statements: ${article.title}`,
    subtitle: `${article.outlet}, ${publishedLabel(article.published)} · watch #${watch.id} (${describeWatch(watch)})`,
    statements: shown,
    grouping: 'speaker',
    paging: { total: grouped.length, offset: 0, shown: shown.length, prev: null, next: null },
  };
}

/** The excluded words and phrases as typed ("drills, air show") -> the list kept with the watch. */
export function parseExclude(input: string): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const part of input.split(',')) {
    const word = part.trim().replace(/\s+/g, ' ');
    if (!foldText(word) || seen.has(foldText(word))) continue;
    seen.add(foldText(word));
    words.push(word);
  }
  return words;
}

/** A test for "this text contains one of the excluded words or phrases": whole words, case and accents ignored. */
export function excludes(words: readonly string[]): (text: string) => boolean {
  const phrases = words.map((w) => ` ${foldText(w)} `).filter((p) => p.trim());
  if (!phrases.length) return () => false;
  return (text) => {
    const folded = ` ${foldText(text)} `;
    return phrases.some((p) => folded.includes(p));
  };
}

/** "speaker Mark Rutte, topic guarantees, query “air defence”" */
export function describeWatch(watch: Pick<WatchRecord, 'speakerName' | 'topic' | 'query'> & { exclude?: readonly string[] }): string {
  const parts: string[] = [];
  if (watch.speakerName) parts.push(`speaker ${watch.speakerName}`);
  if (watch.topic) parts.push(`topic ${watch.topic}`);
  if (watch.query) parts.push(`query “${watch.query}”`);
  if (watch.exclude?.length) parts.push(`excluding ${watch.exclude.map((w) => `“${w}”`).join(', ')}`);
  return parts.join(', ');
}
