// The cache of parsed curated files (speakers.yaml, topics.yaml): a changed file is parsed and validated
// again, a bad file is still refused after a good version was cached, and nothing about the answer changes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedParse } from '../../src/text/curated-cache.ts';
import { loadSpeakerRegistry } from '../../src/speakers/registry.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-cache-'));
  dirs.push(dir);
  return dir;
};

describe('cachedParse', () => {
  it('parses a source once, again when it changes, and never caches a failure', () => {
    const path = join(tempDir(), 'x.yaml');
    let parses = 0;
    const parse = (source: string) => {
      parses++;
      if (source.includes('bad')) throw new Error('bad source');
      return { words: source.split(' ') };
    };
    const first = `alpha beta ${Date.now()} ${Math.random()}`;
    expect(cachedParse('test', path, first, [], parse)).toEqual({ words: first.split(' ') });
    expect(cachedParse('test', path, first, [], parse)).toEqual({ words: first.split(' ') });
    expect(parses).toBe(1);
    const second = `${first} gamma`;
    expect(cachedParse('test', path, second, [], parse)).toEqual({ words: second.split(' ') });
    expect(parses).toBe(2);
    expect(() => cachedParse('test', path, `${second} bad`, [], parse)).toThrow('bad source');
    expect(() => cachedParse('test', path, `${second} bad`, [], parse)).toThrow('bad source');
    expect(parses).toBe(4);
  });
});

describe('loadSpeakerRegistry with the cache', () => {
  it('sees an edit of the file, and refuses a broken edit after a good version was cached', () => {
    const file = join(tempDir(), 'speakers.yaml');
    const unique = `Person ${Math.random().toString(36).slice(2, 8).replace(/\d/g, 'x')}`;
    writeFileSync(file, `- name: ${unique}\n  aliases: [Alias One]\n`);
    expect(loadSpeakerRegistry(file).speakers.map((s) => s.aliases)).toEqual([['Alias One']]);
    expect(loadSpeakerRegistry(file).speakers.map((s) => s.name)).toEqual([unique]);
    writeFileSync(file, `- name: ${unique}\n  aliases: [Alias Two]\n`);
    expect(loadSpeakerRegistry(file).speakers.map((s) => s.aliases)).toEqual([['Alias Two']]);
    writeFileSync(file, `- name: ${unique}\n  nickname: Two\n`);
    expect(() => loadSpeakerRegistry(file)).toThrow(/unknown field nickname/);
    expect(() => loadSpeakerRegistry(file)).toThrow(/unknown field nickname/);
  });
});
