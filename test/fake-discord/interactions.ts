// INTERACTION_CREATE payloads as Discord sends them to a guild-installed bot: slash commands with
// options, autocomplete (type 4) and buttons (type 3). Option types come from the command the bot
// registered when there is one, else from the JavaScript value.
import { randomBytes } from 'node:crypto';
import { DEFAULT_MEMBER_PERMISSIONS } from './permissions.ts';
import type { FakeAttachment, FakeUser, Json, StoredCommand, World } from './world.ts';
import type { Snowflake } from './snowflake.ts';

/** An attachment (from `fake.attachment(...)`) makes an attachment option (type 11). */
export type OptionValue = string | number | boolean | FakeAttachment;

/** One option as Discord sends it inside `data.options`. */
export interface InteractionOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: InteractionOption[];
}

export interface InteractionOverrides {
  /** Who invokes it (default: the guild's test member). */
  user?: FakeUser;
  /** The invoking member's permissions in the channel (default: an ordinary member's). */
  memberPermissions?: bigint;
  /** Role ids the invoking member has. */
  memberRoles?: Snowflake[];
  /** What the bot may do in the channel (default: computed from its role and the overwrites). */
  appPermissions?: bigint;
  locale?: string;
  /** Sent from the world's second server (its guild and channel) instead of the first. */
  guild?: 'second';
}

export interface InteractionPayload extends Json {
  id: Snowflake;
  token: string;
  type: number;
  application_id: Snowflake;
  data: Json;
}

const OPTION_TYPE = { subcommand: 1, group: 2, string: 3, integer: 4, boolean: 5, number: 10, attachment: 11 } as const;

function inferType(value: string | number | boolean): number {
  if (typeof value === 'string') return OPTION_TYPE.string;
  if (typeof value === 'boolean') return OPTION_TYPE.boolean;
  return Number.isInteger(value) ? OPTION_TYPE.integer : OPTION_TYPE.number;
}

function declaredType(command: StoredCommand | undefined, name: string): number | undefined {
  const options = Array.isArray(command?.['options']) ? (command['options'] as Json[]) : [];
  const option = options.find((o) => o['name'] === name);
  return typeof option?.['type'] === 'number' ? option['type'] : undefined;
}

interface BuiltOptions {
  options: InteractionOption[];
  /** `data.resolved`, when an option refers to an attachment. */
  resolved: Json | null;
}

function toOptions(
  command: StoredCommand | undefined,
  options: Record<string, OptionValue> | InteractionOption[],
  focused?: string,
): BuiltOptions {
  if (Array.isArray(options)) return { options, resolved: null };
  const attachments: Record<string, FakeAttachment> = {};
  const built = Object.entries(options).map(([name, value]): InteractionOption => {
    if (typeof value === 'object') {
      attachments[value.id] = value;
      return { name, type: OPTION_TYPE.attachment, value: value.id };
    }
    const option: InteractionOption = { name, type: declaredType(command, name) ?? inferType(value), value };
    // Discord sends the focused option's partial input as a string, whatever the option's type.
    if (name === focused) return { ...option, value: String(value), focused: true };
    return option;
  });
  return { options: built, resolved: Object.keys(attachments).length > 0 ? { attachments } : null };
}

export class InteractionFactory {
  constructor(private readonly world: World) {}

  #token(id: Snowflake): string {
    return `aW50ZXJhY3Rpb246${Buffer.from(id).toString('base64url')}${randomBytes(48).toString('base64url')}`;
  }

  #base(type: number, data: Json, overrides: InteractionOverrides): InteractionPayload {
    const world = this.world;
    const id = world.ids.next();
    const user = overrides.user ?? world.memberUser;
    const second = overrides.guild === 'second';
    const guildId = second ? world.secondGuildId : world.guildId;
    const channel = second
      ? {
          id: world.secondChannelId,
          type: 0,
          guild_id: world.secondGuildId,
          name: 'second-general',
          position: 0,
          permissions: world.botChannelPermissions().toString(),
        }
      : world.interactionChannelJson();
    return {
      id,
      application_id: world.applicationId,
      type,
      data,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: second ? world.secondChannelId : world.channelId,
      channel,
      member: {
        ...world.memberJson(user, overrides.memberRoles ?? []),
        permissions: (overrides.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS).toString(),
      },
      token: this.#token(id),
      version: 1,
      app_permissions: (overrides.appPermissions ?? world.botChannelPermissions()).toString(),
      locale: overrides.locale ?? 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
    };
  }

  #commandData(name: string, { options, resolved }: BuiltOptions): Json {
    const command = this.world.findCommand(name);
    return {
      id: command?.id ?? this.world.ids.next(),
      name,
      type: 1,
      ...(command?.['guild_id'] ? { guild_id: command['guild_id'] } : {}),
      ...(options.length > 0 ? { options } : {}),
      ...(resolved ? { resolved } : {}),
    };
  }

  /** `/name option:value ...` (type 2, chat input). */
  chatInput(
    name: string,
    options: Record<string, OptionValue> | InteractionOption[] = {},
    overrides: InteractionOverrides = {},
  ): InteractionPayload {
    const command = this.world.findCommand(name);
    return this.#base(2, this.#commandData(name, toOptions(command, options)), overrides);
  }

  /** The user is typing into option `focused` of `/name` (type 4); other options as already filled in. */
  autocomplete(
    name: string,
    options: Record<string, OptionValue>,
    focused: string,
    overrides: InteractionOverrides = {},
  ): InteractionPayload {
    if (!(focused in options)) throw new Error(`autocomplete: focused option "${focused}" is not among the options`);
    const command = this.world.findCommand(name);
    return this.#base(4, this.#commandData(name, toOptions(command, options, focused)), overrides);
  }

  /**
   * A click on the button `customId` (type 3) of `message` (a message JSON the bot sent; default: the
   * newest message the bot sent in the channel whose components carry that custom_id).
   */
  button(customId: string, message?: Json, overrides: InteractionOverrides = {}): InteractionPayload {
    const onMessage = message ?? this.#messageWith(customId) ?? this.#syntheticMessage(customId);
    return { ...this.#base(3, { custom_id: customId, component_type: 2 }, overrides), message: onMessage };
  }

  #messageWith(customId: string): Json | undefined {
    const messages = [...this.world.messages.values()].reverse();
    return messages.find((m) => JSON.stringify(m.message['components'] ?? []).includes(JSON.stringify(customId)))?.message;
  }

  #syntheticMessage(customId: string): Json {
    return this.world.storeMessage(this.world.channelId, {
      content: '',
      components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Button', custom_id: customId }] }],
    }).message;
  }
}
