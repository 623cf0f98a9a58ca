// Unnamed sources (issue 13): "a senior NATO official", "diplomats", "a spokesperson for the ministry" are descriptions,
// marked unnamed on the statement's speaker; words that only tell two sources apart ("another", "different") are no
// part of the description. Named people, organisations and named groups ("Republicans") are not marked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractStatements } from '../../src/extract/index.ts';

const speakers = (body: string) =>
  extractStatements(body).map((s) => ({
    name: s.speaker?.name ?? null,
    unnamed: s.speaker?.unnamed ?? false,
    text: s.text.slice(0, 24),
  }));

describe('unnamed sources', () => {
  it('are marked unnamed, without "another" or "different" in their description', () => {
    // Before: "senior NATO official" and "different senior NATO official" as if names, nothing marked unnamed.
    const body = readFileSync(new URL('./fixtures/unnamed-sources.txt', import.meta.url), 'utf8');
    expect(speakers(body)).toEqual([
      { name: 'senior NATO official', unnamed: true, text: 'the alliance had no plan' },
      { name: 'senior NATO official', unnamed: true, text: 'the question would come ' },
      { name: 'senior NATO official', unnamed: true, text: 'We are not there yet' },
      { name: 'diplomats', unnamed: true, text: 'the talks in Geneva had ' },
      { name: 'spokesperson for the ministry', unnamed: true, text: 'the minister would trave' },
      { name: 'officials familiar with the plan', unnamed: true, text: 'it would cost billions' },
    ]);
  });

  it('leaves named people, organisations and named groups unmarked', () => {
    const body = [
      'Defence Minister Marta Kallasvee said the brigade would stay in the east.',
      'The ministry said in a statement that the exercise had ended.',
      'Republicans said the bill would pass next week.',
    ].join('\n\n');
    expect(speakers(body).map(({ name, unnamed }) => ({ name, unnamed }))).toEqual([
      { name: 'Marta Kallasvee', unnamed: false },
      { name: 'ministry', unnamed: false },
      { name: 'Republicans', unnamed: false },
    ]);
  });

  it("a role the quote's pronoun resolves to, with no name, is unnamed too", () => {
    const body = readFileSync(new URL('./fixtures/agreement-opposition-leader.txt', import.meta.url), 'utf8');
    const s = extractStatements(body).find((x) => x.text === 'This is reckless');
    expect(s?.speaker).toMatchObject({ name: 'opposition leader', unnamed: true, mention: { text: 'he' } });
  });
});
