// End to end, safety: nothing the bot sends can ping anyone (allowed_mentions on every message, edits and
// follow-ups included), article text renders literally (no markdown, mentions, masked links, headings or
// spoilers), user mistakes get helpful private answers, and unexpected errors a short private apology.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/slash/invoke.ts';
import type { CommandRunner } from '../../src/discord/interactions.ts';
import { DEFAULT_MEMBER_PERMISSIONS, Permission, ROUTES } from '../fake-discord/index.ts';
import { EPHEMERAL, HOSTILE_URL, buttonsOf, embedsOf, messageBody, messageRequests, shown, startHarness, waitForLog } from './harness.ts';
import type { Harness } from './harness.ts';
import { commands } from '../../commands/index.ts';

const HOSTILE_QUOTE =
  'Tell @everyone and <@&123456789012345678> to read [the plan](https://evil.example/phish) before they judge it. # This is no heading. ||Nothing here is secret|| and *nothing* is __final__,';
const APOLOGY = 'Sorry, something went wrong on our side while answering. The team has the details in the logs.';

/** The real command runner, except for speakers named to provoke a failure or a slow answer. */
const runner: CommandRunner = async (invocation, context) => {
  const speaker = String(invocation.options['speaker'] ?? '');
  if (speaker.startsWith('slow')) await new Promise((resolve) => setTimeout(resolve, 600));
  if (speaker.endsWith('boom')) throw new Error('index exploded (test)');
  return runCommand(
    commands,
    { ...invocation, options: speaker.startsWith('slow ') ? { ...invocation.options, speaker: speaker.slice(5) } : invocation.options },
    context,
  );
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ runner, deferAfterMs: 200 });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** Markdown that would do something in Discord, outside backslash escapes. */
const ACTIVE = [
  /(?<!\\)@(everyone|here)/,
  /(?<!\\)<@[&!]?\d+>/,
  /(?<!\\)\[[^\]]*(?<!\\)\]\((?!<)/,
  /^#+ /m,
  /(?<!\\)\|\|/,
  /(?<!\\)__/,
  /(?<![\\*])\*(?![*\s])[^*]+(?<!\\)\*(?!\*)/,
  /(?<!\\)https?:\/\//,
];

function inert(text: string | undefined, allowBold = false): void {
  const t = allowBold ? (text ?? '').replace(/(?<!\\)\*\*/g, '') : (text ?? '');
  for (const pattern of ACTIVE) expect(t, `${pattern} in ${t}`).not.toMatch(pattern);
}

describe('article text renders literally', () => {
  it('escapes mentions, masked links, headings, spoilers and emphasis from a hostile article, and shows the words as written', async () => {
    const reply = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Virtanen', limit: 10 }).id);
    const hostile = embedsOf(reply).find((e) => e.url === HOSTILE_URL && e.description?.startsWith('<t:1757505600:D> — “Tell'));
    expect(hostile).toBeDefined();
    inert(hostile!.description);
    // The article's closing comma belongs to its attribution ("…final," she said), not to the quote.
    // The date (2025-09-10) leads, as timestamp markup.
    expect(shown(hostile!.description)).toBe(`<t:1757505600:D> — “${HOSTILE_QUOTE.replace(/,$/, '')}”`);
    // Places that never render markdown show the text plainly, with no stray backslashes.
    expect(hostile!.title).toBe('Ministers argue over a *reassurance force* ||for Ukraine|| @everyone');
    expect(hostile!.footer?.text).toMatch(/^Test Wire <@&111111111111111111> · verbatim quote · #\d+$/);
    expect(hostile!.author?.name).not.toContain('\\');
    for (const e of embedsOf(reply)) for (const f of e.fields ?? []) inert(f.value);
  });

  it('escapes the hostile title and outlet where they are markdown: /sources and the summary digest', async () => {
    const sources = await h.fake.waitForReply(h.fake.sendCommand('sources', { speaker: 'Virtanen' }).id);
    const description = embedsOf(sources)[0]!.description!;
    // The title is the text of our own link to the article; nothing inside it is active.
    const hostileLink = /\[(.+)\]\(<https:\/\/news\.example\.org\/reassurance-force>\)/.exec(description);
    expect(hostileLink).not.toBeNull();
    inert(hostileLink![1]);
    expect(shown(hostileLink![1])).toBe('Ministers argue over a *reassurance force* ||for Ukraine|| @everyone');
    inert(description.replace(/\]\(<https:\/\/news\.example\.org\/[a-z-]+>\)/g, ']'), true);
    expect(shown(description)).toContain('Test Wire <@&111111111111111111> · <t:1757505600:D>');

    const sent = h.fake.sendCommand(
      'summary',
      { topic: 'troops', speaker: 'Virtanen' },
      { memberPermissions: DEFAULT_MEMBER_PERMISSIONS | Permission.PinMessages },
    );
    await h.fake.waitForReply(sent.id);
    const post = h.fake
      .channelMessages()
      .filter((m) => !m.ephemeral && (m.message['embeds'] as unknown[]).length)
      .at(-1)!;
    const [digest] = post.message['embeds'] as { fields: { name: string; value: string }[] }[];
    // Our own markup (the reporting verb in *…:*) aside, nothing from the articles is active.
    for (const f of digest!.fields) inert(f.value.replace(/^• \*([^*\n]+):\* /gm, '• $1: '));
    expect(digest!.fields.map((f) => shown(f.value)).join('\n')).toContain('(Test Wire <@&111111111111111111>, <t:1757505600:D>)');
  });
});

describe('user mistakes and errors', () => {
  it('an unknown speaker gets a private answer with suggestions', async () => {
    const reply = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Marc Rutte' }).id);
    expect(reply.callback.type).toBe(4);
    expect(reply.message.flags).toBe(EPHEMERAL);
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Unknown speaker');
    expect(shown(embed?.description)).toMatch(
      /^Nobody called "Marc Rutte" is in the index\. Did you mean one of these\?\n• Mark Rutte(\n|$)/,
    );
  });

  it('a speaker nobody resembles is pointed to /speakers', async () => {
    const reply = await h.fake.waitForReply(h.fake.sendCommand('topic', { name: 'troops', speaker: 'Qwxyz' }).id);
    expect(reply.message.flags).toBe(EPHEMERAL);
    expect(shown(embedsOf(reply)[0]?.description)).toContain('/speakers lists everyone who has statements.');
  });

  it('an empty result says so, privately', async () => {
    const reply = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Rutte', topic: 'coalition' }).id);
    expect(reply.message.flags).toBe(EPHEMERAL);
    expect(embedsOf(reply)[0]).toMatchObject({ title: 'No statements' });
    expect(shown(embedsOf(reply)[0]?.description)).toBe('Mark Rutte has no statements on Coalition of the willing in the index.');
    const search = await h.fake.waitForReply(h.fake.sendCommand('search', { query: 'submarines' }).id);
    expect(search.message.flags).toBe(EPHEMERAL);
    expect(shown(embedsOf(search)[0]?.description)).toBe('Nothing in the index matches "submarines". Try fewer or other words.');
  });

  it('a notice after a public deferral goes to the asker alone as an ephemeral follow-up', async () => {
    const sent = h.fake.sendCommand('quote', { speaker: 'slow Qwxyz' });
    const reply = await h.fake.waitForReply(sent.id);
    expect(reply.callback.type).toBe(5);
    expect(reply.via).toBe('followup');
    expect(reply.message.flags).toBe(EPHEMERAL);
    expect(embedsOf(reply)[0]?.title).toBe('Unknown speaker');
  });

  it('an unexpected error is logged with the interaction id; the user sees a short private apology', async () => {
    for (const speaker of ['boom', 'slow boom']) {
      const sent = h.fake.sendCommand('quote', { speaker });
      const reply = await h.fake.waitForReply(sent.id);
      expect(reply.message.flags).toBe(EPHEMERAL);
      expect(reply.message.content).toBe(APOLOGY);
      expect(JSON.stringify(reply.message)).not.toMatch(/exploded|Error|at \w+ \(/);
      const line = await waitForLog(h.logs, (l) => l.interaction === sent.id && l.level >= 50, `the error of ${sent.id}`);
      expect(line.msg).toBe('interaction failed');
      expect(JSON.stringify(line)).toContain('index exploded (test)');
    }
    // No public "is thinking..." is left behind in the channel by the failed slow command.
    expect(h.fake.channelMessages().filter((m) => (Number(m.message['flags'] ?? 0) & 128) !== 0)).toEqual([]);
    // The bot keeps answering.
    const after = await h.fake.waitForReply(h.fake.sendCommand('about').id);
    expect(after.callback.status).toBe(204);
  });
});

describe('no pings, ever', () => {
  it('every message the bot sent in this file (replies, updates, edits, follow-ups, channel posts) had allowed_mentions parse: []', async () => {
    // A button update too.
    const first = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    await h.fake.waitForReply(h.fake.sendButton(buttonsOf(first.message)[0]!.custom_id).id);

    const requests = messageRequests(h.fake);
    const kinds = new Set(
      requests.map((r) => (r.route === ROUTES.interactionCallback ? `callback ${(r.body as { type: number }).type}` : r.route)),
    );
    expect([...kinds].sort()).toEqual(['callback 4', 'callback 7', ROUTES.originalEdit, ROUTES.followup, ROUTES.messageCreate].sort());
    for (const request of requests) {
      expect(messageBody(request)['allowed_mentions'], `${request.method} ${request.path}`).toEqual({ parse: [] });
    }
    expect(h.fake.violations).toEqual([]);
    expect(h.fake.unknownRequests).toEqual([]);
  });
});
