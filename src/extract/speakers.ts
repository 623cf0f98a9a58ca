// Within-article speaker resolution: fullest names for surnames, role descriptions as aliases, pronouns to earlier speakers.
import type { SpeakerType } from '../model.ts';
import { LEXICON as L } from './lexicon.ts';
import type { NounPhrase } from './noun-phrase.ts';
import { mapPacked } from './packed.ts';

export interface Person {
  id: number;
  name: string;
  tokens: string[];
  role: string | null;
  type: SpeakerType;
  gender: 'm' | 'f' | null;
}

export interface Resolved {
  person: Person | null;
  /** Name to report when no person could be resolved but the phrase names someone itself (organisations, groups). */
  name: string | null;
  type: SpeakerType;
  role: string | null;
}

interface SpeakerEvent {
  person: Person;
  pos: number;
  paragraph: number;
}

const key = (s: string) =>
  s
    .toLowerCase()
    .replace(/^(the|a|an)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();

export type Gender = 'm' | 'f';

/** Folds a full name for lookups in a gender list: lowercase, no diacritics, single spaces. */
export const genderKey = (name: string): string => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

export class SpeakerTable {
  /** @param knownGenders full names (genderKey) with a known gender, e.g. from the curated registry */
  constructor(private readonly knownGenders: ReadonlyMap<string, Gender> = new Map()) {}

  private persons: Person[] = [];
  private roles = new Map<string, Person>();
  private events: SpeakerEvent[] = [];
  /** Statements before this paragraph are out of a pronoun's reach (a live blog's entry began here). */
  private cut = -1;

  cutBefore(paragraph: number): void {
    this.cut = paragraph;
  }

  /** Records a name seen anywhere outside quotes, so a later surname finds its full form. */
  registerName(tokens: string[], role: string | null, honorific: string | null): Person {
    const lower = mapPacked(tokens, (t) => t.toLowerCase());
    let p = this.persons.find((x) => endsWith(x.tokens, lower) || endsWith(lower, x.tokens));
    if (p && lower.length > p.tokens.length) {
      p.tokens = lower;
      p.name = tokens.join(' ');
    }
    if (!p) {
      p = { id: this.persons.length, name: tokens.join(' '), tokens: lower, role: null, type: 'person', gender: null };
      this.persons.push(p);
    }
    if (role && !p.role) p.role = role;
    if (role) this.roles.set(key(role), p);
    const g =
      (honorific && L.honorifics.get(honorific.toLowerCase())) ||
      this.knownGenders.get(genderKey(p.name)) ||
      L.givenNames.get(lower[0]!) ||
      null;
    if (g && !p.gender && lower.length > 1) p.gender = g;
    else if (honorific && g) p.gender = g;
    return p;
  }

  resolvePhrase(np: NounPhrase): Resolved {
    if (np.name.length) {
      const lower = mapPacked(np.name, (t) => t.toLowerCase());
      const honor = np.role && L.honorifics.has(np.role.toLowerCase()) ? np.role : null;
      if (np.type === 'organisation') return { person: null, name: np.name.join(' '), type: 'organisation', role: np.role };
      const known = this.persons.filter((x) => endsWith(x.tokens, lower));
      if (known.length === 1 || (known.length > 1 && lower.length > 1)) {
        const p = known[0]!;
        if (np.role && !L.honorifics.has(np.role.toLowerCase())) {
          if (!p.role) p.role = np.role;
          this.roles.set(key(np.role), p);
        }
        return { person: p, name: p.name, type: 'person', role: p.role };
      }
      if (known.length > 1) {
        // Several people share the surname: the one who spoke or was named most recently.
        const last = [...this.events].reverse().find((e) => known.includes(e.person));
        const p = last?.person ?? known[known.length - 1]!;
        return { person: p, name: p.name, type: 'person', role: p.role };
      }
      const p = this.registerName(np.name, np.role && !honor ? np.role : null, honor);
      return { person: p, name: p.name, type: 'person', role: p.role };
    }
    if (np.role) {
      const p = this.roles.get(key(np.role));
      if (p) return { person: p, name: p.name, type: 'person', role: p.role };
      return {
        person: null,
        name: np.role,
        type: np.type === 'unknown' ? 'unknown' : np.type,
        role: np.type === 'person' ? np.role : null,
      };
    }
    return { person: null, name: null, type: 'unknown', role: null };
  }

  /** A pronoun: the nearest earlier speaker of a compatible gender and number, within a few paragraphs. */
  resolvePronoun(pronoun: string, paragraph: number): Person | null {
    const info = L.pronouns.get(pronoun);
    if (!info || info.number !== 'singular' || (info.gender !== 'm' && info.gender !== 'f')) return null;
    for (let k = this.events.length - 1; k >= 0; k--) {
      const e = this.events[k]!;
      if (paragraph - e.paragraph > 3 || e.paragraph < this.cut) return null;
      if (e.person.type !== 'person') continue;
      if (e.person.gender && e.person.gender !== info.gender) continue;
      return e.person;
    }
    return null;
  }

  /** A pronoun agreed with this person beyond doubt: later pronouns of the other gender no longer reach them. */
  learnGender(person: Person, gender: Gender): void {
    if (!person.gender && person.type === 'person') person.gender = gender;
  }

  /** The person a phrase names, if the table knows them already (nothing is registered). */
  lookup(np: NounPhrase): Person | null {
    if (np.name.length && np.type !== 'organisation') {
      const lower = mapPacked(np.name, (t) => t.toLowerCase());
      const known = this.persons.filter((x) => endsWith(x.tokens, lower));
      return known.length === 1 || (known.length > 1 && lower.length > 1) ? known[0]! : null;
    }
    if (np.role) return this.roles.get(key(np.role)) ?? null;
    return null;
  }

  personById(id: number): Person | null {
    return this.persons[id] ?? null;
  }

  noteSpeaker(person: Person, pos: number, paragraph: number): void {
    this.events.push({ person, pos, paragraph });
  }

  lastSpeaker(): SpeakerEvent | null {
    const e = this.events[this.events.length - 1];
    return e && e.paragraph >= this.cut ? e : null;
  }
}

function endsWith(full: string[], part: string[]): boolean {
  if (part.length > full.length || part.length === 0) return false;
  for (let i = 1; i <= part.length; i++) if (full[full.length - i] !== part[part.length - i]) return false;
  return true;
}
