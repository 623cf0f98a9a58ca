// How a watch's post leaves the process, outside any interaction: Discord posts it to the channel (see
// src/discord/watch-notifier.ts), the console prints it. Mentions stay off except the one role a watch names.
import type { Reply } from '../reply/types.ts';
import type { OutboxTarget } from '../store/store.ts';
import { isSnowflake } from '../text/snowflake.ts';

export interface PostOptions {
  /** The role to mention (opt-in, per watch); null: nobody is pinged. */
  pingRoleId: string | null;
  /** The post's nonce (at most 25 characters), the same on every attempt: Discord answers a repeat with the message already sent. */
  nonce?: string;
  /** The thread a post may make: its name (the article's title); a forum always makes it, open: under a message too. */
  thread?: PostThread;
  /** When the post was queued: a forum post (no nonce there) made since then under the same name is this one, sent before. */
  queuedAtMs?: number;
}

export interface PostThread {
  name: string;
  /** Open a thread under the posted message (/watch add thread:true); best effort. */
  open: boolean;
}

export interface PostResult {
  /** The platform's id for the message, when it has one. */
  messageId: string | null;
}

export interface WatchNotifier {
  /** Which channels this notifier can post to: Discord's (channel ids) or the terminal's (the console's watches). */
  readonly target?: OutboxTarget;
  /** Posts, or throws: PostRejected when the platform refused this post for good, anything else to try again later. */
  post(channelId: string, reply: Reply, options: PostOptions): Promise<PostResult | void>;
}

/** The platform refused the post itself (a 4xx other than a rate limit): sending it again would fail again. */
export class PostRejected extends Error {
  override name = 'PostRejected';
}

/** Who can deliver a post to this channel: a Discord channel id, or the console's own watches. */
export function targetOf(channelId: string): OutboxTarget {
  return isSnowflake(channelId) ? 'discord' : 'terminal';
}

/** The console's notifier: each post is printed (the renderer is passed in, so this file stays small). */
export function printingNotifier(write: (text: string) => void, render: (reply: Reply) => string): WatchNotifier {
  return {
    target: 'terminal',
    async post(channelId, reply, { pingRoleId }) {
      write(`── watch post to channel ${channelId}${pingRoleId ? ` (pinging role ${pingRoleId})` : ''} ──\n${render(reply)}\n`);
    },
  };
}
