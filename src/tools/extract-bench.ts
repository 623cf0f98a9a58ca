// Extraction throughput over a folder of .txt/.md articles: prints MB/s by CPU time (user + system of this process) and
// by wall time. Default folder: the seed articles; PolNeAR train is the issue-14 measure (3.86 MB).
//   npm run bench:extract -- [DIR] [--rounds N] [--rules | --tagger]
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
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const t of texts) statements += extractStatements(t, options).length;
const wall = (performance.now() - t0) / 1000;
const cpuUsed = process.cpuUsage(c0);
const cpu = (cpuUsed.user + cpuUsed.system) / 1e6;
const mb = (bytes * rounds) / 1e6;
const mode = options.tagger === null ? 'rules' : options.tagger ? 'rules + tagger' : 'default';
process.stdout.write(
  `${texts.length} texts x ${rounds}, ${(bytes / 1e6).toFixed(2)} MB each round, ${statements / rounds} statements/round (${mode}):\n` +
    `  CPU  ${cpu.toFixed(2)} s, ${(mb / cpu).toFixed(2)} MB/s\n` +
    `  wall ${wall.toFixed(2)} s, ${(mb / wall).toFixed(2)} MB/s\n`,
);
