// The one way any adapter runs a command: validate options against the definition, check the declared
// preconditions (permissions), then call the handler. User mistakes come back as notice replies; anything
// else is thrown to the adapter's error boundary.
// Room slash/: the machinery that runs a slash command anywhere (definition types, option parsing, invoke with
// declared preconditions, shared option helpers). May import reply/, text/, domain types; never commands/.
import { notice, type Reply } from '../reply/types.ts';
import { OptionError, validateOptions } from './options.ts';
import type { CommandRegistry } from './registry.ts';
import { SUBCOMMAND_KEY, type Choice, type CommandContext, type CommandModule, type FocusedOption, type Permission } from './types.ts';

export interface Invocation {
  command: string;
  options: Record<string, unknown>;
}

const REFUSAL: Record<Permission, { title: string; who: string; may: (member: CommandContext['member']) => boolean }> = {
  manage: { title: 'Not allowed', who: 'with Manage Server or the manager role', may: (m) => m.canManage },
  pin: { title: 'Pinning not allowed', who: 'who may pin messages (Pin Messages or Manage Messages)', may: (m) => m.canPin },
};

/** The refusal for a member who lacks what the command declares it needs, or null when they may run it. */
function refusal(command: CommandModule, options: Record<string, unknown>, member: CommandContext['member']): Reply | null {
  const requirement = command.requires;
  if (!requirement) return null;
  const subcommand = options[SUBCOMMAND_KEY];
  if (requirement.subcommands && !requirement.subcommands.includes(subcommand as never)) return null;
  if (requirement.option && options[requirement.option] !== true) return null;
  const { title, who, may } = REFUSAL[requirement.permission];
  if (may(member)) return null;
  return notice(command.definition.name, title, `Only members ${who} can ${requirement.to}.`, { tone: 'warning' });
}

/** Tenancy: a command typed in a server sees the global corpus plus that server's own additions. */
function scoped(context: CommandContext): CommandContext {
  const guildId = context.channel?.guildId ?? null;
  return guildId && context.tenants ? { ...context, index: context.tenants.forTenant(guildId) } : context;
}

export async function runCommand(commands: CommandRegistry, invocation: Invocation, context: CommandContext): Promise<Reply> {
  const command = commands.find(invocation.command);
  if (!command) {
    return notice(invocation.command, 'Unknown command', `There is no /${invocation.command}. Commands:`, {
      tone: 'warning',
      suggestions: commands.commands.map((c) => `/${c.definition.name}`),
    });
  }
  let options: Record<string, unknown>;
  try {
    options = validateOptions(command.definition, invocation.options);
  } catch (error) {
    if (error instanceof OptionError) {
      return notice(command.definition.name, 'Check the options', error.message, { tone: 'warning' });
    }
    throw error;
  }
  return refusal(command, options, context.member) ?? command.run(options as never, scoped(context));
}

export async function runAutocomplete(
  commands: CommandRegistry,
  invocation: Invocation,
  focused: FocusedOption,
  context: CommandContext,
): Promise<Choice[]> {
  const command = commands.find(invocation.command);
  if (!command?.autocomplete) return [];
  return command.autocomplete(focused, invocation.options as never, scoped(context));
}
