// Paging buttons carry the whole query in their custom_id (at most 100 characters), so they keep working
// after a restart and need no server-side state. Format: pg1|<command>|<cursor>|<urlencoded options>
import type { PageRef } from '../reply/types.ts';
import { LIMITS } from './limits.ts';

const PREFIX = 'pg1';

/**
 * The commands whose replies page, and so the only ones a button may run: a custom_id is data from the
 * client, and a forged one must not reach /watch, /feeds or /ingest.
 */
export const PAGED_COMMANDS: ReadonlySet<string> = new Set(['quote', 'topic', 'search', 'speakers', 'sources']);

export function encodePageId(ref: PageRef, direction: 'prev' | 'next'): string | null {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(ref.options)) params.set(k, String(v));
  const id = [PREFIX, direction[0], ref.command, ref.cursor, params.toString()].join('|');
  return id.length <= LIMITS.customId ? id : null;
}

export function decodePageId(id: string): PageRef | null {
  const parts = id.split('|');
  if (parts.length !== 5 || parts[0] !== PREFIX || !/^[a-z-]{1,32}$/.test(parts[2]!) || !parts[3]) return null;
  const options: PageRef['options'] = {};
  try {
    for (const [k, v] of new URLSearchParams(parts[4])) options[k] = /^\d{1,4}$/.test(v) && k === 'limit' ? Number(v) : v;
  } catch {
    return null;
  }
  return { command: parts[2]!, cursor: parts[3]!, options };
}

/** Which button an id belongs to: a Next that lands on the first page means its cursor no longer decodes. */
export function pageIdDirection(id: string): 'prev' | 'next' | null {
  const dir = id.split('|')[1];
  return dir === 'n' ? 'next' : dir === 'p' ? 'prev' : null;
}
