// Answers one verified HTTP interaction: raw payload in, the same invocation the gateway builds, the same
// slash machinery (runCommand / runAutocomplete) and the same renderer out. The first answer is the HTTP
// response (`respond`); anything after a deferral goes through the interaction webhook over REST. No state
// is kept between requests: paging buttons carry their query, the token and application id come with the
// payload, so any process can answer any interaction.
import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIInteractionResponse,
  type APIMessageComponentButtonInteraction,
} from 'discord-api-types/v10';
import type { REST } from 'discord.js';
import type { Logger } from '../../log.ts';
import type { Health } from '../../ops/health.ts';
import { runAutocomplete, runCommand, type Invocation } from '../../slash/invoke.ts';
import type { CommandRegistry } from '../../slash/registry.ts';
import { SUBCOMMAND_KEY, type CommandContext } from '../../slash/types.ts';
import type { DigestReply, Reply } from '../../reply/types.ts';
import { decodePageId, pageIdDirection } from '../custom-id.ts';
import { APOLOGY, STALE_BUTTON } from '../interactions.ts';
import { DEFER_AFTER_MS, LIMITS } from '../limits.ts';
import { holdsManagerRole, memberRights } from '../member.ts';
import { publishDigest, type DigestTarget } from '../publish-digest.ts';
import { renderDiscord, type DiscordMessage } from '../render.ts';

export interface HttpAnswerDeps {
  context: Omit<CommandContext, 'cursor' | 'member'>;
  commands: CommandRegistry;
  logger: Logger;
  /** REST client for the interaction webhook (no bot token needed: the interaction token is the credential). */
  rest: REST;
  /** REST client with the bot token, for what an interaction token cannot do (/summary posts and pins). */
  botRest?: REST;
  /** Role id (or name, which HTTP interactions cannot match) that counts as a manager. */
  managerRoles?: readonly string[];
  deferAfterMs?: number;
  health?: Health;
  runner?: (invocation: Invocation, context: CommandContext) => Promise<Reply>;
}

/** Sends the HTTP response (the interaction's acknowledgement). Called exactly once per interaction. */
export type Respond = (response: APIInteractionResponse) => void;

const NO_PINGS = { parse: [] as [] };
const DIGEST_UNAVAILABLE =
  "Posting a summary to the channel needs the bot's token, which this server was not given. Ask for the statements with /topic instead.";

type Options = APIApplicationCommandInteractionDataOption[] | undefined;

/** Discord nests a subcommand's options under it; the command layer takes them flat, beside its name. */
export function optionsRecord(options: Options, resolved: APIInteractionDataResolved | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of options ?? []) {
    if (o.type === ApplicationCommandOptionType.Subcommand) {
      Object.assign(out, optionsRecord(o.options, resolved), { [SUBCOMMAND_KEY]: o.name });
      continue;
    }
    if (o.type === ApplicationCommandOptionType.SubcommandGroup) continue;
    if (o.type === ApplicationCommandOptionType.Attachment) {
      // The resolved attachment, never its bare id (a string would read as a local path).
      const a = resolved?.attachments?.[o.value];
      if (a) out[o.name] = { id: a.id, name: a.filename, url: a.url, size: a.size, contentType: a.content_type ?? null };
      continue;
    }
    if ('value' in o && o.value !== undefined) out[o.name] = o.value;
  }
  return out;
}

function memberOf(interaction: APIInteraction, managerRoles: readonly string[] = []): CommandContext['member'] {
  const member = interaction.member;
  const user = member?.user ?? interaction.user;
  const hasRole = !!member && holdsManagerRole(member.roles, managerRoles);
  const permissions = member?.permissions ? BigInt(member.permissions) : null;
  return { ...memberRights(permissions, hasRole), id: user?.id, name: user?.username };
}

const sleep = (ms: number) => new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms).unref());

/** The follow-up side of one interaction: the webhook named by its application id and token. */
function webhook(rest: REST, interaction: APIInteraction) {
  const original = Routes.webhookMessage(interaction.application_id, interaction.token, '@original');
  return {
    edit: (body: Omit<DiscordMessage, 'flags'> | { content: string; allowed_mentions: typeof NO_PINGS }) =>
      rest.patch(original, { body, auth: false }),
    followUp: (body: object) => rest.post(Routes.webhook(interaction.application_id, interaction.token), { body, auth: false }),
    deleteOriginal: () => rest.delete(original, { auth: false }),
  };
}

function withoutFlags(message: DiscordMessage): Omit<DiscordMessage, 'flags'> {
  const { flags: _flags, ...rest } = message;
  return rest;
}

const isEphemeral = (message: DiscordMessage) => ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** Tracks whether and how the interaction was acknowledged, for the error boundary. */
interface Ack {
  respond: Respond;
  state: 'none' | 'replied' | 'deferred' | 'deferred-ephemeral' | 'deferred-update';
}

function contextFor(deps: HttpAnswerDeps, interaction: APIInteraction, cursor: string | null): CommandContext {
  return {
    ...deps.context,
    cursor,
    member: memberOf(interaction, deps.managerRoles),
    ...(interaction.channel?.id ? { channel: { id: interaction.channel.id, guildId: interaction.guild_id ?? null } } : {}),
    channelTypes: channelTypesOf(interaction),
  };
}

/** The types of the channels the interaction names: where it was typed, and its resolved channel options. */
function channelTypesOf(interaction: APIInteraction): Record<string, number> {
  const types: Record<string, number> = {};
  if (interaction.channel?.id) types[interaction.channel.id] = interaction.channel.type;
  const data = interaction.data as { resolved?: { channels?: Record<string, { type?: unknown }> } } | undefined;
  for (const [id, channel] of Object.entries(data?.resolved?.channels ?? {})) {
    if (typeof channel.type === 'number') types[id] = channel.type;
  }
  return types;
}

/** /summary's channel post, answered through this interaction; without the bot token, the asker is told why not. */
function digestTarget(interaction: APIChatInputApplicationCommandInteraction, ack: Ack, deps: HttpAnswerDeps): DigestTarget {
  const hook = webhook(deps.rest, interaction);
  const target: DigestTarget = {
    channelId: interaction.channel.id,
    guildId: interaction.guild_id ?? null,
    appPermissions: BigInt(interaction.app_permissions),
    // A bot user's id is its application's id.
    botId: interaction.application_id,
    rest: deps.botRest ?? deps.rest,
    deferred: () => ack.state !== 'none',
    reply: async (content) => {
      ack.respond({
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: NO_PINGS },
      });
      ack.state = 'replied';
    },
    deferEphemeral: async () => {
      ack.respond({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
      ack.state = 'deferred-ephemeral';
    },
    editReply: (content) => hook.edit({ content, allowed_mentions: NO_PINGS }),
  };
  return target;
}

async function publish(
  interaction: APIChatInputApplicationCommandInteraction,
  ack: Ack,
  deps: HttpAnswerDeps,
  reply: DigestReply,
): Promise<string> {
  const target = digestTarget(interaction, ack, deps);
  if (deps.botRest) return publishDigest(target, reply, deps.logger);
  await (target.deferred() ? target.editReply(DIGEST_UNAVAILABLE) : target.reply(DIGEST_UNAVAILABLE));
  return 'digest unavailable';
}

function runnerOf(deps: HttpAnswerDeps) {
  return deps.runner ?? ((invocation: Invocation, context: CommandContext) => runCommand(deps.commands, invocation, context));
}

async function answerCommand(interaction: APIChatInputApplicationCommandInteraction, ack: Ack, deps: HttpAnswerDeps): Promise<string> {
  const invocation: Invocation = {
    command: interaction.data.name,
    options: optionsRecord(interaction.data.options, interaction.data.resolved),
  };
  const declared = deps.commands.find(invocation.command)?.defer;
  if (declared) {
    ack.respond({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      ...(declared === 'ephemeral' ? { data: { flags: MessageFlags.Ephemeral } } : {}),
    });
    ack.state = declared === 'ephemeral' ? 'deferred-ephemeral' : 'deferred';
  }
  const work = runnerOf(deps)(invocation, contextFor(deps, interaction, null));
  const first = declared ? await work : await Promise.race([work, sleep(deps.deferAfterMs ?? DEFER_AFTER_MS)]);
  if (first !== 'late' && first.type === 'digest') {
    return publish(interaction, ack, deps, first);
  }
  if (first !== 'late' && ack.state === 'none') {
    ack.respond({ type: InteractionResponseType.ChannelMessageWithSource, data: renderDiscord(first) });
    ack.state = 'replied';
    return first.type;
  }
  if (ack.state === 'none') {
    ack.respond({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    ack.state = 'deferred';
  }
  const reply = first === 'late' ? await work : first;
  const hook = webhook(deps.rest, interaction);
  if (reply.type === 'digest') return `${await publish(interaction, ack, deps, reply)} (deferred)`;
  const message = renderDiscord(reply);
  if (isEphemeral(message) && ack.state !== 'deferred-ephemeral') {
    // The deferral was public; a notice meant for the asker alone goes as an ephemeral follow-up.
    await hook.deleteOriginal().catch(() => undefined);
    await hook.followUp(message);
  } else {
    await hook.edit(withoutFlags(message));
  }
  return `${reply.type} (deferred)`;
}

async function answerButton(interaction: APIMessageComponentButtonInteraction, ack: Ack, deps: HttpAnswerDeps): Promise<string> {
  const customId = interaction.data.custom_id;
  const stale = async (): Promise<string> => {
    const note = { content: STALE_BUTTON, flags: MessageFlags.Ephemeral, allowed_mentions: NO_PINGS };
    // After a deferred update the message stays as it was and the note follows privately.
    if (ack.state === 'none') ack.respond({ type: InteractionResponseType.ChannelMessageWithSource, data: note });
    else await webhook(deps.rest, interaction).followUp(note);
    return 'stale-button';
  };
  const ref = decodePageId(customId);
  if (!ref || !deps.commands.find(ref.command)) return stale();
  const work = runnerOf(deps)({ command: ref.command, options: ref.options }, contextFor(deps, interaction, ref.cursor));
  const first = await Promise.race([work, sleep(deps.deferAfterMs ?? DEFER_AFTER_MS)]);
  if (first === 'late') {
    ack.respond({ type: InteractionResponseType.DeferredMessageUpdate });
    ack.state = 'deferred-update';
  }
  const reply: Reply = first === 'late' ? await work : first;
  // The index ignores a cursor it cannot decode and answers with the first page: for a Next button that
  // means the button is stale, not that the user wanted to start over.
  if ('paging' in reply && reply.paging.offset === 0 && pageIdDirection(customId) === 'next') return stale();
  const message = renderDiscord(reply);
  if (reply.type === 'notice') {
    if (ack.state === 'none') ack.respond({ type: InteractionResponseType.ChannelMessageWithSource, data: message });
    else await webhook(deps.rest, interaction).followUp(message);
    return 'notice';
  }
  if (ack.state === 'none') {
    ack.respond({ type: InteractionResponseType.UpdateMessage, data: withoutFlags(message) });
    return reply.type;
  }
  await webhook(deps.rest, interaction).edit(withoutFlags(message));
  return `${reply.type} (deferred)`;
}

async function answerAutocomplete(
  interaction: APIApplicationCommandAutocompleteInteraction,
  ack: Ack,
  deps: HttpAnswerDeps,
): Promise<string> {
  const options = interaction.data.options;
  const focused = findFocused(options);
  const choices = focused
    ? (
        await runAutocomplete(
          deps.commands,
          { command: interaction.data.name, options: optionsRecord(options, undefined) },
          { name: focused.name, value: String(focused.value) },
          contextFor(deps, interaction, null),
        )
      ).slice(0, LIMITS.choices)
    : [];
  ack.respond({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
  return `${choices.length} choices`;
}

function findFocused(options: Options): { name: string; value: unknown } | null {
  for (const o of options ?? []) {
    if ('focused' in o && o.focused) return { name: o.name, value: o.value };
    if ('options' in o) {
      const inner = findFocused(o.options as Options);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * Answers `interaction`; `respond` is called once with the HTTP response (synchronously enough for Discord's
 * 3 seconds: a slow command is deferred first). Resolves when the interaction is finished, follow-ups included.
 * Interaction types it does not answer (modals) get a 400 from the server before this is called.
 */
export async function answerHttpInteraction(interaction: APIInteraction, respond: Respond, deps: HttpAnswerDeps): Promise<void> {
  const started = performance.now();
  const ack: Ack = { respond, state: 'none' };
  const log = deps.logger.child({
    interaction: interaction.id,
    command: 'data' in interaction && interaction.data && 'name' in interaction.data ? interaction.data.name : undefined,
    kind: interaction.type,
    transport: 'http',
  });
  try {
    let outcome: string;
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) outcome = await answerAutocomplete(interaction, ack, deps);
    else if (interaction.type === InteractionType.ApplicationCommand && interaction.data.type === 1) {
      outcome = await answerCommand(interaction as APIChatInputApplicationCommandInteraction, ack, deps);
    } else if (interaction.type === InteractionType.MessageComponent && interaction.data.component_type === 2) {
      outcome = await answerButton(interaction as APIMessageComponentButtonInteraction, ack, deps);
    } else {
      outcome = 'ignored';
      respond({
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { content: 'This is not something I can answer.', flags: MessageFlags.Ephemeral, allowed_mentions: NO_PINGS },
      });
    }
    const ms = performance.now() - started;
    deps.health?.record(outcome, ms, true);
    log.info({ outcome, ms: Math.round(ms) }, 'interaction answered');
  } catch (error) {
    deps.health?.record('error', performance.now() - started, false);
    log.error({ err: error, ms: Math.round(performance.now() - started) }, 'interaction failed');
    const apology = { content: APOLOGY, flags: MessageFlags.Ephemeral, allowed_mentions: NO_PINGS };
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      if (ack.state === 'none') respond({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
      return;
    }
    if (ack.state === 'none') {
      respond({ type: InteractionResponseType.ChannelMessageWithSource, data: apology });
      return;
    }
    try {
      const hook = webhook(deps.rest, interaction);
      // A public "is thinking..." would stay in the channel for good: remove it, apologise privately.
      if (ack.state === 'deferred') await hook.deleteOriginal().catch(() => undefined);
      await hook.followUp(apology);
    } catch (second) {
      log.warn({ err: second }, 'could not send the apology either');
    }
  }
}
