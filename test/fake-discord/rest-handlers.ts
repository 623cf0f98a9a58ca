// What the fake answers on each route, with Discord's status codes and error codes for the mistakes a
// bot can make (late or double acknowledgement, invalid bodies, missing permissions, full pins).
import { performance } from 'node:perf_hooks';
import type { InteractionRegistry, TrackedInteraction } from './interaction-registry.ts';
import { Permission } from './permissions.ts';
import type { RouteKey } from './routes.ts';
import {
  attachmentProblems,
  invalidFormBody,
  validateCommands,
  validateInteractionCallback,
  validateMessage,
  validateThread,
} from './validation.ts';
import type { UploadedFile } from './rest-server.ts';
import type { Problem } from './validation.ts';
import type { Json, StoredMessage, World } from './world.ts';

export interface RestReply {
  status: number;
  /** JSON body. */
  body?: unknown;
  /** A non-JSON body (files from the CDN). */
  raw?: { contentType: string; data: Buffer };
  headers?: Record<string, string>;
}

export interface HandlerInput {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Files of a multipart body ([] for JSON). */
  files?: UploadedFile[];
}

export interface HandlerResult {
  reply: RestReply;
  /** Validation problems found in the body (the reply is then a 400 / 50035). */
  problems: Problem[];
}

export interface HandlerContext {
  world: World;
  interactions: InteractionRegistry;
  gatewayUrl: () => string;
  ackDeadlineMs: number;
  validation: 'reject' | 'record' | 'off';
}

export function discordError(status: number, code: number, message: string): RestReply {
  return { status, body: { message, code } };
}

const ok = (body: unknown, status = 200): HandlerResult => ({ reply: { status, body }, problems: [] });
const noContent = (): HandlerResult => ({ reply: { status: 204 }, problems: [] });
const fail = (status: number, code: number, message: string): HandlerResult => ({
  reply: discordError(status, code, message),
  problems: [],
});

const LOADING = 128;

function asJson(body: unknown): Json {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : {};
}

/** Which callback types Discord accepts for which interaction types. */
function callbackTypeProblems(interactionType: number, callbackType: unknown): Problem[] {
  const allowed: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
  const accepted = allowed[interactionType] ?? [];
  if (typeof callbackType === 'number' && !accepted.includes(callbackType)) {
    return [
      {
        path: ['type'],
        message: `callback type ${callbackType} is not valid for interaction type ${interactionType} (allowed: ${accepted.join(', ')})`,
        source: 'spec',
      },
    ];
  }
  return [];
}

export class RestHandlers {
  constructor(private readonly ctx: HandlerContext) {}

  handle(key: RouteKey, input: HandlerInput): HandlerResult {
    switch (key) {
      case 'gatewayBot':
        return ok({
          url: this.ctx.gatewayUrl(),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
        });
      case 'currentUser':
        return ok({ ...this.ctx.world.userJson(this.ctx.world.botUser), verified: true, mfa_enabled: false });
      case 'currentApplication':
        return ok({
          id: this.ctx.world.applicationId,
          name: this.ctx.world.botUser.username,
          icon: null,
          description: '',
          bot_public: true,
          bot_require_code_grant: false,
          flags: this.ctx.world.applicationFlags,
          bot: this.ctx.world.userJson(this.ctx.world.botUser),
        });
      case 'interactionCallback':
        return this.#callback(input);
      case 'originalGet':
      case 'originalEdit':
      case 'originalDelete':
      case 'followup':
      case 'followupEdit':
        return this.#webhook(key, input);
      case 'guildCommandsOverwrite':
      case 'globalCommandsOverwrite':
        return this.#overwriteCommands(key, input);
      case 'guildCommandsList':
      case 'globalCommandsList':
        return this.#listCommands(key, input);
      case 'channelGet': {
        const channel = this.ctx.world.channelJsonOf(input.params['channel']!);
        return channel ? ok(channel) : fail(404, 10003, 'Unknown Channel');
      }
      case 'messageCreate':
        return this.#createMessage(input);
      case 'forumThreadCreate':
        return this.#forumPost(input);
      case 'messageThreadCreate':
        return this.#threadFromMessage(input);
      case 'messageGet':
      case 'messageEdit':
      case 'messageDelete':
        return this.#message(key, input);
      case 'pinsList':
        return this.#listPins(input);
      case 'pinAdd':
      case 'pinRemove':
        return this.#pin(key, input);
      case 'guildMemberGet':
        return this.#member(input);
      case 'guildActiveThreads': {
        // The guild's threads that are not archived (all of them here), as Discord lists them.
        const world = this.ctx.world;
        if (input.params['guild'] !== world.guildId) return fail(404, 10004, 'Unknown Guild');
        const ids = [world.threadChannelId, ...world.threads.keys()];
        return ok({ threads: ids.map((id) => world.channelJsonOf(id)!), members: [] });
      }
      case 'attachmentDownload': {
        const stored = this.ctx.world.attachments.get(input.params['attachment']!);
        if (!stored || stored.attachment.filename !== input.params['filename']) return fail(404, 0, '404: Not Found');
        return { reply: { status: 200, raw: { contentType: stored.attachment.content_type, data: stored.content } }, problems: [] };
      }
    }
  }

  /** Problems found by `check`, unless validation is off. */
  #check(check: () => Problem[]): Problem[] {
    return this.ctx.validation === 'off' ? [] : check();
  }

  #validated(problems: Problem[], then: () => HandlerResult): HandlerResult {
    if (this.ctx.validation === 'reject' && problems.length > 0) {
      return { reply: { status: 400, body: invalidFormBody(problems) }, problems };
    }
    return { ...then(), problems };
  }

  // ---- interactions ----------------------------------------------------------------------------

  #callback({ params, query, body, files = [] }: HandlerInput): HandlerResult {
    const interaction = this.ctx.interactions.get(params['interaction']!);
    if (!interaction || interaction.token !== params['token']) return fail(404, 10062, 'Unknown interaction');
    if (interaction.ackType !== null) return fail(400, 40060, 'Interaction has already been acknowledged.');
    if (performance.now() - interaction.dispatchedAt > this.ctx.ackDeadlineMs) return fail(404, 10062, 'Unknown interaction');

    const problems = [
      ...this.#check(() => validateInteractionCallback(body)),
      ...this.#check(() => attachmentProblems(asJson(asJson(body)['data']), files, ['data'])),
      ...callbackTypeProblems(interaction.type, asJson(body)['type']),
    ];
    return this.#validated(problems, () => {
      const callback = asJson(body);
      const type = callback['type'] as number;
      const data = asJson(callback['data']);
      let message: StoredMessage | null = null;
      if (type === 4 || type === 5) {
        // A deferral shows "is thinking..." (the LOADING flag) until @original is edited.
        const flags = Number(data['flags'] ?? 0) | (type === 5 ? LOADING : 0);
        message = this.ctx.world.storeMessage(this.ctx.world.channelId, { ...data, flags }, this.#interactionMessageFields(interaction));
      } else if (type === 6 || type === 7) {
        const clicked = asJson(interaction.payload['message']);
        const id = typeof clicked['id'] === 'string' ? clicked['id'] : null;
        if (id) message = type === 7 ? this.ctx.world.editMessage(id, data) : (this.ctx.world.messages.get(id) ?? null);
      }
      interaction.ackType = type;
      interaction.originalMessageId = message ? (message.message['id'] as string) : null;
      if (query['with_response'] !== 'true') return noContent();
      return ok({
        interaction: {
          id: interaction.id,
          type: interaction.type,
          response_message_id: interaction.originalMessageId ?? undefined,
          response_message_loading: type === 5,
          response_message_ephemeral: message?.ephemeral ?? false,
          channel_id: this.ctx.world.channelId,
          guild_id: this.ctx.world.guildId,
        },
        ...(message && type !== 6 ? { resource: { type, message: message.message } } : {}),
      });
    });
  }

  #interactionMessageFields(interaction: TrackedInteraction): Json {
    const data = asJson(interaction.payload.data);
    return {
      type: interaction.type === 2 ? 20 : 19,
      webhook_id: this.ctx.world.applicationId,
      application_id: this.ctx.world.applicationId,
      interaction_metadata: {
        id: interaction.id,
        type: interaction.type,
        user: asJson(interaction.payload['member'])['user'],
        authorizing_integration_owners: { '0': this.ctx.world.guildId },
        ...(interaction.type === 2 ? { name: data['name'] } : {}),
      },
    };
  }

  #webhook(key: RouteKey, { params, query, body, files = [] }: HandlerInput): HandlerResult {
    const world = this.ctx.world;
    const interaction = this.ctx.interactions.byToken(params['token']!);
    if (params['application'] !== world.applicationId || !interaction) return fail(404, 10015, 'Unknown Webhook');
    if (interaction.ackType === null) {
      return key === 'followup' ? fail(404, 10015, 'Unknown Webhook') : fail(404, 10008, 'Unknown Message');
    }
    const originalId = interaction.originalMessageId;
    switch (key) {
      case 'originalGet': {
        const stored = originalId ? world.messages.get(originalId) : undefined;
        return stored ? ok(stored.message) : fail(404, 10008, 'Unknown Message');
      }
      case 'originalDelete': {
        if (!originalId || !world.messages.delete(originalId)) return fail(404, 10008, 'Unknown Message');
        return noContent();
      }
      case 'originalEdit':
      case 'followupEdit': {
        const id = key === 'originalEdit' ? originalId : params['message']!;
        return this.#validated(
          this.#check(() => [...validateMessage(body, 'webhook-edit'), ...attachmentProblems(asJson(body), files)]),
          () => {
            const stored = id ? world.messages.get(id) : undefined;
            if (!stored) return fail(404, 10008, 'Unknown Message');
            const flags = Number(stored.message['flags'] ?? 0) & ~LOADING;
            world.editMessage(stored.message['id'] as string, { ...asJson(body), flags });
            return ok(stored.message);
          },
        );
      }
      case 'followup':
      default:
        return this.#validated(
          this.#check(() => [...validateMessage(body, 'webhook-followup'), ...attachmentProblems(asJson(body), files)]),
          () => {
            const stored = world.storeMessage(world.channelId, asJson(body), {
              ...this.#interactionMessageFields(interaction),
              type: 0,
            });
            return query['wait'] === 'false' ? noContent() : ok(stored.message);
          },
        );
    }
  }

  // ---- commands --------------------------------------------------------------------------------

  #commandScope(key: RouteKey, params: Record<string, string>): { guildId: string | null } | HandlerResult {
    if (params['application'] !== this.ctx.world.applicationId) return fail(403, 50001, 'Missing Access');
    if (key === 'guildCommandsOverwrite' || key === 'guildCommandsList') {
      if (params['guild'] !== this.ctx.world.guildId) return fail(403, 50001, 'Missing Access');
      return { guildId: params['guild']! };
    }
    return { guildId: null };
  }

  #overwriteCommands(key: RouteKey, { params, body }: HandlerInput): HandlerResult {
    const scope = this.#commandScope(key, params);
    if ('reply' in scope) return scope;
    const problems = this.#check(() => validateCommands(body, scope.guildId ? 'guild' : 'global'));
    return this.#validated(problems, () => ok(this.ctx.world.storeCommands(scope.guildId, Array.isArray(body) ? (body as Json[]) : [])));
  }

  #listCommands(key: RouteKey, { params }: HandlerInput): HandlerResult {
    const scope = this.#commandScope(key, params);
    if ('reply' in scope) return scope;
    const world = this.ctx.world;
    return ok(scope.guildId ? (world.guildCommands.get(scope.guildId) ?? []) : world.globalCommands);
  }

  // ---- channels, messages, pins -----------------------------------------------------------------

  /** The text channel, the forum, the thread and the threads the bot made (one set of permissions for all). */
  #channelExists(channelId: string): boolean {
    return this.ctx.world.channelJsonOf(channelId) !== null;
  }

  /** A forum post: a thread named `name` whose first message is `message` (Send Messages = create posts). */
  #forumPost({ params, body }: HandlerInput): HandlerResult {
    const channelId = params['channel']!;
    const denied = this.#channelAccess(channelId, Permission.SendMessages);
    if (denied) return denied;
    const world = this.ctx.world;
    if (channelId !== world.forumChannelId) return fail(400, 50024, 'Cannot execute action on this channel type');
    return this.#validated(
      this.#check(() => validateThread(body, 'forum')),
      () => {
        const json = asJson(body);
        const message = asJson(json['message']);
        const embeds = Array.isArray(message['embeds']) ? message['embeds'] : [];
        if (!message['content'] && embeds.length === 0) return fail(400, 50006, 'Cannot send an empty message');
        const canEmbed = (world.botChannelPermissions() & Permission.EmbedLinks) !== 0n;
        // The thread has its starter message's id, as Discord's does.
        const stored = world.storeMessage(world.ids.next(), canEmbed ? message : { ...message, embeds: [] });
        const threadId = stored.message['id'] as string;
        stored.channelId = threadId;
        stored.message['channel_id'] = threadId;
        world.threads.set(threadId, { parentId: channelId, name: String(json['name']), messageId: null });
        return ok({ ...world.channelJsonOf(threadId)!, message: stored.message });
      },
    );
  }

  /** A public thread under a message of a text channel (Create Public Threads); one per message. */
  #threadFromMessage({ params, body }: HandlerInput): HandlerResult {
    const channelId = params['channel']!;
    const denied = this.#channelAccess(channelId, Permission.CreatePublicThreads);
    if (denied) return denied;
    const world = this.ctx.world;
    if (channelId !== world.channelId) return fail(400, 50024, 'Cannot execute action on this channel type');
    const stored = world.messages.get(params['message']!);
    if (!stored || stored.channelId !== channelId || stored.ephemeral) return fail(404, 10008, 'Unknown Message');
    return this.#validated(
      this.#check(() => validateThread(body, 'message')),
      () => {
        if ([...world.threads.values()].some((t) => t.messageId === params['message'])) {
          return fail(400, 160004, 'A thread has already been created for this message');
        }
        const threadId = params['message']!;
        world.threads.set(threadId, { parentId: channelId, name: String(asJson(body)['name']), messageId: params['message']! });
        return ok(world.channelJsonOf(threadId)!);
      },
    );
  }

  /** 404 for another channel, 50001 without View Channel, 50013 without one of `needed`. */
  #channelAccess(channelId: string, needed: bigint): HandlerResult | null {
    if (!this.#channelExists(channelId)) return fail(404, 10003, 'Unknown Channel');
    const perms = this.ctx.world.botChannelPermissions();
    if (!(perms & Permission.ViewChannel)) return fail(403, 50001, 'Missing Access');
    if ((perms & needed) !== needed) return fail(403, 50013, 'Missing Permissions');
    return null;
  }

  #createMessage({ params, body, files = [] }: HandlerInput): HandlerResult {
    const denied = this.#channelAccess(params['channel']!, Permission.SendMessages);
    if (denied) return denied;
    return this.#validated(
      this.#check(() => [...validateMessage(body, 'channel-message'), ...attachmentProblems(asJson(body), files)]),
      () => {
        const json = asJson(body);
        const embeds = Array.isArray(json['embeds']) ? json['embeds'] : [];
        if (!json['content'] && embeds.length === 0 && !Array.isArray(json['components'])) {
          return fail(400, 50006, 'Cannot send an empty message');
        }
        // enforce_nonce: a nonce this author already used in this channel answers with that message, and
        // nothing new is sent (Discord keeps nonces for a few minutes; the fake keeps them for its lifetime).
        const nonce = json['nonce'];
        if (nonce !== undefined && String(nonce).length > 25) {
          const problems: Problem[] = [{ path: ['nonce'], message: 'nonce is longer than 25 characters', source: 'limit' }];
          return { reply: { status: 400, body: invalidFormBody(problems) }, problems };
        }
        if (json['enforce_nonce'] === true && nonce !== undefined) {
          const earlier = this.ctx.world.messageByNonce(params['channel']!, String(nonce));
          if (earlier) return ok(earlier.message);
        }
        // Without Embed Links Discord still sends the message, without its embeds.
        const canEmbed = (this.ctx.world.botChannelPermissions() & Permission.EmbedLinks) !== 0n;
        const stored = this.ctx.world.storeMessage(params['channel']!, canEmbed ? json : { ...json, embeds: [] });
        return ok(stored.message);
      },
    );
  }

  #message(key: RouteKey, { params, body, files = [] }: HandlerInput): HandlerResult {
    const denied = this.#channelAccess(params['channel']!, Permission.ReadMessageHistory);
    if (denied) return denied;
    const stored = this.ctx.world.messages.get(params['message']!);
    if (!stored || stored.channelId !== params['channel'] || stored.ephemeral) return fail(404, 10008, 'Unknown Message');
    if (key === 'messageDelete') {
      this.ctx.world.messages.delete(stored.message['id'] as string);
      return noContent();
    }
    if (key === 'messageEdit') {
      return this.#validated(
        this.#check(() => [...validateMessage(body, 'webhook-edit'), ...attachmentProblems(asJson(body), files)]),
        () => {
          this.ctx.world.editMessage(stored.message['id'] as string, asJson(body));
          return ok(stored.message);
        },
      );
    }
    return ok(stored.message);
  }

  #listPins({ params, query }: HandlerInput): HandlerResult {
    const denied = this.#channelAccess(params['channel']!, Permission.ReadMessageHistory);
    if (denied) return denied;
    const limit = query['limit'] === undefined ? 50 : Number(query['limit']);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      return fail(400, 50035, 'Invalid Form Body: limit must be between 1 and 50');
    }
    const before = query['before'];
    const pins = this.ctx.world.pins(params['channel']!).filter((m) => !before || m.pinnedAt! < before);
    return ok({
      items: pins.slice(0, limit).map((m) => ({ pinned_at: m.pinnedAt, message: m.message })),
      has_more: pins.length > limit,
    });
  }

  #pin(key: RouteKey, { params }: HandlerInput): HandlerResult {
    const channelId = params['channel']!;
    const denied = this.#channelAccess(channelId, Permission.PinMessages);
    if (denied) return denied;
    const stored = this.ctx.world.messages.get(params['message']!);
    if (!stored || stored.channelId !== channelId || stored.ephemeral) return fail(404, 10008, 'Unknown Message');
    if (key === 'pinRemove') {
      this.ctx.world.unpin(stored);
      return noContent();
    }
    if (stored.pinnedAt !== null) return noContent();
    const world = this.ctx.world;
    if (world.pins(channelId).length >= world.pinLimit) {
      return fail(400, 30003, `Maximum number of pins reached (${world.pinLimit})`);
    }
    world.pin(stored);
    return noContent();
  }

  #member({ params }: HandlerInput): HandlerResult {
    const world = this.ctx.world;
    if (params['guild'] !== world.guildId) return fail(404, 10004, 'Unknown Guild');
    if (params['user'] === world.botUser.id) return ok(world.botMemberJson());
    if (params['user'] === world.memberUser.id) return ok(world.memberJson(world.memberUser, []));
    return fail(404, 10007, 'Unknown Member');
  }
}
