// Statement counts per publication day, split by topic (one speaker's statements) or by speaker (one
// topic's): what /timeline draws. Each statement counts once: under its first topic (catalog order) when
// split by topic, so stacked bars add up to the number of statements.
import type { ReadHandle } from './handles.ts';
import type { DayCount, DayCountFilter } from './types.ts';

/** The first topic of a statement's space-separated topic list, '' when it has none. */
const FIRST_TOPIC = `CASE WHEN s.topics = '' THEN '' ELSE substr(s.topics, 1, instr(s.topics || ' ', ' ') - 1) END`;

/**
 * Counts per day and key, days ascending. `by: 'topic'` needs `speakerId` (the key is the first topic, ''
 * for none); `by: 'speaker'` needs `topic` (the key is the speaker id as text, '' for unattributed).
 */
export function countStatementsByDay(
  r: ReadHandle,
  filter: DayCountFilter,
  visible?: { sql: string; params: Record<string, string> },
): DayCount[] {
  const where: string[] = visible ? [visible.sql] : [];
  const params: Record<string, string | number> = { ...visible?.params };
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
    const key = filter.topic !== undefined ? '@topic' : FIRST_TOPIC;
    sql = `SELECT s.published AS day, ${key} AS key, count(*) AS count FROM statements s WHERE %WHERE% GROUP BY 1, 2 ORDER BY 1, 2`;
  } else {
    if (filter.topic === undefined) throw new Error('counts by speaker need a topic');
    where.push('t.topic = @topic');
    params.topic = filter.topic;
    if (filter.speakerId !== undefined) {
      where.push('s.speaker_id = @speakerId');
      params.speakerId = filter.speakerId;
    }
    sql = `SELECT t.published AS day, coalesce(CAST(s.speaker_id AS TEXT), '') AS key, count(*) AS count
           FROM statement_topics t JOIN statements s ON s.id = t.statement_id WHERE %WHERE% GROUP BY 1, 2 ORDER BY 1, 2`;
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
  return r.read(sql.replace('%WHERE%', where.join(' AND '))).all(params) as DayCount[];
}
