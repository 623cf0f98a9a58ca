// Exploration (not part of npm run train): the boundary correction on held-out folds with the committed model's policy
// (its linker and correction left out): the oracle report, score.mjs figures per margin, where the gold edges the
// candidates miss lie, and (LOSS=margin) the gold contents score.mjs's partial pairing loses to the correction.
//   node src/bin/run-ts.mjs src/extract/training/explore-bounds.ts CORPUS --cache PREFIX [--fold 0,1/5]
//   env: BOUNDS_FOLDS=0,1,2,3,4 (folds whose drafts train it), SKIP_SCORE=1, LOSS=0
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toPrediction } from '../prediction.ts';
import { combine, policyOf, type HybridPolicy } from '../tagger/index.ts';
import { loadTagger } from '../tagger/model.ts';
import { args, asModel, cachedTrain, heldOutTexts, score, spanScores, tagAllFull } from './train-tagger.ts';
import { boundsReport, crossBounds, heldOutBounds, textExamples } from './train-bounds.ts';

const o = args(process.argv.slice(2));
const corpus = resolve(o.corpus);
const { texts, foldOf, held } = heldOutTexts(o);
const full = new Map<(typeof texts)[number], ReturnType<typeof tagAllFull>>();
// The folds whose held-out drafts train the correction (BOUNDS_FOLDS, default the policy's folds).
const boundsFolds = (process.env['BOUNDS_FOLDS'] ?? o.fold.join(',')).split(',').map(Number);
for (const k of boundsFolds) {
  const mine = texts.filter((_, i) => foldOf(i) === k);
  const rest = texts.filter((_, i) => foldOf(i) !== k);
  const m = asModel(cachedTrain(o.cache && `${o.cache}-fold${k}of${o.folds}.bin`, rest, o.epochs, o.seed, o.bits));
  for (const t of mine) full.set(t, tagAllFull(m, t));
}
const shipped = loadTagger(new URL('../../../data/models/tagger.json', import.meta.url))!;
// (Its own correction is not read: the window or features it was trained with may differ from the code's.)
delete shipped.meta['bounds'];
const base: HybridPolicy = policyOf(shipped);
delete base.linker;
delete base.bounds;
// The held-out fold models are float (scale 1): the margin in the trainer's units.
base.addMargin = typeof shipped.meta['addMargin'] === 'number' ? shipped.meta['addMargin'] : Infinity;
const pool = texts.filter((_, i) => boundsFolds.includes(foldOf(i)));
const preds = new Map(pool.map((t) => [t, combine(t.doc, t.drafts, full.get(t)!.statements, base, full.get(t)!.segments)]));
const examples = pool.flatMap((t) => textExamples(t, preds.get(t)!, full.get(t)!.statements));
const folds = boundsFolds.map((k) => texts.filter((_, i) => foldOf(i) === k));
const cross = crossBounds(examples, folds, o.seed);
const margins = [0, 0.5, 1, 2];
process.stderr.write(
  boundsReport(
    examples.filter((x) => held.includes(x.text)),
    cross,
    margins,
  ) + '\n',
);

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
if (!process.env['SKIP_SCORE']) run('hybrid', () => base);
if (!process.env['SKIP_SCORE'])
  for (const tagger of [true, false])
    for (const m of margins) {
      const b = heldOutBounds(cross, m, tagger);
      run(`bounds m${m}${tagger ? '' : ' rules only'}`, (t) => ({ ...base, bounds: b.get(t)! }));
    }
rmSync(work, { recursive: true, force: true });

// Diagnostics: where the gold edges the candidates miss are.
{
  const { normBounds } = await import('./train-tagger.ts');
  const { tokenAt } = await import('../document.ts');
  const { WINDOW } = await import('../tagger/bounds.ts');
  const tally = new Map<string, number>();
  const samples = new Map<string, string[]>();
  const bump = (k: string, s: string): void => {
    tally.set(k, (tally.get(k) ?? 0) + 1);
    const a = samples.get(k) ?? [];
    if (a.length < 6) a.push(s);
    samples.set(k, a);
  };
  for (const x of examples) {
    if (x.gold >= 0) continue;
    const t = x.text,
      d = x.draft;
    // the paired gold: recompute by the example's draft
    const pairs = (await import('./train-bounds.ts')).goldPairs(t, [d]);
    const gi = pairs.get(d)!;
    const [gs, ge] = t.ann.contents[gi]!;
    const [ns, ne] = normBounds(t.text, gs, ge).split(':').map(Number) as [number, number];
    const [cs, ce] = normBounds(t.text, d.parts[0]!.start, d.parts[d.parts.length - 1]!.end)
      .split(':')
      .map(Number) as [number, number];
    const toks = t.doc.tokens;
    const side = x.edge.side;
    const gt = side === 'left' ? tokenAt(t.doc, ns) : tokenAt(t.doc, ne - 1);
    const ct = side === 'left' ? tokenAt(t.doc, cs) : tokenAt(t.doc, ce - 1);
    const out = side === 'left' ? ct - gt : gt - ct;
    const samePara = toks[gt]!.paragraph === toks[ct]!.paragraph;
    const far = Math.abs(out) > WINDOW;
    const prev = toks[gt - 1],
      next = toks[gt + 1];
    const ctxt = side === 'left' ? `${prev?.text ?? '^'} | ${toks[gt]!.text}` : `${toks[gt]!.text} | ${next?.text ?? '$'}`;
    const k = `${side} ${out > 0 ? 'out' : 'in'} ${!samePara ? 'other-paragraph' : far ? 'far' : 'near-not-break'}`;
    bump(k, `${ctxt} [${out}] ${d.rule}`);
    if (samePara && !far) bump(`${side} word ${side === 'left' ? prev?.lower : next?.lower}`, '');
  }
  for (const [k, n] of [...tally].sort((a, b) => b[1] - a[1]).slice(0, 40))
    process.stderr.write(`${n}\t${k}\t${k.includes('word') ? '' : samples.get(k)!.join(' ;; ')}\n`);
}

// Diagnostics: gold contents score.mjs's partial pairing matched before the correction and not after.
if (process.env['LOSS']) {
  const lib = (await import(join(corpus, '..', '..', 'lib.mjs'))) as {
    goldAttributions: (text: string, ann: string) => { attrs: Array<{ frags: Array<[number, number]> }> };
    tokenize: (text: string) => Array<[number, number]>;
    normContent: (
      text: string,
      toks: Array<[number, number]>,
      frags: Array<[number, number]>,
    ) => { bounds: [number, number]; tokens: Set<number> };
  };
  const { readFileSync } = await import('node:fs');
  const b = heldOutBounds(cross, Number(process.env['LOSS']), true);
  let shown = 0;
  for (const t of held) {
    const toks = lib.tokenize(t.text);
    const gold = lib
      .goldAttributions(t.text, readFileSync(join(corpus, `${t.name}.ann`), 'utf8'))
      .attrs.map((a) => lib.normContent(t.text, toks, a.frags))
      .filter((g) => g.tokens.size);
    const pairUp = (ds: ReturnType<typeof combine>): Map<number, number> => {
      const ps = ds.map((d) =>
        lib.normContent(
          t.text,
          toks,
          d.parts.map((p) => [p.start, p.end] as [number, number]),
        ),
      );
      const pairs: Array<{ i: number; j: number; ov: number; jac: number }> = [];
      gold.forEach((g, i) =>
        ps.forEach((p, j) => {
          let ov = 0;
          for (const x of p.tokens) if (g.tokens.has(x)) ov++;
          if (ov && 2 * ov >= Math.min(g.tokens.size, p.tokens.size))
            pairs.push({ i, j, ov, jac: ov / (g.tokens.size + p.tokens.size - ov) });
        }),
      );
      pairs.sort((a, b) => b.ov - a.ov || b.jac - a.jac || a.i - b.i || a.j - b.j);
      const gm = new Map<number, number>(),
        pm = new Set<number>();
      for (const { i, j } of pairs)
        if (!gm.has(i) && !pm.has(j)) {
          gm.set(i, j);
          pm.add(j);
        }
      return gm;
    };
    const d0 = combine(t.doc, t.drafts, full.get(t)!.statements, base, full.get(t)!.segments);
    const d1 = combine(t.doc, t.drafts, full.get(t)!.statements, { ...base, bounds: b.get(t)! }, full.get(t)!.segments);
    const m0 = pairUp(d0),
      m1 = pairUp(d1);
    for (const [gi, j] of m0)
      if (!m1.has(gi) && shown++ < 25) {
        const g = gold[gi]!;
        const sl = (d: (typeof d0)[number]): string =>
          JSON.stringify(
            d.parts
              .map((p) => t.text.slice(p.start, p.end))
              .join(' … ')
              .slice(0, 200),
          );
        const j1 = d1.findIndex(
          (d) =>
            d.parts[0]!.start <= d0[j]!.parts[d0[j]!.parts.length - 1]!.end &&
            d.parts[d.parts.length - 1]!.end >= d0[j]!.parts[0]!.start &&
            d.rule === d0[j]!.rule,
        );
        process.stderr.write(
          `LOST gold ${JSON.stringify(t.text.slice(g.bounds[0], g.bounds[1]).slice(0, 200))}\n   before ${sl(d0[j]!)} (${d0[j]!.rule})\n   after  ${j1 >= 0 ? sl(d1[j1]!) : '-'} | counts ${d0.length} -> ${d1.length}\n`,
        );
      }
  }
  process.stderr.write(`lost ${shown}\n`);
}
