// A statements row as both engines' queries select it, and the StatementRecord a reply is built from.
import type { SpeakerType, StatementKind } from '../model.ts';
import type { SourceRef, StatementRecord } from './types.ts';
import { readDate } from './undated.ts';

export interface StatementRow {
  id: number;
  text: string;
  kind: StatementKind;
  context: string | null;
  venue: string | null;
  cue: string | null;
  topics: string;
  published: string;
  speakerId: number | null;
  speakerRole: string | null;
  speakerName: string | null;
  speakerType: SpeakerType | null;
  currentRole: string | null;
  curated: number | null;
  unnamedSource: string | null;
  unattributed: string | null;
  innerSource: string | null;
}

/** The record of row `r`, with its sources; `highlight` marks the query's words in a snippet. */
export function toStatementRecord(
  r: StatementRow,
  sources: SourceRef[],
  highlight: ((text: string) => string) | null | undefined,
): StatementRecord {
  const record: StatementRecord = {
    id: r.id,
    text: r.text,
    kind: r.kind,
    speaker:
      r.speakerId === null
        ? null
        : {
            id: r.speakerId,
            name: r.speakerName ?? '',
            role: r.speakerRole ?? r.currentRole,
            type: r.speakerType ?? 'unknown',
            registryRole: r.curated ? r.currentRole : null,
          },
    topics: r.topics ? r.topics.split(' ') : [],
    context: r.context,
    venue: r.venue,
    cue: r.cue,
    sources,
    published: readDate(r.published),
  };
  if (r.unnamedSource) record.unnamedSource = r.unnamedSource;
  if (r.unattributed) record.unattributed = r.unattributed;
  if (r.innerSource) record.innerSource = r.innerSource;
  if (highlight) record.snippet = highlight(r.text);
  return record;
}
