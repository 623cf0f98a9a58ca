// End to end, /summary: a digest posted to the channel as a normal message, pinned on request, replacing the
// bot's previous pinned digest of the same topic, and clear words when a permission or the pin limit is in the way.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, Permission, ROUTES } from '../fake-discord/index.ts';
import type { StoredMessage } from '../fake-discord/index.ts';
import { EPHEMERAL, shown, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import { crowdArticle, longArticle } from './long-article.ts';

const MANAGER_ROLE = 'whosaid-editors';
/** The editors' role by id, as WHOSAID_MANAGER_ROLES names it. */
const MANAGER_ROLE_ID = '424242424242424242';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    fake: { pinLimit: 10 },
    env: { WHOSAID_MANAGER_ROLES: MANAGER_ROLE_ID },
    write: { 'long.md': longArticle(), 'crowd.md': crowdArticle() },
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  // Every test starts from a channel without pins and with the bot's permissions as the README asks.
  for (const pinned of h.fake.pins()) h.fake.world.unpin(pinned);
  h.fake.setChannelOverwrites([]);
});

const PINNER = DEFAULT_MEMBER_PERMISSIONS | Permission.PinMessages;

interface Posted {
  confirmation: string;
  post: StoredMessage | undefined;
}

/** Runs /summary and returns what the asker saw (the edit of the private deferral) and what the channel got. */
async function summary(
  options: Record<string, string | boolean>,
  memberPermissions: bigint = PINNER,
  memberRoles?: string[],
  appPermissions?: bigint,
): Promise<Posted> {
  const before = new Set(h.fake.channelMessages().map((m) => m.message['id']));
  const sent = h.fake.sendCommand('summary', options, { memberPermissions, memberRoles, appPermissions });
  const reply = await h.fake.waitForReply(sent.id);
  expect(reply.callback.type).toBe(5);
  expect(reply.callback.latencyMs).toBeLessThan(3_000);
  expect((reply.callback.body as { data?: { flags?: number } }).data?.flags).toBe(EPHEMERAL);
  const post = h.fake
    .channelMessages()
    .find(
      (m) =>
        !before.has(m.message['id']) &&
        !m.ephemeral &&
        m.message['author'] &&
        (m.message['embeds'] as unknown[]).length > 0 &&
        m.message['webhook_id'] === undefined,
    );
  return { confirmation: shown(reply.message.content || reply.message.embeds?.[0]?.description), post };
}

const footer = (m: StoredMessage) => (m.message['embeds'] as { footer?: { text: string } }[])[0]?.footer?.text;

function noProblems() {
  expect(h.fake.violations).toEqual([]);
  expect(h.fake.unknownRequests).toEqual([]);
  expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
}

describe('/summary', () => {
  it('posts a digest per speaker (key statements, count, date range) as a normal channel message', async () => {
    const { confirmation, post } = await summary({ topic: 'guarantees' }, DEFAULT_MEMBER_PERMISSIONS);
    expect(post).toBeDefined();
    expect(post!.ephemeral).toBe(false);
    expect(post!.pinnedAt).toBeNull();
    expect(post!.message['author']).toMatchObject({ id: h.fake.botUser.id });
    const [embed] = post!.message['embeds'] as {
      title: string;
      description: string;
      fields: { name: string; value: string }[];
      footer: { text: string };
    }[];
    expect(embed!.title).toBe('Summary: Security guarantees');
    expect(embed!.description).toMatch(/^\d+ statements from \d+ speakers$/);
    expect(embed!.footer.text).toBe('whosaid summary · guarantees');
    const virtanen = embed!.fields.find((f) => f.name.startsWith('Aino Virtanen'));
    expect(virtanen?.name).toMatch(/^Aino Virtanen, Finnish Defence Minister — \d+ statements$/);
    // The date range opens the value (2025-09-10 – 2025-09-12 as markup: a field name would show it raw), then
    // the key statements, verbatim first, each with its outlet and date.
    const [span, first] = shown(virtanen?.value).split('\n');
    expect(span).toBe('<t:1757505600:D> – <t:1757678400:D>');
    expect(first).toMatch(/^• “.+” \(Test Wire, <t:(1757505600|1757678400):D>\)$/);
    const dragone = embed!.fields.find((f) => f.name.startsWith('Giuseppe Cavo Dragone'));
    expect(dragone?.name).toMatch(/— \d+ statements$/);
    expect(dragone?.value.split('\n')[0]).toBe('<t:1755950400:D>');
    // Two key statements shown; the field says how many more there are and how to list them.
    const count = Number(/— (\d+) statements/.exec(dragone!.name)![1]);
    expect(shown(dragone!.value).split('\n').at(-1)).toBe(
      `… and ${count - 2} more (/quote speaker:Giuseppe Cavo Dragone topic:guarantees)`,
    );
    expect(confirmation).toBe(`Summary posted: https://discord.com/channels/${h.fake.guildId}/${h.fake.channelId}/${post!.message['id']}`);
    noProblems();
  });

  it('reads well on a crowded topic: says how many speakers are left out, and long statements share their field', async () => {
    const { post } = await summary({ topic: 'troops' }, DEFAULT_MEMBER_PERMISSIONS);
    const [embed] = post!.message['embeds'] as { description: string; fields: { name: string; value: string }[] }[];
    expect(embed!.fields).toHaveLength(8);
    expect(embed!.description).toMatch(/^\d+ statements from 8 speakers \(the most quoted; \d+ more not shown\)$/);
    const moravec = embed!.fields.find((f) => f.name.startsWith('Lena Moravec'))!;
    expect(moravec.value.length).toBeLessThanOrEqual(1_024);
    const [more, ...bullets] = moravec.value.split('\n').reverse();
    expect(shown(more)).toMatch(/^… and \d+ more \(\/quote speaker:Lena Moravec topic:troops\)$/);
    expect(bullets).toHaveLength(3);
    expect(bullets.pop()).toBe('<t:1757937600:D>');
    for (const bullet of bullets) expect(bullet).toMatch(/^• “.{200,}…” \(Test Wire, <t:1757937600:D>\)$/);
    noProblems();
  });

  it("with pin:true pins it; a new pinned summary of the topic unpins the bot's previous one, and nothing else", async () => {
    const memberPin = h.fake.seedMessage(
      { embeds: [{ title: 'mine', footer: { text: 'whosaid summary · coalition' } }] },
      { pinned: true },
    );
    const otherTopic = await summary({ topic: 'troops', pin: true });
    expect(otherTopic.post!.pinnedAt).not.toBeNull();

    const first = await summary({ topic: 'coalition', pin: true });
    expect(first.confirmation).toMatch(/^Summary posted and pinned: https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+$/);
    expect(first.post!.pinnedAt).not.toBeNull();

    const second = await summary({ topic: 'coalition', pin: true });
    expect(second.confirmation).toMatch(/^Summary posted and pinned: .+ \(the previous summary of this topic was unpinned\)$/);
    const pinnedIds = h.fake.pins().map((m) => m.message['id']);
    expect(pinnedIds).toContain(second.post!.message['id']);
    expect(pinnedIds).not.toContain(first.post!.message['id']);
    // Another topic's summary and another user's message with the same footer keep their pins.
    expect(pinnedIds).toContain(otherTopic.post!.message['id']);
    expect(pinnedIds).toContain(memberPin.message['id']);
    expect(footer(h.fake.pins()[0]!)).toBe('whosaid summary · coalition');
    noProblems();
  });

  it.each([
    ['Send Messages', Permission.SendMessages, false],
    ['Embed Links', Permission.EmbedLinks, false],
    ['Pin Messages', Permission.PinMessages, true],
  ] as const)('says which permission is missing in the channel: %s', async (name, bit, pin) => {
    h.fake.setChannelOverwrites([{ id: h.fake.world.botRoleId, type: 0, allow: 0n, deny: bit }]);
    const posts = h.fake.requests.filter((r) => r.route === ROUTES.messageCreate).length;
    const { confirmation, post } = await summary({ topic: 'coalition', pin });
    expect(confirmation).toBe(
      `I can't post the summary here: I'm missing the ${name} permission in this channel. Ask a server admin to grant it to me.`,
    );
    expect(post).toBeUndefined();
    expect(h.fake.requests.filter((r) => r.route === ROUTES.messageCreate)).toHaveLength(posts);
    noProblems();
  });

  it('when Discord refuses the post or the pin despite the permissions the interaction carried, says so plainly', async () => {
    h.fake.setChannelOverwrites([{ id: h.fake.world.botRoleId, type: 0, allow: 0n, deny: Permission.SendMessages }]);
    const post = await summary({ topic: 'coalition' }, PINNER, undefined, ALL_PERMISSIONS);
    expect(post.post).toBeUndefined();
    expect(post.confirmation).toBe(
      "I can't post the summary here: Discord says I'm not allowed to (check my View Channel, Send Messages and Embed Links permissions in this channel).",
    );

    h.fake.setChannelOverwrites([{ id: h.fake.world.botRoleId, type: 0, allow: 0n, deny: Permission.PinMessages }]);
    const pin = await summary({ topic: 'coalition', pin: true }, PINNER, undefined, ALL_PERMISSIONS);
    expect(pin.post).toBeDefined();
    expect(pin.post!.pinnedAt).toBeNull();
    expect(pin.confirmation).toMatch(
      /^Summary posted \(https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+\), but not pinned: Discord says I'm not allowed to pin here \(Pin Messages permission\)\.$/,
    );
    expect(h.logs.filter((l) => l.msg === 'the channel refused the summary' || l.msg === 'the channel refused the pin')).toHaveLength(2);
    noProblems();
  });

  it('without Pin Messages the bot still posts a summary when no pin is asked for', async () => {
    h.fake.setChannelOverwrites([{ id: h.fake.world.botRoleId, type: 0, allow: 0n, deny: Permission.PinMessages }]);
    const { post } = await summary({ topic: 'coalition' });
    expect(post).toBeDefined();
    noProblems();
  });

  it('at the channel pin limit (30003) posts the summary and says clearly why it is not pinned', async () => {
    for (let i = 0; i < 10; i++) h.fake.seedMessage({ content: `pinned ${i}` }, { pinned: true });
    const { confirmation, post } = await summary({ topic: 'negotiations', pin: true });
    expect(post).toBeDefined();
    expect(post!.pinnedAt).toBeNull();
    expect(confirmation).toMatch(
      /^Summary posted \(https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+\), but not pinned: this channel has reached Discord's pin limit\. Unpin an older message and run \/summary again with pin:true\.$/,
    );
    expect(h.fake.requests.some((r) => r.route === ROUTES.pinAdd && (r.response as { code?: number })?.code === 30003)).toBe(true);
    noProblems();
  });

  it('at the pin limit, replacing its own previous summary of the topic makes the room it needs', async () => {
    for (let i = 0; i < 9; i++) h.fake.seedMessage({ content: `pinned ${i}` }, { pinned: true });
    const first = await summary({ topic: 'negotiations', pin: true });
    expect(first.post!.pinnedAt).not.toBeNull();
    const second = await summary({ topic: 'negotiations', pin: true });
    expect(second.post!.pinnedAt).not.toBeNull();
    expect(h.fake.pins()).toHaveLength(10);
    expect(h.fake.pins().map((m) => m.message['id'])).not.toContain(first.post!.message['id']);
    noProblems();
  });

  it('only members allowed to pin may use pin:true: Pin Messages, Manage Messages, or the manager role', async () => {
    const refused = await summary({ topic: 'coalition', pin: true }, DEFAULT_MEMBER_PERMISSIONS);
    expect(refused.post).toBeUndefined();
    // Private: the deferral the refusal completes was ephemeral (checked in summary()).
    expect(refused.confirmation).toMatch(/^Only members who may pin messages \(Pin Messages or Manage Messages/);

    const manager = await summary({ topic: 'coalition', pin: true }, DEFAULT_MEMBER_PERMISSIONS | Permission.ManageMessages);
    expect(manager.post?.pinnedAt).not.toBeNull();

    const roleId = h.fake.addRole(MANAGER_ROLE, 0n, MANAGER_ROLE_ID);
    const editor = await summary({ topic: 'coalition', pin: true }, DEFAULT_MEMBER_PERMISSIONS, [roleId]);
    expect(editor.post?.pinnedAt).not.toBeNull();

    // A role anyone with Manage Roles can make, with the same name: names do not count.
    const lookalike = h.fake.addRole(MANAGER_ROLE);
    const impostor = await summary({ topic: 'coalition', pin: true }, DEFAULT_MEMBER_PERMISSIONS, [lookalike]);
    expect(impostor.post).toBeUndefined();

    const otherRole = h.fake.addRole('readers');
    const reader = await summary({ topic: 'coalition', pin: true }, DEFAULT_MEMBER_PERMISSIONS, [otherRole]);
    expect(reader.post).toBeUndefined();
    noProblems();
  });
});
