// Word clusters for the learned tagger (issue 14, representations beyond words), learned here from unlabelled text (the
// texts of PolNeAR train, never dev or test) by training/train-tagger.ts and shipped inside data/models/tagger.json.
//
// Clustering: Brown's class-bigram objective (the mutual information of adjacent clusters), optimised in two steps that
// are each deterministic: exchange clustering (Kneser & Ney; Martin, Liermann & Ney 1998) of the vocabulary into `leaves`
// flat clusters, moving one word at a time to the cluster that most raises the objective, then Brown's agglomerative
// merging of those clusters, two at a time (the pair whose merge loses least), into a binary tree. A word's cluster is
// its leaf; its bit path is the way from the root to that leaf (0 left, 1 right), so that path prefixes are coarser
// clusters, as in Brown clusters.
//
// The tagger reads, per token, a few path prefixes and the leaf (features.ts), looked up once per token by the hash of
// the lower-case word that the word features use already (an open-addressing table of int32 keys: no string work).
import { z } from 'zod';

/** The learned clusters: the vocabulary (most frequent words first), each word's leaf, each leaf's bit path. */
export interface WordClusters {
  words: string[];
  leaf: number[];
  paths: string[];
}

export interface ClusterOptions {
  /** Flat clusters (leaves of the tree). */
  leaves: number;
  /** Words seen fewer times are left out (no cluster). */
  minCount: number;
  /** At most this many words (the most frequent) are clustered. */
  maxWords: number;
  /** Passes of the exchange step over the vocabulary. */
  iterations: number;
}

export const CLUSTER_DEFAULTS: ClusterOptions = { leaves: 256, minCount: 3, maxWords: 20_000, iterations: 8 };

/**
 * Learns word clusters from token sequences (lower-case words; bigrams are counted within a sequence). Deterministic:
 * the same sequences and options give the same clusters (ties go to the lower index; words are ordered by count, then
 * by code units). Words under minCount share one stand-in word while counting (their neighbours' statistics stay whole),
 * which gets no cluster.
 */
export function learnClusters(seqs: Iterable<readonly string[]>, opts: Partial<ClusterOptions> = {}): WordClusters {
  const o = { ...CLUSTER_DEFAULTS, ...opts };
  const count = new Map<string, number>();
  const all: string[][] = [];
  for (const s of seqs) {
    all.push([...s]);
    for (const w of s) count.set(w, (count.get(w) ?? 0) + 1);
  }
  const vocab = [...count]
    .filter(([, c]) => c >= o.minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, o.maxWords)
    .map(([w]) => w);
  const id = new Map(vocab.map((w, i) => [w, i]));
  const V = vocab.length + 1; // the last id: every rarer word
  const UNK = V - 1;
  const K = Math.max(1, Math.min(o.leaves, V));
  // Word bigram counts, sparse: per word its right and left neighbours with counts (CSR, built from a sorted key list).
  const pairs = new Map<number, number>();
  let total = 0;
  for (const s of all) {
    let prev = -1;
    for (const w of s) {
      const cur = id.get(w) ?? UNK;
      if (prev >= 0) {
        const key = prev * V + cur;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
        total++;
      }
      prev = cur;
    }
  }
  const keys = Float64Array.from(pairs.keys()).sort();
  const E = keys.length;
  const rStart = new Int32Array(V + 1),
    rWord = new Int32Array(E),
    rCount = new Int32Array(E);
  const lStart = new Int32Array(V + 1),
    lWord = new Int32Array(E),
    lCount = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    const k = keys[e]!;
    rStart[Math.floor(k / V) + 1]!++;
    lStart[(k % V) + 1]!++;
  }
  for (let w = 0; w < V; w++) {
    rStart[w + 1]! += rStart[w]!;
    lStart[w + 1]! += lStart[w]!;
  }
  const lFill = lStart.slice(0, V);
  for (let e = 0; e < E; e++) {
    const k = keys[e]!;
    const a = Math.floor(k / V),
      b = k % V,
      c = pairs.get(k)!;
    rWord[e] = b;
    rCount[e] = c;
    const at = lFill[b]!++;
    lWord[at] = a;
    lCount[at] = c;
  }
  // f(x) = x log x over the integer counts the objective meets (never more than the bigram total).
  const flog = new Float64Array(total + 1);
  for (let x = 2; x <= total; x++) flog[x] = x * Math.log(x);
  const f = (x: number): number => flog[x]!;

  // Initial clusters: the K - 1 most frequent words one each, every other word (and the stand-in) in the last.
  const cl = new Int32Array(V);
  for (let w = 0; w < V; w++) cl[w] = Math.min(w, K - 1);
  // Cluster bigram counts N[c * K + d], left and right marginals.
  const N = new Int32Array(K * K),
    nl = new Int32Array(K),
    nr = new Int32Array(K);
  for (let a = 0; a < V; a++)
    for (let e = rStart[a]!; e < rStart[a + 1]!; e++) {
      const b = rWord[e]!,
        c = rCount[e]!;
      N[cl[a]! * K + cl[b]!]! += c;
      nl[cl[a]!]! += c;
      nr[cl[b]!]! += c;
    }
  const R = new Int32Array(K),
    L = new Int32Array(K);
  const gains = new Float64Array(K);
  const rTouched = new Int32Array(K),
    lTouched = new Int32Array(K);
  for (let it = 0; it < o.iterations && K > 1; it++) {
    let moved = 0;
    for (let w = 0; w < V; w++) {
      if (w === UNK) continue;
      // w's bigrams by the neighbour's cluster (w itself apart), its self-bigrams, its marginals.
      let nr0 = 0,
        nl0 = 0,
        self = 0,
        wr = 0,
        wl = 0;
      for (let e = rStart[w]!; e < rStart[w + 1]!; e++) {
        const b = rWord[e]!,
          c = rCount[e]!;
        wr += c;
        if (b === w) {
          self += c;
          continue;
        }
        const d = cl[b]!;
        if (R[d] === 0) rTouched[nr0++] = d;
        R[d]! += c;
      }
      for (let e = lStart[w]!; e < lStart[w + 1]!; e++) {
        const a = lWord[e]!,
          c = lCount[e]!;
        wl += c;
        if (a === w) continue;
        const d = cl[a]!;
        if (L[d] === 0) lTouched[nl0++] = d;
        L[d]! += c;
      }
      // Take w out of its cluster.
      const from = cl[w]!;
      for (let i = 0; i < nr0; i++) N[from * K + rTouched[i]!]! -= R[rTouched[i]!]!;
      for (let i = 0; i < nl0; i++) N[lTouched[i]! * K + from]! -= L[lTouched[i]!]!;
      N[from * K + from]! -= self;
      nl[from]! -= wr;
      nr[from]! -= wl;
      // The gain of putting it into each cluster k (the objective: sum f(N) - sum f(nl) - sum f(nr)).
      for (let k = 0; k < K; k++) {
        let g = 0;
        const row = k * K;
        for (let i = 0; i < nr0; i++) {
          const d = rTouched[i]!;
          if (d === k) continue;
          const x = N[row + d]!;
          g += f(x + R[d]!) - f(x);
        }
        for (let i = 0; i < nl0; i++) {
          const d = lTouched[i]!;
          if (d === k) continue;
          const x = N[d * K + k]!;
          g += f(x + L[d]!) - f(x);
        }
        const kk = N[row + k]!;
        g += f(kk + R[k]! + L[k]! + self) - f(kk);
        g -= f(nl[k]! + wr) - f(nl[k]!) + f(nr[k]! + wl) - f(nr[k]!);
        gains[k] = g;
      }
      // Stay unless another cluster is better by more than rounding (then the first of the best).
      let best = from;
      for (let k = 0; k < K; k++) if (gains[k]! > gains[best]! + 1e-9 * (1 + Math.abs(gains[best]!))) best = k;
      for (let i = 0; i < nr0; i++) N[best * K + rTouched[i]!]! += R[rTouched[i]!]!;
      for (let i = 0; i < nl0; i++) N[lTouched[i]! * K + best]! += L[lTouched[i]!]!;
      N[best * K + best]! += self;
      nl[best]! += wr;
      nr[best]! += wl;
      if (best !== from) {
        cl[w] = best;
        moved++;
      }
      for (let i = 0; i < nr0; i++) R[rTouched[i]!] = 0;
      for (let i = 0; i < nl0; i++) L[lTouched[i]!] = 0;
    }
    if (moved === 0) break;
  }
  // Clusters in use (some may have emptied), renumbered in order of first use by the vocabulary.
  const renum = new Int32Array(K).fill(-1);
  let used = 0;
  for (let w = 0; w < V - 1; w++) if (renum[cl[w]!] === -1) renum[cl[w]!] = used++;
  const M = new Float64Array(used * used),
    ml = new Float64Array(used),
    mr = new Float64Array(used);
  for (let c = 0; c < K; c++) {
    if (renum[c] === -1) continue;
    ml[renum[c]!] = nl[c]!;
    mr[renum[c]!] = nr[c]!;
    for (let d = 0; d < K; d++) if (renum[d] !== -1) M[renum[c]! * used + renum[d]!] = N[c * K + d]!;
  }
  // (The stand-in's own cluster, when only it used one, has dropped out: its counts no longer enter the merging.)
  const paths = mergeTree(M, ml, mr, used);
  const leaf = vocab.map((_, w) => renum[cl[w]!]!);
  return { words: vocab, leaf, paths };
}

/**
 * Brown's agglomerative step over n clusters with bigram counts M (dense, n x n) and marginals: merges the pair that
 * loses the least of the objective until one is left, and returns each cluster's path from the root of the tree.
 */
function mergeTree(M: Float64Array, ml: Float64Array, mr: Float64Array, n: number): string[] {
  const paths = Array.from({ length: n }, () => '');
  if (n <= 1) return paths;
  const xl = (x: number): number => (x > 0 ? x * Math.log(x) : 0);
  // Active clusters: their members (original indices) and counts in place (rows and columns of M, indices of ml / mr).
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  let active = Array.from({ length: n }, (_, i) => i);
  // gain(i, j): the change of the objective when i and j merge (always <= 0).
  const gain = (i: number, j: number): number => {
    let g = 0;
    for (const d of active) {
      if (d === i || d === j) continue;
      const a = M[i * n + d]!,
        b = M[j * n + d]!;
      if (a + b > 0) g += xl(a + b) - xl(a) - xl(b);
      const c = M[d * n + i]!,
        e = M[d * n + j]!;
      if (c + e > 0) g += xl(c + e) - xl(c) - xl(e);
    }
    const ii = M[i * n + i]!,
      ij = M[i * n + j]!,
      ji = M[j * n + i]!,
      jj = M[j * n + j]!;
    g += xl(ii + ij + ji + jj) - xl(ii) - xl(ij) - xl(ji) - xl(jj);
    g -= xl(ml[i]! + ml[j]!) - xl(ml[i]!) - xl(ml[j]!);
    g -= xl(mr[i]! + mr[j]!) - xl(mr[i]!) - xl(mr[j]!);
    return g;
  };
  // Pair gains kept and updated after each merge: a pair (i, j) away from the merged a, b changes only by the terms of
  // the columns (and rows) a and b, which become one, m (held in a's place).
  const G = new Float64Array(n * n);
  for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) G[x * n + y] = gain(x, y);
  const part = (i: number, j: number, d: number): number => {
    const a = M[i * n + d]!,
      b = M[j * n + d]!,
      c = M[d * n + i]!,
      e = M[d * n + j]!;
    return xl(a + b) - xl(a) - xl(b) + xl(c + e) - xl(c) - xl(e);
  };
  while (active.length > 1) {
    let bi = -1,
      bj = -1,
      bg = -Infinity;
    for (let x = 0; x < active.length; x++)
      for (let y = x + 1; y < active.length; y++) {
        const i = active[x]!,
          j = active[y]!;
        const g = G[i * n + j]!;
        if (g > bg) {
          bg = g;
          bi = i;
          bj = j;
        }
      }
    // Before the merge: the pairs' terms for the columns bi and bj go.
    const rest = active.filter((d) => d !== bi && d !== bj);
    for (let x = 0; x < rest.length; x++)
      for (let y = x + 1; y < rest.length; y++) {
        const i = rest[x]!,
          j = rest[y]!;
        G[i * n + j]! -= part(i, j, bi) + part(i, j, bj);
      }
    // Merge bj into bi: rows, columns, marginals.
    for (const d of active) {
      if (d === bi || d === bj) continue;
      M[bi * n + d]! += M[bj * n + d]!;
      M[d * n + bi]! += M[d * n + bj]!;
    }
    M[bi * n + bi] = M[bi * n + bi]! + M[bi * n + bj]! + M[bj * n + bi]! + M[bj * n + bj]!;
    ml[bi]! += ml[bj]!;
    mr[bi]! += mr[bj]!;
    for (const m of members[bi]!) paths[m] = '0' + paths[m];
    for (const m of members[bj]!) paths[m] = '1' + paths[m];
    members[bi] = [...members[bi]!, ...members[bj]!];
    members[bj] = [];
    active = rest.concat(bi).sort((a, b) => a - b);
    // After: the merged column's terms come; the pairs with the merged cluster are computed anew.
    for (let x = 0; x < rest.length; x++)
      for (let y = x + 1; y < rest.length; y++) {
        const i = rest[x]!,
          j = rest[y]!;
        G[i * n + j]! += part(i, j, bi);
      }
    for (const d of rest) G[Math.min(d, bi) * n + Math.max(d, bi)] = gain(Math.min(d, bi), Math.max(d, bi));
  }
  return paths;
}

/** Path prefix lengths the tagger reads (besides the whole path, the leaf). */
export const PREFIXES = [4, 6] as const;

/** The run-time table: a word's leaf by the hash of its lower-case word, and each leaf's prefix values. */
export interface ClusterTable {
  /** Open addressing: keys (word hashes), values leaf + 1 (0: empty slot). */
  keys: Int32Array;
  vals: Int32Array;
  mask: number;
  /** Per leaf + 1 (index 0: no cluster, value 0): the PREFIXES of its path as int32 values (a 1 before the bits), the leaf. */
  prefix: Int32Array[];
  full: Int32Array;
  /** The file's data, for writing the model again. */
  data: WordClusters;
}

export const ClustersFile = z
  .object({
    kind: z.literal('brown-exchange'),
    /** The vocabulary, one word a line (no word holds a line break: tokens hold no white space). */
    words: z.string(),
    /** Per word, its leaf (index into paths). */
    leaf: z.array(z.number().int().nonnegative()),
    paths: z.array(z.string().regex(/^[01]{0,1024}$/)).min(1),
  })
  .refine((c) => c.words.split('\n').length === c.leaf.length, 'clusters: as many leaves as words')
  .refine((c) => c.leaf.every((l) => l < c.paths.length), 'clusters: a leaf out of range')
  .refine((c) => new Set(c.paths).size === c.paths.length, 'clusters: two leaves with one path');

export function serialiseClusters(c: WordClusters): z.infer<typeof ClustersFile> {
  return { kind: 'brown-exchange', words: c.words.join('\n'), leaf: c.leaf, paths: c.paths };
}

/**
 * The run-time table of clusters from the model file's `clusters` (validated: throws on a broken one). `hash` is the
 * word hash the features use (hashString of the lower-case word).
 */
export function clusterTable(json: unknown, hash: (word: string) => number): ClusterTable {
  const c = ClustersFile.parse(json);
  const words = c.words.split('\n');
  if (new Set(words).size !== words.length) throw new Error('clusters: a word twice');
  let size = 1;
  while (size < words.length * 2) size <<= 1;
  const keys = new Int32Array(size),
    vals = new Int32Array(size);
  const mask = size - 1;
  words.forEach((w, i) => {
    const h = hash(w) | 0;
    let s = h & mask;
    while (vals[s] !== 0 && keys[s] !== h) s = (s + 1) & mask;
    // Two words with one 32-bit hash: the first (more frequent) keeps the slot.
    if (vals[s] !== 0) return;
    keys[s] = h;
    vals[s] = c.leaf[i]! + 1;
  });
  const leaves = c.paths.length;
  const prefix = PREFIXES.map((len) => {
    const out = new Int32Array(leaves + 1);
    c.paths.forEach((p, l) => (out[l + 1] = bitsValue(p.slice(0, len))));
    return out;
  });
  const full = new Int32Array(leaves + 1);
  for (let l = 0; l < leaves; l++) full[l + 1] = l + 1;
  return { keys, vals, mask, prefix, full, data: { words, leaf: c.leaf, paths: c.paths } };
}

/** A path's bits as an int32 with a leading 1 (so "01" and "001" differ); 0 never results. */
function bitsValue(bits: string): number {
  let v = 1;
  for (let i = 0; i < bits.length && i < 30; i++) v = (v << 1) | (bits.charCodeAt(i) - 48);
  return v;
}

/** The leaf + 1 of the word with hash h, or 0 when it has no cluster. */
export function leafOf(t: ClusterTable, h: number): number {
  let s = h & t.mask;
  for (;;) {
    const v = t.vals[s]!;
    if (v === 0) return 0;
    if (t.keys[s] === h) return v;
    s = (s + 1) & t.mask;
  }
}
