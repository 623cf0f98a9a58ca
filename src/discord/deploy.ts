// Registers the slash commands: one bulk overwrite, to a guild (instant, for development) or globally.
import { REST, Routes, type Client } from 'discord.js';
import type { CommandDefinition } from '../slash/types.ts';

export interface DeployTarget {
  token: string;
  apiUrl: string;
  applicationId?: string;
  guildId?: string;
  definitions: CommandDefinition[];
}

export async function deployCommands(target: DeployTarget): Promise<{ scope: string; count: number }> {
  const rest = new REST({ api: target.apiUrl }).setToken(target.token);
  const appId = target.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const route = target.guildId ? Routes.applicationGuildCommands(appId, target.guildId) : Routes.applicationCommands(appId);
  const result = (await rest.put(route, { body: target.definitions })) as unknown[];
  return { scope: target.guildId ? `guild ${target.guildId}` : 'global', count: result.length };
}

/** From a logged-in client (the bot at start): the application id is already known. */
export async function deployWithClient(client: Client<true>, guildId: string, definitions: CommandDefinition[]): Promise<number> {
  const result = await client.application.commands.set(definitions, guildId);
  return result.size;
}
