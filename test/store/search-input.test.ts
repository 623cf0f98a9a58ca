import { describe, expect, it } from 'vitest';
import { parseSearch, toFtsQuery } from '../../src/store/fts-query.ts';
import { highlighter } from '../../src/store/highlight.ts';

const mark = (s: string) => s.replace(/\u0002/g, '[').replace(/\u0003/g, ']');

describe('search input', () => {
  it('quotes every word so FTS5 syntax is inert', () => {
    expect(toFtsQuery('troops NEAR(guarantees) OR x:y')).toBe('"troops" "NEAR" "guarantees" "OR" "x" "y"');
    expect(toFtsQuery('"ground troops" guarant*')).toBe('"ground troops" "guarant"*');
    expect(toFtsQuery('"*"')).toBeNull();
    expect(toFtsQuery('   ')).toBeNull();
    expect(parseSearch('a '.repeat(40))).toHaveLength(16);
  });

  it('highlights the matched words, folding case and diacritics, and cuts long texts around the first match', () => {
    const h = highlighter(parseSearch('genève guarant* "ground troops"'));
    expect(mark(h('Talks in GENEVE on guarantees for ground troops.'))).toBe('Talks in [GENEVE] on [guarantees] for [ground] [troops].');
    const long = `${'word '.repeat(100)}the guarantee holds ${'more '.repeat(100)}`;
    const cut = mark(h(long));
    expect(cut).toContain('[guarantee]');
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(260);
  });
});
