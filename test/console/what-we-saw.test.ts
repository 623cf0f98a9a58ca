// Issue 13, "What we saw", end to end: each case as the console prints it after ingest (the extractor's tests
// check the speaker; these check what a reader sees). Fictional articles (test/extract/fixtures).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import { writeArticle } from '../ingest/helpers.ts';
import { askConsole, openTestApp, tempDataDir } from './helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`../extract/fixtures/${name}.txt`, import.meta.url), 'utf8');

let data: ReturnType<typeof tempDataDir>;
let app: App;

beforeAll(async () => {
  data = tempDataDir([]);
  writeArticle(data.dir, 'deputy-he.md', { outlet: 'Tallinn Ledger', published: '2025-09-02', body: fixture('agreement-deputy-he') });
  writeArticle(data.dir, 'her-deputy.md', { outlet: 'Harju Herald', published: '2025-09-03', body: fixture('agreement-her-deputy') });
  writeArticle(data.dir, 'opposition.md', { outlet: 'Pärnu Post', published: '2025-09-04', body: fixture('agreement-opposition-leader') });
  app = await openTestApp(data.dir);
});
afterAll(() => {
  app.close();
  data.cleanup();
});

async function print(line: string): Promise<string> {
  return renderTerminal(await askConsole(app, line), { color: false });
}

describe('what we saw, as printed', () => {
  it('"Nobody is sending troops …," he said: Jaan Oruvee\'s, in both forms, and never Marta Kallasvee\'s', async () => {
    // Before issue 13 (phase 1, the extractor): shown as Marta Kallasvee's verbatim quotes. A guard here.
    const oruvee = await print('/quote speaker:Jaan Oruvee');
    expect(oruvee).toContain('“Nobody is sending troops anywhere until the guns fall silent”');
    expect(oruvee).toContain('“Nobody is sending troops anywhere this year”');
    const kallasvee = await print('/quote speaker:Marta Kallasvee');
    expect(kallasvee).not.toContain('Nobody is sending troops');
    expect(kallasvee).toContain('“We will not wait for the others”');
  });

  it('"The opposition leader disagreed. "This is reckless," he said": an unnamed opposition leader, per the outlet', async () => {
    // Before phase 1: Marta Kallasvee's; before phase 2: a speaker "opposition leader" listed by /speakers.
    const out = await print('/search query:reckless');
    expect(out).toContain('“This is [reckless]”\n   — an opposition leader (unnamed), per Pärnu Post · verbatim quote');
    expect(await print('/speakers')).not.toMatch(/opposition leader/i);
  });
});
