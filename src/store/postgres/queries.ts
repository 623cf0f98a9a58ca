// The statement and speaker reads of the Postgres engine: the SQLite engine's queries (statement-queries.ts)
// with the same results and ranking rules where the engines allow. Full text runs on statements.tsv (a
// stored tsvector with a GIN index) and a tsquery we build (tsquery.ts); relevance is ts_rank_cd with the
// bm25 column weights (statement A, speaker B, context C) over the newest RELEVANCE_WINDOW matches. Snippets
// and speaker matching are the same JS as SQLite's (highlight.ts, speaker-search.ts): identical on both.
// Caches are dropped when the change counter moves (any process's write).
import { STATEMENT_KINDS, type SpeakerType, type StatementKind } from '../../model.ts';
import { parseSearch } from '../fts-query.ts';
import { highlighter } from '../highlight.ts';
import { toStatementRecord, type StatementRow } from '../statement-record.ts';
import type { KeyPart } from '../cursor.ts';
import { finishPage, keysetSql, pageArray, planPage, type KeyedRow, type KeysetQuery, type PagePlan } from '../paging.ts';
import { SpeakerSearch, type SpeakerRow } from '../speaker-search.ts';
import { DAY_BLOCK, firstIdOn, lastIdOn } from '../statement-ids.ts';
import { readDate, UNDATED } from '../undated.ts';
import { RELEVANCE_WINDOW, TOTAL_CAP } from '../statement-queries.ts';
import { dayCountQuery, type DayCountDialect } from '../statement-counts.ts';
import type {
  DateRange,
  DayCount,
  DayCountFilter,
  IndexStats,
  Page,
  PageRequest,
  SourceRef,
  SourceSummary,
  SpeakerLookup,
  SpeakerMatch,
  StatementFilter,
  StatementRecord,
} from '../types.ts';
import { named, type Sql } from './connection.ts';
import { distinctTerms, toTsQuery } from './tsquery.ts';

const SUGGESTIONS = 5;
/** Counting every match of a common word is slow: totals stop here ("10,000+"), as SQLite's full-text totals. */
export { TOTAL_CAP };
/** ts_rank_cd weights {D, C, B, A}: context 0.2, speaker 0.4, statement 1.0 (bm25's 2 : 4 : 10). */
const RANK = `(-ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', s.tsv, to_tsquery('whosaid_text', @rankMatch)))::float8`;
const MATCH = `s.tsv @@ to_tsquery('whosaid_text', @match)`;
/** The same test without the GIN index (the function behind @@), for rows already narrowed down by id. */
const MATCH_BY_ROW = `ts_match_vq(s.tsv, to_tsquery('whosaid_text', @match))`;
/**
 * Past the cap, the newest matches are found one of two ways: newest rows first, each tested (cost: the rows
 * read, RELEVANCE_WINDOW / density), or the GIN bitmap ANDed with an id range (cost: every match of each word,
 * decoded, and a bitmap of the range's ids; 25-55 ms at 1M whatever the density). Which is cheaper is told by
 * testing the newest DENSITY_SAMPLE rows: DENSE_IN_SAMPLE matches or more (2%, a window in ~25,000 rows) and
 * rows first. The planner cannot tell: it takes words as independent, and words that go together (a phrase's)
 * match ten times more rows than it thinks. Either way the same rows are found.
 */
const DENSITY_SAMPLE = 1000;
const DENSE_IN_SAMPLE = 20;

type Params = Record<string, unknown>;

/** The per-day counts' engine parts: byte order (COLLATE "C"), as SQLite sorts. `ORDER BY 1 COLLATE "C"` would
 * not name the first column but collate the number 1 (an error: "collations are not supported by type integer"). */
const POSTGRES_DAY_COUNTS: DayCountDialect = {
  firstTopic: `split_part(s.topics, ' ', 1)`,
  topicKey: '@topic::text',
  speakerKey: `coalesce(s.speaker_id::text, '')`,
  orderBy: (day, key) => `ORDER BY ${day} COLLATE "C", ${key} COLLATE "C"`,
};

/** The change counter: read before every cached answer (a prepared statement). */
const COUNTER_SQL = 'SELECT n FROM change_counter';
const COUNTER_NAME = 'whosaid_counter';

/** One row of a page statement: the page's head values (repeated), a key and a record, or nulls for an empty page. */
type PageRow = StatementRow & {
  counter: number;
  total: number;
  k0: KeyPart;
  k1: KeyPart | null;
  sources: SourceTuple[] | null;
};

/** An article as the page statement's sources list it. */
type SourceTuple = [number, string, string, string, string | null, string, string | null, string | null];

function sourceOf([id, title, outlet, published, url, file, owner, provenance]: SourceTuple): ArticleRow {
  return { id, title, outlet, published, url, file, owner, provenance };
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

export class PgStatementQueries {
  private seenCounter = -1;
  private generation = 0;
  private seenGeneration = -1;
  private search: SpeakerSearch | null = null;
  private owned: boolean | null = null;
  /** The id where the newest 1/16th of the rows start (totalAndFloor), null until asked. */
  private recentFrom: number | null = null;
  private readonly totals = new Map<string, { n: number; capped: boolean }>();

  constructor(
    private readonly db: Sql,
    readonly tenant: string | null = null,
  ) {}

  /** This process wrote: drop the caches. */
  invalidate(): void {
    this.generation++;
  }

  private async all<T>(sql: string, params: Params = {}): Promise<T[]> {
    return named<T>(this.db, sql, params);
  }

  private async one<T>(sql: string, params: Params = {}): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  private async value<T>(sql: string, params: Params = {}): Promise<T | undefined> {
    const row = await this.one<Record<string, T>>(sql, params);
    return row ? Object.values(row)[0] : undefined;
  }

  /** Drops caches when the database changed (the change counter) or this process wrote. */
  private async refresh(): Promise<void> {
    const [row] = await this.db.query<{ n: number }>(COUNTER_SQL, [], COUNTER_NAME);
    const counter = row?.n ?? 0;
    if (counter !== this.seenCounter || this.generation !== this.seenGeneration) this.reset(counter);
  }

  /** Caches dropped; `counter`: the change counter they will be valid for (-1: not known yet). */
  private reset(counter: number): void {
    this.seenCounter = counter;
    this.seenGeneration = this.generation;
    this.search = null;
    this.owned = null;
    this.recentFrom = null;
    this.totals.clear();
  }

  async statementKeys(ids: number[]): Promise<Map<number, string>> {
    const rows = await this.all<{ id: number; key: string }>('SELECT id, dedup_key AS key FROM statements WHERE id = ANY(@ids::bigint[])', {
      ids,
    });
    const found = new Map(rows.map((r) => [r.id, r.key]));
    const out = new Map<number, string>();
    for (const id of ids) {
      const key = found.get(id);
      if (key) out.set(id, key);
    }
    return out;
  }

  /**
   * One round trip for a page in the common case: the change counter, the capped total (unless cached), the
   * relevance window's floor, the page's keys and its records with their sources come from one statement.
   * The counter read in that statement tells whether the caches used for it (the total, whether any server
   * owns statements) still held; when they did not, the caches are dropped and the page is asked again.
   */
  async findStatements(filter: StatementFilter, page: PageRequest): Promise<Page<StatementRecord>> {
    const text = filter.text?.trim() ? filter.text : undefined;
    const match = text === undefined ? undefined : toTsQuery(text);
    if (match === null) return { items: [], total: 0, offset: 0, nextCursor: null, prevCursor: null };
    if (this.generation !== this.seenGeneration) this.reset(-1);
    for (let attempt = 0; ; attempt++) {
      const usedCache = { value: false };
      const { result, counter } = match
        ? await this.searchStatements(filter, match, highlighter(parseSearch(text!)), page, usedCache)
        : await this.browseStatements(filter, page, usedCache);
      if (counter === this.seenCounter) return result;
      this.reset(counter);
      if (!usedCache.value || attempt > 0) return result;
    }
  }

  private async browseStatements(
    filter: StatementFilter,
    page: PageRequest,
    usedCache: { value: boolean },
  ): Promise<{ result: Page<StatementRecord>; counter: number }> {
    const params: Params = {};
    const where: string[] = [];
    let from = 'statements s';
    let pub = 's.published';
    let id = 's.id';
    if (filter.topic !== undefined) {
      params.topic = filter.topic;
      from = 'statement_topics t JOIN statements s ON s.id = t.statement_id';
      where.push('t.topic = @topic');
      pub = 't.published';
      id = 't.statement_id';
    }
    this.commonFilters(filter, where, params, pub);
    if (await this.scoped(usedCache)) where.push(this.visible('s', params));
    const plan = planPage(page, { f: filter });
    const query: KeysetQuery = { select: `${id} AS id, ${pub} AS k0, ${id} AS k1`, from, where, keys: [pub, id], descending: true };
    return this.statementPage({
      query,
      plan,
      params,
      countSql: `SELECT 1 FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      highlight: null,
      usedCache,
    });
  }

  private async searchStatements(
    filter: StatementFilter,
    match: string,
    highlight: (text: string) => string,
    page: PageRequest,
    usedCache: { value: boolean },
  ): Promise<{ result: Page<StatementRecord>; counter: number }> {
    const order = page.order === 'newest' ? 'newest' : 'relevance';
    // Matching takes each term once; ranking the terms as typed.
    const params: Params = { match: distinctTerms(match) };
    const where = [MATCH];
    if (filter.from !== undefined) {
      where.push('s.id >= @fromId');
      params.fromId = firstIdOn(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('s.id <= @toId');
      params.toId = lastIdOn(filter.to);
      // An end date alone must not take in undated statements (their id block is below every day's).
      if (filter.from === undefined) {
        where.push('s.id > @undatedId');
        params.undatedId = lastIdOn(UNDATED);
      }
    }
    if (filter.speakerId !== undefined) {
      where.push('s.speaker_id = @speakerId');
      params.speakerId = filter.speakerId;
    }
    if (await this.scoped(usedCache)) where.push(this.visible('s', params));
    if (filter.topic !== undefined) {
      where.push('EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = @topic)');
      params.topic = filter.topic;
    }
    this.commonFilters({ kind: filter.kind }, where, params, 's.published');
    const from = 'statements s';
    const countSql = `SELECT 1 FROM ${from} WHERE ${where.join(' AND ')}`;
    if (order === 'newest') {
      const plan = planPage(page, { f: filter, o: order }, 1);
      const query: KeysetQuery = { select: 's.id AS id, s.id AS k0', from, where, keys: ['s.id'], descending: true };
      return this.statementPage({ query, plan, params, countSql, highlight, usedCache });
    }
    // Relevance over the newest RELEVANCE_WINDOW matches; the window's first day travels in the cursor. On a
    // first page, one statement gives the (capped) total, that day (the window's oldest match) and the ids of
    // the window's matches, which the page statement ranks (no second search).
    params.rankMatch = match;
    const plan = planPage(page, { f: filter, o: order }, 3);
    let floorDay: number;
    let head: { counter: number; total: { n: number; capped: boolean }; day: number | null; ids: number[] } | null = null;
    if (plan.cursor) {
      floorDay = plan.cursor.key[2] as number;
    } else {
      head = await this.totalAndFloor(from, where, countSql, params, usedCache);
      floorDay = head.day ?? -1;
    }
    let ranked: string[];
    if (head) {
      ranked = ['s.id = ANY(@windowIds::bigint[])'];
      params.windowIds = head.ids;
    } else {
      // A later page: the window's matches are found again from its first day. Up to the cap the floor is no
      // index condition (id + 0): a bitmap of every id past it can cost more than the matches. Past the cap
      // reading every match costs more (the whole table's worth of rows for a common word): the matches past
      // the floor are found as the first page found the newest ones (newest rows first when the matches are
      // dense, else the GIN bitmap ANDed with the ids past the floor), the page statement's total telling
      // which way when no total is cached yet. Each way sits behind OFFSET 0, so that its test stays above it
      // (a plan's parallel workers are not started for a way not taken).
      if (floorDay < 0) {
        ranked = where;
      } else {
        params.floorId = floorDay * DAY_BLOCK;
        const cached = this.totals.get(countKey(countSql, params));
        if (cached && !cached.capped) {
          ranked = [...where, 's.id + 0 >= @floorId'];
        } else {
          const all = where.join(' AND ');
          ranked = [
            `s.id = ANY(ARRAY(
              WITH way AS (SELECT CASE WHEN (SELECT n FROM total) <= ${TOTAL_CAP} THEN 'counted'
                                       WHEN (${denseSql(from, where)}) THEN 'rows' ELSE 'index' END AS way)
              SELECT id FROM (SELECT s.id FROM ${from} WHERE ${all} AND s.id + 0 >= @floorId OFFSET 0) counted
              WHERE (SELECT way FROM way) = 'counted'
              UNION ALL
              SELECT id FROM (SELECT s.id FROM ${from} WHERE ${byRow(where).join(' AND ')} AND s.id >= @floorId OFFSET 0) by_row
              WHERE (SELECT way FROM way) = 'rows'
              UNION ALL
              SELECT id FROM (SELECT s.id FROM ${from} WHERE ${all} AND s.id >= @floorId OFFSET 0) by_index
              WHERE (SELECT way FROM way) = 'index'))`,
          ];
        }
      }
    }
    const query: KeysetQuery = {
      select: `s.id AS id, ${RANK} AS k0, s.id AS k1`,
      from,
      where: ranked,
      keys: ['k0', 'k1'],
      descending: false,
      wrap: true,
    };
    const out = await this.statementPage({
      query,
      plan,
      params,
      countSql,
      highlight,
      usedCache,
      knownTotal: head?.total,
      extraKey: [floorDay],
    });
    // The two statements saw different data: the caller asks again.
    if (head && head.counter !== out.counter) {
      usedCache.value = true;
      return { result: out.result, counter: Number.NaN };
    }
    return out;
  }

  /**
   * For a first relevance page: the capped total (or the cached one), the window's first day when the total
   * passes the window, and the ids of the window's matches (every match on that day or later).
   *
   * Up to the cap every match is in m (each read once): the floor and the window come from it. Past the cap
   * the matches are dense: the floor is looked for among the newest 1/16th of the table's rows first (which
   * holds RELEVANCE_WINDOW matches when more than the cap match, unless most of them are old; a bitmap of
   * those ids ANDed with the GIN index's, so only matches are read, or a newest-first scan of them when the
   * words are very common), and only then by a newest-first scan of the whole table testing each row.
   */
  private async totalAndFloor(
    from: string,
    where: string[],
    countSql: string,
    params: Params,
    usedCache: { value: boolean },
  ): Promise<{ counter: number; total: { n: number; capped: boolean }; day: number | null; ids: number[] }> {
    const totalKey = countKey(countSql, params);
    const cached = this.totals.get(totalKey);
    if (cached) usedCache.value = true;
    const matches = `SELECT s.id FROM ${from} WHERE ${where.join(' AND ')}`;
    // The same matches tested row by row (the function behind @@, no GIN index): for ids within one day.
    const matchesByRow = `SELECT s.id FROM ${from} WHERE ${byRow(where).join(' AND ')}`;
    // Where the newest 1/16th of the rows start: an index walk over that many ids, so it is kept until the data
    // changes (it only chooses where to look first; any value gives the same answer). Given as a value, the
    // planner knows how many rows are past it.
    const recentFrom = this.recentFrom;
    const recent =
      recentFrom === null
        ? `(SELECT id FROM statements ORDER BY id DESC
            OFFSET (SELECT greatest(reltuples, 0)::bigint / 16 FROM pg_class WHERE oid = 'statements'::regclass) LIMIT 1)`
        : '@recentFrom::bigint';
    const window = RELEVANCE_WINDOW;
    const row = await this.one<{ counter: number; total: number; day: number | null; ids: number[] | null; recentFrom: number | null }>(
      `WITH m AS MATERIALIZED (${matches} LIMIT ${TOTAL_CAP + 1}),
            total AS (${cached ? 'SELECT @cachedTotal::int AS n' : 'SELECT count(*)::int AS n FROM m'}),
            recent AS (SELECT ${recent} AS id),
            dense AS (SELECT (${denseSql(from, where)}) AS yes),
            near AS MATERIALIZED (
              SELECT id FROM (${matchesByRow} AND s.id >= ${recentFrom === null ? '(SELECT id FROM recent)' : recent}
                              ORDER BY s.id DESC LIMIT ${window}) by_row WHERE (SELECT yes FROM dense)
              UNION ALL
              SELECT id FROM (${matches} AND s.id >= ${recentFrom === null ? '(SELECT id FROM recent)' : recent}
                              ORDER BY s.id DESC LIMIT ${window}) by_index WHERE NOT (SELECT yes FROM dense)),
            nearest AS (SELECT CASE WHEN count(*) = ${window} THEN min(id) END AS id FROM near),
            floor AS (SELECT CASE WHEN (SELECT n FROM total) <= ${window} THEN NULL
                                  WHEN (SELECT n FROM total) <= ${TOTAL_CAP}
                                  THEN floor((SELECT id FROM m ORDER BY id DESC LIMIT 1 OFFSET ${window - 1})::float8 / ${DAY_BLOCK})::bigint
                                  ELSE floor(coalesce((SELECT id FROM nearest),
                                                      (${matches} ORDER BY s.id DESC LIMIT 1 OFFSET ${window - 1}))::float8
                                             / ${DAY_BLOCK})::bigint END AS day)
       SELECT (SELECT n FROM change_counter) AS counter, (SELECT n FROM total) AS total, (SELECT day FROM floor) AS day,
              CASE WHEN (SELECT n FROM total) <= ${TOTAL_CAP}
                   THEN (SELECT coalesce(array_agg(id), '{}') FROM m WHERE id >= coalesce((SELECT day FROM floor) * ${DAY_BLOCK}::bigint, ${Number.MIN_SAFE_INTEGER}))
                   WHEN (SELECT id FROM nearest) IS NOT NULL
                   THEN (SELECT array_agg(id) FROM (SELECT id FROM near UNION ALL ${matchesByRow}
                           AND s.id >= (SELECT day FROM floor) * ${DAY_BLOCK}::bigint AND s.id < (SELECT id FROM nearest)) w)
                   ELSE (SELECT coalesce(array_agg(s.id), '{}') FROM ${from} WHERE ${where.join(' AND ')} AND s.id >= (SELECT day FROM floor) * ${DAY_BLOCK}::bigint)
              END AS ids,
              ${recentFrom === null ? `CASE WHEN (SELECT n FROM total) > ${TOTAL_CAP} THEN (SELECT id FROM recent) END` : 'NULL::bigint'} AS "recentFrom"`,
      // A capped total is cached as the cap: it stands for more than the cap here.
      {
        ...params,
        ...(cached ? { cachedTotal: cached.capped ? TOTAL_CAP + 1 : cached.n } : {}),
        ...(recentFrom === null ? {} : { recentFrom }),
      },
    );
    if (recentFrom === null && row!.recentFrom !== null && row!.counter === this.seenCounter) this.recentFrom = Number(row!.recentFrom);
    const total = cached ?? (row!.total > TOTAL_CAP ? { n: TOTAL_CAP, capped: true } : { n: row!.total, capped: false });
    if (!cached && row!.counter === this.seenCounter) {
      if (this.totals.size > 500) this.totals.clear();
      this.totals.set(totalKey, total);
    }
    return { counter: row!.counter, total, day: row!.day, ids: (row!.ids ?? []).map(Number) };
  }

  private commonFilters(
    filter: Pick<StatementFilter, 'speakerId' | 'kind' | 'from' | 'to'>,
    where: string[],
    params: Params,
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

  /**
   * A page of statements in one statement: the capped total of `countSql` (or the cached one), the window's
   * floor day (`floorSql`, relevance first pages), the keyset page, and each row's record and sources.
   */
  private async statementPage(spec: {
    query: KeysetQuery;
    plan: PagePlan;
    params: Params;
    countSql: string;
    highlight: ((text: string) => string) | null;
    usedCache: { value: boolean };
    /** The total, found by the caller (not cached here). */
    knownTotal?: { n: number; capped: boolean } | undefined;
    /** Cursor parts past the sort key. */
    extraKey?: number[];
  }): Promise<{ result: Page<StatementRecord>; counter: number }> {
    const { query, plan, params, countSql, highlight, usedCache } = spec;
    const totalKey = countKey(countSql, params);
    const cached = spec.knownTotal ?? this.totals.get(totalKey);
    if (cached && !spec.knownTotal) usedCache.value = true;
    const scoped = await this.scoped(usedCache);
    const sourceParams: Params = {};
    const visibleSources = scoped ? `AND ${this.visible('a', sourceParams)}` : '';
    const fetch = async (p: PagePlan) => {
      const { sql, params: keyParams, keyOrder } = keysetSql(query, p);
      const ctes = [
        cached
          ? `total AS (SELECT @cachedTotal::int AS n)`
          : `total AS (SELECT count(*)::int AS n FROM (${countSql} LIMIT ${TOTAL_CAP + 1}) capped)`,
      ];
      ctes.push(`page AS (${sql})`);
      return this.all<PageRow>(
        `WITH ${ctes.join(',\n')}
         SELECT (SELECT n FROM change_counter) AS counter, (SELECT n FROM total) AS total,
                p.k0, ${query.keys.length > 1 ? 'p.k1' : 'NULL AS k1'},
                s.id, s.text, s.kind, s.context, s.venue, s.cue, s.topics, s.published, s.speaker_id AS "speakerId",
                s.speaker_role AS "speakerRole", sp.name AS "speakerName", sp.type AS "speakerType", sp.role AS "currentRole",
                sp.curated AS curated, s.unnamed_source AS "unnamedSource", s.unattributed, s.inner_source AS "innerSource",
                (SELECT json_agg(json_build_array(a.id, a.title, a.outlet, a.published, a.url, a.file, a.owner, a.provenance)
                                 ORDER BY a.published = '', a.published COLLATE "C", a.id)
                 FROM statement_sources ss JOIN articles a ON a.id = ss.article_id
                 WHERE ss.statement_id = s.id ${visibleSources}) AS sources
         FROM (SELECT 1) AS one LEFT JOIN page p ON true LEFT JOIN statements s ON s.id = p.id LEFT JOIN speakers sp ON sp.id = s.speaker_id
         ORDER BY ${keyOrder.replace(/\bk(\d)/g, 'p.k$1')}`,
        // A capped total is given as the cap + 1, as counted (it stands for more than the cap).
        { ...params, ...keyParams, ...sourceParams, ...(cached ? { cachedTotal: cached.capped ? TOTAL_CAP + 1 : cached.n } : {}) },
      );
    };
    let usedPlan = plan;
    let fetched = await fetch(plan);
    let head = fetched[0]!;
    if (plan.cursor?.dir === 'p' && head.id === null) {
      usedPlan = { ...plan, cursor: null };
      fetched = await fetch(usedPlan);
      head = fetched[0]!;
    }
    const rows = head.id === null ? [] : fetched;
    const n = head.total;
    const total = cached ?? (n > TOTAL_CAP ? { n: TOTAL_CAP, capped: true } : { n, capped: false });
    if (!cached && head.counter === this.seenCounter) {
      if (this.totals.size > 500) this.totals.clear();
      this.totals.set(totalKey, total);
    }
    const keyed: (KeyedRow & { row: PageRow })[] = rows.map((r) => (r.k1 === null ? { k0: r.k0, row: r } : { k0: r.k0, k1: r.k1, row: r }));
    const page = finishPage(
      keyed,
      usedPlan,
      total.n,
      (list) =>
        list.map(({ row }) =>
          toStatementRecord(
            row,
            (row.sources ?? []).map((a) => this.toSource(sourceOf(a))),
            highlight,
          ),
        ),
      spec.extraKey ?? [],
    );
    return { result: total.capped ? { ...page, totalCapped: true } : page, counter: head.counter };
  }

  async lookupSpeaker(query: string): Promise<SpeakerLookup> {
    return (await this.speakers()).lookup(query, SUGGESTIONS);
  }

  async suggestSpeakers(prefix: string, limit: number): Promise<SpeakerMatch[]> {
    const search = await this.speakers();
    return prefix.trim() ? search.suggest(prefix, limit) : search.top(limit);
  }

  async listSpeakers(filter: { topic?: string }, page: PageRequest): Promise<Page<SpeakerMatch>> {
    const search = await this.speakers();
    const plan = planPage(page, { s: filter.topic ?? null });
    let list: SpeakerMatch[];
    if (filter.topic === undefined) {
      list = search
        .rows()
        .filter((r) => r.statementCount > 0)
        .map((r) => toMatch(r, r.statementCount));
    } else {
      const params: Params = { topic: filter.topic };
      const counts = await this.all<{ id: number; n: number }>(
        `SELECT s.speaker_id AS id, count(*) AS n FROM statement_topics t JOIN statements s ON s.id = t.statement_id
         WHERE t.topic = @topic AND s.speaker_id IS NOT NULL ${(await this.scoped()) ? `AND ${this.visible('s', params)}` : ''} GROUP BY s.speaker_id`,
        params,
      );
      list = counts.flatMap(({ id, n }) => {
        const row = search.get(id);
        return row ? [{ ...toMatch(row, n), statementCount: n }] : [];
      });
    }
    list.sort((a, b) => b.statementCount - a.statementCount || a.id - b.id);
    return pageArray(list, (m) => [-m.statementCount, m.id], plan);
  }

  async listSources(filter: { speakerId?: number }, page: PageRequest): Promise<Page<SourceSummary>> {
    await this.refresh();
    const plan = planPage(page, { src: filter.speakerId ?? null });
    const params: Params = {};
    const where: string[] = [];
    const visible = (await this.scoped()) ? this.visible('a', params) : null;
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
    const total = (await this.value<number>(count, params)) ?? 0;
    const { sql, params: keyParams } = keysetSql(
      {
        select: 'a.published AS k0, a.id AS k1, a.id, a.title, a.outlet, a.published, a.url, a.file, a.owner, a.provenance',
        from: 'articles a',
        where,
        keys: ['a.published', 'a.id'],
        descending: true,
      },
      plan,
    );
    const fetched = await this.all<KeyedRow & ArticleRow>(sql, { ...params, ...keyParams });
    const ids = fetched.slice(0, plan.limit).map((a) => a.id);
    const perArticle = new Map(
      (
        await this.all<{ id: number; n: number }>(
          filter.speakerId === undefined
            ? 'SELECT article_id AS id, count(*) AS n FROM statement_sources WHERE article_id = ANY(@ids::bigint[]) GROUP BY article_id'
            : `SELECT ss.article_id AS id, count(*) AS n FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id
               WHERE ss.article_id = ANY(@ids::bigint[]) AND s.speaker_id = @speakerId GROUP BY ss.article_id`,
          { ids, ...(filter.speakerId === undefined ? {} : { speakerId: filter.speakerId }) },
        )
      ).map((r) => [r.id, r.n]),
    );
    return finishPage(fetched, plan, total, (rows) =>
      rows.map((a) => ({ ...this.toSource(a), statementCount: perArticle.get(a.id) ?? 0 })),
    );
  }

  async getSpeaker(id: number): Promise<SpeakerMatch | null> {
    const row = (await this.speakers()).get(id);
    return row ? toMatch(row, 0) : null;
  }

  async dateRange(filter: { speakerId?: number; topic?: string }): Promise<DateRange | null> {
    await this.refresh();
    const { speakerId, topic } = filter;
    const params: Params = {};
    type Row = { count: number; first: string | null; last: string | null };
    let row: Row | undefined;
    if ((await this.scoped()) || (speakerId !== undefined && topic !== undefined)) {
      // One pass over the matching rows. Undated statements (published '') count but bound no range.
      const where: string[] = (await this.scoped()) ? [this.visible('s', params)] : [];
      if (speakerId !== undefined) {
        where.push('s.speaker_id = @speakerId');
        params.speakerId = speakerId;
      }
      if (topic !== undefined) {
        where.push('EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = @topic)');
        params.topic = topic;
      }
      row = await this.one<Row>(
        `SELECT count(*) AS count, min(s.published) FILTER (WHERE s.published > '') AS first,
                nullif(max(s.published), '') AS last
         FROM statements s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        params,
      );
    } else {
      // Speaker alone, topic alone or everything: the first and last dates are each one index probe
      // (published follows speaker_id / topic in the index; '' is an undated statement, so > '').
      let table = 'statements';
      let where = 'true';
      if (speakerId !== undefined) {
        where = 'speaker_id = @speakerId';
        params.speakerId = speakerId;
      } else if (topic !== undefined) {
        table = 'statement_topics';
        where = 'topic = @topic';
        params.topic = topic;
      }
      row = await this.one<Row>(
        `SELECT (SELECT count(*) FROM ${table} WHERE ${where}) AS count,
                (SELECT min(published) FROM ${table} WHERE ${where} AND published > '') AS first,
                (SELECT max(published) FROM ${table} WHERE ${where} AND published > '') AS last`,
        params,
      );
    }
    return row && row.count ? { count: Number(row.count), first: row.first, last: row.last } : null;
  }

  async statementCounts(filter: DayCountFilter): Promise<DayCount[]> {
    await this.refresh();
    const params: Params = {};
    const where: string[] = (await this.scoped()) ? [this.visible('s', params)] : [];
    return this.all<DayCount>(dayCountQuery(filter, where, params, POSTGRES_DAY_COUNTS), params);
  }

  async stats(): Promise<IndexStats> {
    await this.refresh();
    const params: Params = {};
    const scoped = await this.scoped();
    const s = scoped ? this.visible('s', params) : 'true';
    const a = scoped ? this.visible('a', params) : 'true';
    const byKind = Object.fromEntries(STATEMENT_KINDS.map((k) => [k, 0])) as Record<StatementKind, number>;
    for (const r of await this.all<{ kind: StatementKind; n: number }>(
      `SELECT kind, count(*) AS n FROM statements s WHERE ${s} GROUP BY kind`,
      params,
    )) {
      byKind[r.kind] = r.n;
    }
    const byTopic: Record<string, number> = {};
    for (const r of await this.all<{ topic: string; n: number }>(
      scoped
        ? `SELECT t.topic, count(*) AS n FROM statement_topics t JOIN statements s ON s.id = t.statement_id WHERE ${s}
           GROUP BY t.topic ORDER BY n DESC, t.topic COLLATE "C"`
        : 'SELECT topic, count(*) AS n FROM statement_topics GROUP BY topic ORDER BY n DESC, topic COLLATE "C"',
      params,
    )) {
      byTopic[r.topic] = r.n;
    }
    const row = await this.one<{ articles: number; statements: number; speakers: number; outlets: number; lastIngest: string | null }>(
      `SELECT (SELECT count(*) FROM articles a WHERE ${a}) AS articles,
              (SELECT count(*) FROM statements s WHERE ${s}) AS statements,
              ${
                scoped
                  ? `(SELECT count(DISTINCT speaker_id) FROM statements s WHERE ${s})`
                  : '(SELECT count(*) FROM speakers WHERE statement_count > 0)'
              } AS speakers,
              (SELECT count(DISTINCT outlet) FROM articles a WHERE ${a}) AS outlets,
              (SELECT value FROM meta WHERE key = 'last_ingest') AS "lastIngest"`,
      params,
    );
    return {
      articles: row!.articles,
      statements: row!.statements,
      speakers: row!.speakers,
      outlets: row!.outlets,
      lastIngest: row!.lastIngest,
      byKind,
      byTopic,
    };
  }

  /** Whether any server owns statements (cached: `usedCache` learns when the cached answer was used). */
  private async scoped(usedCache?: { value: boolean }): Promise<boolean> {
    if (this.owned !== null) {
      if (usedCache) usedCache.value = true;
      return this.owned;
    }
    // Read with the change counter, so the answer is known to hold for it: a page statement that reads the same
    // counter is not asked again (a first search after start-up or a write of this process ran twice).
    const row = await this.one<{ owned: boolean; n: number | null }>(
      'SELECT EXISTS (SELECT 1 FROM statements WHERE owner IS NOT NULL) AS owned, (SELECT n FROM change_counter) AS n',
    );
    const counter = row!.n ?? 0;
    if (counter !== this.seenCounter) this.reset(counter);
    this.owned = row!.owned;
    return this.owned;
  }

  private visible(alias: string, params: Params): string {
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

  private async speakers(): Promise<SpeakerSearch> {
    await this.refresh();
    if (!this.search) {
      const names = new Map<number, string[]>();
      for (const r of await this.all<{ id: number; name: string }>(
        'SELECT speaker_id AS id, name FROM speaker_names ORDER BY key COLLATE "C", speaker_id',
      )) {
        const list = names.get(r.id);
        if (list) list.push(r.name);
        else names.set(r.id, [r.name]);
      }
      let visibleCounts: Map<number, number> | null = null;
      if (await this.scoped()) {
        const params: Params = {};
        visibleCounts = new Map(
          (
            await this.all<{ id: number; n: number }>(
              `SELECT speaker_id AS id, count(*) AS n FROM statements s WHERE speaker_id IS NOT NULL AND ${this.visible('s', params)} GROUP BY speaker_id`,
              params,
            )
          ).map((r) => [r.id, r.n]),
        );
      }
      const rows = (
        await this.all<{ id: number; name: string; role: string | null; type: SpeakerType; curated: number; n: number }>(
          'SELECT id, name, role, type, curated, statement_count AS n FROM speakers ORDER BY id',
        )
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
}

/** A search's conditions with the full-text match tested row by row (no GIN index). */
function byRow(where: string[]): string[] {
  return where.map((w) => (w === MATCH ? MATCH_BY_ROW : w));
}

/** Whether the matches are dense among the newest rows (DENSE_IN_SAMPLE of the newest DENSITY_SAMPLE): one boolean. */
function denseSql(from: string, where: string[]): string {
  return `SELECT count(*) >= ${DENSE_IN_SAMPLE} FROM (SELECT * FROM ${from} ORDER BY s.id DESC LIMIT ${DENSITY_SAMPLE}) s
          WHERE ${byRow(where).join(' AND ')}`;
}

/**
 * The totals cache's key: the count statement and the parameters it names (not a page's own: its window ids,
 * floor or cursor keys), with the words of a full-text match sorted and each once, so later pages, and the
 * same words in another order or repeated, find the total counted for a first page.
 */
export function countKey(countSql: string, params: Params): string {
  const names = [...new Set(Array.from(countSql.matchAll(/(?<![@\w])@([A-Za-z_]\w*)/g), (m) => m[1]!))].sort();
  const values = names.map((name) => {
    const value = params[name];
    return name === 'match' && typeof value === 'string' ? [...new Set(value.split(' & '))].sort().join(' & ') : value;
  });
  return `${countSql}\u0000${JSON.stringify([names, values])}`;
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
