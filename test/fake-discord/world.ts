// The fake's view of Discord: one application with its bot user, one guild with a text channel and a
// human member who invokes commands, plus what the bot created there (messages, pins, commands).
// Everything is serialised the way the real API does (snake_case, ids and permissions as strings).
import { DEFAULT_BOT_PERMISSIONS, channelPermissions } from './permissions.ts';
import type { PermissionOverwrite } from './permissions.ts';
import { SnowflakeFactory } from './snowflake.ts';
import type { Snowflake } from './snowflake.ts';

export type Json = Record<string, unknown>;

export interface WorldOptions {
  /** The bot's permissions through its managed role (the @everyone role has none). */
  botPermissions?: bigint;
  /** Permission overwrites on the text channel. */
  channelOverwrites?: PermissionOverwrite[];
  /** Pins allowed per channel before Discord answers 30003. */
  pinLimit?: number;
  botUsername?: string;
  guildName?: string;
  channelName?: string;
  /** `application.flags` in READY. */
  applicationFlags?: number;
}

export interface FakeUser {
  id: Snowflake;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface StoredMessage {
  message: Json;
  channelId: Snowflake;
  pinnedAt: string | null;
  ephemeral: boolean;
}

export interface StoredCommand extends Json {
  id: Snowflake;
  name: string;
}

/** An attachment as INTERACTION_CREATE carries it in `data.resolved.attachments`. */
export interface FakeAttachment extends Json {
  id: Snowflake;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type: string;
  ephemeral: true;
}

export class World {
  readonly ids = new SnowflakeFactory();
  readonly applicationId: Snowflake;
  readonly applicationFlags: number;
  readonly botUser: FakeUser;
  /** The human who invokes commands unless an interaction says otherwise. */
  readonly memberUser: FakeUser;
  readonly guildId: Snowflake;
  readonly guildName: string;
  readonly channelId: Snowflake;
  readonly channelName: string;
  /** A forum channel (a post there is a thread of its own) and a public thread under the text channel. */
  readonly forumChannelId: Snowflake;
  readonly threadChannelId: Snowflake;
  /** Threads the bot created: thread id -> its parent channel and the message it was opened under (if any). */
  readonly threads = new Map<Snowflake, { parentId: Snowflake; name: string; messageId: Snowflake | null }>();
  readonly botRoleId: Snowflake;
  /**
   * A second server the bot is in, known to it only through interactions (no GUILD_CREATE): for tenancy
   * tests, interactions from it carry its guild and channel ids (`guild: 'second'`).
   */
  readonly secondGuildId: Snowflake;
  readonly secondChannelId: Snowflake;
  readonly pinLimit: number;
  readonly createdAt = new Date().toISOString();

  /** Role id -> permissions. The @everyone role has the guild's id. */
  readonly rolePermissions = new Map<Snowflake, bigint>();
  /** Names of roles added with `addRole` (the bot's role is named after the bot). */
  readonly roleNames = new Map<Snowflake, string>();
  channelOverwrites: PermissionOverwrite[];
  readonly messages = new Map<Snowflake, StoredMessage>();
  readonly attachments = new Map<Snowflake, { attachment: FakeAttachment; content: Buffer }>();
  globalCommands: StoredCommand[] = [];
  readonly guildCommands = new Map<Snowflake, StoredCommand[]>();

  constructor(options: WorldOptions = {}) {
    const ids = this.ids;
    this.applicationId = ids.next();
    this.applicationFlags = options.applicationFlags ?? 0;
    this.botUser = { id: this.applicationId, username: options.botUsername ?? 'whosaid', globalName: null, bot: true };
    this.memberUser = { id: ids.next(), username: 'tester', globalName: 'Test User', bot: false };
    this.guildId = ids.next();
    this.guildName = options.guildName ?? 'whosaid test guild';
    this.channelId = ids.next();
    this.channelName = options.channelName ?? 'general';
    this.botRoleId = ids.next();
    this.pinLimit = options.pinLimit ?? 250;
    this.rolePermissions.set(this.guildId, 0n);
    this.rolePermissions.set(this.botRoleId, options.botPermissions ?? DEFAULT_BOT_PERMISSIONS);
    this.channelOverwrites = options.channelOverwrites ?? [];
    this.secondGuildId = ids.next();
    this.secondChannelId = ids.next();
    this.forumChannelId = ids.next();
    this.threadChannelId = ids.next();
  }

  get botPermissions(): bigint {
    return this.rolePermissions.get(this.botRoleId) ?? 0n;
  }

  set botPermissions(value: bigint) {
    this.rolePermissions.set(this.botRoleId, value);
  }

  /** The bot's effective permissions in the text channel (what `app_permissions` carries). */
  botChannelPermissions(): bigint {
    return channelPermissions(
      { memberId: this.botUser.id, roleIds: [this.botRoleId] },
      this.guildId,
      this.rolePermissions,
      this.channelOverwrites,
    );
  }

  // ---- serialisation -------------------------------------------------------------------------

  userJson(user: FakeUser): Json {
    return {
      id: user.id,
      username: user.username,
      global_name: user.globalName,
      discriminator: '0',
      avatar: null,
      bot: user.bot,
      system: false,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      primary_guild: null,
      collectibles: null,
    };
  }

  memberJson(user: FakeUser, roles: readonly Snowflake[], extra: Json = {}): Json {
    return {
      user: this.userJson(user),
      nick: null,
      avatar: null,
      banner: null,
      roles: [...roles],
      joined_at: this.createdAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      ...extra,
    };
  }

  botMemberJson(): Json {
    return this.memberJson(this.botUser, [this.botRoleId]);
  }

  /** A guild role members can be given (`memberRoles`), e.g. one in WHOSAID_MANAGER_ROLES (`id`: a chosen id). */
  addRole(name: string, permissions: bigint = 0n, id: Snowflake = this.ids.next()): Snowflake {
    this.rolePermissions.set(id, permissions);
    this.roleNames.set(id, name);
    return id;
  }

  roleJson(id: Snowflake): Json {
    const everyone = id === this.guildId;
    const botRole = id === this.botRoleId;
    return {
      id,
      name: everyone ? '@everyone' : (this.roleNames.get(id) ?? this.botUser.username),
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: everyone ? 0 : 1,
      permissions: (this.rolePermissions.get(id) ?? 0n).toString(),
      managed: botRole,
      mentionable: false,
      flags: 0,
      ...(botRole ? { tags: { bot_id: this.botUser.id } } : {}),
    };
  }

  /** A channel of the guild by id (the text channel, the forum, the thread, threads the bot made), or null. */
  channelJsonOf(id: Snowflake): Json | null {
    if (id === this.channelId) return this.channelJson();
    if (id === this.forumChannelId) {
      return { ...this.channelJson(), id, type: 15, name: 'news-forum', available_tags: [], default_reaction_emoji: null };
    }
    if (id === this.threadChannelId) return this.threadJson(id, this.channelId, 'watch-thread', 11);
    const made = this.threads.get(id);
    return made ? this.threadJson(id, made.parentId, made.name, 11) : null;
  }

  threadJson(id: Snowflake, parentId: Snowflake, name: string, type: number): Json {
    return {
      id,
      type,
      guild_id: this.guildId,
      parent_id: parentId,
      owner_id: this.botUser.id,
      name,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      message_count: 0,
      member_count: 1,
      thread_metadata: { archived: false, auto_archive_duration: 4320, archive_timestamp: this.createdAt, locked: false },
      total_message_sent: 0,
    };
  }

  channelJson(): Json {
    return {
      id: this.channelId,
      type: 0,
      guild_id: this.guildId,
      name: this.channelName,
      position: 0,
      permission_overwrites: this.channelOverwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
      topic: null,
      nsfw: false,
      last_message_id: null,
      last_pin_timestamp: null,
      rate_limit_per_user: 0,
      parent_id: null,
      flags: 0,
    };
  }

  /** The partial channel an INTERACTION_CREATE carries. */
  interactionChannelJson(): Json {
    const { permission_overwrites: _omit, ...rest } = this.channelJson();
    return { ...rest, permissions: this.botChannelPermissions().toString() };
  }

  /** GUILD_CREATE `d`: everything discord.js needs to mark the guild available. */
  guildCreateJson(): Json {
    return {
      id: this.guildId,
      name: this.guildName,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: this.memberUser.id,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      features: [],
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      incidents_data: null,
      joined_at: this.createdAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: 2,
      roles: [...this.rolePermissions.keys()].map((id) => this.roleJson(id)),
      emojis: [],
      stickers: [],
      channels: [this.channelJson(), this.channelJsonOf(this.forumChannelId)!],
      threads: [this.channelJsonOf(this.threadChannelId)!],
      members: [this.botMemberJson()],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
    };
  }

  // ---- messages ------------------------------------------------------------------------------

  /** A message as Discord returns it after the bot created it from `body`. */
  storeMessage(channelId: Snowflake, body: Json, extra: Json = {}): StoredMessage {
    const id = this.ids.next();
    const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
    const message: Json = {
      id,
      type: 0,
      channel_id: channelId,
      guild_id: this.guildId,
      author: this.userJson(this.botUser),
      content: typeof body['content'] === 'string' ? body['content'] : '',
      embeds: Array.isArray(body['embeds']) ? body['embeds'] : [],
      components: Array.isArray(body['components']) ? body['components'] : [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags,
      ...(typeof body['nonce'] === 'string' || typeof body['nonce'] === 'number' ? { nonce: body['nonce'] } : {}),
      ...extra,
    };
    const stored: StoredMessage = { message, channelId, pinnedAt: null, ephemeral: (flags & 64) !== 0 };
    this.messages.set(id, stored);
    return stored;
  }

  editMessage(id: Snowflake, body: Json): StoredMessage | null {
    const stored = this.messages.get(id);
    if (!stored) return null;
    for (const key of ['content', 'embeds', 'components', 'flags'] as const) {
      if (body[key] !== undefined && body[key] !== null) stored.message[key] = body[key];
    }
    stored.message['edited_timestamp'] = new Date().toISOString();
    return stored;
  }

  #lastPinnedAt = '';

  /** Pins a stored message now; pin timestamps strictly increase so "newest pin first" is well defined. */
  pin(stored: StoredMessage): void {
    if (stored.pinnedAt !== null) return;
    let at = new Date().toISOString();
    if (at <= this.#lastPinnedAt) at = new Date(Date.parse(this.#lastPinnedAt) + 1).toISOString();
    this.#lastPinnedAt = at;
    stored.pinnedAt = at;
    stored.message['pinned'] = true;
  }

  unpin(stored: StoredMessage): void {
    stored.pinnedAt = null;
    stored.message['pinned'] = false;
  }

  /** The bot's message in this channel sent with this nonce, if any (what enforce_nonce answers with). */
  messageByNonce(channelId: Snowflake, nonce: string): StoredMessage | null {
    for (const stored of this.messages.values()) {
      if (stored.channelId !== channelId || stored.message['nonce'] === undefined) continue;
      const author = stored.message['author'] as { id?: string } | undefined;
      if (String(stored.message['nonce']) === nonce && author?.id === this.botUser.id) return stored;
    }
    return null;
  }

  channelMessages(channelId: Snowflake): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId);
  }

  pins(channelId: Snowflake): StoredMessage[] {
    return this.channelMessages(channelId)
      .filter((m) => m.pinnedAt !== null)
      .sort((a, b) => (a.pinnedAt! < b.pinnedAt! ? 1 : a.pinnedAt! > b.pinnedAt! ? -1 : 0));
  }

  // ---- attachments ---------------------------------------------------------------------------

  /** A file a user attached to a command, served by the fake CDN at `baseUrl`. */
  addAttachment(baseUrl: string, filename: string, content: Buffer, contentType: string): FakeAttachment {
    const id = this.ids.next();
    const path = `/ephemeral-attachments/${this.channelId}/${id}/${encodeURIComponent(filename)}`;
    const expires = Math.floor(Date.now() / 1000 + 86_400).toString(16);
    const query = `?ex=${expires}&is=${Math.floor(Date.now() / 1000).toString(16)}&hm=${id.slice(-12)}&`;
    const attachment: FakeAttachment = {
      id,
      filename,
      size: content.length,
      url: `${baseUrl}${path}${query}`,
      proxy_url: `${baseUrl}${path}${query}`,
      content_type: contentType,
      ephemeral: true,
    };
    this.attachments.set(id, { attachment, content });
    return attachment;
  }

  // ---- commands ------------------------------------------------------------------------------

  storeCommands(guildId: Snowflake | null, bodies: Json[]): StoredCommand[] {
    const previous = guildId ? (this.guildCommands.get(guildId) ?? []) : this.globalCommands;
    const stored = bodies.map((body): StoredCommand => {
      const name = String(body['name'] ?? '');
      const type = typeof body['type'] === 'number' ? body['type'] : 1;
      const kept = previous.find((c) => c.name === name && c['type'] === type);
      return {
        type,
        description: '',
        options: [],
        default_member_permissions: null,
        nsfw: false,
        integration_types: [0],
        contexts: null,
        ...body,
        id: kept?.id ?? this.ids.next(),
        application_id: this.applicationId,
        ...(guildId ? { guild_id: guildId } : {}),
        version: this.ids.next(),
        name,
      };
    });
    if (guildId) this.guildCommands.set(guildId, stored);
    else this.globalCommands = stored;
    return stored;
  }

  /** A registered command by name: guild commands first, then global ones. */
  findCommand(name: string): StoredCommand | undefined {
    return (this.guildCommands.get(this.guildId) ?? []).find((c) => c.name === name) ?? this.globalCommands.find((c) => c.name === name);
  }
}
