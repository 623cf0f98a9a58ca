// Cross-article speaker identity (speakers/resolve.ts) over an in-memory directory: no database involved.
import { describe, expect, it } from 'vitest';
import { nameKey } from '../../src/speakers/fold.ts';
import { articleRoleChange, identifySpeaker, statementRole, surnameKey, type SpeakerDirectory } from '../../src/speakers/resolve.ts';
import type { ArticleSpeaker } from '../../src/model.ts';

/** Fictional people: ids by every folded spelling, curated ones by surname. */
function directory(names: Record<string, number>, curated: Record<string, number>): SpeakerDirectory & { asked: string[] } {
  const byKey = new Map(Object.entries(names).map(([name, id]) => [nameKey(name), id]));
  const bySurname = new Map<string, number[]>();
  for (const [name, id] of Object.entries(curated)) {
    const surname = surnameKey(name);
    if (surname) bySurname.set(surname, [...(bySurname.get(surname) ?? []), id]);
  }
  const asked: string[] = [];
  return {
    asked,
    idByNameKey: (key) => (asked.push(key), byKey.get(key)),
    curatedIdsBySurname: (surname) => bySurname.get(surname) ?? [],
  };
}

const said = (name: string, role: string | null = null): ArticleSpeaker => ({ name, role, type: 'person', mention: null });

describe('speaker identity across articles', () => {
  const dir = directory(
    { 'Maren Aalto': 1, 'M. Aalto': 1, 'Tobias Brenn': 2, 'Ilka Brenn': 3, Brenn: 4 },
    { 'Maren Aalto': 1, 'Tobias Brenn': 2, 'Ilka Brenn': 3 },
  );

  it('finds a known speaker by any spelling the index holds, folded', () => {
    expect(identifySpeaker(said('MAREN AALTÖ'), dir)).toEqual({ kind: 'known', id: 1, key: nameKey('Maren Aalto') });
    expect(identifySpeaker(said('M. Aalto'), dir)).toMatchObject({ kind: 'known', id: 1 });
  });

  it('takes a bare surname for the one curated speaker who has it, never when two share it', () => {
    expect(identifySpeaker(said('Aalto'), dir)).toMatchObject({ kind: 'known', id: 1 });
    // "Brenn" is itself a known spelling (id 4): an exact name wins over the surname rule.
    expect(identifySpeaker(said('Brenn'), dir)).toMatchObject({ kind: 'known', id: 4 });
    const noBareBrenn = directory({}, { 'Tobias Brenn': 2, 'Ilka Brenn': 3 });
    expect(identifySpeaker(said('Brenn'), noBareBrenn)).toEqual({ kind: 'new', key: nameKey('Brenn'), name: 'Brenn' });
  });

  it('makes a new speaker of anyone else (trimmed name), and nobody of an empty or missing name', () => {
    expect(identifySpeaker(said('  Petra Lund '), dir)).toEqual({ kind: 'new', key: nameKey('Petra Lund'), name: 'Petra Lund' });
    // A full name is never matched by its surname alone.
    expect(identifySpeaker(said('Jonas Aalto'), dir)).toMatchObject({ kind: 'new' });
    expect(identifySpeaker(said('!!!'), dir)).toBeNull();
    expect(identifySpeaker(null, dir)).toBeNull();
  });
});

describe('roles from articles', () => {
  const uncurated = { curated: false, roles: [], role: 'mayor of Vell', roleSince: '2025-03-01' };

  it('records a role the first time an article gives it, and shows the role of the latest article', () => {
    expect(articleRoleChange(uncurated, 'governor of Vell', '2025-04-01', false)).toEqual({ record: true, display: true });
    expect(articleRoleChange(uncurated, 'governor of Vell', '2025-02-01', true)).toEqual({ record: false, display: false });
    expect(articleRoleChange(uncurated, 'governor of Vell', '2025-03-01', true)).toEqual({ record: false, display: true });
    expect(articleRoleChange(uncurated, 'mayor of Vell', '2025-03-01', true)).toEqual({ record: false, display: false });
    expect(articleRoleChange({ ...uncurated, role: null, roleSince: null }, 'mayor of Vell', '2020-01-01', false)).toEqual({
      record: true,
      display: true,
    });
  });

  it('leaves curated speakers to the registry, and statements take the article role or the registry role of that day', () => {
    const curated = {
      curated: true,
      roles: [
        { title: 'minister of ports', from: '2024-01-01', to: '2024-12-31' },
        { title: 'senator', from: '2025-01-01' },
      ],
      role: 'senator',
      roleSince: null,
    };
    expect(articleRoleChange(curated, 'harbour chief', '2025-05-01', false)).toEqual({ record: false, display: false });
    expect(articleRoleChange(uncurated, null, '2025-05-01', false)).toEqual({ record: false, display: false });
    expect(statementRole(curated, null, '2024-06-01')).toBe('minister of ports');
    expect(statementRole(curated, null, '2025-06-01')).toBe('senator');
    expect(statementRole(curated, 'harbour chief', '2025-06-01')).toBe('harbour chief');
  });
});
