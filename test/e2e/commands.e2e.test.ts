// End to end, every slash command as a user in the channel sees it: the real bot (discord.js, SQLite index of
// the seed and our own test articles) against the fake Discord, asserting on the exact bodies the bot sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { topicCatalog } from '../../src/topics/index.ts';
import { EPHEMERAL, HOSTILE_URL, SEED_TITLE, buttonsOf, embedChars, embedsOf, shown, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import { LONG_TITLE, crowdArticle, longArticle } from './long-article.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ write: { 'long.md': longArticle(), 'crowd.md': crowdArticle() } });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const ask = async (name: string, options: Record<string, string | number | boolean> = {}) => {
  const sent = h.fake.sendCommand(name, options);
  const reply = await h.fake.waitForReply(sent.id);
  expect(reply.callback.latencyMs).toBeLessThan(3_000);
  return reply;
};

function noProblems() {
  expect(h.fake.violations).toEqual([]);
  expect(h.fake.unknownRequests).toEqual([]);
  expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
}

describe('registration', () => {
  it('registers every command to the guild at start, with topic options offering the known topics', () => {
    const registered = h.fake.commands();
    expect(registered.map((c) => c.name).sort()).toEqual(
      commands
        .definitions()
        .map((c) => c.name)
        .sort(),
    );
    expect(registered.map((c) => c.name)).toEqual(
      expect.arrayContaining(['quote', 'topic', 'search', 'speakers', 'sources', 'summary', 'about']),
    );
    const topicIds = topicCatalog().topics.map((t) => t.id);
    const topicOptions = registered.flatMap((c) =>
      ((c['options'] ?? []) as { name: string; choices?: { value: string; name: string }[] }[])
        .filter((o) => ['topic', 'name'].includes(o.name) && o.choices)
        .map((o) => ({ command: c.name, values: o.choices!.map((x) => x.value), names: o.choices!.map((x) => x.name) })),
    );
    expect(topicOptions.map((t) => t.command).sort()).toEqual(['export', 'quote', 'search', 'speakers', 'summary', 'topic']);
    for (const option of topicOptions) {
      expect(option.values).toEqual(topicIds);
      expect(option.names).toContain('Coalition of the willing (coalition)');
    }
    // Options called speaker (not /timeline's subcommand of that name, type 1).
    const speakerOptions = registered.flatMap((c) =>
      ((c['options'] ?? []) as { name: string; type: number; autocomplete?: boolean }[]).filter(
        (o) => o.name === 'speaker' && o.type !== 1,
      ),
    );
    expect(speakerOptions.length).toBeGreaterThanOrEqual(5);
    expect(speakerOptions.every((o) => o.autocomplete === true)).toBe(true);
    noProblems();
  });
});

describe('every command', () => {
  it('/quote speaker topic: only that speaker on that topic, titled so', async () => {
    const reply = await ask('quote', { speaker: 'Dragone', topic: 'coalition' });
    expect(reply.message.content).toMatch(/^\*\*Giuseppe Cavo Dragone on Coalition of the willing\*\* — .+\n1 statement$/);
    const [embed, ...rest] = embedsOf(reply);
    expect(rest).toEqual([]);
    // The article's date (2025-08-23) leads, as markup each reader sees in their own time zone.
    expect(embed?.description).toMatch(/^<t:1755950400:D> — “This is a coalition of forces, led by London and Paris/);
    expect(embed?.fields).toContainEqual({ name: 'Context', value: expect.stringContaining('coalition of the willing'), inline: false });
    expect(buttonsOf(reply.message)).toEqual([]);
    noProblems();
  });

  it('/quote speaker limit: that many per page, newest first, saying how many more', async () => {
    const reply = await ask('quote', { speaker: 'Virtanen', limit: 2 });
    const embeds = embedsOf(reply);
    expect(embeds).toHaveLength(2);
    expect(reply.message.content).toMatch(/\n1–2 of (\d+) statements · (\d+) more$/);
    const [, total, more] = /of (\d+) statements · (\d+) more/.exec(reply.message.content!)!;
    expect(Number(total) - 2).toBe(Number(more));
    // Newest first: the article of 2025-09-12 (noon UTC 1757678400) before the one of 2025-09-10.
    expect(embeds.map((e) => /^<t:(\d+):D> — /.exec(e.description ?? '')?.[1])).toEqual(['1757678400', '1757678400']);
    expect(buttonsOf(reply.message).map((b) => b.label)).toEqual(['Next ▶']);
    noProblems();
  });

  it("/topic name: who said what on the topic, each speaker's statements together on a page", async () => {
    let reply = await ask('topic', { name: 'coalition' });
    expect(shown(reply.message.content)).toMatch(/^\*\*Coalition of the willing\*\* — The group of countries led by the UK and France/);
    const everyone = new Set<string>();
    for (let pages = 0; pages < 10; pages++) {
      const speakers = embedsOf(reply).map((e) => e.author!.name.replace(/^\d+\. /, '').split(',')[0]!);
      speakers.forEach((s) => everyone.add(s));
      // Grouped: once a speaker's run ends, that speaker does not come back on the page.
      const runs = speakers.filter((s, i) => s !== speakers[i - 1]);
      expect(new Set(runs).size).toBe(runs.length);
      const next = buttonsOf(reply.message).find((b) => b.label === 'Next ▶');
      if (!next) break;
      reply = await h.fake.waitForReply(h.fake.sendButton(next.custom_id).id);
    }
    expect(everyone).toContain('Giuseppe Cavo Dragone');
    expect(everyone).toContain('Aino Virtanen');
    noProblems();
  });

  it('/topic name speaker: one speaker on the topic', async () => {
    const reply = await ask('topic', { name: 'troops', speaker: 'Dragone' });
    expect(shown(reply.message.content)).toMatch(/^\*\*Troops on the ground: Giuseppe Cavo Dragone\*\*/);
    expect(embedsOf(reply).every((e) => e.author!.name.includes('Giuseppe Cavo Dragone'))).toBe(true);
    noProblems();
  });

  it('/search query: best matches first, as the index ranks them, with the matching words in bold', async () => {
    const reply = await ask('search', { query: 'guarantees' });
    expect(shown(reply.message.content)).toMatch(/^\*\*Search: guarantees\*\*\n/);
    const embeds = embedsOf(reply);
    expect(embeds.length).toBeGreaterThan(1);
    for (const e of embeds) expect(e.description).toMatch(/\*\*guarantees?\*\*/i);
    const ids = embeds.map((e) => Number(/#(\d+)$/.exec(e.footer!.text)![1]));
    const best = await h.app.context.index.findStatements({ text: 'guarantees' }, { limit: ids.length, cursor: null, order: 'relevance' });
    expect(ids).toEqual(best.items.map((s) => s.id));
    noProblems();
  });

  it('/search query speaker topic: narrowed to a speaker and a topic', async () => {
    const reply = await ask('search', { query: 'ceasefire', speaker: 'Virtanen', topic: 'guarantees' });
    expect(shown(reply.message.content)).toMatch(/^\*\*Search: ceasefire\*\* — Aino Virtanen · Security guarantees\n/);
    expect(embedsOf(reply).every((e) => e.author!.name.includes('Aino Virtanen'))).toBe(true);
    noProblems();
  });

  it('/speakers: people with role and statement count, most first, paged', async () => {
    const reply = await ask('speakers');
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Speakers');
    const lines = embed!.description!.split('\n');
    expect(lines[0]).toMatch(/^1\\\. \*\*Lena Moravec\*\*, Czech Foreign Minister — \d+$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^\d+\\\. \*\*Giuseppe Cavo Dragone\*\*, Chair of the NATO Military Committee — \d+$/),
    );
    const counts = lines.map((l) => Number(/— (\d+)$/.exec(l)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(embed?.footer?.text).toMatch(/^1–15 of \d+ speakers · \d+ more$/);
    expect(buttonsOf(reply.message).map((b) => b.label)).toEqual(['Next ▶']);
    noProblems();
  });

  it('/speakers topic: only those who spoke on it', async () => {
    const reply = await ask('speakers', { topic: 'coalition' });
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Speakers on Coalition of the willing');
    expect(embed?.description).toContain('**Giuseppe Cavo Dragone**');
    expect(embed?.description).not.toContain('Zelenskyy');
    noProblems();
  });

  it('/sources: the articles, newest first, linked where they have a URL', async () => {
    const reply = await ask('sources');
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Articles');
    expect(embed?.description).toContain('(<https://news.example.org/virtanen-guarantees>)');
    expect(embed?.description).toContain(`${SEED_TITLE}\nUNN · <t:1755950400:D> · `);
    const dates = [...embed!.description!.matchAll(/ · <t:(\d+):D> · /g)].map((m) => Number(m[1]!));
    expect(dates).toHaveLength(5);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    noProblems();
  });

  it('/sources speaker: the articles quoting that speaker', async () => {
    const reply = await ask('sources', { speaker: 'Virtanen' });
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Articles quoting Aino Virtanen');
    expect(embed?.footer?.text).toBe('2 articles');
    expect(embed?.description).toContain(`(<${HOSTILE_URL}>)`);
    noProblems();
  });

  it('/about: what the index holds and the version', async () => {
    const reply = await ask('about');
    const [embed] = embedsOf(reply);
    expect(embed?.title).toMatch(/^whosaid \d+\.\d+\.\d+/);
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Articles']).toBe('5 from 3 outlets');
    expect(shown(fields['Statements'])).toMatch(/^\d+ \(verbatim \d+, paraphrased \d+/);
    expect(Number(fields['Speakers'])).toBeGreaterThan(30);
    // A date and time, shown in the reader's time zone.
    expect(fields['Last update']).toMatch(/^<t:\d+:f>$/);
    expect(fields['Topics']).toMatch(/troops \d+, guarantees \d+, coalition \d+/);
    noProblems();
  });
});

describe('attribution at a glance', () => {
  it('shows verbatim text in quotation marks, paraphrase as reported speech, speaker and role, outlet, date, link', async () => {
    const reply = await ask('quote', { speaker: 'Virtanen', limit: 10 });
    const embeds = embedsOf(reply);
    const direct = embeds.find((e) => e.description?.startsWith('<t:1757678400:D> — “Guarantees that come after a ceasefire'));
    expect(direct).toMatchObject({
      author: { name: expect.stringMatching(/^\d+\. Aino Virtanen, Finnish Defence Minister$/) },
      title: 'Virtanen repeats her call for guarantees',
      url: 'https://news.example.org/virtanen-guarantees',
      description: expect.stringMatching(/”$/),
      footer: { text: expect.stringMatching(/^Test Wire · verbatim quote · #\d+$/) },
    });
    const reported = embeds.filter((e) => e.footer?.text.includes('reported speech (paraphrase)'));
    expect(reported.length).toBeGreaterThan(0);
    for (const e of reported) {
      expect(e.description).toMatch(/^<t:\d+:D> — \*[A-Z][a-z ]+:\* /);
      expect(e.description).not.toMatch(/[“”]/);
    }
    // The seed has no URL: no link, but the title of the article is there.
    const seed = embedsOf(await ask('quote', { speaker: 'Dragone' }));
    expect(seed.every((e) => e.title === SEED_TITLE && e.url === undefined)).toBe(true);
    expect(seed.flatMap((e) => e.fields ?? []).map((f) => f.name)).toContain('Context');
    noProblems();
  });

  it("cuts a page of long statements to Discord's limits at a word, with an ellipsis, and says how many more exist", async () => {
    const reply = await ask('quote', { speaker: 'Moravec', limit: 10 });
    const embeds = embedsOf(reply);
    expect(embeds).toHaveLength(10);
    expect(embedChars(embeds)).toBeLessThanOrEqual(6_000);
    const [, total, more] = /\n1–10 of (\d+) statements · (\d+) more$/.exec(reply.message.content ?? '') ?? [];
    expect(Number(total)).toBeGreaterThan(10);
    expect(Number(more)).toBe(Number(total) - 10);
    expect(reply.message.content!.length).toBeLessThanOrEqual(2_000);
    const cut = embeds.filter((e) => e.description!.endsWith('…'));
    expect(cut.length).toBeGreaterThan(0);
    // At a word: the character before the ellipsis ends a word, and the cut text is the start of the statement.
    for (const e of cut) expect(e.description).toMatch(/[\p{L}\p{N},.]…$/u);
    for (const e of embeds) {
      expect(e.title!.length).toBeLessThanOrEqual(256);
      expect(e.title).toBe(`${LONG_TITLE.slice(0, e.title!.length - 1).trimEnd()}…`);
      expect(e.url).toBe('https://news.example.org/long');
    }

    // The second page holds the 4,600-character quote: cut within 4,096.
    const [next] = buttonsOf(reply.message);
    const page = await h.fake.waitForReply(h.fake.sendButton(next!.custom_id).id);
    const longest = Math.max(...embedsOf(page).map((e) => e.description!.length));
    expect(longest).toBeLessThanOrEqual(4_096);
    expect(longest).toBeGreaterThan(1_000);
    expect(embedChars(embedsOf(page))).toBeLessThanOrEqual(6_000);
    noProblems();
  });
});

describe('autocomplete', () => {
  const complete = async (command: string, value: string, options: Record<string, string> = {}) => {
    const sent = h.fake.sendAutocomplete(command, { ...options, speaker: value }, 'speaker');
    const callback = await h.fake.waitForCallback(sent.id);
    expect(callback.type).toBe(8);
    expect(callback.status).toBe(204);
    expect(callback.latencyMs).toBeLessThan(3_000);
    return callback.data!.choices!;
  };

  it('suggests the best match first while the user types, for every command with a speaker option', async () => {
    for (const command of ['quote', 'topic', 'search', 'sources', 'summary']) {
      const choices = await complete(command, 'drag', command === 'topic' ? { name: 'troops' } : {});
      expect(choices[0]).toEqual({ name: 'Giuseppe Cavo Dragone (Chair of the NATO Military Committee)', value: 'Giuseppe Cavo Dragone' });
    }
    expect((await complete('quote', 'virta'))[0]?.value).toBe('Aino Virtanen');
    noProblems();
  });

  it('offers at most 25 choices of at most 100 characters, the most quoted first when nothing is typed', async () => {
    const many = await complete('quote', 'ana');
    expect(many).toHaveLength(25);
    for (const c of many) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
    }
    const top = await complete('quote', '');
    expect(top.length).toBeLessThanOrEqual(25);
    expect(top[0]?.value).toBe('Lena Moravec');
    noProblems();
  });

  it('the chosen value resolves to the speaker', async () => {
    const [choice] = await complete('quote', 'zelen');
    const reply = await ask('quote', { speaker: String(choice!.value) });
    expect(reply.message.flags ?? 0).not.toBe(EPHEMERAL);
    expect(embedsOf(reply)[0]?.author?.name).toMatch(/^1\. Volodymyr Zelenskyy/);
    noProblems();
  });
});
