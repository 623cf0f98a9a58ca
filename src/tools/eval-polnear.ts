// Evaluate the extractor on a PolNeAR split: extract every NAME.txt, write NAME.json predictions, run score.mjs.
//   npm run eval -- CORPUS_DIR [--out DIR] [--score PATH/score.mjs] [--json] [--rules | --tagger] [--min-confidence X]
// --rules: the rules alone; --tagger: rules and the shipped tagger; neither: the default. --min-confidence keeps only
// statements at or above X (0.45 is the product's floor); without it every draft is kept (PolNeAR's broad attribution).
// CORPUS_DIR holds NAME.txt + NAME.ann (e.g. ../shared/eval/polnear/data/dev); score.mjs defaults to CORPUS/../../score.mjs.
// Room tools/: developer scripts (evaluation, benchmarks); may import extract/ and articles/, nothing imports them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractDrafts, type ExtractOptions } from '../extract/index.ts';
import { shippedTagger } from '../extract/tagger/index.ts';
import { toPrediction } from '../extract/prediction.ts';

function main(argv: string[]): number {
  let corpus: string | null = null,
    out: string | null = null,
    score: string | null = null,
    json = false,
    floor = 0;
  const options: ExtractOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') out = argv[++i] ?? null;
    else if (a === '--score') score = argv[++i] ?? null;
    else if (a === '--json') json = true;
    else if (a === '--rules') options.tagger = null;
    else if (a === '--tagger') options.tagger = shippedTagger();
    else if (a === '--min-confidence') floor = Number(argv[++i]);
    else if (!corpus) corpus = a;
  }
  if (!corpus) {
    process.stderr.write('usage: eval-polnear.ts CORPUS_DIR [--out DIR] [--score score.mjs] [--json]\n');
    return 2;
  }
  corpus = resolve(corpus);
  out = resolve(out ?? mkdtempSync(join(tmpdir(), 'whosaid-eval-')));
  score = resolve(score ?? join(corpus, '..', '..', 'score.mjs'));
  mkdirSync(out, { recursive: true });
  const files = readdirSync(corpus)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const t0 = performance.now();
  let bytes = 0,
    n = 0;
  for (const f of files) {
    const text = readFileSync(join(corpus, f), 'utf8');
    bytes += Buffer.byteLength(text);
    const pred = toPrediction(
      text,
      extractDrafts(text, options).filter((d) => d.confidence >= floor),
      'file',
      0,
    );
    n += pred.statements.length;
    writeFileSync(join(out, f.replace(/\.txt$/, '.json')), JSON.stringify(pred));
  }
  const ms = performance.now() - t0;
  process.stderr.write(
    `extracted ${files.length} texts (${(bytes / 1e6).toFixed(1)} MB), ${n} statements in ${(ms / 1000).toFixed(2)} s -> ${out}\n`,
  );
  const r = spawnSync(process.execPath, [score, '--gold', corpus, '--pred', out, ...(json ? ['--json'] : [])], { stdio: 'inherit' });
  return r.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
