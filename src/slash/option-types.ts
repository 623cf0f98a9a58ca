// Discord's option and channel type numbers, for command definitions and option parsing. The same values as
// discord-api-types' enums (test/cli/entry.test.ts checks), without loading that package's whole v10
// entry at every start of the console or `ask` (it evaluates every enum of the API).
import type { ApplicationCommandOptionType as OptionType, ChannelType as Channel } from 'discord-api-types/v10';

export const ApplicationCommandOptionType = {
  Subcommand: 1 as OptionType.Subcommand,
  SubcommandGroup: 2 as OptionType.SubcommandGroup,
  String: 3 as OptionType.String,
  Integer: 4 as OptionType.Integer,
  Boolean: 5 as OptionType.Boolean,
  User: 6 as OptionType.User,
  Channel: 7 as OptionType.Channel,
  Role: 8 as OptionType.Role,
  Mentionable: 9 as OptionType.Mentionable,
  Number: 10 as OptionType.Number,
  Attachment: 11 as OptionType.Attachment,
} as const;

export const ChannelType = {
  GuildText: 0 as Channel.GuildText,
  GuildAnnouncement: 5 as Channel.GuildAnnouncement,
  AnnouncementThread: 10 as Channel.AnnouncementThread,
  PublicThread: 11 as Channel.PublicThread,
  PrivateThread: 12 as Channel.PrivateThread,
  GuildForum: 15 as Channel.GuildForum,
} as const;
