// The curated speaker registry (data/speakers.yaml): canonical names, aliases, roles with dates.
// Validated at load; every error names the file and the entry. Pure apart from reading the file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SpeakerType } from '../model.ts';
import { nameKey } from './fold.ts';
import type { RoleHeld } from './roles.ts';
import { UserFacingError } from '../errors.ts';
import { cachedParse } from '../text/curated-cache.ts';
import { firstIssue, isoDate } from '../text/schema.ts';
import { parseYaml } from '../text/yaml.ts';

export { roleOn, type RoleHeld } from './roles.ts';

const roleSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict()
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: '`to` is before `from`' });

const speakerSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    type: z.enum(['person', 'organisation', 'group']).default('person'),
    /** m or f, for people whose gender the article may not show (pronouns must agree with it). */
    gender: z.enum(['m', 'f']).optional(),
    aliases: z.array(z.string().trim().min(1, 'must not be empty').max(200)).default([]),
    roles: z.array(roleSchema).default([]),
  })
  .strict();

export interface RegistrySpeaker {
  name: string;
  type: Exclude<SpeakerType, 'unknown'>;
  aliases: string[];
  roles: RoleHeld[];
  gender?: 'm' | 'f';
}

export interface SpeakerRegistry {
  /** Where it was read from, for messages. */
  file: string;
  /** sha256 of the source, so the index knows when the registry changed. */
  hash: string;
  speakers: RegistrySpeaker[];
}

export class RegistryError extends UserFacingError {
  override name = 'RegistryError';
}

export const DEFAULT_SPEAKERS_FILE = new URL('../../data/speakers.yaml', import.meta.url);

export function parseSpeakerRegistry(source: string, file = 'speakers.yaml'): SpeakerRegistry {
  let raw: unknown;
  try {
    raw = parseYaml(source, { maxAliasCount: 0 });
  } catch (error) {
    throw new RegistryError(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (raw === null || raw === undefined) raw = [];
  if (!Array.isArray(raw)) throw new RegistryError(`${file}: must be a list of speakers`);
  const speakers: RegistrySpeaker[] = [];
  const owner = new Map<string, string>();
  raw.forEach((entry: unknown, i: number) => {
    const label =
      entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string'
        ? `entry ${i + 1} (${(entry as { name: string }).name})`
        : `entry ${i + 1}`;
    const result = speakerSchema.safeParse(entry);
    if (!result.success) {
      const { path, message } = firstIssue(result.error);
      throw new RegistryError(`${file}: ${label}: ${path ? `${path}: ` : ''}${message}`);
    }
    const { gender, ...rest } = result.data;
    const speaker: RegistrySpeaker = gender ? { ...rest, gender } : rest;
    for (const alias of [speaker.name, ...speaker.aliases]) {
      const key = nameKey(alias);
      if (!key) throw new RegistryError(`${file}: ${label}: "${alias}" has no letters`);
      const other = owner.get(key);
      if (other !== undefined && other !== speaker.name) {
        throw new RegistryError(`${file}: ${label}: "${alias}" is also a name of ${other}`);
      }
      owner.set(key, speaker.name);
    }
    speakers.push(speaker);
  });
  return { file, hash: createHash('sha256').update(source).digest('hex'), speakers };
}

export function loadSpeakerRegistry(file: string | URL = DEFAULT_SPEAKERS_FILE): SpeakerRegistry {
  const label = file instanceof URL ? file.pathname : file;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RegistryError(
      `${label}: cannot read the speaker registry (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  // Parsed and validated once per change of the file (or of this code): see curated-cache.ts.
  return cachedParse('speakers', label, source, [import.meta.url, SCHEMA_MODULE, FOLD_MODULE], (text) => parseSpeakerRegistry(text, label));
}

/** The code a cached registry depends on besides this module: the date rule and the name folding. */
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const SCHEMA_MODULE = new URL(`../text/schema${ext}`, import.meta.url);
const FOLD_MODULE = new URL(`./fold${ext}`, import.meta.url);

/** Every name and alias of a registry person with a known gender, folded for the extractor (ExtractOptions.knownGenders). */
export function registryGenders(registry: SpeakerRegistry): Map<string, 'm' | 'f'> {
  const out = new Map<string, 'm' | 'f'>();
  for (const sp of registry.speakers) {
    if (sp.type !== 'person' || !sp.gender) continue;
    for (const n of [sp.name, ...sp.aliases])
      out.set(n.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim(), sp.gender);
  }
  return out;
}
