// Exploration (issue 14, recall): of the gold attributions of held-out PolNeAR train folds that the hybrid misses end to
// end, which ones the tagger decodes a statement for (and why combine does not add it), and what the others look like.
//   node src/bin/run-ts.mjs src/extract/training/miss-analysis.ts CORPUS --cache PREFIX [--fold 0,1/5] [--policy MODEL.json]
// Reads the fold models a `npm run train --cache PREFIX` left (or trains them); the policy is the model file's (default
// data/models/tagger.json; its margin is in the trainer's float units, as the fold models'), without its learned linker
// (a linker's weights are the final model's, not held out): the figures are those of the margin/link policy. Prints
// counts, no text.
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { spanWords, tokenRange } from '../document.ts';
import { LEXICON as L } from '../lexicon.ts';
import { combine, FLOOR, linkStatement, type HybridPolicy } from '../tagger/index.ts';
import { linkCandidates } from '../tagger/linker.ts';
import type { TaggedStatement } from '../tagger/decode.ts';
import { args, asModel, cachedTrain, heldOutTexts, tagAllFull, type Text } from './train-tagger.ts';

type Frags = Array<[number, number]>;
interface GoldAttr {
  frags: Frags;
  text: string;
  source: { frags: Frags; text: string } | null;
  cue: { frags: Frags; text: string } | null;
}
interface Lib {
  goldAttributions(text: string, ann: string): { attrs: GoldAttr[] };
  tokenize(text: string): Frags;
  normContent(text: string, toks: Frags, frags: Frags): { bounds: [number, number]; tokens: Set<number> };
}

const STOP = new Set(
  'the this that these those and but for his her its their our who mrs sen rep gov gen president senator governor secretary former vice'.split(
    ' ',
  ),
);

function sourceRight(g: GoldAttr, name: string | null, mention: { start: number; end: number } | null): boolean {
  if (!g.source) return !name && !mention;
  if (mention && g.source.frags.some(([a, b]) => a < mention.end && mention.start < b)) return true;
  const caps = new Set(
    [...g.source.text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)]
      .map((m) => m[0])
      .filter((t) => t.length >= 3 && /^\p{Lu}/u.test(t))
      .map((t) => t.toLowerCase())
      .filter((t) => !STOP.has(t)),
  );
  return !!name && [...name.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].some((m) => caps.has(m[0].toLowerCase()));
}

const count = new Map<string, number>();
const inc = (k: string, n = 1): void => void count.set(k, (count.get(k) ?? 0) + n);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const pi = argv.indexOf('--policy');
  const policyFile = pi >= 0 ? argv.splice(pi, 2)[1]! : 'data/models/tagger.json';
  const o = args(argv);
  const lib = (await import(pathToFileURL(join(resolve(o.corpus), '..', '..', 'lib.mjs')).href)) as Lib;
  const { texts, foldOf } = heldOutTexts(o);
  const m = JSON.parse(readFileSync(policyFile, 'utf8')).meta as Record<string, unknown>;
  const set = (k: string): Set<string> => new Set(Array.isArray(m[k]) ? (m[k] as string[]) : []);
  const policy: HybridPolicy = {
    adopt: set('adopt'),
    adoptLeft: set('adoptLeft'),
    adoptRight: set('adoptRight'),
    dropBelow: m['dropBelow'] as number,
    dropRules: set('dropRules'),
    addMargin: typeof m['addMargin'] === 'number' ? (m['addMargin'] as number) : Infinity,
    addNeedsSource: m['addNeedsSource'] !== false,
    addMaxGap: (m['addMaxGap'] as number) ?? 99,
    addConfidence: 0.4,
    addNeedsLink: (m['addNeedsLink'] as HybridPolicy['addNeedsLink']) ?? false,
    nestedBelow: (m['nestedBelow'] as number) ?? 0,
    cueBounds: set('cueBounds'),
    mentionBounds: set('mentionBounds'),
    mentionFill: set('mentionFill'),
  };
  const held: Text[] = [];
  const tagged = new Map<Text, ReturnType<typeof tagAllFull>>();
  for (const k of o.fold) {
    const mine = texts.filter((_, i) => foldOf(i) === k);
    const rest = texts.filter((_, i) => foldOf(i) !== k);
    const model = asModel(cachedTrain(o.cache && `${o.cache}-fold${k}of${o.folds}.bin`, rest, o.epochs, o.seed, o.bits));
    for (const t of mine) tagged.set(t, tagAllFull(model, t));
    held.push(...mine);
  }
  for (const t of held) analyseText(lib, t, tagged.get(t)!.statements, tagged.get(t)!.segments, policy);
  const rows = [...count].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [k, n] of rows) process.stdout.write(`${k}\t${n}\n`);
}

function analyseText(
  lib: Lib,
  t: Text,
  statements: TaggedStatement[],
  segments: ReturnType<typeof tagAllFull>['segments'],
  policy: HybridPolicy,
): void {
  const text = t.text;
  const toks = lib.tokenize(text);
  const gold = lib
    .goldAttributions(text, readFileSync(join(resolve(args(process.argv.slice(2)).corpus), `${t.name}.ann`), 'utf8'))
    .attrs.map((a) => ({ ...a, ...lib.normContent(text, toks, a.frags) }))
    .filter((a) => a.tokens.size);
  const preds = combine(t.doc, t.drafts, statements, policy, segments);
  const pn = preds.map((d) =>
    lib.normContent(
      text,
      toks,
      d.parts.map((p) => [p.start, p.end] as [number, number]),
    ),
  );
  // score.mjs's greedy partial pairing
  const pairs: Array<{ i: number; j: number; ov: number; jac: number }> = [];
  gold.forEach((g, i) =>
    pn.forEach((p, j) => {
      let ov = 0;
      for (const x of p.tokens) if (g.tokens.has(x)) ov++;
      if (ov && 2 * ov >= Math.min(g.tokens.size, p.tokens.size)) pairs.push({ i, j, ov, jac: ov / (g.tokens.size + p.tokens.size - ov) });
    }),
  );
  pairs.sort((a, b) => b.ov - a.ov || b.jac - a.jac || a.i - b.i || a.j - b.j);
  const gm = new Map<number, number>(),
    pm = new Map<number, number>();
  for (const { i, j } of pairs)
    if (!gm.has(i) && !pm.has(j)) {
      gm.set(i, j);
      pm.set(j, i);
    }
  // tagger statements' tokens
  const tn = statements.map((s) =>
    lib.normContent(
      text,
      toks,
      s.parts.map((p) => [p.start, p.end] as [number, number]),
    ),
  );
  // combine's fate of each tagger statement, replayed (as the add loop has it)
  const added = new Set<TaggedStatement>();
  for (const d of preds) if (d.rule === 'tagger') for (const s of statements) if (s.parts[0]!.start === d.parts[0]!.start) added.add(s);
  const fate = (s: TaggedStatement): string => {
    if (added.has(s)) return 'added';
    const r: [number, number] = [s.first, s.last];
    if (
      preds.some((d) => {
        if (d.rule === 'tagger') return false;
        const x = tokenRange(t.doc, d.parts[0]!.start, d.parts[d.parts.length - 1]!.end);
        if (!x) return false;
        const sh = Math.min(x[1], r[1]) - Math.max(x[0], r[0]) + 1;
        return sh > 0 && sh * 2 >= Math.min(x[1] - x[0] + 1, r[1] - r[0] + 1);
      })
    )
      return 'draft';
    if (s.margin < policy.addMargin) return 'margin';
    if (policy.addNeedsSource && !(s.source && s.cue && s.sourceGap <= (policy.addMaxGap ?? 99)))
      return s.cue ? (s.source ? 'gap' : 'no-source') : 'no-cue';
    const named = linkStatement(t.doc, s, t.drafts);
    if (!named) return 'not-linked';
    return 'overlaps-draft';
  };
  gold.forEach((g, i) => {
    inc('gold');
    const j = gm.get(i);
    if (j !== undefined) {
      const d = preds[j]!;
      const ok = sourceRight(g, d.speaker?.name ?? null, d.speaker?.mention ?? null) || (!g.source && !d.speaker);
      inc(ok ? 'hit' : `matched-wrong-source${d.rule === 'tagger' ? ' (tagger-added)' : ''}`);
      if (ok) inc(`hit by ${d.rule === 'tagger' ? 'tagger' : 'rules'}`);
      if (!g.source) inc(`matched gold-without-source pred-speaker ${d.speaker ? (d.speaker.name ? 'named' : 'mention') : 'none'}`);
      if (!ok) {
        const sp = d.speaker;
        const state = !sp
          ? 'no speaker'
          : sp.name
            ? sp.mention
              ? 'named+mention'
              : 'named, no mention'
            : sp.mention
              ? 'mention only'
              : 'empty';
        inc(`matched-wrong-source/${state}${g.source ? '' : ' (gold none)'}`);
        inc(`matched-wrong-source/rule ${d.rule} ${state}; conf ${d.confidence >= FLOOR ? '>=' : '<'}${FLOOR}`);
        // the tagger statement over it: its source segment right?
        let bk = -1,
          bo = 0;
        tn.forEach((p, k) => {
          let ov = 0;
          for (const x of p.tokens) if (g.tokens.has(x)) ov++;
          if (ov > bo && 2 * ov >= Math.min(g.tokens.size, p.tokens.size)) [bk, bo] = [k, ov];
        });
        const ts = bk >= 0 ? statements[bk]! : null;
        const segOk = !!ts?.source && sourceRight(g, null, ts.source);
        inc(`matched-wrong-source/${state}/tagger segment ${!ts ? 'no statement' : segOk ? 'right' : ts.source ? 'wrong' : 'none'}`);
      }
      return;
    }
    inc('missed');
    // the tagger statement partially matching this gold, best overlap
    let best = -1,
      most = 0;
    tn.forEach((p, k) => {
      let ov = 0;
      for (const x of p.tokens) if (g.tokens.has(x)) ov++;
      if (ov > most && 2 * ov >= Math.min(g.tokens.size, p.tokens.size)) [best, most] = [k, ov];
    });
    // was any prediction overlapping this gold at all (a merged neighbour, a boundary miss)?
    const anyPred = pn.some((p) => [...p.tokens].some((x) => g.tokens.has(x)));
    if (best < 0) {
      const anyTag = tn.some((p) => [...p.tokens].some((x) => g.tokens.has(x)));
      inc(`missed/no-tagger-statement`);
      const shape = goldShape(t, g);
      inc(
        `missed/no-tagger-statement/${anyPred ? 'a prediction overlaps' : anyTag ? 'a tagger statement overlaps (< half)' : 'nothing overlaps'}`,
      );
      for (const s of shape) inc(`missed/no-tagger-statement/shape ${s}`);
      return;
    }
    const s = statements[best]!;
    const f = fate(s);
    inc(`missed/tagger-statement`);
    inc(`missed/tagger-statement/${f}${anyPred ? ' (a prediction overlaps)' : ''}`);
    const segOk = !!s.source && !!g.source && sourceRight(g, null, s.source);
    const named = linkStatement(t.doc, s, t.drafts);
    const namedOk = !!named && sourceRight(g, named.name, named.mention);
    const cands = linkCandidates(t.doc, s, t.drafts).candidates;
    const anyOk = cands.some((c) => (c.speaker ? sourceRight(g, c.speaker.name, c.speaker.mention) : !g.source));
    inc(`missed/tagger-statement/${f}/source segment ${segOk ? 'right' : s.source ? 'wrong' : 'none'}${g.source ? '' : ' (gold none)'}`);
    inc(`missed/tagger-statement/${f}/rule link ${named ? (namedOk ? 'right' : 'wrong') : 'none'}`);
    inc(`missed/tagger-statement/${f}/a right linker candidate ${anyOk ? 'exists' : 'none'}`);
    if (f === 'margin') {
      const q = s.margin / policy.addMargin;
      inc(`missed/tagger-statement/margin/ratio ${q < 0 ? '<0' : q < 0.5 ? '0-0.5' : q < 0.75 ? '0.5-0.75' : '0.75-1'}`);
    }
  });
  preds.forEach((d, j) => {
    const i = pm.get(j);
    const g = i === undefined ? null : gold[i]!;
    const ok = !!g && (g.source ? sourceRight(g, d.speaker?.name ?? null, d.speaker?.mention ?? null) : !d.speaker);
    const st = !g ? 'unmatched' : ok ? 'right' : 'wrong-source';
    inc(`pred/${d.rule === 'tagger' ? 'tagger' : 'rule'} conf ${d.confidence >= FLOOR ? '>=' : '<'}${FLOOR}/${st}`);
    if (d.confidence < FLOOR) inc(`under-floor/${d.rule}/${st}`);
  });
  // tagger statements not added and matching no gold (for the precision side)
  statements.forEach((s, k) => {
    if (added.has(s)) return;
    const hitsGold = gold.some((g) => {
      let ov = 0;
      for (const x of tn[k]!.tokens) if (g.tokens.has(x)) ov++;
      return ov && 2 * ov >= Math.min(g.tokens.size, tn[k]!.tokens.size);
    });
    inc(`tagger-not-added/${fate(s)}/${hitsGold ? 'overlaps gold' : 'no gold'}`);
  });
}

/** Shapes of a missed gold attribution (several may hold). */
function goldShape(t: Text, g: GoldAttr & { tokens: Set<number> }): string[] {
  const text = t.text;
  const out: string[] = [];
  const cue = g.cue?.text.toLowerCase().replace(/\s+/g, ' ').trim() ?? '';
  const words = cue.split(/[^\p{L}']+/u).filter(Boolean);
  const verb = words.map((w) => L.verbs.get(w)).find((v) => v);
  const phrase = L.phrases.find((p) => p.words.join(' ') === words.join(' '));
  out.push(
    `cue class ${!g.cue ? 'no cue' : verb ? verb.class : phrase ? `phrase-${phrase.class}` : cue === ':' ? 'colon' : 'not in lexicon'}`,
  );
  const src = g.source?.text.trim() ?? '';
  const sw = src.split(/\s+/).filter(Boolean);
  const pro = sw.length === 1 ? L.pronouns.get(sw[0]!.toLowerCase()) : undefined;
  out.push(
    `source ${!g.source ? 'none' : pro ? (sw[0]!.toLowerCase() === 'it' ? 'it' : `pronoun-${pro.number}`) : /^\p{Lu}/u.test(sw[sw.length - 1] ?? '') ? 'name' : 'description'}`,
  );
  const s0 = g.frags[0]![0],
    e0 = g.frags[g.frags.length - 1]![1];
  const body = text.slice(s0, e0);
  out.push(`content ${/["“”]|''/.test(body) ? 'quoted' : /^that\s/i.test(body) ? 'that' : 'other indirect'}`);
  // the cue's position: same paragraph as the content? before/after?
  if (g.cue) {
    const c = g.cue.frags[0]![0];
    const r = tokenRange(t.doc, c, g.cue.frags[0]![1]);
    const rc = tokenRange(t.doc, s0, e0);
    if (r && rc) {
      const pc = t.doc.tokens[r[0]]!.paragraph,
        pp = t.doc.tokens[rc[0]]!.paragraph;
      out.push(
        pc === pp ? (c < s0 ? 'cue before content' : c >= e0 ? 'cue after content' : 'cue inside content') : 'cue in another paragraph',
      );
    }
    if (verb && !/^that\s/i.test(body) && !/["“”]|''/.test(body) && c < s0) out.push('indirect without that, known verb before');
  } else out.push('no cue (continuation?)');
  const wordsIn = [...g.tokens].length;
  out.push(`length ${wordsIn <= 5 ? '1-5' : wordsIn <= 15 ? '6-15' : wordsIn <= 40 ? '16-40' : '41+'}`);
  void spanWords;
  return out;
}

void main();
