// /watch add [speaker] [topic] [query] [channel] [ping] | list | remove watch:<id>: post new statements that
// match to a channel as articles arrive (feeds, links, files). Adding and removing is for managers.
import { ApplicationCommandOptionType, ChannelType } from '../src/slash/option-types.ts';
import { resolveSpeaker, resolveTopic, autocompleteSpeaker, speakerOption, topicOption, queryOption } from '../src/slash/shared.ts';
import { defineCommand } from '../src/slash/types.ts';
import { notice, type InfoField } from '../src/reply/types.ts';
import { describeWatch, parseExclude } from '../src/watches/watcher.ts';
import type { WatchRecord } from '../src/watches/types.ts';

const MAX_LISTED = 25;

/** Where a watch may post: text and announcement channels, threads, and forums (one post a thread). */
const WATCH_CHANNEL_TYPES = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.GuildForum,
];
/** Where thread:true can open a thread under each post. */
const THREAD_PARENT_TYPES: readonly number[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

function where(watch: WatchRecord): string {
  // Plain ids: the info renderer escapes text, so a mention would show as its raw characters anyway.
  return `channel ${watch.channelId}${watch.openThread ? ' · a thread under each post' : ''}${watch.pingRoleId ? ` · pings role ${watch.pingRoleId}` : ''}`;
}

export default defineCommand({
  definition: {
    name: 'watch',
    description: 'Post new statements by a speaker, on a topic or matching words to a channel',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Watch for new statements (give a speaker, a topic or a query) — managers only',
        options: [
          speakerOption('Whose statements', false),
          topicOption('Statements on this topic', false),
          queryOption('Statements with these words (as /search)', false),
          {
            type: ApplicationCommandOptionType.Channel,
            name: 'channel',
            description: 'Where to post (default: here)',
            required: false,
            channel_types: WATCH_CHANNEL_TYPES,
          },
          {
            type: ApplicationCommandOptionType.Role,
            name: 'ping',
            description: 'A role to mention in each post (default: nobody)',
            required: false,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'exclude',
            description: 'Never post statements with any of these words or phrases (comma-separated)',
            required: false,
            max_length: 200,
          },
          {
            type: ApplicationCommandOptionType.Boolean,
            name: 'thread',
            description: 'Open a thread under each post for discussion (text and announcement channels)',
            required: false,
          },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'The watches of this server' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Stop a watch — managers only',
        options: [
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'watch',
            description: 'Its number (from /watch list)',
            required: true,
            min_value: 1,
          },
        ],
      },
    ],
  },
  requires: { permission: 'manage', subcommands: ['add', 'remove'], to: 'add or remove watches' },

  async run(options, context) {
    const watches = context.watches;
    if (!watches) return notice('watch', 'Not available', 'Watches are not available here.', { tone: 'warning' });
    // A direct message has a channel but no server: the watches without a server are the console's, not its.
    if (context.channel && context.channel.guildId === null) {
      return notice('watch', 'Not available here', 'Watches belong to a server: use /watch in a channel of that server.', {
        tone: 'warning',
      });
    }
    const guildId = context.channel?.guildId ?? null;
    if (options.subcommand === 'list') {
      const all = await watches.list(guildId);
      if (!all.length) return notice('watch', 'No watches', 'Nothing is watched. A manager can start with /watch add speaker:<name>.');
      const fields: InfoField[] = all.slice(0, MAX_LISTED).map((w) => ({ name: `#${w.id} ${describeWatch(w)}`, value: where(w) }));
      return { type: 'info', command: 'watch', title: `Watches (${all.length})`, fields };
    }
    if (options.subcommand === 'remove') {
      const removed = await watches.remove(options.watch, guildId);
      if (!removed)
        return notice('watch', 'No such watch', `There is no watch #${options.watch} here. /watch list shows them.`, {
          tone: 'warning',
          suggestions: ['/watch list'],
        });
      return {
        type: 'info',
        command: 'watch',
        title: `Watch #${removed.id} removed`,
        fields: [{ name: 'It watched', value: describeWatch(removed) }],
      };
    }
    const { speaker, topic, query, channel, ping, thread } = options;
    const exclude = options.exclude === undefined ? [] : parseExclude(options.exclude);
    if (speaker === undefined && topic === undefined && query === undefined) {
      return notice('watch', 'Check the options', 'Give at least one of speaker, topic or query.', { tone: 'warning' });
    }
    // The @everyone role has the guild's id: a watch may ping a role, never everyone.
    if (ping !== undefined && ping === guildId) {
      return notice('watch', 'Check the options', 'A watch cannot ping @everyone: choose a role.', { tone: 'warning' });
    }
    const channelId = channel ?? context.channel?.id ?? 'console';
    // Discord offers only WATCH_CHANNEL_TYPES, but a request can name any channel: its resolved type decides.
    const channelType = context.channelTypes?.[channelId];
    if (channelType !== undefined && !(WATCH_CHANNEL_TYPES as readonly number[]).includes(channelType)) {
      return notice('watch', 'Check the options', 'A watch posts to a text or announcement channel, a thread or a forum.', {
        tone: 'warning',
      });
    }
    if (thread && channelType !== undefined && !THREAD_PARENT_TYPES.includes(channelType)) {
      return notice(
        'watch',
        'Check the options',
        channelType === ChannelType.GuildForum
          ? 'A forum already gets one thread per article: leave thread off.'
          : 'thread:true opens threads in a text or announcement channel; a thread cannot hold threads.',
        { tone: 'warning' },
      );
    }
    const who = speaker === undefined ? null : await resolveSpeaker('watch', speaker, context);
    if (who && !who.ok) return who.reply;
    const about = topic === undefined ? null : resolveTopic('watch', topic, context.topics);
    if (about && !about.ok) return about.reply;
    const added = await watches.add({
      guildId,
      channelId,
      speakerId: who?.value.id ?? null,
      speakerName: who?.value.name ?? null,
      topic: about?.value.id ?? null,
      query: query ?? null,
      pingRoleId: ping ?? null,
      exclude,
      openThread: thread === true,
      createdBy: `${context.member.name ?? 'unknown'} (${context.member.id ?? 'unknown'})`,
    });
    return {
      type: 'info',
      command: 'watch',
      title: `Watch #${added.id} added`,
      fields: [
        { name: 'Watches', value: describeWatch(added) },
        { name: 'Posts to', value: where(added) },
        { name: 'When', value: 'Each new article with matching statements, from feeds, links or files; each statement once' },
      ],
    };
  },

  autocomplete: autocompleteSpeaker,
});
