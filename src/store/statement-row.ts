// The statements table's row as both engines' writers fill it, in column order (STATEMENT_COLUMN_NAMES).
import type { ExtractedStatement } from '../model.ts';

export const STATEMENT_COLUMN_NAMES = [
  'id',
  'dedup_key',
  'speaker_id',
  'speaker_role',
  'speaker_names',
  'text',
  'kind',
  'context',
  'venue',
  'cue',
  'topics',
  'published',
  'unnamed_source',
  'unattributed',
  'inner_source',
  'owner',
] as const;

export interface StatementRowInput {
  key: string;
  speaker: { id: number; role: string | null; names: string } | null;
  statement: ExtractedStatement;
  topics: string[];
  published: string;
  owner?: string | null;
}

/**
 * The row's values, and the searchable names beside the statement: the speaker's names and the role it was
 * said in ("shipping union"), or an unnamed source's description ("senior NATO official").
 */
export function statementRowValues(id: number, s: StatementRowInput): { values: unknown[]; names: string } {
  const unnamed = !s.speaker && s.statement.speaker?.unnamed ? s.statement.speaker.name.trim() : null;
  const names = [s.speaker?.names, s.speaker?.role, unnamed].filter(Boolean).join(' ; ');
  const values = [
    id,
    s.key,
    s.speaker?.id ?? null,
    s.speaker?.role ?? null,
    names,
    s.statement.text,
    s.statement.kind,
    s.statement.context,
    s.statement.venue,
    s.statement.cue?.text ?? null,
    s.topics.join(' '),
    s.published,
    unnamed,
    s.speaker || unnamed ? null : (s.statement.unattributed ?? null),
    s.statement.innerSource?.name.trim() || null,
    s.owner ?? null,
  ];
  return { values, names };
}
