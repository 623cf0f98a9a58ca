// Self-tests of the fake Discord: a bare discord.js Client (the same library the bot uses) logs in,
// answers interactions, survives gateway faults, and the fake flags every body Discord would reject.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  MessageFlags,
  ApplicationCommandOptionType,
} from 'discord.js';
import type { ClientOptions, Interaction, TextChannel } from 'discord.js';
import { Permission, ROUTES, startFakeDiscord } from './index.ts';
import type { FakeDiscord, FakeDiscordOptions } from './index.ts';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ timeoutMs: 3_000, ...options });
  cleanups.push(() => fake.close());
  return fake;
}

type Handler = (interaction: Interaction) => Promise<unknown>;

/** A discord.js Client logged in to the fake, ready; `handler` answers every interaction. */
async function readyClient(fake: FakeDiscord, handler: Handler, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl },
    allowedMentions: { parse: [] },
    ...options,
  });
  cleanups.push(() => client.destroy());
  const errors: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => errors.push(error));
  });
  (client as Client & { handlerErrors: unknown[] }).handlerErrors = errors;
  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(3_000) });
  await client.login(fake.token);
  await ready;
  return client;
}

function handlerErrors(client: Client): unknown[] {
  return (client as Client & { handlerErrors: unknown[] }).handlerErrors;
}

/** Waits (bounded) until the client has seen a handler error. */
async function firstHandlerError(client: Client): Promise<unknown> {
  for (let i = 0; i < 100 && handlerErrors(client).length === 0; i++) await sleep(20);
  return handlerErrors(client)[0];
}

const quoteReply: Handler = async (interaction) => {
  if (!interaction.isChatInputCommand()) return;
  const speaker = interaction.options.getString('speaker', true);
  await interaction.reply({
    embeds: [{ title: `Statements by ${speaker}`, description: '“We must be ready.”', fields: [{ name: 'Outlet', value: 'UNN' }] }],
  });
};

describe('fake Discord: login', () => {
  it('lets a discord.js Client log in with GET /gateway/bot only, and delivers the guild with its channel', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake, async () => undefined);

    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.user?.bot).toBe(true);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.available).toBe(true);
    const channel = guild?.channels.cache.get(fake.channelId);
    expect(channel?.isTextBased()).toBe(true);
    for (const id of [fake.applicationId, fake.guildId, fake.channelId, fake.memberUser.id]) expect(id).toMatch(/^\d{17,19}$/);

    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v10/gateway/bot']);
    expect(fake.requests[0]?.headers['authorization']).toBe(`Bot ${fake.token}`);
    const identify = fake.gatewayEvents.find((e) => e.kind === 'identify');
    expect(identify).toMatchObject({ intents: GatewayIntentBits.Guilds });
    expect(fake.gatewayEvents.find((e) => e.kind === 'connected')).toMatchObject({ query: { v: '10', encoding: 'json' } });
  });

  it('answers heartbeats with ACKs', async () => {
    const fake = await fakeDiscord({ heartbeatIntervalMs: 100 });
    const client = await readyClient(fake, async () => undefined);
    const heartbeat = await fake.waitForGateway((e) => e.kind === 'heartbeat', 'a heartbeat');
    expect(heartbeat).toMatchObject({ acked: true });
    // discord.js measures the ping (-1 until then) when the ACK arrives.
    for (let i = 0; i < 50 && client.ws.ping < 0; i++) await sleep(20);
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
  });

  it('refuses a wrong token at IDENTIFY and on REST', async () => {
    const fake = await fakeDiscord();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    cleanups.push(() => client.destroy());
    await expect(client.login('AAAAAAAAAAAAAAAAAAAAAAAA.BBBBBB.CCCCCCCCCCCCCCCCCCCCCCCCCCC')).rejects.toThrow();
    expect(fake.requests[0]?.status).toBe(401);
  });
});

describe('fake Discord: interactions', () => {
  it('dispatches a slash command with options and records the exact reply', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, quoteReply);

    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const callback = await fake.waitForCallback(sent.id);

    expect(callback.status).toBe(204);
    expect(callback.request.query).toEqual({ with_response: 'false' });
    expect(callback.request.headers['authorization']).toBeUndefined();
    expect(callback.body).toEqual({
      type: 4,
      data: {
        embeds: [{ title: 'Statements by Dragone', description: '“We must be ready.”', fields: [{ name: 'Outlet', value: 'UNN' }] }],
        allowed_mentions: { parse: [] },
        tts: false,
        enforce_nonce: false,
      },
    });
    expect(callback.latencyMs).toBeGreaterThan(0);
    expect(callback.latencyMs).toBeLessThan(3_000);
    expect(fake.violations).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
    // The reply exists in the channel as the bot's message.
    expect(fake.channelMessages().at(-1)?.message).toMatchObject({ author: { id: fake.botUser.id }, type: 20 });
  });

  it('builds payloads discord.js accepts: member, permissions, channel, locale, registered option types', async () => {
    const fake = await fakeDiscord();
    const seen: Record<string, unknown>[] = [];
    const client = await readyClient(fake, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push({
        guild: interaction.guildId,
        channel: interaction.channelId,
        user: interaction.user.id,
        memberCanPin: interaction.memberPermissions?.has(Permission.PinMessages),
        appCanPin: interaction.appPermissions.has(Permission.PinMessages),
        limit: interaction.options.getInteger('limit'),
        locale: interaction.locale,
      });
      await interaction.reply({ content: 'ok' });
    });
    await client.application!.commands.set(
      [
        {
          name: 'quote',
          description: 'Statements by a speaker',
          options: [
            { name: 'speaker', description: 'Who', type: ApplicationCommandOptionType.String, required: true, autocomplete: true },
            { name: 'limit', description: 'How many', type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 10 },
          ],
        },
      ],
      fake.guildId,
    );
    const registered = fake.commands();
    expect(registered.map((c) => c.name)).toEqual(['quote']);
    expect(registered[0]?.id).toMatch(/^\d{17,19}$/);
    expect(fake.violations).toEqual([]);

    const sent = fake.sendCommand('quote', { speaker: 'Dragone', limit: 3 }, { memberPermissions: Permission.ViewChannel });
    expect(sent.payload.data).toMatchObject({
      id: registered[0]?.id,
      options: [
        { name: 'speaker', type: 3 },
        { name: 'limit', type: 4, value: 3 },
      ],
    });
    await fake.waitForCallback(sent.id);
    expect(seen).toEqual([
      {
        guild: fake.guildId,
        channel: fake.channelId,
        user: fake.memberUser.id,
        memberCanPin: false,
        appCanPin: true,
        limit: 3,
        locale: 'en-US',
      },
    ]);
  });

  it('follows a deferral to the edit of @original and records follow-ups', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await sleep(50);
      await interaction.editReply({ content: 'Cavo Dragone said ...' });
      await interaction.followUp({ content: 'and more', flags: MessageFlags.Ephemeral });
    });

    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const reply = await fake.waitForReply(sent.id);
    expect(reply.deferred).toBe(true);
    expect(reply.callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(reply.message).toMatchObject({ content: 'Cavo Dragone said ...', allowed_mentions: { parse: [] } });
    expect(reply.via).toBe('edit');
    expect(reply.completion?.status).toBe(200);
    expect(reply.latencyMs).toBeGreaterThanOrEqual(reply.callback.latencyMs);
    const followup = await fake.waitForFollowup(sent.id);
    expect(followup.body).toMatchObject({ content: 'and more', flags: MessageFlags.Ephemeral });
    expect(followup.request.query).toMatchObject({ wait: 'true' });
    expect(fake.violations).toEqual([]);
  });

  it('takes an ephemeral follow-up after a deferral as the reply', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.deleteReply();
      await interaction.followUp({ content: 'No statements', flags: MessageFlags.Ephemeral });
    });
    const reply = await fake.waitForReply(fake.sendCommand('quote', { speaker: 'Nobody' }).id);
    expect(reply).toMatchObject({ deferred: true, via: 'followup', message: { content: 'No statements', flags: MessageFlags.Ephemeral } });
    expect(fake.requests.map((r) => r.route)).toContain(ROUTES.originalDelete);
  });

  it('delivers autocomplete and flags more than 25 choices or values over 100 characters', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      const count = typed === 'many' ? 26 : 2;
      await interaction.respond(
        Array.from({ length: count }, (_, i) => ({ name: `Speaker ${i}`, value: typed === 'long' ? 'v'.repeat(101) : `s${i}` })),
      );
    });

    const good = fake.sendAutocomplete('quote', { speaker: 'Drag' }, 'speaker');
    expect(good.payload.type).toBe(4);
    expect(good.payload.data['options']).toEqual([{ name: 'speaker', type: 3, value: 'Drag', focused: true }]);
    const ok = await fake.waitForCallback(good.id);
    expect(ok.type).toBe(8);
    expect(ok.data?.choices).toEqual([
      { name: 'Speaker 0', value: 's0' },
      { name: 'Speaker 1', value: 's1' },
    ]);
    expect(fake.violations).toEqual([]);

    const many = await fake.waitForCallback(fake.sendAutocomplete('quote', { speaker: 'many' }, 'speaker').id);
    expect(many.status).toBe(400);
    const long = await fake.waitForCallback(fake.sendAutocomplete('quote', { speaker: 'long' }, 'speaker').id);
    expect(long.status).toBe(400);
    expect(fake.violations.flatMap((v) => v.problems.map((p) => p.path))).toEqual(
      expect.arrayContaining(['data.choices', 'data.choices[0].value']),
    );
  });

  it("delivers a button click on the bot's message and records the update", async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, async (interaction) => {
      const row = (page: number) =>
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId(`quote:next:${page}`).setLabel('Next').setStyle(ButtonStyle.Secondary),
        );
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'page 1', components: [row(2)] });
      if (interaction.isButton()) {
        const page = Number(interaction.customId.split(':')[2]);
        await interaction.update({ content: `page ${page} of ${interaction.message.content}`, components: [row(page + 1)] });
      }
    });

    const command = fake.sendCommand('quote', { speaker: 'Dragone' });
    await fake.waitForCallback(command.id);
    const click = fake.sendButton('quote:next:2');
    expect(click.payload['message']).toMatchObject({ content: 'page 1', author: { id: fake.botUser.id } });
    const update = await fake.waitForReply(click.id);
    expect(update.callback.type).toBe(7);
    expect(update.message.content).toBe('page 2 of page 1');
    expect(
      fake.channelMessages().find((m) => m.message['id'] === (click.payload['message'] as { id: string }).id)?.message['content'],
    ).toBe('page 2 of page 1');
    expect(fake.violations).toEqual([]);
  });

  it('delivers an attachment option, resolved, that the bot can download from the fake CDN', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const file = interaction.options.getAttachment('file', true);
      const text = await (await fetch(file.url, { signal: AbortSignal.timeout(2_000) })).text();
      await interaction.reply({ content: `${file.name} (${file.contentType}, ${file.size} bytes): ${text.split('\n')[0]}` });
    });
    const file = fake.attachment('article.md', '---\ntitle: T\n---\nBody');
    const sent = fake.sendCommand('ingest', { file });
    expect(sent.payload.data).toMatchObject({
      options: [{ name: 'file', type: 11, value: file.id }],
      resolved: { attachments: { [file.id]: file } },
    });

    const callback = await fake.waitForCallback(sent.id);
    expect(callback.data?.content).toBe('article.md (text/plain; charset=utf-8, 21 bytes): ---');
    expect(fake.requests.find((r) => r.route === ROUTES.attachmentDownload)).toMatchObject({
      status: 200,
      params: { attachment: file.id },
    });
    expect(fake.unknownRequests).toEqual([]);
  });

  it('uploads files as multipart and records the payload and the file', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({ content: 'export', files: [{ attachment: Buffer.from('a,b\n1,2\n'), name: 'quotes.csv' }] });
      }
    });
    const callback = await fake.waitForCallback(fake.sendCommand('export').id);
    expect(callback.request.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(callback.body).toMatchObject({ type: 4, data: { content: 'export', allowed_mentions: { parse: [] } } });
    expect(callback.request.files).toEqual([
      { field: 'files[0]', filename: 'quotes.csv', contentType: expect.any(String), size: 8, data: Buffer.from('a,b\n1,2\n') },
    ]);
  });
});

describe('fake Discord: validation', () => {
  it("answers 400 / 50035 to a reply over Discord's embed limits and records the violation", async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      // Each embed is within the per-field limits; together they exceed 6,000 characters.
      const long = 'x'.repeat(4_000);
      await interaction.reply({ embeds: [{ description: long }, { description: long, title: 't'.repeat(257) }] });
    });

    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.status).toBe(400);
    expect(callback.request.response).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    const problems = fake.violations.flatMap((v) => v.problems);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'data.embeds[1].title', source: 'spec' }),
        expect.objectContaining({ path: 'data.embeds', source: 'limit', message: expect.stringContaining('8257') }),
      ]),
    );
    const error = await firstHandlerError(client);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
  });

  it('flags content over 2,000 characters and a reply without allowed_mentions', async () => {
    const fake = await fakeDiscord();
    await readyClient(
      fake,
      async (interaction) => {
        if (interaction.isChatInputCommand()) await interaction.reply({ content: interaction.options.getString('text', true) });
      },
      { allowedMentions: undefined },
    );
    const pinging = await fake.waitForCallback(fake.sendCommand('say', { text: 'hello @everyone' }).id);
    expect(pinging.status).toBe(400);
    const long = await fake.waitForCallback(fake.sendCommand('say', { text: 'y'.repeat(2_001) }).id);
    expect(long.status).toBe(400);
    expect(fake.violations.map((v) => v.problems.map((p) => `${p.source} ${p.path}`))).toEqual([
      ['mentions data.allowed_mentions'],
      ['spec data.content', 'limit data.content', 'mentions data.allowed_mentions'],
    ]);
  });

  it('flags a custom_id over 100 characters and a button label over 80', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({
        content: 'paging',
        components: [{ type: 1, components: [{ type: 2, style: 2, custom_id: 'c'.repeat(101), label: 'l'.repeat(81) }] }],
      });
    });
    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.status).toBe(400);
    const paths = fake.violations.flatMap((v) => v.problems.filter((p) => p.source === 'limit').map((p) => p.path));
    expect(paths).toEqual(['data.components[0].components[0].custom_id', 'data.components[0].components[0].label']);
  });

  it('with validation off, accepts what Discord would refuse (for benchmarks)', async () => {
    const fake = await fakeDiscord({ validation: 'off' });
    await readyClient(fake, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'z'.repeat(2_001) });
    });
    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.status).toBe(204);
    expect(fake.violations).toEqual([]);
  });

  it('answers 10062 to an acknowledgement after the deadline', async () => {
    const fake = await fakeDiscord({ ackDeadlineMs: 100 });
    const client = await readyClient(fake, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await sleep(200);
      await interaction.reply({ content: 'too late' });
    });
    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.status).toBe(404);
    expect(callback.request.response).toEqual({ message: 'Unknown interaction', code: 10062 });
    expect(((await firstHandlerError(client)) as DiscordAPIError).code).toBe(10062);
  });
});

describe('fake Discord: REST routes', () => {
  async function api(fake: FakeDiscord, method: string, path: string, body?: unknown, auth = true) {
    const response = await fetch(`${fake.apiUrl}/v10${path}`, {
      method,
      headers: { ...(auth ? { authorization: `Bot ${fake.token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(2_000),
    });
    return { status: response.status, body: response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>) };
  }

  it('posts to the channel, pins newest-first with paging, enforces the pin limit and Pin Messages', async () => {
    const fake = await fakeDiscord({ pinLimit: 3 });
    const rules = fake.seedMessage({ content: 'house rules' }, { pinned: true });
    const client = await readyClient(fake, async () => undefined);
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;

    const first = await channel.send({ content: 'summary: troops' });
    expect(first.author.id).toBe(fake.botUser.id);
    const second = await channel.send({ embeds: [{ title: 'summary: guarantees' }] });
    await first.pin();
    await second.pin();
    const pins = await channel.messages.fetchPins();
    expect(pins.items.map((p) => p.message.id)).toEqual([second.id, first.id, rules.message['id']]);
    expect(pins.items[2]?.message.author.id).toBe(fake.memberUser.id);
    expect(pins.hasMore).toBe(false);
    const paged = await api(fake, 'GET', `/channels/${fake.channelId}/messages/pins?limit=1`);
    expect(paged.body).toMatchObject({ has_more: true, items: [{ message: { id: second.id } }] });

    const third = await channel.send({ content: 'summary: coalition' });
    const full = await third.pin().catch((error: unknown) => error);
    expect((full as DiscordAPIError).code).toBe(30003);
    await first.unpin();
    await third.pin();
    expect(fake.pins().map((p) => p.message['id'])).toEqual([third.id, second.id, rules.message['id']]);

    fake.setBotPermissions(Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.ReadMessageHistory);
    // The bot learns about it through GUILD_ROLE_UPDATE, and the fake enforces it.
    for (let i = 0; i < 50 && channel.permissionsFor(client.user!)?.has(Permission.PinMessages); i++) await sleep(20);
    expect(channel.permissionsFor(client.user!)?.has(Permission.PinMessages)).toBe(false);
    const denied = await first.pin().catch((error: unknown) => error);
    expect((denied as DiscordAPIError).code).toBe(50013);
    expect(fake.violations).toEqual([]);
  });

  it('stores global commands with ids on bulk overwrite, keeps ids across overwrites, refuses invalid ones', async () => {
    const fake = await fakeDiscord();
    const path = `/applications/${fake.applicationId}/commands`;
    const first = await api(fake, 'PUT', path, [{ name: 'about', description: 'What the index holds' }]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual([
      expect.objectContaining({ name: 'about', type: 1, application_id: fake.applicationId, id: expect.stringMatching(/^\d{17,19}$/) }),
    ]);
    const again = await api(fake, 'PUT', path, [{ name: 'about', description: 'What the index holds, v2' }]);
    expect((again.body as unknown as { id: string }[])[0]?.id).toBe((first.body as unknown as { id: string }[])[0]?.id);
    expect(fake.commands('global').map((c) => c['description'])).toEqual(['What the index holds, v2']);

    const invalid = await api(fake, 'PUT', path, [{ name: 'Quote', description: 'd'.repeat(101) }]);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 50035 });
    expect(fake.violations.flatMap((v) => v.problems.map((p) => `${p.source} ${p.path}`))).toEqual(
      expect.arrayContaining(['limit [0].name', 'limit [0].description']),
    );
    expect(fake.commands('global')).toHaveLength(1);
  });

  it('answers unknown routes with a Discord-style 404 and records them', async () => {
    const fake = await fakeDiscord();
    const response = await api(fake, 'GET', '/channels/1/pins');
    expect(response).toEqual({ status: 404, body: { message: '404: Not Found', code: 0 } });
    expect(fake.unknownRequests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v10/channels/1/pins']);
  });

  it('requires the bot token except on interaction routes; refuses a second acknowledgement with 40060', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, async () => undefined);
    expect((await api(fake, 'GET', '/users/@me', undefined, false)).status).toBe(401);
    expect((await api(fake, 'GET', '/users/@me')).body).toMatchObject({ id: fake.botUser.id, bot: true });
    expect((await api(fake, 'GET', '/applications/@me')).body).toMatchObject({ id: fake.applicationId, bot: { id: fake.botUser.id } });
    expect((await api(fake, 'GET', `/guilds/${fake.guildId}/members/${fake.botUser.id}`)).body).toMatchObject({
      user: { id: fake.botUser.id },
    });
    expect((await api(fake, 'GET', `/channels/${fake.channelId}`)).body).toMatchObject({ id: fake.channelId, type: 0 });

    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const body = { type: 4, data: { content: 'hi', allowed_mentions: { parse: [] } } };
    expect((await api(fake, 'POST', `/interactions/${sent.id}/${sent.token}/callback`, body, false)).status).toBe(204);
    expect((await api(fake, 'POST', `/interactions/${sent.id}/${sent.token}/callback`, body, false)).body).toEqual({
      message: 'Interaction has already been acknowledged.',
      code: 40060,
    });
    expect((await api(fake, 'POST', `/interactions/${sent.id}/wrong-token/callback`, body, false)).body).toMatchObject({ code: 10062 });
  });
});

describe('fake Discord: roles and redelivery', () => {
  it('adds a named guild role the bot learns through GUILD_ROLE_CREATE and resolves on the invoking member', async () => {
    const fake = await fakeDiscord();
    const seen: string[][] = [];
    await readyClient(fake, async (interaction) => {
      if (!interaction.isChatInputCommand() || !interaction.inCachedGuild()) return;
      seen.push(interaction.member.roles.cache.map((r) => r.name).sort());
      await interaction.reply({ content: 'ok' });
    });
    // Dispatched before the interaction on the same socket, so the bot has the role when it arrives.
    const roleId = fake.addRole('whosaid-managers');
    const sent = fake.sendCommand('quote', { speaker: 'Dragone' }, { memberRoles: [roleId] });
    expect((await fake.waitForCallback(sent.id)).status).toBe(204);
    expect(seen).toEqual([['@everyone', 'whosaid-managers']]);
  });

  it('redelivers an interaction with the same id and token: a second answer gets 40060', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'once' });
    });
    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    expect((await fake.waitForCallback(sent.id)).status).toBe(204);
    const again = fake.redeliver(sent);
    expect(again.id).toBe(sent.id);
    expect(again.seq).toBeGreaterThan(sent.seq);
    const second = await fake.waitForRequest(
      (r) => r.route === ROUTES.interactionCallback && r.params['interaction'] === sent.id && r.status === 400,
      'the second acknowledgement',
    );
    expect(second.response).toMatchObject({ code: 40060 });
    const error = await firstHandlerError(client);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(40060);
  });
});

describe('fake Discord: faults', () => {
  it('replays an interaction sent while the bot is disconnected after a 4000 close, and the bot resumes', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake, quoteReply);
    const sessionId = fake.gateway.sessionId;

    await fake.gateway.closeConnection(4000);
    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const callback = await fake.waitForCallback(sent.id);

    expect(callback.status).toBe(204);
    expect(fake.gatewayEvents.filter((e) => e.kind === 'identify')).toHaveLength(1);
    expect(fake.gatewayEvents.find((e) => e.kind === 'resume')).toMatchObject({ sessionId, accepted: true, replayed: 1 });
    expect(fake.gatewayEvents.filter((e) => e.kind === 'connected').map((e) => (e.kind === 'connected' ? e.path : ''))).toEqual([
      '/gateway',
      '/resume-gateway',
    ]);
    expect(client.isReady()).toBe(true);
  });

  it('survives a dropped TCP connection (1006) by resuming', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, quoteReply);
    await fake.gateway.closeConnection(1006);
    expect(fake.gatewayEvents.find((e) => e.kind === 'closed')).toMatchObject({ code: 1006, byFake: true });
    await fake.waitForGateway((e) => e.kind === 'resume', 'a RESUME');
    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.status).toBe(204);
  });

  it('makes the bot identify again after a non-resumable INVALID_SESSION', async () => {
    const fake = await fakeDiscord({ timeoutMs: 10_000 });
    await readyClient(fake, quoteReply);
    const first = fake.gateway.sessionId;
    fake.gateway.invalidateSession(false);
    // discord.js waits out its 5-second identify window before identifying again.
    await fake.waitForGateway((e) => e.kind === 'identify' && e.sessionId !== first, 'a second IDENTIFY', 9_000);
    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.status).toBe(204);
    expect(fake.gateway.sessionId).not.toBe(first);
  }, 15_000);

  it('resumes after a resumable INVALID_SESSION, an op 7 RECONNECT, and unacknowledged heartbeats', async () => {
    const fake = await fakeDiscord({ heartbeatIntervalMs: 150 });
    await readyClient(fake, quoteReply);
    const resumes = () => fake.gatewayEvents.filter((e) => e.kind === 'resume' && e.accepted).length;
    const closedByBot = () => fake.gatewayEvents.filter((e) => e.kind === 'closed' && !e.byFake).length;

    fake.gateway.invalidateSession(true);
    await fake.waitForGateway(() => resumes() === 1, 'a RESUME after op 9');
    expect(closedByBot()).toBe(0); // resumed on the same connection
    fake.gateway.requestReconnect();
    await fake.waitForGateway(() => resumes() === 2, 'a RESUME after op 7');
    expect(closedByBot()).toBe(1);
    fake.gateway.ackHeartbeats = false;
    await fake.waitForGateway(() => closedByBot() === 2, 'discord.js to drop the zombie connection');
    fake.gateway.ackHeartbeats = true;
    await fake.waitForGateway(() => resumes() === 3, 'a RESUME after the zombie connection');

    expect(fake.gatewayEvents.filter((e) => e.kind === 'identify')).toHaveLength(1);
    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.status).toBe(204);
  });

  it('rate-limits the callback with 429 and retry_after; discord.js waits and the reply arrives', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, quoteReply);
    fake.faults.failNext(ROUTES.interactionCallback, { status: 429, times: 2, retryAfter: 0.2 });

    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const callback = await fake.waitForCallback(sent.id);
    expect(callback.status).toBe(204);
    const attempts = fake.requests.filter((r) => r.route === ROUTES.interactionCallback);
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 204]);
    expect(attempts[0]?.response).toMatchObject({ retry_after: 0.2, global: false });
    expect(attempts[2]!.receivedAt - attempts[0]!.receivedAt).toBeGreaterThanOrEqual(400);
    expect(fake.faults.pending()).toBe(0);
  });

  it('answers 500 until discord.js gives up, then serves the next interaction', async () => {
    const fake = await fakeDiscord();
    const client = await readyClient(fake, quoteReply);
    fake.faults.failNext(ROUTES.interactionCallback, { status: 500, times: 4 });

    fake.sendCommand('quote', { speaker: 'Dragone' });
    expect(await firstHandlerError(client)).toBeInstanceOf(HTTPError);
    expect(fake.requests.filter((r) => r.status === 500)).toHaveLength(4);

    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.status).toBe(204);
  });

  it('adds artificial latency to a route', async () => {
    const fake = await fakeDiscord();
    await readyClient(fake, quoteReply);
    fake.faults.setLatency(150, ROUTES.interactionCallback);
    const callback = await fake.waitForCallback(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    expect(callback.latencyMs).toBeGreaterThanOrEqual(150);
  });

  it('close() rejects pending waits instead of hanging', async () => {
    const fake = await startFakeDiscord({ timeoutMs: 60_000 });
    const pending = fake.waitForRequest(() => false, 'nothing');
    await fake.close();
    await expect(pending).rejects.toThrow(/closed/);
    await fake.close();
  });

  it('times out a wait with a message saying what it waited for', async () => {
    const fake = await fakeDiscord({ timeoutMs: 50 });
    await expect(fake.waitForRequest(() => false, 'a request that never comes')).rejects.toThrow(
      'timed out after 50 ms waiting for a request that never comes',
    );
  });
});
