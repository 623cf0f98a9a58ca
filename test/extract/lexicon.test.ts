// The curated cue lexicon and noun lists are data, validated at load; the learned model is optional data too.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildLexicon, LEXICON } from '../../src/extract/lexicon.ts';
import { extractStatements } from '../../src/extract/index.ts';

const cues = parse(readFileSync(new URL('../../data/cues.yaml', import.meta.url), 'utf8'));
const nouns = parse(readFileSync(new URL('../../data/extract-nouns.yaml', import.meta.url), 'utf8'));

describe('lexicon data', () => {
  it('loads cue classes and inflected forms', () => {
    expect(LEXICON.verbs.get('said')).toMatchObject({ lemma: 'say', class: 'speech', invert: true });
    expect(LEXICON.verbs.get('told')).toMatchObject({ lemma: 'tell', object: true });
    expect(LEXICON.verbs.get('commented')?.frame).toBe(true);
    expect(LEXICON.phrases.some((p) => p.words.join(' ') === 'according to')).toBe(true);
  });

  it('rejects malformed data with a readable error', () => {
    expect(() => buildLexicon({ ...cues, verbs: { say: { class: 'gossip', forms: ['said'] } } }, nouns)).toThrow(/class/);
    expect(() => buildLexicon(cues, { ...nouns, pronouns: { he: { gender: 'q', number: 'singular' } } })).toThrow();
  });

  it('reads first names with their gender from data/first-names.yaml, and refuses a name in both lists', () => {
    expect(LEXICON.givenNames.get('marta')).toBe('f');
    expect(LEXICON.givenNames.get('jaan')).toBe('m');
    expect(() => buildLexicon(cues, nouns, undefined, { version: 1, m: ['alex'], f: ['alex'] })).toThrow(/both m and f/);
    expect(() => buildLexicon(cues, nouns, undefined, { version: 1, m: ['Alex Smith'], f: [] })).toThrow(/lowercase/);
  });

  it('lets the caller choose the confidence floor', () => {
    const body = 'The senator announced his resignation on Friday.';
    const all = extractStatements(body, { minConfidence: 0 });
    expect(all.length).toBeGreaterThanOrEqual(extractStatements(body).length);
    expect(extractStatements(body, { minConfidence: 0.99 })).toEqual([]);
  });
});
