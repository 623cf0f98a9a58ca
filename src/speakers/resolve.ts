// Cross-article speaker identity: which speaker the index already knows a named mention refers to (every
// spelling it knows, registry first; a bare surname only when one curated speaker has it), or that the
// mention is someone new; and what an article's role does to a speaker's role history and display role.
// Pure: decisions over a small lookup port (SpeakerDirectory) that the store implements; no I/O here.
import type { ArticleSpeaker } from '../model.ts';
import { nameKey } from './fold.ts';
import { roleOn, type RoleHeld } from './roles.ts';

/** What identity needs to know of the speakers already stored (the store implements it). */
export interface SpeakerDirectory {
  /** The speaker known by this folded name (canonical or alias), curated first, then the busiest; undefined if none. */
  idByNameKey(key: string): number | undefined;
  /** Curated speakers whose canonical name (two words or more) ends with this folded surname. */
  curatedIdsBySurname(surname: string): readonly number[];
}

export type SpeakerIdentity =
  /** A speaker the index knows. */
  | { kind: 'known'; id: number; key: string }
  /** Nobody the index knows: a new speaker with this folded key and display name. */
  | { kind: 'new'; key: string; name: string };

/** The identity of a mention, or null for an unattributed statement or a name that folds to nothing. */
export function identifySpeaker(speaker: ArticleSpeaker | null, directory: SpeakerDirectory): SpeakerIdentity | null {
  if (!speaker) return null;
  const key = nameKey(speaker.name);
  if (!key) return null;
  const id = directory.idByNameKey(key);
  if (id !== undefined) return { kind: 'known', id, key };
  if (!key.includes(' ')) {
    // "Dragone" alone is the registry's Giuseppe Cavo Dragone when no other curated speaker has that surname.
    const owners = directory.curatedIdsBySurname(key);
    if (owners.length === 1) return { kind: 'known', id: owners[0]!, key };
  }
  return { kind: 'new', key, name: speaker.name.trim() };
}

/** The surname key of a curated canonical name (its last folded word), or null for a one-word name. */
export function surnameKey(name: string): string | null {
  const tokens = nameKey(name).split(' ');
  return tokens.length < 2 ? null : tokens[tokens.length - 1]!;
}

/** What the index holds of a speaker's roles. */
export interface SpeakerRoles {
  curated: boolean;
  /** Registry roles (curated speakers). */
  roles: readonly RoleHeld[];
  /** Display role of an uncurated speaker and the article date it comes from. */
  role: string | null;
  roleSince: string | null;
}

export interface RoleChange {
  /** First sighting of this role from an article: record it in the speaker's role history. */
  record: boolean;
  /** The article is the latest source of the uncurated speaker's display role: it becomes `role` since `published`. */
  display: boolean;
}

/**
 * What an article naming an uncurated speaker with a role changes: its role history (first sighting) and the
 * display role (from the latest article; on the same day, the latest stored). Curated speakers keep the registry's.
 */
export function articleRoleChange(speaker: SpeakerRoles, role: string | null, published: string | null, recorded: boolean): RoleChange {
  if (!role || speaker.curated) return { record: false, display: false };
  // An undated article has no day to put in the role history, and is older than any dated one.
  if (published === null) return { record: false, display: speaker.roleSince === null };
  return {
    record: !recorded,
    display: speaker.roleSince === null || speaker.roleSince < published || (speaker.roleSince === published && speaker.role !== role),
  };
}

/** The role a statement is stored with: the one the article gave, else the registry role held that day (none when undated). */
export function statementRole(speaker: SpeakerRoles, role: string | null, published: string | null): string | null {
  return role ?? (published === null ? null : roleOn(speaker.roles, published));
}
