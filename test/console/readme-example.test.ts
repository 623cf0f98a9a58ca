// The README's console example is what the console prints today, so the README cannot drift: every
// `whosaid> COMMAND` line of its ```text blocks is run over the shipped data (the seed article) and the lines
// shown under it must be the real output. "…" stands for text left out: inside a line, any text; alone on
// a line, any lines (the rest of the answer, or a part of it).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import { openTestApp, SEED, tempDataDir } from './helpers.ts';

interface Example {
  command: string;
  shown: string[];
}

/** The `whosaid>` commands of the README's text blocks and the lines shown under each. */
export function readmeExamples(readme: string): Example[] {
  const examples: Example[] = [];
  for (const block of readme.matchAll(/^```text\n([^]*?)^```$/gm)) {
    for (const line of block[1]!.split('\n')) {
      if (line.startsWith('whosaid> ')) examples.push({ command: line.slice('whosaid> '.length), shown: [] });
      else if (examples.length && line.trim()) examples.at(-1)!.shown.push(line);
      else if (examples.length) examples.at(-1)!.shown.push('');
    }
  }
  for (const example of examples) while (example.shown.at(-1) === '') example.shown.pop();
  return examples.filter((e) => e.command.startsWith('/'));
}

/** A pattern matching the output a README example shows (from its start; "…" as above). */
export function shownPattern(shown: string[]): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lines = shown.map((line) => (line.trim() === '…' ? '(?:[^\\n]*\\n)*?' : `${escape(line).replaceAll('…', '[^\\n]*?')}\\n`));
  return new RegExp(`^${lines.join('')}`);
}

let data: ReturnType<typeof tempDataDir>;
let app: App;
beforeAll(async () => {
  data = tempDataDir([SEED]);
  app = await openTestApp(data.dir);
});
afterAll(async () => {
  await app.close();
  data.cleanup();
});

describe("the README's console example", () => {
  const examples = readmeExamples(readFileSync('README.md', 'utf8'));

  it('has examples with output to check', () => {
    expect(examples.filter((e) => e.shown.length).length).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [e.command, e]))('%s prints what the README shows', async (_command, example) => {
    const session = new ConsoleSession(app.context, app.commands);
    const result = await session.handle(example.command);
    const output = result?.kind === 'reply' ? renderTerminal(result.reply, { color: false }) : result?.kind === 'text' ? result.text : '';
    expect(`${output}\n`).toMatch(shownPattern(example.shown));
  });
});

describe('the README example matcher', () => {
  it('accepts elisions and refuses a different line', () => {
    const pattern = shownPattern(['Header', '', '1. “Not at all, …”', '…', 'Last']);
    expect('Header\n\n1. “Not at all, this is premature.”\nmore\nlines\nLast\ntail\n').toMatch(pattern);
    expect('Header\n\n1. “Something else.”\nLast\n').not.toMatch(pattern);
  });
});
