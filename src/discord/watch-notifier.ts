// Watch posts to a channel, outside any interaction: rendered like /quote, no buttons, and no mention except
// the one role the watch names (allowed_mentions lists that role alone; never everyone, here or users).
import { Routes, type Client } from 'discord.js';
import type { Logger } from '../log.ts';
import type { WatchNotifier } from '../watches/notifier.ts';
import { truncate } from '../text/truncate.ts';
import { LIMITS } from './limits.ts';
import { renderDiscord } from './render.ts';
import { isSnowflake } from '../text/snowflake.ts';

export function discordWatchNotifier(client: Client, logger: Logger): WatchNotifier {
  return {
    async post(channelId, reply, { pingRoleId }) {
      if (!isSnowflake(channelId)) {
        logger.warn({ channel: channelId }, 'watch post skipped: not a Discord channel');
        return;
      }
      const message = renderDiscord(reply);
      const role = pingRoleId && isSnowflake(pingRoleId) ? pingRoleId : null;
      const content = role ? `<@&${role}> ${message.content ?? ''}` : (message.content ?? '');
      await client.rest.post(Routes.channelMessages(channelId), {
        body: {
          content: truncate(content, LIMITS.content),
          embeds: message.embeds,
          allowed_mentions: role ? { parse: [], roles: [role] } : { parse: [] },
        },
      });
    },
  };
}
