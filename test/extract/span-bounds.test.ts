// Where the rules draw a statement's content and cue (issue 14, PolNeAR's boundary convention), on sentences written
// for these tests. The rules alone (tagger: null), every reading kept (PolNeAR's broad attribution).
import { describe, expect, it } from 'vitest';
import { extractDrafts, extractStatements } from '../../src/extract/index.ts';

const readings = (body: string) =>
  extractDrafts(body, { tagger: null }).map((d) => ({
    rule: d.rule,
    speaker: d.speaker?.name ?? null,
    mention: d.speaker?.mention ? body.slice(d.speaker.mention.start, d.speaker.mention.end) : null,
    cue: d.cue ? body.slice(d.cue.start, d.cue.end) : null,
    text: body.slice(d.parts[0]!.start, d.parts[d.parts.length - 1]!.end),
  }));

describe('content and cue bounds', () => {
  it('keeps the preposition of a learned cue in the cue, not in the content', () => {
    const [r] = readings('Senator Paul Brandt focused on the rising cost of the new harbour bridge.');
    expect(r).toMatchObject({ speaker: 'Paul Brandt', cue: 'focused on', text: 'the rising cost of the new harbour bridge' });
  });

  it('reads a report inside "according to X" as X\'s statement only, not as a second speaker\'s', () => {
    const body = 'According to Mayor Lena Fischer, the ministry said the bridge will reopen in May.';
    expect(readings(body)).toEqual([
      {
        rule: 'according-to',
        speaker: 'Lena Fischer',
        mention: 'Mayor Lena Fischer',
        cue: 'According to',
        text: 'the ministry said the bridge will reopen in May',
      },
    ]);
  });

  it('takes auxiliaries, adverbs and a trailing colon into the cue, while replies keep showing the verb', () => {
    const body =
      'Mayor Lena Fischer has also said that the bridge will reopen in May. She did not say whether the old ferry will run again. Fischer continued: "We will rebuild it."';
    expect(readings(body).map((r) => r.cue)).toEqual(['has also said', 'did not say', 'continued:']);
    const shown = extractStatements(body, { tagger: null, minConfidence: 0 }).map((s) => s.cue?.text);
    expect(shown).toEqual(['said', 'say', 'continued']);
  });

  it('draws the source mention with its apposition or party tag, the name unchanged, and leaves ages and relative clauses out', () => {
    const mentions = (body: string) => readings(body).map((r) => [r.speaker, r.mention]);
    expect(mentions('Lena Fischer, a spokeswoman for the harbour agency, said the bridge will reopen in May.')).toEqual([
      ['Lena Fischer', 'Lena Fischer, a spokeswoman for the harbour agency,'],
    ]);
    expect(mentions('"The bridge will reopen in May," said Lena Fischer, a spokeswoman for the harbour agency.')).toEqual([
      ['Lena Fischer', 'Lena Fischer, a spokeswoman for the harbour agency'],
    ]);
    expect(mentions('Sen. Paul Brandt (D-Vt.) said the bridge will reopen in May.')).toEqual([['Paul Brandt', 'Sen. Paul Brandt (D-Vt.)']]);
    expect(mentions('Lena Fischer, 58, said the bridge will reopen in May.')).toEqual([['Lena Fischer', 'Lena Fischer']]);
    expect(mentions('"The bridge will reopen in May," said Lena Fischer, who runs the harbour agency.')).toEqual([
      ['Lena Fischer', 'Lena Fischer'],
    ]);
  });

  it('reads a "Name: claim" headline as a weak reading of that speaker, never a column name or a tally', () => {
    const body = [
      'Lena Fischer: The Harbour Bridge Will Reopen in May',
      'The Latest: Ferry service resumes on the northern line',
      'Paul Brandt: 1,204.',
      'The harbour agency met on Monday to discuss the repairs.',
    ].join('\n');
    expect(readings(body).map((r) => [r.rule, r.speaker, r.cue, r.text])).toEqual([
      ['headline-colon', 'Lena Fischer', ':', 'The Harbour Bridge Will Reopen in May'],
    ]);
    expect(extractStatements(body, { tagger: null })).toEqual([]);
  });

  it('gives "X is expected to ..." no speaker: the subject is part of what is expected', () => {
    const body = 'The harbour bridge is expected to reopen in May.';
    const [d] = extractDrafts(body, { tagger: null });
    expect(d?.speaker).toBeNull();
    expect(d?.parts.map((p) => body.slice(p.start, p.end))).toEqual(['The harbour bridge', 'to reopen in May']);
    expect(d?.cue && body.slice(d.cue.start, d.cue.end)).toBe('is expected');
    expect(extractStatements(body)).toEqual([]);
  });

  it('reads "Fischer, the mayor said, has ..." with a one-word subject before the aside as one statement in two pieces', () => {
    const body = 'Fischer, Brandt said, has delayed the harbour repairs for a second year.';
    const [d] = extractDrafts(body, { tagger: null });
    expect(d?.speaker?.name).toBe('Brandt');
    expect(d?.parts.map((p) => body.slice(p.start, p.end))).toEqual(['Fischer', 'has delayed the harbour repairs for a second year']);
  });

  it('continues "A," Fischer said. with the quotation opening the next paragraph as one statement in two pieces', () => {
    const body =
      'Mayor Lena Fischer spoke on Monday.\n\n"The bridge will reopen in May," Fischer said.\n\n"We owe that to the ferry crews."';
    const all = extractDrafts(body, { tagger: null });
    expect(all).toHaveLength(1);
    expect(all[0]!.speaker?.name).toBe('Lena Fischer');
    expect(all[0]!.parts.map((p) => body.slice(p.start, p.end))).toEqual([
      '"The bridge will reopen in May,"',
      '"We owe that to the ferry crews."',
    ]);
  });

  it('ends the object of a stance verb before a clause joined on with ", which" or a dash', () => {
    const texts = (body: string) => readings(body).map((r) => r.text);
    expect(texts('Mayor Lena Fischer criticized the parking plan, which the council passed in March.')).toEqual(['the parking plan']);
    expect(texts('Mayor Lena Fischer praised the ferry crews — and then left for Lviv.')).toEqual(['the ferry crews']);
  });

  it('keeps the particle of "called for" and "railed against" in the cue, not in the content', () => {
    const pairs = (body: string) => readings(body).map((r) => [r.cue, r.text]);
    expect(pairs('Mayor Lena Fischer called for a ban on parking in the old town.')).toEqual([
      ['called for', 'a ban on parking in the old town'],
    ]);
    expect(pairs('Mayor Lena Fischer railed against the new parking fees.')).toEqual([['railed against', 'the new parking fees']]);
  });

  it('gives nobody the impression in "X seemed unhappy": X is what it is about, not who said it', () => {
    const body = 'Mayor Lena Fischer seemed unhappy with the new parking fees.';
    const all = extractDrafts(body, { tagger: null });
    expect(all.map((d) => [d.rule, d.speaker])).toEqual([['seeming', null]]);
    expect(all[0]!.parts.map((p) => body.slice(p.start, p.end))).toEqual(['Mayor Lena Fischer', 'unhappy with the new parking fees']);
    expect(extractStatements(body)).toEqual([]);
  });

  it('reads "It said ..." with the pronoun as an unresolved source, kept out of the default output', () => {
    const body = 'The harbour agency met on Monday. It said the bridge will reopen in May.';
    const said = readings(body).filter((r) => r.cue === 'said');
    expect(said).toEqual([{ rule: 'cue-content', speaker: null, mention: 'It', cue: 'said', text: 'the bridge will reopen in May' }]);
    expect(extractStatements(body).filter((s) => s.cue?.text === 'said')).toEqual([]);
  });

  it('takes no description of an inverted speaker for content, and goes on with the quotation after it', () => {
    const one = 'The repairs will take a year, said Lena Fischer, a professor at the harbour school, who has studied the bridge.';
    expect(readings(one).map((r) => r.text)).toEqual(['The repairs will take a year']);
    const two = '"The bridge will reopen in May," said Lena Fischer, a professor at the harbour school. "We owe that to the crews."';
    const [d] = extractDrafts(two, { tagger: null });
    expect(d?.parts.map((p) => two.slice(p.start, p.end))).toEqual(['"The bridge will reopen in May,"', '"We owe that to the crews."']);
  });

  it('keeps "whether" in a question put to someone, so it does not read as an assertion', () => {
    const body = 'Paul Brandt asked the council whether the bridge will reopen in May.';
    expect(readings(body).map((r) => [r.speaker, r.text])).toEqual([['Paul Brandt', 'whether the bridge will reopen in May']]);
  });
});
