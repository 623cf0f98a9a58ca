// End to end, paging: Previous/Next buttons carry the whole query in a custom_id of at most 100 characters,
// so a button keeps working after the bot restarts; a button that cannot work any more gets a polite note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL, buttonsOf, embedsOf, shown, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import { longArticle } from './long-article.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ write: { 'long.md': longArticle() } });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const authors = (reply: { message: { embeds?: { author?: { name: string } }[] } }) =>
  (reply.message.embeds ?? []).map((e) => e.author?.name);

async function click(customId: string) {
  return h.fake.waitForReply(h.fake.sendButton(customId).id);
}

function noProblems() {
  expect(h.fake.violations).toEqual([]);
  expect(h.fake.unknownRequests).toEqual([]);
  expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
}

describe('paging buttons', () => {
  it('Next and Previous move through the result in place, with custom_ids of at most 100 characters', async () => {
    const first = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Moravec', limit: 3 }).id);
    const [next] = buttonsOf(first.message);
    expect(next).toMatchObject({ type: 2, label: 'Next ▶' });
    expect(next!.custom_id.length).toBeLessThanOrEqual(100);

    const second = await click(next!.custom_id);
    expect(second.callback.type).toBe(7);
    expect(second.message.content).toMatch(/\n4–6 of \d+ statements · \d+ more$/);
    expect(authors(second).map((a) => a?.split('.')[0])).toEqual(['4', '5', '6']);
    const labels = buttonsOf(second.message).map((b) => b.label);
    expect(labels).toEqual(['◀ Previous', 'Next ▶']);
    for (const b of buttonsOf(second.message)) expect(b.custom_id.length).toBeLessThanOrEqual(100);

    const back = await click(buttonsOf(second.message)[0]!.custom_id);
    expect(back.callback.type).toBe(7);
    expect(embedsOf(back)).toEqual(embedsOf(first));
    expect(back.message.content).toBe(first.message.content);
    noProblems();
  });

  it('the last page has no Next button and says nothing more is left', async () => {
    let reply = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Moravec', limit: 10 }).id);
    const next = buttonsOf(reply.message).find((b) => b.label === 'Next ▶');
    reply = await click(next!.custom_id);
    expect(reply.message.content).toMatch(/\n11–(\d+) of \1 statements$/);
    expect(buttonsOf(reply.message).map((b) => b.label)).toEqual(['◀ Previous']);
    noProblems();
  });

  it('a button from before a restart still works on the new bot', async () => {
    const first = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    const expected = await click(buttonsOf(first.message)[0]!.custom_id);
    const oldButton = buttonsOf(first.message)[0]!.custom_id;

    const identifies = h.fake.gatewayEvents.filter((e) => e.kind === 'identify').length;
    await h.restart();
    expect(h.fake.gatewayEvents.filter((e) => e.kind === 'identify').length).toBe(identifies + 1);

    const after = await click(oldButton);
    expect(after.callback.type).toBe(7);
    expect(after.message.content).toBe(expected.message.content);
    expect(embedsOf(after)).toEqual(embedsOf(expected));
    noProblems();
  });

  it('a malformed or stale button gets a polite note only the clicker sees, and the message stays as it was', async () => {
    const first = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    const good = buttonsOf(first.message)[0]!.custom_id;
    const [prefix, dir, command, cursor, query] = good.split('|');
    const broken = [
      'garbage',
      'pg0|n|quote|x|speaker=Dragone',
      `${prefix}|${dir}|nosuchcommand|${cursor}|${query}`,
      `${prefix}|${dir}|${command}|not-a-cursor|${query}`,
    ];
    for (const customId of broken) {
      const sent = h.fake.sendButton(customId);
      const reply = await h.fake.waitForReply(sent.id);
      expect(reply.callback.type, customId).toBe(4);
      expect(reply.message.flags, customId).toBe(EPHEMERAL);
      expect(reply.message.content, customId).toBe('This button no longer works. Run the command again to get fresh results.');
      expect(reply.message.allowed_mentions).toEqual({ parse: [] });
    }
    // A speaker who has left the index since: the note says so and suggests what to do.
    const gone = h.fake.sendButton(`${prefix}|${dir}|${command}|${cursor}|speaker=Nobody+Atall`);
    const reply = await h.fake.waitForReply(gone.id);
    expect(reply.message.flags).toBe(EPHEMERAL);
    expect(reply.message.embeds?.[0]?.title).toBe('Unknown speaker');
    noProblems();
  });

  it('a query too long for a 100-character custom_id shows its first page without buttons and says how to see the rest', async () => {
    const query = 'partner know exactly which unit stands where under whose command';
    const reply = await h.fake.waitForReply(h.fake.sendCommand('search', { query }).id);
    expect(embedsOf(reply)).toHaveLength(5);
    expect(buttonsOf(reply.message)).toEqual([]);
    expect(shown(reply.message.content)).toMatch(
      /\n1–5 of \d+ statements · \d+ more — the query is too long for paging buttons: shorten it to page through them$/,
    );
    expect(reply.message.content!.length).toBeLessThanOrEqual(2_000);
    noProblems();
  });
});
