// Tenancy end to end (issue 12, finding 1), through the fake Discord with two servers: what a manager of one
// server uploads or follows is that server's own. The other server's /quote, autocomplete, "also reported by",
// watches and /feeds list and remove see nothing of it; the uploading server sees the upload marked as such.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_PERMISSIONS, Permission } from '../fake-discord/index.ts';
import { shown, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import type { Store } from '../../src/store/store.ts';
import { startFeedSite, type FeedSite } from '../feeds/feed-site.ts';
import { BASELINE } from '../feeds/stories.ts';

const MANAGER = DEFAULT_MEMBER_PERMISSIONS | Permission.ManageGuild;
const SECOND = { guild: 'second' as const };
/** The seed article's Rutte sentence, repeated word for word by the uploaded file (it would "corroborate" it). */
const SEED_RUTTE =
  'NATO Secretary General Mark Rutte stated that US President Donald Trump has made it a priority not only to break the deadlock in relations with Russian dictator Vladimir Putin, but also to make him understand that the US will participate in providing security guarantees to Ukraine, which will consist of two levels.';
const INVENTED = 'We will move two new brigades to the eastern flank before the thaw';
/** A fictional article claiming to be from Reuters, uploaded by a manager of the second server. */
const FAKE_REUTERS = `---
title: "Alliance chief sets out a spring plan"
outlet: Reuters
url: https://www.reuters.com/world/alliance-chief-spring-plan
published: 2025-09-10
language: en
---

NATO Secretary General Mark Rutte told reporters in Brussels: "${INVENTED}."

${SEED_RUTTE}

Harbour pilot Ilse Varenkamp said the convoy lanes would stay open all winter.
`;

let h: Harness;
let store: Store;
let site: FeedSite;

beforeAll(async () => {
  // The fake serves attachments on 127.0.0.1.
  h = await startHarness({ env: { WHOSAID_ALLOW_PRIVATE_FETCH: 'true' } });
  site = await startFeedSite();
  store = h.app.context.index as Store;
}, 60_000);

afterAll(async () => {
  await h?.close();
  await site?.close();
});

const text = (value: unknown) => JSON.stringify(value);

describe('two servers', () => {
  it("a second server's upload is its own: the first server's /quote, watch and autocomplete never see it", async () => {
    // The first server watches Rutte before the upload.
    const watch = await h.fake.waitForReply(
      h.fake.sendCommand('watch', { subcommand: 'add', speaker: 'Rutte' }, { memberPermissions: MANAGER }).id,
    );
    expect(shown(watch.message.embeds?.[0]?.title)).toMatch(/^Watch #\d+ added$/);
    const postsBefore = h.fake.channelMessages().length;

    const file = h.fake.attachment('reuters.md', FAKE_REUTERS, 'text/markdown; charset=utf-8');
    const added = await h.fake.waitForReply(h.fake.sendCommand('ingest', { file }, { memberPermissions: MANAGER, ...SECOND }).id);
    expect(added.message.embeds?.[0]?.title).toBe('Added: Alliance chief sets out a spring plan');

    // The first server: the invented quote is not Rutte's, and nobody "also reported" the seed's sentence.
    const home = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Rutte' }).id);
    expect(text(home.message.embeds)).toContain('security guarantees to Ukraine');
    expect(text(home.message.embeds)).not.toContain('brigades');
    expect(text(home.message.embeds)).not.toContain('Reuters');
    // Its Rutte watch posted nothing of the other server's upload.
    expect(
      h.fake
        .channelMessages()
        .slice(postsBefore)
        .filter((m) => text(m.message).includes('brigades')),
    ).toEqual([]);
    // A speaker known only from the other server's upload is not offered here.
    const choices = await h.fake.waitForCallback(h.fake.sendAutocomplete('quote', { speaker: 'Varenk' }, 'speaker').id);
    expect((choices.body as { data: { choices: unknown[] } }).data.choices).toEqual([]);
    const search = await h.fake.waitForReply(h.fake.sendCommand('search', { text: 'brigades' }).id);
    expect(text(search.message)).not.toContain(INVENTED);
    // The console and CLI (the global view) do not see it either.
    expect((await store.findStatements({ text: 'brigades' }, { limit: 5 })).total).toBe(0);
  });

  it('the uploading server sees its upload, marked as uploaded by a member of this server', async () => {
    const there = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Rutte' }, SECOND).id);
    const embeds = there.message.embeds ?? [];
    const invented = embeds.find((e) => (e.description ?? '').includes('brigades'));
    expect(invented?.footer?.text).toMatch(/^Reuters \(uploaded by a member of this server\) · [^·]+ · #\d+$/);
    // Its date, 2025-09-10, leads the description as timestamp markup.
    expect(invented?.description).toMatch(/^<t:1757505600:D> — /);
    const choices = await h.fake.waitForCallback(h.fake.sendAutocomplete('quote', { speaker: 'Varenk' }, 'speaker', SECOND).id);
    expect(text(choices.body)).toContain('Ilse Varenkamp');
  });

  it("a server lists only its own feeds and cannot remove another server's", async () => {
    const feed = await store.feeds.add({
      url: 'https://news.example.org/home-feed.xml',
      title: 'Home feed',
      addedBy: 'test',
      // Not due for a day: the poller leaves it alone during the test.
      nowMs: Date.now() + 86_400_000,
      guildId: h.fake.guildId,
    });
    const otherList = await h.fake.waitForReply(h.fake.sendCommand('feeds', { subcommand: 'list' }, SECOND).id);
    expect(text(otherList.message)).not.toContain('home-feed.xml');
    expect(otherList.message.embeds?.[0]?.title).toBe('No feeds');

    const removal = await h.fake.waitForReply(
      h.fake.sendCommand('feeds', { subcommand: 'remove', feed: String(feed.id) }, { memberPermissions: MANAGER, ...SECOND }).id,
    );
    expect(removal.message.embeds?.[0]?.title).toBe('No such feed');
    expect(await store.feeds.get(feed.id)).not.toBeNull();

    const homeList = await h.fake.waitForReply(h.fake.sendCommand('feeds', { subcommand: 'list' }).id);
    expect(homeList.message.embeds?.[0]?.fields?.[0]?.name).toBe(`#${feed.id} Home feed`);
  });

  it('both servers follow the same feed address, each its own feed; removing one leaves the other (issue 12)', async () => {
    site.publish('rss', BASELINE);
    const url = site.feedUrl('rss');
    const home = await h.fake.waitForReply(h.fake.sendCommand('feeds', { subcommand: 'add', url }, { memberPermissions: MANAGER }).id);
    expect(home.message.embeds?.[0]?.title).toBe('Following: Lakeside Courier — Security');
    const other = await h.fake.waitForReply(
      h.fake.sendCommand('feeds', { subcommand: 'add', url }, { memberPermissions: MANAGER, ...SECOND }).id,
    );
    expect(other.message.embeds?.[0]?.title).toBe('Following: Lakeside Courier — Security');
    const homeFeed = await store.feeds.byUrl(url, h.fake.guildId);
    const otherFeed = await store.feeds.byUrl(url, h.fake.world.secondGuildId);
    expect(homeFeed && otherFeed && homeFeed.id !== otherFeed.id).toBe(true);
    // Adding it again in the same server is the same feed.
    const again = await h.fake.waitForReply(
      h.fake.sendCommand('feeds', { subcommand: 'add', url }, { memberPermissions: MANAGER, ...SECOND }).id,
    );
    expect(text(again.message)).toContain(`#${otherFeed!.id}`);
    expect((await store.feeds.list()).filter((f) => f.url === url)).toHaveLength(2);

    const removal = await h.fake.waitForReply(
      h.fake.sendCommand('feeds', { subcommand: 'remove', feed: url }, { memberPermissions: MANAGER, ...SECOND }).id,
    );
    expect(text(removal.message)).toContain(`#${otherFeed!.id}`);
    expect(await store.feeds.get(otherFeed!.id)).toBeNull();
    expect(await store.feeds.get(homeFeed!.id)).not.toBeNull();
    const homeList = await h.fake.waitForReply(h.fake.sendCommand('feeds', { subcommand: 'list' }).id);
    expect(text(homeList.message)).toContain(`#${homeFeed!.id} Lakeside Courier — Security`);
  });

  it("a server lists only its own watches and cannot remove another server's", async () => {
    const home = (await store.watches.list(h.fake.guildId))[0];
    expect(home).toBeDefined();
    const list = await h.fake.waitForReply(h.fake.sendCommand('watch', { subcommand: 'list' }, SECOND).id);
    expect(text(list.message)).not.toContain(`#${home!.id}`);
    const removal = await h.fake.waitForReply(
      h.fake.sendCommand('watch', { subcommand: 'remove', watch: home!.id }, { memberPermissions: MANAGER, ...SECOND }).id,
    );
    expect(removal.message.embeds?.[0]?.title).toBe('No such watch');
    expect(await store.watches.get(home!.id)).not.toBeNull();
  });
});

describe('speakers shared by the servers', () => {
  it("a server's upload does not change the role every server is shown for a speaker", async () => {
    const before = await store.lookupSpeaker('Aino Virtanen');
    expect(before).toMatchObject({ kind: 'found', speaker: { role: 'Finnish Defence Minister' } });
    const file = h.fake.attachment(
      'virtanen.md',
      `---\ntitle: "Virtanen speaks on winter shipping"\noutlet: Reuters\npublished: 2025-10-01\n---\n\nFinnish Prime Minister Aino Virtanen said that the winter shipping lanes would be guarded by three navies.\n\nThe plan covers the ports of the northern gulf, where ice closes the smaller harbours for weeks each year and the larger ones need escorts from December to April.\n\nShipping firms have asked for the escorts to start earlier, citing the convoys that waited for days last winter outside the closed harbours of the gulf.\n`,
      'text/markdown; charset=utf-8',
    );
    const added = await h.fake.waitForReply(h.fake.sendCommand('ingest', { file }, { memberPermissions: MANAGER, ...SECOND }).id);
    expect(added.message.embeds?.[0]?.title).toBe('Added: Virtanen speaks on winter shipping');
    expect(await store.lookupSpeaker('Aino Virtanen')).toMatchObject({ kind: 'found', speaker: { role: 'Finnish Defence Minister' } });
  });
});
