// Watch posts to a channel, outside any interaction: rendered like /quote, no buttons, and no mention except
// the one role the watch names (allowed_mentions lists that role alone; never everyone, here or users).
// Sent with the post's nonce and enforce_nonce, so a repeat (after a crash between sending and recording it)
// gets the message Discord already has instead of a second one. A 4xx other than a rate limit is a refusal
// (PostRejected: not sent again); anything else (5xx after the REST retries, a network error) is retried later.
// A forum gets one thread (forum post) per article, named after it, the post as its first message: creating
// that thread is the post. Discord takes no nonce there, so before creating one the forum's active threads are
// read: a thread of ours with that name, made since the post was queued, whose first message is this post's
// text, is this post sent by an attempt that died before recording it. thread:true opens a thread under a channel post, best effort: a failure is logged
// and the post is not sent again.
import { ChannelType, DiscordAPIError, Routes, SnowflakeUtil, type Client } from 'discord.js';
import type { Logger } from '../log.ts';
import { PostRejected, type WatchNotifier } from '../watches/notifier.ts';
import { truncate } from '../text/truncate.ts';
import { LIMITS } from './limits.ts';
import { renderDiscord } from './render.ts';
import { isSnowflake } from '../text/snowflake.ts';

/** Channels whose posts are threads of their own. */
const FORUM_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

/** How far Discord's clock (a thread id's time) may lag ours when comparing it with when a post was queued. */
const CLOCK_SKEW_MS = 60_000;

export function discordWatchNotifier(client: Client, logger: Logger): WatchNotifier {
  // A channel's type and server, once known (a text channel never becomes a forum, nor a forum anything else).
  const known = new Map<string, { type: number; guildId: string | null }>();
  const channelInfo = async (channelId: string): Promise<{ type: number; guildId: string | null } | null> => {
    const cached = known.get(channelId) ?? client.channels.cache.get(channelId);
    if (cached) return { type: cached.type, guildId: 'guildId' in cached ? (cached.guildId ?? null) : null };
    const channel = (await client.rest.get(Routes.channel(channelId))) as { type?: unknown; guild_id?: unknown } | undefined;
    if (typeof channel?.type !== 'number') return null;
    const info = { type: channel.type, guildId: typeof channel.guild_id === 'string' ? channel.guild_id : null };
    known.set(channelId, info);
    return info;
  };
  /** The starter message id of a forum post of ours named `name` saying `content`, made since `sinceMs`, if there is one. */
  const sentBefore = async (forumId: string, guildId: string, name: string, content: string, sinceMs: number): Promise<string | null> => {
    const active = (await client.rest.get(Routes.guildActiveThreads(guildId))) as
      { threads?: { id?: unknown; parent_id?: unknown; owner_id?: unknown; name?: unknown }[] } | undefined;
    const me = client.user?.id ?? client.application?.id ?? null;
    const candidates = (active?.threads ?? []).filter(
      (t): t is { id: string } =>
        typeof t.id === 'string' &&
        t.parent_id === forumId &&
        t.name === name &&
        (me === null || t.owner_id === me) &&
        SnowflakeUtil.timestampFrom(t.id) >= sinceMs - CLOCK_SKEW_MS,
    );
    for (const { id } of candidates) {
      // A forum post's thread has its starter message's id.
      const starter = (await client.rest.get(Routes.channelMessage(id, id)).catch(() => null)) as { content?: unknown } | null;
      if (starter?.content === content) return id;
    }
    return null;
  };
  return {
    target: 'discord',
    async post(channelId, reply, { pingRoleId, nonce, thread, queuedAtMs }) {
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
        const channel = thread ? await channelInfo(channelId) : null;
        if (thread && channel && FORUM_TYPES.has(channel.type)) {
          if (channel.guildId && queuedAtMs !== undefined && Number.isFinite(queuedAtMs)) {
            const earlier = await sentBefore(channelId, channel.guildId, thread.name, body.content, queuedAtMs);
            if (earlier) {
              logger.info({ channel: channelId, thread: earlier }, 'forum post already made by an earlier attempt; not made again');
              return { messageId: earlier };
            }
          }
          const created = (await client.rest.post(Routes.threads(channelId), { body: { name: thread.name, message: body } })) as
            { id?: unknown; message?: { id?: unknown } } | undefined;
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
