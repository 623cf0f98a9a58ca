import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { evaluateTopics, parseLabelledSet } from '../../src/topics/evaluate.ts';
import { buildTopicCatalog, parseTopicsFile, tagTopics, topicCatalog } from '../../src/topics/index.ts';

describe('topics', () => {
  it('loads the curated topics, including troops, guarantees and coalition', () => {
    const ids = topicCatalog().topics.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining(['troops', 'guarantees', 'coalition']));
  });

  it('matches words and phrases, not substrings', () => {
    expect(tagTopics('Countries are ready to send their troops to Ukraine.')).toContain('troops');
    expect(tagTopics('The issue of contingents has been raised.')).toContain('troops');
    expect(tagTopics('Guarantees similar to NATO\u2019s Article 5.')).toContain('guarantees');
    expect(tagTopics('This is a coalition of forces.')).toContain('coalition');
    // "us" in lower case is a pronoun, not the United States; "troopship" is not "troops".
    expect(tagTopics('Let us see the troopship.')).not.toContain('us-role');
    expect(tagTopics('Let us see the troopship.')).not.toContain('troops');
    expect(tagTopics('The US will participate.')).toContain('us-role');
  });

  it('counts the context sentence toward topics', () => {
    expect(tagTopics('Not at all, this is premature.')).not.toContain('troops');
    expect(tagTopics('Not at all, this is premature.', 'When asked whether the issue of ground troops had been considered')).toContain(
      'troops',
    );
  });

  it('finds a topic by id or name in any case', () => {
    expect(topicCatalog().get('GUARANTEES')?.id).toBe('guarantees');
    expect(topicCatalog().get('Security guarantees')?.id).toBe('guarantees');
  });

  it('refuses a malformed topics file with the entry that is wrong', () => {
    expect(() => parseTopicsFile('- id: Bad Id\n  name: x\n  description: y\n  terms: [a]')).toThrow(/0\.id/);
    expect(() => parseTopicsFile('- id: a\n  name: x\n  description: y\n  terms: []')).toThrow(/terms/);
    const dup = '- {id: a, name: x, description: y, terms: [b]}\n- {id: a, name: z, description: y, terms: [c]}';
    expect(() => parseTopicsFile(dup)).toThrow(/twice/);
    expect(buildTopicCatalog(parseTopicsFile('- {id: a, name: x, description: y, terms: [drone*]}')).tag('Drones flew.')).toEqual(['a']);
  });
});

describe('topic precision (issue 15.9)', () => {
  it('a word with other meanings is no topic on its own: "with what weapons?", "deter" alone, a ruling coalition', () => {
    const seed = 'Should soldiers only observe, or also protect, and if so, with what weapons?';
    expect(tagTopics(seed)).not.toContain('defence-industry');
    expect(tagTopics(seed)).not.toContain('guarantees');
    expect(tagTopics('Higher interest rates are meant to deter borrowing.')).not.toContain('guarantees');
    expect(tagTopics('The ruling coalition lost its majority.')).not.toContain('coalition');
    // ... but with a second term or a context word of the topic it is.
    expect(tagTopics('Weapons production in Europe is too slow.')).toContain('defence-industry');
    expect(tagTopics('A backstop to deter a new attack after the ceasefire.')).toContain('guarantees');
  });

  it('weak terms and context words are read from the topics file', () => {
    const catalog = buildTopicCatalog(
      parseTopicsFile('- {id: a, name: x, description: y, terms: [alpha], weak: [beta], context: [gamma]}'),
    );
    expect(catalog.tag('beta')).toEqual([]);
    expect(catalog.tag('gamma')).toEqual([]);
    expect(catalog.tag('beta and gamma')).toEqual(['a']);
    expect(catalog.tag('beta', 'gamma in the context')).toEqual(['a']);
  });

  it('reaches the measured precision on both labelled sets (npm run eval:topics)', () => {
    const ids = topicCatalog().topics.map((t) => t.id);
    const tuned = evaluateTopics(parseLabelledSet(readFileSync('test/fixtures/topics/labelled.yaml', 'utf8')), tagTopics, ids);
    const heldout = evaluateTopics(parseLabelledSet(readFileSync('test/fixtures/topics/heldout.yaml', 'utf8')), tagTopics, ids);
    expect(tuned.overall.precision).toBeGreaterThanOrEqual(0.95);
    expect(tuned.overall.recall).toBeGreaterThanOrEqual(0.9);
    expect(heldout.overall.precision).toBeGreaterThanOrEqual(0.85);
  });
});
