// In-memory speaker matching for lookups and autocomplete. Built once from the speakers tables (rebuilt when
// the index changes) into hash maps and a sorted key list, so a query touches only the names that can match:
// well under a millisecond with thousands of speakers. No SQL here.
import { bandedDistance, editDistance, nameKey } from '../speakers/fold.ts';
import type { SpeakerLookup, SpeakerMatch, SpeakerRef } from './types.ts';

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

/** Per speaker, the best match so far: its score and the name matched. */
type Best = Map<Entry, { score: number; name: string }>;

function offer(best: Best, hit: Hit, score: number): void {
  const had = best.get(hit.entry);
  if (!had || score > had.score) best.set(hit.entry, { score, name: hit.name });
}

function shorterFirst(a: number[], b: number[]): number {
  return a.length - b.length;
}

/** The first list's members also in the second and third (when there are), in order; each list ascending. */
function intersected(lists: number[][]): number[] {
  let out = lists[0]!;
  for (let k = 1; k < lists.length && k < 3; k++) {
    const other = lists[k]!;
    const kept: number[] = [];
    let j = 0;
    for (const place of out) {
      while (j < other.length && other[j]! < place) j++;
      if (j < other.length && other[j] === place) kept.push(place);
    }
    out = kept;
  }
  return out;
}

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
  private readonly byFirst = new Map<number, number[]>();
  private readonly bySecond = new Map<number, number[]>();
  private readonly fullNames: { key: string; hit: Hit }[] = [];
  /** The tokens in `tokens` order (a token's place), and by place the names holding each. */
  private readonly tokenList: string[] = [];
  private readonly tokenHits: Hit[][] = [];
  /**
   * Deletion index (SymSpell): each token with up to one letter deleted (two from tokens of 5 letters on, which a
   * query of 7 may reach at distance 2) -> the tokens' places in tokenList. Within distance d, a query and a token
   * share a form with at most d letters deleted from each, so only these tokens reach the edit-distance check.
   */
  private deletions: DeletionIndex | null = null;
  private seen = new Uint32Array(0);
  private stamp = 0;
  /**
   * By place in tokenList, four numbers a token (16 bytes: one cache line read per token a typo lookup weighs):
   * its length, its first two letters (letterPair), and its letters as bits (charCode & 63) in two 32-bit halves.
   */
  private readonly facts: Int32Array;
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
    const count = this.tokens.size;
    this.facts = new Int32Array(count * 4);
    for (const [token, hits] of this.tokens) {
      const place = this.tokenList.length;
      const [low, high] = letterBins(token);
      this.facts.set([token.length, letterPair(token), low, high], place * 4);
      this.tokenList.push(token);
      this.tokenHits.push(hits);
      for (const [map, code] of [
        [this.byFirst, letterAt(token, 0)],
        [this.bySecond, letterAt(token, 1)],
      ] as const) {
        const list = map.get(code);
        if (list) list.push(place);
        else map.set(code, [place]);
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

  /**
   * A lookup's answer: the speaker `resolve` finds, else up to `suggestions` others (its candidates, or names
   * close to the query as a whole word). The query is folded once for both.
   */
  lookup(query: string, suggestions: number): SpeakerLookup {
    const key = nameKey(query);
    const { match, candidates } = this.resolveKey(key);
    if (match) return { kind: 'found', speaker: match };
    return {
      kind: 'unknown',
      // No candidates: the key is no name and no partial key, which suggestKey need not look up again.
      suggestions: candidates.length ? candidates.slice(0, suggestions) : this.suggestKey(key, suggestions, false, false),
    };
  }

  /** Exact name or alias, else a unique surname / name tail / reordered name; null with candidates otherwise. */
  resolve(query: string): { match: SpeakerMatch | null; candidates: SpeakerMatch[] } {
    return this.resolveKey(nameKey(query));
  }

  private resolveKey(key: string): { match: SpeakerMatch | null; candidates: SpeakerMatch[] } {
    if (!key) return { match: null, candidates: [] };
    const exact = this.exact.get(key);
    if (exact) {
      const matches = ranked(matchesOf(exact, SCORE.exact));
      return { match: matches[0]!, candidates: matches };
    }
    const partial = this.partial.get(key);
    if (!partial) return { match: null, candidates: [] };
    const matches = ranked(matchesOf(partial, SCORE.surname));
    // One speaker, or one curated speaker among uncurated namesakes.
    let curated = 0;
    for (const m of matches) if (this.byId.get(m.id)!.row.curated) curated++;
    const unique = matches.length === 1 || (curated === 1 && this.byId.get(matches[0]!.id)!.row.curated);
    return { match: unique ? matches[0]! : null, candidates: matches };
  }

  /**
   * Ranked by match quality, then statement count, then name. Typos are tolerated from 4 letters on;
   * `typing`: the query may be the start of a name, so it is also compared with the start of longer names.
   */
  suggest(prefix: string, limit: number, typing = true): SpeakerMatch[] {
    return this.suggestKey(nameKey(prefix), limit, typing);
  }

  /** `named`: the key may be a name or a partial key (false when the caller has looked them up already). */
  private suggestKey(key: string, limit: number, typing: boolean, named = true): SpeakerMatch[] {
    if (!key || limit <= 0) return [];
    const best: Best = new Map();
    if (named) {
      for (const hit of this.exact.get(key) ?? []) offer(best, hit, SCORE.exact);
      for (const hit of this.partial.get(key) ?? []) offer(best, hit, SCORE.surname);
    }
    for (let i = lowerBound(this.starts, key); i < this.starts.length && this.starts[i]!.key.startsWith(key); i++) {
      offer(best, this.starts[i]!.hit, this.starts[i]!.score);
    }
    if (best.size < limit && key.length >= 3) {
      // Names containing the key, in list order (as a scan of each would find them): among the names holding
      // the key's rarest three letters.
      const trigrams = this.trigrams ?? this.buildTrigrams();
      const lists: number[][] = [];
      for (let i = 0; i + 3 <= key.length; i++) {
        const places = trigrams.get(key.slice(i, i + 3));
        if (!places) {
          lists.length = 0;
          break;
        }
        lists.push(places);
      }
      if (lists.length) {
        // The rarest list, less the names missing from the next two rarest (each list ascending): the names
        // left are read (a cache miss each), the others not.
        lists.sort(shorterFirst);
        for (const i of intersected(lists)) if (this.fullNames[i]!.key.includes(key)) offer(best, this.fullNames[i]!.hit, SCORE.substring);
      }
    }
    if (best.size < limit && key.length >= 4) this.fuzzy(key, typing, best);
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
  private buildDeletions(): DeletionIndex {
    const depth = (place: number) => (this.facts[place * 4]! >= 5 ? 2 : 1);
    let forms = 0;
    for (let place = 0; place < this.tokenList.length; place++) forms += formCount(this.facts[place * 4]!, depth(place));
    const index = new DeletionIndex(forms);
    // Twice over the tokens: count each form's tokens, then place them (each list ascending, a token once).
    index.allocate();
    for (const pass of [0, 1]) {
      for (let place = 0; place < this.tokenList.length; place++) {
        const n = deletionForms(this.tokenList[place]!, depth(place));
        for (let k = 0; k < n; k++) index.add(formHashes[k]!, place, pass === 1);
      }
      if (pass === 0) index.allocate();
    }
    index.done();
    this.seen = new Uint32Array(this.tokenList.length);
    this.deletions = index;
    return index;
  }

  /**
   * Places in tokenList of the tokens sharing a deletion form with `word` (every token within wordMax edits, and
   * some further) and its first or second letter, by length, first-letter ones first, then in tokenList order.
   * Tokens whose length or letters alone put them beyond wordMax are left out (the edit-distance check would
   * refuse them). Into `nearPlaces`; returns how many.
   */
  private nearTokens(word: string, wordMax: number): number {
    const index = this.deletions ?? this.buildDeletions();
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const seen = this.seen;
    const [wordLow, wordHigh] = letterBins(word);
    let found = 0;
    const places = index.places;
    const facts = this.facts;
    // The word's first two letters as letterPair packs a token's.
    const first = letterAt(word, 0);
    const second = letterPair(word) & 0xffff;
    const span = this.tokenList.length;
    const count = deletionForms(word, wordMax);
    for (let k = 0; k < count; k++) {
      const ref = index.find(formHashes[k]!);
      if (ref === NO_FORM) continue;
      // One token inline (most forms), else a list in `places`.
      const from = ref < 0 ? 0 : ref + 1;
      const to = ref < 0 ? 1 : from + places[ref]!;
      for (let at = from; at < to; at++) {
        const place = ref < 0 ? ~ref : places[at]!;
        if (seen[place] === stamp) continue;
        seen[place] = stamp;
        const pair = facts[place * 4 + 1]!;
        const group = pair >>> 16 === first ? 0 : (pair & 0xffff) === second ? 1 : -1;
        if (group < 0) continue;
        const length = facts[place * 4]!;
        if (Math.abs(length - word.length) > wordMax) continue;
        const low = facts[place * 4 + 2]!;
        const high = facts[place * 4 + 3]!;
        if (bitCount(wordLow & ~low) + bitCount(wordHigh & ~high) > wordMax) continue;
        if (bitCount(low & ~wordLow) + bitCount(high & ~wordHigh) > wordMax) continue;
        if (found === nearPlaces.length) {
          const grown = new Int32Array(found * 2);
          grown.set(nearPlaces);
          nearPlaces = grown;
        }
        nearPlaces[found++] = (Math.min(length, 255) * 2 + group) * span + place;
      }
    }
    // A typed array sorts by number without a comparator.
    const order = nearPlaces.subarray(0, found).sort();
    for (let i = 0; i < found; i++) order[i] = order[i]! % span;
    return found;
  }

  /**
   * Speakers whose name tokens are within a small edit distance of the query's, word by word in any order:
   * offered to `best` (the fuzzy tier's score less 10 per edit).
   */
  private fuzzy(key: string, typing: boolean, best: Best): void {
    const words = key.split(' ');
    const max = key.length >= 7 ? 2 : 1;
    let combined: Map<Entry, Near> | null = null;
    for (const word of words) {
      const wordMax = word.length >= 7 ? 2 : 1;
      const near = new Map<Entry, Near>();
      if (typing && words.length === 1) {
        // Typing in progress: tokens with the word's first or second letter, also compared by their start.
        const first = letterAt(word, 0);
        const second = letterAt(word, 1);
        const bins = letterBins(word);
        for (const place of this.byFirst.get(first) ?? []) this.weigh(place, word, wordMax, bins, near);
        for (const place of this.bySecond.get(second) ?? []) {
          if (this.facts[place * 4 + 1]! >>> 16 !== first) this.weigh(place, word, wordMax, bins, near);
        }
      } else {
        // Whole words: tokens of a length within wordMax with the word's first or second letter, only those the
        // deletion index finds within reach, in the order of a walk by length (first-letter ones, then the others).
        const found = this.nearTokens(word, wordMax);
        for (let k = 0; k < found; k++) {
          const place = nearPlaces[k]!;
          // Within reach by length and letters already: the banded distance alone (no lower bound first).
          const token = this.tokenList[place]!;
          const d = bandedDistance(word, token, wordMax);
          if (d <= wordMax && !genderedForms(word, token)) nearHits(near, this.tokenHits[place]!, d);
        }
      }
      if (!combined) {
        combined = near;
      } else {
        const next = new Map<Entry, Near>();
        for (const [entry, had] of combined) {
          const now = near.get(entry);
          if (now) next.set(entry, { hit: had.hit, distance: had.distance + now.distance });
        }
        combined = next;
      }
      if (!combined.size) break;
    }
    if (!combined) return;
    for (const found of combined.values()) if (found.distance <= max) offer(best, found.hit, SCORE.fuzzy - 10 * found.distance);
  }

  /** A token against a word being typed: whole, else its start; `bins`: the word's letterBins. */
  private weigh(place: number, word: string, wordMax: number, bins: [number, number], near: Map<Entry, Near>): void {
    const token = this.tokenList[place]!;
    const hits = this.tokenHits[place]!;
    // Letters (by bin) one has and the other lacks each cost an edit: most tokens are ruled out here.
    const low = this.facts[place * 4 + 2]!;
    const high = this.facts[place * 4 + 3]!;
    const close =
      Math.abs(token.length - word.length) <= wordMax &&
      bitCount(bins[0] & ~low) + bitCount(bins[1] & ~high) <= wordMax &&
      bitCount(low & ~bins[0]) + bitCount(high & ~bins[1]) <= wordMax;
    let d = close ? editDistance(word, token, wordMax) : wordMax + 1;
    if (d > wordMax && token.length > word.length) d = editDistance(word, token.slice(0, word.length), wordMax);
    if (d <= wordMax && !genderedForms(word, token)) nearHits(near, hits, d);
  }
}

/** A speaker's closest name so far in a fuzzy match, and its distance. */
interface Near {
  hit: Hit;
  distance: number;
}

function nearHits(near: Map<Entry, Near>, hits: Hit[], distance: number): void {
  for (const hit of hits) {
    const had = near.get(hit.entry);
    if (!had || distance < had.distance) near.set(hit.entry, { hit, distance });
  }
}

/**
 * Deletion forms (30-bit hashes) -> the tokens yielding them, in typed arrays: an open-addressed table of
 * [form, ref] pairs. Most forms come from one token, whose place is the ref (as ~place, below zero); for the others
 * the ref is where their list starts in `places` (the count, then the places, ascending). A token's facts are read
 * from SpeakerSearch.facts (16 bytes a token, small enough to stay in cache), so a probe that finds a form reads
 * its slot's cache line and, for a shared form, the list's.
 */
class DeletionIndex {
  private readonly slots: Int32Array;
  /**
   * One bit per form hash's low PRESENT_BITS bits, set for every form added: most forms of a misspelled query
   * are nobody's, and this 128 KB table (which stays in cache) rules them out without a probe of the slots
   * (megabytes, a cache miss each).
   */
  private readonly present = new Int32Array(1 << (PRESENT_BITS - 5));
  places = new Int32Array(0);
  /** While building: each slot's token count. */
  private counts = new Int32Array(0);
  private readonly mask: number;
  private readonly shift: number;

  /** `forms`: at most this many forms will be added (repeats included). */
  constructor(forms: number) {
    let bits = 4;
    while (1 << bits < forms * 1.5) bits++;
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    this.slots = new Int32Array(2 << bits).fill(-1);
  }

  /** `form`'s ref (see the class), or NO_FORM. */
  find(form: number): number {
    if (!(this.present[(form & PRESENT_MASK) >>> 5]! & (1 << (form & 31)))) return NO_FORM;
    for (let i = Math.imul(form, 0x9e3779b1) >>> this.shift; ; i = (i + 1) & this.mask) {
      const key = this.slots[i * 2]!;
      if (key === form) return this.slots[i * 2 + 1]!;
      if (key === -1) return NO_FORM;
    }
  }

  /**
   * First pass: counts `form`'s tokens, a token once however often it yields the form (its forms come
   * together). Second pass (`place` set): records them.
   */
  add(form: number, place: number, second: boolean): void {
    let i = Math.imul(form, 0x9e3779b1) >>> this.shift;
    while (this.slots[i * 2] !== form && this.slots[i * 2] !== -1) i = (i + 1) & this.mask;
    const at = i * 2;
    if (!second) {
      // In the first pass a slot holds [form, last token counted].
      if (this.slots[at] === -1) {
        this.present[(form & PRESENT_MASK) >>> 5]! |= 1 << (form & 31);
        this.slots[at] = form;
        this.slots[at + 1] = -1;
      }
      if (this.slots[at + 1] === place) return;
      this.slots[at + 1] = place;
      this.counts[i]!++;
      return;
    }
    if (this.counts[i] === 1) {
      this.slots[at + 1] = ~place;
      return;
    }
    const start = this.slots[at + 1]!;
    const n = this.places[start]!;
    if (n > 0 && this.places[start + n] === place) return;
    this.places[start + 1 + n] = place;
    this.places[start] = n + 1;
  }

  /** Before the first pass (counts by slot) and between the passes (lists laid out, counts back to zero). */
  allocate(): void {
    if (!this.counts.length) {
      this.counts = new Int32Array(this.mask + 1);
      return;
    }
    let total = 0;
    for (let i = 0; i <= this.mask; i++) {
      if (this.slots[i * 2] === -1 || this.counts[i] === 1) continue;
      this.slots[i * 2 + 1] = total;
      total += 1 + this.counts[i]!;
    }
    this.places = new Int32Array(total);
  }

  /** After the second pass. */
  done(): void {
    this.counts = new Int32Array(0);
  }
}

/** DeletionIndex.find's answer for a form no token has (no ref is this low: places are far fewer than 2^31). */
const NO_FORM = -0x80000000;

const PRESENT_BITS = 20;
const PRESENT_MASK = (1 << PRESENT_BITS) - 1;

/** How many forms deletionForms gives for `length` letters and `depth` (repeats included). */
function formCount(length: number, depth: number): number {
  return 1 + (depth > 0 ? length : 0) + (depth > 1 ? (length * (length - 1)) / 2 : 0);
}

/**
 * A token's first two letters (UTF-16 code units) in one number, the first in the high half; no second letter is
 * 0xffff (a noncharacter: never a letter of a name key).
 */
function letterPair(text: string): number {
  return (text.charCodeAt(0) << 16) | (text.length > 1 ? text.charCodeAt(1) : 0xffff);
}

/** A letter's code, -1 past the end. */
function letterAt(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : -1;
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
  // Every feminine form ends in a, every masculine one in i, v or n: most pairs are ruled out by their last letters.
  if (!(endsFeminine(a) && endsMasculine(b)) && !(endsFeminine(b) && endsMasculine(a))) return false;
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

function endsFeminine(text: string): boolean {
  return text.charCodeAt(text.length - 1) === 0x61;
}

function endsMasculine(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last === 0x69 || last === 0x76 || last === 0x6e;
}

/** nearTokens' output (grown on demand). */
let nearPlaces = new Int32Array(256);

/** deletionForms' output and work space (grown on demand). */
let formHashes = new Int32Array(256);
let prefixHashes = new Int32Array(64);
let suffixHashes = new Int32Array(64);
let powers = new Int32Array(64);

const BASE = 0x01000193;

/**
 * Hashes (30 bits) of `text` with up to `depth` letters deleted (itself included), into `formHashes`; returns how many.
 * A form may come more than once. Hashes rather than strings: no string is built, and a collision only lets one
 * more token reach the checks. A polynomial hash, so that each form's is put together from the hashes of the
 * text's prefixes and suffixes in a few multiplications (mixed afterwards: its low bits alone are weak).
 */
function deletionForms(text: string, depth: number): number {
  const n = text.length;
  const count = formCount(n, depth);
  if (formHashes.length < count) formHashes = new Int32Array(count * 2);
  if (prefixHashes.length <= n) {
    prefixHashes = new Int32Array(n * 2 + 2);
    suffixHashes = new Int32Array(n * 2 + 2);
    powers = new Int32Array(n * 2 + 2);
  }
  // prefix[i]: the hash of text[0, i); suffix[i]: of text[i, n); power[k]: BASE^k. The hash of x + y is
  // hash(x) * BASE^|y| + hash(y).
  const prefix = prefixHashes;
  const suffix = suffixHashes;
  const power = powers;
  prefix[0] = 0;
  power[0] = 1;
  for (let k = 0; k < n; k++) {
    prefix[k + 1] = (Math.imul(prefix[k]!, BASE) + text.charCodeAt(k)) | 0;
    power[k + 1] = Math.imul(power[k]!, BASE);
  }
  suffix[n] = 0;
  for (let k = n - 1; k >= 0; k--) suffix[k] = (Math.imul(text.charCodeAt(k), power[n - 1 - k]!) + suffix[k + 1]!) | 0;
  let out = 0;
  formHashes[out++] = mix(prefix[n]!, n);
  if (depth <= 0) return out;
  for (let i = 0; i < n; i++) {
    // text[0, i) + text[i + 1, n)
    formHashes[out++] = mix((Math.imul(prefix[i]!, power[n - 1 - i]!) + suffix[i + 1]!) | 0, n - 1);
    if (depth <= 1) continue;
    for (let j = i + 1; j < n; j++) {
      // text[0, i) + text[i + 1, j) + text[j + 1, n)
      const gap = power[j - i - 1]!;
      const head = (Math.imul(prefix[i]!, gap) + prefix[j]! - Math.imul(prefix[i + 1]!, gap)) | 0;
      formHashes[out++] = mix((Math.imul(head, power[n - 1 - j]!) + suffix[j + 1]!) | 0, n - 2);
    }
  }
  return out;
}

/** A form's hash mixed with its length (murmur3's finaliser), to 30 bits. */
function mix(hash: number, length: number): number {
  let h = hash ^ Math.imul(length, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & 0x3fffffff;
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

/** Each hit as a match of `score` (a loop rather than map(): no closure per call). */
function matchesOf(hits: Hit[], score: number): SpeakerMatch[] {
  const out: SpeakerMatch[] = [];
  for (const h of hits) out.push(toMatch(h.entry.row, score, h.name));
  return out;
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
