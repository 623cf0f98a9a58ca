// Where a statement's content lies relative to its cue: the clause after it ("that ...", ": ...", a quotation, a bare
// clause), the clause before it, where a clause ends, and the trailing attributions (`, Smith said,`) that bound it.
import { LEXICON as L, type VerbCue } from '../lexicon.ts';
import { leftPhrase, rightPhrase } from '../noun-phrase.ts';
import { wordCount, type Unit } from '../units.ts';
import type { Content, SentenceScope, SieveContext } from './context.ts';
import {
  ADJUNCT_STARTS,
  CLAUSE_BOUNDARY,
  CLAUSE_OPENERS,
  DAY,
  endsAt,
  firstContent,
  isP,
  isW,
  OBJECTS,
  skipFillers,
  TERMINAL,
} from './words.ts';

const THAT_NOT = ['that', 'not'];

/** Content after the cue: "that ...", ": ...", ', "..."', a bare clause, or a to-infinitive. */
export function contentRight(ctx: SieveContext, units: Unit[], cueLast: number, verb: VerbCue): Content | null {
  let k = skipFillers(units, cueLast + 1, 1, THAT_NOT);
  if (
    verb.object &&
    isW(units[k]) &&
    !isW(units[k], 'that', 'to', 'whether', 'if', 'about', 'for', 'of', 'at', 'in', 'on', 'during', 'from', 'after', 'before')
  ) {
    const obj = OBJECTS.has(units[k]!.lower) ? { last: k } : rightPhrase(units, k);
    if (obj) k = obj.last + 1;
    else {
      let z = k + 1;
      // "told a crowded banquet hall at a hotel in the city that ...": a hearer described at length.
      while (z < units.length && z - k < 14 && !isW(units[z], 'that') && units[z]!.kind !== 'q' && !isP(units[z], ',.;:')) z++;
      if (!isW(units[z], 'that')) return null;
      k = z;
    }
  }
  // Adjuncts: "said in a statement that", "told CNN on Sunday that", "said Tuesday he ..."
  for (let guard = 0; guard < 3 && isW(units[k]); guard++) {
    const u = units[k]!;
    if (DAY.test(u.lower)) {
      k++;
      continue;
    }
    if (!ADJUNCT_STARTS.has(u.lower) || (u.lower === 'to' && verb.infinitive) || aboutEstimate(units, k)) break;
    let z = k + 1;
    while (z < units.length && z - k < 12 && !isW(units[z], 'that') && !isP(units[z], ',:') && units[z]!.kind !== 'q') z++;
    if (z >= units.length || z - k >= 12) return null;
    if (isP(units[z], ',') && !isW(units[z + 1], 'that') && units[z + 1]?.kind !== 'q') return null;
    k = isP(units[z], ',') && isW(units[z + 1], 'that') ? z + 1 : z;
  }
  const u = units[k];
  if (!u) return null;
  const end = clauseEnd(units, k);
  if (isW(u, 'that')) return end > k ? { first: k, last: end } : null;
  if (isP(u, ':')) return end > k ? { first: k + 1, last: end } : null;
  if (isP(u, ',') && units[k + 1]?.kind === 'q') return { first: k + 1, last: end };
  if (isP(u, ',') && isW(units[k + 1], 'that')) return end > k + 1 ? { first: k + 1, last: end } : null;
  if (u.kind === 'q') return { first: k, last: end };
  if (verb.needsThat && !(verb.infinitive && isW(u, 'to'))) {
    if (verb.class === 'speech' && isW(u) && CLAUSE_OPENERS.has(u.lower) && verb.lemma === 'ask') return { first: k, last: end };
    return null;
  }
  if (isW(u, 'to')) return verb.infinitive && end > k ? { first: k, last: end } : null;
  if (u.kind !== 'w') return null;
  if (CLAUSE_OPENERS.has(u.lower) && (verb.lemma === 'ask' || verb.lemma === 'wonder')) return { first: k, last: end };
  // "said about half of the cost ...": "about" as an estimate, not a topic.
  if (!aboutEstimate(units, k) && /^(of|about|on|for|with|by|as|so|up|out|off|into|over|at|in)$/.test(u.lower)) return null;
  if (end < k || wordCount(ctx.doc.norm.slice(units[k]!.start, units[end]!.end), 2) < 2) return null;
  return { first: k, last: end };
}

/** "about half", "about 40": an estimate, not a topic ("said about half of the cost ..."). */
function aboutEstimate(units: Unit[], k: number): boolean {
  return (
    isW(units[k], 'about') &&
    /^(?:\d[\d.,]*%?|half|one|two|three|four|five|six|seven|eight|nine|ten|dozen)$/.test(units[k + 1]?.lower ?? '')
  );
}

/** The object of a cue that takes no that-clause: "announced his resignation", "called for a ban". */
export function objectContent(units: Unit[], k: number, verb: VerbCue): Content | null {
  if (verb.frame) return null;
  if (isW(units[k], 'for', 'on', 'to', 'out') && (verb.lemma === 'call' || verb.lemma === 'refer' || verb.lemma === 'point')) k++;
  else if (isW(units[k], 'against') && isW(units[k + 1])) k++;
  const u = units[k];
  if (!u || u.kind === 'p') return null;
  if (
    u.kind === 'w' &&
    /^(of|about|on|for|with|by|as|so|up|out|off|into|over|at|in|to|from|be|been|being|is|was|are|were|and|or|but|because|after|before|since|during|while)$/.test(
      u.lower,
    )
  )
    return null;
  const end = objectEnd(units, k, clauseEnd(units, k));
  if (end < k) return null;
  return { first: k, last: end };
}

/**
 * An object ends before a clause joined on with ", but", ", which", ", while", ", though", a semicolon or a dash:
 * "criticized the plan, which passed anyway" — the criticism is of the plan (on PolNeAR train these cuts matched the
 * annotation three times as often as they broke it).
 */
function objectEnd(units: Unit[], k: number, end: number): number {
  for (let i = k + 1; i < end; i++) {
    const u = units[i]!;
    if (isP(u, ';—–') || (isP(u, '-') && units[i - 1]!.end < u.start && units[i + 1]!.start > u.end)) return i - 1;
    if (isP(u, ',') && isW(units[i + 1], 'but', 'which', 'while', 'though', 'although')) return i - 1;
  }
  return end;
}

/** Only time and place phrases remain: "..., the University of Michigan reported last week." */
export function adjunctTail(units: Unit[], k: number): boolean {
  const u = units[k];
  if (!u || !isW(u) || !(DAY.test(u.lower) || ADJUNCT_STARTS.has(u.lower))) return false;
  let n = 0;
  for (let i = k; i < units.length; i++) {
    const x = units[i]!;
    if (isP(x, '.!?')) return endsAt(units, i);
    if (x.kind !== 'w' || L.verbs.has(x.lower) || CLAUSE_BOUNDARY.has(x.lower) || ++n > 10) return false;
  }
  return true;
}

/** Last unit of a clause that starts at k: the sentence end, or before ", according to" / ", adding ...". */
export function clauseEnd(units: Unit[], k: number): number {
  // The clause ends at unit i - back when a unit i closes it (found), else at the sentence's last unit. The end is
  // computed in one place after the loop: an `e = i - 1` in each branch ran for the first time long after the function
  // was optimised, and deoptimised it.
  let i = k + 1,
    back = 1,
    found = false;
  for (; i < units.length - 1; i++) {
    // "... and Jones said that ...": another attribution joined on.
    if (isW(units[i], 'and', 'but') && attributionAt(units, i + 1, true)) {
      found = true;
      break;
    }
    // `..., "we go," Smith said, ...`: a quotation with its own speaker after it closes the clause.
    if (units[i]!.kind === 'q' && tailAttribution(units, i, true)) {
      back = 0;
      found = true;
      break;
    }
    if (!isP(units[i], ',;')) continue;
    const n = units[i + 1]!;
    if (isW(n, 'according') || (n.kind === 'w' && L.verbs.get(n.lower)?.ing)) {
      found = true;
      break;
    }
    if (tailAttribution(units, i)) {
      found = true;
      break;
    }
    // "..., he said." closing the sentence belongs to another attribution.
    let v = -1;
    for (let j = i + 2; j <= i + 5 && j < units.length; j++) {
      const verb = units[j]!.kind === 'w' ? L.verbs.get(units[j]!.lower) : undefined;
      if (verb && !verb.needsThat) {
        v = j;
        break;
      }
    }
    if (v > 0 && endsAt(units, v + 1)) {
      const np = leftPhrase(units, v - 1);
      if (np && np.first === i + 1) {
        found = true;
        break;
      }
    }
    // "..., Smith said that ..." opening another attribution in the same sentence: the clause ends before it.
    if (attributionAt(units, i + 1)) {
      found = true;
      break;
    }
  }
  const cut = i - back;
  let e = found ? cut : units.length - 1;
  // (The step runs at least once, for the same reason: e + 1 is the first unit it looks at.)
  e++;
  do e--;
  while (e >= k && isP(units[e], TERMINAL));
  return e;
}

/** A named or pronoun speaker starting at unit f, then a speech cue and its content: `Smith said (that) ...`; marked: only with "that", a colon or a quote. */
function attributionAt(units: Unit[], f: number, marked = false): boolean {
  for (let v = f + 1; v <= f + 4 && v < units.length - 1; v++) {
    const w = units[v]!;
    if (w.kind !== 'w') return false;
    const verb = L.verbs.get(w.lower);
    if (!verb || w.cap || verb.ing || (verb.class !== 'speech' && verb.class !== 'writing')) continue;
    const n = units[v + 1]!;
    if (!(isW(n, 'that') || isP(n, ':') || n.kind === 'q' || (!marked && isW(n) && !ADJUNCT_STARTS.has(n.lower) && !DAY.test(n.lower))))
      return false;
    const np = leftPhrase(units, v - 1);
    return !!np && np.first === f && np.last === v - 1 && !!(np.name.length || (np.pronoun && /^(he|she|they|we|i)$/.test(np.pronoun)));
  }
  return false;
}

/** Content before the speaker: a quote, or a clause from the sentence start up to the comma. */
export function contentLeft(ctx: SieveContext, here: SentenceScope, b: number, minWords = 3): Content | null {
  const units = here.units;
  const u = units[b];
  if (!u) return null;
  if (u.kind === 'q' && realQuote(ctx, units, b)) return { first: b, last: b };
  const first = leftStart(ctx, here, b);
  if (first < 0) return null;
  if (u.kind === 'q') {
    // `Trump's misinformation may be "strategic," said ...`: the clause that ends in a short quotation.
    return units.slice(first, b).filter((x) => x.kind === 'w').length >= 2 ? { first, last: b } : null;
  }
  if (!isP(u, ',-—–')) return null;
  if (b - 1 < first) return null;
  if (units[b - 1]!.kind === 'q' && first === b - 1) return { first, last: b - 1 };
  const words = units.slice(first, b).filter((x) => x.kind === 'w').length;
  if (words < minWords) return null;
  return { first, last: b - 1 };
}

/**
 * Where content ending at unit b may start: the sentence start, or after the last trailing attribution before b.
 * -1 when an attribution before b took a quotation: what follows it is that speaker's aside
 * (`"...," said X, co-director of Y, a liberal think tank`), not another statement's content.
 */
export function leftStart(ctx: SieveContext, here: SentenceScope, b: number): number {
  const units = here.units;
  let first = firstContent(units);
  const at = units[b]?.start ?? Infinity;
  let floor = -1;
  for (const e of here.tailEnds) if (e <= at && e > floor) floor = e;
  if (floor < 0) return first;
  for (; first < b && (units[first]!.start < floor || units[first]!.kind === 'p'); first++) {
    const u = units[first]!;
    if (u.kind === 'q' && u.start < floor && ctx.usedQuotes.has(u.quote)) return -1;
  }
  return first;
}

/** A trailing attribution ends at unit i, with the adjuncts that close its clause: `, Smith said in a statement,`. */
export function markTail(here: SentenceScope, i: number): void {
  const units = here.units;
  let j = i;
  while (isW(units[j + 1]) && !isW(units[j + 1], 'and', 'but') && j - i < 12) j++;
  here.tailEnds.push(units[j + 1] === undefined || isP(units[j + 1], TERMINAL) ? units[j]!.end : units[i]!.end);
}

/** `, Smith said,` / `, said Smith.`: an attribution that closes the clause before it (units[i] is its comma, or a quotation). */
export function tailAttribution(units: Unit[], i: number, afterQuote = false): boolean {
  if (!(afterQuote || isP(units[i], ',-—'))) return false;
  const closes = (j: number) => isP(units[j], ',') || endsAt(units, j);
  const first = units[i + 1];
  if (!isW(first)) return false;
  const inv = L.verbs.get(first!.lower);
  if (inv && inv.invert && !first!.cap) {
    const r = rightPhrase(units, i + 2);
    return !!r && closes(r.last + 1);
  }
  for (let v = i + 2; v <= i + 6 && v < units.length; v++) {
    const w = units[v]!;
    if (w.kind !== 'w') return false;
    const verb = L.verbs.get(w.lower);
    if (!verb || verb.needsThat || verb.ing || w.cap) continue;
    if (!closes(v + 1)) return false;
    const np = leftPhrase(units, v - 1);
    return !!np && np.first === i + 1;
  }
  return false;
}

/** A quotation that can be a statement on its own: it opens the sentence, or it is more than a title or a phrase. */
export function realQuote(ctx: SieveContext, units: Unit[], i: number): boolean {
  const q = ctx.doc.quotes[units[i]!.quote]!;
  return i === firstContent(units) || wordCount(ctx.doc.norm.slice(q.innerStart, q.innerEnd), 4) >= 4;
}
