// Roles with the dates they were held, and which one applied on a given day. No dependencies.

export interface RoleHeld {
  title: string;
  /** ISO date the role began, when known. */
  from?: string | undefined;
  /** ISO date it ended (inclusive), absent while held. */
  to?: string | undefined;
}

/** The role a speaker held on a date (ISO), latest-starting first; undated roles always count. */
export function roleOn(roles: readonly RoleHeld[], date: string | null): string | null {
  let best: RoleHeld | null = null;
  for (const role of roles) {
    if (date && ((role.from && role.from > date) || (role.to && role.to < date))) continue;
    if (!best || (role.from ?? '') >= (best.from ?? '')) best = role;
  }
  return best?.title ?? null;
}
