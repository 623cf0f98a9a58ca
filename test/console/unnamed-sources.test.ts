// Issue 13, phase 2: unnamed sources are descriptions bound to their article and outlet, never people; a
// statement nobody can be named for is stored with its reason and shown so, never under a person; words that
// cite someone else say so. Through the whole path (ingest, store, commands) and every renderer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { renderDiscord } from '../../src/discord/render.ts';
import { toMarkdown } from '../../src/export/formats.ts';
import { replyToJson } from '../../src/reply/render-json.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import type { Reply } from '../../src/reply/types.ts';
import { writeArticle } from '../ingest/helpers.ts';
import { askConsole, openTestApp, tempDataDir } from './helpers.ts';

let data: ReturnType<typeof tempDataDir>;
let app: App;

// Fictional articles: the same words from "a senior NATO official" in two outlets are two officials.
const OFFICIAL = 'A senior NATO official said that the alliance had no plan to send a brigade to the Narva front.';

beforeAll(async () => {
  data = tempDataDir([]);
  writeArticle(data.dir, 'a.md', { outlet: 'Baltic Wire', published: '2025-09-02', title: 'Alliance keeps brigade home', body: OFFICIAL });
  // A different article (not a copy: a copy of the same text is one report) with the same official's words.
  writeArticle(data.dir, 'b.md', {
    outlet: 'Nordic Post',
    published: '2025-09-03',
    title: 'No brigade for Narva',
    body: `${OFFICIAL}\n\nThe ministry in Tallinn did not comment on the report.`,
  });
  writeArticle(data.dir, 'c.md', {
    outlet: 'Tartu Daily',
    published: '2025-09-04',
    title: 'Ministers meet in Tartu',
    body: [
      'Prime Minister Ott Lindmets met Defence Minister Peeter Saarvald in Tartu on Monday.',
      '"We agreed on nothing yet," he said.',
      'Lindmets said the reserve brigade would train in the spring.',
    ].join('\n\n'),
  });
  writeArticle(data.dir, 'd.md', {
    outlet: 'Tartu Daily',
    published: '2025-09-05',
    title: 'The reserve centre',
    body: [
      'Colonel Liis Tamberg leads the reserve training centre in Tartu. We asked her about the new brigade.',
      'Q: When will the brigade be ready?\nA: By the end of next year, if the funding arrives on time.',
      'Q: Is that realistic?\nA: It is demanding. The ministry has told us that the money is there.',
    ].join('\n\n'),
  });
  app = await openTestApp(data.dir);
});
afterAll(() => {
  app.close();
  data.cleanup();
});

const ask = (line: string): Promise<Reply> => askConsole(app, line);

describe('unnamed sources', () => {
  it('the same words from two outlets are two statements, each bound to its outlet, shown as unnamed in every renderer', async () => {
    // Before: one speaker "senior NATO official" and one statement with two sources ("also reported by Nordic Post").
    const reply = await ask('/search query:brigade Narva');
    if (reply.type !== 'statements') throw new Error(reply.type);
    expect(reply.statements.map((s) => [s.speaker, s.sources.map((x) => x.outlet)]).sort()).toEqual([
      [null, ['Baltic Wire']],
      [null, ['Nordic Post']],
    ]);
    const terminal = renderTerminal(reply, { color: false });
    expect(terminal).toContain('   — a senior NATO official (unnamed), per Nordic Post · reported speech');
    expect(terminal).toContain('   — a senior NATO official (unnamed), per Baltic Wire · reported speech');
    expect(terminal).not.toContain('also reported');
    // Grouped by speaker (/topic, watches): one "No named speaker" heading, each line saying who; before, the
    // first statement's attribution headed the group as if it were everyone's.
    const grouped = renderTerminal({ ...reply, grouping: 'speaker' }, { color: false });
    expect(grouped.split('\n').filter((l) => !l.startsWith(' ') && /official|speaker/i.test(l))).toEqual(['No named speaker']);
    expect(grouped.match(/ {3}— a senior NATO official \(unnamed\), per (Nordic Post|Baltic Wire) · /g)).toHaveLength(2);
    // The Markdown export words them the same way (before: "unattributed").
    expect(toMarkdown(reply.statements, 'Export')).toContain(
      '— a senior NATO official (unnamed), per Nordic Post (reported speech (paraphrase)',
    );
    const embeds = renderDiscord(reply).embeds ?? [];
    expect(embeds.map((e) => e.author?.name?.slice(3)).sort()).toEqual([
      'a senior NATO official (unnamed), per Baltic Wire',
      'a senior NATO official (unnamed), per Nordic Post',
    ]);
    const json = replyToJson(reply) as { statements: Record<string, unknown>[] };
    const nordic = json.statements.find((x) => (x.source as { outlet: string }).outlet === 'Nordic Post');
    expect(nordic).toMatchObject({
      speaker: null,
      unnamedSource: { description: 'senior NATO official', outlet: 'Nordic Post' },
      attribution: 'a senior NATO official (unnamed), per Nordic Post',
    });
  });

  it('are never a person: not in /speakers, not found by /quote speaker:, not offered by autocomplete', async () => {
    const speakers = await ask('/speakers');
    if (speakers.type !== 'speakers') throw new Error(speakers.type);
    expect(speakers.speakers.map((s) => s.name)).not.toContainEqual(expect.stringMatching(/official/i));
    expect((await app.context.index.lookupSpeaker('senior NATO official')).kind).toBe('unknown');
    const quote = await ask('/quote speaker:senior NATO official');
    expect(quote.type).toBe('notice');
    const matches = await app.context.index.suggestSpeakers('senior NATO', 10);
    expect(matches.map((m) => m.name)).toEqual([]);
  });

  it('descriptions read with their article: plural ones bare', async () => {
    const { unnamedDescription } = await import('../../src/reply/present.ts');
    expect(
      ['senior NATO official', 'diplomats', 'spokesperson for the ministry', 'officials familiar with the plan', 'opposition leader'].map(
        unnamedDescription,
      ),
    ).toEqual([
      'a senior NATO official',
      'diplomats',
      'a spokesperson for the ministry',
      'officials familiar with the plan',
      'an opposition leader',
    ]);
  });
});

describe('unattributed statements', () => {
  it('are stored with their reason and shown so, never under a person; the JSON gives speaker null and the reason', async () => {
    // Before: the statement was stored with no reason and shown as plain "unattributed".
    const reply = await ask('/search query:agreed nothing');
    if (reply.type !== 'statements') throw new Error(reply.type);
    expect(reply.statements).toHaveLength(1);
    const s = reply.statements[0]!;
    expect(s.speaker).toBeNull();
    expect(renderTerminal(reply, { color: false })).toContain(
      '   — unattributed — two candidates: Ott Lindmets, Peeter Saarvald · verbatim',
    );
    expect(renderDiscord(reply).embeds?.[0]?.author?.name).toBe('1. unattributed — two candidates: Ott Lindmets, Peeter Saarvald');
    expect((replyToJson(reply) as { statements: Record<string, unknown>[] }).statements[0]).toMatchObject({
      speaker: null,
      unattributed: 'two candidates: Ott Lindmets, Peeter Saarvald',
    });
    for (const name of ['Ott Lindmets', 'Peeter Saarvald']) {
      const quote = await ask(`/quote speaker:${name}`);
      if (quote.type === 'statements')
        expect(quote.statements.every((x) => x.speaker !== null && !x.text.includes('agreed on nothing'))).toBe(true);
    }
  });
});

describe('inner sources', () => {
  it('are stored and shown: "… (citing ministry)"', async () => {
    // Before: the inner source was dropped at the store.
    const reply = await ask('/search query:money');
    if (reply.type !== 'statements') throw new Error(reply.type);
    expect(reply.statements.map((s) => [s.speaker?.name, s.innerSource])).toEqual([['Liis Tamberg', 'ministry']]);
    expect(renderTerminal(reply, { color: false })).toContain('   — Liis Tamberg, Colonel (citing ministry) · ');
    expect((replyToJson(reply) as { statements: Record<string, unknown>[] }).statements[0]).toMatchObject({ innerSource: 'ministry' });
  });
});
