// Hostile command options, end to end (issue 6): what people paste into Discord options (6,000-character
// strings, markdown, mentions, zero-width and right-to-left characters, SQL and FTS5 syntax) goes through
// the real bot and the fake Discord, which validates every body against Discord's schemas and limits.
// Every reply must be safe (no pings: allowed_mentions parse [], the echoed input escaped, within limits)
// and correct (a helpful notice or the right statements; never the error apology, never an error log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord-api-types/v10';
import { LIMITS } from '../fake-discord/index.ts';
import type { FakeDiscord, ReplyReceived } from '../fake-discord/index.ts';
import { EPHEMERAL, SEED, startHarness, type Harness } from './harness.ts';

/** The seed statement a search for "coalition" finds. */
const COALITION = /coalition of forces, led by London and Paris/;
const ZW = '\u200B';

let h: Harness;
let fake: FakeDiscord;

beforeAll(async () => {
  h = await startHarness({ articles: [SEED], fake: { timeoutMs: 6_000 } });
  fake = h.fake;
}, 20_000);

afterAll(async () => {
  await h?.close();
});

/** Sends a command and checks what holds for every reply, whatever the input. */
async function ask(command: string, options: Record<string, string>): Promise<ReplyReceived> {
  const reply = await fake.waitForReply(fake.sendCommand(command, options).id);
  const where = `/${command} ${JSON.stringify(options).slice(0, 80)}`;
  expect(reply.callback.status, where).toBe(204);
  if (reply.completion) expect(reply.completion.status, where).toBe(200);
  expect(reply.callback.problems, where).toEqual([]);
  expect(reply.message.allowed_mentions, where).toEqual({ parse: [] });
  expect(reply.message.content ?? '', where).not.toMatch(/Sorry, something went wrong/);
  expect((reply.message.content ?? '').length, where).toBeLessThanOrEqual(LIMITS.content);
  expect(JSON.stringify(reply.message), where).not.toMatch(/SqliteError|fts5|syntax error|\bat \S+\.ts:\d+/i);
  return reply;
}

function onlyEmbed(reply: ReplyReceived): APIEmbed {
  expect(reply.message.embeds).toHaveLength(1);
  return reply.message.embeds![0]!;
}

function expectNotice(reply: ReplyReceived, title: string): string {
  expect(reply.message.flags).toBe(EPHEMERAL);
  const embed = onlyEmbed(reply);
  expect(embed.title).toBe(title);
  return embed.description ?? '';
}

/** Text Discord would render as a mention or a masked link, unless escaped. */
function expectInert(text: string): void {
  expect(text).not.toMatch(/(^|[^\\])@(everyone|here)/);
  expect(text).not.toMatch(/(^|[^\\])<@[&!]?\d+/);
  expect(text).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/);
}

/** The first statement found, its highlighting (**word**) removed. */
function matched(reply: ReplyReceived): string {
  return (reply.message.embeds?.[0]?.description ?? '').replace(/\*\*/g, '');
}

const SIX_THOUSAND = 'a'.repeat(6_000);

describe('/search with hostile queries', () => {
  it.each([
    ['6,000 characters', SIX_THOUSAND],
    ['6,000 characters of a real word', 'coalition '.repeat(600)],
  ])('refuses %s with a note about the limit', async (_label, query) => {
    const reply = await ask('search', { query });
    expect(expectNotice(reply, 'Check the options')).toBe('query must be at most 200 characters');
  });

  it.each([
    ['a lone quotation mark', '"'],
    ['empty quotes', '""'],
    ['a lone star', '*'],
    ['a lone minus', '-'],
    ['a lone colon', ':'],
    ['unbalanced parentheses', '(('],
    ['a closing parenthesis', ')'],
    ['stars around letters', 'c*o*a*l'],
    ['NEAR(', 'NEAR('],
    ['a NEAR group', 'NEAR(coalition forces)'],
    ['a column filter', 'speaker:Rutte'],
    ['NOT', 'NOT coalition'],
    ['a trailing OR', 'coalition OR'],
    ['SQL', "'; DROP TABLE statements; --"],
    ['a mention', '@everyone coalition'],
    ['a role mention', '<@&123456789012345678>'],
  ])('answers %s as plain words: no matches, said politely and escaped', async (_label, query) => {
    const reply = await ask('search', { query });
    const description = expectNotice(reply, 'No matches');
    expect(description).toMatch(/^Nothing in the index matches ".*"\. Try fewer or other words\.$/);
    expectInert(description);
  });

  it.each([
    ['a prefix star', 'coalition*'],
    ['an opening parenthesis', '(coalition'],
    ['a closing parenthesis', 'coalition)'],
    ['a leading minus', '-coalition'],
    ['a caret', '^coalition'],
    ['an unbalanced quote', '"coalition of forces'],
    ['a quoted phrase', '"coalition of forces"'],
    ['bold markdown', '**coalition**'],
    ['backticks', '`coalition`'],
    ['zero-width spaces around', `${ZW}coalition${ZW}`],
    ['a zero-width space inside', `coal${ZW}ition`],
    ['a right-to-left override', '\u202Ecoalition'],
  ])('finds the coalition statement through %s', async (_label, query) => {
    const reply = await ask('search', { query });
    expect(reply.message.flags ?? 0).toBe(0);
    expect(reply.message.content).toMatch(/^\*\*Search\\?: .+\*\*\n1 statement/);
    expect(matched(reply)).toMatch(COALITION);
    // The echoed query is escaped: markdown in it renders as the characters typed.
    expect(reply.message.content).not.toMatch(/\*\*\*\*|[^\\]`/);
  });

  it('still has its tables after the SQL attempts', async () => {
    const reply = await ask('search', { query: 'coalition' });
    expect(matched(reply)).toMatch(COALITION);
  });
});

describe('/quote with hostile speakers', () => {
  it.each([
    ['@everyone', '@everyone'],
    ['@here', '@here'],
    ['a role mention', '<@&123456789012345678>'],
    ['a user mention', '<@123456789012345678>'],
    ['a masked link', '[Dragone](https://evil.example)'],
    ['SQL', "Robert'); DROP TABLE speakers;--"],
    ['a quotation mark', '"'],
    ['NEAR(', 'NEAR('],
  ])('answers %s with "Unknown speaker", the name escaped, nobody pinged', async (_label, speaker) => {
    const reply = await ask('quote', { speaker });
    const description = expectNotice(reply, 'Unknown speaker');
    expect(description).toMatch(/^Nobody called ".+" is in the index\./);
    expectInert(description);
  });

  it.each([
    ['6,000 characters', 'x'.repeat(6_000)],
    ['a name repeated to 5,600 characters', 'Dragone'.repeat(800)],
  ])('refuses %s with a note about the limit', async (_label, speaker) => {
    const reply = await ask('quote', { speaker });
    expect(expectNotice(reply, 'Check the options')).toBe('speaker must be at most 200 characters');
  });

  it('treats zero-width characters alone as an empty option', async () => {
    const reply = await ask('quote', { speaker: `${ZW}${ZW}\u2060` });
    expect(expectNotice(reply, 'Check the options')).toBe('speaker must not be empty');
  });

  it.each([
    ['a zero-width space inside', `Dra${ZW}gone`],
    ['bold markdown', '**Dragone**'],
    ['spoiler markdown', '||Dragone||'],
  ])('finds Cavo Dragone through %s', async (_label, speaker) => {
    const reply = await ask('quote', { speaker });
    expect(reply.message.content).toMatch(/^\*\*Giuseppe Cavo Dragone\*\* — /);
    expect(reply.message.embeds).toHaveLength(5);
  });
});

describe('other commands and autocomplete with hostile input', () => {
  it('refuses a topic that is not one of the choices, listing them', async () => {
    const reply = await ask('topic', { name: 'NEAR(' });
    expect(expectNotice(reply, 'Check the options')).toMatch(/^name must be one of /);
  });

  it('refuses /summary for a mention as topic, privately', async () => {
    const reply = await ask('summary', { topic: '@everyone' });
    // /summary defers privately: the whole exchange is visible to the asker alone.
    expect(reply.deferred).toBe(true);
    expect(reply.callback.data?.flags).toBe(EPHEMERAL);
    const embed = onlyEmbed(reply);
    expect(embed.title).toBe('Check the options');
    expectInert(embed.description ?? '');
  });

  it.each([
    ['6,000 characters', SIX_THOUSAND, 0],
    ['@everyone', '@everyone', 0],
    ['NEAR(', 'NEAR(', 0],
    ['a quotation mark', '"', 0],
    ['a zero-width space', ZW, 0],
    ['a prefix with a star', 'drag*', 1],
  ])("suggests speakers for %s within Discord's rules", async (_label, value, atLeast) => {
    const callback = await fake.waitForCallback(fake.sendAutocomplete('quote', { speaker: value }, 'speaker').id);
    expect(callback.status).toBe(204);
    expect(callback.type).toBe(8);
    const choices = callback.data?.choices ?? [];
    expect(choices.length).toBeLessThanOrEqual(LIMITS.choices);
    expect(choices.length).toBeGreaterThanOrEqual(atLeast);
    if (atLeast > 0) expect(choices[0]?.name).toContain('Giuseppe Cavo Dragone');
    for (const c of choices) expect(String(c.name).length).toBeLessThanOrEqual(LIMITS.choiceName);
  });

  it('sent nothing Discord would refuse, and logged no error', () => {
    expect(fake.violations).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
