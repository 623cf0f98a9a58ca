// npm run bench:timeline: render time of a year of weekly stacked bars (series -> Vega-Lite -> SVG -> PNG),
// p50/p95 over repeated renders after a warm-up. Target: p95 <= 150 ms on the project machine.
import { buildSeries } from '../../src/timeline/series.ts';
import { timelineSpec } from '../../src/timeline/spec.ts';
import { renderPng, renderSvg } from '../../src/timeline/render.ts';
import { availableParallelism, loadavg } from 'node:os';
import { prng } from '../support/prng.ts';

const RUNS = Number(process.env.WHOSAID_BENCH_RUNS ?? 40);
const WARMUP = 5;
const random = prng(16);
const TOPICS = ['troops', 'guarantees', 'coalition', 'negotiations', 'defence-industry', 'us-role', 'nato', ''];

const counts = [];
for (let day = 0; day < 365; day++) {
  const date = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
  for (const key of TOPICS) {
    const n = Math.floor(random() * 3);
    if (n) counts.push({ day: date, key, count: n });
  }
}
const series = buildSeries({ by: 'topic', counts, from: '2025-01-01', to: '2025-12-31', label: (k) => k || 'no topic' })!;
const spec = timelineSpec(series, {
  title: 'Benchmark speaker, by topic — statements per week',
  subtitle: `2025 · ${series.total} statements`,
  catchAll: ['no topic'],
});

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const total: number[] = [];
const svgOnly: number[] = [];
const cpu: number[] = [];
let bytes = 0;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const loadBefore = loadavg()[0]!;
for (let i = 0; i < WARMUP + RUNS; i++) {
  let t = performance.now();
  await renderSvg(spec);
  const svgMs = performance.now() - t;
  t = performance.now();
  const since = process.cpuUsage();
  const chart = await renderPng(spec);
  const ms = performance.now() - t;
  if (i >= WARMUP) {
    // CPU time of the whole process (the main thread and resvg's thread pool): less sensitive to other load.
    cpu.push(cpuMs(since));
    total.push(ms);
    svgOnly.push(svgMs);
    bytes = chart.png.length;
  }
}
// A new title every run: nothing cached, Vega-Lite compile and Vega parse each time (a first request).
const cold: number[] = [];
for (let i = 0; i < WARMUP + RUNS; i++) {
  const fresh = timelineSpec(series, {
    title: `Benchmark speaker ${i}, by topic — statements per week`,
    subtitle: '2025',
    catchAll: ['no topic'],
  });
  const t = performance.now();
  await renderPng(fresh);
  if (i >= WARMUP) cold.push(performance.now() - t);
}
const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;
console.log(
  `timeline render: ${series.buckets.length} bar segments over ${new Set(series.buckets.map((b) => b.start)).size} weeks, ${series.series.length} series, ${RUNS} runs`,
);
console.log(`  spec -> SVG (vega):        ${fmt(svgOnly)}`);
console.log(`  spec -> PNG (vega + resvg): ${fmt(total)}  (${bytes} bytes)`);
console.log(`  spec -> PNG, new shape each run: ${fmt(cold)}`);
console.log(`  CPU time per PNG render (all threads): ${fmt(cpu)}`);
console.log(
  `  load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`,
);
console.log(`  target p95 <= 150 ms: ${percentile(total, 95) <= 150 ? 'met' : 'NOT met'}`);
