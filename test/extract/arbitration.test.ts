// The three readings that outrank earlier weak ones (sieves/arbitration.ts): the weak reading is there on its own,
// and gone once the stronger reading arrives, so nobody sees the same words twice with two different speakers.
import { describe, expect, it } from 'vitest';
import { extractDrafts } from '../../src/extract/index.ts';

// The rules' own readings: the learned tagger (on by default) may drop a weak reading it disagrees with.
const readings = (body: string) =>
  extractDrafts(body, { tagger: null }).map((d) => ({
    rule: d.rule,
    speaker: d.speaker?.name ?? null,
    text: body.slice(d.parts[0]!.start, d.parts[d.parts.length - 1]!.end),
  }));

describe('arbitration', () => {
  it('"This was stated by X" takes the previous sentence from its weak reading', () => {
    const claim = 'The minister is courting the voters in the east.';
    expect(readings(claim).map((r) => r.rule)).toEqual(['actor-clause']);
    expect(readings(`${claim} This was stated by the head of the customs service, Lena Fischer.`)).toEqual([
      { rule: 'stated-by', speaker: 'Lena Fischer', text: 'The minister is courting the voters in the east' },
    ]);
  });

  it('a quotation followed by "Fischer said." is Fischer\'s, no longer unattributed', () => {
    const quote = '"It is a matter of weeks, not months, for all of us here."';
    expect(readings(quote)).toEqual([{ rule: 'unattributed-quote', speaker: null, text: quote }]);
    const both = readings(`Lena Fischer met the press in Lviv.\n${quote} Fischer said.`).filter((r) => r.text === quote);
    expect(both).toEqual([{ rule: 'quote-then-speaker', speaker: 'Lena Fischer', text: quote }]);
  });

  it('a first-person paragraph after "X commented on ..." replaces its weak readings with X\'s words', () => {
    const paragraph = 'We are courting the voters in the east. Our allies are watching.';
    expect(readings(paragraph).map((r) => r.rule)).toEqual(['actor-clause']);
    const after = readings(`Lena Fischer commented on the talks in Lviv.\n\n${paragraph}`).filter((r) =>
      paragraph.includes(r.text.slice(0, 20)),
    );
    expect(after).toEqual([
      { rule: 'frame-continuation', speaker: 'Lena Fischer', text: 'We are courting the voters in the east. Our allies are watching' },
    ]);
  });
});
