// The environment that points a whosaid bot at the fake Discord (its token, application, guild and API URL).
import type { FakeDiscord } from './fake-discord.ts';

export function botEnv(fake: FakeDiscord): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_URL: fake.apiUrl,
  };
}
