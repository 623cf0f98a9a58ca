// Speaker noun phrases next to a cue: names with titles, role descriptions, pronouns, organisations and groups.
import { LEXICON as L } from './lexicon.ts';
import type { Unit } from './units.ts';

export interface NounPhrase {
  /** Unit index range [first, last]. */
  first: number;
  last: number;
  start: number;
  end: number;
  text: string;
  pronoun: string | null;
  /** Name tokens found in the phrase ("Giuseppe", "Cavo", "Dragone"), empty for descriptions. */
  name: string[];
  /** The role or title the phrase gives, or the whole description when there is no name. */
  role: string | null;
  type: 'person' | 'organisation' | 'group' | 'unknown';
}

const isWord = (u: Unit | undefined): u is Unit => !!u && u.kind === 'w';
const bare = (lower: string) => (lower.endsWith("'s") ? lower.slice(0, -2) : lower);
const isConnector = (u: Unit | undefined) => isWord(u) && !u.cap && L.nameConnectors.has(u.lower);
const isNounish = (u: Unit) =>
  L.titles.has(bare(u.lower)) || L.groups.has(u.lower) || L.documents.has(u.lower) || L.organisations.has(bare(u.lower));
const isNameCap = (u: Unit | undefined) =>
  isWord(u) && u.cap && !L.nonNames.has(u.lower) && !L.pronouns.has(u.lower) && !L.determiners.has(u.lower);
const isAcronym = (text: string) => text.length > 1 && text.length < 12 && /^[A-Z][A-Z.&]+(?:'s)?$/.test(text);

// leftPhrase is asked for the same unit by several sieves: its answers for the current sentence's units are kept
// (units arrays are never changed once built, and no caller changes a phrase it got from here).
// Kept per units array (the speaker-name pass reads every sentence before the sieves read it again), the last one at hand.
const MEMOS = new WeakMap<Unit[], (NounPhrase | null | undefined)[]>();
let memoUnits: Unit[] | null = null;
let memo: (NounPhrase | null | undefined)[] = [];

/** The phrase ending at unit `j`, read leftwards. */
export function leftPhrase(units: Unit[], j: number): NounPhrase | null {
  if (units !== memoUnits) {
    memoUnits = units;
    let m = MEMOS.get(units);
    if (m === undefined) MEMOS.set(units, (m = new Array<NounPhrase | null | undefined>(units.length)));
    memo = m;
  }
  if (j < 0 || j >= units.length) return readLeftPhrase(units, j);
  let np = memo[j];
  if (np === undefined) memo[j] = np = readLeftPhrase(units, j);
  return np;
}

function readLeftPhrase(units: Unit[], j: number): NounPhrase | null {
  const head = units[j];
  if (!isWord(head)) return null;
  if (L.pronouns.has(head.lower) || CONTRACTED.test(head.lower)) return build(units, j, j);
  const headOk = isNameCap(head) || (!head.cap && isNounish(head)) || (head.cap && isNounish(head) && !L.nonNames.has(head.lower));
  let i = j;
  if (!headOk) {
    // A role ending in a common-noun object: "the chief of the air force".
    let m = j;
    while (m > j - 3 && m > 0 && isPlainLower(units[m - 1])) m--;
    if (!isPlainLower(units[j])) return null;
    let d = m - 1;
    if (d >= 0 && isWord(units[d]) && L.determiners.has(units[d]!.lower)) d--;
    const owner = d > 0 ? units[d - 1] : undefined;
    if (!(d >= 0 && isConnector(units[d]) && owner && (isNounish(owner) || isNameCap(owner)))) return null;
    i = d;
  }
  const lowerHead = !head.cap;
  while (i > 0 && j - i < 12) {
    const u = units[i - 1]!;
    if (!isWord(u)) break;
    if (L.determiners.has(u.lower)) {
      i--;
      if (i === 0 || !isConnector(units[i - 1])) break;
      continue;
    }
    if (isConnector(u)) {
      const left = i >= 2 ? units[i - 2] : undefined;
      const joins =
        u.lower === 'and' || u.lower === '&' ? isNameCap(left) && isNameCap(units[i]) : !!left && (isNameCap(left) || isNounish(left));
      if (joins) {
        i--;
        continue;
      }
      break;
    }
    if (isNameCap(u) || isNounish(u)) {
      i--;
      continue;
    }
    // Adjectives inside a description: "a senior administration official".
    if (
      lowerHead &&
      !u.cap &&
      j - i < 4 &&
      /^[a-z][a-z-]+$/.test(u.lower) &&
      !L.verbs.has(u.lower) &&
      !L.between.has(u.lower) &&
      !L.nonNames.has(u.lower) &&
      hasDeterminerLeft(units, i - 1)
    ) {
      i--;
      continue;
    }
    break;
  }
  while (i < j && isConnector(units[i])) i++;
  return build(units, i, j);
}

const isPlainLower = (u: Unit | undefined) =>
  isWord(u) &&
  !u.cap &&
  /^[a-z][a-z-]+$/.test(u.lower) &&
  !L.verbs.has(u.lower) &&
  !L.between.has(u.lower) &&
  !L.nonNames.has(u.lower) &&
  !L.determiners.has(u.lower) &&
  !L.nameConnectors.has(u.lower) &&
  !/ly$/.test(u.lower);

/** How many plain lowercase words end at unit j. */
function lowerRun(units: Unit[], j: number): number {
  let n = 0;
  while (j - n >= 0 && isPlainLower(units[j - n])) n++;
  return n;
}

const CONTRACTED = /^(he|she|they|i|we)'(s|ve|d|ll)$/;

function hasDeterminerLeft(units: Unit[], k: number): boolean {
  for (let m = k - 1; m >= 0 && k - m <= 3; m--) {
    const u = units[m]!;
    if (!isWord(u)) return false;
    if (L.determiners.has(u.lower)) return true;
  }
  return false;
}

/** The phrase starting at unit `i`, read rightwards ("said NATO Secretary General Mark Rutte"). */
/** Words that open a clause and never belong to a noun phrase ("asked the council whether ..."). */
const CLAUSE_WORDS = new Set(['whether', 'if', 'that', 'because', 'how', 'why', 'when', 'where', 'while', 'though', 'although', 'what']);

export function rightPhrase(units: Unit[], i: number): NounPhrase | null {
  const first = units[i];
  if (!isWord(first)) return null;
  if (L.pronouns.has(first.lower)) return build(units, i, i);
  let j = i - 1;
  let sawHead = false;
  while (j + 1 < units.length && j - i < 12) {
    const u = units[j + 1]!;
    if (!isWord(u) || CLAUSE_WORDS.has(u.lower)) break;
    if (L.determiners.has(u.lower) && (j < i || isConnector(units[j]))) {
      j++;
      continue;
    }
    if (
      isConnector(u) &&
      sawHead &&
      (isNameCap(units[j + 2]) || isNounish(units[j + 2] ?? u) || L.determiners.has(units[j + 2]?.lower ?? ''))
    ) {
      j++;
      continue;
    }
    if (isNameCap(u) || isNounish(u)) {
      j++;
      sawHead = true;
      continue;
    }
    // "the head of the customs service": common nouns after the preposition of a role.
    if (
      sawHead &&
      isPlainLower(u) &&
      j - lowerRun(units, j) >= 0 &&
      lowerRun(units, j) < 3 &&
      (isConnector(units[j]) || L.determiners.has(units[j]!.lower) || isPlainLower(units[j]))
    ) {
      j++;
      continue;
    }
    if (!u.cap && !sawHead && j - i < 3 && /^[a-z][a-z-]+$/.test(u.lower) && !L.verbs.has(u.lower) && !L.nonNames.has(u.lower) && j >= i) {
      j++;
      continue;
    }
    break;
  }
  while (j > i && (isConnector(units[j]) || L.determiners.has(units[j]!.lower))) j--;
  if (j < i || !sawHead) return null;
  return build(units, i, j);
}

/** "NAME, ROLE," or "ROLE, NAME," apposition after a phrase; returns the merged phrase. */
export function withApposition(units: Unit[], np: NounPhrase): NounPhrase {
  if (units[np.last + 1]?.lower !== ',') return np;
  const other = rightPhrase(units, np.last + 2);
  if (!other) return np;
  const after = units[other.last + 1];
  if (
    after &&
    !(after.kind === 'p' && /[,.;:)-]/.test(after.text)) &&
    !(isWord(after) && /^(in|on|at|during|to|while|when)$/.test(after.lower))
  )
    return np;
  if (np.name.length && !other.name.length && other.role) return merge(units, np, other, np.name, other.role);
  if (!np.name.length && other.name.length && np.role) return merge(units, np, other, other.name, np.role);
  return np;
}

function merge(units: Unit[], a: NounPhrase, b: NounPhrase, name: string[], role: string): NounPhrase {
  const type = a.type === 'person' || b.type === 'person' ? 'person' : a.type;
  return {
    first: a.first,
    last: b.last,
    start: a.start,
    end: b.end,
    text: textOf(units, a.first, b.last),
    pronoun: a.pronoun,
    name,
    role,
    type,
  };
}

function textOf(units: Unit[], i: number, j: number): string {
  let s = '';
  for (let k = i; k <= j; k++) s += (k > i && units[k]!.start > units[k - 1]!.end ? ' ' : '') + units[k]!.text;
  return s;
}

// Words that begin a several-word organisation ("european" for "european union"): the pair lookup in build() is only
// made after one of them.
const ORG_PREFIXES: Set<string> = (() => {
  const out = new Set<string>();
  for (const o of L.organisations) for (let p = o.indexOf(' '); p >= 0; p = o.indexOf(' ', p + 1)) out.add(o.slice(0, p));
  return out;
})();

/** A new list of name words: one allocation site, so every phrase's list has the same kind of elements. */
function newNames(): string[] {
  return [];
}

// Index loops over units[i..j] instead of slices: build() runs for every phrase any sieve reads.
function build(units: Unit[], i: number, j: number): NounPhrase {
  const len = j - i + 1;
  const text = textOf(units, i, j);
  const first = units[i]!;
  const start = first.start,
    end = units[j]!.end;
  const single = len === 1 ? first.lower.replace(CONTRACTED, '$1') : '';
  if (single && L.pronouns.has(single)) {
    return {
      first: i,
      last: j,
      start,
      end: start + single.length,
      text: first.text.slice(0, single.length),
      pronoun: single,
      name: newNames(),
      role: null,
      type: 'unknown',
    };
  }
  // The name: the trailing run of capitalised words that are not titles, with connectors like "de".
  // n counts the words of the phrase before the name.
  let n = len;
  while (n > 0) {
    const u = units[i + n - 1]!;
    if (
      isNameCap(u) &&
      !L.titles.has(bare(u.lower)) &&
      !L.organisations.has(bare(u.lower)) &&
      !L.groups.has(u.lower) &&
      !L.documents.has(u.lower) &&
      !isAcronym(u.text)
    ) {
      n--;
      continue;
    }
    if (
      isConnector(u) &&
      n < len &&
      /^(de|del|della|di|da|van|von|der|den|al|bin|la|le|du|dos|das)$/.test(u.lower) &&
      n >= 2 &&
      isNameCap(units[i + n - 2])
    ) {
      n--;
      continue;
    }
    break;
  }
  // The name's words are units[i + nameFrom .. j]; none when nameFrom > len - 1.
  let nameFrom = n;
  // "of Ukraine Andriy Yermak": the first capital after a preposition belongs to the role.
  if (len - n >= 3 && n > 0 && isConnector(units[i + n - 1])) {
    nameFrom = n + 1;
    n++;
  } else if (n > 0 && isConnector(units[i + n - 1])) nameFrom = len;
  if (len - nameFrom > 4) nameFrom = len;
  for (let k = nameFrom; k < len; k++)
    if (units[i + k]!.lower.endsWith("'s")) {
      nameFrom = len;
      break;
    }
  const name = newNames();
  for (let k = nameFrom; k < len; k++) name.push(units[i + k]!.text.replace(/'s$/, ''));
  // The role's words are units[i + r .. i + roleEnd - 1], after the leading determiners.
  const roleEnd = name.length ? n : len;
  let r = 0;
  while (r < roleEnd && L.determiners.has(units[i + r]!.lower)) r++;
  let roleText = '';
  let hasRole = false;
  let personRole = false;
  for (let k = r; k < roleEnd; k++) {
    const u = units[i + k]!;
    roleText = k > r ? `${roleText} ${u.text}` : u.text;
    const b = bare(u.lower);
    if (L.roleHeads.has(b)) {
      hasRole = true;
      if (!u.lower.endsWith("'s")) personRole = true;
    } else if (L.titles.has(b)) hasRole = true;
  }
  if (roleText.includes(',') || roleText.includes("'")) roleText = roleText.replace(/\s+([,'])/g, '$1');
  let orgish = false;
  let prev = 'undefined';
  for (let k = 0; k < len && !orgish; k++) {
    const w = bare(units[i + k]!.lower);
    if (L.organisations.has(w) || (ORG_PREFIXES.has(prev) && L.organisations.has(`${prev} ${w}`))) orgish = true;
    prev = w;
  }
  for (let k = 0; k < len && !orgish; k++) if (isAcronym(units[i + k]!.text)) orgish = true;
  const headLower = bare(units[j]!.lower);
  let type: NounPhrase['type'];
  if (name.length) type = 'person';
  else if (L.groups.has(headLower)) type = 'group';
  else if (L.roleHeads.has(headLower) || personRole) type = 'person';
  else if (orgish || L.documents.has(headLower)) type = 'organisation';
  else type = 'unknown';
  if (name.length && orgish && !roleText) type = 'organisation';
  // An explicit literal: object spread here was the extractor's hottest line.
  return {
    first: i,
    last: j,
    start,
    end,
    text,
    pronoun: null,
    name,
    role: name.length ? (hasRole && roleText ? roleText : null) : roleText || null,
    type,
  };
}
