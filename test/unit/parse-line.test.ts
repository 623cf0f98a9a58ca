import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { LineError, parseLine } from '../../src/console/parse-line.ts';

const lookup = (name: string) => commands.find(name)?.definition;

describe('console line parsing', () => {
  it('reads options as typed in Discord', () => {
    expect(parseLine('/quote speaker:Dragone', lookup)).toEqual({ command: 'quote', options: { speaker: 'Dragone' } });
    expect(parseLine('/quote speaker:"Cavo Dragone" limit:3', lookup)).toEqual({
      command: 'quote',
      options: { speaker: 'Cavo Dragone', limit: '3' },
    });
    expect(parseLine('  /TOPIC name:guarantees  ', lookup)).toEqual({ command: 'topic', options: { name: 'guarantees' } });
  });

  it('puts bare words into the first unset text option', () => {
    expect(parseLine('/quote Cavo Dragone limit:2', lookup)).toEqual({
      command: 'quote',
      options: { speaker: 'Cavo Dragone', limit: '2' },
    });
  });

  it('accepts curly quotes and escaped quotes inside values', () => {
    expect(parseLine('/quote speaker:“Cavo Dragone”', lookup).options.speaker).toBe('Cavo Dragone');
    expect(parseLine('/quote speaker:"say \\"hi\\""', lookup).options.speaker).toBe('say "hi"');
  });

  it('explains what is wrong with a line', () => {
    expect(() => parseLine('quote speaker:Dragone', lookup)).toThrow(LineError);
    expect(() => parseLine('/quote speaker:"Cavo Dragone', lookup)).toThrow(/closing/);
    expect(() => parseLine('/quote speaker:a speaker:b', lookup)).toThrow(/twice/);
  });
});

describe('console line parsing of links', () => {
  it('reads a bare link as a value, not as an option named https', () => {
    expect(parseLine('/ingest https://news.example.org/a?b=1', lookup)).toEqual({
      command: 'ingest',
      options: { url: 'https://news.example.org/a?b=1' },
    });
    expect(parseLine('/ingest url:https://news.example.org/a', lookup).options.url).toBe('https://news.example.org/a');
  });
});

describe('console line parsing of unquoted values with spaces (issue 15.10)', () => {
  it('runs an unquoted value until the next option name the command knows', () => {
    expect(parseLine('/search query:coalition of the willing', lookup)).toEqual({
      command: 'search',
      options: { query: 'coalition of the willing' },
    });
    expect(parseLine('/quote speaker:Giuseppe Cavo Dragone topic:troops limit:2', lookup)).toEqual({
      command: 'quote',
      options: { speaker: 'Giuseppe Cavo Dragone', topic: 'troops', limit: '2' },
    });
  });

  it('keeps a `word:` that is no option of the command inside the value', () => {
    expect(parseLine('/search query:note: troops ready topic:troops', lookup).options).toEqual({
      query: 'note: troops ready',
      topic: 'troops',
    });
  });

  it('still splits at a known option given twice, and reads links', () => {
    expect(() => parseLine('/quote speaker:Mark Rutte speaker:b', lookup)).toThrow(/twice/);
    expect(parseLine('/quote speaker:Rutte topic:guarantees', lookup).options).toEqual({ speaker: 'Rutte', topic: 'guarantees' });
  });
});
