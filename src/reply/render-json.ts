// `whosaid ask --json`: a stable machine-readable shape for scripts and jq.
import type { StatementRecord } from '../store/types.ts';
import type { Reply } from './types.ts';
import { attribution, statementText } from './present.ts';

function statementJson(s: StatementRecord) {
  const first = s.sources[0];
  return {
    id: s.id,
    text: statementText(s, s.text),
    kind: s.kind,
    speaker: s.speaker ? { name: s.speaker.name, role: s.speaker.role } : null,
    ...(s.unnamedSource ? { unnamedSource: { description: s.unnamedSource, outlet: s.sources[0]?.outlet ?? null } } : {}),
    ...(s.unattributed ? { unattributed: s.unattributed } : {}),
    ...(s.innerSource ? { innerSource: s.innerSource } : {}),
    ...(s.unnamedSource || s.unattributed || s.innerSource ? { attribution: attribution(s) } : {}),
    topics: s.topics,
    context: s.context,
    venue: s.venue,
    cue: s.cue,
    source: first
      ? {
          title: first.title,
          outlet: first.outlet,
          published: first.published,
          url: first.url,
          ...(first.claimed ? { claimed: first.claimed } : {}),
        }
      : null,
    sources: s.sources.map((x) => ({
      title: x.title,
      outlet: x.outlet,
      published: x.published,
      url: x.url,
      file: x.file,
      ...(x.claimed ? { claimed: x.claimed } : {}),
    })),
  };
}

/** `saved`: where the terminal wrote the reply's files (attachment name -> path). */
export function replyToJson(reply: Reply, saved: Record<string, string> = {}): Record<string, unknown> {
  switch (reply.type) {
    case 'statements':
      return {
        command: reply.command,
        title: reply.title,
        total: reply.paging.total,
        ...(reply.paging.totalCapped ? { totalCapped: true } : {}),
        offset: reply.paging.offset,
        next: reply.paging.next?.cursor ?? null,
        statements: reply.statements.map(statementJson),
      };
    case 'digest':
      return {
        command: reply.command,
        topic: reply.topic,
        total: reply.totalStatements,
        moreSpeakers: reply.moreSpeakers ?? 0,
        sections: reply.sections.map((sec) => ({
          speaker: sec.speaker ? { name: sec.speaker.name, role: sec.speaker.role } : null,
          count: sec.count,
          firstDate: sec.firstDate,
          lastDate: sec.lastDate,
          statements: sec.key.map(statementJson),
        })),
      };
    case 'speakers':
      return { command: reply.command, total: reply.paging.total, speakers: reply.speakers };
    case 'sources':
      return { command: reply.command, total: reply.paging.total, sources: reply.sources };
    case 'info':
      return { command: reply.command, title: reply.title, fields: reply.fields };
    case 'timeline':
      return {
        command: reply.command,
        title: reply.title,
        subtitle: reply.subtitle,
        series: reply.series,
        first: statementJson(reply.first),
        latest: statementJson(reply.latest),
        chart: {
          name: reply.chart.name,
          contentType: reply.chart.contentType,
          bytes: reply.chart.data.length,
          file: saved[reply.chart.name] ?? null,
        },
      };
    case 'file':
      return {
        command: reply.command,
        title: reply.title,
        text: reply.text,
        file: {
          name: reply.file.name,
          contentType: reply.file.contentType,
          bytes: reply.file.data.length,
          path: saved[reply.file.name] ?? null,
        },
      };
    case 'notice':
      return { command: reply.command, error: { tone: reply.tone, title: reply.title, text: reply.text, suggestions: reply.suggestions } };
  }
}
