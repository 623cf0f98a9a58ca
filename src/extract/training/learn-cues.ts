// Offline: learns the long tail of cue words from an annotated corpus (PolNeAR train), shipped as data/extract-learned-cues.json.
//   node src/bin/run-ts.mjs src/extract/training/learn-cues.ts CORPUS_DIR [--out data/extract-learned-cues.json]
// For each word outside quotes: how often it is (the head of) an annotated cue vs how often it occurs at all.
// Only words with enough evidence and a high enough ratio are kept; the curated lexicon in data/cues.yaml wins over them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../document.ts';
import { parse } from 'yaml';
import { buildLexicon } from '../lexicon.ts';
import { cueSpans } from './brat.ts';

// The curated lexicon alone (without the learned file this script writes), so relearning is idempotent.
const LEXICON = buildLexicon(
  parse(readFileSync(new URL('../../../data/cues.yaml', import.meta.url), 'utf8')),
  parse(readFileSync(new URL('../../../data/extract-nouns.yaml', import.meta.url), 'utf8')),
);

const MIN_CUE = 4;
const MIN_RATIO = 0.3;
const SKIP = new Set([
  'also',
  'has',
  'have',
  'had',
  'was',
  'is',
  'are',
  'were',
  'been',
  'be',
  'not',
  'did',
  'would',
  'will',
  'could',
  'to',
  'the',
  'a',
  'an',
  'that',
  'of',
  'in',
  'on',
  'for',
  'and',
  'it',
  'as',
  'with',
  'by',
  'at',
  'from',
  'about',
  'his',
  'her',
  'their',
]);

function main(argv: string[]): number {
  const dir = argv.find((a) => !a.startsWith('--'));
  const outIdx = argv.indexOf('--out');
  const out = outIdx >= 0 ? argv[outIdx + 1]! : new URL('../../../data/extract-learned-cues.json', import.meta.url).pathname;
  if (!dir) {
    process.stderr.write('usage: learn-cues.ts CORPUS_DIR [--out FILE]\n');
    return 2;
  }
  const seen = new Map<string, number>(),
    cue = new Map<string, number>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    let ann: string;
    try {
      ann = readFileSync(join(dir, f.replace(/\.txt$/, '.ann')), 'utf8');
    } catch {
      continue;
    }
    const spans = cueSpans(ann).sort((a, b) => a[0] - b[0]);
    const doc = analyse(text);
    let si = 0;
    for (const tk of doc.tokens) {
      if (!tk.word || tk.quote >= 0 || tk.cap || !/^[a-z]+$/.test(tk.lower)) continue;
      seen.set(tk.lower, (seen.get(tk.lower) ?? 0) + 1);
      while (si < spans.length && spans[si]![1] <= tk.start) si++;
      const inCue = spans.slice(si, si + 4).some(([s, e]) => s <= tk.start && tk.end <= e);
      if (inCue && !SKIP.has(tk.lower)) cue.set(tk.lower, (cue.get(tk.lower) ?? 0) + 1);
    }
  }
  const learned: Record<string, { cue: number; seen: number }> = {};
  for (const [w, c] of [...cue].sort((a, b) => b[1] - a[1])) {
    const n = seen.get(w) ?? 0;
    if (c < MIN_CUE || c / n < MIN_RATIO || LEXICON.verbs.has(w) || LEXICON.determiners.has(w) || LEXICON.pronouns.has(w)) continue;
    // Adverbs ride along inside cue spans ("repeatedly said") but never head one.
    if (/ly$/.test(w) || LEXICON.between.has(w) || w === 'according') continue;
    learned[w] = { cue: c, seen: n };
  }
  const data = { version: 1, source: `${files.length} annotated texts`, minCue: MIN_CUE, minRatio: MIN_RATIO, cues: learned };
  writeFileSync(out, JSON.stringify(data, null, 1) + '\n');
  process.stderr.write(`${Object.keys(learned).length} learned cue words -> ${out}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
