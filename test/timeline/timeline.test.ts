// /timeline: the counts come from the index, the series and the Vega-Lite spec are built from them, and an
// empty range gets a clear message instead of an empty chart. (The PNG itself: test/e2e/timeline.e2e.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { runCommand } from '../../src/slash/invoke.ts';
import type { CommandContext } from '../../src/slash/types.ts';
import { topicCatalog } from '../../src/topics/index.ts';
import { buildSeries, periodOf } from '../../src/timeline/series.ts';
import { timelineSpec } from '../../src/timeline/spec.ts';
import { cachedShapes, renderPng, renderSvg } from '../../src/timeline/render.ts';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { decodePng } from '../support/png.ts';
import { buildFixture, type Fixture } from '../store/fixture.ts';
import { STORE_ENGINES } from '../support/store-engines.ts';

// Fictional speakers and words.
const ARTICLES = {
  'a.md': {
    published: '2025-01-07',
    body: [
      'Aino Virtanen [defence minister] direct: Security guarantees must come before any ceasefire.',
      'Aino Virtanen [defence minister] indirect: she would not send troops without guarantees.',
      'Jonas Berg [foreign minister] direct: Our troops are not going anywhere.',
    ].join('\n'),
  },
  'b.md': {
    published: '2025-01-09',
    body: 'Aino Virtanen [defence minister] direct: Security guarantees are the whole point.',
  },
  'c.md': {
    published: '2025-02-13',
    body: [
      'Aino Virtanen [defence minister] direct: The winter has been long.',
      'Jonas Berg [foreign minister] direct: No troops this year.',
    ].join('\n'),
  },
};

let fixture: Fixture;
let context: CommandContext;

beforeAll(async () => {
  fixture = await buildFixture(ARTICLES);
  context = { index: fixture.index, topics: topicCatalog(), cursor: null, member: { canManage: false, canPin: false } };
});
afterAll(() => fixture.cleanup());

const speakerId = async (index: Fixture['index'], name: string) => {
  const found = await index.lookupSpeaker(name);
  if (found.kind !== 'found') throw new Error(`${name} not indexed`);
  return found.speaker.id;
};
const virtanen = () => speakerId(fixture.index, 'Virtanen');

// The same counts from both engines (the Postgres query is built by the same code, with its own key and order).
describe.each(STORE_ENGINES)('counts from the index (%s store)', (engine) => {
  let counted: Fixture;
  beforeAll(async () => {
    counted = await buildFixture(ARTICLES, engine);
  });
  afterAll(() => counted?.cleanup());

  it("splits a speaker's statements by their first topic, each statement once", async () => {
    expect(await counted.index.statementCounts({ by: 'topic', speakerId: await speakerId(counted.index, 'Virtanen') })).toEqual([
      { day: '2025-01-07', key: 'guarantees', count: 1 },
      // "troops without guarantees" is on both topics; it counts once, under the first in catalog order.
      { day: '2025-01-07', key: 'troops', count: 1 },
      { day: '2025-01-09', key: 'guarantees', count: 1 },
      { day: '2025-02-13', key: '', count: 1 },
    ]);
  });

  it("with a topic, every one of the speaker's statements on it counts under that topic, within the dates asked", async () => {
    const filter = { by: 'topic', speakerId: await speakerId(counted.index, 'Virtanen'), topic: 'guarantees', to: '2025-01-08' } as const;
    expect(await counted.index.statementCounts(filter)).toEqual([{ day: '2025-01-07', key: 'guarantees', count: 2 }]);
  });

  it("splits a topic's statements by speaker, within the dates asked", async () => {
    const berg = await speakerId(counted.index, 'Berg');
    expect(await counted.index.statementCounts({ by: 'speaker', topic: 'troops', from: '2025-01-08' })).toEqual([
      { day: '2025-02-13', key: String(berg), count: 1 },
    ]);
  });
});

describe('series and spec', () => {
  it('weeks start on Monday; short ranges are drawn per day, long ones per month', () => {
    expect(periodOf('2025-01-09', 'week')).toEqual({ start: '2025-01-06', end: '2025-01-13' });
    expect(periodOf('2025-01-05', 'week')).toEqual({ start: '2024-12-30', end: '2025-01-06' });
    expect(periodOf('2025-02-13', 'month')).toEqual({ start: '2025-02-01', end: '2025-03-01' });
    const counts = [{ day: '2025-01-07', key: 'x', count: 2 }];
    expect(buildSeries({ by: 'topic', counts, label: (k) => k, from: '2025-01-01', to: '2025-01-31' })!.granularity).toBe('day');
    expect(buildSeries({ by: 'topic', counts, label: (k) => k, from: '2025-01-01', to: '2025-06-30' })!.granularity).toBe('week');
    expect(buildSeries({ by: 'topic', counts, label: (k) => k, from: '2023-01-01', to: '2025-06-30' })!.granularity).toBe('month');
  });

  it('builds the weekly stacked bars of the spec from the index', async () => {
    const topics = topicCatalog();
    const series = buildSeries({
      by: 'topic',
      counts: await fixture.index.statementCounts({ by: 'topic', speakerId: await virtanen() }),
      label: (key) => (key ? topics.get(key)!.name : 'no topic'),
    })!;
    expect(series.granularity).toBe('week');
    expect(series.series).toEqual([
      { label: 'Security guarantees', total: 2 },
      { label: 'Troops on the ground', total: 1 },
      { label: 'no topic', total: 1 },
    ]);
    const spec = timelineSpec(series, { title: 'Aino Virtanen, by topic', subtitle: 'sub', catchAll: ['no topic'] }) as unknown as {
      title: { text: string };
      data: { values: { start: number; end: number; series: string; count: number; y0: number; y1: number }[] };
      encoding: { color: { scale: { domain: string[]; range: string[] } } };
    };
    expect(spec.title.text).toBe('Aino Virtanen, by topic');
    const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
    // The week of 6 January: two on guarantees, then one on troops stacked on top; 10 February: one without topic.
    expect(spec.data.values.map(({ start, series: s, count, y0, y1 }) => ({ start, s, count, y0, y1 }))).toEqual([
      { start: day('2025-01-06'), s: 'Security guarantees', count: 2, y0: 0, y1: 2 },
      { start: day('2025-01-06'), s: 'Troops on the ground', count: 1, y0: 2, y1: 3 },
      { start: day('2025-02-10'), s: 'no topic', count: 1, y0: 0, y1: 1 },
    ]);
    // A week's bar spans (almost) the week.
    expect(spec.data.values[0]!.end).toBeGreaterThan(day('2025-01-12'));
    expect(spec.data.values[0]!.end).toBeLessThan(day('2025-01-13'));
    expect(spec.encoding.color.scale.domain).toEqual(['Security guarantees', 'Troops on the ground', 'no topic']);
    expect(spec.encoding.color.scale.range[2]).toBe('#bab0ac');
  });

  it('keeps the six most quoted speakers of a topic and puts the rest under "others"', async () => {
    const counts = Array.from({ length: 9 }, (_, i) => ({ day: '2025-03-03', key: String(i + 1), count: 10 - i }));
    const series = buildSeries({ by: 'speaker', counts, label: (k) => `S${k}` })!;
    expect(series.series.map((s) => s.label)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'others']);
    expect(series.series.at(-1)!.total).toBe(4 + 3 + 2);
    expect(series.total).toBe(counts.reduce((n, c) => n + c.count, 0));
  });
});

describe('rendering untrusted names', () => {
  it('draws labels and titles from article text as text: escaped in the SVG, the PNG still decodes', async () => {
    const hostile = '</text><script>alert(1)</script> & "x" \'y\' {{datum}} @everyone';
    const series = buildSeries({ by: 'speaker', counts: [{ day: '2025-01-01', key: '1', count: 2 }], label: () => hostile })!;
    const chart = await renderPng(timelineSpec(series, { title: hostile, subtitle: "datum.value ' \\", catchAll: [] }));
    expect(chart.svg).not.toContain('<script>');
    expect(chart.svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(decodePng(chart.png)).toMatchObject({ width: 1200, height: 600 });
  });
});

describe('rendering leaves the process as it was', () => {
  it("Vega-Lite's Set.prototype.toJSON is gone after a chart (it changed every JSON of a Set, and discord.js failed to load after it)", async () => {
    const series = buildSeries({ by: 'speaker', counts: [{ day: '2025-01-01', key: '1', count: 2 }], label: () => 'A' })!;
    await renderSvg(timelineSpec(series, { title: 'T', subtitle: 'S', catchAll: [] }));
    expect(Object.hasOwn(Set.prototype, 'toJSON')).toBe(false);
    expect(JSON.stringify({ topics: new Set(['troops']) })).toBe('{"topics":{}}');
  });
});

describe('rendering speed', () => {
  it('compiles a chart shape once: the same shape with other counts reuses it and draws what a fresh compile draws', async () => {
    const spec = (n: number) =>
      timelineSpec(
        buildSeries({
          by: 'topic',
          counts: [
            { day: '2025-01-06', key: 'a', count: n },
            { day: '2025-01-20', key: 'b', count: 3 },
          ],
          from: '2025-01-01',
          to: '2025-01-31',
          label: (k) => k,
        })!,
        {
          title: 'Shape test',
          subtitle: 'January',
          catchAll: [],
        },
      );
    // The same y domain (the tallest bar is 3 in both), so only the rows differ.
    const [a, b] = [spec(1), spec(2)];
    expect(JSON.stringify({ ...a, data: null })).toBe(JSON.stringify({ ...b, data: null }));
    const before = cachedShapes();
    const svgA = await renderSvg(a);
    const svgB = await renderSvg(b);
    expect(cachedShapes()).toBe(before + 1);
    expect(svgB).not.toBe(svgA);
    const fresh = new vega.View(
      vega.parse(compile(b, { logger: { level: () => 0, warn() {}, info() {}, debug() {}, error() {} } as never }).spec),
      { renderer: 'none' },
    );
    expect(svgB).toBe(await fresh.toSVG());
    fresh.finalize();
    // The kept View swaps its rows: back to a's rows draws a's picture, and renders started together each
    // draw their own rows.
    expect(await renderSvg(a)).toBe(svgA);
    expect(await Promise.all([renderSvg(b), renderSvg(a), renderSvg(b)])).toEqual([svgB, svgA, svgB]);
    expect(cachedShapes()).toBe(before + 1);
  });
});

describe('the command', () => {
  it('answers an empty range with a message, not a chart', async () => {
    const reply = await runCommand(
      commands,
      { command: 'timeline', options: { subcommand: 'speaker', speaker: 'Virtanen', from: '2025-03-01', to: '2025-03-31' } },
      context,
    );
    expect(reply).toMatchObject({
      type: 'notice',
      title: 'No statements to draw',
      text: 'Aino Virtanen: no statements in the index between 2025-03-01 and 2025-03-31.',
    });
  });

  it('refuses dates the wrong way round or malformed', async () => {
    const backwards = await runCommand(
      commands,
      { command: 'timeline', options: { subcommand: 'topic', topic: 'troops', from: '2025-03-01', to: '2025-01-01' } },
      context,
    );
    expect(backwards).toMatchObject({ type: 'notice', tone: 'warning', text: 'from (2025-03-01) is after to (2025-01-01).' });
    const malformed = await runCommand(
      commands,
      { command: 'timeline', options: { subcommand: 'topic', topic: 'troops', from: '2025-02-30' } },
      context,
    );
    expect(malformed).toMatchObject({ type: 'notice', tone: 'warning', title: 'Check the dates' });
  });

  it('draws a topic by speaker with its first and latest statement', async () => {
    const reply = await runCommand(commands, { command: 'timeline', options: { subcommand: 'topic', topic: 'troops' } }, context);
    if (reply.type !== 'timeline') throw new Error(JSON.stringify(reply));
    expect(reply.series.series).toEqual([
      { label: 'Jonas Berg', total: 2 },
      { label: 'Aino Virtanen', total: 1 },
    ]);
    // The same day: the one earlier in the article comes first.
    expect(reply.first.text).toBe('she would not send troops without guarantees.');
    expect(reply.latest.text).toBe('No troops this year.');
    expect(reply.chart.name).toBe('timeline-troops-on-the-ground-2025-01-07-2025-02-13.png');
    expect(Buffer.from(reply.chart.data.subarray(1, 4)).toString('latin1')).toBe('PNG');
  });
});
