// End to end over HTTP interactions: the fake Discord signs each interaction with its Ed25519 key and POSTs
// it to `whosaid serve-http`'s endpoint, as Discord does to an Interactions Endpoint URL. The HTTP response is
// the acknowledgement (checked against discord-api-spec like a REST callback); deferred answers arrive at the
// fake's webhook routes over REST. Real index, real commands, real renderer.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { startInteractionServer, type InteractionServer, MAX_BODY_BYTES } from '../../src/discord/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { runCommand } from '../../src/slash/invoke.ts';
import { DEFAULT_MEMBER_PERMISSIONS, Permission, ROUTES, startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';
import { LATER, type LogLine } from './harness.ts';

const HARBOUR = 'test/e2e/fixtures/harbour.md';
const TITLE = 'Lindholm mayor wants the old harbour opened to ferries';
const URL_ = 'https://news.example.org/lindholm-harbour';
const EPHEMERAL = 64;
const MANAGE_GUILD = 1n << 5n;

let fake: FakeDiscord;
let app: App;
let dataDir: string;
let server: InteractionServer;
/** The same app behind a runner that takes longer than the deferral threshold: every answer is deferred. */
let slow: InteractionServer;
let managerRoleId: string;
const logs: LogLine[] = [];

const endpoint = (s: InteractionServer) => `${s.url}/interactions`;

function statementEmbed(n: number, kind: 'verbatim quote' | 'reported speech (paraphrase)', description: string) {
  return {
    author: { name: `${n}. Mirela Ostrova, Lindholm Mayor` },
    // The article's date (2025-10-06) leads, as timestamp markup.
    description: `<t:1759752000:D> — ${description}`,
    color: kind === 'verbatim quote' ? 0x2f6fde : 0x8a8f98,
    fields: [],
    footer: { text: expect.stringMatching(new RegExp(`^Test Coast Courier · ${kind.replace(/[()]/g, '\\$&')} · #\\d+$`)) },
    title: TITLE,
    url: URL_,
  };
}

const NEWEST_QUOTE = '“If the council agrees in November, the first boat can dock in April”';
const BERTH = '*Added:* the ferry company had already asked for a berth';
const QUAY = '“The quay has stood empty for eleven years, and the town pays for it every winter”';
const SPRING = '*Said:* the old harbour should reopen to passenger ferries next spring';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'whosaid-http-'));
  mkdirSync(join(dataDir, 'articles'));
  cpSync(HARBOUR, join(dataDir, 'articles', 'harbour.md'));
  cpSync(LATER, join(dataDir, 'articles', 'later.md'));
  fake = await startFakeDiscord({ timeoutMs: 8_000 });
  managerRoleId = fake.addRole('Newsdesk');
  const config = parseConfig({ WHOSAID_DATA_DIR: dataDir, DISCORD_PUBLIC_KEY: fake.publicKey, DISCORD_API_URL: fake.apiUrl });
  const logger = createLogger({ level: 'info', stream: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } });
  app = await openApp(config, logger);
  // As `whosaid deploy-commands` would: the fake learns the option types from the registered commands.
  await deployCommands({
    token: fake.token,
    apiUrl: fake.apiUrl,
    applicationId: fake.applicationId,
    guildId: fake.guildId,
    definitions: app.commands.definitions(),
  });
  const common = {
    publicKey: config.DISCORD_PUBLIC_KEY!,
    apiUrl: config.DISCORD_API_URL,
    host: '127.0.0.1',
    port: 0,
    context: app.context,
    commands: app.commands,
    logger,
    managerRoles: [managerRoleId],
  };
  // This one has the bot token (for /summary's channel post); the slow one has not.
  server = await startInteractionServer({ ...common, botToken: fake.token });
  slow = await startInteractionServer({
    ...common,
    deferAfterMs: 50,
    runner: async (invocation, context) => {
      await sleep(300);
      return runCommand(app.commands, invocation, context);
    },
  });
}, 20_000);

afterAll(async () => {
  await server?.stop();
  await slow?.stop();
  app?.close();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('HTTP interactions endpoint', () => {
  it('answers PING with PONG', async () => {
    const delivery = await fake.deliverHttp(endpoint(server), {
      type: 1,
      id: '1',
      application_id: fake.applicationId,
      token: 'ping',
      version: 1,
    });
    expect(delivery.status).toBe(200);
    expect(delivery.body).toEqual({ type: 1 });
  });

  it('answers /quote in the HTTP response with the rendered statements, pinging nobody', async () => {
    const delivery = await fake.deliverHttp(endpoint(server), fake.interactions.chatInput('quote', { speaker: 'Ostrova' }));
    expect(delivery.status).toBe(200);
    expect(delivery.body).toEqual({
      type: 4,
      data: {
        content: '**Mirela Ostrova** — Lindholm Mayor\n4 statements',
        embeds: [
          statementEmbed(1, 'verbatim quote', NEWEST_QUOTE),
          statementEmbed(2, 'reported speech (paraphrase)', BERTH),
          statementEmbed(3, 'verbatim quote', QUAY),
          statementEmbed(4, 'reported speech (paraphrase)', SPRING),
        ],
        components: [],
        allowed_mentions: { parse: [] },
      },
    });
    // Discord (the fake) accepted it as the acknowledgement: spec-valid, in time, once.
    expect(delivery.callback?.status).toBe(204);
    expect(delivery.callback?.problems).toEqual([]);
    expect(fake.channelMessages().at(-1)?.message['content']).toBe('**Mirela Ostrova** — Lindholm Mayor\n4 statements');
  });

  it('pages with the Next button: the button carries the query, any process can answer it', async () => {
    const first = await fake.deliverHttp(endpoint(server), fake.interactions.chatInput('quote', { speaker: 'Ostrova', limit: 2 }));
    const data = (first.body as { data: { content: string; components: { components: { custom_id: string; label: string }[] }[] } }).data;
    expect(data.content).toBe('**Mirela Ostrova** — Lindholm Mayor\n1–2 of 4 statements · 2 more');
    const [next] = data.components[0]!.components;
    expect(next!.label).toBe('Next ▶');
    // The click goes to the other process (behind a load balancer any may get it).
    const click = await fake.deliverHttp(endpoint(slow), fake.interactions.button(next!.custom_id));
    expect(click.body).toEqual({ type: 6 });
    const edit = await fake.waitForEdit(click.sent!.id);
    expect(edit.status).toBe(200);
    expect(edit.body).toEqual({
      content: '**Mirela Ostrova** — Lindholm Mayor\n3–4 of 4 statements',
      embeds: [statementEmbed(3, 'verbatim quote', QUAY), statementEmbed(4, 'reported speech (paraphrase)', SPRING)],
      components: [
        { type: 1, components: [{ type: 2, style: 2, label: '◀ Previous', custom_id: expect.stringMatching(/^pg1\|p\|quote\|/) }] },
      ],
      allowed_mentions: { parse: [] },
    });
    // Without the deferral, the same click updates the message in the HTTP response itself.
    const direct = await fake.deliverHttp(endpoint(server), fake.interactions.button(next!.custom_id));
    expect(direct.body).toEqual({ type: 7, data: edit.body });
  });

  it('answers autocomplete with the matching speakers', async () => {
    const delivery = await fake.deliverHttp(endpoint(server), fake.interactions.autocomplete('quote', { speaker: 'ostr' }, 'speaker'));
    expect(delivery.body).toEqual({ type: 8, data: { choices: [{ name: 'Mirela Ostrova (Lindholm Mayor)', value: 'Mirela Ostrova' }] } });
    expect(delivery.callback?.status).toBe(204);
  });

  it('defers a slow answer with type 5 and delivers it by editing @original over REST', async () => {
    const delivery = await fake.deliverHttp(endpoint(slow), fake.interactions.chatInput('quote', { speaker: 'Ostrova', limit: 2 }));
    expect(delivery.body).toEqual({ type: 5 });
    const reply = await fake.waitForReply(delivery.sent!.id);
    expect(reply.via).toBe('edit');
    expect(reply.completion?.status).toBe(200);
    expect(reply.completion?.request.headers['authorization']).toBeUndefined();
    expect(reply.message).toEqual({
      content: '**Mirela Ostrova** — Lindholm Mayor\n1–2 of 4 statements · 2 more',
      embeds: [statementEmbed(1, 'verbatim quote', NEWEST_QUOTE), statementEmbed(2, 'reported speech (paraphrase)', BERTH)],
      components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Next ▶', custom_id: expect.stringMatching(/^pg1\|n\|quote\|/) }] }],
      allowed_mentions: { parse: [] },
    });
  });

  it('after a public deferral, a notice for the asker alone replaces the "thinking" message with an ephemeral follow-up', async () => {
    const delivery = await fake.deliverHttp(endpoint(slow), fake.interactions.chatInput('quote', { speaker: 'Nobody Atall' }));
    expect(delivery.body).toEqual({ type: 5 });
    const followup = await fake.waitForFollowup(delivery.sent!.id);
    expect(followup.body).toEqual({
      embeds: [
        {
          title: 'Unknown speaker',
          description: 'Nobody called "Nobody Atall" is in the index. /speakers lists everyone who has statements.',
          color: 0x5865f2,
        },
      ],
      components: [],
      flags: EPHEMERAL,
      allowed_mentions: { parse: [] },
    });
    await fake.waitForRequest(
      (r) => r.route === ROUTES.originalDelete && r.params['token'] === delivery.sent!.token,
      'the deferred public message to be deleted',
    );
  });

  it('checks the manager role by id: /feeds remove is refused without it and runs with it', async () => {
    const remove = (overrides: Parameters<FakeDiscord['interactions']['chatInput']>[2]) =>
      fake.interactions.chatInput('feeds', [{ name: 'remove', type: 1, options: [{ name: 'feed', type: 3, value: '999' }] }], overrides);
    // /feeds declares itself slow (ephemeral deferral); the answer edits @original.
    const answer = async (overrides: Parameters<FakeDiscord['interactions']['chatInput']>[2]) => {
      const delivery = await fake.deliverHttp(endpoint(server), remove(overrides));
      expect(delivery.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      const reply = await fake.waitForReply(delivery.sent!.id);
      expect(reply.via).toBe('edit');
      return (reply.message.embeds ?? []).map((e) => `${e.title}: ${e.description}`);
    };
    expect(await answer({ memberRoles: [] })).toEqual([
      'Not allowed: Only members with Manage Server or the manager role can add or remove feeds.',
    ]);
    expect(await answer({ memberRoles: [managerRoleId] })).toEqual([
      'No such feed: No feed followed matches "999". /feeds list shows them.\n• /feeds list',
    ]);
    // Manage Server is enough without the role.
    expect(await answer({ memberPermissions: MANAGE_GUILD })).toEqual([
      'No such feed: No feed followed matches "999". /feeds list shows them.\n• /feeds list',
    ]);
  });

  it('every body the bot sent was valid for Discord, on known routes', () => {
    expect(fake.violations).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
  });
});

describe('HTTP interactions endpoint refuses what Discord would not send', () => {
  const quote = () => fake.interactions.chatInput('quote', { speaker: 'Ostrova' });

  async function refused(tamper: Parameters<FakeDiscord['deliverHttp']>[2], status: number) {
    const before = fake.requests.length;
    const delivery = await fake.deliverHttp(endpoint(server), quote(), tamper);
    expect(delivery.status).toBe(status);
    expect(delivery.callback).toBeNull();
    // Nothing was run or posted for it.
    expect(fake.requests.slice(before)).toEqual([]);
    return delivery;
  }

  it('401 without signature headers', async () => {
    expect((await refused({ unsigned: true }, 401)).body).toBe('invalid request signature');
  });

  it('401 for a signature made with another key', async () => {
    await refused({ foreignKey: true }, 401);
  });

  it('401 when the body is not the one that was signed', async () => {
    await refused({ swapBody: JSON.stringify({ ...quote(), type: 1 }) }, 401);
  });

  it('401 for a correctly signed request whose timestamp is older than five minutes (a replay), or as far ahead', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused({ timestamp: now - 6 * 60 }, 401);
    await refused({ timestamp: now + 6 * 60 }, 401);
    // Within the window it is fine (clocks differ a little).
    expect((await fake.deliverHttp(endpoint(server), quote(), { timestamp: now - 60 })).status).toBe(200);
  });

  it('413 for a body over the cap, before any signature work', async () => {
    const delivery = await refused({ rawBody: JSON.stringify({ type: 2, padding: 'x'.repeat(MAX_BODY_BYTES) }) }, 413);
    expect(delivery.body).toBe('body too large');
  });

  it('400 for a signed body that is not JSON, and for interaction types it does not answer', async () => {
    await refused({ rawBody: '{not json' }, 400);
    const modal = { ...quote(), type: 5, data: { custom_id: 'x', components: [] } };
    expect((await fake.deliverHttp(endpoint(server), modal)).status).toBe(400);
  });

  it('405 for GET /interactions, 404 elsewhere; GET /healthz reports the counters', async () => {
    expect((await fetch(endpoint(server))).status).toBe(405);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; interactions: number; failed: number; outcomes: Record<string, number> };
    expect(body.status).toBe('ok');
    expect(body.failed).toBe(0);
    // On this process: /quote four times (one a click), autocomplete once, /feeds three times.
    expect(body.interactions).toBe(8);
    expect(body.outcomes['statements']).toBe(4);
    expect(body.outcomes['choices']).toBe(1);
  });

  it('logs each refusal with its reason, never the body', () => {
    const reasons = logs.filter((l) => l.msg === 'interaction refused: bad signature').map((l) => l['reason']);
    expect(reasons).toEqual(expect.arrayContaining(['missing', 'invalid', 'stale']));
    expect(JSON.stringify(logs)).not.toContain('Ostrova"}');
  });
});

describe('/summary over HTTP', () => {
  const summary = (s: InteractionServer) =>
    fake.deliverHttp(
      endpoint(s),
      fake.interactions.chatInput(
        'summary',
        { topic: 'guarantees', pin: true },
        { memberPermissions: DEFAULT_MEMBER_PERMISSIONS | Permission.PinMessages },
      ),
    );

  it('with the bot token: posts the digest to the channel, pins it, and tells the asker privately', async () => {
    const delivery = await summary(server);
    expect(delivery.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const reply = await fake.waitForReply(delivery.sent!.id);
    const [pinned] = fake.pins();
    expect(pinned).toBeDefined();
    expect(reply.message.content).toBe(
      `Summary posted and pinned: https://discord.com/channels/${fake.guildId}/${fake.channelId}/${pinned!.message['id']}`,
    );
    expect(pinned!.message['author']).toMatchObject({ id: fake.botUser.id });
    const [embed] = pinned!.message['embeds'] as { title: string; fields: { name: string }[]; footer: { text: string } }[];
    expect(embed!.title).toBe('Summary: Security guarantees');
    expect(embed!.footer.text).toBe('whosaid summary · guarantees');
    expect(embed!.fields.map((f) => f.name)).toEqual([
      expect.stringMatching(/^Aino Virtanen, Finnish Defence Minister — \d+ statements?$/),
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('without it: says so privately and posts nothing', async () => {
    const before = fake.channelMessages().length;
    const delivery = await summary(slow);
    expect(delivery.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const reply = await fake.waitForReply(delivery.sent!.id);
    expect(reply.message).toEqual({
      content:
        "Posting a summary to the channel needs the bot's token, which this server was not given. Ask for the statements with /topic instead.",
      allowed_mentions: { parse: [] },
    });
    // Only the private deferral was added (and edited), no channel post.
    expect(fake.channelMessages().length).toBe(before + 1);
    expect(fake.requests.filter((r) => r.route === ROUTES.messageCreate)).toHaveLength(1);
  });
});

describe('HTTP interactions endpoint, streamed bodies', () => {
  it('413 for an oversized body sent without a Content-Length (chunked), and keeps serving', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(endpoint(server), { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 6; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
    const ping = await fake.deliverHttp(endpoint(server), {
      type: 1,
      id: '1',
      application_id: fake.applicationId,
      token: 'ping',
      version: 1,
    });
    expect(ping.status).toBe(200);
  });
});

describe('one answer, either transport', () => {
  it('the gateway bot and the HTTP endpoint send the same message for the same command', async () => {
    const { startBot } = await import('../../src/discord/bot.ts');
    const config = parseConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, WHOSAID_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const bot = await startBot({ config, context: app.context, commands: app.commands, logger: createLogger({ level: 'silent' }) });
    try {
      const cases: Record<string, string | number>[] = [{ speaker: 'Ostrova', limit: 2 }, { speaker: 'Nobody Atall' }];
      for (const options of cases) {
        const viaGateway = await fake.waitForReply(fake.sendCommand('quote', options).id);
        const viaHttp = await fake.deliverHttp(endpoint(server), fake.interactions.chatInput('quote', options));
        // discord.js adds its defaults for two fields the HTTP body leaves out, and the gateway adapter sends an
        // empty content where the renderer has none (the same message on screen).
        const { tts: _tts, enforce_nonce: _nonce, ...gatewayMessage } = viaGateway.message as Record<string, unknown>;
        if (gatewayMessage['content'] === '') delete gatewayMessage['content'];
        expect(viaHttp.body).toEqual({ type: 4, data: gatewayMessage });
      }
    } finally {
      await bot.stop();
    }
  }, 30_000);
});
