// Offline: trains the learned cue sieve (an averaged perceptron) on an annotated corpus (PolNeAR train) and writes
// data/extract-cue-model.json. No downloads; the corpus path is an argument.
//   node src/bin/run-ts.mjs src/extract/training/train-cue-model.ts CORPUS_DIR [--out FILE] [--precision 0.55]
// Candidates are the learned sieve's own (the rules run first, with the model switched off); a candidate is positive when
// its verb lies inside an annotated Cue span. 80 % of the texts train a first model whose scores on the other 20 % choose
// the threshold (the lowest score whose held-out precision stays at the target); the shipped model is retrained on all.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../document.ts';
import { runSieves, type CueCandidate } from '../sieves/index.ts';
import { cueSpans } from './brat.ts';

interface Example {
  features: string[];
  label: 1 | -1;
  doc: number;
}

function collect(dir: string): Example[] {
  const examples: Example[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  files.forEach((f, doc) => {
    let ann: string;
    try {
      ann = readFileSync(join(dir, f.replace(/\.txt$/, '.ann')), 'utf8');
    } catch {
      return;
    }
    const spans = cueSpans(ann);
    const found: CueCandidate[] = [];
    runSieves(analyse(readFileSync(join(dir, f), 'utf8')), { cueModel: null, collect: (c) => found.push(c) });
    for (const c of found) {
      const hit = spans.some(([s, e]) => s <= c.cue.start && c.cue.end <= e);
      examples.push({ features: c.features, label: hit ? 1 : -1, doc });
    }
  });
  return examples;
}

/** Averaged perceptron over binary features; a fixed shuffle keeps runs reproducible. */
function train(examples: Example[], epochs = 8): Map<string, number> {
  const w = new Map<string, number>(),
    total = new Map<string, number>(),
    stamp = new Map<string, number>();
  let t = 1;
  const order = examples.map((_, i) => i);
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const touch = (f: string) => {
    const last = stamp.get(f) ?? 0;
    total.set(f, (total.get(f) ?? 0) + (t - last) * (w.get(f) ?? 0));
    stamp.set(f, t);
  };
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const ex = examples[i]!;
      let s = 0;
      for (const f of ex.features) s += w.get(f) ?? 0;
      if (ex.label * s <= 0) {
        for (const f of ex.features) {
          touch(f);
          w.set(f, (w.get(f) ?? 0) + ex.label);
        }
      }
      t++;
    }
  }
  const avg = new Map<string, number>();
  for (const f of w.keys()) {
    touch(f);
    const a = (total.get(f) ?? 0) / t;
    if (Math.abs(a) > 1e-3) avg.set(f, a);
  }
  return avg;
}

const score = (w: Map<string, number>, ex: Example) => ex.features.reduce((s, f) => s + (w.get(f) ?? 0), 0);

function chooseThreshold(w: Map<string, number>, held: Example[], precision: number): { threshold: number; p: number; r: number } {
  const scored = held.map((ex) => ({ s: score(w, ex), y: ex.label })).sort((a, b) => b.s - a.s);
  const positives = scored.filter((x) => x.y === 1).length;
  let tp = 0,
    best = { threshold: Infinity, p: 0, r: 0 };
  scored.forEach((x, i) => {
    if (x.y === 1) tp++;
    const p = tp / (i + 1);
    if (p >= precision && i >= 20) best = { threshold: x.s, p, r: tp / positives };
  });
  return best;
}

function main(argv: string[]): number {
  const dir = argv.find((a) => !a.startsWith('--') && !/^\d/.test(a));
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = arg('--out') ?? new URL('../../../data/extract-cue-model.json', import.meta.url).pathname;
  const precision = Number(arg('--precision') ?? 0.55);
  if (!dir) {
    process.stderr.write('usage: train-cue-model.ts CORPUS_DIR [--out FILE] [--precision P]\n');
    return 2;
  }
  const examples = collect(dir);
  const pos = examples.filter((e) => e.label === 1).length;
  process.stderr.write(`${examples.length} candidates, ${pos} positive\n`);
  const fit = examples.filter((e) => e.doc % 5 !== 0),
    held = examples.filter((e) => e.doc % 5 === 0);
  const first = train(fit);
  const { threshold, p, r } = chooseThreshold(first, held, precision);
  process.stderr.write(`held-out: threshold ${threshold.toFixed(3)} -> precision ${p.toFixed(3)}, recall ${r.toFixed(3)}\n`);
  const weights = train(examples);
  // Keep the file small: the strongest features only, rounded.
  const kept = [...weights]
    .filter(([, v]) => Math.abs(v) >= 0.02)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, 20000);
  const model = {
    version: 1,
    source: `${examples.length} candidates from ${dir.split('/').filter(Boolean).slice(-2).join('/')}`,
    precisionTarget: precision,
    heldOut: { precision: Number(p.toFixed(3)), recall: Number(r.toFixed(3)) },
    threshold: Number(threshold.toFixed(4)),
    weights: Object.fromEntries(kept.map(([f, v]) => [f, Number(v.toFixed(4))])),
  };
  writeFileSync(out, JSON.stringify(model) + '\n');
  process.stderr.write(`${kept.length} weights -> ${out}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
