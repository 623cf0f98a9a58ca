import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { runAutocomplete } from '../../src/slash/invoke.ts';
import { replyToJson } from '../../src/reply/render-json.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import type { Reply } from '../../src/reply/types.ts';
import { askConsole, openTestApp, pipeConsole, tempDataDir } from './helpers.ts';
import { commands } from '../../commands/index.ts';

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

const ask = (line: string): Promise<Reply> => askConsole(app, line);
const console_ = (lines: string[]): Promise<string> => pipeConsole(app, lines);

describe('the handlers through the console', () => {
  it('/quote speaker:Dragone lists Cavo Dragone’s statements with speaker, role and outlet', async () => {
    const reply = await ask('/quote speaker:Dragone');
    expect(reply.type).toBe('statements');
    if (reply.type !== 'statements') return;
    expect(reply.paging.total).toBe(6);
    for (const s of reply.statements) {
      expect(s.speaker?.name).toBe('Giuseppe Cavo Dragone');
      expect(s.sources[0]?.outlet).toBe('UNN');
    }
    const text = renderTerminal(reply);
    expect(text).toContain('Giuseppe Cavo Dragone, head of the NATO Military Committee');
    expect(text).toContain('Source: UNN, 2025-08-23');
    expect(text).toContain('1–5 of 6 statements');
  });

  it('resolves every way of naming him to the same person', async () => {
    for (const name of ['Cavo Dragone', 'giuseppe cavo dragone', 'DRAGONE']) {
      const reply = await ask(`/quote speaker:"${name}"`);
      expect(reply.type === 'statements' && reply.statements[0]?.speaker?.name).toBe('Giuseppe Cavo Dragone');
    }
  });

  it('/topic name:coalition returns the coalition statement attributed to Cavo Dragone, as JSON too', async () => {
    const reply = await ask('/topic name:coalition');
    const json = replyToJson(reply) as {
      command: string;
      total: number;
      statements: { text: string; kind: string; speaker: { name: string } | null; source: { outlet: string } }[];
    };
    expect(json.command).toBe('topic');
    const coalition = json.statements.find((s) => s.text.startsWith('This is a coalition of forces, led by London and Paris'));
    expect(coalition).toMatchObject({ kind: 'direct', speaker: { name: 'Giuseppe Cavo Dragone' }, source: { outlet: 'UNN' } });
  });

  it('/topic name:guarantees groups statements by speaker across articles', async () => {
    const reply = await ask('/topic name:guarantees');
    if (reply.type !== 'statements') throw new Error(reply.type);
    const speakers = reply.statements.map((s) => s.speaker?.name);
    // Grouped: once a speaker's run ends, that speaker does not appear again on the page.
    const runs = speakers.filter((s, i) => s !== speakers[i - 1]);
    expect(new Set(runs).size).toBe(runs.length);
    expect(speakers).toContain('Marta Kask');
  });

  it('pages with /next and /prev', async () => {
    const out = await console_(['/quote speaker:Dragone limit:4', '/next', '/next', '/prev']);
    expect(out).toContain('1–4 of 6 statements');
    expect(out).toContain('5–6 of 6 statements');
    expect(out).toContain('No further results.');
    expect(out.match(/1–4 of 6 statements/g)).toHaveLength(2);
  });

  it('answers a user’s mistakes with suggestions, not errors', async () => {
    const typo = await ask('/quote speaker:Dragonne');
    expect(typo.type === 'statements' && typo.statements[0]?.speaker?.name).toBe('Giuseppe Cavo Dragone');
    const nobody = await ask('/quote speaker:Zzyzx');
    expect(nobody).toMatchObject({ type: 'notice', title: 'Unknown speaker' });
    const badTopic = await ask('/topic name:weather');
    expect(badTopic).toMatchObject({ type: 'notice', title: 'Check the options' });
    expect((badTopic as { text: string }).text).toContain('guarantees');
    const badLimit = await ask('/quote speaker:Dragone limit:99');
    expect(badLimit).toMatchObject({ type: 'notice', text: 'limit must be at most 10' });
    const noCommand = await ask('/weather');
    expect(noCommand).toMatchObject({ type: 'notice', title: 'Unknown command' });
  });

  it('autocompletes a speaker typed with invisible characters in it', async () => {
    const choices = await runAutocomplete(
      commands,
      { command: 'quote', options: {} },
      { name: 'speaker', value: 'dr\u200Bag\u2066' },
      { ...app.context, cursor: null },
    );
    expect(choices[0]).toMatchObject({ value: 'Giuseppe Cavo Dragone' });
  });

  it('runs piped input line by line, with /help and /exit', async () => {
    const out = await console_(['/help', '/topic name:troops', '/exit', '/quote speaker:Dragone']);
    expect(out).toContain('/quote speaker:…');
    expect(out).toContain('Troops on the ground');
    // Nothing after /exit is answered.
    expect(out).not.toContain('Giuseppe Cavo Dragone — ');
  });
});
