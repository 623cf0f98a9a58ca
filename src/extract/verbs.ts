// Telling verbs from other words without a tagger: the cue lexicon, irregular past forms, and English endings.
import { LEXICON as L } from './lexicon.ts';
import type { Unit } from './units.ts';

const AUXILIARIES = new Set(['is', 'was', 'are', 'were', 'has', 'had', 'have']);

/** A lowercase verb form (cue, irregular past, -ed/-ing, or a form of be/have): where a subject phrase ends. */
export function isVerbLike(u: Unit | undefined): boolean {
  if (!u || u.kind !== 'w' || u.cap) return false;
  return L.verbs.has(u.lower) || L.irregularVerbs.has(u.lower) || AUXILIARIES.has(u.lower) || /^[a-z]{3,}(?:ed|ing)$/.test(u.lower);
}

/** A lowercase word that can be a finite verb or participle: a candidate for the learned cue sieve. */
export function isCandidateVerb(u: Unit | undefined): boolean {
  if (!u || u.kind !== 'w' || u.cap || u.lower.length < 3) return false;
  const last = u.lower.charCodeAt(u.lower.length - 1);
  // Only -d, -g and -s endings or listed forms can qualify: a cheap test before the patterns.
  if (last !== 100 && last !== 103 && last !== 115 && !L.irregularVerbs.has(u.lower) && !L.verbs.has(u.lower)) return false;
  if (!/^[a-z]+$/.test(u.lower)) return false;
  if (L.between.has(u.lower) || L.determiners.has(u.lower) || L.nameConnectors.has(u.lower) || L.pronouns.has(u.lower)) return false;
  return (
    L.irregularVerbs.has(u.lower) ||
    /(?:ed|ing)$/.test(u.lower) ||
    (/[^su]s$/.test(u.lower) && !/(?:ss|ous|ics|ness)$/.test(u.lower)) ||
    L.verbs.has(u.lower)
  );
}
