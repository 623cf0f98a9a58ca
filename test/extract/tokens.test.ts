// The hand-written scanners (for ASCII text, and for text of any script) cut tokens exactly where the tokenising
// patterns do.
import { describe, expect, it } from 'vitest';
import { asciiTokenEnd, isSpace, TOKEN, TOKEN_ASCII, tokenEnd } from '../../src/extract/document.ts';

function scan(s: string, end = asciiTokenEnd): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let i = 0; i < s.length;) {
    if (isSpace(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const e = end(s, i);
    out.push([i, s.slice(i, e)]);
    i = e;
  }
  return out;
}

const byPattern = (s: string): Array<[number, string]> => [...s.matchAll(TOKEN_ASCII)].map((m) => [m.index, m[0]]);

/** 3,000 strings of up to 16 pieces drawn by a seeded linear congruential generator (the same strings for a seed). */
function randomTexts(pieces: readonly string[], seed: number): string[] {
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % pieces.length;
  const out: string[] = [];
  for (let k = 0; k < 3000; k++) {
    let s = '';
    for (let i = 0; i < k % 17; i++) s += pieces[next()];
    out.push(s);
  }
  return out;
}

describe('ASCII token scanner', () => {
  it('keeps initialisms, joined words and single marks', () => {
    expect(scan('U.S. officials e.g. A&B re-run it\'s 3.5 "x" U.S x.y.')).toEqual(
      byPattern('U.S. officials e.g. A&B re-run it\'s 3.5 "x" U.S x.y.'),
    );
    expect(scan("Sen. J. Doe's co-op -- a.b.c.d...")).toEqual(byPattern("Sen. J. Doe's co-op -- a.b.c.d..."));
  });

  it("reads white space as the pattern's \\s does, for every code unit", () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });

  it('agrees with the pattern on random text, white space of every kind included', () => {
    const pieces = [
      'a',
      'Z',
      '7',
      '.',
      "'",
      '-',
      '&',
      '"',
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\u2009',
      '\u2028',
      '\u3000',
      '\ufeff',
      '\u1680',
      '—',
      '’',
      'é',
      '\uD83D',
      ',',
    ];
    for (const s of randomTexts(pieces, 9)) {
      expect(scan(s), JSON.stringify(s)).toEqual(byPattern(s));
    }
  });
});

describe('token scanner for text of any script', () => {
  const byUnicodePattern = (s: string): Array<[number, string]> => [...s.matchAll(TOKEN)].map((m) => [m.index, m[0]]);

  it('keeps words of other scripts, astral letters and surrogate pairs whole', () => {
    const s = "Zürich's São-Paulo café 𝐀𝐁 x😀y ٣٤ U.S. naïve—ok \uD83D \uDE00a";
    expect(scan(s, tokenEnd)).toEqual(byUnicodePattern(s));
  });

  it('agrees with the pattern on random text', () => {
    const pieces = [
      'a',
      'Z',
      '7',
      '.',
      "'",
      '-',
      '&',
      '"',
      ' ',
      '\u00a0',
      '\u2009',
      'é',
      'Ж',
      '٣',
      '𝐀',
      '😀',
      '\uD83D',
      '\uDE00',
      '—',
      ',',
    ];
    for (const s of randomTexts(pieces, 11)) {
      expect(scan(s, tokenEnd), JSON.stringify(s)).toEqual(byUnicodePattern(s));
    }
  });
});
