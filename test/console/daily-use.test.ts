// Issue 15: what a daily user trips over in replies and the console, each point checked as a user sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import type { Reply } from '../../src/reply/types.ts';
import { EXAMPLE, SEED, askConsole, openTestApp, tempDataDir } from './helpers.ts';
import { replyToJson } from '../../src/reply/render-json.ts';

const GRAIN = 'test/fixtures/articles-extra/2025-10-01-test-wire-grain-corridor.md';

let data: ReturnType<typeof tempDataDir>;
let app: App;

beforeAll(async () => {
  data = tempDataDir([SEED, EXAMPLE, GRAIN]);
  app = await openTestApp(data.dir);
});
afterAll(() => {
  app.close();
  data.cleanup();
});

const ask = (line: string, session?: ConsoleSession): Promise<Reply> => askConsole(app, line, session);

async function show(line: string, color = false): Promise<string> {
  return renderTerminal(await ask(line), { color });
}

describe('1. search highlighting in a colour terminal', () => {
  it('marks the matched word with real escape sequences, not their printable remains', async () => {
    const out = await show('/search query:troops', true);
    expect(out).toContain('\x1b[1;33mtroops\x1b[0m');
    expect(out).not.toMatch(/(^|[^\x1b])\[1;33m/);
  });

  it('still keeps escape sequences written in the article text out of the terminal', async () => {
    const reply = await ask('/search query:troops');
    if (reply.type !== 'statements') throw new Error(reply.type);
    const hostile = { ...reply, statements: [{ ...reply.statements[0]!, snippet: 'evil \x1b[2Jwipe \u0002troops\u0003' }] };
    const out = renderTerminal(hostile, { color: true });
    expect(out).not.toContain('\x1b[2J');
    expect(out).toContain('\x1b[1;33mtroops\x1b[0m');
  });
});

describe('10. unquoted values with spaces', () => {
  it('/search query:coalition of the willing searches the whole phrase', async () => {
    const out = await show('/search query:coalition of the willing');
    expect(out).toMatch(/^Search: coalition of the willing\n/);
    expect(out).toContain('[coalition]');
  });

  it('/quote speaker:Giuseppe Cavo Dragone finds him', async () => {
    const reply = await ask('/quote speaker:Giuseppe Cavo Dragone topic:coalition');
    expect(reply.type === 'statements' && reply.statements[0]?.speaker?.name).toBe('Giuseppe Cavo Dragone');
  });
});

describe('3. /summary says what it leaves out, and counts read as English', () => {
  it('each speaker with more statements than shown gets "… and N more" with the command that lists them', async () => {
    const out = await show('/summary topic:guarantees');
    const dragone = /\nGiuseppe Cavo Dragone, .+ — (\d+) statements, 2025-08-23\n/.exec(out);
    expect(dragone).not.toBeNull();
    const shown = Number(dragone![1]) - 2;
    expect(out).toContain(`\n… and ${shown} more (/quote speaker:Giuseppe Cavo Dragone topic:guarantees)\n`);
    // The suggested command, typed into the console, lists all of them.
    const all = await ask('/quote speaker:Giuseppe Cavo Dragone topic:guarantees');
    expect(all.type === 'statements' && all.paging.total).toBe(Number(dragone![1]));
  });

  it('a section whose statements are all shown has no "more" line, and one statement is singular', async () => {
    const out = await show('/summary topic:guarantees speaker:Rutte');
    expect(out).toMatch(/^Summary: Security guarantees — Mark Rutte\n1 statement\n/);
    expect(out).not.toContain('more (');
  });
});

describe('8. paging wording and /about', () => {
  it('the last page of one statement reads "6 of 6 statements" and offers to go back, not "for more"', async () => {
    const session = new ConsoleSession(app.context, app.commands);
    const first = await ask('/quote speaker:Dragone', session);
    if (first.type !== 'statements') throw new Error(first.type);
    const total = first.paging.total;
    expect(total).toBe(first.paging.shown + 1);
    const last = renderTerminal(await ask('/next', session));
    expect(last.split('\n').at(-1)).toBe(`${total} of ${total} statements · /prev for the previous page`);
    expect(renderTerminal(first).split('\n').at(-1)).toBe(`1–${total - 1} of ${total} statements · /next for more`);
  });

  it('/about shows the last update as a readable UTC time and the kinds in plain words', async () => {
    const out = await show('/about');
    expect(out).toMatch(/\nLast update: \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/);
    expect(out).toMatch(/\nStatements: \d+ \(verbatim \d+, paraphrased \d+, .*own words without quotation marks 1\)\n/);
    expect(out).not.toContain('continuation');
  });

  it('opening an unchanged folder again records no new update', async () => {
    const before = (await app.context.index.stats()).lastIngest;
    expect(before).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await openTestApp(data.dir);
    try {
      expect((await again.context.index.stats()).lastIngest).toBe(before);
    } finally {
      again.close();
    }
  });
});

describe('6. paraphrases keep their reporting verb, and read from after "that"', () => {
  it('"She also emphasized that …" is shown as "Emphasized: …" in the terminal and the verb is in the JSON', async () => {
    const out = await show('/quote speaker:Lindqvist');
    expect(out).toMatch(/\n\d\. Emphasized: the insurance costs for ships had fallen by half since the spring\n/);
    expect(out).toMatch(/\n\d\. Said: the grain corridor would stay open through the winter\n/);
    // The seed: "He also emphasized the importance of partners' investments …" (no "that").
    expect(await show('/quote speaker:Zelenskyy')).toContain("Emphasized: the importance of partners' investments");
  });

  it('a leading "that" is stripped from paraphrases with quoted words too', async () => {
    const reply = await ask('/quote speaker:Lindqvist');
    const json = replyToJson(reply) as { statements: { text: string; kind: string; cue: string }[] };
    const mixed = json.statements.find((s) => s.kind === 'mixed');
    expect(mixed).toMatchObject({ cue: 'added', text: 'the convoys were "safer than ever, and cheaper too"' });
    expect(renderTerminal(reply)).toMatch(/\n\d\. Added: the convoys were "safer than ever, and cheaper too"\n/);
  });

  it('verbatim quotes stay in quotation marks without a verb in front', async () => {
    const out = await show('/quote speaker:Kask');
    expect(out).toMatch(/\n\d\. “A guarantee that arrives after the ceasefire/);
  });
});

describe('4. /speakers topic:X counts the statements on that topic', () => {
  it('each count is the number /quote speaker:… topic:X lists', async () => {
    const reply = await ask('/speakers topic:coalition');
    if (reply.type !== 'speakers') throw new Error(reply.type);
    expect(reply.speakers.length).toBeGreaterThan(0);
    for (const s of reply.speakers) {
      const quoted = await ask(`/quote speaker:${s.name} topic:coalition`);
      expect(quoted.type === 'statements' && quoted.paging.total).toBe(s.statementCount);
    }
    const all = await ask('/speakers');
    if (all.type !== 'speakers') throw new Error(all.type);
    const dragone = (r: typeof reply) => r.speakers.find((s) => s.name === 'Giuseppe Cavo Dragone')!.statementCount;
    expect(dragone(reply)).toBeLessThan(dragone(all));
    expect(renderTerminal(reply)).toContain(
      `1. Giuseppe Cavo Dragone, Chair of the NATO Military Committee — ${dragone(reply) === 1 ? '1 statement' : `${dragone(reply)} statements`}`,
    );
  });
});

describe('7. roles: the registry in the header, the article on the item, each said to be so', () => {
  it('/quote shows the registry role in the header and the article’s differing wording on each item', async () => {
    const out = await show('/quote speaker:Dragone');
    expect(out.split('\n')[0]).toBe('Giuseppe Cavo Dragone — Chair of the NATO Military Committee (registry)');
    expect(out).toContain("   — Giuseppe Cavo Dragone, head of the NATO Military Committee (article's words) · ");
  });

  it('"President" alone says of what when the registry knows', async () => {
    const out = await show('/quote speaker:Zelenskyy');
    expect(out).toContain('   — Volodymyr Zelenskyy, President of Ukraine · ');
    expect(out).not.toMatch(/Zelenskyy, President ·/);
  });

  it('a speaker the registry lacks keeps the article’s role, unmarked', async () => {
    const out = await show('/quote speaker:Kask');
    expect(out.split('\n')[0]).toBe('Marta Kask — Estonian Defence Minister');
    expect(out).toContain('   — Marta Kask, Estonian Defence Minister · ');
  });
});

describe('2. /search also finds the speaker’s role, ranking the statement text highest', () => {
  it('"NATO Secretary General" finds what Mark Rutte said, though his words do not contain it', async () => {
    const reply = await ask('/search query:NATO Secretary General');
    if (reply.type !== 'statements') throw new Error(`${reply.type}: ${renderTerminal(reply)}`);
    expect(reply.statements.map((s) => s.speaker?.name)).toContain('Mark Rutte');
  });

  it('a statement whose text matches comes before statements whose speaker’s role matches', async () => {
    const reply = await ask('/search query:ports minister');
    if (reply.type !== 'statements') throw new Error(`${reply.type}: ${renderTerminal(reply)}`);
    const speakers = reply.statements.map((s) => s.speaker?.name);
    expect(speakers[0]).toBe('Jonas Berg');
    expect(speakers.slice(1)).toEqual(['Edda Lindqvist', 'Edda Lindqvist', 'Edda Lindqvist']);
  });
});

describe('11. topic names as people type them', () => {
  it('accepts the display name and singular or plural: guarantee, security guarantees, Coalition of the willing', async () => {
    for (const line of ['/topic name:guarantee', '/topic name:security guarantees', '/summary topic:Security guarantee']) {
      const reply = await ask(line);
      expect(reply.type, line).not.toBe('notice');
      expect(reply.type === 'statements' ? reply.title : reply.type === 'digest' ? reply.topic : null, line).toMatch(
        /^(Security guarantees|guarantees)$/,
      );
    }
    const coalition = await ask('/topic name:coalition of the willing');
    expect(coalition.type === 'statements' && coalition.title).toBe('Coalition of the willing');
  });

  it('still refuses a name that is no topic, listing the topics', async () => {
    const reply = await ask('/topic name:submarines');
    expect(reply.type === 'notice' && reply.text).toMatch(/must be one of troops, guarantees/);
  });
});

describe('5. a copy of an article under another file name is not a second report', () => {
  it('/sources lists the seed once and no quote says it was also reported by its own outlet', async () => {
    const copy = tempDataDir([SEED, EXAMPLE]);
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const seedText = readFileSync(SEED, 'utf8');
    writeFileSync(join(copy.dir, 'articles', 'zz-copy-of-the-seed.md'), seedText);
    // Only whitespace differs: still the same text.
    writeFileSync(join(copy.dir, 'articles', 'zz-reflowed-copy.md'), seedText.replace(/\n\n/g, '\n\n\n').replace(/\. /g, '.  '));
    const copyApp = await openTestApp(copy.dir);
    try {
      const session = new ConsoleSession(copyApp.context, copyApp.commands);
      const sources = await session.handle('/sources');
      if (sources?.kind !== 'reply') throw new Error('no reply');
      const out = renderTerminal(sources.reply, { color: false });
      expect(out.match(/UNN/g)?.length, out).toBe(1);
      const search = await session.handle('/search query:troops');
      if (search?.kind !== 'reply') throw new Error('no reply');
      expect(renderTerminal(search.reply, { color: false })).not.toContain('also reported by');
    } finally {
      copyApp.close();
      copy.cleanup();
    }
  });

  it('a second file from the same outlet is not "also reported by" that outlet; another outlet is', async () => {
    const { alsoReported } = await import('../../src/reply/present.ts');
    const reply = await ask('/search query:troops');
    if (reply.type !== 'statements') throw new Error(reply.type);
    const s = reply.statements[0]!;
    const src = s.sources[0]!;
    expect(alsoReported({ ...s, sources: [src, { ...src, file: 'other.md' }] })).toBeNull();
    expect(alsoReported({ ...s, sources: [src, { ...src, file: 'other.md', outlet: 'Test Wire' }] })).toBe('also reported by Test Wire');
  });
});

describe('11. near-miss speaker names: say whom a variant shows, never offer a different person', () => {
  it('/quote speaker:Rute shows Mark Rutte and says so in the header; a known spelling says nothing', async () => {
    expect(await show('/quote speaker:Rute')).toMatch(
      /^Mark Rutte — NATO Secretary General \(registry\) · showing Mark Rutte for 'Rute'\n/,
    );
    expect(await show('/quote speaker:Rutte')).toMatch(/^Mark Rutte — NATO Secretary General \(registry\)\n/);
    expect(await show('/quote speaker:Mark Rutte')).not.toContain('showing');
  });

  it('/search with a variant speaker name says so too', async () => {
    expect(await show('/search query:guarantees speaker:Rute')).toContain("showing Mark Rutte for 'Rute'");
  });

  it("'Zelenska' is not Zelenskyy: neither shown nor suggested, in the reply or the autocomplete", async () => {
    const reply = await ask('/quote speaker:Zelenska');
    expect(reply.type).toBe('notice');
    expect(JSON.stringify(reply)).not.toContain('Zelenskyy');
    expect((await app.context.index.suggestSpeakers('Zelenska', 10)).map((s) => s.name)).not.toContain('Volodymyr Zelenskyy');
    // A typo of his own name still finds him as a suggestion.
    const typo = await ask('/quote speaker:Zelenskky');
    expect(JSON.stringify(typo)).toContain('Volodymyr Zelenskyy');
  });
});

describe('12. limit up to what one Discord message shows, on every statement list', () => {
  it('/search and /topic take limit:10 (one message holds 10 embeds) and refuse 11', async () => {
    for (const line of ['/search query:Ukraine limit:10', '/topic name:guarantees limit:10']) {
      const reply = await ask(line);
      if (reply.type !== 'statements') throw new Error(`${line}: ${reply.type}`);
      expect(reply.paging.total, line).toBeGreaterThan(5);
      expect(reply.paging.shown, line).toBe(Math.min(10, reply.paging.total));
      expect(reply.title, line).not.toContain('limit');
    }
    const session = new ConsoleSession(app.context, app.commands);
    const refused = await session.handle('/search query:guarantees limit:11');
    expect(JSON.stringify(refused)).toMatch(/limit/);
    expect(refused?.kind === 'reply' && refused.reply.type === 'statements').toBe(false);
  });
});

describe('13. /help quote and Tab completion in the console', () => {
  it('/help quote explains /quote: usage, description, each option with its choices', async () => {
    const session = new ConsoleSession(app.context, app.commands);
    const result = await session.handle('/help quote');
    if (result?.kind !== 'text') throw new Error(`expected text, got ${result?.kind}`);
    expect(result.text).toMatch(/^\/quote — A speaker's statements, newest first\n\n {2}\/quote speaker:… \[topic:…\] \[limit:…\]\n/);
    expect(result.text).toContain('  speaker: (required)  Who said it');
    expect(result.text).toMatch(/ {2}topic: {2}Only statements on this topic \(one of: troops, guarantees/);
    expect(result.text).toContain('  limit:  Statements per page (1-10)');
    const unknown = await session.handle('/help nothing');
    expect(unknown).toEqual({ kind: 'text', text: 'There is no command /nothing. /help lists them.' });
  });

  it('Tab completes command names, subcommands, unused option names and speaker names', async () => {
    const { completeLine } = await import('../../src/console/complete.ts');
    const suggest = (prefix: string, limit: number) => app.context.index.suggestSpeakers(prefix, limit);
    expect(await completeLine('/qu', app.commands, suggest)).toEqual([['/quote'], '/qu']);
    expect((await completeLine('/s', app.commands, suggest))[0]).toEqual(
      expect.arrayContaining(['/search', '/sources', '/speakers', '/summary']),
    );
    expect(await completeLine('/quote ', app.commands, suggest)).toEqual([['speaker:', 'topic:', 'limit:'], '']);
    expect(await completeLine('/quote speaker:Rutte t', app.commands, suggest)).toEqual([['topic:'], 't']);
    expect(await completeLine('/quote speaker:Mark Ru', app.commands, suggest)).toEqual([['speaker:Mark Rutte'], 'speaker:Mark Ru']);
    expect(await completeLine('/feeds a', app.commands, suggest)).toEqual([['add'], 'a']);
    expect(await completeLine('/help su', app.commands, suggest)).toEqual([['summary'], 'su']);
  });

  it('the interactive console passes a completer to readline (Tab on a terminal completes /qu to /quote)', async () => {
    const { PassThrough } = await import('node:stream');
    const { runRepl } = await import('../../src/console/repl.ts');
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
    const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const done = runRepl(app.context, app.commands, { input, output, color: false });
    input.write('/qu\t');
    for (let i = 0; i < 100 && !shown.includes('/quote'); i++) await new Promise((r) => setTimeout(r, 20));
    input.write('\r');
    for (let i = 0; i < 250 && !shown.includes('speaker is required'); i++) await new Promise((r) => setTimeout(r, 20));
    input.write('/exit\r');
    input.end();
    await done;
    // The line run was the completed '/quote' (it asks for its speaker), not '/qu' (no such command).
    expect(shown).toContain('speaker is required');
  });
});
