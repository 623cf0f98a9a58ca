// Forged button custom_ids (issue 12.5): a custom_id is client data. Only the commands that page may run from
// a button, and only from a message in the channel the button is pressed in; anything else gets the
// stale-button note and changes nothing (before: a forged id created a watch with no server).
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGED_COMMANDS } from '../../src/discord/custom-id.ts';
import { EPHEMERAL, buttonsOf, startHarness, type Harness } from './harness.ts';
import { longArticle } from './long-article.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ write: { 'long.md': longArticle() } });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const STALE = 'This button no longer works. Run the command again to get fresh results.';
const MANAGER = 0x20n;

describe('forged buttons', () => {
  it('the commands a button may run are exactly those whose replies page', () => {
    const paging = readdirSync('commands')
      .filter((f) => f !== 'index.ts' && readFileSync(`commands/${f}`, 'utf8').includes('pagingOf('))
      .map((f) => f.replace(/\.ts$/, ''));
    expect([...PAGED_COMMANDS].sort()).toEqual(paging.sort());
  });

  for (const [what, id] of [
    ['a watch', `pg1|n|watch|x|subcommand=add&speaker=Moravec&channel=${'9'.repeat(18)}`],
    ['a feed', 'pg1|n|feeds|x|subcommand=add&url=https%3A%2F%2Ffeeds.example%2Frss'],
    ['an ingest', 'pg1|n|ingest|x|url=https%3A%2F%2Fnews.example%2Fa'],
  ] as const) {
    it(`a forged id for ${what} runs nothing, even from a manager`, async () => {
      const reply = await h.fake.waitForReply(h.fake.sendButton(id, undefined, { memberPermissions: MANAGER }).id);
      expect(reply.message.content).toBe(STALE);
      expect(reply.message.flags).toBe(EPHEMERAL);
      expect(h.logs.filter((l) => /watch added|feed added|article ingest requested/.test(String(l.msg)))).toEqual([]);
      expect(h.fake.violations).toEqual([]);
    });
  }

  it('a real paging id works on its own message, and not on a message from another channel', async () => {
    const first = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Moravec', limit: 3 }).id);
    const [next] = buttonsOf(first.message);
    const ok = await h.fake.waitForReply(h.fake.sendButton(next!.custom_id).id);
    expect(ok.message.content).toMatch(/\n4–6 of \d+ statements/);
    const elsewhere = {
      id: '1'.repeat(18),
      channel_id: '8'.repeat(18),
      type: 0,
      content: '',
      author: { id: '7'.repeat(18), username: 'someone', discriminator: '0', avatar: null, global_name: null },
      attachments: [],
      embeds: [],
      mentions: [],
      mention_roles: [],
      pinned: false,
      mention_everyone: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: 0,
      components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Next ▶', custom_id: next!.custom_id }] }],
    };
    const forged = await h.fake.waitForReply(h.fake.sendButton(next!.custom_id, elsewhere).id);
    expect(forged.message.content).toBe(STALE);
    expect(h.fake.violations).toEqual([]);
  });
});
