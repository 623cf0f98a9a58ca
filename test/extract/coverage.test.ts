// Rule coverage beyond the seed patterns: structures PolNeAR annotates that the rules used to miss. Sentences invented
// for these tests. Each case reads the rules alone (tagger: null), so the rule under test is what answers.
import { describe, expect, it } from 'vitest';
import { extractStatements } from '../../src/extract/index.ts';

const RULES = { tagger: null } as const;
const statements = (body: string) => extractStatements(body, RULES);
describe('a named speaker described between commas before the cue', () => {
  it('reads a title without an article, a participle and a relative clause as descriptions of the speaker', () => {
    const cases: Array<[string, string, string]> = [
      [
        'Halina Moroz, dean of the Riverside College of Music, said the choir would tour in spring.',
        'Halina Moroz',
        'the choir would tour in spring',
      ],
      [
        'Tomas Vilks, wearing a green scarf with the club crest, said the stadium vote was rushed.',
        'Tomas Vilks',
        'the stadium vote was rushed',
      ],
      [
        'Ilse Brandt, acting director of Harbour Watch, which organised the petition, said the ferry fares were too high.',
        'Ilse Brandt',
        'the ferry fares were too high',
      ],
    ];
    for (const [body, speaker, text] of cases) {
      const all = statements(body);
      expect(
        all.map((s) => [s.speaker?.name, s.text]),
        body,
      ).toEqual([[speaker, text]]);
    }
  });

  it('does not credit a name that is not the clause subject, nor a list', () => {
    for (const body of [
      'In a letter to Halina Moroz, dean of the Riverside College of Music, the mayor said the choir would tour in spring.',
      'Tomas Vilks, Ilse Brandt, and Olek Marsh said the stadium vote was rushed.',
    ]) {
      const all = statements(body);
      expect(
        all.map((s) => s.speaker?.name ?? null),
        body,
      ).not.toContain('Halina Moroz');
      expect(
        all.map((s) => s.speaker?.name ?? null),
        body,
      ).not.toContain('Tomas Vilks');
    }
  });
});
