// Run-on text with a cue every few words (found by the fuzz test): `we go, Smith said, we go, Smith said, ...` took
// each content from the start of its (2,000-character) sentence, so 1 MB gave 52,257 statements holding 104 MB of
// text. Contents now stop at the previous attribution on their left and before the next one on their right.
import { describe, expect, it } from 'vitest';
import { extractDrafts, extractStatements, maxStatements } from '../../src/extract/index.ts';

const CLAUSES = [
  'we go, Smith said, ',
  'we go, said Smith, ',
  'we go, Smith added, ',
  'Smith said that we go, ',
  'Smith said we go, ',
  'Smith noted that we go and ',
  'we go, according to Smith, ',
  '"we go," Smith said, ',
  'we go, Smith said, we go, Jones told reporters, ',
];
/** Another attribution inside a statement's words. */
const ATTRIBUTION = /\b(?:Smith|Jones) (?:said|added|noted|told)\b|\bsaid Smith\b|\baccording to Smith\b/;

describe('run-on text', () => {
  for (const clause of CLAUSES) {
    it(`stays linear for ${JSON.stringify(clause)} repeated`, () => {
      for (const chars of [20_000, 80_000]) {
        const body = clause.repeat(Math.ceil(chars / clause.length));
        const drafts = extractDrafts(body);
        const statements = extractStatements(body, { minConfidence: 0 });
        expect(statements.length).toBe(drafts.length);
        expect(statements.length).toBeLessThanOrEqual(maxStatements(body.length));
        // Still read: at least one statement for every ten clauses.
        expect(statements.length).toBeGreaterThan(body.length / clause.length / 10);
        const text = statements.reduce((n, s) => n + s.text.length, 0);
        expect(text).toBeLessThanOrEqual(2 * body.length);
        for (const d of drafts) {
          for (const p of d.parts) expect(body.slice(p.start, p.end)).not.toMatch(ATTRIBUTION);
        }
      }
    });
  }

  it('gives each attribution of a sentence its own clause', () => {
    const read = (body: string) => extractStatements(body).map((s) => [s.text, s.speaker?.name]);
    expect(read('Taxes will rise next year, Smith said, while spending will fall, Jones said.')).toEqual([
      ['Taxes will rise next year', 'Smith'],
      ['while spending will fall', 'Jones'],
    ]);
    expect(read('Smith said that taxes will rise next year, Jones said that spending will fall.')).toEqual([
      ['taxes will rise next year', 'Smith'],
      ['spending will fall', 'Jones'],
    ]);
    expect(read('"We will go home tomorrow," Smith said, "we will stay here for now," Jones said.')).toEqual([
      ['We will go home tomorrow', 'Smith'],
      ['we will stay here for now', 'Jones'],
    ]);
    // One attribution interrupting its own content keeps both pieces.
    const [s] = extractStatements('In Miami, Mr. Regalado said, Mr. Trump is seen as a threat to the city.');
    expect(s!.parts).toHaveLength(2);
  });

  it('caps the statements of an article by its length', () => {
    const body = 'we go, Smith said, '.repeat(20_000);
    const drafts = extractDrafts(body);
    expect(drafts.length).toBe(maxStatements(body.length));
    expect(drafts.every((d, i) => i === 0 || drafts[i - 1]!.parts[0]!.start < d.parts[0]!.start)).toBe(true);
  });
});
