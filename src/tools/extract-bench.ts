// Extraction throughput over a folder of .txt/.md articles: prints MB/s by CPU time (user + system of this process) and
// by wall time; on Linux also by the main thread's CPU time alone (the process figure adds V8's background threads:
// concurrent GC and JIT compilation, which run beside the extraction on another core when there is one). Default folder: the seed articles; PolNeAR train is the issue-14 measure (3.86 MB).
//   npm run bench:extract -- [DIR] [--rounds N] [--rules | --tagger]
// With --rounds N > 1 the rounds after the first are also reported alone (warm: compiled and optimised).
// --rules: the rules alone; --tagger: rules and the shipped tagger; neither: the default (TAGGER_BY_DEFAULT).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitFrontMatter } from '../articles/front-matter.ts';
import { extractStatements, type ExtractOptions } from '../extract/index.ts';
import { shippedTagger } from '../extract/tagger/index.ts';

const args = process.argv.slice(2);
const dir =
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds') ?? new URL('../../data/articles', import.meta.url).pathname;
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 1) || 1;
const options: ExtractOptions = args.includes('--rules') ? { tagger: null } : args.includes('--tagger') ? { tagger: shippedTagger() } : {};
/** The calling thread's CPU seconds (user + system), or null where /proc/thread-self is not available. */
function threadCpu(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15 (clock ticks, USER_HZ 100).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}
const texts = readdirSync(dir)
  .filter((f) => /\.(txt|md)$/.test(f) && !/^readme\.md$/i.test(f))
  .sort()
  .map((f) => {
    const s = readFileSync(join(dir, f), 'utf8');
    return f.endsWith('.md') ? splitFrontMatter(s).body : s;
  });
const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
let statements = 0;
// One warm-up article: module loading and the model's first use are not throughput.
if (texts[0]) extractStatements(texts[0], options);
const c0 = process.cpuUsage();
const th0 = threadCpu();
const t0 = performance.now();
// After the first round the code is compiled and optimised, as in a bot that has been running: timed apart too.
let afterFirst: { cpu: NodeJS.CpuUsage; thread: number | null; wall: number } | null = null;
for (let r = 0; r < rounds; r++) {
  if (r === 1) afterFirst = { cpu: process.cpuUsage(), thread: threadCpu(), wall: performance.now() };
  for (const t of texts) statements += extractStatements(t, options).length;
}
const t1 = performance.now();
const wall = (t1 - t0) / 1000;
const cpuUsed = process.cpuUsage(c0);
const th1 = threadCpu();
const mainCpu = th0 !== null && th1 !== null ? th1 - th0 : null;
const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
const mb = (bytes * rounds) / 1e6;
const mode = options.tagger === null ? 'rules' : options.tagger ? 'rules + tagger' : 'default';
process.stdout.write(
  `${texts.length} texts x ${rounds}, ${(bytes / 1e6).toFixed(2)} MB each round, ${statements / rounds} statements/round (${mode}):\n` +
    `  CPU  ${cpu.toFixed(2)} s, ${(mb / cpu).toFixed(2)} MB/s\n` +
    (mainCpu !== null ? `  CPU of the main thread ${mainCpu.toFixed(2)} s, ${(mb / mainCpu).toFixed(2)} MB/s\n` : '') +
    `  wall ${wall.toFixed(2)} s, ${(mb / wall).toFixed(2)} MB/s\n`,
);
if (afterFirst) {
  const used = process.cpuUsage(afterFirst.cpu);
  const warmCpu = (used.user + used.system) / 1e6;
  const warmThread = afterFirst.thread !== null && th1 !== null ? th1 - afterFirst.thread : null;
  const warmMb = (bytes * (rounds - 1)) / 1e6;
  process.stdout.write(
    `rounds 2-${rounds} alone (warm):\n` +
      `  CPU  ${warmCpu.toFixed(2)} s, ${(warmMb / warmCpu).toFixed(2)} MB/s\n` +
      (warmThread !== null ? `  CPU of the main thread ${warmThread.toFixed(2)} s, ${(warmMb / warmThread).toFixed(2)} MB/s\n` : '') +
      `  wall ${((t1 - afterFirst.wall) / 1000).toFixed(2)} s\n`,
  );
}
