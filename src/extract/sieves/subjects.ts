// Finding the speaker phrase of a cue: left of it (across fillers, asides and appositions), or the sentence's subject.
import { LEXICON as L, type VerbCue } from '../lexicon.ts';
import { leftPhrase, rightPhrase, withApposition, type NounPhrase } from '../noun-phrase.ts';
import type { Unit } from '../units.ts';
import { isVerbLike } from '../verbs.ts';
import type { SieveContext } from './context.ts';
import { ASIDE, CLAUSE_BOUNDARY, DISCOURSE, firstContent, isP, isW, skipFillers, startsClause } from './words.ts';

/** Reporting verbs whose subject "it" is a document or an organisation ("It said", "It added"), not an expletive. */
const IT_CUES = new Set(['said', 'says', 'added', 'adds', 'stated', 'states', 'announced', 'wrote', 'noted', 'warned']);

/** The subject at the start of the sentence, for a participle cue later in it. */
export function sentenceSubject(units: Unit[], before: number): NounPhrase | null {
  const f = firstContent(units);
  const u = units[f];
  if (!u || u.kind !== 'w') return null;
  if (L.pronouns.has(u.lower)) return leftPhrase(units, f);
  for (let v = f + 1; v < before && v - f < 10; v++) {
    const w = units[v]!;
    if (w.kind !== 'w') break;
    if (L.verbs.has(w.lower) || L.between.has(w.lower) || /^[a-z]+ed$/.test(w.lower)) {
      const np = leftPhrase(units, v - 1);
      if (np && np.first === f) return np;
      break;
    }
  }
  const np = rightPhrase(units, f);
  if (!np || np.last >= before - 1) return null;
  return withApposition(units, np);
}

/**
 * When the sentence has no plain subject: the subject of the clause a participle cue hangs on, after an opening adjunct
 * ("In a speech on Tuesday, Voss struck a measured tone, saying ...") or a description ("The billionaire businessman
 * began ..., saying"). Only a phrase that a verb follows.
 */
export function subjectAfterOpening(ctx: SieveContext, units: Unit[], before: number): NounPhrase | null {
  let f = firstContent(units);
  const u = units[f];
  if (isW(u) && u!.cap && (ASIDE.has(u!.lower) || /^(in|on|at|during|after|before|with|despite|since|for)$/.test(u!.lower))) {
    let comma = f + 1;
    while (comma < before && comma - f < 16 && !isP(units[comma], ',') && units[comma]!.kind !== 'q') comma++;
    if (!isP(units[comma], ',') || comma + 1 >= before) return null;
    f = comma + 1;
    const np = units[f]?.kind === 'w' && L.pronouns.has(units[f]!.lower) ? leftPhrase(units, f) : rightPhrase(units, f);
    if (np && np.last < before - 1 && isVerbLike(units[skipFillers(units, np.last + 1, 1)])) return np.pronoun === 'it' ? null : np;
  }
  // "The billionaire businessman began ...": a determiner, a few lowercase words, then a verb.
  if (!isW(units[f]) || !L.determiners.has(units[f]!.lower) || !/^(the|a|an)$/.test(units[f]!.lower)) return null;
  let j = f + 1;
  while (j < before && j - f <= 5 && isW(units[j]) && !isVerbLike(units[j]) && !L.irregularVerbs.has(units[j]!.lower)) j++;
  if (j === f + 1 || j >= before - 1 || !(isVerbLike(units[j]) || L.irregularVerbs.has(units[j]!.lower))) return null;
  if (units.slice(f + 1, j).some((w) => CLAUSE_BOUNDARY.has(w.lower) || L.determiners.has(w.lower))) return null;
  const text = ctx.doc.text.slice(units[f]!.start, units[j - 1]!.end);
  return {
    first: f,
    last: j - 1,
    start: units[f]!.start,
    end: units[j - 1]!.end,
    text,
    pronoun: null,
    name: [],
    role: text,
    type: 'unknown',
  };
}

/** The speaker phrase just left of a cue, across adverbs and an apposition; null unless it starts a clause. */
export function subjectLeft(ctx: SieveContext, units: Unit[], c: number, verb: VerbCue, skipTo = -1): NounPhrase | null {
  let k = skipFillers(units, skipTo >= 0 ? skipTo - 1 : c - 1, -1);
  // "smiled and said"
  if (k > 0 && isW(units[k], 'and') && isW(units[k - 1]) && /^[a-z]+(?:ed|s)$/.test(units[k - 1]!.lower)) k -= 2;
  if (k < 0) return null;
  if (isP(units[k], ')')) {
    // "Rep. Elijah Cummings (D-Md.) said"
    let m = k - 1;
    while (m >= 0 && !isP(units[m], '(') && k - m < 10) m--;
    if (m > 0 && isP(units[m], '(')) k = m - 1;
  }
  if (isP(units[k], ',')) {
    // "Clinton, during a town hall meeting in Columbus, Ohio, said": an adverbial aside, possibly with commas of its own.
    let a = k - 1,
      commas = 0;
    while (a > 0 && k - a < 30 && commas < 3) {
      if (isP(units[a], ',')) {
        commas++;
        const opener = units[a + 1];
        if (isW(opener) && ASIDE.has(opener!.lower)) {
          const head = leftPhrase(units, a - 1);
          if (head && startsClause(units, head.first) && (!head.pronoun || /^(he|she|they|we|i)$/.test(head.pronoun))) return head;
        }
        // "Roxana M. Leon, 63, an independent voter raised in Chile, said" / "Several candidates, including Trump, said"
        if (
          commas >= 2 &&
          isW(opener) &&
          (L.determiners.has(opener!.lower) || /^\d+$/.test(opener!.text) || /^(including|whose|who|like)$/.test(opener!.lower))
        ) {
          const head = leftPhrase(units, a - 1);
          if (head && !head.pronoun && startsClause(units, head.first) && (head.name.length || head.type === 'group')) return head;
        }
        // "Vikram Amar, dean of the law school, said" / "Jo Archer, wearing a red cape, said" / "Ann Lee, a lawyer, which ..., said"
        if (apposedHead(units, a, k, verb)) return withApposition(units, leftPhrase(units, a - 1)!);
      } else if (units[a]!.kind === 'q') break;
      a--;
    }
    // "Mark Rutte, NATO's secretary general, said" / "Smith, who ..., said"
    let m = k - 1;
    while (m >= 0 && !isP(units[m], ',') && units[m]!.kind !== 'q' && k - m < 32) m--;
    if (m < 1 || !isP(units[m], ',')) return null;
    const inner = units[m + 1]!;
    // "Murphy, though, said" / "Supporters of abortion rights, on the other hand, argued"
    if (DISCOURSE.test(ctx.doc.norm.slice(inner.start, units[k - 1]!.end))) return subjectLeft(ctx, units, m + 1, verb, m);
    let h = m - 1;
    if (isP(units[h], ')')) {
      while (h >= 0 && !isP(units[h], '(')) h--;
      h--;
    }
    const head = leftPhrase(units, h);
    if (!head || !startsClause(units, head.first)) return null;
    if (head.pronoun && head.pronoun !== 'who') return null;
    if (isW(inner, 'who', 'which')) return head;
    const appos = rightPhrase(units, m + 1);
    if (appos && appos.last === k - 1 && (appos.role || appos.name.length)) return withApposition(units, head);
    const innerWords = units.slice(m + 1, k);
    if (
      head.name.length &&
      innerWords.every((x) => x.kind === 'w' || isP(x, "-'&.()")) &&
      (L.determiners.has(inner.lower) ||
        /^\d+$/.test(inner.text) ||
        ((L.titles.has(inner.lower) || inner.cap) && !innerWords.some((x) => L.verbs.has(x.lower))))
    )
      return head;
    return null;
  }
  const np = leftPhrase(units, k);
  if (np && /'s$/.test(units[np.last]!.lower)) return null;
  if (L.nounForms.has(units[c]!.lower)) {
    // "his plans", "the state": only a verb after a pronoun, a name or a group noun.
    const h = units[k]!;
    if (
      !np ||
      (k !== c - 1 && !L.between.has(units[c - 1]!.lower)) ||
      !(np.pronoun || h.cap || L.groups.has(h.lower) || L.documents.has(h.lower))
    )
      return null;
    if (!startsClause(units, np.first)) return null;
    return np;
  }
  // A relative clause: "delegates who backed Ron Paul".
  if (np && np.pronoun === 'who' && isW(units[np.first - 1]) && !L.verbs.has(units[np.first - 1]!.lower)) return np;
  if (!np || !(startsClause(units, np.first) || afterOpeningAdverb(units, np.first)))
    return relativeSubject(units, k, verb) ?? longSubject(ctx, units, k, verb);
  if (np.pronoun === 'who' || np.pronoun === 'which') {
    if (!isP(units[np.first - 1], ',') && !(isW(units[np.first - 1], 'but', 'and') && isP(units[np.first - 2], ','))) return null;
  }
  if (np.pronoun === 'it' && units[np.first - 1]?.kind === 'q') return np;
  // "It said the agency would ...", "It added that ...": a report or an organisation speaking; left unresolved.
  if (np.pronoun === 'it' && np.first === k && IT_CUES.has(units[c]!.lower) && !isW(units[c + 1], 'it')) return np;
  if (np.pronoun === 'it' || np.pronoun === 'which' || np.pronoun === 'you') return null;
  return np;
}

const AUX_OR_CONJ = /^(is|are|was|were|be|been|has|have|had|will|would|did|does|do|and|or|but|that|if|because|when|while|as)$/;

/**
 * A named person at the start of a clause, its comma at unit a, then descriptions of that person up to the comma at k
 * before a speech or writing cue: an apposition ("dean of the law school", "70"), a participle ("wearing a red cape"),
 * or a relative clause ("which organized the letter"). No quotation, cue verb or finite verb of the sentence's own
 * in between, so the named head is the cue's subject. Lists ("Smith, Jones and Lee said") never reach here: the word
 * before a list's cue is a name, not a comma.
 */
function apposedHead(units: Unit[], a: number, k: number, verb: VerbCue): boolean {
  if (verb.class !== 'speech' && verb.class !== 'writing') return false;
  const head = leftPhrase(units, a - 1);
  if (!head || head.pronoun || !head.name.length || head.type !== 'person' || !startsClause(units, head.first)) return false;
  let segStart = a + 1,
    words = 0;
  for (let i = a + 1; i <= k; i++) {
    const u = units[i]!;
    if (u.kind === 'q') return false;
    if (i === k || isP(u, ',')) {
      const first = units[segStart];
      if (!isW(first)) return false;
      const relative = segStart > a + 1 && isW(first, 'who', 'which');
      if (!relative) {
        for (let j = segStart; j < i; j++) {
          const w = units[j]!;
          if (w.kind === 'w' && (L.verbs.has(w.lower) || AUX_OR_CONJ.test(w.lower))) return false;
          if (w.kind === 'p' && !isP(w, "-'&.()")) return false;
        }
        if (first!.cap && !L.titles.has(first!.lower) && !L.determiners.has(first!.lower)) return false;
        if (CLAUSE_BOUNDARY.has(first!.lower) || ASIDE.has(first!.lower) || L.pronouns.has(first!.lower)) return false;
      }
      segStart = i + 1;
      continue;
    }
    if (u.kind === 'w' && ++words > 16) return false;
  }
  return true;
}

/**
 * "Officials who spoke with the paper said", "Voters who backed Lind say": the phrase before a relative clause that runs
 * up to a speech cue (no comma, no quotation in between) is the cue's subject.
 */
function relativeSubject(units: Unit[], k: number, verb: VerbCue): NounPhrase | null {
  if (verb.class !== 'speech' && verb.class !== 'writing') return null;
  let w = k;
  while (w > 0 && k - w < 14 && units[w]!.kind === 'w' && !isW(units[w], 'who')) w--;
  if (!isW(units[w], 'who') || w === k || !units.slice(w + 1, k + 1).some((u) => isVerbLike(u) || L.irregularVerbs.has(u.lower)))
    return null;
  const np = leftPhrase(units, w - 1);
  if (!np || np.pronoun || !(startsClause(units, np.first) || afterOpeningAdverb(units, np.first))) return null;
  return np.name.length || np.type === 'group' || np.type === 'person' ? np : null;
}

/** A cue form that is also a noun, used as one: "A news report published Wednesday said", "an earlier report". */
function nounAfterDeterminer(units: Unit[], j: number): boolean {
  if (!L.nounForms.has(units[j]!.lower) && !L.documents.has(units[j]!.lower)) return false;
  const d = isW(units[j - 1]) && !isVerbLike(units[j - 1]) && !L.determiners.has(units[j - 1]!.lower) ? j - 2 : j - 1;
  return isW(units[d]) && /^(a|an|the|this|that|its|his|her|their|our|one|another)$/.test(units[d]!.lower);
}

/** Sentence adverbs that may open a clause before its subject: "Now Voss says", "Still, even Mr. Voss says". */
const OPENING_ADVERBS = new Set([
  'now',
  'even',
  'still',
  'yet',
  'instead',
  'meanwhile',
  'later',
  'earlier',
  'today',
  'then',
  'indeed',
  'also',
  'separately',
  'previously',
]);

/** The phrase at `first` follows only opening adverbs (and commas) from the start of the sentence. */
function afterOpeningAdverb(units: Unit[], first: number): boolean {
  const f = firstContent(units);
  if (first <= f) return false;
  for (let i = f; i < first; i++) {
    const u = units[i]!;
    if (!(isP(u, ',') || (u.kind === 'w' && OPENING_ADVERBS.has(u.lower)))) return false;
  }
  return true;
}

/** "Six in 10 Virginia Democratic primary voters said": a longer subject, for the strongest speech cues only. */
function longSubject(ctx: SieveContext, units: Unit[], k: number, verb: VerbCue): NounPhrase | null {
  if (verb.class === 'learned' || verb.class === 'stance') return null;
  let i = k;
  while (i > 0 && k - i < 10) {
    const u = units[i - 1]!;
    if (u.kind === 'q' || isP(u, ',;:()-—')) break;
    if (
      u.kind === 'w' &&
      ((CLAUSE_BOUNDARY.has(u.lower) && !(u.lower === 'and' && i - 1 > 0 && !isVerbLike(units[i - 2]))) ||
        (L.verbs.has(u.lower) && !nounAfterDeterminer(units, i - 1)) ||
        L.irregularVerbs.has(u.lower))
    )
      break;
    i--;
  }
  if (i > 0 && !startsClause(units, i)) return null;
  const words = units.slice(i, k + 1);
  if (L.nonNames.has(words[0]!.lower) && !L.determiners.has(words[0]!.lower)) return null;
  if (words.length === 1 && !words[0]!.cap && !/^\d[\d,.]*$/.test(words[0]!.text)) return null;
  if (
    !words.length ||
    words.some((u) => u.kind === 'q') ||
    !(
      L.determiners.has(words[0]!.lower) ||
      /^\d/.test(words[0]!.text) ||
      words.some(
        (u) =>
          u.kind === 'w' && (u.cap || L.groups.has(u.lower) || L.documents.has(u.lower) || L.titles.has(u.lower) || /s$/.test(u.lower)),
      )
    )
  )
    return null;
  if (words.some((u) => u.kind === 'w' && /^(is|are|was|were|be|been|has|have|had|will|would|it|there)$/.test(u.lower))) return null;
  // A subject is a noun phrase: no verb inside ("the professor hoaxed the class by"), no dangling function word at its end.
  if (
    words.some((u, n) => u.kind === 'w' && !u.cap && n > 0 && /^[a-z]{3,}ed$/.test(u.lower) && L.determiners.has(words[n + 1]?.lower ?? ''))
  )
    return null;
  const tail = words[words.length - 1]!;
  if (
    tail.kind !== 'w' ||
    L.nameConnectors.has(tail.lower) ||
    CLAUSE_BOUNDARY.has(tail.lower) ||
    L.determiners.has(tail.lower) ||
    /^(by|to|with|from|into|than|not)$/.test(tail.lower)
  )
    return null;
  const inner = leftPhrase(units, k);
  const base = inner && inner.first >= i ? inner : null;
  const text = ctx.doc.text.slice(units[i]!.start, units[k]!.end);
  return {
    first: i,
    last: k,
    start: units[i]!.start,
    end: units[k]!.end,
    text,
    pronoun: null,
    name: base?.name ?? [],
    role: base?.name.length ? base.role : text,
    type: base?.type ?? 'group',
  };
}
