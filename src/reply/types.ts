// The platform-neutral answer a command handler returns. Adapters (Discord, terminal, JSON) render it;
// none of them decides anything about content.
// Room reply/: the Reply type, shared wording (wording.ts) and the terminal/JSON renderers; imports model and
// store types only, never discord.js or a database driver.
import type { SpeakerMatch, SourceSummary, StatementRecord } from '../store/types.ts';

/** Enough to run the same query again at another position: what paging buttons and /next carry. */
export interface PageRef {
  command: string;
  options: Record<string, string | number | boolean>;
  cursor: string;
}

export interface Paging {
  total: number;
  /** Counting stopped at `total` (a Postgres store caps big totals): shown as "10,000+". */
  totalCapped?: boolean;
  /** 0-based position of the first item shown. */
  offset: number;
  shown: number;
  prev: PageRef | null;
  next: PageRef | null;
}

export interface StatementsReply {
  type: 'statements';
  command: string;
  title: string;
  subtitle: string | null;
  statements: StatementRecord[];
  /** 'speaker': consecutive statements of one speaker are shown under one heading. */
  grouping: 'none' | 'speaker';
  paging: Paging;
}

export interface SpeakersReply {
  type: 'speakers';
  command: string;
  title: string;
  speakers: SpeakerMatch[];
  paging: Paging;
}

export interface SourcesReply {
  type: 'sources';
  command: string;
  title: string;
  sources: SourceSummary[];
  paging: Paging;
}

export interface DigestSection {
  speaker: StatementRecord['speaker'];
  count: number;
  /** null: every statement of the section is undated. */
  firstDate: string | null;
  lastDate: string | null;
  key: StatementRecord[];
}

export interface DigestReply {
  type: 'digest';
  command: string;
  title: string;
  topic: string;
  sections: DigestSection[];
  /** Statements of the speakers shown. */
  totalStatements: number;
  /** Speakers on the topic beyond those shown (the digest keeps the most quoted). */
  moreSpeakers?: number;
  /** Post as a channel message (and pin when asked), not as an ephemeral answer. */
  publish: { pin: boolean };
}

export interface InfoField {
  name: string;
  value: string;
}

export interface InfoReply {
  type: 'info';
  command: string;
  title: string;
  fields: InfoField[];
}

/** A user's mistake or an empty result: a normal answer, shown only to the asker. */
export interface NoticeReply {
  type: 'notice';
  command: string;
  tone: 'info' | 'warning' | 'error';
  title: string;
  text: string;
  suggestions: string[];
}

/** A file sent with a reply (Discord: a multipart upload; terminal: written to disk). */
export interface FileAttachment {
  /** File name, letters, digits, dots, dashes and underscores only (Discord's attachment:// references). */
  name: string;
  contentType: string;
  data: Uint8Array;
  /** Alt text. */
  description: string;
}

/** One bar segment of a timeline: statements of one series in one period [start, end). */
export interface TimelineBucket {
  /** ISO dates; end is exclusive (the next period's start). */
  start: string;
  end: string;
  series: string;
  count: number;
}

export interface TimelineSeries {
  granularity: 'day' | 'week' | 'month';
  /** 'topic': one speaker's statements by topic; 'speaker': one topic's by speaker. */
  by: 'topic' | 'speaker';
  /** Inclusive ISO dates of the range drawn. */
  from: string;
  to: string;
  /** Series labels, largest first ("others" and "no topic" / "unattributed" last); the stacking order. */
  series: { label: string; total: number }[];
  /** Non-zero buckets, by start then series order. */
  buckets: TimelineBucket[];
  total: number;
}

export interface TimelineReply {
  type: 'timeline';
  command: string;
  title: string;
  /** What the chart counts, in words (range, total, how statements are split). */
  subtitle: string;
  series: TimelineSeries;
  first: StatementRecord;
  latest: StatementRecord;
  chart: FileAttachment;
}

/** A file to download (/export): shown only to the asker. */
export interface FileReply {
  type: 'file';
  command: string;
  title: string;
  text: string;
  file: FileAttachment;
}

export type Reply = StatementsReply | SpeakersReply | SourcesReply | DigestReply | InfoReply | NoticeReply | TimelineReply | FileReply;

export function notice(
  command: string,
  title: string,
  text: string,
  options: { tone?: NoticeReply['tone']; suggestions?: string[] } = {},
): NoticeReply {
  return { type: 'notice', command, tone: options.tone ?? 'info', title, text, suggestions: options.suggestions ?? [] };
}
