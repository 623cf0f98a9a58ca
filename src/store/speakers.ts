// Speaker family writes (speakers, speaker_names, speaker_roles): the curated registry's rows, speakers met in
// articles, their role history and statement counts. Implements the SpeakerDirectory port that
// speakers/resolve.ts decides identity over; its caches live as long as the connection (forget() drops them).
import type { Statement } from 'better-sqlite3';
import type { SpeakerType } from '../model.ts';
import { nameKey } from '../speakers/fold.ts';
import type { RegistrySpeaker } from '../speakers/registry.ts';
import { surnameKey, type SpeakerDirectory, type SpeakerRoles } from '../speakers/resolve.ts';
import { roleOn, type RoleHeld } from '../speakers/roles.ts';
import type { WriteHandle } from './handles.ts';

export interface SpeakerInfo extends SpeakerRoles {
  roles: RoleHeld[];
  /** Canonical name and aliases, for the full-text index. */
  names: string;
  /** Article roles already recorded in speaker_roles. */
  recorded: Set<string>;
}

export class SpeakerWrites implements SpeakerDirectory {
  private readonly q: Record<string, Statement>;
  private cache = new Map<number, SpeakerInfo>();
  /** Folded name -> speaker id, as resolved in this connection (cleared whenever a speaker may have gone). */
  private idByKey = new Map<string, number>();
  private surnames: Map<string, number[]> | null = null;

  constructor(w: WriteHandle) {
    const p = (sql: string) => w.write(sql);
    this.q = {
      byName: p(
        `SELECT s.id FROM speaker_names n JOIN speakers s ON s.id = n.speaker_id WHERE n.key = ?
         ORDER BY s.curated DESC, s.statement_count DESC, s.id LIMIT 1`,
      ),
      byKey: p('SELECT id FROM speakers WHERE key = ?'),
      insert: p('INSERT INTO speakers (name, key, type, role, role_since, curated) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING'),
      curate: p('UPDATE speakers SET name = ?, type = ?, role = ?, role_since = NULL, curated = 1 WHERE id = ?'),
      uncurateMissing: p('UPDATE speakers SET curated = 0 WHERE curated = 1 AND id NOT IN (SELECT value FROM json_each(?))'),
      info: p('SELECT curated, role, role_since AS roleSince FROM speakers WHERE id = ?'),
      roleRecorded: p(`SELECT 1 FROM speaker_roles WHERE speaker_id = ? AND title = ? AND source = 'article'`).pluck(),
      names: p('SELECT name FROM speaker_names WHERE speaker_id = ? ORDER BY name = (SELECT name FROM speakers WHERE id = ?) DESC, name'),
      nameInsert: p('INSERT OR IGNORE INTO speaker_names (key, speaker_id, name) VALUES (?, ?, ?)'),
      namesDelete: p('DELETE FROM speaker_names WHERE speaker_id = ?'),
      uncuratedOwners: p(
        'SELECT n.speaker_id AS id FROM speaker_names n JOIN speakers s ON s.id = n.speaker_id WHERE n.key = ? AND s.curated = 0',
      ),
      registryRoles: p(
        `SELECT title, nullif(date_from, '') AS "from", nullif(date_to, '') AS "to" FROM speaker_roles WHERE speaker_id = ? AND source = 'registry'`,
      ),
      registryRolesDelete: p(`DELETE FROM speaker_roles WHERE speaker_id = ? AND source = 'registry'`),
      roleInsert: p('INSERT OR IGNORE INTO speaker_roles (speaker_id, title, date_from, date_to, source) VALUES (?, ?, ?, ?, ?)'),
      articleRole: p(
        'UPDATE speakers SET role = ?, role_since = ? WHERE id = ? AND curated = 0 AND (role_since IS NULL OR role_since <= ?)',
      ),
      countAdd: p('UPDATE speakers SET statement_count = statement_count + ? WHERE id = ?'),
      curated: p('SELECT id, name FROM speakers WHERE curated = 1'),
    };
  }

  idByNameKey(key: string): number | undefined {
    return this.idByKey.get(key) ?? (this.q.byName!.get(key) as { id: number } | undefined)?.id;
  }

  curatedIdsBySurname(surname: string): readonly number[] {
    if (!this.surnames) {
      this.surnames = new Map();
      for (const row of this.q.curated!.all() as { id: number; name: string }[]) {
        const key = surnameKey(row.name);
        if (key !== null) this.surnames.set(key, [...(this.surnames.get(key) ?? []), row.id]);
      }
    }
    return this.surnames.get(surname) ?? [];
  }

  /** Remembers for this connection that `key` names speaker `id`. */
  remember(key: string, id: number): void {
    this.idByKey.set(key, id);
  }

  /** A speaker first met in an article (its role, if any, dated by the article). */
  create(speaker: { key: string; name: string; type: SpeakerType; role: string | null }, published: string): number {
    this.q.insert!.run(speaker.name, speaker.key, speaker.type, speaker.role, speaker.role ? published : null, 0);
    const id = (this.q.byKey!.get(speaker.key) as { id: number }).id;
    this.q.nameInsert!.run(speaker.key, id, speaker.name);
    this.cache.delete(id);
    return id;
  }

  info(id: number): SpeakerInfo {
    let info = this.cache.get(id);
    if (!info) {
      const row = this.q.info!.get(id) as { curated: number; role: string | null; roleSince: string | null };
      info = {
        curated: row.curated === 1,
        roles: this.q.registryRoles!.all(id) as RoleHeld[],
        names: (this.q.names!.all(id, id) as { name: string }[]).map((r) => r.name).join(' ; '),
        role: row.role,
        roleSince: row.roleSince,
        recorded: new Set(),
      };
      this.cache.set(id, info);
    }
    return info;
  }

  /** Whether this article role is already in the speaker's history (this connection or the database). */
  roleRecorded(id: number, role: string): boolean {
    const info = this.info(id);
    if (info.recorded.has(role)) return true;
    if (this.q.roleRecorded!.get(id, role)) {
      info.recorded.add(role);
      return true;
    }
    return false;
  }

  recordArticleRole(id: number, role: string, published: string): void {
    this.q.roleInsert!.run(id, role, published, '', 'article');
    this.info(id).recorded.add(role);
  }

  setDisplayRole(id: number, role: string, published: string): void {
    this.q.articleRole!.run(role, published, id, published);
    const info = this.info(id);
    info.role = role;
    info.roleSince = published;
  }

  addStatements(id: number, n: number): void {
    this.q.countAdd!.run(n, id);
  }

  /** Curates one registry speaker (created when new); returns its id and the uncurated namesakes of its names. */
  curate(speaker: RegistrySpeaker): { id: number; namesakes: number[] } {
    const key = nameKey(speaker.name);
    const role = roleOn(speaker.roles, null);
    let id = (this.q.byKey!.get(key) as { id: number } | undefined)?.id;
    if (id === undefined) id = Number(this.q.insert!.run(speaker.name, key, speaker.type, role, null, 1).lastInsertRowid);
    else this.q.curate!.run(speaker.name, speaker.type, role, id);
    const namesakes: number[] = [];
    for (const alias of [speaker.name, ...speaker.aliases]) {
      for (const owner of this.q.uncuratedOwners!.all(nameKey(alias)) as { id: number }[]) if (owner.id !== id) namesakes.push(owner.id);
    }
    return { id, namesakes };
  }

  /** Replaces a curated speaker's names and registry roles with the registry's. */
  setRegistryEntry(id: number, speaker: RegistrySpeaker): void {
    this.q.namesDelete!.run(id);
    for (const alias of [speaker.name, ...speaker.aliases]) this.q.nameInsert!.run(nameKey(alias), id, alias);
    this.q.registryRolesDelete!.run(id);
    for (const r of speaker.roles) this.q.roleInsert!.run(id, r.title, r.from ?? '', r.to ?? '', 'registry');
  }

  /** Speakers curated before but no longer in the registry become ordinary speakers. */
  uncurateAllBut(curatedIds: number[]): void {
    this.q.uncurateMissing!.run(JSON.stringify(curatedIds));
  }

  /** Drops every cache (after a rollback, or when a speaker may have gone). */
  forget(): void {
    this.cache.clear();
    this.idByKey.clear();
    this.surnames = null;
  }
}
