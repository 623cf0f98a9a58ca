// Renders a Reply as a Discord message body: embeds, paging buttons, limits, escaping, no pings.
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIComponentInMessageActionRow,
} from 'discord-api-types/v10';
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, type StatementRecord } from '../store/types.ts';
import {
  KIND_LABEL,
  alsoReported,
  attribution,
  digestMoreLine,
  isVerbatim,
  outletLabel,
  pageLine,
  reportingLead,
  speakerHeading,
  statementText,
} from '../reply/present.ts';
import type { FileAttachment, Paging, Reply } from '../reply/types.ts';
import { truncate } from '../text/truncate.ts';
import { encodePageId } from './custom-id.ts';
import { escapeDiscord, plainDiscord } from './escape.ts';
import { localDates, shownDate } from './dates.ts';
import { digestFooter } from './digest-footer.ts';
import { LIMITS } from './limits.ts';
import { plural, publishedLabel } from '../reply/wording.ts';

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  flags?: number;
  allowed_mentions: { parse: [] };
  /** Files uploaded with the message (multipart); embeds refer to them as attachment://name. */
  files?: FileAttachment[];
}

const KIND_COLOR = { direct: 0x2f6fde, indirect: 0x8a8f98, mixed: 0x9b59b6, continuation: 0x3ba55d } as const;
const TONE_COLOR = { info: 0x5865f2, warning: 0xf0b232, error: 0xda373c } as const;

function highlighted(text: string): string {
  // Escape first, then turn the index's highlight markers into bold: the markers are not markdown.
  return escapeDiscord(text).split(HIGHLIGHT_OPEN).join('**').split(HIGHLIGHT_CLOSE).join('**');
}

/** An article's address as a link target: http(s) only, normalised (so no `<`, `>` or spaces survive). */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function statementEmbed(s: StatementRecord, n: number): APIEmbed {
  const body = s.snippet ? highlighted(statementText(s, s.snippet)) : escapeDiscord(statementText(s, s.text));
  const lead = reportingLead(s);
  const source = s.sources[0];
  // The date leads the description (a footer would show the markup as raw text), so trimming a long quote
  // never cuts it.
  const date = source ? `${shownDate(source.published)} — ` : '';
  const description = `${date}${isVerbatim(s.kind) ? `“${body}”` : `*${lead ? escapeDiscord(lead) : 'Reported'}:* ${body}`}`;
  const fields = [];
  if (s.context) fields.push({ name: 'Context', value: escapeDiscord(s.context) });
  if (s.venue) fields.push({ name: 'Venue', value: escapeDiscord(s.venue) });
  const also = alsoReported(s);
  if (also) fields.push({ name: 'Also reported', value: escapeDiscord(also) });
  const embed: APIEmbed = {
    author: { name: truncate(plainDiscord(`${n}. ${attribution(s)}`), LIMITS.author) },
    description: truncate(description, LIMITS.embedDescription),
    color: KIND_COLOR[s.kind],
    fields: fields.map((f) => ({ name: f.name, value: truncate(f.value, LIMITS.fieldValue), inline: false })),
    footer: {
      text: truncate(plainDiscord(`${source ? `${outletLabel(source)} · ` : ''}${KIND_LABEL[s.kind]} · #${s.id}`), LIMITS.footer),
    },
  };
  if (source) {
    embed.title = truncate(plainDiscord(source.title), LIMITS.embedTitle);
    const url = safeUrl(source.url);
    if (url) embed.url = url;
  }
  return embed;
}

function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Shrinks the longest texts until all embeds together fit Discord's 6,000-character total. */
export function fitEmbeds(embeds: APIEmbed[], total: number = LIMITS.embedTotal): APIEmbed[] {
  let size = embeds.reduce((n, e) => n + embedLength(e), 0);
  while (size > total) {
    let longest: { get: () => string; set: (v: string) => void } | null = null;
    let longestLength = 0;
    for (const e of embeds) {
      if (e.description && e.description.length > longestLength) {
        longestLength = e.description.length;
        longest = { get: () => e.description!, set: (v) => (e.description = v) };
      }
      for (const f of e.fields ?? []) {
        if (f.value.length > longestLength) {
          longestLength = f.value.length;
          longest = { get: () => f.value, set: (v) => (f.value = v) };
        }
      }
    }
    if (!longest || longestLength <= 40) break;
    const target = Math.max(40, longestLength - (size - total));
    const cut = truncate(longest.get(), Math.min(target, longestLength - 1));
    longest.set(cut);
    size -= longestLength - cut.length;
  }
  return embeds;
}

/** What a statement keeps at the least when a page is tight: enough of the quote and of each field to read. */
const MIN_DESCRIPTION = 200;
const MIN_FIELD = 100;

function minimalLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    Math.min(e.description?.length ?? 0, MIN_DESCRIPTION) +
    (e.author?.name.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + Math.min(f.value.length, MIN_FIELD), 0)
  );
}

/**
 * Statement embeds within Discord's totals (10 embeds, 6,000 characters), measured as they are added: a
 * statement goes in only if it still fits at its readable minimum; then fitEmbeds shortens the longest texts.
 * Returns how many were left out (at least the first is always shown).
 */
export function fitStatementEmbeds(embeds: APIEmbed[], total: number = LIMITS.embedTotal): { embeds: APIEmbed[]; left: number } {
  const kept: APIEmbed[] = [];
  let used = 0;
  for (const embed of embeds.slice(0, LIMITS.embeds)) {
    const need = minimalLength(embed);
    if (kept.length && used + need > total) break;
    kept.push(embed);
    used += need;
  }
  return { embeds: fitEmbeds(kept, total), left: embeds.length - kept.length };
}

function pagingRow(paging: Paging): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const button = (dir: 'prev' | 'next'): APIButtonComponent | null => {
    const ref = paging[dir];
    const id = ref && encodePageId(ref, dir);
    return id
      ? { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: id, label: dir === 'prev' ? '◀ Previous' : 'Next ▶' }
      : null;
  };
  const buttons = [button('prev'), button('next')].filter((b): b is APIButtonComponent => b !== null);
  return buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

function pagingContent(paging: Paging, noun: string): string {
  // Past a capped total the number of the rest is unknown: no "N more".
  const more = paging.totalCapped ? 0 : paging.total - paging.offset - paging.shown;
  // A Next the custom_id cannot carry (a very long query): say so instead of leaving the user stuck.
  const stuck = paging.next !== null && encodePageId(paging.next, 'next') === null;
  return `${pageLine(paging, noun)}${more > 0 ? ` · ${more} more` : ''}${stuck ? ' — the query is too long for paging buttons: shorten it to page through them' : ''}`;
}

const base = { allowed_mentions: { parse: [] as [] } };

/** One statement in a field: its words (or "Reported:"), who, and the source with its link. */
function statementField(label: string, s: StatementRecord): { name: string; value: string } {
  const source = s.sources[0];
  const url = safeUrl(source?.url);
  const title = source ? escapeDiscord(truncate(source.title, 150)) : '';
  const cite = source
    ? `${escapeDiscord(outletLabel(source))}, ${shownDate(source.published)} — ${url ? `[${title}](<${url}>)` : title}`
    : '';
  const who = `— ${escapeDiscord(attribution(s))}`;
  const room = Math.max(40, LIMITS.fieldValue - cite.length - who.length - 20);
  const words = truncate(escapeDiscord(s.text), room);
  const body = isVerbatim(s.kind) ? `“${words}”` : `*Reported:* ${words}`;
  return {
    name: truncate(plainDiscord(label), LIMITS.fieldName),
    value: truncate(`${body}\n${who}${cite ? `\n${cite}` : ''}`, LIMITS.fieldValue),
  };
}

export function renderDiscord(reply: Reply): DiscordMessage {
  switch (reply.type) {
    case 'statements': {
      const head = localDates(`**${escapeDiscord(reply.title)}**${reply.subtitle ? ` — ${escapeDiscord(reply.subtitle)}` : ''}`);
      const { embeds, left } = fitStatementEmbeds(reply.statements.map((s, i) => statementEmbed(s, reply.paging.offset + i + 1)));
      // The ones left out are named, so none is lost between this page and the next.
      const omitted = reply.statements.slice(reply.statements.length - left);
      const leftLine = left ? `\n… and ${left} more (too long for one message): ${omitted.map((s) => `#${s.id}`).join(', ')}` : '';
      return {
        ...base,
        content: truncate(`${head}\n${pagingContent(reply.paging, 'statement')}${leftLine}`, LIMITS.content),
        embeds,
        components: pagingRow(reply.paging),
      };
    }
    case 'speakers':
    case 'sources': {
      const lines =
        reply.type === 'speakers'
          ? reply.speakers.map(
              (s, i) =>
                `${reply.paging.offset + i + 1}\\. **${escapeDiscord(s.name)}**${s.role ? `, ${escapeDiscord(s.role)}` : ''} — ${s.statementCount}`,
            )
          : reply.sources.map((s, i) => {
              const title = escapeDiscord(s.title);
              const url = safeUrl(s.url);
              const linked = url ? `[${title}](<${url}>)` : title;
              return `${reply.paging.offset + i + 1}\\. ${linked}\n${escapeDiscord(s.outlet)} · ${shownDate(s.published)} · ${plural(s.statementCount, 'statement')}`;
            });
      return {
        ...base,
        embeds: [
          {
            title: truncate(plainDiscord(reply.title), LIMITS.embedTitle),
            description: truncate(lines.join('\n'), LIMITS.embedDescription),
            footer: { text: pagingContent(reply.paging, reply.type === 'speakers' ? 'speaker' : 'article') },
          },
        ],
        components: pagingRow(reply.paging),
      };
    }
    case 'digest': {
      const fields = reply.sections.slice(0, LIMITS.embedFields).map((sec) => {
        const who = speakerHeading(sec.speaker);
        // The span opens the value: a field name shows timestamp markup as raw text.
        const day = (d: string | null) => shownDate(d, escapeDiscord(publishedLabel(d)));
        const span = sec.firstDate === sec.lastDate ? day(sec.firstDate) : `${day(sec.firstDate)} – ${day(sec.lastDate)}`;
        // When they do not all fit, each key statement gets its share of the field, so a long first one
        // cannot crowd out the next.
        const bullets = (share: number) =>
          sec.key
            .map((s) => {
              const tail = ` (${escapeDiscord(s.sources[0]?.outlet ?? '')}, ${shownDate(s.published)})`;
              const lead = reportingLead(s);
              const [open, close] = isVerbatim(s.kind) ? ['• “', '”'] : [`• *${lead ? escapeDiscord(lead) : 'Reported'}:* `, ''];
              const room = Math.max(40, share - tail.length - open.length - close.length);
              return `${open}${truncate(escapeDiscord(statementText(s, s.text)), room)}${close}${tail}`;
            })
            .join('\n');
        const more = digestMoreLine(sec, reply.topic);
        const withMore = (text: string) => `${span}\n${more ? `${text}\n${escapeDiscord(more)}` : text}`;
        const whole = withMore(bullets(Infinity));
        const value =
          whole.length <= LIMITS.fieldValue
            ? whole
            : withMore(
                bullets(
                  Math.floor(
                    (LIMITS.fieldValue - span.length - 1 - sec.key.length - (more ? more.length * 2 + 1 : 0)) / Math.max(1, sec.key.length),
                  ),
                ),
              );
        return {
          name: truncate(plainDiscord(`${who} — ${plural(sec.count, 'statement')}`), LIMITS.fieldName),
          value: truncate(value || '—', LIMITS.fieldValue),
        };
      });
      const embed: APIEmbed = {
        title: truncate(plainDiscord(reply.title), LIMITS.embedTitle),
        description:
          `${plural(reply.totalStatements, 'statement')} from ${plural(reply.sections.length, 'speaker')}` +
          (reply.moreSpeakers ? ` (the most quoted; ${reply.moreSpeakers} more not shown)` : ''),
        fields,
        footer: { text: digestFooter(reply.topic) },
      };
      return { ...base, embeds: fitEmbeds([embed]), components: [] };
    }
    case 'timeline': {
      const embed: APIEmbed = {
        title: truncate(plainDiscord(reply.title), LIMITS.embedTitle),
        description: truncate(localDates(escapeDiscord(reply.subtitle)), LIMITS.embedDescription),
        image: { url: `attachment://${reply.chart.name}` },
        fields: [statementField('First statement', reply.first), statementField('Latest statement', reply.latest)],
      };
      return { ...base, embeds: fitEmbeds([embed]), components: [], files: [reply.chart] };
    }
    case 'file':
      return {
        ...base,
        embeds: [
          {
            title: truncate(plainDiscord(reply.title), LIMITS.embedTitle),
            description: truncate(localDates(escapeDiscord(reply.text)), LIMITS.embedDescription),
          },
        ],
        components: [],
        files: [reply.file],
        flags: MessageFlags.Ephemeral,
      };
    case 'info':
      return {
        ...base,
        embeds: [
          {
            title: truncate(plainDiscord(reply.title), LIMITS.embedTitle),
            fields: reply.fields.slice(0, LIMITS.embedFields).map((f) => ({
              name: truncate(plainDiscord(f.name), LIMITS.fieldName),
              value: truncate(localDates(escapeDiscord(f.value)), LIMITS.fieldValue),
              inline: true,
            })),
          },
        ],
        components: [],
      };
    case 'notice': {
      const suggestions = reply.suggestions.map((s) => `• ${escapeDiscord(s)}`).join('\n');
      return {
        ...base,
        embeds: [
          {
            title: truncate(plainDiscord(reply.title), LIMITS.embedTitle),
            description: truncate(
              localDates(`${escapeDiscord(reply.text)}${suggestions ? `\n${suggestions}` : ''}`),
              LIMITS.embedDescription,
            ),
            color: TONE_COLOR[reply.tone],
          },
        ],
        components: [],
        flags: MessageFlags.Ephemeral,
      };
    }
  }
}
