// Permission arithmetic the fake needs: the bot's effective permissions in a channel (roles, then
// channel overwrites), serialised as Discord does (decimal strings).
import { PermissionFlagsBits } from 'discord-api-types/v10';

export const Permission = PermissionFlagsBits;

/** What the README asks server admins to grant the bot. */
export const DEFAULT_BOT_PERMISSIONS =
  Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.ReadMessageHistory | Permission.PinMessages;

/** What an ordinary member invoking a command has. */
export const DEFAULT_MEMBER_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.ReadMessageHistory |
  Permission.UseApplicationCommands;

export const ALL_PERMISSIONS = Object.values(Permission).reduce((all, bit) => all | bit, 0n);

export interface PermissionOverwrite {
  /** Role or member id. */
  id: string;
  /** 0 = role, 1 = member. */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  memberId: string;
  roleIds: readonly string[];
}

/** Discord's algorithm: base from @everyone + roles; Administrator means all; then overwrites. */
export function channelPermissions(
  subject: PermissionSubject,
  guildId: string,
  rolePermissions: ReadonlyMap<string, bigint>,
  overwrites: readonly PermissionOverwrite[],
): bigint {
  let base = rolePermissions.get(guildId) ?? 0n;
  for (const roleId of subject.roleIds) base |= rolePermissions.get(roleId) ?? 0n;
  if (base & Permission.Administrator) return ALL_PERMISSIONS;

  let perms = base;
  const everyone = overwrites.find((o) => o.type === 0 && o.id === guildId);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && subject.roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const member = overwrites.find((o) => o.type === 1 && o.id === subject.memberId);
  if (member) perms = (perms & ~member.deny) | member.allow;
  return perms;
}
