// wordCount counts words the way the sieves' length rules read them: letters and digits, joined by an apostrophe or a
// hyphen, in any script.
import { describe, expect, it } from 'vitest';
import { wordCount } from '../../src/extract/units.ts';

describe('wordCount', () => {
  it('counts joined words once and skips punctuation', () => {
    expect(wordCount("The mayor's long-awaited plan -- isn't it ready?")).toBe(7);
    expect(wordCount("'quoted' - dash -- double' 'end-")).toBe(4);
    expect(wordCount('')).toBe(0);
    expect(wordCount(' ... —  ')).toBe(0);
  });

  it('reads letters and digits beyond ASCII, including astral ones', () => {
    expect(wordCount('Zürich, Straße 12 — Москва ٣٣')).toBe(5);
    expect(wordCount('\u{1D400}\u{1D401} x\u{1F600}y \uD800z')).toBe(4);
  });

  it('agrees with the pattern on mixed random text', () => {
    const pieces = ['a', 'Z', '9', "'", '-', ' ', '.', 'é', 'ß', '\u{1D400}', '\u{1F600}', '\uD800', '\uDC00', '—', 'ж'];
    let seed = 5;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % pieces.length;
    for (let k = 0; k < 2000; k++) {
      let s = '';
      for (let i = 0; i < k % 13; i++) s += pieces[next()];
      expect(wordCount(s), JSON.stringify(s)).toBe((s.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? []).length);
    }
  });
});
