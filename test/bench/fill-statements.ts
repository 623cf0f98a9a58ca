// For runs at a scale ingest would take too long to reach (--statements 1000000): statements generated like
// the corpus's (same pseudo-words, topic phrases and sentence patterns, spread over the corpus's days, said by
// its speakers, each reported by one of its articles) and written straight into either engine's tables, in
// bulk. Ids are numbered from the middle of each day's id block, above what ingest gave out.
import type Database from 'better-sqlite3';
import { capitalised, prng, sentenceMaker } from './synthetic-corpus.ts';
import { firstIdOn } from '../../src/store/statement-ids.ts';
import type { PgDatabase } from '../../src/store/postgres/connection.ts';

const FIRST_SEQUENCE = 1_000_000;
const BATCH = 5_000;

export interface FillRow {
  id: number;
  key: string;
  speakerId: number;
  names: string;
  text: string;
  published: string;
  articleId: number;
}

export interface FillSource {
  vocabulary: readonly string[];
  speakers: readonly { id: number; names: string }[];
  articles: readonly { id: number; published: string }[];
}

/** `n` rows in batches, deterministic for a seed. */
export function* fillRows(n: number, source: FillSource, seed = 99): Generator<FillRow[]> {
  const rand = prng(seed);
  const sentence = sentenceMaker(rand, source.vocabulary);
  const next = new Map<string, number>();
  let batch: FillRow[] = [];
  for (let i = 0; i < n; i++) {
    const article = source.articles[Math.floor(rand() * source.articles.length)]!;
    const speaker = source.speakers[Math.floor(source.speakers.length * rand() ** 2.2)]!;
    const sequence = next.get(article.published) ?? FIRST_SEQUENCE;
    next.set(article.published, sequence + 1);
    batch.push({
      id: firstIdOn(article.published) + sequence,
      key: `synthetic:${seed}:${i}`,
      speakerId: speaker.id,
      names: speaker.names,
      text: `${capitalised(sentence())}. ${capitalised(sentence())}`,
      published: article.published,
      articleId: article.id,
    });
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Adds statements to an SQLite index until it holds `target`; returns how many were added. */
export function fillSqlite(db: Database.Database, target: number, vocabulary: readonly string[]): number {
  const have = db.prepare('SELECT count(*) FROM statements').pluck().get() as number;
  if (have >= target) return 0;
  const source: FillSource = {
    vocabulary,
    speakers: db
      .prepare(
        `SELECT s.id, group_concat(n.name, ' ; ') AS names FROM speakers s JOIN speaker_names n ON n.speaker_id = s.id GROUP BY s.id ORDER BY s.statement_count DESC`,
      )
      .all() as { id: number; names: string }[],
    articles: db.prepare('SELECT id, published FROM articles').all() as { id: number; published: string }[],
  };
  const statement = db.prepare(
    `INSERT INTO statements (id, dedup_key, speaker_id, speaker_names, text, kind, cue, topics, published) VALUES (?, ?, ?, ?, ?, 'direct', 'said', '', ?)`,
  );
  const sourceRow = db.prepare(
    `INSERT INTO statement_sources (statement_id, article_id, span_start, span_end, rule, confidence) VALUES (?, ?, 0, 0, 'synthetic', 1)`,
  );
  // The full-text table is written by the writer, not by triggers (migrations.ts 2).
  const fts = db.prepare('INSERT INTO statements_fts (rowid, text, context, speaker_names) VALUES (?, ?, NULL, ?)');
  const write = db.transaction((rows: FillRow[]) => {
    for (const r of rows) {
      statement.run(r.id, r.key, r.speakerId, r.names, r.text, r.published);
      fts.run(r.id, r.text, r.names);
      sourceRow.run(r.id, r.articleId);
    }
  });
  for (const rows of fillRows(target - have, source)) write(rows);
  db.exec('UPDATE speakers SET statement_count = (SELECT count(*) FROM statements WHERE speaker_id = speakers.id)');
  db.pragma('optimize');
  return target - have;
}

/** The same for a Postgres store. */
export async function fillPostgres(db: PgDatabase, target: number, vocabulary: readonly string[]): Promise<number> {
  const [{ n: have }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM statements')) as [{ n: number }];
  if (have >= target) return 0;
  const source: FillSource = {
    vocabulary,
    speakers: await db.query<{ id: number; names: string }>(
      `SELECT s.id, string_agg(n.name, ' ; ') AS names FROM speakers s JOIN speaker_names n ON n.speaker_id = s.id GROUP BY s.id ORDER BY s.statement_count DESC`,
    ),
    articles: await db.query<{ id: number; published: string }>('SELECT id, published FROM articles'),
  };
  for (const rows of fillRows(target - have, source)) {
    await db.transaction(async (tx) => {
      const col = <K extends keyof FillRow>(k: K) => rows.map((r) => r[k]);
      await tx.query(
        `INSERT INTO statements (id, dedup_key, speaker_id, speaker_names, text, kind, cue, topics, published)
         SELECT i, k, sp, n, t, 'direct', 'said', '', p FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) AS u(i, k, sp, n, t, p)`,
        [col('id'), col('key'), col('speakerId'), col('names'), col('text'), col('published')],
      );
      await tx.query(
        `INSERT INTO statement_sources (statement_id, article_id, span_start, span_end, rule, confidence)
         SELECT i, a, 0, 0, 'synthetic', 1 FROM unnest($1::bigint[], $2::bigint[]) AS u(i, a)`,
        [col('id'), col('articleId')],
      );
    });
  }
  await db.query(
    'UPDATE speakers SET statement_count = c.n FROM (SELECT speaker_id, count(*) AS n FROM statements GROUP BY speaker_id) c WHERE c.speaker_id = speakers.id',
  );
  await db.query('UPDATE change_counter SET n = n + 1');
  return target - have;
}
