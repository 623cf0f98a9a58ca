// In-memory speaker matching for lookups and autocomplete: a few thousand names, scanned in well under a
// millisecond. Built from the speakers tables, rebuilt when the index changes. No SQL here.
import type { SpeakerMatch, SpeakerRef } from './types.ts';
import { editDistance, nameKey } from '../speakers/fold.ts';

export interface SpeakerRow extends SpeakerRef {
  statementCount: number;
  curated: boolean;
  /** Canonical name first, then aliases. */
  names: string[];
}

interface NameEntry {
  name: string;
  key: string;
  tokens: string[];
}

interface Entry {
  row: SpeakerRow;
  names: NameEntry[];
}

/** Match tiers, best first. */
const SCORE = {
  exact: 100,
  surname: 90,
  prefix: 80,
  tokenPrefix: 70,
  substring: 50,
  fuzzy: 40,
} as const;

export class SpeakerSearch {
  private readonly entries: Entry[];
  private readonly byId = new Map<number, Entry>();

  constructor(rows: SpeakerRow[]) {
    this.entries = rows.map((row) => {
      const seen = new Set<string>();
      const names: NameEntry[] = [];
      for (const name of row.names) {
        const key = nameKey(name);
        if (!key || seen.has(key)) continue;
        seen.add(key);
        names.push({ name, key, tokens: key.split(' ') });
      }
      const entry = { row, names };
      this.byId.set(row.id, entry);
      return entry;
    });
  }

  get size(): number {
    return this.entries.length;
  }

  get(id: number): SpeakerRow | undefined {
    return this.byId.get(id)?.row;
  }

  rows(): readonly SpeakerRow[] {
    return this.entries.map((e) => e.row);
  }

  /** Exact name or alias, else a unique surname (or name tail such as "Cavo Dragone"); null otherwise. */
  resolve(query: string): { match: SpeakerMatch | null; candidates: SpeakerMatch[] } {
    const key = nameKey(query);
    if (!key) return { match: null, candidates: [] };
    const exact = this.collect((e) => this.bestScore(e, key, 'exact'));
    if (exact.length) return { match: exact[0]!, candidates: exact };
    const surname = this.collect((e) => this.bestScore(e, key, 'surname'));
    if (surname.length === 1 || (surname.length > 1 && this.dominates(surname))) {
      return { match: surname[0]!, candidates: surname };
    }
    return { match: null, candidates: surname };
  }

  /** Ranked by match quality, then statement count, then name. Typos are tolerated from 4 letters on. */
  suggest(prefix: string, limit: number): SpeakerMatch[] {
    const key = nameKey(prefix);
    if (!key || limit <= 0) return [];
    const found = this.collect((e) => this.bestScore(e, key, 'prefix'));
    if (found.length < limit && key.length >= 4) {
      const have = new Set(found.map((m) => m.id));
      const fuzzy = this.collect((e) => (have.has(e.row.id) ? null : this.fuzzyScore(e, key)));
      found.push(...fuzzy);
      found.sort(compareMatches);
    }
    return found.slice(0, limit);
  }

  /** The busiest speakers, for an empty autocomplete box. */
  top(limit: number): SpeakerMatch[] {
    return this.entries
      .map((e) => toMatch(e.row, 0, e.row.name))
      .sort(compareMatches)
      .slice(0, limit);
  }

  /** A curated speaker beats uncurated namesakes; among curated ones, only a single one counts. */
  private dominates(matches: SpeakerMatch[]): boolean {
    const curated = matches.filter((m) => this.byId.get(m.id)!.row.curated);
    return curated.length === 1 && matches[0]!.id === curated[0]!.id;
  }

  private collect(score: (e: Entry) => { score: number; matched: string } | null): SpeakerMatch[] {
    const out: SpeakerMatch[] = [];
    for (const entry of this.entries) {
      const s = score(entry);
      if (s) out.push(toMatch(entry.row, s.score, s.matched));
    }
    return out.sort(compareMatches);
  }

  private bestScore(entry: Entry, key: string, upTo: 'exact' | 'surname' | 'prefix'): { score: number; matched: string } | null {
    const queryTokens = key.split(' ');
    let best: { score: number; matched: string } | null = null;
    const offer = (score: number, matched: string) => {
      if (!best || score > best.score) best = { score, matched };
    };
    for (const n of entry.names) {
      if (n.key === key) {
        offer(SCORE.exact, n.name);
        continue;
      }
      if (upTo === 'exact') continue;
      if (isTail(n.tokens, queryTokens) || isFirstLast(n.tokens, queryTokens) || isReordered(n.tokens, queryTokens)) {
        offer(SCORE.surname, n.name);
        continue;
      }
      if (upTo === 'surname') continue;
      if (n.key.startsWith(key)) offer(SCORE.prefix, n.name);
      else if (n.key.includes(` ${key}`)) offer(SCORE.tokenPrefix, n.name);
      else if (key.length >= 3 && n.key.includes(key)) offer(SCORE.substring, n.name);
    }
    return best;
  }

  private fuzzyScore(entry: Entry, key: string): { score: number; matched: string } | null {
    const max = key.length >= 7 ? 2 : 1;
    let best = max + 1;
    let matched = '';
    const queryTokens = key.split(' ');
    for (const n of entry.names) {
      if (queryTokens.length > 1) {
        // Word by word, in any order ("Zelenskky Volodimir").
        let sum = 0;
        for (const q of queryTokens) {
          let tokenBest = max + 1;
          for (const t of n.tokens) tokenBest = Math.min(tokenBest, editDistance(q, t, max));
          sum += tokenBest;
          if (sum > max) break;
        }
        if (sum < best) {
          best = sum;
          matched = n.name;
        }
      }
      const candidates = queryTokens.length > 1 ? [n.key] : [n.key, ...n.tokens];
      for (const c of candidates) {
        // Cheap gate: a typo rarely hits both of the first two letters.
        if (c.charCodeAt(0) !== key.charCodeAt(0) && c.charCodeAt(1) !== key.charCodeAt(1)) continue;
        // As a prefix of c (typing in progress) or as the whole of c.
        const d = Math.min(
          editDistance(key, c, max),
          c.length > key.length ? editDistance(key, c.slice(0, key.length), max) : max + 1,
        );
        if (d < best) {
          best = d;
          matched = n.name;
        }
      }
    }
    return best <= max ? { score: SCORE.fuzzy - 10 * best, matched } : null;
  }
}

/** "dragone" or "cavo dragone" is the tail of "giuseppe cavo dragone". */
function isTail(tokens: string[], query: string[]): boolean {
  if (query.length >= tokens.length) return false;
  const offset = tokens.length - query.length;
  return query.every((t, i) => tokens[offset + i] === t);
}

/** "zelenskyy volodymyr" has the tokens of "volodymyr zelenskyy" in another order. */
function isReordered(tokens: string[], query: string[]): boolean {
  return tokens.length === query.length && tokens.length > 1 && [...tokens].sort().join(' ') === [...query].sort().join(' ');
}

/** "giuseppe dragone" is the first and last of "giuseppe cavo dragone". */
function isFirstLast(tokens: string[], query: string[]): boolean {
  return tokens.length > 2 && query.length === 2 && query[0] === tokens[0] && query[1] === tokens[tokens.length - 1];
}

function toMatch(row: SpeakerRow, score: number, matched: string): SpeakerMatch {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    type: row.type,
    statementCount: row.statementCount,
    score,
    matched,
  };
}

function compareMatches(a: SpeakerMatch, b: SpeakerMatch): number {
  return b.score - a.score || b.statementCount - a.statementCount || a.name.localeCompare(b.name) || a.id - b.id;
}
