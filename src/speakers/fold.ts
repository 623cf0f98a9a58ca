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
  const folded = foldText(name);
  if (!folded) return '';
  return folded.split(' ').map(translitToken).join(' ');
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

/** Damerau-Levenshtein (optimal string alignment) distance, giving up above `max` (returns max + 1). */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  if (max < a.length && max < b.length && letterBound(a, b) > max) return max + 1;
  if (rows[0]!.length <= b.length) rows = [0, 1, 2].map(() => new Int32Array(b.length * 2 + 1));
  let [prevPrev, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[b.length]!;
}
