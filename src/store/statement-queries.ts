// The statement and speaker reads of the SQLite engine: every query the command handlers make, over a
// ReadHandle (it cannot write). Reads join the statement family with the speakers it names (declared here:
// the one read module spanning both). Speaker matching runs on an in-memory table rebuilt whenever the
// database changed (by us or by another process).
import { STATEMENT_KINDS, type SpeakerType, type StatementKind } from '../model.ts';
import { parseSearch, toFtsQuery } from './fts-query.ts';
import { highlighter } from './highlight.ts';
import { toStatementRecord, type StatementRow } from './statement-record.ts';
import type { KeyPart } from './cursor.ts';
import type { ReadHandle, ReadStatement } from './handles.ts';
import { readMeta } from './meta.ts';
import { finishPage, keysetSql, pageArray, planPage, type KeyedRow, type KeysetQuery, type PagePlan } from './paging.ts';
import { DAY_BLOCK, dayOfId, firstIdOn, lastIdOn } from './statement-ids.ts';
import { readDate, UNDATED } from './undated.ts';
import { SpeakerSearch, type SpeakerRow } from './speaker-search.ts';
import {
  type DateRange,
  type DayCount,
  type DayCountFilter,
  type IndexStats,
  type Page,
  type PageRequest,
  type SourceRef,
  type SourceSummary,
  type SpeakerLookup,
  type SpeakerMatch,
  type StatementFilter,
  type StatementRecord,
} from './types.ts';
import { countStatementsByDay } from './statement-counts.ts';

/** Column weights for bm25: statement text, its context sentence, the speaker's names. */
const BM25 = 'bm25(statements_fts, 10.0, 2.0, 4.0)';
const SUGGESTIONS = 5;
/** Relevance ranks at most this many of the newest matches (bm25 over every match of a common word is slow). */
export const RELEVANCE_WINDOW = 500;
/** Counting every match of a common word is slow at scale: full-text totals stop here ("10,000+"). */
export const TOTAL_CAP = 10_000;

interface SourceRow extends ArticleRow {
  statementId: number;
}

export class SqliteStatementQueries {
  private readonly dataVersion: ReadStatement;
  private seenVersion = -1;
  private generation = 0;
  private seenGeneration = -1;
  private search: SpeakerSearch | null = null;
  private readonly totals = new Map<string, number>();
  /** Per topic (or all statements): publication days and running counts, for counts over any date range. */
  private readonly byDay = new Map<string | null, { days: string[]; running: number[] }>();

  /** Whether any server owns statements (checked once per data change): without any, no visibility filter is needed. */
  private owned: boolean | null = null;

  /**
   * `tenant`: whose additions these queries see besides the global corpus (a guild id), or null for the
   * global corpus alone (console, CLI, an owner's view).
   */
  constructor(
    private readonly r: ReadHandle,
    readonly tenant: string | null = null,
  ) {
    this.dataVersion = r.read('PRAGMA data_version').pluck();
  }

  /** Our own connection wrote (data_version only changes for other connections' commits): drop the caches. */
  invalidate(): void {
    this.generation++;
  }

  /** The dedup keys of statements, by id (what a watch remembers a posted statement by). */
  statementKeys(ids: number[]): Map<number, string> {
    const q = this.r.read('SELECT dedup_key FROM statements WHERE id = ?').pluck();
    const out = new Map<number, string>();
    for (const id of ids) {
      const key = q.get(id) as string | undefined;
      if (key) out.set(id, key);
    }
    return out;
  }

  findStatements(filter: StatementFilter, page: PageRequest): Page<StatementRecord> {
    this.refresh();
    const text = filter.text?.trim() ? filter.text : undefined;
    const match = text === undefined ? undefined : toFtsQuery(text);
    if (match === null) return { items: [], total: 0, offset: 0, nextCursor: null, prevCursor: null };
    if (match) return this.searchStatements(filter, match, highlighter(parseSearch(text!)), page);

    const params: Record<string, string | number> = {};
    const where: string[] = [];
    let from = 'statements s';
    let pub = 's.published';
    let id = 's.id';
    const topicCount = filter.topic === undefined ? null : this.countByDay(filter.topic, filter.from, filter.to);
    if (filter.topic !== undefined) {
      params.topic = filter.topic;
      if (filter.speakerId !== undefined && this.speakerStatementCount(filter.speakerId) <= topicCount!) {
        // The speaker has fewer statements than the topic: walk the speaker's (statements_speaker, newest
        // first) and check the topic per statement, instead of walking the whole topic for the speaker's.
        // Same rows and keys either way (statement_topics.published is the statement's published).
        where.push('EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = @topic)');
      } else {
        from = 'statement_topics t JOIN statements s ON s.id = t.statement_id';
        where.push('t.topic = @topic');
        pub = 't.published';
        id = 't.statement_id';
      }
    }
    this.commonFilters(filter, where, params, pub);
    const scoped = this.scoped();
    if (scoped) where.push(this.visible('s', params));
    const plan = planPage(page, { f: filter });
    const total =
      filter.speakerId === undefined && filter.kind === undefined && !scoped
        ? (topicCount ?? this.countByDay(null, filter.from, filter.to))
        : this.total(`SELECT count(*) FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params);
    const query: KeysetQuery = { select: `${id} AS id, ${pub} AS k0, ${id} AS k1`, from, where, keys: [pub, id], descending: true };
    return this.statementPage(query, plan, params, total, null);
  }

  /** Full-text search: FTS5 drives (its rowids are statement ids, in publication order), filters join in. */
  private searchStatements(
    filter: StatementFilter,
    match: string,
    highlight: (text: string) => string,
    page: PageRequest,
  ): Page<StatementRecord> {
    const order = page.order === 'newest' ? 'newest' : 'relevance';
    const params: Record<string, string | number | bigint> = { match };
    const ftsWhere = ['statements_fts MATCH @match'];
    if (filter.from !== undefined) {
      ftsWhere.push('statements_fts.rowid >= @fromId');
      params.fromId = BigInt(firstIdOn(filter.from));
    }
    if (filter.to !== undefined) {
      ftsWhere.push('statements_fts.rowid <= @toId');
      params.toId = BigInt(lastIdOn(filter.to));
      // An end date alone must not take in undated statements (their id block is below every day's).
      if (filter.from === undefined) {
        ftsWhere.push('statements_fts.rowid > @undatedId');
        params.undatedId = BigInt(lastIdOn(UNDATED));
      }
    }
    if (filter.speakerId !== undefined) {
      // The speaker's statement ids, read once from statements_speaker (covering) into a list each FTS match
      // is checked against: no statements row per match. The unary + keeps the IN away from FTS5, which
      // would otherwise run the whole MATCH once per listed id.
      ftsWhere.push('+statements_fts.rowid IN (SELECT id FROM statements WHERE speaker_id = @speakerId)');
      params.speakerId = filter.speakerId;
    }
    const scoped = this.scoped();
    const joined = filter.kind !== undefined || filter.topic !== undefined || scoped;
    const where = [...ftsWhere];
    if (scoped) where.push(this.visible('s', params));
    if (filter.topic !== undefined) {
      where.push('EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = @topic)');
      params.topic = filter.topic;
    }
    this.commonFilters({ kind: filter.kind }, where, params, 's.published');
    const from = joined ? 'statements_fts JOIN statements s ON s.id = statements_fts.rowid' : 'statements_fts';
    const counted = this.total(
      `SELECT count(*) FROM (${
        joined
          ? `SELECT 1 FROM statements s WHERE s.id IN (SELECT rowid FROM statements_fts WHERE ${ftsWhere.join(' AND ')}) AND ${where.slice(ftsWhere.length).join(' AND ')}`
          : `SELECT 1 FROM statements_fts WHERE ${ftsWhere.join(' AND ')}`
      } LIMIT ${TOTAL_CAP + 1})`,
      params,
    );
    const capped = counted > TOTAL_CAP;
    const total = capped ? TOTAL_CAP : counted;
    if (order === 'newest') {
      const plan = planPage(page, { f: filter, o: order }, 1);
      const query: KeysetQuery = {
        select: 'statements_fts.rowid AS id, statements_fts.rowid AS k0',
        from,
        where,
        keys: ['statements_fts.rowid'],
        descending: true,
      };
      return withCap(this.statementPage(query, plan, params, total, highlight), capped);
    }
    // Relevance: bm25 over the newest RELEVANCE_WINDOW matches (all of them when fewer). The window's first
    // day travels in the cursor, so later pages rank the same set even when newer statements arrive.
    const plan = planPage(page, { f: filter, o: order }, 3);
    let floorDay: number | null = plan.cursor ? (plan.cursor.key[2] as number) : null;
    if (!plan.cursor && total > RELEVANCE_WINDOW) {
      const floorId = this.prepare(
        `SELECT statements_fts.rowid FROM ${from} WHERE ${where.join(' AND ')} ORDER BY statements_fts.rowid DESC LIMIT 1 OFFSET ${RELEVANCE_WINDOW - 1}`,
      )
        .pluck()
        .get(params) as number | undefined;
      if (floorId !== undefined) floorDay = dayOfId(floorId);
    }
    const ranked = [...where];
    if (floorDay !== null && floorDay >= 0) {
      ranked.push('statements_fts.rowid >= @floorId');
      params.floorId = BigInt(floorDay * DAY_BLOCK);
    }
    const query: KeysetQuery = {
      select: `statements_fts.rowid AS id, ${BM25} AS k0, statements_fts.rowid AS k1`,
      from,
      where: ranked,
      keys: ['k0', 'k1'],
      descending: false,
      wrap: true,
    };
    return withCap(this.statementPage(query, plan, params, total, highlight, [floorDay ?? -1]), capped);
  }

  private commonFilters(
    filter: Pick<StatementFilter, 'speakerId' | 'kind' | 'from' | 'to'>,
    where: string[],
    params: Record<string, string | number | bigint>,
    pub: string,
  ): void {
    if (filter.speakerId !== undefined) {
      where.push('s.speaker_id = @speakerId');
      params.speakerId = filter.speakerId;
    }
    if (filter.kind !== undefined) {
      where.push('s.kind = @kind');
      params.kind = filter.kind;
    }
    if (filter.from !== undefined) {
      where.push(`${pub} >= @from`);
      params.from = filter.from;
    }
    if (filter.to !== undefined) {
      where.push(`${pub} <= @to`);
      params.to = filter.to;
      // An end date alone must not take in undated statements ('' sorts before every date).
      if (filter.from === undefined) where.push(`${pub} > ''`);
    }
  }

  private statementPage(
    query: KeysetQuery,
    plan: PagePlan,
    params: Record<string, string | number | bigint>,
    total: number,
    highlight: ((text: string) => string) | null,
    extraKey: KeyPart[] = [],
  ): Page<StatementRecord> {
    const fetch = (p: PagePlan) => {
      const { sql, params: keyParams } = keysetSql(query, p);
      return this.prepare(sql).all({ ...params, ...keyParams }) as (KeyedRow & { id: number })[];
    };
    let usedPlan = plan;
    let fetched = fetch(plan);
    if (plan.cursor?.dir === 'p' && fetched.length === 0) {
      usedPlan = { ...plan, cursor: null };
      fetched = fetch(usedPlan);
    }
    return finishPage(
      fetched,
      usedPlan,
      total,
      (rows) =>
        this.records(
          rows.map((r) => r.id),
          highlight,
        ),
      extraKey,
    );
  }

  lookupSpeaker(query: string): SpeakerLookup {
    return this.speakers().lookup(query, SUGGESTIONS);
  }

  suggestSpeakers(prefix: string, limit: number): SpeakerMatch[] {
    const search = this.speakers();
    return prefix.trim() ? search.suggest(prefix, limit) : search.top(limit);
  }

  listSpeakers(filter: { topic?: string }, page: PageRequest): Page<SpeakerMatch> {
    const search = this.speakers();
    const plan = planPage(page, { s: filter.topic ?? null });
    let list: SpeakerMatch[];
    if (filter.topic === undefined) {
      list = search
        .rows()
        .filter((r) => r.statementCount > 0)
        .map((r) => toMatch(r, r.statementCount));
    } else {
      const params: Record<string, string> = { topic: filter.topic };
      const counts = this.prepare(
        `SELECT s.speaker_id AS id, count(*) AS n FROM statement_topics t JOIN statements s ON s.id = t.statement_id
         WHERE t.topic = @topic AND s.speaker_id IS NOT NULL ${this.scoped() ? `AND ${this.visible('s', params)}` : ''} GROUP BY s.speaker_id`,
      ).all(params) as { id: number; n: number }[];
      list = counts.flatMap(({ id, n }) => {
        const row = search.get(id);
        // The count shown is the speaker's statements on the topic, not all of them.
        return row ? [{ ...toMatch(row, n), statementCount: n }] : [];
      });
    }
    list.sort((a, b) => b.statementCount - a.statementCount || a.id - b.id);
    return pageArray(list, (m) => [-m.statementCount, m.id], plan);
  }

  listSources(filter: { speakerId?: number }, page: PageRequest): Page<SourceSummary> {
    this.refresh();
    const plan = planPage(page, { src: filter.speakerId ?? null });
    const params: Record<string, number | string> = {};
    const where: string[] = [];
    const visible = this.scoped() ? this.visible('a', params) : null;
    let count: string;
    if (filter.speakerId === undefined) {
      count = `SELECT count(*) FROM articles a ${visible ? `WHERE ${visible}` : ''}`;
    } else {
      params.speakerId = filter.speakerId;
      where.push(`a.id IN (
        SELECT ss.article_id FROM statements s JOIN statement_sources ss ON ss.statement_id = s.id WHERE s.speaker_id = @speakerId)`);
      count = `SELECT count(DISTINCT ss.article_id) FROM statements s JOIN statement_sources ss ON ss.statement_id = s.id
               ${visible ? 'JOIN articles a ON a.id = ss.article_id' : ''} WHERE s.speaker_id = @speakerId ${visible ? `AND ${visible}` : ''}`;
    }
    if (visible) where.push(visible);
    const total = this.total(count, params);
    const { sql, params: keyParams } = keysetSql(
      { select: 'a.published AS k0, a.id AS k1, a.*', from: 'articles a', where, keys: ['a.published', 'a.id'], descending: true },
      plan,
    );
    const fetched = this.prepare(sql).all({ ...params, ...keyParams }) as (KeyedRow & ArticleRow)[];
    const perArticle =
      filter.speakerId === undefined
        ? this.prepare('SELECT count(*) FROM statement_sources WHERE article_id = ?').pluck()
        : this.prepare(
            'SELECT count(*) FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id WHERE ss.article_id = ? AND s.speaker_id = ?',
          ).pluck();
    return finishPage(fetched, plan, total, (rows) =>
      rows.map((a) => ({
        ...this.toSource(a),
        statementCount: (filter.speakerId === undefined ? perArticle.get(a.id) : perArticle.get(a.id, filter.speakerId)) as number,
      })),
    );
  }

  getSpeaker(id: number): SpeakerMatch | null {
    const row = this.speakers().get(id);
    return row ? toMatch(row, 0) : null;
  }

  dateRange(filter: { speakerId?: number; topic?: string }): DateRange | null {
    this.refresh();
    const { speakerId, topic } = filter;
    type Row = { count: number; first: string | null; last: string | null };
    if (this.scoped() || (speakerId !== undefined && topic !== undefined)) {
      // One pass over the matching rows. Undated statements (published '') count but bound no range.
      const params: Record<string, string | number> = {};
      const where = this.scoped() ? [this.visible('s', params)] : [];
      if (speakerId !== undefined) {
        where.push('s.speaker_id = @speakerId');
        params.speakerId = speakerId;
      }
      if (topic !== undefined) {
        where.push('EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = @topic)');
        params.topic = topic;
      }
      const row = this.prepare(
        `SELECT count(*) AS count, min(s.published) FILTER (WHERE s.published > '') AS first, nullif(max(s.published), '') AS last
         FROM statements s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      ).get(params) as Row;
      return row.count ? { count: row.count, first: row.first, last: row.last } : null;
    }
    // Speaker alone, topic alone or everything: the count walks the index, and the first and last dates are
    // each one index seek (published is the next index column; '' is an undated statement, so > '').
    const [table, where, params] =
      speakerId !== undefined
        ? ['statements', 'speaker_id = ?', [speakerId]]
        : topic !== undefined
          ? ['statement_topics', 'topic = ?', [topic]]
          : ['statements', '1', []];
    const row = this.prepare(
      `SELECT (SELECT count(*) FROM ${table} WHERE ${where}) AS count,
              (SELECT min(published) FROM ${table} WHERE ${where} AND published > '') AS first,
              (SELECT max(published) FROM ${table} WHERE ${where} AND published > '') AS last`,
    ).get(...params, ...params, ...params) as Row;
    return row.count ? { count: row.count, first: row.first, last: row.last } : null;
  }

  statementCounts(filter: DayCountFilter): DayCount[] {
    const params: Record<string, string> = {};
    return countStatementsByDay(this.r, filter, this.scoped() ? { sql: this.visible('s', params), params } : undefined);
  }

  stats(): IndexStats {
    if (this.scoped()) return this.scopedStats();
    this.refresh();
    const one = (sql: string) => this.prepare(sql).pluck().get() as number;
    const byKind = Object.fromEntries(STATEMENT_KINDS.map((k) => [k, 0])) as Record<StatementKind, number>;
    for (const r of this.prepare('SELECT kind, count(*) AS n FROM statements GROUP BY kind').all() as {
      kind: StatementKind;
      n: number;
    }[]) {
      byKind[r.kind] = r.n;
    }
    const byTopic: Record<string, number> = {};
    for (const r of this.prepare('SELECT topic, count(*) AS n FROM statement_topics GROUP BY topic ORDER BY n DESC, topic').all() as {
      topic: string;
      n: number;
    }[]) {
      byTopic[r.topic] = r.n;
    }
    return {
      articles: one('SELECT count(*) FROM articles'),
      statements: one('SELECT count(*) FROM statements'),
      speakers: one('SELECT count(*) FROM speakers WHERE statement_count > 0'),
      outlets: one('SELECT count(DISTINCT outlet) FROM articles'),
      lastIngest: readMeta(this.r, 'last_ingest'),
      byKind,
      byTopic,
    };
  }

  /** stats() over what this tenant sees (the global corpus and its own additions). */
  private scopedStats(): IndexStats {
    const params: Record<string, string> = {};
    const s = this.visible('s', params);
    const a = this.visible('a', params);
    const one = (sql: string) => this.prepare(sql).pluck().get(params) as number;
    const byKind = Object.fromEntries(STATEMENT_KINDS.map((k) => [k, 0])) as Record<StatementKind, number>;
    for (const r of this.prepare(`SELECT kind, count(*) AS n FROM statements s WHERE ${s} GROUP BY kind`).all(params) as {
      kind: StatementKind;
      n: number;
    }[]) {
      byKind[r.kind] = r.n;
    }
    const byTopic: Record<string, number> = {};
    for (const r of this.prepare(
      `SELECT t.topic, count(*) AS n FROM statement_topics t JOIN statements s ON s.id = t.statement_id WHERE ${s} GROUP BY t.topic ORDER BY n DESC, t.topic`,
    ).all(params) as { topic: string; n: number }[]) {
      byTopic[r.topic] = r.n;
    }
    return {
      articles: one(`SELECT count(*) FROM articles a WHERE ${a}`),
      statements: one(`SELECT count(*) FROM statements s WHERE ${s}`),
      speakers: one(`SELECT count(DISTINCT speaker_id) FROM statements s WHERE ${s}`),
      outlets: one(`SELECT count(DISTINCT outlet) FROM articles a WHERE ${a}`),
      lastIngest: readMeta(this.r, 'last_ingest'),
      byKind,
      byTopic,
    };
  }

  /** True when some statements belong to a server: the visibility filter then applies to every query. */
  private scoped(): boolean {
    this.refresh();
    this.owned ??= this.prepare('SELECT 1 FROM statements WHERE owner IS NOT NULL LIMIT 1').pluck().get() !== undefined;
    return this.owned;
  }

  /** The SQL condition (on `alias`.owner) for rows this tenant sees; binds @tenant into params when needed. */
  private visible(alias: string, params: Record<string, unknown>): string {
    if (this.tenant === null) return `${alias}.owner IS NULL`;
    params.tenant = this.tenant;
    return `(${alias}.owner IS NULL OR ${alias}.owner = @tenant)`;
  }

  private toSource(a: ArticleRow): SourceRef {
    const source: SourceRef = {
      articleId: a.id,
      title: a.title,
      outlet: a.outlet,
      published: readDate(a.published),
      url: a.url,
      file: a.file,
    };
    if (a.provenance === 'uploaded') source.claimed = a.owner !== null && a.owner === this.tenant ? 'here' : 'uploaded';
    return source;
  }

  /** Drops caches when the database changed since the last call. */
  private refresh(): void {
    const version = this.dataVersion.get() as number;
    if (version !== this.seenVersion || this.generation !== this.seenGeneration) {
      this.seenVersion = version;
      this.seenGeneration = this.generation;
      this.search = null;
      this.owned = null;
      this.totals.clear();
      this.byDay.clear();
    }
  }

  private speakers(): SpeakerSearch {
    this.refresh();
    if (!this.search) {
      const names = new Map<number, string[]>();
      for (const r of this.prepare('SELECT speaker_id AS id, name FROM speaker_names').all() as { id: number; name: string }[]) {
        const list = names.get(r.id);
        if (list) list.push(r.name);
        else names.set(r.id, [r.name]);
      }
      // Scoped: counts are of the statements this tenant sees, and speakers known only from other servers'
      // additions are not there at all.
      let visibleCounts: Map<number, number> | null = null;
      if (this.scoped()) {
        const params: Record<string, string> = {};
        visibleCounts = new Map(
          (
            this.prepare(
              `SELECT speaker_id AS id, count(*) AS n FROM statements s WHERE speaker_id IS NOT NULL AND ${this.visible('s', params)} GROUP BY speaker_id`,
            ).all(params) as { id: number; n: number }[]
          ).map((r) => [r.id, r.n]),
        );
      }
      const rows = (
        this.prepare('SELECT id, name, role, type, curated, statement_count AS n FROM speakers').all() as {
          id: number;
          name: string;
          role: string | null;
          type: SpeakerType;
          curated: number;
          n: number;
        }[]
      )
        .map((r) => (visibleCounts ? { ...r, n: visibleCounts.get(r.id) ?? 0 } : r))
        .filter((r) => r.curated === 1 || !visibleCounts || r.n > 0)
        .map((r): SpeakerRow => ({
          id: r.id,
          name: r.name,
          role: r.role,
          type: r.type,
          statementCount: r.n,
          curated: r.curated === 1,
          names: [r.name, ...(names.get(r.id) ?? [])],
        }));
      this.search = new SpeakerSearch(rows);
    }
    return this.search;
  }

  /** Statements of a topic (or all) published between two dates: two binary searches once the days are loaded. */
  private countByDay(topic: string | null, from: string | undefined, to: string | undefined): number {
    let table = this.byDay.get(topic);
    if (!table) {
      const rows = (
        topic === null
          ? this.prepare('SELECT published AS day, count(*) AS n FROM statements GROUP BY published ORDER BY published').all()
          : this.prepare(
              'SELECT published AS day, count(*) AS n FROM statement_topics WHERE topic = ? GROUP BY published ORDER BY published',
            ).all(topic)
      ) as { day: string; n: number }[];
      let sum = 0;
      table = { days: rows.map((r) => r.day), running: rows.map((r) => (sum += r.n)) };
      this.byDay.set(topic, table);
    }
    // Index of the first day >= date (or > date when after).
    const position = (date: string, after: boolean) => {
      let lo = 0;
      let hi = table.days.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (table.days[mid]! < date || (after && table.days[mid] === date)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const upTo = (i: number) => (i > 0 ? table.running[i - 1]! : 0);
    const end = to === undefined ? table.days.length : position(to, true);
    // An end date alone leaves out the undated ('' sorts first); from = to = '' counts only them.
    const start = from === undefined ? (to === undefined ? 0 : position(UNDATED, true)) : position(from, false);
    return Math.max(0, upTo(end) - upTo(start));
  }

  /** Statements of a speaker (kept in speakers.statement_count); 0 for an unknown id. */
  private speakerStatementCount(id: number): number {
    return (this.prepare('SELECT statement_count FROM speakers WHERE id = ?').pluck().get(id) as number | undefined) ?? 0;
  }

  private total(sql: string, params: Record<string, string | number | bigint>): number {
    const key = `${sql}\u0000${JSON.stringify(params, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;
    let n = this.totals.get(key);
    if (n === undefined) {
      n = this.prepare(sql).pluck().get(params) as number;
      if (this.totals.size > 500) this.totals.clear();
      this.totals.set(key, n);
    }
    return n;
  }

  /** Full records for statement ids, in the order given. */
  private records(ids: number[], highlight: ((text: string) => string) | null): StatementRecord[] {
    if (!ids.length) return [];
    const list = JSON.stringify(ids);
    const rows = this.prepare(
      `SELECT s.id, s.text, s.kind, s.context, s.venue, s.cue, s.topics, s.published, s.speaker_id AS speakerId,
              s.speaker_role AS speakerRole, sp.name AS speakerName, sp.type AS speakerType, sp.role AS currentRole,
              sp.curated AS curated, s.unnamed_source AS unnamedSource, s.unattributed, s.inner_source AS innerSource
       FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id
       WHERE s.id IN (SELECT value FROM json_each(?))`,
    ).all(list) as StatementRow[];
    const sources = new Map<number, SourceRef[]>();
    // Only sources this tenant sees are shown or counted as "also reported by".
    const params: Record<string, string> = { list };
    for (const r of this.prepare(
      `SELECT ss.statement_id AS statementId, a.id, a.title, a.outlet, a.published, a.url, a.file, a.owner, a.provenance
       FROM statement_sources ss JOIN articles a ON a.id = ss.article_id
       WHERE ss.statement_id IN (SELECT value FROM json_each(@list)) ${this.scoped() ? `AND ${this.visible('a', params)}` : ''}
       ORDER BY a.published = '', a.published, a.id`,
    ).all(params) as SourceRow[]) {
      const { statementId, ...row } = r;
      const source = this.toSource(row);
      const list = sources.get(statementId);
      if (list) list.push(source);
      else sources.set(statementId, [source]);
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [toStatementRecord(r, sources.get(id) ?? [], highlight)];
    });
  }

  private prepare(sql: string): ReadStatement {
    return this.r.read(sql);
  }
}

interface ArticleRow {
  id: number;
  title: string;
  outlet: string;
  published: string;
  url: string | null;
  file: string;
  owner: string | null;
  provenance: string | null;
}

/** A page whose total stopped at TOTAL_CAP says so ("10,000+"). */
function withCap<T>(page: Page<T>, capped: boolean): Page<T> {
  return capped ? { ...page, totalCapped: true } : page;
}

function toMatch(row: SpeakerRow, score: number): SpeakerMatch {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    type: row.type,
    registryRole: row.curated ? row.role : null,
    statementCount: row.statementCount,
    score,
    matched: row.name,
  };
}
