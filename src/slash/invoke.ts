// The one way any adapter runs a command: validate options against the definition, then call the handler.
// User mistakes come back as notice replies; anything else is thrown to the adapter's error boundary.
import { notice, type Reply } from '../reply/types.ts';
import { OptionError, validateOptions } from './options.ts';
import { findCommand, COMMANDS } from './registry.ts';
import type { Choice, CommandContext, FocusedOption } from './types.ts';

export interface Invocation {
  command: string;
  options: Record<string, unknown>;
}

export async function runCommand(invocation: Invocation, context: CommandContext): Promise<Reply> {
  const command = findCommand(invocation.command);
  if (!command) {
    return notice(invocation.command, 'Unknown command', `There is no /${invocation.command}. Commands:`, {
      tone: 'warning',
      suggestions: COMMANDS.map((c) => `/${c.definition.name}`),
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
  return command.run(options as never, context);
}

export function runAutocomplete(
  invocation: Invocation,
  focused: FocusedOption,
  context: CommandContext,
): Choice[] {
  const command = findCommand(invocation.command);
  if (!command?.autocomplete) return [];
  return command.autocomplete(focused, invocation.options as never, context);
}
