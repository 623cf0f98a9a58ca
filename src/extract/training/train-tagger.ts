// Offline: trains the learned tagger (issue 14) on an annotated corpus (PolNeAR train) and writes data/models/tagger.json.
// No downloads; the corpus path is an argument. Deterministic for a given --seed.
//   npm run train -- [CORPUS_DIR] [--out FILE] [--epochs N] [--seed N] [--bits N] [--fold K[,K2...]/N] [--no-final]
//     [--cache PREFIX] (fold models kept and reused) [--keep DIR] (held-out gold and predictions, for the CofeNet metric)
// A structured averaged perceptron over BIO labels (content, source, cue) with Viterbi decoding, the rules' drafts as
// features. Folds K of N (default 0 and 1 of 5) are held out first: for each, a model trained on the other folds labels it,
// and on them together the hybrid's policy is chosen (which rules keep their own boundaries; whether to drop unmatched weak drafts; the margin
// for adding tagger-only statements), scored by the corpus's own score.mjs: the issue's targets together as high as
// possible while source accuracy, content exact and end-to-end F1 stay at least the rules' (source accuracy at least
// 0.93 too). The shipped model is then retrained on every text.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse, type Doc } from '../document.ts';
import type { Draft } from '../draft.ts';
import { ruleDrafts } from '../index.ts';
import { toPrediction } from '../prediction.ts';
import { CLUSTER_DEFAULTS, clusterTable, learnClusters, serialiseClusters, type WordClusters } from '../tagger/clusters.ts';
import { FEATURES_PER_TOKEN, hashString, sequences, type Sequence } from '../tagger/features.ts';
import { decodeStatements, segmentSpans } from '../tagger/decode.ts';
import { combine, FLOOR, type HybridPolicy, type TaggedSegments } from '../tagger/index.ts';
import { ALLOWED, emissions, NL, parseModel, serialiseModel, viterbi, type TaggerModel } from '../tagger/model.ts';
import type { TaggedStatement } from '../tagger/decode.ts';
import type { Span } from '../../model.ts';
import { modelUnit, serialiseLinker, type Linker } from '../tagger/linker.ts';
import {
  crossLinkers,
  crossVerifiers,
  heldOutLinker,
  linkerReport,
  linkExamples,
  trainLinker,
  trainVerify,
  verifyExamples,
  type LinkExample,
  type VerifyExample,
} from './train-linker.ts';
import { serialiseBounds, type BoundsModel } from '../tagger/bounds.ts';
import { boundsReport, crossBounds, heldOutBounds, textExamples, trainBounds, type BoundsExample } from './train-bounds.ts';
import { shuffle, xorshift } from './shuffle.ts';

export interface Text {
  name: string;
  text: string;
  doc: Doc;
  drafts: Draft[];
  seqs: Sequence[];
  gold: Uint8Array[];
  /** Gold content outer bounds, normalised. */
  goldBounds: Set<string>;
  /** Gold fragments by type (Content, Source, Cue) as "start:end", whitespace trimmed: CofeNet's exact-span view. */
  goldSpans: Record<'Content' | 'Source' | 'Cue', Set<string>>;
  ann: ReturnType<typeof readAnn>;
}

export function args(argv: string[]) {
  const o = {
    corpus: '../shared/eval/polnear/data/train',
    out: 'data/models/tagger.json',
    epochs: 16,
    seed: 1,
    // 2^16 hashed rows: packed at load to 8 bytes a row, 512 KB, which stays in a core's L2 cache where 2^18's 2 MB
    // did not (extraction ~8 % less CPU at 17 bits, ~12 % at 16); on held-out fold 0 the hybrid's figures moved by at
    // most 0.002 against 18 bits (16 bits: token accuracy 0.8357, 17: 0.8352, 18: 0.835).
    bits: 16,
    /** The held-out folds the policy is chosen on (each labelled by a model trained without it), of `folds`. */
    fold: [0, 1] as number[],
    folds: 5,
    final: true,
    limit: Infinity,
    edges: true,
    fill: true,
    show: false,
    cache: '',
    /** Where to keep the held-out texts' gold (symlinks) and the predictions of the rules and of the chosen policy. */
    keep: '',
    /** Word clusters (clusters.ts) learned from the corpus's texts: leaves (0: none), minimum count, exchange passes. */
    clusters: CLUSTER_DEFAULTS.leaves,
    clusterMin: CLUSTER_DEFAULTS.minCount,
    clusterIterations: CLUSTER_DEFAULTS.iterations,
    /** Whether the learned linker (train-linker.ts) is among the policies searched. */
    linker: true,
    /**
     * How many of the top reshapings (best first) the linker is searched on: the two best (with and without dropRules on
     * held-out folds 0+1), for time (36 policies each).
     */
    linkerShapes: 2,
    /** Whether the learned boundary correction (train-bounds.ts) is tried on the chosen policy. */
    bounds: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') o.out = argv[++i]!;
    else if (a === '--epochs') o.epochs = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--bits') o.bits = Number(argv[++i]);
    else if (a === '--fold') {
      const [ks, n] = argv[++i]!.split('/');
      o.fold = ks!.split(',').map(Number);
      o.folds = Number(n);
    } else if (a === '--no-final') o.final = false;
    else if (a === '--limit') o.limit = Number(argv[++i]);
    else if (a === '--show') o.show = true;
    else if (a === '--no-edges') o.edges = false;
    else if (a === '--no-fill') o.fill = false;
    else if (a === '--cache') o.cache = argv[++i]!;
    else if (a === '--keep') o.keep = argv[++i]!;
    else if (a === '--clusters') o.clusters = Number(argv[++i]);
    else if (a === '--cluster-min') o.clusterMin = Number(argv[++i]);
    else if (a === '--cluster-iterations') o.clusterIterations = Number(argv[++i]);
    else if (a === '--no-linker') o.linker = false;
    else if (a === '--linker-shapes') o.linkerShapes = Number(argv[++i]);
    else if (a === '--no-bounds') o.bounds = false;
    else o.corpus = a;
  }
  return o;
}

/** Normalised [start, end) of a content span: whitespace, punctuation and a leading "that" trimmed (score.mjs's view). */
export function normBounds(text: string, s: number, e: number): string {
  const trim = (): void => {
    while (s < e && /[\s\p{P}\p{S}]/u.test(text[s]!)) s++;
    while (e > s && /[\s\p{P}\p{S}]/u.test(text[e - 1]!)) e--;
  };
  trim();
  if (/^that\s/i.test(text.slice(s, s + 5))) {
    s += 4;
    trim();
  }
  return `${s}:${e}`;
}

export function readAnn(
  ann: string,
  text: string,
): {
  frags: Map<string, Array<[number, number]>>;
  types: Map<string, string>;
  contents: Array<[number, number]>;
  /** Each content's source fragments (null: the attribution has none), in the order of `contents`. */
  sources: Array<Array<[number, number]> | null>;
} {
  const frags = new Map<string, Array<[number, number]>>();
  const types = new Map<string, string>();
  const contents: Array<[number, number]> = [];
  const sources: Array<Array<[number, number]> | null> = [];
  for (const line of ann.split('\n')) {
    const t = /^(T\d+)\t(\S+) ([\d ;]+)\t/.exec(line);
    if (t) {
      types.set(t[1]!, t[2]!);
      frags.set(
        t[1]!,
        t[3]!.split(';').map((f) => f.trim().split(/\s+/).map(Number) as [number, number]),
      );
      continue;
    }
    const ev = /^E\d+\t(.*)$/.exec(line);
    if (!ev) continue;
    let s = Infinity,
      e = -1;
    let source: Array<[number, number]> | null = null;
    for (const role of ev[1]!.trim().split(/\s+/)) {
      const [r, id] = role.split(':');
      if (r && id && !source && /^Source\d*$/.test(r)) source = frags.get(id) ?? null;
      if (!r || !id || !/^Content\d*$/.test(r)) continue;
      for (const [a, b] of frags.get(id) ?? []) {
        s = Math.min(s, a);
        e = Math.max(e, b);
      }
    }
    if (e > s) {
      contents.push([s, e]);
      sources.push(source);
    }
  }
  void text;
  return { frags, types, contents, sources };
}

/** Gold BIO labels per sequence: content over cue over source; nested contents merge into the outermost. */
function goldLabels(doc: Doc, seqs: Sequence[], ann: ReturnType<typeof readAnn>): Uint8Array[] {
  const byType = (type: string): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    for (const [id, t] of ann.types) if (t === type) out.push(...ann.frags.get(id)!);
    return out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  };
  const merged = (spans: Array<[number, number]>): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    for (const [s, e] of spans) {
      const last = out[out.length - 1];
      if (last && s < last[1]) last[1] = Math.max(last[1], e);
      else out.push([s, e]);
    }
    return out;
  };
  const tag = new Uint8Array(doc.tokens.length);
  const paint = (spans: Array<[number, number]>, b: number): void => {
    for (const [s, e] of merged(spans)) {
      let first = true;
      for (let i = 0; i < doc.tokens.length; i++) {
        const tk = doc.tokens[i]!;
        if (tk.start < s || tk.start >= e) continue;
        if (tag[i] !== 0) {
          first = false;
          continue;
        }
        tag[i] = first ? b : b + 1;
        first = false;
      }
    }
  };
  paint(byType('Content'), 1);
  paint(byType('Cue'), 5);
  paint(byType('Source'), 3);
  // Repair: an I- label after something else becomes B-.
  for (let i = 0; i < tag.length; i++) {
    const t = tag[i]!;
    if ((t === 2 || t === 4 || t === 6) && (i === 0 || (tag[i - 1] !== t && tag[i - 1] !== t - 1))) tag[i] = t - 1;
  }
  return seqs.map((q) => {
    const g = tag.slice(q.from, q.to);
    if (g[0] === 2 || g[0] === 4 || g[0] === 6) g[0]!--;
    return g;
  });
}

const trimmed = (text: string, s: number, e: number): string => {
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return `${s}:${e}`;
};

const trimmedOf = (text: string, s: Span): string => trimmed(text, s.start, s.end);

function fragsOf(ann: ReturnType<typeof readAnn>, type: string, text: string): Set<string> {
  const out = new Set<string>();
  for (const [id, t] of ann.types) if (t === type) for (const [s, e] of ann.frags.get(id)!) out.add(trimmed(text, s, e));
  return out;
}

type SpanType = 'content' | 'source' | 'cue';
const PRIORITY: readonly SpanType[] = ['cue', 'source', 'content'];
/** CofeNet's items are cut after this many tokens before scoring (max_seqs 300 in all their PolNeAR configurations). */
const MAX_SEQS = 300;

/**
 * Character spans as CofeNet's BIO tags over the tokens `from`..`to` of one item (../shared/eval/cofenet/cofenet.mjs,
 * project): a token is in a span when their characters overlap; overlapping spans of one type merge, touching ones stay
 * apart; where types claim one token, cue wins over source over content, so a content that takes in a cue or a source
 * falls into pieces. Returns per token a piece id (-1: none) and its type.
 */
function projectItem(
  doc: Doc,
  from: number,
  to: number,
  spans: ReadonlyArray<{ type: SpanType; start: number; end: number }>,
): { piece: Int32Array; type: Uint8Array } {
  const n = to - from;
  const piece = new Int32Array(n).fill(-1),
    type = new Uint8Array(n).fill(255);
  const lo = doc.tokens[from]!.start,
    hi = doc.tokens[to - 1]!.end;
  let id = 0;
  for (const [ti, t] of (['content', 'source', 'cue'] as const).entries()) {
    const list = spans
      .filter((x) => x.type === t && x.end > x.start && x.start < hi && x.end > lo)
      .map((x) => [x.start, x.end] as [number, number])
      .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const merged: Array<[number, number]> = [];
    for (const [a, b] of list) {
      const last = merged[merged.length - 1];
      if (last && a < last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    for (const [a, b] of merged) {
      const pid = id++;
      for (let k = 0; k < n; k++) {
        const tk = doc.tokens[from + k]!;
        if (tk.start >= b || tk.end <= a) continue;
        const cur = type[k]!;
        if (cur === 255 || PRIORITY.indexOf(t) < PRIORITY.indexOf((['content', 'source', 'cue'] as const)[cur]!)) {
          type[k] = ti;
          piece[k] = pid;
        }
      }
    }
  }
  return { piece, type };
}

/** The spans of one projected item per type (0 content, 1 source, 2 cue) as "first:end" token offsets. */
function itemSpans(p: { piece: Int32Array; type: Uint8Array }): Array<Set<string>> {
  const out = [new Set<string>(), new Set<string>(), new Set<string>()];
  const n = Math.min(p.piece.length, MAX_SEQS);
  for (let k = 0; k < n;) {
    if (p.piece[k]! < 0) {
      k++;
      continue;
    }
    let j = k + 1;
    while (j < n && p.piece[j] === p.piece[k]) j++;
    out[p.type[k]!]!.add(`${k}:${j}`);
    k = j;
  }
  return out;
}

/** CofeNet's items on our side: each paragraph's tokens (theirs are CoreNLP sentence runs, mostly one paragraph). */
function items(doc: Doc): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let t = 0;
  for (const p of doc.paragraphs) {
    while (t < doc.tokens.length && doc.tokens[t]!.end <= p.start) t++;
    const from = t;
    while (t < doc.tokens.length && doc.tokens[t]!.start < p.end) t++;
    if (t > from) out.push([from, t]);
  }
  return out;
}

const goldItemSpans = new WeakMap<Text, Array<Array<Set<string>>>>();

/**
 * Exact-span F1 of content, source and cue by CofeNet's metric (their Table 6), for texts their file does not cover:
 * gold (every Content, Source and Cue fragment of the .ann, as their PolNeAR conversion does) and predictions (content
 * pieces, speaker mentions, cues, as the prediction file gives them) projected the same way onto our tokens per
 * paragraph (projectItem), cut after 300 tokens, and matched per item. On PolNeAR dev its gold projection agrees with
 * their file's labels on 99.99 % of tokens.
 */
export function spanScores(texts: Text[], preds: Map<Text, Draft[]>): { content: number; source: number; cue: number } {
  const acc = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const ty: Record<string, SpanType> = { Content: 'content', Source: 'source', Cue: 'cue' };
  for (const t of texts) {
    const its = items(t.doc);
    let gold = goldItemSpans.get(t);
    if (!gold) {
      const spans: Array<{ type: SpanType; start: number; end: number }> = [];
      for (const [id, k] of t.ann.types)
        if (ty[k]) for (const [s, e] of t.ann.frags.get(id)!) spans.push({ type: ty[k]!, start: s, end: e });
      gold = its.map(([a, b]) => itemSpans(projectItem(t.doc, a, b, spans)));
      goldItemSpans.set(t, gold);
    }
    const spans: Array<{ type: SpanType; start: number; end: number }> = [];
    for (const d of preds.get(t)!) {
      for (const p of d.parts) spans.push({ type: 'content', start: p.start, end: p.end });
      const m = d.speaker?.mention;
      if (m) spans.push({ type: 'source', start: m.start, end: m.end });
      if (d.cue) spans.push({ type: 'cue', start: d.cue.start, end: d.cue.end });
    }
    its.forEach(([a, b], i) => {
      const got = itemSpans(projectItem(t.doc, a, b, spans));
      for (let k = 0; k < 3; k++) {
        let tp = 0;
        for (const x of got[k]!) if (gold[i]![k]!.has(x)) tp++;
        acc[k]![0]! += tp;
        acc[k]![1]! += got[k]!.size;
        acc[k]![2]! += gold[i]![k]!.size;
      }
    });
  }
  const f = ([tp, p, g]: number[]): number => (2 * tp!) / (p! + g! || 1);
  return { content: f(acc[0]!), source: f(acc[1]!), cue: f(acc[2]!) };
}

export function load(dir: string, limit: number): Text[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(0, limit);
  return names.map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const ann = readAnn(readFileSync(join(dir, f.replace(/\.txt$/, '.ann')), 'utf8'), text);
    const doc = analyse(text);
    const drafts = ruleDrafts(doc);
    return {
      name: f.replace(/\.txt$/, ''),
      text,
      doc,
      drafts,
      ann,
      seqs: [],
      gold: [],
      goldBounds: new Set(ann.contents.map(([s, e]) => normBounds(text, s, e))),
      goldSpans: {
        Content: fragsOf(ann, 'Content', text),
        Source: fragsOf(ann, 'Source', text),
        Cue: fragsOf(ann, 'Cue', text),
      },
    };
  });
}

/**
 * Word clusters learned from the texts alone (their paragraphs' lower-case tokens; no annotation), or none when leaves
 * is 0.
 */
export function textClusters(texts: Text[], leaves: number, minCount: number, iterations: number): WordClusters | null {
  if (leaves <= 0) return null;
  const t0 = performance.now();
  const seqs: string[][] = [];
  for (const t of texts) {
    const toks = t.doc.tokens;
    let k = 0;
    for (const p of t.doc.paragraphs) {
      while (k < toks.length && toks[k]!.end <= p.start) k++;
      const s: string[] = [];
      for (; k < toks.length && toks[k]!.start < p.end; k++) s.push(toks[k]!.lower);
      if (s.length) seqs.push(s);
    }
  }
  const c = learnClusters(seqs, { leaves, minCount, iterations });
  process.stderr.write(
    `clusters: ${c.words.length} words of ${texts.length} texts in ${c.paths.length} leaves, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return c;
}

/** Each text's feature sequences (with the word clusters, when there are) and gold labels. */
export function featurise(texts: Text[], clusters: WordClusters | null = null): void {
  const table = clusters ? clusterTable(serialiseClusters(clusters), hashString) : null;
  for (const t of texts) {
    t.seqs = sequences(t.doc, t.drafts, table);
    t.gold = goldLabels(t.doc, t.seqs, t.ann);
  }
}

/** Structured averaged perceptron; returns averaged float weights. */
export function train(
  texts: Text[],
  epochs: number,
  seed: number,
  bits: number,
): { bits: number; weights: Float32Array; trans: Float32Array } {
  const size = (1 << bits) * NL,
    mask = (1 << bits) - 1;
  const w = new Float32Array(size),
    u = new Float32Array(size);
  const tw = new Float32Array((NL + 1) * NL),
    tu = new Float32Array((NL + 1) * NL);
  const seqs: Array<{ s: Sequence; g: Uint8Array }> = [];
  for (const t of texts) t.seqs.forEach((s, i) => seqs.push({ s, g: t.gold[i]! }));
  let c = 1;
  const rand = xorshift(seed);
  const em = new Float32Array(4096 * NL);
  for (let e = 0; e < epochs; e++) {
    shuffle(seqs, rand);
    let wrong = 0,
      total = 0;
    for (const { s, g } of seqs) {
      const n = s.to - s.from;
      const scores = emissions({ bits, weights: w }, s.features, n, n * NL <= em.length ? em : new Float32Array(n * NL));
      const p = viterbi(scores, tw, n);
      total += n;
      let diff = false;
      for (let k = 0; k < n; k++) if (p[k] !== g[k]) diff = true;
      if (diff) {
        for (let k = 0; k < n; k++) {
          const pk = p[k]!,
            gk = g[k]!;
          if (pk !== gk) {
            wrong++;
            for (let j = k * FEATURES_PER_TOKEN, end = j + FEATURES_PER_TOKEN; j < end; j++) {
              const b = (s.features[j]! & mask) * NL;
              w[b + gk]! += 1;
              u[b + gk]! += c;
              w[b + pk]! -= 1;
              u[b + pk]! -= c;
            }
          }
          const gp = k === 0 ? NL : g[k - 1]!,
            pp = k === 0 ? NL : p[k - 1]!;
          if (gp !== pp || gk !== pk) {
            tw[gp * NL + gk]! += 1;
            tu[gp * NL + gk]! += c;
            tw[pp * NL + pk]! -= 1;
            tu[pp * NL + pk]! -= c;
          }
        }
      }
      c++;
    }
    process.stderr.write(`  epoch ${e + 1}: ${((100 * wrong) / total).toFixed(2)} % tokens wrong\n`);
  }
  for (let i = 0; i < size; i++) w[i] = w[i]! - u[i]! / c;
  for (let i = 0; i < tw.length; i++) tw[i] = ALLOWED[i] ? tw[i]! - tu[i]! / c : 0;
  return { bits, weights: w, trans: tw };
}

/**
 * Training, or (exploration) the weights a previous run left in `file` when it trained on the same inputs: the
 * sidecar `file.key` holds a hash of every training token's features and gold label with the settings, so a cache
 * made before a change to the features, the rules (their reading is a feature) or the clusters is not reused.
 */
export function cachedTrain(file: string, texts: Text[], epochs: number, seed: number, bits: number): ReturnType<typeof train> {
  const key = file ? trainingKey(texts, epochs, seed, bits) : '';
  if (file && existsSync(file) && existsSync(`${file}.key`) && readFileSync(`${file}.key`, 'utf8') === key) {
    const buf = readFileSync(file);
    const all = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
    const size = (1 << bits) * NL;
    if (all.length === size + (NL + 1) * NL) {
      process.stderr.write(`fold model read from ${file}\n`);
      return { bits, weights: all.slice(0, size), trans: all.slice(size) };
    }
  }
  const m = train(texts, epochs, seed, bits);
  if (file) {
    const all = new Float32Array(m.weights.length + m.trans.length);
    all.set(m.weights);
    all.set(m.trans, m.weights.length);
    writeFileSync(file, Buffer.from(all.buffer));
    writeFileSync(`${file}.key`, key);
  }
  return m;
}

/** A hash of what training reads: the settings, and each text's features and gold labels in order. */
function trainingKey(texts: readonly Text[], epochs: number, seed: number, bits: number): string {
  let h = 0x811c9dc5;
  const mixIn = (x: number) => {
    h = Math.imul(h ^ x, 0x01000193);
  };
  for (const x of [epochs, seed, bits, texts.length]) mixIn(x);
  for (const t of texts) {
    for (const s of t.seqs) for (let i = 0; i < s.features.length; i++) mixIn(s.features[i]!);
    for (const g of t.gold) for (let i = 0; i < g.length; i++) mixIn(g[i]!);
  }
  return `${epochs}/${seed}/${bits}/${texts.length}/${(h >>> 0).toString(16)}`;
}

export function asModel(m: { bits: number; weights: Float32Array; trans: Float32Array }): TaggerModel {
  return { bits: m.bits, weights: m.weights, trans: m.trans, scale: 1, meta: {} };
}

export function tagAllFull(model: TaggerModel, t: Text): { statements: TaggedStatement[]; segments: TaggedSegments } {
  const statements: TaggedStatement[] = [];
  const segments: TaggedSegments = { cues: [], sources: [] };
  for (const s of t.seqs) {
    const n = s.to - s.from;
    const em = emissions(model, s.features, n);
    const tags = viterbi(em, model.trans, n);
    statements.push(...decodeStatements(t.doc, s, tags, em));
    const g = segmentSpans(t.doc, s, tags, em);
    segments.cues.push(...g.cues);
    segments.sources.push(...g.sources);
  }
  return { statements, segments };
}

/** The policy fields of a hybrid that adds and drops nothing: only the rules' own drafts, reshaped at most. */
const ADDS_NOTHING = { dropBelow: 0, addMargin: Infinity, addNeedsSource: true, addConfidence: 0.4 } as const;

/** Rules whose cues (mentions) the tagger's overlapping segments bound exactly more often than the rule does (held-out). */
export function segmentRules(texts: Text[], segs: Map<Text, TaggedSegments>): { cue: string[]; mention: string[] } {
  const every = new Set(rulesOf(texts));
  const all: HybridPolicy = {
    adopt: new Set(),
    ...ADDS_NOTHING,
    cueBounds: every,
    mentionBounds: every,
  };
  const tally = new Map<string, number[]>();
  for (const t of texts) {
    const moved = combine(t.doc, t.drafts, [], all, segs.get(t)!);
    t.drafts.forEach((d, i) => {
      const m = moved[i]!;
      const row = tally.get(d.rule) ?? [0, 0, 0, 0];
      tally.set(d.rule, row);
      const hit = (sp: Span | null | undefined, set: Set<string>): number => (sp && set.has(trimmedOf(t.text, sp)) ? 1 : 0);
      row[0]! += hit(d.cue, t.goldSpans.Cue);
      row[1]! += hit(m.cue, t.goldSpans.Cue);
      row[2]! += hit(d.speaker?.mention, t.goldSpans.Source);
      row[3]! += hit(m.speaker?.mention, t.goldSpans.Source);
    });
  }
  const cue: string[] = [],
    mention: string[] = [];
  for (const [rule, [c0, c1, m0, m1]] of [...tally].sort()) {
    process.stderr.write(`  rule ${rule}: exact cues own ${c0} tagger ${c1}; exact mentions own ${m0} tagger ${m1}\n`);
    if (c1! > c0!) cue.push(rule);
    if (m1! > m0!) mention.push(rule);
  }
  return { cue, mention };
}

/**
 * Rules whose drafts without a speaker mention should take the matching tagger statement's source: where the filled
 * mentions are exact gold Source spans more often than not (held-out texts).
 */
export function mentionFillRules(texts: Text[], tagged: Map<Text, TaggedStatement[]>): string[] {
  const every = new Set(rulesOf(texts));
  const p: HybridPolicy = {
    adopt: new Set(),
    ...ADDS_NOTHING,
    mentionFill: every,
  };
  const tally = new Map<string, number[]>();
  for (const t of texts) {
    const filled = combine(t.doc, t.drafts, tagged.get(t)!, p);
    const before = new Set(t.drafts.map((d) => d.speaker?.mention).filter((m) => !!m));
    for (const d of filled) {
      const m = d.speaker?.mention;
      if (!m || before.has(m)) continue;
      const row = tally.get(d.rule) ?? [0, 0];
      tally.set(d.rule, row);
      row[t.goldSpans.Source.has(trimmedOf(t.text, m)) ? 0 : 1]!++;
    }
  }
  const out: string[] = [];
  for (const [rule, [good, bad]] of [...tally].sort()) {
    process.stderr.write(`  rule ${rule}: filled mentions exact ${good}, not ${bad}\n`);
    if (good! > bad!) out.push(rule);
  }
  return out;
}

/**
 * Rules whose drafts under the product's floor were right end to end (rightEndToEnd) in under a third of the held-out
 * cases (at least 10 of them): such a draft costs more precision (and source accuracy) than it brings recall, at an F1
 * near 0.68.
 */
export function weakRules(texts: Text[]): string[] {
  const tally = new Map<string, [number, number]>();
  for (const t of texts)
    for (const d of t.drafts) {
      if (d.confidence >= FLOOR) continue;
      const row = tally.get(d.rule) ?? [0, 0];
      tally.set(d.rule, row);
      row[0]++;
      if (rightEndToEnd(t, d)) row[1]++;
    }
  const out: string[] = [];
  for (const [rule, [n, right]] of [...tally].sort()) {
    process.stderr.write(`  rule ${rule}: ${n} drafts under the floor, ${right} right end to end\n`);
    if (n >= 10 && 3 * right < n) out.push(rule);
  }
  return out;
}

/** Rules whose own boundaries match gold less often than the boundaries the tagger would give them (held-out texts). */
export function rulesOf(texts: Text[]): string[] {
  return [...new Set(texts.flatMap((t) => t.drafts.map((d) => d.rule)))];
}

/**
 * Whether a draft is right end to end, roughly as score.mjs has it: its pieces share at least half of the shorter's
 * characters with a gold content's outer bounds (the most shared), and its speaker's mention overlaps that
 * attribution's source (or both have none).
 */
function rightEndToEnd(t: Text, d: Draft): boolean {
  const len = d.parts.reduce((n, p) => n + p.end - p.start, 0);
  let best = -1,
    most = 0;
  t.ann.contents.forEach(([s, e], i) => {
    let shared = 0;
    for (const p of d.parts) shared += Math.max(0, Math.min(e, p.end) - Math.max(s, p.start));
    if (shared > most && 2 * shared >= Math.min(len, e - s)) [best, most] = [i, shared];
  });
  if (best < 0) return false;
  const src = t.ann.sources[best],
    m = d.speaker?.mention;
  return src ? !!m && src.some(([s, e]) => s < m.end && m.start < e) : !d.speaker;
}

/** combine keeps one draft per rule draft, in document order: each rule draft paired with its combined draft. */
function pairUp(drafts: readonly Draft[], combined: readonly Draft[]): Map<Draft, Draft> {
  const left = [...combined];
  const paired = new Map<Draft, Draft>();
  for (const d of drafts) {
    const k = left.findIndex((x) => x.rule === d.rule && x.speaker === d.speaker && x.cue === d.cue && x.sentence === d.sentence);
    if (k >= 0) paired.set(d, left.splice(k, 1)[0]!);
  }
  return paired;
}

/** 1 when the draft's normalised outer bounds are a gold content's (score.mjs's exact match), else 0. */
const outerHit = (t: Text, x: Draft): number =>
  t.goldBounds.has(normBounds(t.text, x.parts[0]!.start, x.parts[x.parts.length - 1]!.end)) ? 1 : 0;

/** The share of the draft's pieces that are gold content pieces (CofeNet's exact spans). */
const pieceHits = (t: Text, x: Draft): number =>
  x.parts.filter((p) => t.goldSpans.Content.has(trimmedOf(t.text, p))).length / x.parts.length;

export function adoptingRules(
  texts: Text[],
  tagged: Map<Text, TaggedStatement[]>,
  tolerances: readonly number[],
): Array<{ both: string[]; left: string[]; right: string[] }> {
  // Per rule, the hits (exact outer bounds + exact pieces) of its own bounds, the tagger's, and either edge alone.
  const variants = ['own', 'both', 'left', 'right'] as const;
  const hits = new Map<string, number[]>();
  // ... and the drafts right end to end (rightEndToEnd): a choice that loses some costs the end-to-end F1 and source
  // accuracy, which the policy may not lower.
  const partial = new Map<string, number[]>();
  const rules = new Set(rulesOf(texts));
  for (const t of texts) {
    for (const [vi, v] of variants.entries()) {
      const p: HybridPolicy = {
        adopt: v === 'both' ? rules : new Set(),
        ...(v === 'left' ? { adoptLeft: rules } : {}),
        ...(v === 'right' ? { adoptRight: rules } : {}),
        ...ADDS_NOTHING,
      };
      const paired = v === 'own' ? null : pairUp(t.drafts, combine(t.doc, t.drafts, tagged.get(t)!, p));
      for (const d of t.drafts) {
        const a = paired?.get(d) ?? d;
        const row = hits.get(d.rule) ?? [0, 0, 0, 0];
        hits.set(d.rule, row);
        row[vi]! += outerHit(t, a) + pieceHits(t, a);
        const prow = partial.get(d.rule) ?? [0, 0, 0, 0];
        partial.set(d.rule, prow);
        if (rightEndToEnd(t, a)) prow[vi]!++;
      }
    }
  }
  return tolerances.map((tolerance) => {
    const out = { both: [] as string[], left: [] as string[], right: [] as string[] };
    for (const [rule, row] of [...hits].sort()) {
      let best = 0;
      // Another choice than the rule's own bounds must win clearly (a per-rule choice on one fold is otherwise noise),
      // and lose at most `tolerance` of the rule's drafts right end to end.
      const clearly = Math.max(2, 0.01 * row[0]!);
      const prow = partial.get(rule)!;
      const floor = prow[0]! - Math.floor(tolerance * prow[0]!);
      for (let i = 1; i < row.length; i++) if (prow[i]! >= floor && row[i]! > row[best]! + (best === 0 ? clearly : 0)) best = i;
      process.stderr.write(
        `  rule ${rule}: own/both/left/right ${row.map((x) => x.toFixed(1)).join(' / ')}, right end to end ${prow.join(' / ')}, tolerance ${tolerance} -> ${variants[best]}\n`,
      );
      if (best === 1) out.both.push(rule);
      else if (best === 2) out.left.push(rule);
      else if (best === 3) out.right.push(rule);
    }
    return out;
  });
}

export function adoptingRulesBoth(texts: Text[], tagged: Map<Text, TaggedStatement[]>): string[] {
  const all: HybridPolicy = {
    adopt: new Set(rulesOf(texts)),
    ...ADDS_NOTHING,
  };
  const own = new Map<string, number>(),
    adopted = new Map<string, number>(),
    count = new Map<string, number>(),
    ownPieces = new Map<string, number>(),
    adoptedPieces = new Map<string, number>();
  for (const t of texts) {
    const paired = pairUp(t.drafts, combine(t.doc, t.drafts, tagged.get(t)!, all));
    for (const d of t.drafts) {
      const a = paired.get(d) ?? d;
      count.set(d.rule, (count.get(d.rule) ?? 0) + 1);
      own.set(d.rule, (own.get(d.rule) ?? 0) + outerHit(t, d));
      adopted.set(d.rule, (adopted.get(d.rule) ?? 0) + outerHit(t, a));
      ownPieces.set(d.rule, (ownPieces.get(d.rule) ?? 0) + pieceHits(t, d));
      adoptedPieces.set(d.rule, (adoptedPieces.get(d.rule) ?? 0) + pieceHits(t, a));
    }
  }
  const out: string[] = [];
  for (const [rule, n] of [...count].sort()) {
    const o = own.get(rule)!,
      a = adopted.get(rule)!;
    process.stderr.write(
      `  rule ${rule}: ${n} drafts, exact own ${(o / n).toFixed(3)}, with tagger bounds ${(a / n).toFixed(3)}; exact pieces own ${(ownPieces.get(rule)! / n).toFixed(3)} tagger ${(adoptedPieces.get(rule)! / n).toFixed(3)}\n`,
    );
    // Both views: score.mjs's normalised outer bounds and the exact pieces of CofeNet's metric.
    if (a + adoptedPieces.get(rule)! > o + ownPieces.get(rule)!) out.push(rule);
  }
  return out;
}

export interface Scores {
  span?: { content: number; source: number; cue: number };
  exact: number;
  partial: number;
  e2e: number;
  source: number;
}

export function score(scoreMjs: string, gold: string, pred: string): Scores {
  const r = spawnSync(process.execPath, [scoreMjs, '--gold', gold, '--pred', pred, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`score.mjs failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as Record<string, { f1?: number; accuracy?: number }>;
  return { exact: j['contentExact']!.f1!, partial: j['contentPartial']!.f1!, e2e: j['endToEnd']!.f1!, source: j['source']!.accuracy! };
}

/** The targets of issue 14 together: score.mjs content exact and end-to-end F1, and the exact-span F1s (CofeNet's view). */
const merit = (r: Scores): number => r.exact + r.e2e + (r.span ? r.span.content + r.span.source + r.span.cue : 0);

/** The linker's probability thresholds tried by the policy search: the statement's (keep) and its speaker's (source). */
const KEEP_THRESHOLDS = [0.3, 0.6];
const SOURCE_THRESHOLDS = [0.7, 0.75, 0.8, 0.85];
/** The verify model's threshold for the rules' drafts under the floor (0: none dropped; 0.5 was never better than 0.35). */
const VERIFY_THRESHOLDS = [0, 0.35];
/** The boundary correction's margins tried (score units over the current edge's). */
const BOUNDS_MARGINS = [0, 0.25, 0.5, 1, 1.5, 2];

const describe = (p: HybridPolicy): string =>
  `${p.linker ? `linker ${p.linker.describe ?? ''}, ` : ''}${p.adopt.size + (p.adoptLeft?.size ?? 0) + (p.adoptRight?.size ?? 0) ? `tagger bounds for ${p.adopt.size}+${p.adoptLeft?.size ?? 0}+${p.adoptRight?.size ?? 0} rules, ` : 'own bounds, '}drop<${p.dropBelow}${p.dropRules?.size ? ` drop ${p.dropRules.size} rules` : ''} add>=${p.addMargin.toFixed(2)}${p.addNeedsSource ? ` with source${(p.addMaxGap ?? 99) !== 99 ? ` gap<=${p.addMaxGap}` : ''}` : ''}${p.addNeedsLink ? ` linked (${p.addNeedsLink})` : ''}${p.cueBounds ? ' cue/mention bounds' : ''}${p.nestedBelow ? ` nested<${p.nestedBelow}` : ''}`;

const NAMES = ['O', 'B-C', 'I-C', 'B-S', 'I-S', 'B-Q', 'I-Q'];
function show(m: TaggerModel, t: Text): void {
  for (const [qi, s] of t.seqs.entries()) {
    const n = s.to - s.from;
    const p = viterbi(emissions(m, s.features, n), m.trans, n);
    const line: string[] = [];
    for (let k = 0; k < n; k++)
      line.push(`${t.doc.tokens[s.from + k]!.text}/${NAMES[t.gold[qi]![k]!]}${p[k] === t.gold[qi]![k] ? '' : `!${NAMES[p[k]!]}`}`);
    process.stderr.write(line.join(' ') + '\n\n');
  }
}

function tokenAccuracy(m: TaggerModel, texts: Text[], what = ''): void {
  let right = 0,
    all = 0;
  for (const t of texts)
    for (const [qi, s] of t.seqs.entries()) {
      const n = s.to - s.from;
      const p = viterbi(emissions(m, s.features, n), m.trans, n);
      for (let k = 0; k < n; k++) if (p[k] === t.gold[qi]![k]) right++;
      all += n;
    }
  process.stderr.write(`held-out token accuracy${what} ${(right / all).toFixed(4)}\n`);
}

/**
 * The corpus's texts featurised for held-out work: `held` are the texts of folds `o.fold` of `o.folds` (text i is in fold
 * i % folds), and the word clusters are learned from the other texts only (the held-out texts are as unseen as dev's; the
 * shipped model's clusters come from every text).
 */
export function heldOutTexts(o: ReturnType<typeof args>): { texts: Text[]; foldOf: (i: number) => number; held: Text[] } {
  const texts = load(resolve(o.corpus), o.limit);
  const foldOf = (i: number): number => i % o.folds;
  const held = texts.filter((_, i) => o.fold.includes(foldOf(i)));
  const rest = texts.filter((_, i) => !o.fold.includes(foldOf(i)));
  featurise(texts, textClusters(rest, o.clusters, o.clusterMin, o.clusterIterations));
  return { texts, foldOf, held };
}

function main(): void {
  const o = args(process.argv.slice(2));
  const corpus = resolve(o.corpus);
  const scoreMjs = join(corpus, '..', '..', 'score.mjs');
  const t0 = performance.now();
  const { texts, foldOf, held } = heldOutTexts(o);
  process.stderr.write(`read and featurised ${texts.length} texts in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const full = new Map<Text, ReturnType<typeof tagAllFull>>();
  /** Each held-out text's tagger's unit of score (the linker's margins are in it). */
  const units = new Map<Text, number>();
  for (const k of o.fold) {
    const mine = texts.filter((_, i) => foldOf(i) === k);
    const rest = texts.filter((_, i) => foldOf(i) !== k);
    process.stderr.write(`fold ${k}/${o.folds}: training on ${rest.length}, labelling ${mine.length}\n`);
    const trained = cachedTrain(o.cache && `${o.cache}-fold${k}of${o.folds}.bin`, rest, o.epochs, o.seed, o.bits);
    const m = asModel(trained);
    for (const t of mine) full.set(t, tagAllFull(m, t));
    for (const t of mine) units.set(t, modelUnit(m.trans));
    if (o.show && k === o.fold[0]) show(m, mine[0]!);
    tokenAccuracy(m, mine);
    // The same model as it ships (8-bit weights, packed at load): the policy figures below are the float model's.
    tokenAccuracy(parseModel(serialiseModel(trained, {})), mine, ' (8-bit, as shipped)');
  }
  process.stderr.write(`choosing the policy on ${held.length} held-out texts (folds ${o.fold.join(',')} of ${o.folds})\n`);
  const tagged = new Map(held.map((t) => [t, full.get(t)!.statements]));
  const segs = new Map(held.map((t) => [t, full.get(t)!.segments]));
  // Two readings of "the tagger's bounds are better for this rule": strict (no draft right end to end lost) and loose
  // (up to 2 % of them, for the exact spans); the policy search below decides against the rules' own figures.
  const adoptings = o.edges ? adoptingRules(held, tagged, [0, 0.02]) : [{ both: adoptingRulesBoth(held, tagged), left: [], right: [] }];
  const bounds = segmentRules(held, segs);
  const fill = o.fill ? mentionFillRules(held, tagged) : [];
  const weak = weakRules(held);
  // Gold folder of the held-out texts, for score.mjs.
  const work = mkdtempSync(join(tmpdir(), 'whosaid-tagger-'));
  const gold = join(work, 'gold');
  mkdirSync(gold);
  for (const t of held) for (const ext of ['.txt', '.ann']) symlinkSync(join(corpus, t.name + ext), join(gold, t.name + ext));
  const margins = [...tagged.values()]
    .flat()
    .map((s) => s.margin)
    .sort((a, b) => a - b);
  const q = (p: number): number => margins[Math.floor(p * (margins.length - 1))] ?? 0;
  const rulesOnly: HybridPolicy = {
    adopt: new Set(),
    ...ADDS_NOTHING,
  };
  const results: Array<{ p: HybridPolicy; r: Scores }> = [];
  const linkThreshold = new Map<HybridPolicy, [number, number, number]>();
  // Policies with the boundary correction carry held-out weights per text (each fold's trained on the other's).
  const boundsFor = new Map<HybridPolicy, Map<Text, BoundsModel>>();
  const policyFor = (p: HybridPolicy, t: Text): HybridPolicy => {
    const b = boundsFor.get(p)?.get(t);
    return b ? { ...p, bounds: b } : p;
  };
  const evaluate = (p: HybridPolicy): { p: HybridPolicy; r: Scores } => {
    const dir = join(work, `p${results.length}`);
    mkdirSync(dir);
    const preds = new Map(held.map((t) => [t, combine(t.doc, t.drafts, tagged.get(t)!, policyFor(p, t), segs.get(t)!)]));
    for (const t of held) writeFileSync(join(dir, `${t.name}.json`), JSON.stringify(toPrediction(t.text, preds.get(t)!, 'file', 0)));
    const r = { ...score(scoreMjs, gold, dir), span: spanScores(held, preds) };
    rmSync(dir, { recursive: true, force: true });
    const x = { p, r };
    results.push(x);
    process.stderr.write(
      `  ${p === rulesOnly ? 'rules only' : describe(p)}: exact ${r.exact.toFixed(3)} partial ${r.partial.toFixed(3)} e2e ${r.e2e.toFixed(3)} source ${r.source.toFixed(3)} | spans content ${r.span.content.toFixed(3)} source ${r.span.source.toFixed(3)} cue ${r.span.cue.toFixed(3)}\n`,
    );
    return x;
  };
  evaluate(rulesOnly);
  // In two steps, so the search stays short: first the reshaping of the rules' drafts, adding nothing (the tagger's
  // boundaries for the rules chosen above, or the rules' own; drops; nested drops), then, for the best of those, which
  // tagger-only statements are added: those over a margin (quantiles of the held-out margins) with a source segment
  // (near the cue, or any) or with none, and those whose source the rules named (linkStatement), or named and with a
  // speech cue.
  const shapes: Array<{ p: HybridPolicy; r: Scores }> = [];
  const families: Array<{ both: string[]; left: string[]; right: string[] }> = [...adoptings, { both: [], left: [], right: [] }];
  const familyOf = new Map<HybridPolicy, number>();
  for (const [family, a] of families.entries())
    for (const dropBelow of [0, 0.35])
      for (const nestedBelow of [0, FLOOR])
        for (const dropRules of weak.length ? [[], weak] : [[]]) {
          const x = evaluate({
            ...ADDS_NOTHING,
            ...(dropRules.length ? { dropRules: new Set(dropRules) } : {}),
            ...(fill.length ? { mentionFill: new Set(fill) } : {}),
            nestedBelow,
            adopt: new Set(a.both),
            adoptLeft: new Set(a.left),
            adoptRight: new Set(a.right),
            dropBelow,
            cueBounds: new Set(bounds.cue),
            mentionBounds: new Set(bounds.mention),
          });
          familyOf.set(x.p, family);
          shapes.push(x);
        }
  type Adding = Pick<HybridPolicy, 'addMargin' | 'addNeedsSource' | 'addMaxGap' | 'addNeedsLink'>;
  const adding: Adding[] = [];
  // (A source at most one token from the cue, and no source at all, were candidates too: never better, left out for time.)
  for (const addMargin of [q(0.5), q(0.25), q(0.1), -Infinity]) {
    adding.push({ addMargin, addNeedsSource: true, addMaxGap: 99 });
    adding.push({ addMargin, addNeedsSource: true, addMaxGap: 99, addNeedsLink: 'name' });
    adding.push({ addMargin, addNeedsSource: true, addMaxGap: 99, addNeedsLink: 'speech' });
    adding.push({ addMargin, addNeedsSource: true, addMaxGap: 99, addNeedsLink: 'pronoun' });
  }
  // The best reshaping of each family (strict, loose, the rules' own bounds): the guard may refuse the first ones. Adding
  // statements seldom raises source accuracy, so a reshaping that lowers it under the rules' would make every addition
  // on top of it fail the guard below: the best one that keeps it is taken when there is one (with the exact-span
  // figures in the merit, dropping nested drafts can otherwise win the reshaping and lose the whole hybrid).
  const keepsSource = (r: Scores): boolean => r.source >= results[0]!.r.source;
  // With rules dropped under the floor (weakRules) and without, apart: the drop raises source accuracy, which leaves
  // room for more added statements whose speakers are less sure.
  const top = [
    ...new Set(
      families.flatMap((_, f) =>
        [false, true].flatMap((dropping) => {
          const ranked = shapes
            .filter((x) => familyOf.get(x.p) === f && !!x.p.dropRules?.size === dropping)
            .sort((a, b) => merit(b.r) - merit(a.r));
          return ranked.length ? [ranked.find((x) => keepsSource(x.r)) ?? ranked[0]!] : [];
        }),
      ),
    ),
  ];
  for (const shape of top) for (const add of adding) evaluate({ ...shape.p, ...add });
  // The learned linker (train-linker.ts) on each top reshaping: its examples are the held-out tagger statements that
  // reshaping leaves, each fold's linked by weights trained on the other fold; the threshold is chosen with the rest.
  // With it, the verify model (train-linker.ts) may drop the rules' drafts under the floor it reads as wrong end to end
  // (verifyMin 0: none dropped), trained the same way on the drafts the reshaping leaves.
  const linkerOf = new Map<HybridPolicy, { examples: LinkExample[]; verify: VerifyExample[] }>();
  if (o.linker) {
    const heldFolds = o.fold.map((k) => texts.filter((_, i) => foldOf(i) === k));
    for (const shape of [...top].sort((a, b) => merit(b.r) - merit(a.r)).slice(0, o.linkerShapes)) {
      const examples = linkExamples(held, tagged, segs, shape.p, units);
      const cross = crossLinkers(examples, heldFolds, o.seed);
      const verify = verifyExamples(held, tagged, segs, shape.p, units);
      const verifiers = crossVerifiers(verify, heldFolds, o.seed);
      process.stderr.write(
        `  ${linkerReport(examples, cross)}; verify: ${verify.length} drafts, ${verify.filter((x) => x.right).length} right\n`,
      );
      // With a source segment and cue required (addNeedsSource) or not: without one the linker adds few statements
      // (PolNeAR train: 30 of the 2,196 it was asked about) and costs as much run time for each.
      for (const needsSource of [false, true])
        for (const verifyMin of VERIFY_THRESHOLDS)
          for (const keepMin of KEEP_THRESHOLDS)
            for (const sourceMin of SOURCE_THRESHOLDS) {
              const x = evaluate({
                ...shape.p,
                addMargin: -Infinity,
                addNeedsSource: needsSource,
                addNeedsLink: false,
                linker: heldOutLinker(cross, held, keepMin, sourceMin, units, { byText: verifiers, min: verifyMin }),
              });
              linkThreshold.set(x.p, [keepMin, sourceMin, verifyMin]);
              linkerOf.set(x.p, { examples, verify });
            }
    }
  }
  const base = results[0]!.r;
  // Never trade speakers for spans, nor score.mjs's figures for the exact-span ones: source accuracy, content exact and
  // end-to-end F1 at least the rules', all held-out. The rules alone always pass. (The issue's 0.93 floor is then met
  // wherever the rules meet it; an absolute 0.93 here would refuse every policy when the rules are under it, as on fold 1.)
  const passes = (r: Scores): boolean => r.source >= base.source && r.exact >= base.exact && r.e2e >= base.e2e;
  const chosen = (): { p: HybridPolicy; r: Scores } =>
    results
      .slice(1)
      .filter((x) => passes(x.r))
      .sort((a, b) => merit(b.r) - merit(a.r))[0] ?? results[0]!;
  let best = chosen();
  // The learned boundary correction (train-bounds.ts) on top of the chosen policy: its examples are the edges of the
  // held-out drafts that policy makes, each fold's corrected by weights trained on the other fold; the margin (how much
  // better than the current edge a candidate must score) and whether the tagger's own statements are corrected too are
  // chosen with the rest, by the same guard.
  let boundsExamples: BoundsExample[] | null = null;
  const boundsChoice = new Map<HybridPolicy, { margin: number; tagger: boolean; base: HybridPolicy }>();
  if (o.bounds) {
    const examples = held.flatMap((t) => textExamples(t, combine(t.doc, t.drafts, tagged.get(t)!, best.p, segs.get(t)!), tagged.get(t)!));
    const cross = crossBounds(
      examples,
      o.fold.map((k) => texts.filter((_, i) => foldOf(i) === k)),
      o.seed,
    );
    process.stderr.write(`  ${boundsReport(examples, cross, BOUNDS_MARGINS)}\n`);
    for (const tagger of [true, false])
      for (const margin of BOUNDS_MARGINS) {
        const p: HybridPolicy = { ...best.p };
        boundsFor.set(p, heldOutBounds(cross, margin, tagger));
        boundsChoice.set(p, { margin, tagger, base: best.p });
        process.stderr.write(`  bounds margin ${margin}${tagger ? '' : " (rules' drafts only)"} over the chosen policy:\n`);
        evaluate(p);
      }
    boundsExamples = examples;
    best = chosen();
  }
  rmSync(work, { recursive: true, force: true });
  if (o.keep)
    for (const [sub, p] of [
      ['rules', rulesOnly],
      ['hybrid', best.p],
    ] as const) {
      const dir = join(o.keep, sub);
      mkdirSync(dir, { recursive: true });
      for (const t of held)
        writeFileSync(
          join(dir, `${t.name}.json`),
          JSON.stringify(toPrediction(t.text, combine(t.doc, t.drafts, tagged.get(t)!, policyFor(p, t), segs.get(t)!), 'file', 0)),
        );
    }
  if (o.keep) {
    mkdirSync(join(o.keep, 'gold'), { recursive: true });
    for (const t of held)
      for (const ext of ['.txt', '.ann'])
        if (!existsSync(join(o.keep, 'gold', t.name + ext))) symlinkSync(join(corpus, t.name + ext), join(o.keep, 'gold', t.name + ext));
  }
  if (best === results[0]) process.stderr.write('no policy keeps source accuracy, content exact and e2e: the rules alone\n');
  process.stderr.write(
    `chosen: ${describe(best.p)}${boundsChoice.has(best.p) ? `, bounds margin ${boundsChoice.get(best.p)!.margin}${boundsChoice.get(best.p)!.tagger ? '' : ' (rules only)'}` : ''} (exact ${best.r.exact.toFixed(3)} e2e ${best.r.e2e.toFixed(3)} source ${best.r.source.toFixed(3)} vs rules ${base.exact.toFixed(3)} ${base.e2e.toFixed(3)} ${base.source.toFixed(3)})\n`,
  );
  if (!o.final) return;
  const t1 = performance.now();
  const clusters = textClusters(texts, o.clusters, o.clusterMin, o.clusterIterations);
  featurise(texts, clusters);
  const final = train(texts, o.epochs, o.seed, o.bits);
  // The linker of the chosen policy, trained on every held-out example (both folds).
  // (A policy with the boundary correction is a copy of the policy it corrects: the linker is that one's.)
  const linkerBase = boundsChoice.get(best.p)?.base ?? best.p;
  const linkerExamples = linkerOf.get(linkerBase);
  const [keepMin, sourceMin, verifyMin] = linkThreshold.get(linkerBase) ?? [0, 0, 0];
  const linker: Linker | null = linkerExamples
    ? {
        ...trainLinker(linkerExamples.examples, o.seed),
        keepMin,
        sourceMin,
        ...(verifyMin ? { verify: trainVerify(linkerExamples.verify, o.seed), verifyMin } : {}),
      }
    : null;
  // The boundary correction of the chosen policy, trained on every held-out example (both folds).
  const bc = boundsChoice.get(best.p);
  const boundsModel: BoundsModel | null =
    bc && boundsExamples ? { weights: trainBounds(boundsExamples, o.seed), margin: bc.margin, tagger: bc.tagger } : null;
  const meta = {
    trainedOn: `${texts.length} texts of ${o.corpus}`,
    epochs: o.epochs,
    seed: o.seed,
    clusters: clusters
      ? { leaves: clusters.paths.length, words: clusters.words.length, minCount: o.clusterMin, iterations: o.clusterIterations }
      : null,
    // The lists of the policy chosen (the rules alone or own bounds adopt nothing), not every candidate's.
    adopt: [...best.p.adopt],
    mentionFill: best.p.mentionFill ? [...best.p.mentionFill] : [],
    adoptLeft: best.p.adoptLeft ? [...best.p.adoptLeft] : [],
    adoptRight: best.p.adoptRight ? [...best.p.adoptRight] : [],
    dropBelow: best.p.dropBelow,
    dropRules: best.p.dropRules ? [...best.p.dropRules] : [],
    addNeedsSource: best.p.addNeedsSource,
    addMaxGap: best.p.addMaxGap ?? 99,
    addNeedsLink: best.p.addNeedsLink ?? false,
    nestedBelow: best.p.nestedBelow ?? 0,
    cueBounds: best.p.cueBounds ? [...best.p.cueBounds] : [],
    mentionBounds: best.p.mentionBounds ? [...best.p.mentionBounds] : [],
    addMargin: best.p.addMargin === Infinity ? null : Math.max(best.p.addMargin, -1e9),
    heldOut: { fold: `${o.fold.join(',')}/${o.folds}`, rules: base, hybrid: best.r },
    ...(linker ? { linker: serialiseLinker(linker) } : {}),
    ...(boundsModel ? { bounds: serialiseBounds(boundsModel) } : {}),
  };
  mkdirSync(resolve(o.out, '..'), { recursive: true });
  writeFileSync(o.out, serialiseModel(final, meta, clusters));
  process.stderr.write(
    `wrote ${o.out} in ${((performance.now() - t0) / 1000).toFixed(0)} s (final training ${((performance.now() - t1) / 1000).toFixed(0)} s)\n`,
  );
}

// Run as a script (not when the exploration tools import its helpers).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
