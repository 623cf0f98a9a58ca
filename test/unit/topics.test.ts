import { describe, expect, it } from 'vitest';
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
    expect(tagTopics('Not at all, this is premature.', 'When asked whether the issue of ground troops had been considered')).toContain('troops');
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
