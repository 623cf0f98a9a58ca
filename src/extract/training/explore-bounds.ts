// Exploration (not part of npm run train): the boundary correction on held-out folds with the committed model's policy.
//   node src/bin/run-ts.mjs src/extract/training/explore-bounds.ts CORPUS --cache PREFIX [--fold 0,1/5]
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toPrediction } from '../prediction.ts';
import { combine, policyOf, type HybridPolicy } from '../tagger/index.ts';
import { loadTagger } from '../tagger/model.ts';
import { args, asModel, cachedTrain, featurise, load, score, spanScores, tagAllFull, textClusters } from './train-tagger.ts';
import { boundsReport, crossBounds, heldOutBounds, textExamples } from './train-bounds.ts';

const o = args(process.argv.slice(2));
const corpus = resolve(o.corpus);
const texts = load(corpus, o.limit);
const foldOf = (i: number): number => i % o.folds;
const held = texts.filter((_, i) => o.fold.includes(foldOf(i)));
featurise(
  texts,
  textClusters(
    texts.filter((_, i) => !o.fold.includes(foldOf(i))),
    o.clusters,
    o.clusterMin,
    o.clusterIterations,
  ),
);
const full = new Map<(typeof texts)[number], ReturnType<typeof tagAllFull>>();
for (const k of o.fold) {
  const mine = texts.filter((_, i) => foldOf(i) === k);
  const rest = texts.filter((_, i) => foldOf(i) !== k);
  const m = asModel(cachedTrain(o.cache && `${o.cache}-fold${k}of${o.folds}.bin`, rest, o.epochs, o.seed, o.bits));
  for (const t of mine) full.set(t, tagAllFull(m, t));
}
const shipped = loadTagger(new URL('../../../data/models/tagger.json', import.meta.url))!;
const base: HybridPolicy = policyOf(shipped);
delete base.linker;
delete base.bounds;
// The held-out fold models are float (scale 1): the margin in the trainer's units.
base.addMargin = typeof shipped.meta['addMargin'] === 'number' ? shipped.meta['addMargin'] : Infinity;
const preds = new Map(held.map((t) => [t, combine(t.doc, t.drafts, full.get(t)!.statements, base, full.get(t)!.segments)]));
const examples = held.flatMap((t) => textExamples(t, preds.get(t)!, full.get(t)!.statements));
const folds = o.fold.map((k) => texts.filter((_, i) => foldOf(i) === k));
const cross = crossBounds(examples, folds, o.seed);
const margins = [0, 0.5, 1, 2];
process.stderr.write(boundsReport(examples, cross, margins) + '\n');

const work = mkdtempSync(join(tmpdir(), 'whosaid-bounds-'));
const gold = join(work, 'gold');
mkdirSync(gold);
for (const t of held) for (const ext of ['.txt', '.ann']) symlinkSync(join(corpus, t.name + ext), join(gold, t.name + ext));
const run = (name: string, policyFor: (t: (typeof held)[number]) => HybridPolicy): void => {
  const dir = join(work, name);
  mkdirSync(dir);
  const p = new Map(held.map((t) => [t, combine(t.doc, t.drafts, full.get(t)!.statements, policyFor(t), full.get(t)!.segments)]));
  for (const t of held) writeFileSync(join(dir, `${t.name}.json`), JSON.stringify(toPrediction(t.text, p.get(t)!, 'file', 0)));
  const r = { ...score(join(corpus, '..', '..', 'score.mjs'), gold, dir), span: spanScores(held, p) };
  process.stderr.write(
    `${name}: exact ${r.exact.toFixed(3)} partial ${r.partial.toFixed(3)} e2e ${r.e2e.toFixed(3)} source ${r.source.toFixed(3)} | spans content ${r.span.content.toFixed(3)} source ${r.span.source.toFixed(3)} cue ${r.span.cue.toFixed(3)}\n`,
  );
};
run('hybrid', () => base);
for (const tagger of [true, false])
  for (const m of margins) {
    const b = heldOutBounds(cross, m, tagger);
    run(`bounds m${m}${tagger ? '' : ' rules only'}`, (t) => ({ ...base, bounds: b.get(t)! }));
  }
rmSync(work, { recursive: true, force: true });
