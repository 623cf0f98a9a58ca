// startFakeDiscord(): a Discord for tests on 127.0.0.1 (REST under /api/v10 and a gateway WebSocket
// on one port) that the real discord.js Client logs in to. Tests send interactions, await what the
// bot answers, inspect every request, inject faults, and assert that no body broke Discord's rules.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIInteractionResponse,
  APIInteractionResponseCallbackData,
  APICommandAutocompleteInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { BoundedLog } from './bounded-log.ts';
import { RestFaults } from './faults.ts';
import { FakeGateway } from './gateway.ts';
import type { GatewayEvent } from './gateway.ts';
import { InteractionRegistry } from './interaction-registry.ts';
import { InteractionFactory } from './interactions.ts';
import type { InteractionOption, InteractionOverrides, InteractionPayload, OptionValue } from './interactions.ts';
import type { PermissionOverwrite } from './permissions.ts';
import { RestHandlers } from './rest-handlers.ts';
import { API_PREFIX, RestServer } from './rest-server.ts';
import type { RestRequest } from './rest-server.ts';
import { ROUTES } from './routes.ts';
import type { Snowflake } from './snowflake.ts';
import { formatPath } from './validation.ts';
import type { Problem } from './validation.ts';
import { World } from './world.ts';
import type { FakeAttachment, FakeUser, StoredCommand, StoredMessage, WorldOptions } from './world.ts';

export interface FakeDiscordOptions extends WorldOptions {
  /** HELLO's heartbeat_interval (Discord: 41,250 ms). */
  heartbeatIntervalMs?: number;
  /** How long after dispatch an interaction may be acknowledged (Discord: 3 s), then 10062. */
  ackDeadlineMs?: number;
  /** Default timeout of every wait* method. */
  timeoutMs?: number;
  /**
   * 'reject' (default): invalid bodies are recorded in `violations` and answered 400 / 50035 like Discord.
   * 'record': recorded but answered as if valid. 'off': not checked (benchmarks: no validation cost).
   */
  validation?: 'reject' | 'record' | 'off';
}

/** Message fields plus autocomplete choices: what a callback's `data` can hold. */
export type CallbackData = APIInteractionResponseCallbackData & Partial<APICommandAutocompleteInteractionResponseCallbackData>;

export interface BotRequest<B> {
  interactionId: Snowflake;
  /** The JSON the bot sent. */
  body: B;
  /** What the fake answered (204/200, or 400 with 50035 when `problems` is non-empty, 404 10062 when late ...). */
  status: number;
  problems: Problem[];
  /** From INTERACTION_CREATE leaving the fake to this request arriving. */
  latencyMs: number;
  request: RestRequest;
}

export interface CallbackReceived extends BotRequest<APIInteractionResponse> {
  type: number;
  data: CallbackData | undefined;
}

export type MessageReceived = BotRequest<APIInteractionResponseCallbackData>;

export interface ReplyReceived {
  callback: CallbackReceived;
  /**
   * After a deferral (callback type 5 or 6): the request that completed it, the edit of @original or,
   * when the bot answers with a follow-up instead (an ephemeral notice after a public deferral), that.
   */
  completion: MessageReceived | null;
  via: 'callback' | 'edit' | 'followup';
  /** What the user finally sees: the callback's data, or the completing request's body. */
  message: APIInteractionResponseCallbackData;
  deferred: boolean;
  /** From dispatch to the request carrying `message`. */
  latencyMs: number;
}

export interface Violation {
  seq: number;
  method: string;
  path: string;
  problems: { path: string; message: string; source: Problem['source'] }[];
}

export interface HttpTamper {
  /** Leave out both signature headers. */
  unsigned?: boolean;
  /** Sign with another key pair (a forged request). */
  foreignKey?: boolean;
  /** Sign this timestamp (seconds since the epoch) instead of now. */
  timestamp?: number;
  /** Sign the payload, then send this body instead. */
  swapBody?: string;
  /** Send this raw body (signed) instead of the payload's JSON: oversized or malformed requests. */
  rawBody?: string;
}

export interface HttpDelivery {
  /** Set when the payload was an interaction the fake tracks (not PING). */
  sent: SentInteraction | null;
  status: number;
  /** The parsed JSON response, or its text. */
  body: unknown;
  /** The callback record when the response acknowledged the interaction. */
  callback: RestRequest | null;
}

export interface SentInteraction {
  id: Snowflake;
  token: string;
  payload: InteractionPayload;
  /** The gateway sequence number it was dispatched with. */
  seq: number;
}

export interface FakeDiscord {
  /** Pass to discord.js as `rest: { api }` (and to whosaid as DISCORD_API_URL). */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  /** A well-formed bot token the fake accepts (REST Authorization and gateway IDENTIFY). */
  readonly token: string;
  readonly applicationId: Snowflake;
  readonly botUser: FakeUser;
  /** The member who invokes commands by default. */
  readonly memberUser: FakeUser;
  readonly guildId: Snowflake;
  readonly channelId: Snowflake;
  /** A forum channel and a public thread (under the text channel) of the guild. */
  readonly forumChannelId: Snowflake;
  readonly threadChannelId: Snowflake;
  /** The fake's state (messages, pins, commands, permissions) for assertions and set-up. */
  readonly world: World;

  /** Every REST request, in arrival order. */
  readonly requests: readonly RestRequest[];
  /** Requests to routes the fake does not know (answered 404). */
  readonly unknownRequests: RestRequest[];
  /** Bodies that broke the spec or a documented limit. */
  readonly violations: Violation[];
  readonly gatewayEvents: readonly GatewayEvent[];

  /**
   * A file the invoking user attaches to a command: pass it as an option value
   * (`sendCommand('ingest', { file: fake.attachment('a.md', text) })`); the bot downloads it from `url`.
   */
  attachment(filename: string, content: string | Buffer, contentType?: string): FakeAttachment;
  /** Payload builders (they do not send). */
  readonly interactions: InteractionFactory;
  sendInteraction(payload: InteractionPayload): SentInteraction;
  sendCommand(name: string, options?: Record<string, OptionValue> | InteractionOption[], overrides?: InteractionOverrides): SentInteraction;
  sendAutocomplete(name: string, options: Record<string, OptionValue>, focused: string, overrides?: InteractionOverrides): SentInteraction;
  sendButton(customId: string, message?: Record<string, unknown>, overrides?: InteractionOverrides): SentInteraction;
  /**
   * Discord's Ed25519 public key for HTTP interactions (64 hex characters): give it to the bot as
   * DISCORD_PUBLIC_KEY. The fake signs with the matching private key.
   */
  readonly publicKey: string;
  /**
   * Delivers an interaction as Discord does to an Interactions Endpoint URL: a signed POST whose HTTP response
   * is the acknowledgement. A 200 response is checked and logged like a REST callback (`transport:
   * 'http-response'`), so `waitForReply` and friends work as in gateway mode. `tamper` sends what Discord never
   * would: no signature, a wrong one, an old timestamp, a different body than the one signed.
   */
  deliverHttp(endpoint: string, payload: InteractionPayload | Record<string, unknown>, tamper?: HttpTamper): Promise<HttpDelivery>;
  /** Signs `body` as Discord would at `timestamp` (seconds): the two headers. */
  signHttp(body: string, timestamp?: number): { 'x-signature-ed25519': string; 'x-signature-timestamp': string };
  /**
   * Dispatches an interaction already sent once more, with the same id and token, as Discord can (two
   * gateway sessions, a replay): whatever the bot answers to the copy counts against the original, so a
   * second acknowledgement gets 400 / 40060.
   */
  redeliver(sent: SentInteraction): SentInteraction;

  waitForCallback(interactionId: Snowflake, timeoutMs?: number): Promise<CallbackReceived>;
  waitForEdit(interactionId: Snowflake, timeoutMs?: number): Promise<MessageReceived>;
  /** The `index`-th follow-up (0-based) of an interaction. */
  waitForFollowup(interactionId: Snowflake, index?: number, timeoutMs?: number): Promise<MessageReceived>;
  /** The callback and, when it deferred, the edit of @original (or the follow-up) that completed it. */
  waitForReply(interactionId: Snowflake, timeoutMs?: number): Promise<ReplyReceived>;
  waitForRequest(predicate: (request: RestRequest) => boolean, description: string, timeoutMs?: number): Promise<RestRequest>;
  waitForGateway(predicate: (event: GatewayEvent) => boolean, description: string, timeoutMs?: number): Promise<GatewayEvent>;
  /** Resolves once a session has identified and been sent READY and GUILD_CREATE. */
  waitForIdentify(timeoutMs?: number): Promise<void>;

  /** Gateway faults: closeConnection(code), invalidateSession(resumable), requestReconnect(), ackHeartbeats. */
  readonly gateway: FakeGateway;
  /** REST faults: failNext(route, {status: 429|5xx, times, retryAfter}), setLatency(ms, route). */
  readonly faults: RestFaults;

  /** Adds a guild role (tells the bot with GUILD_ROLE_CREATE); give it to the invoker with `memberRoles`. */
  addRole(name: string, permissions?: bigint, id?: Snowflake): Snowflake;
  /** Changes the bot's role permissions and tells the bot (GUILD_ROLE_UPDATE). */
  setBotPermissions(permissions: bigint): void;
  /** Replaces the text channel's overwrites and tells the bot (CHANNEL_UPDATE). */
  setChannelOverwrites(overwrites: PermissionOverwrite[]): void;
  /**
   * Puts a message in the channel as if it had been there before the test: by the test member
   * (default) or the bot, optionally pinned (e.g. to fill the channel up to the pin limit).
   */
  seedMessage(body: { content?: string; embeds?: unknown[] }, options?: { author?: 'member' | 'bot'; pinned?: boolean }): StoredMessage;
  /** Commands registered by bulk overwrite: the guild's, or global ones with 'global'. */
  commands(scope?: 'guild' | 'global'): StoredCommand[];
  /** Messages in the channel, oldest first: the bot's replies (ephemeral ones flagged), follow-ups, posts, seeded ones. */
  channelMessages(): StoredMessage[];
  /** Pinned messages in the channel, newest pin first. */
  pins(): StoredMessage[];

  /** Stops everything: open sockets are dropped, pending waits rejected. Idempotent. */
  close(): Promise<void>;
}

function makeToken(applicationId: string): string {
  return `${Buffer.from(applicationId).toString('base64url')}.${randomBytes(5).toString('base64url')}.${randomBytes(28).toString('base64url')}`;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const world = new World(options);
  const token = makeToken(world.applicationId);
  const registry = new InteractionRegistry();
  const requestLog = new BoundedLog<RestRequest>(timeoutMs);
  const gatewayLog = new BoundedLog<GatewayEvent>(timeoutMs);
  const faults = new RestFaults();
  let port = 0;

  const handlers = new RestHandlers({
    world,
    interactions: registry,
    gatewayUrl: () => `ws://127.0.0.1:${port}/gateway`,
    ackDeadlineMs: options.ackDeadlineMs ?? 3_000,
    validation: options.validation ?? 'reject',
  });
  const rest = new RestServer({ handlers, interactions: registry, faults, log: requestLog, botToken: token });
  const gateway = new FakeGateway({
    world,
    botToken: token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    log: gatewayLog,
    baseUrl: () => `ws://127.0.0.1:${port}`,
  });

  const server = createServer((req, res) => {
    rest.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake Discord failed: ${(error as Error).message}`, code: 0 }));
    });
  });
  gateway.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const interactions = new InteractionFactory(world);

  // Discord's signing key for HTTP interactions, and a stranger's for forged requests.
  const signingKeys = generateKeyPairSync('ed25519');
  const foreignKeys = generateKeyPairSync('ed25519');
  const publicKey = Buffer.from(signingKeys.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  const signWith = (key: typeof signingKeys.privateKey, body: string, timestamp: number) => ({
    'x-signature-ed25519': sign(null, Buffer.from(`${timestamp}${body}`), key).toString('hex'),
    'x-signature-timestamp': String(timestamp),
  });

  async function deliverHttp(
    endpoint: string,
    payload: InteractionPayload | Record<string, unknown>,
    tamper: HttpTamper = {},
  ): Promise<HttpDelivery> {
    const tracks = payload['type'] !== 1 && typeof payload['id'] === 'string' && typeof payload['token'] === 'string';
    const interaction = tracks ? registry.track(payload as InteractionPayload) : null;
    const body = tamper.rawBody ?? JSON.stringify(payload);
    const timestamp = tamper.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
      ...(tamper.unsigned ? {} : signWith(tamper.foreignKey ? foreignKeys.privateKey : signingKeys.privateKey, body, timestamp)),
    };
    let processed!: () => void;
    if (interaction) interaction.httpResponse = new Promise<void>((resolve) => (processed = resolve));
    let status: number;
    let parsed: unknown;
    let callback: RestRequest | null = null;
    try {
      const response = await fetch(endpoint, { method: 'POST', headers, body: tamper.swapBody ?? body });
      status = response.status;
      const text = await response.text();
      parsed = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      if (interaction && status === 200) callback = rest.acknowledgeOverHttp(interaction.id, interaction.token, parsed);
    } finally {
      if (interaction) {
        interaction.httpResponse = undefined;
        processed();
      }
    }
    return {
      sent: interaction ? { id: interaction.id, token: interaction.token, payload: interaction.payload, seq: 0 } : null,
      status,
      body: parsed,
      callback,
    };
  }
  const callbackPath = (id: string) => (r: RestRequest) =>
    r.route === ROUTES.interactionCallback && r.fault === null && r.params['interaction'] === id;

  const tracked = (id: Snowflake) => {
    const interaction = registry.get(id);
    if (!interaction) throw new Error(`fake Discord: interaction ${id} was never sent`);
    return interaction;
  };

  function received<B>(interactionId: Snowflake, request: RestRequest): BotRequest<B> {
    return {
      interactionId,
      body: request.body as B,
      status: request.status,
      problems: request.problems,
      latencyMs: request.receivedAt - tracked(interactionId).dispatchedAt,
      request,
    };
  }

  function sendInteraction(payload: InteractionPayload): SentInteraction {
    const interaction = registry.track(payload);
    const seq = gateway.dispatch('INTERACTION_CREATE', payload);
    return { id: interaction.id, token: interaction.token, payload, seq };
  }

  async function waitForCallback(interactionId: Snowflake, wait = timeoutMs): Promise<CallbackReceived> {
    tracked(interactionId);
    const request = await requestLog.waitFor(callbackPath(interactionId), `the callback of interaction ${interactionId}`, wait);
    const base = received<APIInteractionResponse>(interactionId, request);
    const body = base.body as unknown as { type: number; data?: CallbackData };
    return { ...base, type: body.type, data: body.data };
  }

  async function waitForEdit(interactionId: Snowflake, wait = timeoutMs): Promise<MessageReceived> {
    const { token } = tracked(interactionId);
    const request = await requestLog.waitFor(
      (r) => r.route === ROUTES.originalEdit && r.fault === null && r.params['token'] === token,
      `an edit of @original for interaction ${interactionId}`,
      wait,
    );
    return received(interactionId, request);
  }

  async function waitForFollowup(interactionId: Snowflake, index = 0, wait = timeoutMs): Promise<MessageReceived> {
    const { token } = tracked(interactionId);
    let seen = -1;
    const request = await requestLog.waitFor(
      (r) => r.route === ROUTES.followup && r.fault === null && r.params['token'] === token && ++seen === index,
      `follow-up #${index} of interaction ${interactionId}`,
      wait,
    );
    return received(interactionId, request);
  }

  async function waitForReply(interactionId: Snowflake, wait = timeoutMs): Promise<ReplyReceived> {
    const started = Date.now();
    const callback = await waitForCallback(interactionId, wait);
    if (callback.type === 4 || callback.type === 7) {
      return { callback, completion: null, via: 'callback', message: callback.data ?? {}, deferred: false, latencyMs: callback.latencyMs };
    }
    if (callback.type !== 5 && callback.type !== 6) {
      throw new Error(`fake Discord: interaction ${interactionId} was answered with callback type ${callback.type}, not a message`);
    }
    const { token } = tracked(interactionId);
    const request = await requestLog.waitFor(
      (r) => (r.route === ROUTES.originalEdit || r.route === ROUTES.followup) && r.fault === null && r.params['token'] === token,
      `the edit of @original or a follow-up completing the deferred interaction ${interactionId}`,
      Math.max(1, wait - (Date.now() - started)),
    );
    const completion = received<APIInteractionResponseCallbackData>(interactionId, request);
    return {
      callback,
      completion,
      via: request.route === ROUTES.followup ? 'followup' : 'edit',
      message: completion.body,
      deferred: true,
      latencyMs: completion.latencyMs,
    };
  }

  let closed = false;

  const fake: FakeDiscord = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gateway.url,
    token,
    applicationId: world.applicationId,
    botUser: world.botUser,
    memberUser: world.memberUser,
    guildId: world.guildId,
    channelId: world.channelId,
    forumChannelId: world.forumChannelId,
    threadChannelId: world.threadChannelId,
    world,
    get requests() {
      return requestLog.entries;
    },
    get unknownRequests() {
      return requestLog.filter((r) => r.route === null);
    },
    get violations() {
      return requestLog
        .filter((r) => r.problems.length > 0)
        .map((r) => ({
          seq: r.seq,
          method: r.method,
          path: r.path.slice(API_PREFIX.length),
          problems: r.problems.map((p) => ({ path: formatPath(p.path), message: p.message, source: p.source })),
        }));
    },
    get gatewayEvents() {
      return gatewayLog.entries;
    },
    attachment: (filename, content, contentType = 'text/plain; charset=utf-8') =>
      world.addAttachment(`http://127.0.0.1:${port}`, filename, Buffer.from(content), contentType),
    interactions,
    publicKey,
    deliverHttp,
    signHttp: (body, timestamp = Math.floor(Date.now() / 1000)) => signWith(signingKeys.privateKey, body, timestamp),
    sendInteraction,
    sendCommand: (name, opts = {}, overrides = {}) => sendInteraction(interactions.chatInput(name, opts, overrides)),
    sendAutocomplete: (name, opts, focused, overrides = {}) => sendInteraction(interactions.autocomplete(name, opts, focused, overrides)),
    sendButton: (customId, message, overrides = {}) => sendInteraction(interactions.button(customId, message, overrides)),
    redeliver(sent) {
      tracked(sent.id);
      const seq = gateway.dispatch('INTERACTION_CREATE', sent.payload);
      return { ...sent, seq };
    },
    waitForCallback,
    waitForEdit,
    waitForFollowup,
    waitForReply,
    waitForRequest: (predicate, description, wait = timeoutMs) => requestLog.waitFor(predicate, description, wait),
    waitForGateway: (predicate, description, wait = timeoutMs) => gatewayLog.waitFor(predicate, description, wait),
    async waitForIdentify(wait = timeoutMs) {
      await gatewayLog.waitFor((e) => e.kind === 'identify', 'the bot to IDENTIFY', wait);
    },
    gateway,
    faults,
    addRole(name, permissions = 0n, chosenId) {
      const id = world.addRole(name, permissions, chosenId);
      if (gateway.sessionId) gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: world.guildId, role: world.roleJson(id) });
      return id;
    },
    setBotPermissions(permissions) {
      world.botPermissions = permissions;
      if (gateway.sessionId) gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: world.guildId, role: world.roleJson(world.botRoleId) });
    },
    setChannelOverwrites(overwrites) {
      world.channelOverwrites = overwrites;
      if (gateway.sessionId) gateway.dispatch('CHANNEL_UPDATE', world.channelJson());
    },
    seedMessage(body, { author = 'member', pinned = false } = {}) {
      const user = author === 'bot' ? world.botUser : world.memberUser;
      const stored = world.storeMessage(world.channelId, body, { author: world.userJson(user) });
      if (pinned) world.pin(stored);
      return stored;
    },
    commands: (scope = 'guild') => (scope === 'guild' ? (world.guildCommands.get(world.guildId) ?? []) : world.globalCommands),
    channelMessages: () => world.channelMessages(world.channelId),
    pins: () => world.pins(world.channelId),
    async close() {
      if (closed) return;
      closed = true;
      requestLog.close('close() was called');
      gatewayLog.close('close() was called');
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
