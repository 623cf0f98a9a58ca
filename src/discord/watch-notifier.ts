// Watch posts to a channel, outside any interaction: rendered like /quote, no buttons, and no mention except
// the one role the watch names (allowed_mentions lists that role alone; never everyone, here or users).
// Sent with the post's nonce and enforce_nonce, so a repeat (after a crash between sending and recording it)
// gets the message Discord already has instead of a second one. A 4xx other than a rate limit is a refusal
// (PostRejected: not sent again); anything else (5xx after the REST retries, a network error) is retried later.
// A forum gets one thread (forum post) per article, named after it, the post as its first message: creating
// that thread is the post (Discord takes no nonce there). thread:true opens a thread under a channel post,
// best effort: a failure is logged and the post is not sent again.
import { ChannelType, DiscordAPIError, Routes, type Client } from 'discord.js';
import type { Logger } from '../log.ts';
import { PostRejected, type WatchNotifier } from '../watches/notifier.ts';
import { truncate } from '../text/truncate.ts';
import { LIMITS } from './limits.ts';
import { renderDiscord } from './render.ts';
import { isSnowflake } from '../text/snowflake.ts';

/** Channels whose posts are threads of their own. */
const FORUM_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

export function discordWatchNotifier(client: Client, logger: Logger): WatchNotifier {
  // A channel's type, once known (a text channel never becomes a forum, nor a forum anything else).
  const types = new Map<string, number>();
  const channelType = async (channelId: string): Promise<number | null> => {
    const known = types.get(channelId) ?? client.channels.cache.get(channelId)?.type;
    if (known !== undefined) return known;
    const channel = (await client.rest.get(Routes.channel(channelId))) as { type?: unknown } | undefined;
    if (typeof channel?.type !== 'number') return null;
    types.set(channelId, channel.type);
    return channel.type;
  };
  return {
    target: 'discord',
    async post(channelId, reply, { pingRoleId, nonce, thread }) {
      if (!isSnowflake(channelId)) {
        logger.warn({ channel: channelId }, 'watch post refused: not a Discord channel');
        throw new PostRejected(`${channelId} is not a Discord channel`);
      }
      const message = renderDiscord(reply);
      const role = pingRoleId && isSnowflake(pingRoleId) ? pingRoleId : null;
      const content = role ? `<@&${role}> ${message.content ?? ''}` : (message.content ?? '');
      const body = {
        content: truncate(content, LIMITS.content),
        embeds: message.embeds,
        allowed_mentions: role ? { parse: [], roles: [role] } : { parse: [] },
      };
      try {
        if (thread && FORUM_TYPES.has((await channelType(channelId)) ?? -1)) {
          const created = (await client.rest.post(Routes.threads(channelId), { body: { name: thread.name, message: body } })) as
            | { id?: unknown; message?: { id?: unknown } }
            | undefined;
          const id = created?.message?.id ?? created?.id;
          return { messageId: typeof id === 'string' ? id : null };
        }
        const sent = (await client.rest.post(Routes.channelMessages(channelId), {
          body: { ...body, ...(nonce ? { nonce, enforce_nonce: true } : {}) },
        })) as { id?: unknown } | undefined;
        const messageId = typeof sent?.id === 'string' ? sent.id : null;
        if (thread?.open && messageId) {
          try {
            await client.rest.post(Routes.threads(channelId, messageId), { body: { name: thread.name } });
          } catch (error) {
            logger.warn({ err: error, channel: channelId, message: messageId }, 'watch post sent; its discussion thread was not opened');
          }
        }
        return { messageId };
      } catch (error) {
        if (error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429) {
          throw new PostRejected(`Discord refused the post (${error.status}, code ${error.code}): ${error.message}`);
        }
        throw error;
      }
    },
  };
}
