import { describe, expect, it } from 'vitest';
import { editDistance, foldText, nameKey } from '../../src/speakers/fold.ts';
import { loadSpeakerRegistry, parseSpeakerRegistry, roleOn } from '../../src/speakers/registry.ts';

describe('name folding', () => {
  it('folds case, diacritics, apostrophes and y/i transliteration', () => {
    const keys = ['Zelensky', 'ZELENSKIY', 'Zelenskyy', 'Zelenskii', 'Zelenskij', 'Zélensky'].map(nameKey);
    expect(new Set(keys).size).toBe(1);
    expect(nameKey('Andriy Yermak')).toBe(nameKey('Andrii Yermak'));
    expect(nameKey('  Giuseppe   Cavo-Dragone ')).toBe('giusepe cavo dragone');
    expect(foldText('Łukasz Øster’s café')).toBe('lukasz osters cafe');
    expect(nameKey('Rutte')).not.toBe(nameKey('Putin'));
    expect(nameKey('!!!')).toBe('');
  });

  it('measures edit distance with transpositions, giving up above the bound', () => {
    expect(editDistance('dragone', 'dargone')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('', 'ab')).toBe(2);
  });
});

describe('speaker registry', () => {
  it('loads the shipped registry with the people the debate needs', () => {
    const registry = loadSpeakerRegistry();
    const byName = new Map(registry.speakers.map((s) => [s.name, s]));
    for (const name of [
      'Giuseppe Cavo Dragone',
      'Volodymyr Zelenskyy',
      'Mark Rutte',
      'Andriy Yermak',
      'Donald Trump',
      'Vladimir Putin',
      'Emmanuel Macron',
      'Keir Starmer',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(roleOn(byName.get('Giuseppe Cavo Dragone')!.roles, '2025-08-23')).toBe('Chair of the NATO Military Committee');
    expect(roleOn(byName.get('Giuseppe Cavo Dragone')!.roles, '2024-08-23')).toBeNull();
    expect(roleOn(byName.get('Mark Rutte')!.roles, '2024-10-01')).toBe('NATO Secretary General');
    expect(roleOn(byName.get('Andriy Yermak')!.roles, '2025-12-01')).toBeNull();
    expect(roleOn(byName.get('Andriy Yermak')!.roles, '2025-11-28')).toBe('Head of the Office of the President of Ukraine');
  });

  it('names the file and the entry when an entry is wrong', () => {
    expect(() => parseSpeakerRegistry('- name: A Person\n  roles:\n    - title: Mayor\n      from: 2020-13-01\n', 'x.yaml')).toThrow(
      /x\.yaml: entry 1 \(A Person\): roles\.0\.from: must be a date/,
    );
    expect(() => parseSpeakerRegistry('- name: A\n- name: B\n  nickname: C\n', 'x.yaml')).toThrow(
      /x\.yaml: entry 2 \(B\): unknown field nickname/,
    );
    expect(() => parseSpeakerRegistry('- name: Jan Novak\n- name: John Novak\n  aliases: [Jan Novák]\n', 'x.yaml')).toThrow(
      /entry 2 \(John Novak\): "Jan Novák" is also a name of Jan Novak/,
    );
    expect(() => parseSpeakerRegistry('name: [', 'x.yaml')).toThrow(/x\.yaml: not valid YAML/);
    expect(() => parseSpeakerRegistry('a: 1', 'x.yaml')).toThrow(/must be a list/);
    expect(() =>
      parseSpeakerRegistry('- name: X\n  roles:\n    - title: T\n      from: 2020-01-02\n      to: 2020-01-01\n', 'x.yaml'),
    ).toThrow(/before/);
  });
});
