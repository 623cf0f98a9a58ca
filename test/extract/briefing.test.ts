// A short wire-style briefing written for this test: roles from titles, organisations, relative-clause appositions,
// a paraphrase with a quoted fragment, the venue of a quote, and a pronoun after a named speaker.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractStatements } from '../../src/extract/index.ts';

const body = readFileSync(new URL('./fixtures/briefing.txt', import.meta.url), 'utf8');
const all = extractStatements(body);
const find = (start: string) => {
  const s = all.find((x) => x.text.startsWith(start));
  if (!s) throw new Error(`missing ${start}: ${all.map((x) => x.text.slice(0, 40)).join(' | ')}`);
  return s;
};

describe('briefing article', () => {
  it('skips the headline', () => {
    expect(all.some((s) => /rejects talks proposal/.test(s.text))).toBe(false);
  });

  it('reads the trailing attribution with a title', () => {
    const s = find('Russia will not take part');
    expect(s.speaker).toMatchObject({ name: 'Dmitry Peskov', role: 'Kremlin spokesman' });
  });

  it('joins the two quoted sentences of one paragraph', () => {
    const s = find('There is nothing to discuss');
    expect(s.kind).toBe('direct');
    expect(s.parts).toHaveLength(2);
    expect(s.speaker?.mention?.text).toBe('Peskov');
  });

  it('keeps the quoted fragment of a paraphrase whole', () => {
    const s = find('Moscow was');
    expect(s.kind).toBe('mixed');
    expect(s.text).toBe('Moscow was "once again showing that it does not want peace"');
    expect(s.speaker).toMatchObject({ name: 'Andrii Sybiha', role: 'Ukrainian Foreign Minister' });
  });

  it('lets institutions speak through "according to" and "reported that"', () => {
    expect(find('Russian forces made marginal gains').speaker?.name).toBe('Institute for the Study of War');
    expect(find('air defence shot down').speaker).toMatchObject({ name: 'Ministry of Defence of Ukraine', type: 'organisation' });
  });

  it('reads past a relative clause to the speaker', () => {
    expect(find('Ukraine would keep pressing').speaker?.name).toBe('Andrii Sybiha');
  });

  it('records where a quote was said', () => {
    const s = find('We need more Patriot systems');
    expect(s.venue).toBe('in his evening address');
    expect(s.speaker?.role).toBe('President');
  });
});
