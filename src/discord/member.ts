// What an invoking member may do, from the permissions Discord computed for them in the channel and the
// configured manager role. Shared by the gateway and the HTTP transports so both decide alike.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { CommandContext } from '../slash/types.ts';

/** WHOSAID_MANAGER_ROLES lists role ids: a role's name is anyone's to choose, so names never count. */
export function holdsManagerRole(roleIds: readonly string[], managerRoles: readonly string[]): boolean {
  return managerRoles.some((id) => roleIds.includes(id));
}

export function memberRights(permissions: bigint | null, hasManagerRole: boolean): Pick<CommandContext['member'], 'canManage' | 'canPin'> {
  // Administrator implies every permission (as discord.js's PermissionsBitField#has treats it).
  const has = (flag: bigint) =>
    permissions !== null && ((permissions & flag) === flag || (permissions & PermissionFlagsBits.Administrator) !== 0n);
  return {
    canManage: has(PermissionFlagsBits.ManageGuild) || hasManagerRole,
    canPin: has(PermissionFlagsBits.PinMessages) || has(PermissionFlagsBits.ManageMessages) || hasManagerRole,
  };
}
