import { describe, expect, it } from 'vitest';
import { nameKey } from '../../src/speakers/fold.ts';

// nameKey has a one-pass path for ASCII names beside the general fold. A trailing non-ASCII separator sends the
// same name down the general path without changing its tokens, so the two paths must agree on every name.
describe('nameKey on ASCII names', () => {
  it('gives the key the general fold gives, for names with apostrophes, digits, doubled letters and -ij endings', () => {
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = "aAbBeEiIjJlLnNoOsSyYzZ0 9'`-.,ij yy ll ";
    const differ: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      let name = '';
      const length = 1 + Math.floor(rand() * 16);
      for (let i = 0; i < length; i++) name += alphabet[Math.floor(rand() * alphabet.length)];
      if (nameKey(name) !== nameKey(`${name} \u00b7`)) differ.push(name);
    }
    expect(differ).toEqual([]);
    expect(nameKey("Giuseppe O'Neill-Zelenskyy")).toBe(nameKey("Giuseppe O'Neill-Zelenskyy \u00b7"));
  });
});
