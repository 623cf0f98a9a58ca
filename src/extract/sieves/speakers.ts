// From a speaker phrase to a draft's speaker, through the article's speaker table (names, pronouns, the outlet).
import type { Span } from '../../model.ts';
import type { Sentence } from '../document.ts';
import { newSpeaker, type DraftSpeaker } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';
import { leftPhrase, type NounPhrase } from '../noun-phrase.ts';
import type { Gender, Person } from '../speakers.ts';
import { unattributedReason } from '../reasons.ts';
import type { Unit } from '../units.ts';
import type { SieveContext } from './context.ts';
import { sentenceSubject } from './subjects.ts';
import { isP } from './words.ts';

/** Every name outside quotes joins the table, so "Dragone" later finds "Giuseppe Cavo Dragone". */
export function registerNames(ctx: SieveContext): void {
  for (let si = 0; si < ctx.units.length; si++) {
    const units = ctx.units[si]!;
    const mentioned = ctx.mentions[si]!;
    for (let j = 0; j < units.length; j++) {
      const u = units[j]!;
      if (u.kind !== 'w' || !u.cap) continue;
      const next = units[j + 1];
      if (next && next.kind === 'w' && next.cap) continue;
      const prev = units[j - 1];
      if (!prev || prev.kind !== 'w' || !prev.cap) continue;
      // Plain two-to-four-word names register directly; runs with titles or connectors go through the phrase reader.
      let i = j;
      while (i > 0 && units[i - 1]!.kind === 'w' && units[i - 1]!.cap) i--;
      // The run is units[i..j] (read in place, not sliced).
      const before = units[i - 1];
      // "Marta Kallasvee and Ott Lindmets": the second name after "and" is a name of its own.
      const joined = before && before.kind === 'w' && (before.lower === 'and' || before.lower === '&');
      if (
        j - i + 1 <= 4 &&
        !(before && before.kind === 'w' && !joined && (L.nameConnectors.has(before.lower) || L.titles.has(before.lower))) &&
        plainNames(units, i, j)
      ) {
        const words: string[] = [];
        for (let k = i; k <= j; k++) words.push(units[k]!.text);
        mention(mentioned, ctx.table.registerName(words, null, null));
        continue;
      }
      const np = leftPhrase(units, j);
      if (np && np.name.length >= 2 && np.type === 'person') {
        const honor = np.role && L.honorifics.has(np.role.toLowerCase()) ? np.role : null;
        mention(mentioned, ctx.table.registerName(np.name, honor ? null : np.role, honor));
      }
    }
  }
}

/** A person named in the sentence, once. */
function mention(mentioned: Person[], p: Person): void {
  if (!mentioned.includes(p)) mentioned.push(p);
}

/** Whether units[i..j] are all plain capitalised name words (no title, organisation, group or determiner). */
function plainNames(units: Unit[], i: number, j: number): boolean {
  for (let k = i; k <= j; k++) {
    const x = units[k]!;
    if (
      !/^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$/.test(x.text) ||
      L.titles.has(x.lower) ||
      L.organisations.has(x.lower) ||
      L.nonNames.has(x.lower) ||
      L.groups.has(x.lower) ||
      L.determiners.has(x.lower)
    )
      return false;
  }
  return true;
}

export function speakerOf(ctx: SieveContext, np: NounPhrase, units: Unit[], s: Sentence): DraftSpeaker {
  const mention = { start: np.start, end: np.end };
  if (np.pronoun) {
    if (np.pronoun === 'who' || np.pronoun === 'which') {
      const ante = leftPhrase(units, isP(units[np.first - 1], ',') ? np.first - 2 : np.first - 1);
      if (ante && !ante.pronoun) {
        const r = ctx.table.resolvePhrase(ante);
        return newSpeaker({ name: r.name, role: r.role, type: r.type, mention, personId: r.person?.id ?? null });
      }
      return newSpeaker({ name: null, role: null, type: 'unknown', mention, personId: null });
    }
    return pronounSpeaker(ctx, np, s, mention);
  }
  const r = ctx.table.resolvePhrase(np);
  if (r.person === null && !np.name.length && /^the\s+\S+$/i.test(np.text) && L.ranks.has(np.text.split(/\s+/)[1]!.toLowerCase())) {
    // "the colonel" with no colonel named in the article: nobody.
    return newSpeaker({
      name: null,
      role: null,
      type: 'person',
      mention,
      personId: null,
      unresolved: `"${np.text}" names nobody in the article`,
    });
  }
  if (r.person === null && r.name && isUnnamedSource(np)) {
    const name = withoutModifiers(r.name);
    // "a reservist": someone, even when the head noun is not a known role.
    const type = r.type === 'unknown' || /^(?:a|an)\s/i.test(np.text) ? 'person' : r.type;
    return newSpeaker({ name, role: r.role === null ? null : withoutModifiers(r.role), type, mention, personId: null, unnamed: true });
  }
  return newSpeaker({ name: r.name, role: r.role, type: r.type, mention, personId: r.person?.id ?? null });
}

/** A description of someone left unnamed: a role or a group with no name in it ("a senior NATO official", "diplomats"). */
function isUnnamedSource(np: NounPhrase): boolean {
  if (np.name.length) return false;
  if (np.type !== 'person' && np.type !== 'group' && !(np.type === 'unknown' && /^(?:a|an)\s+[a-z-]+$/.test(np.text))) return false;
  const words = np.text.toLowerCase().split(/\s+/);
  return !words.some((w) => L.namedGroups.has(w));
}

/** "different senior NATO official" -> "senior NATO official": words that only tell sources apart are no part of one. */
function withoutModifiers(description: string): string {
  const words = description.split(/\s+/);
  let k = 0;
  while (k < words.length - 1 && (L.sourceModifiers.has(words[k]!.toLowerCase()) || L.determiners.has(words[k]!.toLowerCase()))) k++;
  const rest = words.slice(k);
  // "Diplomats said": the capital is the sentence's, not the description's.
  const first = rest[0]!;
  if (/^\p{Lu}\p{Ll}+$/u.test(first) && (L.groups.has(first.toLowerCase()) || L.roleHeads.has(first.toLowerCase())))
    rest[0] = first.toLowerCase();
  return rest.join(' ');
}

/** Someone a pronoun may stand for: a person of the table, or a role with no name ("The opposition leader disagreed."). */
export interface Candidate {
  person: Person | null;
  name: string;
  role: string | null;
  gender: Gender | null;
}

const FEMININE_ROLE = /\b(?:spokeswoman|chairwoman|congresswoman|businesswoman|woman|queen|princess|lady|mother|sister|daughter|wife)\b/i;
const MASCULINE_ROLE = /\b(?:spokesman|chairman|congressman|businessman|man|king|prince|father|brother|son|husband)\b/i;

const roleGender = (role: string): Gender | null => (FEMININE_ROLE.test(role) ? 'f' : MASCULINE_ROLE.test(role) ? 'm' : null);
const agrees = (c: Candidate, g: Gender) => c.gender === null || c.gender === g;
const sameCandidate = (a: Candidate, b: Candidate) => (a.person && b.person ? a.person === b.person : a.name === b.name);

/**
 * he/she: the person the sentence itself opens with, if the pronoun agrees (`Jaan Oruvee, her deputy, disagreed: "...," he
 * said`); else the nearest earlier speaker who agrees, unless the previous sentence's subject is another person who agrees
 * too: then nobody is named and both stay as candidates. A pronoun that settles on someone teaches the table their
 * gender ("she said" of Kallasvee), so a later "he" passes her by. Other pronouns keep to the nearest speaker.
 */
function pronounSpeaker(ctx: SieveContext, np: NounPhrase, s: Sentence, mention: Span): DraftSpeaker {
  const want = L.pronouns.get(np.pronoun ?? '')?.gender;
  const none: DraftSpeaker = newSpeaker({
    name: null,
    role: null,
    type: np.pronoun === 'they' || np.pronoun === 'we' ? 'group' : 'unknown',
    mention,
    personId: null,
  });
  if (want !== 'm' && want !== 'f') {
    const p = ctx.table.resolvePronoun(np.pronoun!, s.paragraph);
    return p ? newSpeaker({ name: p.name, role: p.role, type: p.type, mention, personId: p.id }) : none;
  }
  const own = subjectCandidate(ctx, s.index, np.first);
  if (own && agrees(own, want)) return chosen(ctx, own, want, mention);
  const p = ctx.table.resolvePronoun(np.pronoun!, s.paragraph);
  let spoke: Candidate | null = p ? { person: p, name: p.name, role: p.role, gender: p.gender } : null;
  // An unnamed source who spoke just before, in this paragraph (`"...," a reservist told reporters. "...," he said`).
  const last = ctx.drafts[ctx.drafts.length - 1];
  const ls = last?.speaker;
  if (last && last.paragraph === s.paragraph && ls?.unnamed && ls.type === 'person' && ls.name) {
    const c: Candidate = { person: null, name: ls.name, role: ls.role, gender: roleGender(ls.name) };
    if (agrees(c, want)) spoke = c;
  }
  const prev = s.index > 0 ? ctx.doc.sentences[s.index - 1] : undefined;
  const near = prev && s.paragraph - prev.paragraph <= 1 && !namedBefore(ctx, s, np) ? prev : null;
  const rivalSubject = near ? subjectCandidate(ctx, near.index, ctx.units[near.index]!.length) : null;
  const rival = rivalSubject && agrees(rivalSubject, want) ? rivalSubject : null;
  if (spoke && (!rival || sameCandidate(spoke, rival))) return chosen(ctx, spoke, want, mention);
  if (spoke && rival) return newSpeaker({ ...none, unresolved: unattributedReason([spoke.name, rival.name]) });
  if (!near) return none;
  // Nobody spoke yet: the people the previous sentence names (its subject first), if exactly one agrees.
  const named: Candidate[] = rival ? [rival] : [];
  for (const x of ctx.mentions[near.index]!) {
    const c: Candidate = { person: x, name: x.name, role: x.role, gender: x.gender };
    if (agrees(c, want) && !named.some((n) => sameCandidate(n, c))) named.push(c);
  }
  if (named.length === 1 && rival) return chosen(ctx, rival, want, mention);
  if (named.length > 1) return newSpeaker({ ...none, unresolved: unattributedReason(named.map((c) => c.name)) });
  return none;
}

function chosen(ctx: SieveContext, c: Candidate, g: Gender, mention: Span): DraftSpeaker {
  if (c.person) {
    ctx.table.learnGender(c.person, g);
    return newSpeaker({ name: c.person.name, role: c.person.role, type: c.person.type, mention, personId: c.person.id });
  }
  return newSpeaker({ name: c.name, role: c.role, type: 'person', mention, personId: null, unnamed: true });
}

/** The person (named, or described by a role) a sentence opens with, ending before unit `before`. */
export function subjectCandidate(ctx: SieveContext, si: number, before: number): Candidate | null {
  const units = ctx.units[si]!;
  const subject = sentenceSubject(units, before);
  if (!subject || subject.pronoun || subject.type !== 'person' || subject.last >= before) return null;
  const known = ctx.table.lookup(subject);
  if (known) return known.type === 'person' ? { person: known, name: known.name, role: known.role, gender: known.gender } : null;
  if (subject.name.length || !subject.role) return null;
  const role = withoutModifiers(subject.role);
  return { person: null, name: role, role, gender: roleGender(role) };
}

/** A capitalised word (a name, most likely) comes before the pronoun in its own sentence. */
function namedBefore(ctx: SieveContext, s: Sentence, np: NounPhrase): boolean {
  if (np.first <= 1) return false;
  return ctx.units[s.index]!.slice(0, np.first).some((u) => u.kind === 'w' && u.cap && !L.nonNames.has(u.lower));
}

/** The phrase names the article's own outlet ("UNN reports"): not a speaker. */
export function isOutlet(ctx: SieveContext, np: NounPhrase): boolean {
  if (!ctx.outlet) return false;
  const t = np.text.toLowerCase().replace(/^the\s+/, '');
  return t === ctx.outlet || np.name.join(' ').toLowerCase() === ctx.outlet;
}
