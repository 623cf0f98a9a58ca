// Reported speech without "that" (issue 14): a bare clause after an adjunct or after a verb that otherwise needs
// "that", poll shares and counts as speakers, and a second verb of the subject after "but". Invented sentences.
import { describe, expect, it } from 'vitest';
import { extractStatements } from '../../src/extract/index.ts';

const rules = (body: string) =>
  extractStatements(body, { tagger: null }).map((s) => ({
    text: s.text,
    speaker: s.speaker?.mention ? body.slice(s.speaker.mention.start, s.speaker.mention.end) : null,
    cue: s.cue?.text ?? null,
  }));

describe('a bare clause after an adjunct', () => {
  const cases: Array<[string, string, string, string]> = [
    ['The minister said on Tuesday he would resign.', 'he would resign', 'minister', 'said'],
    ['Mayor Olena Kovalenko said in an interview the bridge would reopen.', 'the bridge would reopen', 'Olena Kovalenko', 'said'],
    ['Ivan Petrenko said last week the council was broke.', 'the council was broke', 'Ivan Petrenko', 'said'],
    ['Ivan Petrenko said earlier this month the levy had doubled.', 'the levy had doubled', 'Ivan Petrenko', 'said'],
    ['Olena Kovalenko said Tuesday night the council would meet again.', 'the council would meet again', 'Olena Kovalenko', 'said'],
    ['Ivan Petrenko told the crowd he had been tough.', 'he had been tough', 'Ivan Petrenko', 'told'],
    ['Ivan Petrenko told a radio station on Monday the deal was done.', 'the deal was done', 'Ivan Petrenko', 'told'],
  ];
  for (const [body, text, speaker, cue] of cases)
    it(`reads "${body}"`, () => {
      expect(rules(body)).toEqual([{ text, speaker: expect.stringContaining(speaker), cue }]);
    });

  it('takes no clause when the adjunct runs on without a subject and a verb', () => {
    expect(rules('The minister said on Tuesday.')).toEqual([]);
  });
});

describe('verbs that otherwise need "that"', () => {
  it('take a clause with a subject and a finite verb', () => {
    expect(rules('Ivan Petrenko knows the deal will fail.')).toEqual([
      { text: 'the deal will fail', speaker: 'Ivan Petrenko', cue: 'knows' },
    ]);
    expect(rules('Olena Kovalenko fears they could lose the farm.')).toEqual([
      { text: 'they could lose the farm', speaker: 'Olena Kovalenko', cue: 'fears' },
    ]);
  });
});

describe('poll shares and counts as speakers', () => {
  const cases: Array<[string, string, string]> = [
    ['About 4 in 10 voters say they want a new mayor.', 'they want a new mayor', 'About 4 in 10 voters'],
    ['Just 28 percent of farmers said they trust the council.', 'they trust the council', 'Just 28 percent of farmers'],
    ['The council met twelve growers. Several said the levy was too high.', 'the levy was too high', 'Several'],
    ['Most believe the levy is too high.', 'the levy is too high', 'Most'],
    ['Kovalenko gained ground, with 30 percent of farmers saying they like her.', 'they like her', '30 percent of farmers'],
  ];
  for (const [body, text, speaker] of cases)
    it(`reads "${body}"`, () => {
      expect(rules(body)).toContainEqual(expect.objectContaining({ text, speaker }));
    });
});

describe('a second verb of the subject after "but"', () => {
  it('shares the sentence subject', () => {
    expect(rules('Olena Kovalenko rejected the plan but says she will vote for it.')).toEqual([
      { text: 'she will vote for it', speaker: 'Olena Kovalenko', cue: 'says' },
    ]);
  });
});

describe('the name of a share', () => {
  it('keeps its number: "Two in three", "One of the farmers"', () => {
    const names = (body: string) => extractStatements(body, { tagger: null }).map((s) => s.speaker?.name);
    expect(names('Two in three said they are less likely to vote.')).toEqual(['Two in three']);
    expect(names('One of the farmers said the levy was high.')).toEqual(['One of the farmers']);
  });
});

describe('a bare clause inside another speaker’s report', () => {
  it('is left out, as a clause with "that" is: the words are the outer speaker’s', () => {
    const all = (body: string) => extractStatements(body, { tagger: null, minConfidence: 0 }).map((s) => [s.text, s.speaker?.name]);
    expect(all('According to Ivan Petrenko, Olena Kovalenko said on Tuesday the bridge would reopen.')).toEqual([
      ['Olena Kovalenko said on Tuesday the bridge would reopen', 'Ivan Petrenko'],
    ]);
    expect(all('According to Ivan Petrenko, Olena Kovalenko said that the bridge would reopen.')).toEqual([
      ['Olena Kovalenko said that the bridge would reopen', 'Ivan Petrenko'],
    ]);
  });
});
