// Odd input never throws, and every span stays inside the text.
import { describe, expect, it } from 'vitest';
import { extractDrafts, extractStatements } from '../../src/extract/index.ts';

const CASES = [
  '',
  '"',
  '""',
  "''",
  '“',
  'He said.',
  'said',
  '\n\n\n',
  '"an unclosed quote that runs on, he said',
  'According to',
  'This was stated by',
  '"A," said',
  ':',
  '„x“ «y» ″z″',
  'x'.repeat(20000),
  ('word '.repeat(40) + '"a quoted bit" ').repeat(50),
];

describe('robustness', () => {
  for (const body of CASES) {
    it(`handles ${JSON.stringify(body.slice(0, 24))}${body.length > 24 ? '…' : ''}`, () => {
      for (const d of extractDrafts(body, { minConfidence: 0 })) {
        for (const p of d.parts) {
          expect(p.start).toBeGreaterThanOrEqual(0);
          expect(p.end).toBeLessThanOrEqual(body.length);
          expect(p.start).toBeLessThan(p.end);
        }
      }
      expect(() => extractStatements(body)).not.toThrow();
    });
  }

  it('keeps offsets exact around wire quotes and non-breaking spaces', () => {
    const body = "The mayor\u00a0said: ''We are ready.''";
    const [s] = extractStatements(body);
    expect(body.slice(s!.span.start, s!.span.end)).toBe("''We are ready.''");
  });
});
