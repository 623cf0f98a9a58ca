// What a command file in commands/ exports, and the option types derived from its JSON definition.
import type {
  APIApplicationCommandOptionChoice,
  ApplicationCommandOptionType,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { StatementQueries, TenantQueries } from '../store/store.ts';
import type { TopicCatalog } from '../topics/index.ts';
import type { Reply } from '../reply/types.ts';
import type { ArticleIntake, IncomingFile } from '../intake/types.ts';
import type { FeedService } from '../feeds/types.ts';
import type { WatchService } from '../watches/types.ts';

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody & { name: string; description: string };

type OptionValue<O> = O extends { type: ApplicationCommandOptionType.String }
  ? string
  : O extends { type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
    ? number
    : O extends { type: ApplicationCommandOptionType.Boolean }
      ? boolean
      : O extends { type: ApplicationCommandOptionType.Attachment }
        ? AttachmentValue
        : O extends { type: ApplicationCommandOptionType.Channel | ApplicationCommandOptionType.Role }
          ? string
          : never;

/** An attachment option's value: what the adapter resolved (Discord) or a local path (console). */
export type AttachmentValue = IncomingFile;

type DefinedOptions<D> = D extends { options: readonly (infer O)[] } ? O : never;

type FlatOptions<Opts> = {
  [O in Opts as O extends { name: infer N extends string } ? N : never]: O extends { required: true }
    ? OptionValue<O>
    : OptionValue<O> | undefined;
};

type SubcommandsOf<D> = Extract<DefinedOptions<D>, { type: ApplicationCommandOptionType.Subcommand }>;

/** One member of the union per subcommand: `{ subcommand: 'add'; url: string }`. */
type SubcommandOptions<S> = S extends { name: infer N extends string }
  ? { subcommand: N } & FlatOptions<S extends { options: readonly (infer O)[] } ? O : never>
  : never;

/**
 * `{ speaker: string; limit: number | undefined }` from the definition's options; for a command made of
 * subcommands, a union with one member per subcommand, told apart by `subcommand`.
 */
export type OptionsOf<D> = [SubcommandsOf<D>] extends [never] ? FlatOptions<DefinedOptions<D>> : SubcommandOptions<SubcommandsOf<D>>;

/** The invocation key that names the subcommand (Discord nests the options under it; we flatten them). */
export const SUBCOMMAND_KEY = 'subcommand';

export interface CommandContext {
  /** The global corpus; in a server, invoke.ts replaces it with that server's view (tenants.forTenant). */
  index: StatementQueries;
  /** Tenancy: the per-server views of the index. */
  tenants?: TenantQueries;
  /** WHOSAID_OWNER_GUILDS: servers whose additions are global. */
  ownerGuilds?: readonly string[];
  topics: TopicCatalog;
  /** Position to continue from (paging). */
  cursor: string | null;
  /** What the invoking member may do, as far as the adapter knows; who they are, for the logs. */
  member: { canManage: boolean; canPin: boolean; id?: string; name?: string };
  /** Adds articles from links and files (/ingest); absent where the front end cannot write. */
  articles?: ArticleIntake;
  /** Where the command was typed (Discord: the channel and guild; absent in the console). */
  channel?: { id: string; guildId: string | null };
  /** Discord's channel types of the channels the interaction names (its channel options and where it was typed), by id. */
  channelTypes?: Readonly<Record<string, number>>;
  /** Followed news feeds (/feeds); absent where the front end does not run them. */
  feeds?: FeedService;
  /** Channel watches (/watch); absent where the front end does not run them. */
  watches?: WatchService;
}

export type Choice = APIApplicationCommandOptionChoice<string | number>;

export interface FocusedOption {
  name: string;
  value: string;
}

/** What a member needs: 'manage' (Manage Server or the manager role), 'pin' (Pin or Manage Messages). */
export type Permission = 'manage' | 'pin';

type SubcommandName<D> = OptionsOf<D> extends { subcommand: infer S } ? S : never;

/** A precondition declared on a command; src/slash/invoke.ts checks it once, before the handler runs. */
export interface Requirement<D extends CommandDefinition = CommandDefinition> {
  permission: Permission;
  /** What a refused member is told they cannot do: "Only members … can <to>." */
  to: string;
  /** Only for these subcommands (default: the whole command). */
  subcommands?: readonly SubcommandName<D>[];
  /** Only when this boolean option is true (/summary pin:true). */
  option?: keyof OptionsOf<D> & string;
}

export interface CommandModule<D extends CommandDefinition = CommandDefinition> {
  definition: D;
  requires?: Requirement<D>;
  /** May take long (network, large scans): acknowledge the interaction before running. */
  defer?: 'public' | 'ephemeral';
  run(options: OptionsOf<D>, context: CommandContext): Reply | Promise<Reply>;
  autocomplete?(focused: FocusedOption, options: Partial<OptionsOf<D>>, context: CommandContext): Choice[] | Promise<Choice[]>;
}

/** Identity helper so each command file gets its option types checked against its own definition. */
export function defineCommand<const D extends CommandDefinition>(module: CommandModule<D>): CommandModule<D> {
  return module;
}
