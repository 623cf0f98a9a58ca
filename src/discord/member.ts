// What an invoking member may do, from the permissions Discord computed for them in the channel and the
// configured manager role. Shared by the gateway and the HTTP transports so both decide alike.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { CommandContext } from '../slash/types.ts';

/**
 * WHOSAID_MANAGER_ROLE names a role by id (a snowflake; what HTTP interactions carry) or by name (the
 * gateway also knows role names from its cache).
 */
export function isManagerRole(role: { id: string; name?: string }, managerRole: string | undefined): boolean {
  return !!managerRole && (role.id === managerRole || role.name === managerRole);
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
