// Routes Discord interactions to the command layer and renders the answer. No business logic here:
// options in, Reply out, rendered by render.ts. One error boundary for everything unexpected.
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type InteractionReplyOptions,
} from 'discord.js';
import type { Logger } from '../log.ts';
import type { Health } from '../ops/health.ts';
import { runAutocomplete, runCommand, type Invocation } from '../slash/invoke.ts';
import type { CommandRegistry } from '../slash/registry.ts';
import { SUBCOMMAND_KEY, type CommandContext } from '../slash/types.ts';
import type { Reply } from '../reply/types.ts';
import { decodePageId, PAGED_COMMANDS, pageIdDirection } from './custom-id.ts';
import { DEFER_AFTER_MS, LIMITS } from './limits.ts';
import { holdsManagerRole, memberRights } from './member.ts';
import { gatewayDigestTarget, publishDigest } from './publish-digest.ts';
import { renderDiscord, type DiscordMessage } from './render.ts';

export interface InteractionDeps {
  context: Omit<CommandContext, 'cursor' | 'member'>;
  /** The commands to answer (commands/index.ts, handed over by the composition root). */
  commands: CommandRegistry;
  logger: Logger;
  /** Role ids that count as managers (WHOSAID_MANAGER_ROLES). */
  managerRoles?: readonly string[];
  deferAfterMs?: number;
  health?: Health;
  runner?: CommandRunner;
}

/** Discord error codes that mean "too late" or "already answered": log them, never crash. */
const QUIET_CODES = new Set([10062, 40060]);

function optionsRecord(data: readonly CommandInteractionOption[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of data) {
    if (o.type === ApplicationCommandOptionType.Subcommand) {
      // Discord nests a subcommand's options under it; the command layer takes them flat, beside its name.
      Object.assign(out, optionsRecord(o.options ?? []), { [SUBCOMMAND_KEY]: o.name });
      continue;
    }
    if (o.type === ApplicationCommandOptionType.Attachment) {
      // The resolved attachment, never its bare id (a string would read as a local path).
      const a = o.attachment;
      if (a) out[o.name] = { id: a.id, name: a.name, url: a.url, size: a.size, contentType: a.contentType ?? null };
      continue;
    }
    if (o.value !== undefined) out[o.name] = o.value;
  }
  return out;
}

/** The types of the channels the interaction names: where it was typed, and its channel options (resolved by Discord). */
function channelTypesOf(interaction: ChatInputCommandInteraction): Record<string, number> {
  const types: Record<string, number> = {};
  if (interaction.channel) types[interaction.channel.id] = interaction.channel.type;
  const visit = (options: readonly CommandInteractionOption[]) => {
    for (const o of options) {
      if (o.channel && typeof o.channel.type === 'number') types[o.channel.id] = o.channel.type;
      visit(o.options ?? []);
    }
  };
  visit(interaction.options.data);
  return types;
}

function memberOf(interaction: Interaction, managerRoles: readonly string[] = []): CommandContext['member'] {
  const roles = interaction.member && 'roles' in interaction.member ? interaction.member.roles : null;
  const roleIds: readonly string[] = !roles ? [] : Array.isArray(roles) ? roles : 'cache' in roles ? [...roles.cache.keys()] : [];
  const rights = memberRights(interaction.memberPermissions?.bitfield ?? null, holdsManagerRole(roleIds, managerRoles));
  return { ...rights, id: interaction.user.id, name: interaction.user.username };
}

function toOptions(message: DiscordMessage): InteractionReplyOptions & { content?: string } {
  return {
    content: message.content ?? '',
    embeds: message.embeds,
    components: message.components,
    allowedMentions: { parse: [] },
    ...(message.flags ? { flags: message.flags as MessageFlags.Ephemeral } : {}),
    ...(message.files?.length
      ? { files: message.files.map((f) => ({ attachment: Buffer.from(f.data), name: f.name, description: f.description })) }
      : {}),
  };
}

const sleep = (ms: number) => new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms).unref());

/** How a command's Reply is computed; tests and benchmarks may wrap it (a slow index, say). */
export type CommandRunner = (invocation: Invocation, context: CommandContext) => Promise<Reply>;

function runnerOf(deps: InteractionDeps): CommandRunner {
  return deps.runner ?? ((invocation, context) => runCommand(deps.commands, invocation, context));
}

async function answerCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<string> {
  const invocation: Invocation = { command: interaction.commandName, options: optionsRecord(interaction.options.data) };
  const context = {
    ...deps.context,
    cursor: null,
    member: memberOf(interaction, deps.managerRoles),
    ...(interaction.channelId ? { channel: { id: interaction.channelId, guildId: interaction.guildId } } : {}),
    channelTypes: channelTypesOf(interaction),
  };
  const run = runnerOf(deps);
  // Commands that declare themselves slow are acknowledged before any work starts; synchronous work
  // could otherwise hold the event loop past Discord's 3 seconds.
  const declared = deps.commands.find(invocation.command)?.defer;
  if (declared) await interaction.deferReply(declared === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
  const work = run(invocation, context);
  const first = declared ? await work : await Promise.race([work, sleep(deps.deferAfterMs ?? DEFER_AFTER_MS)]);
  if (first !== 'late' && !interaction.deferred) {
    if (first.type === 'digest') return publishDigest(gatewayDigestTarget(interaction), first, deps.logger);
    await interaction.reply(toOptions(renderDiscord(first)));
    return first.type;
  }
  if (!interaction.deferred) await interaction.deferReply();
  const reply = first === 'late' ? await work : first;
  if (reply.type === 'digest') return `${await publishDigest(gatewayDigestTarget(interaction), reply, deps.logger)} (deferred)`;
  const message = renderDiscord(reply);
  const wantEphemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  if (wantEphemeral && !interaction.ephemeral) {
    // The deferral was public; a notice meant for the asker alone goes as an ephemeral follow-up.
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(toOptions(message));
  } else {
    const { flags: _flags, ...rest } = toOptions(message);
    await interaction.editReply(rest);
  }
  return `${reply.type} (deferred)`;
}

export const APOLOGY = 'Sorry, something went wrong on our side while answering. The team has the details in the logs.';
export const STALE_BUTTON = 'This button no longer works. Run the command again to get fresh results.';

async function staleButton(interaction: ButtonInteraction): Promise<string> {
  const note = { content: STALE_BUTTON, flags: MessageFlags.Ephemeral as const, allowedMentions: { parse: [] } };
  // After a deferred update the message stays as it was and the note follows privately.
  if (interaction.deferred) await interaction.followUp(note);
  else await interaction.reply(note);
  return 'stale-button';
}

async function answerButton(interaction: ButtonInteraction, deps: InteractionDeps): Promise<string> {
  const ref = decodePageId(interaction.customId);
  if (!ref || !PAGED_COMMANDS.has(ref.command) || !deps.commands.find(ref.command)) return staleButton(interaction);
  // The button must sit on a message in the channel (and server) it is pressed in.
  if (interaction.message.channelId !== interaction.channelId) return staleButton(interaction);
  const work = runnerOf(deps)(
    { command: ref.command, options: ref.options },
    {
      ...deps.context,
      cursor: ref.cursor,
      member: memberOf(interaction, deps.managerRoles),
      ...(interaction.channelId ? { channel: { id: interaction.channelId, guildId: interaction.guildId } } : {}),
    },
  );
  // A slow page is acknowledged in time with a deferred update (the message stays until it is edited).
  const first = await Promise.race([work, sleep(deps.deferAfterMs ?? DEFER_AFTER_MS)]);
  if (first === 'late') await interaction.deferUpdate();
  const reply: Reply = first === 'late' ? await work : first;
  // The index ignores a cursor it cannot decode and answers with the first page: for a Next button that
  // means the button is stale, not that the user wanted to start over.
  if ('paging' in reply && reply.paging.offset === 0 && pageIdDirection(interaction.customId) === 'next') {
    return staleButton(interaction);
  }
  const message = renderDiscord(reply);
  if (reply.type === 'notice') {
    if (interaction.deferred) await interaction.followUp(toOptions(message));
    else await interaction.reply(toOptions(message));
    return 'notice';
  }
  const { flags: _flags, ...rest } = toOptions(message);
  if (interaction.deferred) await interaction.editReply(rest);
  else await interaction.update(rest);
  return first === 'late' ? `${reply.type} (deferred)` : reply.type;
}

async function answerAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<string> {
  const focused = interaction.options.getFocused(true);
  const choices = (
    await runAutocomplete(
      deps.commands,
      { command: interaction.commandName, options: optionsRecord(interaction.options.data) },
      { name: focused.name, value: String(focused.value) },
      {
        ...deps.context,
        cursor: null,
        member: memberOf(interaction, deps.managerRoles),
        ...(interaction.channelId ? { channel: { id: interaction.channelId, guildId: interaction.guildId } } : {}),
      },
    )
  ).slice(0, LIMITS.choices);
  await interaction.respond(choices);
  return `${choices.length} choices`;
}

export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  const started = performance.now();
  const log = deps.logger.child({
    interaction: interaction.id,
    command: 'commandName' in interaction ? interaction.commandName : undefined,
    kind: interaction.type,
  });
  try {
    let outcome = 'ignored';
    if (interaction.isAutocomplete()) outcome = await answerAutocomplete(interaction, deps);
    else if (interaction.isChatInputCommand()) outcome = await answerCommand(interaction, deps);
    else if (interaction.isButton()) outcome = await answerButton(interaction, deps);
    const ms = performance.now() - started;
    deps.health?.record(outcome, ms, true);
    log.info({ outcome, ms: Math.round(ms) }, 'interaction answered');
  } catch (error) {
    const code = error instanceof DiscordAPIError ? Number(error.code) : undefined;
    deps.health?.record(code !== undefined && QUIET_CODES.has(code) ? 'expired' : 'error', performance.now() - started, false);
    if (code !== undefined && QUIET_CODES.has(code)) {
      log.warn({ code, ms: Math.round(performance.now() - started) }, 'interaction could not be answered (expired or already answered)');
      return;
    }
    log.error({ err: error, ms: Math.round(performance.now() - started) }, 'interaction failed');
    if (!interaction.isRepliable()) return;
    const apology = {
      content: APOLOGY,
      flags: MessageFlags.Ephemeral as const,
      allowedMentions: { parse: [] },
    };
    try {
      // A public "is thinking..." would stay in the channel for good: remove it, apologise privately.
      if (interaction.isChatInputCommand() && interaction.deferred && !interaction.replied && !interaction.ephemeral) {
        await interaction.deleteReply().catch(() => undefined);
      }
      if (interaction.deferred || interaction.replied) await interaction.followUp(apology);
      else await interaction.reply(apology);
    } catch (second) {
      log.warn({ err: second }, 'could not send the apology either');
    }
  }
}
