// Day counts from the index -> the periods a timeline draws: days for short ranges, ISO weeks (Monday
// first) for up to two years, months beyond. Speakers beyond the six most quoted become "others".
// Room timeline/: the /timeline series, chart spec and PNG rendering; imports reply/ and store types only.
import type { DayCount } from '../store/types.ts';
import type { TimelineBucket, TimelineSeries } from '../reply/types.ts';

export const MAX_SPEAKER_SERIES = 6;
export const OTHERS = 'others';
/** Ranges up to this many days are drawn per day. */
const DAILY_UP_TO = 31;
/** Ranges up to this many days are drawn per week; longer ones per month. */
const WEEKLY_UP_TO = 731;
const DAY_MS = 86_400_000;

const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export function granularityFor(from: string, to: string): TimelineSeries['granularity'] {
  const days = Math.round((ms(to) - ms(from)) / DAY_MS) + 1;
  return days <= DAILY_UP_TO ? 'day' : days <= WEEKLY_UP_TO ? 'week' : 'month';
}

/** The period containing `day`: [start, end) as ISO dates. */
export function periodOf(day: string, granularity: TimelineSeries['granularity']): { start: string; end: string } {
  const t = ms(day);
  if (granularity === 'day') return { start: day, end: iso(t + DAY_MS) };
  if (granularity === 'week') {
    const sinceMonday = (new Date(t).getUTCDay() + 6) % 7;
    const start = t - sinceMonday * DAY_MS;
    return { start: iso(start), end: iso(start + 7 * DAY_MS) };
  }
  const d = new Date(t);
  return { start: iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)), end: iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)) };
}

export interface SeriesInput {
  by: TimelineSeries['by'];
  counts: DayCount[];
  /** The range asked for; open ends fall back to the first and last day with statements. */
  from?: string;
  to?: string;
  /** A key's label (topic name, speaker name); the label for '' (no topic, unattributed) included. */
  label(key: string): string;
}

/** The series to draw, or null when no statement falls in the range. */
export function buildSeries(input: SeriesInput): TimelineSeries | null {
  const counts = input.counts.filter((c) => c.count > 0);
  if (!counts.length) return null;
  const from = input.from ?? counts[0]!.day;
  const to = input.to ?? counts[counts.length - 1]!.day;
  const granularity = granularityFor(from, to);

  const totals = new Map<string, number>();
  for (const c of counts) totals.set(c.key, (totals.get(c.key) ?? 0) + c.count);
  // Largest first; the catch-all key '' goes last whatever its size.
  const ranked = [...totals.entries()].sort(
    (a, b) => Number(a[0] === '') - Number(b[0] === '') || b[1] - a[1] || input.label(a[0]).localeCompare(input.label(b[0])),
  );
  const kept = input.by === 'speaker' && ranked.length > MAX_SPEAKER_SERIES + 1 ? ranked.slice(0, MAX_SPEAKER_SERIES) : ranked;
  const keptKeys = new Set(kept.map(([key]) => key));
  const labelOf = (key: string) => (keptKeys.has(key) ? input.label(key) : OTHERS);
  const series = kept.map(([key, total]) => ({ label: input.label(key), total }));
  const othersTotal = ranked.filter(([key]) => !keptKeys.has(key)).reduce((n, [, t]) => n + t, 0);
  if (othersTotal) series.push({ label: OTHERS, total: othersTotal });

  const order = new Map(series.map((s, i) => [s.label, i]));
  const byPeriod = new Map<string, TimelineBucket>();
  for (const c of counts) {
    const period = periodOf(c.day, granularity);
    const label = labelOf(c.key);
    const id = `${period.start}\u0000${label}`;
    const bucket = byPeriod.get(id);
    if (bucket) bucket.count += c.count;
    else byPeriod.set(id, { ...period, series: label, count: c.count });
  }
  const buckets = [...byPeriod.values()].sort((a, b) => a.start.localeCompare(b.start) || order.get(a.series)! - order.get(b.series)!);
  return { granularity, by: input.by, from, to, series, buckets, total: counts.reduce((n, c) => n + c.count, 0) };
}
