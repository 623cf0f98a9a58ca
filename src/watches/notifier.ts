// How a watch's post leaves the process, outside any interaction: Discord posts it to the channel (see
// src/discord/watch-notifier.ts), the console prints it. Mentions stay off except the one role a watch names.
import type { Reply } from '../reply/types.ts';

export interface PostOptions {
  /** The role to mention (opt-in, per watch); null: nobody is pinged. */
  pingRoleId: string | null;
}

export interface WatchNotifier {
  post(channelId: string, reply: Reply, options: PostOptions): Promise<void>;
}

/** The console's notifier: each post is printed (the renderer is passed in, so this file stays small). */
export function printingNotifier(write: (text: string) => void, render: (reply: Reply) => string): WatchNotifier {
  return {
    async post(channelId, reply, { pingRoleId }) {
      write(`── watch post to channel ${channelId}${pingRoleId ? ` (pinging role ${pingRoleId})` : ''} ──\n${render(reply)}\n`);
    },
  };
}
