// Short articles written for these tests, one pattern each (issue 3): quote styles, interrupted and running quotes,
// according to, passive attributions, roles, pronouns, organisations, and the traps that are not statements.
import { describe, expect, it } from 'vitest';
import { extractStatements } from '../../src/extract/index.ts';
import type { ExtractedStatement } from '../../src/model.ts';

const only = (body: string): ExtractedStatement => {
  const all = extractStatements(body);
  expect(all, JSON.stringify(all.map((s) => s.text))).toHaveLength(1);
  return all[0]!;
};
const slice = (body: string, s: ExtractedStatement) => body.slice(s.span.start, s.span.end);

describe('quotation mark styles', () => {
  const cases: Array<[string, string]> = [
    ['straight', '"We will rebuild the bridge by winter," Olena Kovalenko said.'],
    ['curly', '“We will rebuild the bridge by winter,” Olena Kovalenko said.'],
    ['guillemets', '«We will rebuild the bridge by winter», Olena Kovalenko said.'],
    ['low-high', '„We will rebuild the bridge by winter“, Olena Kovalenko said.'],
    ['wire', "''We will rebuild the bridge by winter,'' Olena Kovalenko said."],
  ];
  for (const [style, body] of cases) {
    it(`reads ${style} quotes, marks included in the span`, () => {
      const s = only(body);
      expect(s.kind).toBe('direct');
      expect(s.text).toMatch(/^We will rebuild the bridge by winter,?$/);
      expect(s.speaker?.name).toBe('Olena Kovalenko');
      expect(s.speaker?.mention?.text).toBe('Olena Kovalenko');
      expect(s.cue?.text).toBe('said');
      expect(slice(body, s).startsWith(body[0]!)).toBe(true);
      expect(body.slice(s.span.end, s.span.end + 1)).toMatch(/[ ,]/);
    });
  }
});

describe('speaker before the quote', () => {
  it('takes "X said: ..." and "said X"', () => {
    const body = 'Mayor Ivan Petrenko said: "The water supply is stable again."\n"Schools reopen on Monday," said Petrenko.';
    const all = extractStatements(body);
    expect(all.map((s) => s.speaker?.name)).toEqual(['Ivan Petrenko', 'Ivan Petrenko']);
    expect(all[0]!.speaker?.role).toBe('Mayor');
    expect(all[1]!.speaker?.mention?.text).toBe('Petrenko');
  });
});

describe('interrupted and running quotes', () => {
  it('joins "X," he said, "Y." into one statement with parts', () => {
    const body =
      'Defence analyst Maria Lind spoke to reporters.\n"The front is quiet," Lind said, "but nobody should read too much into it."';
    const all = extractStatements(body);
    expect(all).toHaveLength(1);
    const s = all[0]!;
    expect(s.parts).toHaveLength(2);
    expect(s.text).toBe('The front is quiet … but nobody should read too much into it.');
    expect(s.speaker?.name).toBe('Maria Lind');
  });

  it('adds the next quoted sentence of the paragraph as another part', () => {
    const body = '"Supplies arrived on time," Lind said. "The next convoy leaves tomorrow."';
    const s = only(body);
    expect(s.parts).toHaveLength(2);
    expect(s.span).toEqual({ start: 0, end: body.length });
  });

  it('runs a quote over paragraphs when the next one opens with a quotation mark', () => {
    const body =
      'Minister Anna Berg said: "We have three priorities. The first is air defence.\n"The second is training. The third is money."\nThe ministry gave no figures.';
    const all = extractStatements(body);
    expect(all).toHaveLength(1);
    const s = all[0]!;
    expect(s.kind).toBe('direct');
    expect(slice(body, s)).toMatch(/^"We have three priorities\.[\s\S]*The third is money\."$/);
    expect(s.speaker?.name).toBe('Anna Berg');
  });
});

describe('indirect speech', () => {
  it('reads "X said that ..." with the that-clause as content', () => {
    const s = only('Foreign Minister Pavel Novak said that the talks would resume next week.');
    expect(s.kind).toBe('indirect');
    expect(s.text).toBe('the talks would resume next week');
    expect(s.speaker?.name).toBe('Pavel Novak');
    expect(s.speaker?.role).toBe('Foreign Minister');
  });

  it('reads "told reporters that"', () => {
    const s = only('General Tomas Reyes told reporters on Friday that the exercise had ended.');
    expect(s.text).toBe('the exercise had ended');
    expect(s.speaker?.name).toBe('Tomas Reyes');
  });

  it('reads "According to X, ..." and "..., according to X."', () => {
    const a = only('According to the regional governor, the power line was repaired overnight.');
    expect(a.text).toBe('the power line was repaired overnight');
    expect(a.speaker?.mention?.text).toBe('the regional governor');
    expect(a.cue?.text).toBe('According to');
    const b = only('The power line was repaired overnight, according to the regional governor.');
    expect(b.text).toBe('The power line was repaired overnight');
    expect(b.speaker?.mention?.text).toBe('the regional governor');
  });

  it('reads "This was stated by X" pointing back to the previous sentence, with the venue', () => {
    const body =
      'The border crossing will stay closed until spring. This was stated by the head of the customs service, Lena Fischer, at a press conference in Lviv.';
    const s = only(body);
    expect(s.text).toBe('The border crossing will stay closed until spring');
    expect(s.speaker?.name).toBe('Lena Fischer');
    expect(s.speaker?.role).toBe('head of the customs service');
    expect(s.venue).toBe('at a press conference in Lviv');
  });
});

describe('speakers resolved within the article', () => {
  it('maps a surname and a role description to the full name', () => {
    const body = [
      'The chief of the air force, Oleh Marchuk, said that two drones were shot down.',
      'The chief of the air force added that the debris caused no injuries.',
      '"We expect more attacks," Marchuk said.',
    ].join('\n');
    const all = extractStatements(body);
    expect(all).toHaveLength(3);
    expect(all.map((s) => s.speaker?.name)).toEqual(['Oleh Marchuk', 'Oleh Marchuk', 'Oleh Marchuk']);
    expect(all[1]!.speaker?.mention?.text).toBe('The chief of the air force');
  });

  it('takes the role from an apposition after the name', () => {
    const s = only('Mark Rutte, NATO Secretary General, said that the alliance would stay united.');
    expect(s.speaker?.name).toBe('Mark Rutte');
    expect(s.speaker?.role).toBe('NATO Secretary General');
  });

  it('resolves a pronoun to the previous speaker, not to someone only mentioned in the quote', () => {
    const body = [
      'Senator Jane Holt said: "Prime Minister Karl Brandt has ignored the farmers."',
      'She also said that the budget vote would be delayed.',
    ].join('\n');
    const all = extractStatements(body);
    expect(all).toHaveLength(2);
    expect(all[1]!.speaker?.name).toBe('Jane Holt');
    expect(all[1]!.speaker?.mention?.text).toBe('She');
    expect(all.some((s) => s.speaker?.name === 'Karl Brandt')).toBe(false);
  });

  it('never gives a statement to the person it is about', () => {
    const s = only('Defence Minister Rui Costa stated that President Elena Ward has made it a priority to end the blockade.');
    expect(s.speaker?.name).toBe('Rui Costa');
  });

  it('leaves a pronoun unresolved when another person opens the sentence before it', () => {
    const body = [
      'Senator Jane Holt said: "The farmers were ignored."',
      'Prime Minister Karl Brandt met union leaders on Friday. She said that the budget vote would be delayed.',
      'Minister Alex Moreau met union leaders on Saturday. She said that the talks had failed.',
    ].join('\n');
    const all = extractStatements(body);
    expect(all.map((s) => s.speaker?.name ?? null)).toEqual(['Jane Holt', 'Jane Holt', null]);
  });

  it('leaves a pronoun unresolved rather than guessing', () => {
    const s = only('He said that the ceasefire was holding.');
    expect(s.speaker).toBeNull();
  });

  it('lets organisations speak', () => {
    const s = only('The Kremlin said that the proposal was unacceptable.');
    expect(s.speaker?.name).toBe('Kremlin');
    expect(s.speaker?.type).toBe('organisation');
  });
});

describe('not statements', () => {
  it('skips section labels, headlines, scare quotes and the outlet credit', () => {
    const body = [
      'Ministry confirms new grain corridor',
      'Details',
      'The so-called "grain corridor" reopened on Tuesday, Kyiv Daily reports.',
      'Addition',
      'Ships left Odesa in the morning.',
    ].join('\n');
    expect(extractStatements(body, { outlet: 'Kyiv Daily' })).toEqual([]);
  });

  it('does not take a frame sentence for a statement, but uses it as context', () => {
    const body = [
      'Admiral Rita Sousa also spoke about the "coalition of the willing".',
      '"It is a coalition that will protect the sea lanes," said Sousa.',
    ].join('\n');
    const s = only(body);
    expect(s.text).toBe('It is a coalition that will protect the sea lanes');
    expect(s.context).toBe('Admiral Rita Sousa also spoke about the "coalition of the willing".');
    expect(s.speaker?.name).toBe('Rita Sousa');
  });

  it("treats an unmarked first-person paragraph after a frame as the speaker's continuation", () => {
    const body = [
      'Sousa commented on the idea that warships could escort grain convoys.',
      'These questions belong to the governments. We have not planned any escort.',
    ].join('\n');
    const s = only(body);
    expect(s.kind).toBe('continuation');
    expect(s.speaker?.name).toBe('Sousa');
  });

  it('keeps stance readings for the corpus but out of the default output', () => {
    const body = 'Governor Maria Ortiz is courting rural voters with a new farm plan.';
    expect(extractStatements(body)).toEqual([]);
    // The rules' weak reading (the learned tagger, on by default, drops it: PolNeAR does not read this as attribution).
    const weak = extractStatements(body, { minConfidence: 0, tagger: null });
    expect(weak).toHaveLength(1);
    expect(weak[0]!.rule).toBe('actor-clause');
    expect(weak[0]!.speaker?.name).toBe('Maria Ortiz');
  });

  it('reads no stance into a plain event: an actor who won, spoke or travelled said nothing', () => {
    for (const body of [
      'Governor Maria Ortiz won the primary in the northern districts by a wide margin.',
      'Senator Paul Brandt spoke at a rally in the harbour town on Tuesday evening.',
    ])
      expect(extractStatements(body, { minConfidence: 0, tagger: null })).toEqual([]);
  });
});
