// In-memory speaker matching for lookups and autocomplete. Built once from the speakers tables (rebuilt when
// the index changes) into hash maps and a sorted key list, so a query touches only the names that can match:
// well under a millisecond with thousands of speakers. No SQL here.
import { editDistance, nameKey } from '../speakers/fold.ts';
import type { SpeakerMatch, SpeakerRef } from './types.ts';

export interface SpeakerRow extends SpeakerRef {
  statementCount: number;
  curated: boolean;
  /** Canonical name first, then aliases. */
  names: string[];
}

interface Entry {
  row: SpeakerRow;
}

interface Hit {
  entry: Entry;
  name: string;
}

/** Match tiers, best first. */
const SCORE = {
  exact: 100,
  surname: 90,
  prefix: 80,
  tokenPrefix: 70,
  substring: 50,
  fuzzy: 40,
} as const;

function push<K>(map: Map<K, Hit[]>, key: K, hit: Hit): void {
  const list = map.get(key);
  if (!list) map.set(key, [hit]);
  else if (!list.some((h) => h.entry === hit.entry)) list.push(hit);
}

export class SpeakerSearch {
  private readonly entries: Entry[];
  private readonly byId = new Map<number, Entry>();
  /** Whole folded name -> speakers. */
  private readonly exact = new Map<string, Hit[]>();
  /** Surname, name tail ("cavo dragone"), first+last, tokens reordered -> speakers. */
  private readonly partial = new Map<string, Hit[]>();
  /** Whole names (prefix tier) and name tails from each token on (token-prefix tier), sorted by key. */
  private readonly starts: { key: string; hit: Hit; score: number }[] = [];
  /** Every distinct token -> speakers whose names contain it (typo matching). */
  private readonly tokens = new Map<string, Hit[]>();
  /** The same tokens bucketed by first and by second letter: a typo rarely hits both. */
  private readonly byFirst = new Map<number, [string, Hit[]][]>();
  private readonly bySecond = new Map<number, [string, Hit[]][]>();
  private readonly fullNames: { key: string; hit: Hit }[] = [];
  /** The tokens in `tokens` order (the buckets' order), and each one's bucket length and first two letters. */
  private readonly tokenList: [string, Hit[]][] = [];
  /**
   * Deletion index (SymSpell): each token with up to one letter deleted (two from tokens of 5 letters on, which a
   * query of 7 may reach at distance 2) -> the tokens' places in tokenList. Within distance d, a query and a token
   * share a form with at most d letters deleted from each, so only these tokens reach the edit-distance check.
   */
  private deletions: Map<number, number[]> | null = null;
  private seen = new Uint32Array(0);
  private stamp = 0;
  /** Each token's letters as bits (charCode & 63): two 32-bit halves. */
  private readonly bins = new Map<string, [number, number]>();
  /** Every three letters of a full name's key -> the names' places in fullNames, ascending (substring matching). */
  private trigrams: Map<string, number[]> | null = null;
  private readonly busiest: Entry[];

  constructor(rows: SpeakerRow[]) {
    this.entries = rows.map((row) => ({ row }));
    for (const entry of this.entries) {
      this.byId.set(entry.row.id, entry);
      const seen = new Set<string>();
      for (const name of entry.row.names) {
        const key = nameKey(name);
        if (!key || seen.has(key)) continue;
        seen.add(key);
        const hit = { entry, name };
        const tokens = key.split(' ');
        push(this.exact, key, hit);
        this.fullNames.push({ key, hit });
        this.starts.push({ key, hit, score: SCORE.prefix });
        for (let i = 1; i < tokens.length; i++) {
          const tail = tokens.slice(i).join(' ');
          push(this.partial, tail, hit);
          this.starts.push({ key: tail, hit, score: SCORE.tokenPrefix });
        }
        if (tokens.length > 2) push(this.partial, `${tokens[0]} ${tokens[tokens.length - 1]}`, hit);
        if (tokens.length > 1) push(this.partial, [...tokens].sort().join(' '), hit);
        for (const token of tokens) push(this.tokens, token, hit);
      }
    }
    this.starts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const pair of this.tokens) {
      const [token] = pair;
      this.bins.set(token, letterBins(token));
      this.tokenList.push(pair);
      for (const [map, code] of [
        [this.byFirst, token.charCodeAt(0)],
        [this.bySecond, token.charCodeAt(1)],
      ] as const) {
        const list = map.get(code);
        if (list) list.push(pair);
        else map.set(code, [pair]);
      }
    }
    this.busiest = [...this.entries].sort((a, b) => compareMatches(toMatch(a.row, 0, ''), toMatch(b.row, 0, '')));
  }

  get(id: number): SpeakerRow | undefined {
    return this.byId.get(id)?.row;
  }

  rows(): readonly SpeakerRow[] {
    return this.entries.map((e) => e.row);
  }

  /** Exact name or alias, else a unique surname / name tail / reordered name; null with candidates otherwise. */
  resolve(query: string): { match: SpeakerMatch | null; candidates: SpeakerMatch[] } {
    const key = nameKey(query);
    if (!key) return { match: null, candidates: [] };
    const exact = this.exact.get(key);
    if (exact) {
      const matches = ranked(exact.map((h) => toMatch(h.entry.row, SCORE.exact, h.name)));
      return { match: matches[0]!, candidates: matches };
    }
    const partial = this.partial.get(key);
    if (!partial) return { match: null, candidates: [] };
    const matches = ranked(partial.map((h) => toMatch(h.entry.row, SCORE.surname, h.name)));
    // One speaker, or one curated speaker among uncurated namesakes.
    const curated = matches.filter((m) => this.byId.get(m.id)!.row.curated);
    const unique = matches.length === 1 || (curated.length === 1 && matches[0]!.id === curated[0]!.id);
    return { match: unique ? matches[0]! : null, candidates: matches };
  }

  /**
   * Ranked by match quality, then statement count, then name. Typos are tolerated from 4 letters on;
   * `typing`: the query may be the start of a name, so it is also compared with the start of longer names.
   */
  suggest(prefix: string, limit: number, typing = true): SpeakerMatch[] {
    const key = nameKey(prefix);
    if (!key || limit <= 0) return [];
    const best = new Map<Entry, { score: number; name: string }>();
    const offer = (hit: Hit, score: number) => {
      const had = best.get(hit.entry);
      if (!had || score > had.score) best.set(hit.entry, { score, name: hit.name });
    };
    for (const hit of this.exact.get(key) ?? []) offer(hit, SCORE.exact);
    for (const hit of this.partial.get(key) ?? []) offer(hit, SCORE.surname);
    for (let i = lowerBound(this.starts, key); i < this.starts.length && this.starts[i]!.key.startsWith(key); i++) {
      offer(this.starts[i]!.hit, this.starts[i]!.score);
    }
    if (best.size < limit && key.length >= 3) {
      // Names containing the key, in list order (as a scan of each would find them): among the names holding
      // the key's rarest three letters.
      const trigrams = this.trigrams ?? this.buildTrigrams();
      let rarest: number[] | undefined;
      for (let i = 0; i + 3 <= key.length; i++) {
        const places = trigrams.get(key.slice(i, i + 3));
        if (!places) {
          rarest = [];
          break;
        }
        if (!rarest || places.length < rarest.length) rarest = places;
      }
      for (const i of rarest!) if (this.fullNames[i]!.key.includes(key)) offer(this.fullNames[i]!.hit, SCORE.substring);
    }
    if (best.size < limit && key.length >= 4) {
      for (const [hit, distance] of this.fuzzy(key, typing)) offer(hit, SCORE.fuzzy - 10 * distance);
    }
    const out: SpeakerMatch[] = [];
    for (const [entry, { score, name }] of best) out.push(toMatch(entry.row, score, name));
    return ranked(out).slice(0, limit);
  }

  /** The busiest speakers, for an empty autocomplete box. */
  top(limit: number): SpeakerMatch[] {
    return this.busiest.slice(0, limit).map((e) => toMatch(e.row, 0, e.row.name));
  }

  /** Built on the first substring search. */
  private buildTrigrams(): Map<string, number[]> {
    const trigrams = new Map<string, number[]>();
    this.fullNames.forEach(({ key }, place) => {
      for (let i = 0; i + 3 <= key.length; i++) {
        const trigram = key.slice(i, i + 3);
        const list = trigrams.get(trigram);
        if (!list) trigrams.set(trigram, [place]);
        else if (list[list.length - 1] !== place) list.push(place);
      }
    });
    this.trigrams = trigrams;
    return trigrams;
  }

  /** Built on the first typo lookup rather than with the rest: it takes longer than all the rest together. */
  private buildDeletions(): Map<number, number[]> {
    const deletions = new Map<number, number[]>();
    this.tokenList.forEach(([token], place) => {
      deletionForms(token, token.length >= 5 ? 2 : 1, (form) => {
        const list = deletions.get(form);
        if (!list) deletions.set(form, [place]);
        else if (list[list.length - 1] !== place) list.push(place);
      });
    });
    this.seen = new Uint32Array(this.tokenList.length);
    this.deletions = deletions;
    return deletions;
  }

  /**
   * Places in tokenList of the tokens sharing a deletion form with `word` (every token within wordMax edits, and
   * some further) and its first or second letter, by length, first-letter ones first, then in tokenList order.
   */
  private nearTokens(word: string, wordMax: number, first: number, second: number): number[] {
    const deletions = this.deletions ?? this.buildDeletions();
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const found: number[] = [];
    const order: number[] = [];
    deletionForms(word, wordMax, (form) => {
      const places = deletions.get(form);
      if (!places) return;
      for (const place of places) {
        if (this.seen[place] === stamp) continue;
        this.seen[place] = stamp;
        const token = this.tokenList[place]![0];
        const group = token.charCodeAt(0) === first ? 0 : sameValueZero(token.charCodeAt(1), second) ? 1 : -1;
        if (group < 0) continue;
        found.push(place);
        order.push((Math.min(token.length, 255) * 2 + group) * this.tokenList.length + place);
      }
    });
    if (found.length < 2) return found;
    const byOrder = found.map((_, i) => i).sort((a, b) => order[a]! - order[b]!);
    return byOrder.map((i) => found[i]!);
  }

  /** Speakers whose name tokens are within a small edit distance of the query's, word by word in any order. */
  private fuzzy(key: string, typing: boolean): Map<Hit, number> {
    const words = key.split(' ');
    const max = key.length >= 7 ? 2 : 1;
    let combined: Map<Entry, { hit: Hit; distance: number }> | null = null;
    for (const word of words) {
      const wordMax = word.length >= 7 ? 2 : 1;
      const near = new Map<Entry, { hit: Hit; distance: number }>();
      const first = word.charCodeAt(0);
      const [wordLow, wordHigh] = letterBins(word);
      const visit = (token: string, hits: Hit[]) => {
        // Letters (by bin) one has and the other lacks each cost an edit: most tokens are ruled out here.
        const [low, high] = this.bins.get(token)!;
        const close =
          Math.abs(token.length - word.length) <= wordMax &&
          bitCount(wordLow & ~low) + bitCount(wordHigh & ~high) <= wordMax &&
          bitCount(low & ~wordLow) + bitCount(high & ~wordHigh) <= wordMax;
        let d = close ? editDistance(word, token, wordMax) : wordMax + 1;
        // Typing in progress: the word against the start of a longer token.
        if (d > wordMax && typing && words.length === 1 && token.length > word.length) {
          d = editDistance(word, token.slice(0, word.length), wordMax);
        }
        if (d > wordMax || genderedForms(word, token)) return;
        for (const hit of hits) {
          const had = near.get(hit.entry);
          if (!had || d < had.distance) near.set(hit.entry, { hit, distance: d });
        }
      };
      const second = word.charCodeAt(1);
      if (typing && words.length === 1) {
        for (const [token, hits] of this.byFirst.get(first) ?? []) visit(token, hits);
        for (const [token, hits] of this.bySecond.get(second) ?? []) if (token.charCodeAt(0) !== first) visit(token, hits);
      } else {
        // Whole words: tokens of a length within wordMax with the word's first or second letter, only those the
        // deletion index finds within reach, in the order of a walk by length (first-letter ones, then the others).
        for (const place of this.nearTokens(word, wordMax, first, second)) visit(...this.tokenList[place]!);
      }
      if (!combined) {
        combined = near;
      } else {
        const next = new Map<Entry, { hit: Hit; distance: number }>();
        for (const [entry, had] of combined) {
          const now = near.get(entry);
          if (now) next.set(entry, { hit: had.hit, distance: had.distance + now.distance });
        }
        combined = next;
      }
      if (!combined.size) break;
    }
    const out = new Map<Hit, number>();
    for (const { hit, distance } of combined?.values() ?? []) if (distance <= max) out.set(hit, distance);
    return out;
  }
}

/** Feminine and masculine forms of one surname (name keys): Zelenska/Zelenskyy, Ivanova/Ivanov, Kowalska/Kowalski. */
const GENDERED: [RegExp, RegExp][] = [
  [/sk(a|aja|aia)$/, /ski$/],
  [/ck(a|aja|aia)$/, /cki$/],
  [/ova$/, /ov$/],
  [/eva$/, /ev$/],
  [/ina$/, /in$/],
];

/** Two name tokens that are one surname's forms for different people: never a typo of each other. */
export function genderedForms(a: string, b: string): boolean {
  for (const [feminine, masculine] of GENDERED) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      if (feminine.test(x) && masculine.test(y) && x.replace(feminine, '') === y.replace(masculine, '')) return true;
    }
  }
  return false;
}

/**
 * Hashes of `text` with up to `depth` letters deleted (itself included), to `each`; a form may come more than
 * once. Hashes rather than strings: no string is built, and a collision only lets one more token reach the checks.
 */
function deletionForms(text: string, depth: number, each: (hash: number) => void): void {
  const n = text.length;
  const hash = (skipA: number, skipB: number) => {
    let h = 0x811c9dc5;
    for (let k = 0; k < n; k++) if (k !== skipA && k !== skipB) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    return h & 0x3fffffff;
  };
  each(hash(-1, -1));
  if (depth <= 0) return;
  for (let i = 0; i < n; i++) {
    each(hash(i, -1));
    if (depth > 1) for (let j = i + 1; j < n; j++) each(hash(i, j));
  }
}

/** Map-key equality: NaN (no second letter) equals NaN. */
function sameValueZero(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function letterBins(text: string): [number, number] {
  let low = 0;
  let high = 0;
  for (let i = 0; i < text.length; i++) {
    const bin = text.charCodeAt(i) & 63;
    if (bin < 32) low |= 1 << bin;
    else high |= 1 << (bin - 32);
  }
  return [low, high];
}

function bitCount(bits: number): number {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function lowerBound(sorted: { key: string }[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toMatch(row: SpeakerRow, score: number, matched: string): SpeakerMatch {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    type: row.type,
    registryRole: row.curated ? row.role : null,
    statementCount: row.statementCount,
    score,
    matched,
  };
}

function ranked(matches: SpeakerMatch[]): SpeakerMatch[] {
  return matches.sort(compareMatches);
}

function compareMatches(a: SpeakerMatch, b: SpeakerMatch): number {
  return b.score - a.score || b.statementCount - a.statementCount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.id - b.id;
}
