// Extraction throughput over a folder of .txt/.md articles: prints MB/s.
//   npm run bench:extract -- DIR [--rounds N]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitFrontMatter } from '../articles/front-matter.ts';
import { extractStatements } from '../extract/index.ts';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 1) || 1;
if (!dir) {
  process.stderr.write('usage: extract-bench.ts DIR [--rounds N]\n');
  process.exit(2);
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
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const t of texts) statements += extractStatements(t).length;
const s = (performance.now() - t0) / 1000;
process.stdout.write(
  `${texts.length} texts x ${rounds}, ${(bytes / 1e6).toFixed(2)} MB each round, ${statements / rounds} statements/round: ` +
    `${s.toFixed(2)} s, ${((bytes * rounds) / 1e6 / s).toFixed(2)} MB/s\n`,
);
