// A timeline series -> a Vega-Lite spec: stacked bars per period (x from period start to end, so a week's
// bar is a week wide), a labelled UTC date axis, a title and a legend. Fixed outer size (autosize fit), so
// the picture's size does not depend on label lengths.
import type { TopLevelSpec } from 'vega-lite';
import type { TimelineSeries } from '../reply/types.ts';
import { OTHERS } from './series.ts';

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
export const FONT_FAMILY = 'DejaVu Sans';

/** Tableau 10 without its grey, which is kept for "others", "no topic" and "unattributed". */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const GREY = '#bab0ac';

const MIN_SPAN_DAYS = 14;
const PERIOD_WORD = { day: 'day', week: 'week', month: 'month' } as const;
const DATE_FORMAT = { day: '%d %b', week: '%d %b %Y', month: '%b %Y' } as const;

export interface ChartText {
  title: string;
  subtitle: string;
  /** Labels drawn in grey (catch-all series). */
  catchAll: readonly string[];
}

/** Vega-Lite's DateTime for a UTC instant (plain numbers make it warn about conflicting domains). */
function utcDateTime(t: number) {
  const d = new Date(t);
  return {
    utc: true,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    date: d.getUTCDate(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
  };
}

export function timelineSpec(series: TimelineSeries, text: ChartText): TopLevelSpec {
  const DAY = 86_400_000;
  const t = (date: string) => Date.parse(`${date}T00:00:00Z`);
  // Stacked here rather than by Vega-Lite, which does not stack bars that span x to x2.
  const order = new Map(series.series.map((s, i) => [s.label, i]));
  const height = new Map<string, number>();
  const values = [...series.buckets]
    .sort((a, b) => a.start.localeCompare(b.start) || order.get(a.series)! - order.get(b.series)!)
    .map((b) => {
      const below = height.get(b.start) ?? 0;
      height.set(b.start, below + b.count);
      return {
        start: t(b.start),
        // A small gap between neighbouring bars.
        end: t(b.end) - (series.granularity === 'day' ? 0.12 : series.granularity === 'week' ? 0.6 : 2) * DAY,
        series: b.series,
        count: b.count,
        y0: below,
        y1: below + b.count,
      };
    });
  const labels = series.series.map((s) => s.label);
  let colour = 0;
  const range = labels.map((l) => (l === OTHERS || text.catchAll.includes(l) ? GREY : PALETTE[colour++ % PALETTE.length]!));
  let first = values.length ? Math.min(t(series.from), ...values.map((v) => v.start)) : t(series.from);
  let last = values.length ? Math.max(t(series.to) + DAY, ...values.map((v) => v.end)) : t(series.to) + DAY;
  // At least two weeks wide, so a day's bar stays a bar and the axis counts days, not hours.
  const short = MIN_SPAN_DAYS * DAY - (last - first);
  if (short > 0) {
    first -= Math.floor(short / DAY / 2) * DAY;
    last += Math.ceil(short / DAY / 2) * DAY;
  }
  const spanDays = Math.round((last - first) / DAY);
  const ticks =
    series.granularity === 'day' ? { tickCount: { interval: 'day' as const, step: Math.max(1, Math.ceil(spanDays / 10)) } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    background: 'white',
    title: { text: text.title, subtitle: text.subtitle, anchor: 'start', fontSize: 16, subtitleFontSize: 11, subtitleColor: '#555' },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'start',
        type: 'temporal',
        scale: { type: 'utc', domain: [utcDateTime(first), utcDateTime(last)] },
        axis: {
          ...ticks,
          title: null,
          labelExpr: `utcFormat(datum.value, '${DATE_FORMAT[series.granularity]}')`,
          labelOverlap: true,
          grid: false,
        },
      },
      x2: { field: 'end' },
      y: {
        field: 'y0',
        type: 'quantitative',
        scale: { domain: [0, Math.max(1, ...values.map((v) => v.y1))], nice: true },
        axis: { title: `statements per ${PERIOD_WORD[series.granularity]}`, tickMinStep: 1, format: 'd' },
      },
      y2: { field: 'y1' },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: labels, range },
        legend: { title: series.by === 'topic' ? 'topic' : 'speaker', orient: 'right', labelLimit: 170 },
      },
      tooltip: null,
    },
    config: { font: FONT_FAMILY, view: { stroke: null } },
  };
}
