import { describe, expect, it } from 'vitest';
import { bandedDistance, editDistance, nameKey } from '../../src/speakers/fold.ts';
import { genderedForms, SpeakerSearch, type SpeakerRow } from '../../src/store/speaker-search.ts';
import { prng } from '../support/prng.ts';

// Misspelt names are matched through an index of deletion forms (hashes of each name token with letters
// left out), not by comparing the query with every token. These check it against that comparison, on names
// built from a few syllables so that many tokens share forms.
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sa', 'to', 'vel', 'na', 'dor', 'ik', 'en', 'ov', 'a', 'sk', 'i'];

function roster(rand: () => number, size: number): SpeakerRow[] {
  const word = () => {
    let w = '';
    for (let n = 2 + Math.floor(rand() * 3); n > 0; n--) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    return w[0]!.toUpperCase() + w.slice(1);
  };
  return Array.from({ length: size }, (_, i) => {
    const name = `${word()} ${word()}`;
    return { id: i + 1, name, role: null, type: 'person', statementCount: Math.floor(rand() * 50), curated: false, names: [name] };
  });
}

function misspell(word: string, rand: () => number): string {
  const letters = 'aeiklnorstvz';
  let out = word;
  for (let edits = 1 + Math.floor(rand() * 2); edits > 0; edits--) {
    const i = Math.floor(rand() * out.length);
    const c = letters[Math.floor(rand() * letters.length)]!;
    const kind = Math.floor(rand() * 4);
    if (kind === 0) out = out.slice(0, i) + out.slice(i + 1);
    else if (kind === 1) out = out.slice(0, i) + c + out.slice(i);
    else if (kind === 2) out = out.slice(0, i) + c + out.slice(i + 1);
    else if (i + 1 < out.length) out = out.slice(0, i) + out[i + 1] + out[i] + out.slice(i + 2);
  }
  return out;
}

describe('misspelt speaker names', () => {
  it('suggest every speaker with a name token within reach of a one-word query, at its distance', () => {
    const rand = prng(4242);
    const rows = roster(rand, 400);
    const search = new SpeakerSearch(rows);
    const tokens = rows.map((r) => nameKey(r.name).split(' '));
    const wrong: string[] = [];
    for (let n = 0; n < 600; n++) {
      const row = rows[Math.floor(rand() * rows.length)]!;
      // As the search folds it (doubled letters written once, and so on).
      const word = nameKey(misspell(tokens[row.id - 1]![Math.floor(rand() * 2)]!, rand));
      if (word.length < 4 || word.includes(' ')) continue;
      const max = word.length >= 7 ? 2 : 1;
      // The rule, applied to every token: within `max` edits, sharing the first or the second letter, and not
      // the other gender's form of the same surname.
      const expected = new Map<number, number>();
      rows.forEach((r, i) => {
        for (const token of tokens[i]!) {
          if (token[0] !== word[0] && token[1] !== word[1]) continue;
          const d = editDistance(word, token, max);
          if (d <= max && !genderedForms(word, token)) expected.set(r.id, Math.min(d, expected.get(r.id) ?? d));
        }
      });
      const found = new Map(search.suggest(word, 10_000, false).map((m) => [m.id, m.score]));
      for (const [id, d] of expected) {
        const score = found.get(id);
        // A speaker matched better (whole name, surname, start, substring) keeps that higher score.
        if (score === undefined || score < 40 - 10 * d) wrong.push(`${word}: ${rows[id - 1]!.name} at ${d}, got ${score}`);
      }
      for (const [id, score] of found) if (score <= 40 && !expected.has(id)) wrong.push(`${word}: ${rows[id - 1]!.name} not within reach`);
    }
    expect(wrong).toEqual([]);
  });

  it('bandedDistance gives editDistance’s answer for strings within the length band', () => {
    const rand = prng(99);
    const alphabet = 'abcdeшé';
    const word = () => Array.from({ length: Math.floor(rand() * 9) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const differ: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      const a = word();
      const b = rand() < 0.2 ? a : word();
      const max = [0, 1, 2, 3, Number.POSITIVE_INFINITY][Math.floor(rand() * 5)]!;
      const clamp = (d: number) => Math.min(d, max + 1);
      if (clamp(bandedDistance(a, b, max)) !== clamp(editDistance(a, b, max))) differ.push(`${a}/${b}/${max}`);
    }
    expect(differ).toEqual([]);
  });
});
