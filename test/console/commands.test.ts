// The console speaks the same commands as the bot: every command of issue 5 typed as in Discord, rendered
// for a terminal (no markdown, no escape codes without a TTY), and /next and /prev page the last result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import { openTestApp, pipeConsole, tempDataDir } from './helpers.ts';

let data: ReturnType<typeof tempDataDir>;
let app: App;

beforeAll(async () => {
  data = tempDataDir();
  app = await openTestApp(data.dir);
});
afterAll(() => {
  app.close();
  data.cleanup();
});

/** Pipes one line into the console (as `printf ... | whosaid console` does) and returns what it printed. */
async function one(line: string): Promise<string> {
  const text = await pipeConsole(app, [line]);
  expect(text).not.toMatch(/\x1b\[/);
  return text;
}

/** Several lines in one console conversation: what each printed. */
async function session(lines: string[]): Promise<string[]> {
  const console_ = new ConsoleSession(app.context, app.commands);
  const out: string[] = [];
  for (const line of lines) {
    const result = await console_.handle(line);
    out.push(result?.kind === 'reply' ? renderTerminal(result.reply, { color: false }) : result?.kind === 'text' ? result.text : '');
  }
  return out;
}

describe('every command in the console', () => {
  it("/quote speaker topic limit: the speaker's statements on the topic, attributed, with source and paging line", async () => {
    const out = await one('/quote speaker:"Cavo Dragone" topic:troops limit:2');
    expect(out).toMatch(/^Giuseppe Cavo Dragone on Troops on the ground — Chair of the NATO Military Committee \(registry\)\n/);
    expect(out).toMatch(/\n1\. /);
    expect(out).toMatch(/\n2\. /);
    expect(out).not.toMatch(/\n3\. /);
    expect(out).toContain("   — Giuseppe Cavo Dragone, head of the NATO Military Committee (article's words) · ");
    expect(out).toContain('   Source: UNN, 2025-08-23 — NATO has not discussed the issue of deploying a military contingent in Ukraine');
    expect(out).toMatch(/\n1–2 of \d+ statements · \/next for more\n\n$/);
  });

  it("/topic name: statements grouped under each speaker's heading", async () => {
    const out = await one('/topic name:guarantees');
    expect(out).toMatch(/^Security guarantees — Guarantees for Ukraine's security/);
    const headings = out.split('\n').filter((l) => /^[A-Z][\w ]+, [\w ]+( \(registry\))?$/.test(l));
    expect(headings.length).toBeGreaterThan(1);
    expect(new Set(headings).size).toBe(headings.length);
    expect(out).toContain('Marta Kask, Estonian Defence Minister\n');
  });

  it('/search query: best matches with the matching words marked', async () => {
    const out = await one('/search query:ceasefire');
    expect(out).toMatch(/^Search: ceasefire\n/);
    expect(out).toContain('[ceasefire]');
    expect(out).toContain(
      'Source: Example Wire, 2025-09-04 — Baltic ministers want guarantees before any ceasefire <https://news.example.org/baltic-guarantees>',
    );
  });

  it('/speakers and /speakers topic: people with role and count', async () => {
    const all = await one('/speakers');
    expect(all).toMatch(/^Speakers\n\n1\. Giuseppe Cavo Dragone, Chair of the NATO Military Committee — \d+ statements\n/);
    expect(all).toContain('Marta Kask, Estonian Defence Minister — 3 statements');
    const coalition = await one('/speakers topic:coalition');
    expect(coalition).toMatch(/^Speakers on Coalition of the willing\n/);
    expect(coalition).not.toContain('Rutte');
  });

  it('/sources and /sources speaker: articles, newest first, with links', async () => {
    const all = await one('/sources');
    expect(all).toMatch(
      /^Articles\n\n1\. Baltic ministers want guarantees before any ceasefire\n {3}Example Wire, 2025-09-04 · 3 statements · <https:\/\/news\.example\.org\/baltic-guarantees>\n2\. NATO has not discussed/,
    );
    expect(await one('/sources speaker:Kask')).toMatch(/^Articles quoting Marta Kask\n\n1\. Baltic ministers/);
  });

  it('/summary topic pin: the digest per speaker with counts and dates, and what Discord would do with it', async () => {
    const out = await one('/summary topic:guarantees pin:true');
    expect(out).toMatch(/^Summary: Security guarantees\n\d+ statements\n/);
    expect(out).toMatch(/\nGiuseppe Cavo Dragone, .+ — \d+ statements, 2025-08-23\n/);
    expect(out).toMatch(/\nMarta Kask, Estonian Defence Minister — \d+ statements?, 2025-09-04\n/);
    expect(out).toContain('(in Discord this digest is posted to the channel and pinned)');
  });

  it('/about: what the index holds', async () => {
    const out = await one('/about');
    expect(out).toMatch(/^whosaid \d+\.\d+\.\d+\nArticles: 2 from 2 outlets\nStatements: \d+ \(verbatim \d+, paraphrased \d+/);
    expect(out).toMatch(/\nSpeakers: \d+\nLast update: \d{4}-\d\d-\d\d \d\d:\d\d UTC\nTopics: troops \d+, guarantees \d+, coalition \d+/);
  });

  it('user mistakes get a helpful answer', async () => {
    expect(await one('/quote speaker:"Marc Rutte"')).toMatch(
      /^Unknown speaker\nNobody called "Marc Rutte" is in the index\. Did you mean one of these\?\n {2}• Mark Rutte\n/,
    );
    expect(await one('/quote speaker:Rutte topic:coalition')).toBe(
      'No statements\nMark Rutte has no statements on Coalition of the willing in the index.\n\n',
    );
  });
});

describe('/next and /prev', () => {
  it('page through the last result and say when there is nothing further', async () => {
    const [first, second, end, back] = await session(['/quote speaker:Dragone limit:4', '/next', '/next', '/prev']);
    expect(first).toMatch(/\n1–4 of (\d+) statements · \/next for more$/);
    const total = Number(/of (\d+) statements/.exec(first!)![1]);
    expect(second).toMatch(/^Giuseppe Cavo Dragone — /);
    expect(second).toMatch(/\n5\. /);
    expect(second).toContain(`5–${Math.min(8, total)} of ${total} statements`);
    expect(end).toBe('No further results.');
    expect(back).toBe(first);
  });

  it('a mistake in between does not lose the place', async () => {
    const [list, mistake, next] = await session(['/topic name:guarantees', '/quote speaker:Qwxyz', '/next']);
    expect(list).toMatch(/\n1–5 of \d+ statements · \/next for more$/);
    expect(mistake).toMatch(/^Unknown speaker\n/);
    expect(next).toMatch(/^Security guarantees — .+\n\n.+\n6\. /);
  });
});
