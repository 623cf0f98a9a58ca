// Name folding: the keys under which spellings of one name meet. "Zelensky", "ZELENSKIY" and
// "Zelenskyy" fold to one key, as do "Andriy" and "Andrii", "Dragone" and "Dragóne".
// Pure functions, no I/O; used by the registry, the index (at ingest and at query time) and tests.

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
};

/** Lowercase, no diacritics, apostrophes dropped, every other non-letter/digit a single space. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßøłđðþæœı]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(/['’ʼ‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * One token's transliteration key: y and i are one letter (Zelenskyy/Zelenskiy/Zelensky, Andriy/Andrii),
 * a final -ij/-yj is -i, and doubled letters collapse (Zelenskii, Rutte/Rute).
 */
export function translitToken(token: string): string {
  return token
    .replace(/y/g, 'i')
    .replace(/ij$/, 'i')
    .replace(/(\p{L})\1+/gu, '$1');
}

/** The key two spellings of one name share: folded, transliterated, tokens joined by single spaces. */
export function nameKey(name: string): string {
  const ascii = asciiNameKey(name);
  if (ascii !== null) return ascii;
  const folded = foldText(name);
  if (!folded) return '';
  return folded.split(' ').map(translitToken).join(' ');
}

const keyCodes: number[] = [];

/**
 * nameKey of a name written in ASCII alone, in one pass without regular expressions (most names and queries;
 * every step of foldText and translitToken has a plain ASCII equivalent); null for a name with other characters.
 * No closure: run through tsx (the bench; npm start without dist/), esbuild's keepNames would name a new one
 * (__name: a defineProperty) on every call.
 */
function asciiNameKey(name: string): string | null {
  const codes = keyCodes;
  codes.length = 0;
  let start = -1;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c >= 0x80) return null;
    if (c === 0x27 || c === 0x60) continue; // apostrophes are dropped
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    const letter = c >= 0x61 && c <= 0x7a;
    if (!letter && !(c >= 0x30 && c <= 0x39)) {
      if (start >= 0) endToken(codes, start);
      start = -1;
      continue;
    }
    if (c === 0x79) c = 0x69; // y is i
    if (start < 0) {
      if (codes.length) codes.push(0x20);
      start = codes.length;
    }
    codes.push(c);
  }
  if (start >= 0) endToken(codes, start);
  return String.fromCharCode.apply(null, codes);
}

/** The token codes[start..] finished: a final -ij (y already i) is -i, doubled letters (not digits) collapse. */
function endToken(codes: number[], start: number): void {
  let n = codes.length;
  if (n - start >= 2 && codes[n - 2] === 0x69 && codes[n - 1] === 0x6a) n--;
  let w = start + 1;
  for (let r = start + 1; r < n; r++) {
    const c = codes[r]!;
    if (c === codes[w - 1] && c >= 0x61) continue;
    codes[w++] = c;
  }
  codes.length = w;
}

/** The key's tokens ("giuseppe cavo dragone" -> three tokens). */
export function nameKeyTokens(name: string): string[] {
  const key = nameKey(name);
  return key ? key.split(' ') : [];
}

let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
const letters = new Int32Array(64);

/**
 * A lower bound of the edit distance, cheap enough to skip most comparisons: letters (hashed into 64 bins) that
 * one string has more of than the other. Each edit changes that count by at most one on each side, a
 * transposition not at all; bins shared by two letters only lower it.
 */
function letterBound(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) letters[a.charCodeAt(i) & 63]!++;
  for (let i = 0; i < b.length; i++) letters[b.charCodeAt(i) & 63]!--;
  let more = 0;
  let fewer = 0;
  for (const s of [a, b]) {
    for (let i = 0; i < s.length; i++) {
      const bin = s.charCodeAt(i) & 63;
      const v = letters[bin]!;
      if (v > 0) more += v;
      else fewer -= v;
      letters[bin] = 0;
    }
  }
  return Math.max(more, fewer);
}

/**
 * Damerau-Levenshtein (optimal string alignment) distance, giving up above `max` (returns max + 1). With a finite
 * `max` only the cells within `max` of the diagonal are computed: a path through any other cell costs more.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (max < a.length && max < b.length && Math.abs(a.length - b.length) <= max && letterBound(a, b) > max) return max + 1;
  return bandedDistance(a, b, max);
}

/**
 * editDistance without its shortcuts (equal strings, the letters' lower bound): the same answer, for a caller
 * that has ruled most pairs out already.
 */
export function bandedDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  const n = b.length;
  if (rows[0]!.length <= n + 1) rows = [0, 1, 2].map(() => new Int32Array(n * 2 + 2));
  let prevPrev = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  const band = max < a.length + n ? max : a.length + n;
  // Stands for every cell outside the band (each is above max).
  const outside = band + 1;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const lo = i - band > 1 ? i - band : 1;
    const hi = i + band < n ? i + band : n;
    cur[0] = i;
    if (lo > 1) cur[lo - 1] = outside;
    let rowMin = lo === 1 ? i : outside;
    const ca = a.charCodeAt(i - 1);
    const caBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1]! + (ca === cb ? 0 : 1);
      const up = prev[j]! + 1;
      if (up < v) v = up;
      const left = cur[j - 1]! + 1;
      if (left < v) v = left;
      if (j > 1 && ca === b.charCodeAt(j - 2) && caBefore === cb) {
        const swap = prevPrev[j - 2]! + 1;
        if (swap < v) v = swap;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < n) cur[hi + 1] = outside;
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = spare;
  }
  const d = prev[n]!;
  return d > max ? max + 1 : d;
}
