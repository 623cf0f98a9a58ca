// The speaker registry and the article parser read dates with one rule: a day that does not exist is refused
// by both (the registry used to accept 2025-02-30), a real one is accepted by both.
import { describe, expect, it } from 'vitest';
import { parseArticleMeta } from '../../src/articles/parse.ts';
import { parseSpeakerRegistry, RegistryError } from '../../src/speakers/registry.ts';

const registry = (from: string) => `- name: Ilse Varvik\n  roles:\n    - title: Minister of Lakes\n      from: ${from}\n`;
const article = (published: string) => `title: Talks resume\noutlet: Example Wire\npublished: ${published}\nlanguage: en`;

describe('dates', () => {
  it.each(['2025-02-30', '2025-13-01', '2023-02-29', '2025-04-31'])('%s is refused by the registry and by the article parser', (date) => {
    expect(() => parseSpeakerRegistry(registry(date))).toThrow(RegistryError);
    expect(() => parseSpeakerRegistry(registry(date))).toThrow(
      'speakers.yaml: entry 1 (Ilse Varvik): roles.0.from: must be a date written YYYY-MM-DD',
    );
    expect(() => parseArticleMeta('a.md', article(date))).toThrow(`a.md: published: '${date}' is not a date (YYYY-MM-DD)`);
  });

  it('a real date, 29 February of a leap year included, is accepted by both', () => {
    for (const date of ['2024-02-29', '2025-01-17']) {
      expect(parseSpeakerRegistry(registry(date)).speakers[0]!.roles[0]!.from).toBe(date);
      expect(parseArticleMeta('a.md', article(date)).published).toBe(date);
    }
  });
});
