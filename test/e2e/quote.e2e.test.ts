// End to end: the whosaid bot (real discord.js client, real SQLite index built from the seed article)
// logs in to the fake Discord, registers its commands, and answers /quote speaker:Dragone the way a
// user in the channel would see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord-api-types/v10';
import type { FakeDiscord, ReplyReceived } from '../fake-discord/index.ts';
import { SEED, SEED_TITLE, startHarness, type Harness } from './harness.ts';

// "<n>. <speaker>, <role>": the role as the article gives it or as the speaker registry has it.
// The article's wording, marked so where the registry words it otherwise (issue 15.7).
const ATTRIBUTION =
  /^\d+\. Giuseppe Cavo Dragone, (head of the NATO Military Committee \(article's words\)|Chair of the NATO Military Committee)$/;

let h: Harness;
let fake: FakeDiscord;

beforeAll(async () => {
  h = await startHarness({ articles: [SEED], fake: { timeoutMs: 4_000 } });
  fake = h.fake;
}, 15_000);

afterAll(async () => {
  await h?.close();
});

function statementEmbeds(reply: ReplyReceived): APIEmbed[] {
  return reply.message.embeds ?? [];
}

function pagingButtons(reply: ReplyReceived): APIButtonComponentWithCustomId[] {
  const rows = (reply.message.components ?? []) as APIActionRowComponent<APIButtonComponentWithCustomId>[];
  return rows.flatMap((row) => row.components);
}

describe('whosaid bot against the fake Discord', () => {
  it("registers its slash commands to the configured guild at start, within Discord's rules", () => {
    const commands = fake.commands();
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['quote', 'topic']));
    const quote = commands.find((c) => c.name === 'quote');
    expect(quote?.['options']).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'speaker', type: 3, required: true, autocomplete: true })]),
    );
    expect(fake.violations).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
  });

  it("answers /quote speaker:Dragone with Cavo Dragone's statements, attributed, and pings nobody", async () => {
    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const reply = await fake.waitForReply(sent.id);

    // Answered directly, well inside Discord's 3-second window, and accepted by the fake Discord.
    expect(reply.deferred).toBe(false);
    expect(reply.callback.status).toBe(204);
    expect(reply.callback.latencyMs).toBeLessThan(3_000);
    expect(reply.callback.type).toBe(4);

    const embeds = statementEmbeds(reply);
    expect(reply.message).toEqual({
      content: expect.stringMatching(/^\*\*Giuseppe Cavo Dragone\*\* — .+\n1–5 of \d+ statements · \d+ more$/),
      embeds: expect.any(Array),
      components: [
        {
          type: 1,
          components: [{ type: 2, style: 2, label: 'Next ▶', custom_id: expect.stringMatching(/^.{1,100}$/) }],
        },
      ],
      allowed_mentions: { parse: [] },
      tts: false,
      enforce_nonce: false,
    });
    expect(embeds).toHaveLength(5);
    embeds.forEach((embed, i) => {
      expect(embed.author?.name).toMatch(ATTRIBUTION);
      expect(embed.author?.name.startsWith(`${i + 1}. `)).toBe(true);
      expect(embed.title).toBe(SEED_TITLE);
      // The date (2025-08-23) leads the description as markup each reader sees in their own time zone.
      expect(embed.description).toMatch(/^<t:1755950400:D> — /);
      expect(embed.footer?.text).toMatch(/^UNN · [^·]+ · #\d+$/);
    });
    // Newest first: the last thing he says in the article comes first, verbatim in quotation marks.
    expect(embeds[0]?.description).toMatch(/^<t:1755950400:D> — “This is a coalition of forces, led by London and Paris/);
    expect(embeds.map((e) => e.description)).toContain(
      '<t:1755950400:D> — “Not at all, this is, to put it mildly, premature. We know that the issue of contingents has been raised by individual countries, perhaps on a bilateral basis. But, I repeat, this issue is still in its infancy.”',
    );
    // Paraphrase is marked as reported speech, never shown as a quotation.
    expect(embeds.find((e) => e.description?.includes('security guarantees, defined by politicians'))?.description).toMatch(
      /^<t:1755950400:D> — \*Noted:\* security guarantees/,
    );
    // Nobody else from the article (Zelenskyy, Rutte, Yermak) is attributed to him.
    expect(JSON.stringify(embeds)).not.toMatch(/Zelenskyy|Rutte|Yermak/);

    expect(fake.violations).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('pages to the remaining statements with the Next button, in place', async () => {
    const first = await fake.waitForReply(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    const total = Number(/of (\d+) statements/.exec(first.message.content ?? '')?.[1]);
    expect(total).toBeGreaterThan(5);
    const [next] = pagingButtons(first);
    expect(next?.label).toBe('Next ▶');

    const click = fake.sendButton(next!.custom_id);
    expect(click.payload['message']).toMatchObject({ author: { id: fake.botUser.id } });
    const page = await fake.waitForReply(click.id);

    expect(page.callback.type).toBe(7);
    expect(page.callback.status).toBe(204);
    const last = Math.min(10, total);
    expect(page.message.content).toContain(`\n${last === 6 ? '6' : `6–${last}`} of ${total} statements`);
    const embeds = statementEmbeds(page);
    expect(embeds).toHaveLength(Math.min(5, total - 5));
    embeds.forEach((embed, i) => {
      expect(embed.author?.name).toMatch(ATTRIBUTION);
      expect(embed.author?.name.startsWith(`${i + 6}. `)).toBe(true);
    });
    expect(pagingButtons(page).map((b) => b.label)).toContain('◀ Previous');
    expect(page.message.allowed_mentions).toEqual({ parse: [] });

    // Across the pages: where he said it (the interview with Corriere della Sera) is shown.
    const fields = [...statementEmbeds(first), ...embeds].flatMap((e) => e.fields ?? []);
    expect(fields).toContainEqual({ name: 'Venue', value: 'in an interview with Corriere della Sera', inline: false });
    expect(fake.violations).toEqual([]);
  });

  it('suggests Giuseppe Cavo Dragone while the user types "drag" into speaker', async () => {
    const sent = fake.sendAutocomplete('quote', { speaker: 'drag' }, 'speaker');
    const callback = await fake.waitForCallback(sent.id);

    expect(callback.status).toBe(204);
    expect(callback.type).toBe(8);
    expect(callback.data?.choices?.[0]).toEqual({ name: expect.stringContaining('Giuseppe Cavo Dragone'), value: expect.any(String) });
    expect(fake.violations).toEqual([]);
  });
});
