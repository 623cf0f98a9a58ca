// `whosaid deploy-commands [--guild ID]`: register the slash commands (guild: instant; global otherwise).
import { parseArgs } from 'node:util';
import { commands } from '../../commands/index.ts';
import { isSnowflake } from '../text/snowflake.ts';
import { fail, withConfig, write } from './support.ts';

export function runDeployCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const { values } = parseArgs({ args, options: { guild: { type: 'string' } } });
    if (!config.DISCORD_TOKEN) return fail('deploy-commands needs DISCORD_TOKEN (see README: Discord setup)');
    const guildId = values.guild ?? config.DISCORD_GUILD_ID;
    if (guildId !== undefined && !isSnowflake(guildId)) return fail('--guild must be a guild id (17 to 20 digits)', 2);
    const { deployCommands } = await import('../discord/deploy.ts');
    const result = await deployCommands({
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL,
      applicationId: config.DISCORD_APPLICATION_ID,
      guildId,
      definitions: commands.definitions(),
    });
    write(`registered ${result.count} commands (${result.scope})`);
    return 0;
  });
}
