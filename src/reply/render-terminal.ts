// Renders a Reply as text for the offline console and `whosaid ask`.
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, type StatementRecord } from '../store/types.ts';
import {
  KIND_LABEL,
  NO_NAMED_SPEAKER,
  alsoReported,
  attribution,
  digestMoreLine,
  isVerbatim,
  pageLine,
  pageMoves,
  reportingLead,
  sourceLine,
  speakerHeading,
  statementText,
} from './present.ts';
import type { Paging, Reply } from './types.ts';
import { plural, publishedLabel } from './wording.ts';
import { wrapText } from './wrap.ts';

export interface TerminalStyle {
  color: boolean;
  /** Where the terminal wrote the reply's files (attachment name -> path). */
  saved?: Record<string, string>;
  /** The terminal's width: lines are wrapped at word boundaries to fit (none when unset: piped output). */
  width?: number;
}

/** Article text is untrusted: no escape sequences or other control characters reach the terminal. */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0001\u0004-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '');
}

function styler(style: TerminalStyle) {
  const wrap = (code: string) => (s: string) => (style.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: wrap('1'), dim: wrap('2'), cyan: wrap('36'), yellow: wrap('33'), red: wrap('31') };
}

function highlight(text: string, style: TerminalStyle): string {
  const [open, close] = style.color ? ['\x1b[1;33m', '\x1b[0m'] : ['[', ']'];
  return text.split(HIGHLIGHT_OPEN).join(open).split(HIGHLIGHT_CLOSE).join(close);
}

function statementLines(s: StatementRecord, n: number, style: TerminalStyle, showSpeaker: boolean): string[] {
  const st = styler(style);
  // Highlight after cleaning: the cleaning would strip the escape bytes highlight() adds.
  const body = s.snippet ? highlight(terminalSafe(statementText(s, s.snippet)), style) : terminalSafe(statementText(s, s.text));
  const lead = reportingLead(s);
  const shown = isVerbatim(s.kind) ? `“${body}”` : lead ? `${terminalSafe(lead)}: ${body}` : body;
  const lines = [`${st.bold(`${n}.`)} ${shown}`];
  const who = showSpeaker ? `— ${terminalSafe(attribution(s))} · ` : '';
  lines.push(`   ${st.cyan(`${who}${KIND_LABEL[s.kind]}`)}`);
  if (s.context) lines.push(`   ${st.dim(`Context: ${terminalSafe(s.context)}`)}`);
  if (s.venue) lines.push(`   ${st.dim(`Venue: ${terminalSafe(s.venue)}`)}`);
  const first = s.sources[0];
  if (first) {
    const also = alsoReported(s);
    const url = first.url ? ` <${terminalSafe(first.url)}>` : '';
    lines.push(
      `   ${st.dim(`Source: ${terminalSafe(sourceLine(first))} — ${terminalSafe(first.title)}${url}${also ? ` (${also})` : ''}`)}`,
    );
  }
  if (s.topics.length) lines.push(`   ${st.dim(`Topics: ${s.topics.join(', ')}`)}`);
  return lines;
}

function pagingFooter(paging: Paging, noun: string): string {
  const moves = pageMoves(paging);
  return `${pageLine(paging, noun)}${moves ? ` · ${moves}` : ''}`;
}

export function renderTerminal(reply: Reply, style: TerminalStyle = { color: false }): string {
  const st = styler(style);
  const out: string[] = [];
  switch (reply.type) {
    case 'statements': {
      out.push(st.bold(terminalSafe(reply.title)) + (reply.subtitle ? ` — ${terminalSafe(reply.subtitle)}` : ''));
      let lastSpeaker: number | null | undefined;
      reply.statements.forEach((s, i) => {
        if (reply.grouping === 'speaker' && (s.speaker?.id ?? null) !== lastSpeaker) {
          lastSpeaker = s.speaker?.id ?? null;
          // Statements with nobody named share one heading; each line then says who (unnamed source, or why unattributed).
          out.push('', st.yellow(terminalSafe(s.speaker ? speakerHeading(s.speaker) : NO_NAMED_SPEAKER)));
        } else {
          out.push('');
        }
        out.push(...statementLines(s, reply.paging.offset + i + 1, style, reply.grouping === 'none' || !s.speaker));
      });
      out.push('', st.dim(pagingFooter(reply.paging, 'statement')));
      break;
    }
    case 'speakers':
      out.push(st.bold(terminalSafe(reply.title)), '');
      reply.speakers.forEach((s, i) =>
        out.push(
          `${reply.paging.offset + i + 1}. ${terminalSafe(s.name)}${s.role ? `, ${terminalSafe(s.role)}` : ''} — ${plural(s.statementCount, 'statement')}`,
        ),
      );
      out.push('', st.dim(pagingFooter(reply.paging, 'speaker')));
      break;
    case 'sources':
      out.push(st.bold(terminalSafe(reply.title)), '');
      reply.sources.forEach((s, i) =>
        out.push(
          `${reply.paging.offset + i + 1}. ${terminalSafe(s.title)}`,
          `   ${st.dim(`${terminalSafe(sourceLine(s))} · ${plural(s.statementCount, 'statement')}${s.url ? ` · <${terminalSafe(s.url)}>` : ''}`)}`,
        ),
      );
      out.push('', st.dim(pagingFooter(reply.paging, 'article')));
      break;
    case 'digest':
      out.push(
        st.bold(terminalSafe(reply.title)),
        st.dim(
          `${plural(reply.totalStatements, 'statement')}${reply.moreSpeakers ? ` (the ${reply.sections.length} most quoted speakers; ${reply.moreSpeakers} more not shown)` : ''}`,
        ),
      );
      for (const section of reply.sections) {
        const who = speakerHeading(section.speaker);
        const span =
          section.firstDate === section.lastDate
            ? publishedLabel(section.firstDate)
            : `${publishedLabel(section.firstDate)} to ${publishedLabel(section.lastDate)}`;
        out.push('', st.yellow(`${terminalSafe(who)} — ${plural(section.count, 'statement')}, ${span}`));
        section.key.forEach((s, i) => out.push(...statementLines(s, i + 1, style, false)));
        const more = digestMoreLine(section, reply.topic);
        if (more) out.push(st.dim(terminalSafe(more)));
      }
      if (reply.publish.pin) out.push('', st.dim('(in Discord this digest is posted to the channel and pinned)'));
      break;
    case 'timeline': {
      out.push(st.bold(terminalSafe(reply.title)), st.dim(terminalSafe(reply.subtitle)), '');
      for (const s of reply.series.series) out.push(`  ${terminalSafe(s.label)}: ${plural(s.total, 'statement')}`);
      out.push('', st.yellow('First statement'), ...statementLines(reply.first, 1, style, true));
      out.push('', st.yellow('Latest statement'), ...statementLines(reply.latest, 2, style, true));
      const path = style.saved?.[reply.chart.name];
      out.push('', path ? `Chart saved to ${terminalSafe(path)}` : st.dim('(chart not saved)'));
      break;
    }
    case 'file': {
      const path = style.saved?.[reply.file.name];
      out.push(
        st.bold(terminalSafe(reply.title)),
        terminalSafe(reply.text),
        path ? `Saved to ${terminalSafe(path)}` : st.dim('(file not saved)'),
      );
      break;
    }
    case 'info':
      out.push(st.bold(terminalSafe(reply.title)));
      for (const f of reply.fields) out.push(`${f.name}: ${terminalSafe(f.value)}`);
      break;
    case 'notice': {
      const color = reply.tone === 'error' ? st.red : reply.tone === 'warning' ? st.yellow : st.cyan;
      out.push(color(terminalSafe(reply.title)), terminalSafe(reply.text));
      for (const s of reply.suggestions) out.push(`  • ${terminalSafe(s)}`);
      break;
    }
  }
  return wrapText(out.join('\n'), style.width);
}
