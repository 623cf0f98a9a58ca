// Watch posts to a channel, outside any interaction: rendered like /quote, no buttons, and no mention except
// the one role the watch names (allowed_mentions lists that role alone; never everyone, here or users).
// Sent with the post's nonce and enforce_nonce, so a repeat (after a crash between sending and recording it)
// gets the message Discord already has instead of a second one. A 4xx other than a rate limit is a refusal
// (PostRejected: not sent again); anything else (5xx after the REST retries, a network error) is retried later.
import { DiscordAPIError, Routes, type Client } from 'discord.js';
import type { Logger } from '../log.ts';
import { PostRejected, type WatchNotifier } from '../watches/notifier.ts';
import { truncate } from '../text/truncate.ts';
import { LIMITS } from './limits.ts';
import { renderDiscord } from './render.ts';
import { isSnowflake } from '../text/snowflake.ts';

export function discordWatchNotifier(client: Client, logger: Logger): WatchNotifier {
  return {
    target: 'discord',
    async post(channelId, reply, { pingRoleId, nonce }) {
      if (!isSnowflake(channelId)) {
        logger.warn({ channel: channelId }, 'watch post refused: not a Discord channel');
        throw new PostRejected(`${channelId} is not a Discord channel`);
      }
      const message = renderDiscord(reply);
      const role = pingRoleId && isSnowflake(pingRoleId) ? pingRoleId : null;
      const content = role ? `<@&${role}> ${message.content ?? ''}` : (message.content ?? '');
      try {
        const sent = (await client.rest.post(Routes.channelMessages(channelId), {
          body: {
            content: truncate(content, LIMITS.content),
            embeds: message.embeds,
            allowed_mentions: role ? { parse: [], roles: [role] } : { parse: [] },
            ...(nonce ? { nonce, enforce_nonce: true } : {}),
          },
        })) as { id?: unknown } | undefined;
        return { messageId: typeof sent?.id === 'string' ? sent.id : null };
      } catch (error) {
        if (error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429) {
          throw new PostRejected(`Discord refused the post (${error.status}, code ${error.code}): ${error.message}`);
        }
        throw error;
      }
    },
  };
}
