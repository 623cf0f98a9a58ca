// /summary in Discord: the digest goes to the channel as an ordinary message, optionally pinned, and a
// newly pinned digest of a topic replaces the bot's previous pinned digest of that topic in the channel.
import {
  DiscordAPIError,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type APIMessage,
  type ChatInputCommandInteraction,
  type REST,
} from 'discord.js';
import type { Logger } from '../log.ts';
import type { DigestReply } from '../reply/types.ts';
import { digestFooter } from './digest-footer.ts';
import { renderDiscord } from './render.ts';

const PIN_LIMIT_REACHED = 30003;
/** Missing Access, Missing Permissions. */
const REFUSED = new Set([50001, 50013]);

const refused = (error: unknown): error is DiscordAPIError => error instanceof DiscordAPIError && REFUSED.has(Number(error.code));
const MAX_PIN_PAGES = 10;

interface PinsPage {
  items: { pinned_at: string; message: APIMessage }[];
  has_more: boolean;
}

const ephemeral = (content: string) => ({ content, flags: MessageFlags.Ephemeral as const, allowedMentions: { parse: [] } });

/** Where a digest goes and how the asker is answered: the same for a gateway and an HTTP interaction. */
export interface DigestTarget {
  channelId: string;
  guildId: string | null;
  /** What the bot may do in the channel (the interaction's app_permissions). */
  appPermissions: bigint;
  /** The bot's user id: its earlier pinned digests are recognised by author. */
  botId: string;
  /** REST with the bot token: the channel post and the pins are not interaction-token calls. */
  rest: REST;
  /** True once the interaction has been deferred (ephemerally). */
  deferred(): boolean;
  /** Answers privately, within the deadline. */
  reply(content: string): Promise<unknown>;
  /** Acknowledges privately ("is thinking..."), to be edited. */
  deferEphemeral(): Promise<unknown>;
  editReply(content: string): Promise<unknown>;
}

/** The target of a gateway interaction (discord.js). */
export function gatewayDigestTarget(interaction: ChatInputCommandInteraction): DigestTarget {
  return {
    channelId: interaction.channelId,
    guildId: interaction.guildId,
    appPermissions: interaction.appPermissions.bitfield,
    botId: interaction.client.user.id,
    rest: interaction.client.rest,
    deferred: () => interaction.deferred,
    reply: (content) => interaction.reply(ephemeral(content)),
    deferEphemeral: () => interaction.deferReply({ flags: MessageFlags.Ephemeral }),
    editReply: (content) => interaction.editReply({ content, allowedMentions: { parse: [] } }),
  };
}

function missingPermissions(target: DigestTarget, pin: boolean): string[] {
  const needed: [bigint, string][] = [
    [PermissionFlagsBits.ViewChannel, 'View Channel'],
    [PermissionFlagsBits.SendMessages, 'Send Messages'],
    [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  ];
  if (pin) needed.push([PermissionFlagsBits.PinMessages, 'Pin Messages']);
  const has = (flag: bigint) =>
    (target.appPermissions & flag) === flag || (target.appPermissions & PermissionFlagsBits.Administrator) !== 0n;
  return needed.filter(([flag]) => !has(flag)).map(([, name]) => name);
}

async function previousDigests(target: DigestTarget, topic: string, except: string): Promise<string[]> {
  const { rest, botId } = target;
  const found: string[] = [];
  let before: string | undefined;
  for (let page = 0; page < MAX_PIN_PAGES; page++) {
    const query = new URLSearchParams({ limit: '50', ...(before ? { before } : {}) });
    const pins = (await rest.get(Routes.channelMessagesPins(target.channelId), { query })) as PinsPage;
    for (const { message } of pins.items) {
      if (message.id !== except && message.author.id === botId && message.embeds[0]?.footer?.text === digestFooter(topic)) {
        found.push(message.id);
      }
    }
    if (!pins.has_more || !pins.items.length) break;
    before = pins.items[pins.items.length - 1]!.pinned_at;
  }
  return found;
}

export async function publishDigest(target: DigestTarget, reply: DigestReply, logger: Logger): Promise<string> {
  const pin = reply.publish.pin;
  const missing = missingPermissions(target, pin);
  // Answered within the deadline: the confirmation is for the asker alone. Already deferred (slow
  // handler): the deferral is edited instead.
  const answer = (content: string) => (target.deferred() ? target.editReply(content) : target.reply(content));
  if (missing.length) {
    await answer(
      `I can't post the summary here: I'm missing the ${missing.join(', ')} permission${missing.length > 1 ? 's' : ''} in this channel. Ask a server admin to grant ${missing.length > 1 ? 'them' : 'it'} to me.`,
    );
    return `missing ${missing.join(', ')}`;
  }
  if (!target.deferred()) await target.deferEphemeral();

  const { rest, channelId } = target;
  const body = renderDiscord(reply);
  let message: APIMessage;
  try {
    message = (await rest.post(Routes.channelMessages(channelId), {
      body: { content: body.content, embeds: body.embeds, components: body.components, allowed_mentions: body.allowed_mentions },
    })) as APIMessage;
  } catch (error) {
    // The permissions the interaction carried were not the whole story (a changed overwrite, a thread).
    if (!refused(error)) throw error;
    logger.warn({ code: Number(error.code) }, 'the channel refused the summary');
    await target.editReply(
      "I can't post the summary here: Discord says I'm not allowed to (check my View Channel, Send Messages and Embed Links permissions in this channel).",
    );
    return 'post refused';
  }
  const link = `https://discord.com/channels/${target.guildId ?? '@me'}/${channelId}/${message.id}`;
  if (!pin) {
    await target.editReply(`Summary posted: ${link}`);
    return 'posted';
  }

  const previous = await previousDigests(target, reply.topic, message.id);
  let unpinned = 0;
  const unpin = async (id: string) => {
    await rest.delete(Routes.channelMessagesPin(channelId, id));
    unpinned++;
  };
  try {
    await rest.put(Routes.channelMessagesPin(channelId, message.id));
  } catch (error) {
    if (refused(error)) {
      logger.warn({ code: Number(error.code) }, 'the channel refused the pin');
      await target.editReply(
        `Summary posted (${link}), but not pinned: Discord says I'm not allowed to pin here (Pin Messages permission).`,
      );
      return 'posted, pin refused';
    }
    if (!(error instanceof DiscordAPIError && Number(error.code) === PIN_LIMIT_REACHED)) throw error;
    if (!previous.length) {
      await target.editReply(
        `Summary posted (${link}), but not pinned: this channel has reached Discord's pin limit. Unpin an older message and run /summary again with pin:true.`,
      );
      return 'posted, pin limit reached';
    }
    // Full channel: make room by removing our previous digest first.
    await unpin(previous.shift()!);
    await rest.put(Routes.channelMessagesPin(channelId, message.id));
  }
  for (const id of previous) {
    await unpin(id).catch((error: unknown) => logger.warn({ err: error, message: id }, 'could not unpin a previous summary'));
  }
  await target.editReply(`Summary posted and pinned: ${link}${unpinned ? ` (the previous summary of this topic was unpinned)` : ''}`);
  return unpinned ? 'pinned, replaced previous' : 'pinned';
}
