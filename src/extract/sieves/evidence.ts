// Sieve (through cueWords): evidence verbs whose subject is a document, when the verb's own reading found no speaker.
// "A Harbour Times poll, conducted with two firms, shows Lind with 47 percent", "A poll released Wednesday found Lind
// leading", "..., election records show." PolNeAR draws the whole document phrase as the source and what it shows as
// the content. Weak (0.4, under the product's floor): a poll or a record shows something, nobody says it.
import type { Draft } from '../draft.ts';
import { LEXICON as L, type VerbCue } from '../lexicon.ts';
import type { NounPhrase } from '../noun-phrase.ts';
import { clauseEnd, contentLeft } from './clauses.ts';
import type { SentenceScope, SieveContext } from './context.ts';
import { contentDraft } from './drafts.ts';
import { speakerOf } from './speakers.ts';
import { CLAUSE_BOUNDARY, endsAt, firstContent, isP, isW } from './words.ts';

const CONFIDENCE = 0.4;
/** Finite verbs and auxiliaries: a subject phrase holds none of them. */
const FINITE = /^(is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|should|must|do|does|did|says|said)$/;

export function evidenceReading(ctx: SieveContext, here: SentenceScope, c: number, verb: VerbCue): Draft | null {
  if (verb.class !== 'evidence' || !/^(show|shows|showed|found|finds)$/.test(here.units[c]!.lower)) return null;
  const { s, units } = here;
  const np = documentSubject(ctx, units, c);
  if (!np) return null;
  const cue = { start: units[c]!.start, end: units[c]!.end };
  const speaker = speakerOf(ctx, np, units, s);
  // "..., election records show.": the clause before the subject is what they show.
  if (endsAt(units, c + 1)) {
    if (!isP(units[np.first - 1], ',')) return null;
    const left = contentLeft(ctx, here, np.first - 1);
    return left ? contentDraft(ctx, s, units, left, cue, speaker, 'evidence-tail', CONFIDENCE) : null;
  }
  const k = c + 1;
  // "shows that ...", "found Lind leading ...", "show he backed ..."
  if (!isW(units[k]) || isW(units[k], 'up', 'off', 'how', 'to')) return null;
  const last = objectEnd(units, k, clauseEnd(units, k));
  if (last < k + 1) return null;
  return contentDraft(ctx, s, units, { first: k, last }, cue, speaker, 'evidence-subject', CONFIDENCE);
}

/**
 * The document phrase that opens the clause of the cue at c: a head noun from the documents list among its first
 * words, modifiers before it, and after it only descriptions ("by the Center for X", "released Sunday", ", conducted
 * with Y,") — no finite verb, no quotation, no clause boundary.
 */
function documentSubject(ctx: SieveContext, units: SentenceScope['units'], c: number): NounPhrase | null {
  const f = firstContent(units);
  let i = c - 1;
  while (i > f && c - i < 30) {
    const u = units[i - 1]!;
    if (u.kind === 'q' || isP(u, ';:—–')) break;
    if (isP(u, ',') && i - 1 > f && !isW(units[i], 'conducted', 'released', 'published', 'taken', 'compiled', 'obtained', 'commissioned')) {
      // A comma opens the subject unless a participle after it describes the document: ", conducted jointly with ...,".
      break;
    }
    if (u.kind === 'w' && (CLAUSE_BOUNDARY.has(u.lower) || FINITE.test(u.lower) || L.pronouns.has(u.lower))) break;
    i--;
  }
  while (i < c && units[i]!.kind === 'p') i++;
  if (i >= c || (i > f && !isP(units[i - 1], ',') && !isW(units[i - 1], 'and', 'but', 'while', 'although', 'though', 'because')))
    return null;
  // "as Tuesday's results show, ...": a comparison, not a statement.
  if (isW(units[i - 1], 'as')) return null;
  let head = -1;
  for (let j = i; j < c && j - i < 7; j++) {
    const w = units[j]!;
    if (w.kind !== 'w') continue;
    if (L.documents.has(w.lower)) {
      head = j;
      break;
    }
    if (L.verbs.has(w.lower) || L.irregularVerbs.has(w.lower)) return null;
  }
  if (head < 0) return null;
  for (let j = head + 1; j < c; j++) {
    const w = units[j]!;
    if (w.kind === 'q' || (w.kind === 'w' && (L.verbs.has(w.lower) || w.lower === 'who' || w.lower === 'that'))) return null;
  }
  let last = c - 1;
  while (last > head && units[last]!.kind === 'p' && !isP(units[last], ')')) last--;
  const text = ctx.doc.text.slice(units[i]!.start, units[last]!.end);
  return {
    first: i,
    last,
    start: units[i]!.start,
    end: units[last]!.end,
    text,
    pronoun: null,
    name: [],
    role: text,
    type: 'unknown',
  };
}

/** What a document shows ends before ", but", ", which", ", while", a semicolon or a dash. */
function objectEnd(units: SentenceScope['units'], k: number, end: number): number {
  for (let i = k + 1; i < end; i++) {
    const u = units[i]!;
    if (isP(u, ';—–')) return i - 1;
    if (isP(u, ',') && isW(units[i + 1], 'but', 'while', 'though', 'although')) return i - 1;
  }
  return end;
}
