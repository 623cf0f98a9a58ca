// Statement counts per publication day, split by topic (one speaker's statements) or by speaker (one
// topic's): what /timeline draws. Each statement counts once: under its first topic (catalog order) when
// split by topic, so stacked bars add up to the number of statements.
import type { ReadHandle } from './handles.ts';
import type { DayCount, DayCountFilter } from './types.ts';

/** What differs between the engines in the per-day count query. */
export interface DayCountDialect {
  /** A statement's first topic ('' when it has none). */
  firstTopic: string;
  /** The topic parameter as the key (typed where the engine needs it). */
  topicKey: string;
  /** The speaker id as text, '' for unattributed. */
  speakerKey: string;
  /** ORDER BY day, key (byte order on both engines), given their expressions. */
  orderBy(day: string, key: string): string;
}

/** SQLite: the first topic of a statement's space-separated topic list, '' when it has none. */
const SQLITE: DayCountDialect = {
  firstTopic: `CASE WHEN s.topics = '' THEN '' ELSE substr(s.topics, 1, instr(s.topics || ' ', ' ') - 1) END`,
  topicKey: '@topic',
  speakerKey: `coalesce(CAST(s.speaker_id AS TEXT), '')`,
  orderBy: () => 'ORDER BY 1, 2',
};

/**
 * The per-day count query of both engines, with @named parameters: `where` (conditions already there, such
 * as the tenancy filter) and `params` are added to. `by: 'topic'` needs `speakerId` (the key is the first
 * topic, '' for none); `by: 'speaker'` needs `topic` (the key is the speaker id as text, '' for unattributed).
 */
export function dayCountQuery(filter: DayCountFilter, where: string[], params: Record<string, unknown>, dialect: DayCountDialect): string {
  let sql: string;
  if (filter.by === 'topic') {
    if (filter.speakerId === undefined) throw new Error('counts by topic need a speaker');
    where.push('s.speaker_id = @speakerId');
    params.speakerId = filter.speakerId;
    if (filter.topic !== undefined) {
      where.push('EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = s.id AND t.topic = @topic)');
      params.topic = filter.topic;
    }
    // With a topic filter every bar is that topic; otherwise the statement's first topic.
    const key = filter.topic !== undefined ? dialect.topicKey : dialect.firstTopic;
    sql = `SELECT s.published AS day, ${key} AS key, count(*) AS count FROM statements s WHERE %WHERE% GROUP BY 1, 2 ${dialect.orderBy('s.published', key)}`;
  } else {
    if (filter.topic === undefined) throw new Error('counts by speaker need a topic');
    where.push('t.topic = @topic');
    params.topic = filter.topic;
    if (filter.speakerId !== undefined) {
      where.push('s.speaker_id = @speakerId');
      params.speakerId = filter.speakerId;
    }
    sql = `SELECT t.published AS day, ${dialect.speakerKey} AS key, count(*) AS count
           FROM statement_topics t JOIN statements s ON s.id = t.statement_id WHERE %WHERE% GROUP BY 1, 2 ${dialect.orderBy('t.published', dialect.speakerKey)}`;
  }
  const pub = filter.by === 'topic' ? 's.published' : 't.published';
  if (filter.from !== undefined) {
    where.push(`${pub} >= @from`);
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    where.push(`${pub} <= @to`);
    params.to = filter.to;
  }
  where.push(`${pub} <> ''`); // a timeline counts days: undated statements have none
  return sql.replace('%WHERE%', where.join(' AND '));
}

/** Counts per day and key, days ascending (SQLite); see dayCountQuery. */
export function countStatementsByDay(
  r: ReadHandle,
  filter: DayCountFilter,
  visible?: { sql: string; params: Record<string, string> },
): DayCount[] {
  const where: string[] = visible ? [visible.sql] : [];
  const params: Record<string, unknown> = { ...visible?.params };
  return r.read(dayCountQuery(filter, where, params, SQLITE)).all(params) as DayCount[];
}
