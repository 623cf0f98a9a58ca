// /timeline speaker speaker [topic] [from] [to] | topic topic [from] [to]: a chart of statements per day,
// week or month, stacked by topic (one speaker) or by speaker (one topic), with the first and latest
// statement. The chart is drawn by src/timeline (Vega-Lite -> SVG -> PNG) and attached to the reply.
import { ApplicationCommandOptionType } from '../src/slash/option-types.ts';
import { defineCommand, type CommandContext } from '../src/slash/types.ts';
import { resolveSpeaker, resolveTopic, autocompleteSpeaker, speakerOption, topicOption } from '../src/slash/shared.ts';
import { notice, type Reply } from '../src/reply/types.ts';
import { plural } from '../src/reply/wording.ts';
import { isoDate } from '../src/text/schema.ts';
import type { StatementFilter } from '../src/store/types.ts';
import { buildSeries } from '../src/timeline/series.ts';
import { timelineSpec } from '../src/timeline/spec.ts';
import { renderPng } from '../src/timeline/render.ts';
import { fileSlug } from '../src/timeline/file-name.ts';

const NO_TOPIC = 'no topic';
const UNATTRIBUTED = 'unattributed';
/** The first day's statements read to find its earliest one. */
const FIRST_DAY_SCAN = 100;

const dateOption = (name: 'from' | 'to', description: string) =>
  ({ type: ApplicationCommandOptionType.String, name, description, required: false, min_length: 10, max_length: 10 }) as const;

function parseDate(name: string, value: string | undefined): { ok: true; value?: string } | { ok: false; reply: Reply } {
  if (value === undefined) return { ok: true };
  const parsed = isoDate.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    reply: notice('timeline', 'Check the dates', `${name} must be a date written YYYY-MM-DD, e.g. 2025-09-01.`, { tone: 'warning' }),
  };
}

/** The earliest and the newest statement of the filter (within the range drawn). */
async function firstAndLatest(context: CommandContext, filter: StatementFilter, firstDay: string) {
  const latest = (await context.index.findStatements(filter, { limit: 1, order: 'newest' })).items[0];
  // Newest first within the first day: its earliest statement is the last one read.
  const day = (await context.index.findStatements({ ...filter, from: firstDay, to: firstDay }, { limit: FIRST_DAY_SCAN, order: 'newest' }))
    .items;
  return { first: day[day.length - 1], latest };
}

export default defineCommand({
  definition: {
    name: 'timeline',
    description: 'A chart of statements over time: by topic for a speaker, by speaker for a topic',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'speaker',
        description: "A speaker's statements per week (or day), by topic",
        options: [
          speakerOption('Whose statements', true),
          topicOption('Only statements on this topic', false),
          dateOption('from', 'First day (YYYY-MM-DD)'),
          dateOption('to', 'Last day (YYYY-MM-DD)'),
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'topic',
        description: "A topic's statements per week (or day), by speaker",
        options: [topicOption('The topic', true), dateOption('from', 'First day (YYYY-MM-DD)'), dateOption('to', 'Last day (YYYY-MM-DD)')],
      },
    ],
  },

  // Drawing the chart takes a moment: acknowledge first.
  defer: 'public',

  async run(options, context) {
    const from = parseDate('from', options.from);
    if (!from.ok) return from.reply;
    const to = parseDate('to', options.to);
    if (!to.ok) return to.reply;
    if (from.value && to.value && from.value > to.value) {
      return notice('timeline', 'Check the dates', `from (${from.value}) is after to (${to.value}).`, { tone: 'warning' });
    }
    const range = { from: from.value, to: to.value };
    const during =
      range.from && range.to
        ? ` between ${range.from} and ${range.to}`
        : range.from
          ? ` since ${range.from}`
          : range.to
            ? ` until ${range.to}`
            : '';

    let title: string;
    let subject: string;
    let filter: StatementFilter;
    let series;
    let counts;
    if (options.subcommand === 'speaker') {
      const who = await resolveSpeaker('timeline', options.speaker, context);
      if (!who.ok) return who.reply;
      const about = options.topic === undefined ? null : resolveTopic('timeline', options.topic, context.topics);
      if (about && !about.ok) return about.reply;
      filter = { speakerId: who.value.id, topic: about?.value.id, ...range };
      subject = about ? `${who.value.name} on ${about.value.name}` : who.value.name;
      counts = await context.index.statementCounts({ by: 'topic', speakerId: who.value.id, topic: about?.value.id, ...range });
      series = buildSeries({ by: 'topic', counts, ...range, label: (key) => (key ? (context.topics.get(key)?.name ?? key) : NO_TOPIC) });
      title = about ? subject : `${subject}, by topic`;
    } else {
      const about = resolveTopic('timeline', options.topic, context.topics);
      if (!about.ok) return about.reply;
      filter = { topic: about.value.id, ...range };
      subject = about.value.name;
      counts = await context.index.statementCounts({ by: 'speaker', topic: about.value.id, ...range });
      const names = new Map<string, string>();
      for (const key of new Set(counts.map((c) => c.key))) {
        if (key) names.set(key, (await context.index.getSpeaker(Number(key)))?.name ?? `speaker #${key}`);
      }
      series = buildSeries({
        by: 'speaker',
        counts,
        ...range,
        label: (key) => (key ? (names.get(key) ?? `speaker #${key}`) : UNATTRIBUTED),
      });
      title = `${subject}, by speaker`;
    }
    if (!series) {
      return notice('timeline', 'No statements to draw', `${subject}: no statements in the index${during}.`, {
        suggestions: during ? ['Widen the dates, or leave out from and to for everything in the index.'] : [],
      });
    }
    const { first, latest } = await firstAndLatest(context, filter, counts.find((c) => c.count > 0)!.day);
    if (!first || !latest) return notice('timeline', 'No statements to draw', `${subject}: no statements in the index${during}.`);

    const subtitle =
      `${series.from} to ${series.to} · ${plural(series.total, 'statement')}` +
      (series.by === 'topic' && series.series.length > 1 ? ' · each counted once, under its first topic' : '') +
      (series.by === 'speaker' && series.series.some((s) => s.label === 'others') ? ' · the six most quoted, then others' : '');
    const chartTitle = `${title} — statements per ${series.granularity}`;
    const chart = await renderPng(timelineSpec(series, { title: chartTitle, subtitle, catchAll: [NO_TOPIC, UNATTRIBUTED] }));
    return {
      type: 'timeline',
      command: 'timeline',
      title: chartTitle,
      subtitle,
      series,
      first,
      latest,
      chart: {
        name: `timeline-${fileSlug(subject)}-${series.from}-${series.to}.png`,
        contentType: 'image/png',
        data: chart.png,
        description: `Bar chart: ${chartTitle}, ${subtitle}`.slice(0, 1024),
      },
    };
  },

  autocomplete: autocompleteSpeaker,
});
