// A lookup over a list of command modules. The list itself is commands/index.ts (the product surface); the
// composition root hands it to whoever runs commands (Discord adapter, console, CLI), so nothing here imports it.
import type { CommandDefinition, CommandModule } from './types.ts';

export interface CommandRegistry {
  /** In the order /help and Discord list them. */
  readonly commands: readonly CommandModule[];
  find(name: string): CommandModule | undefined;
  definitions(): CommandDefinition[];
}

export function createRegistry(modules: readonly CommandModule[]): CommandRegistry {
  const byName = new Map(modules.map((c) => [c.definition.name, c]));
  return {
    commands: modules,
    find: (name) => byName.get(name.toLowerCase()),
    definitions: () => modules.map((c) => c.definition),
  };
}
