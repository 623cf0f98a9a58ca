// The Discord gateway bot: a discord.js client with the Guilds intent only, small caches, no pings,
// and every interaction handed to interactions.ts.
// Room discord/: the only place importing discord.js (gateway client, interactions, render, pins, deploy);
// imports slash/, reply/, text/, ops/; gets the command list as a parameter, never imports commands/ or app.ts.
import { Client, Events, GatewayIntentBits, Options, Status } from 'discord.js';
import { Health, startHealthReporter, type HealthReporter } from '../ops/health.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { deployWithClient } from './deploy.ts';
import { handleInteraction, type InteractionDeps } from './interactions.ts';

export interface BotOptions {
  config: Config;
  context: InteractionDeps['context'];
  commands: InteractionDeps['commands'];
  logger: Logger;
  deferAfterMs?: number;
  healthIntervalMs?: number;
  runner?: InteractionDeps['runner'];
}

export interface RunningBot {
  client: Client<true>;
  health: Health;
  healthReporter: HealthReporter;
  stop(): Promise<void>;
}

export function createClient(config: Config): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.DISCORD_API_URL },
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      VoiceStateManager: 0,
      StageInstanceManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      ThreadMemberManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
  });
}

export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  const client = createClient(config);
  const health = new Health();
  const deps: InteractionDeps = {
    health,
    context: options.context,
    commands: options.commands,
    logger,
    managerRoles: config.WHOSAID_MANAGER_ROLES,
    deferAfterMs: options.deferAfterMs,
    runner: options.runner,
  };

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, deps));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'gateway reconnecting'));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(config.DISCORD_TOKEN);
  const readyClient = await ready;
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, 'connected to Discord');

  if (config.DISCORD_GUILD_ID) {
    const count = await deployWithClient(readyClient, config.DISCORD_GUILD_ID, options.commands.definitions());
    logger.info({ guild: config.DISCORD_GUILD_ID, count }, 'slash commands registered to the guild');
  }

  const healthReporter = await startHealthReporter(health, logger, {
    port: config.WHOSAID_HEALTH_PORT,
    intervalMs: options.healthIntervalMs,
    source: { gatewayReady: () => client.ws.status === Status.Ready, gatewayPing: () => client.ws.ping },
  });

  return {
    client: readyClient,
    health,
    healthReporter,
    async stop() {
      await healthReporter.stop();
      client.removeAllListeners();
      await client.destroy();
    },
  };
}
