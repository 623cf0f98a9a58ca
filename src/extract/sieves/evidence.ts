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

const POLLS = /^(poll|polls|survey|surveys)$/;
/** Words a poll's description may hold after its head: "released Monday", "conducted by X and Y", "taken July 11-14". */
const POLL_NEXT = /^(by|of|from|for|in|among|on|with|last|this|earlier|late|early|and)$/;
const POLL_PARTICIPLES = /^(released|conducted|taken|published|commissioned|sponsored|completed)$/;

/**
 * Sieve: a sentence opened by a poll, when no cue word read it: "In a Harbour Times poll released Monday, 50 percent
 * chose Lind." PolNeAR draws the poll as the source, "In" as the cue and the clause as the content. Weak (0.4, under the
 * product's floor): a poll says nothing. (The same poll closing a sentence, "Lind leads in the latest poll", was tried:
 * on PolNeAR train a third of those readings matched nothing, so it is left out.)
 */
export function pollFrame(ctx: SieveContext, here: SentenceScope): void {
  const { s, units } = here;
  if (here.made.length) return;
  const f = firstContent(units);
  if (!isW(units[f], 'in') || !units[f]!.cap) return;
  let comma = f + 1;
  // "In the latest poll, conducted in May, ...": the description belongs to the poll.
  while (comma < units.length && comma - f < 18 && !(isP(units[comma], ',') && !POLL_PARTICIPLES.test(units[comma + 1]?.lower ?? '')))
    comma++;
  if (comma >= units.length - 1 || comma - f >= 18 || !pollPhrase(units, f + 1, comma - 1)) return;
  let np = comma - 1;
  while (np > f + 1 && isP(units[np], ',')) np--;
  const speaker = speakerOf(ctx, docPhrase(ctx, units, f + 1, np), units, s);
  const content = { first: comma + 1, last: clauseEnd(units, comma + 1) };
  contentDraft(ctx, s, units, content, span(units, f), speaker, 'poll-frame', CONFIDENCE, 3);
}

const span = (units: SentenceScope['units'], i: number) => ({ start: units[i]!.start, end: units[i]!.end });

/** Units [a, b] are a poll's noun phrase: a poll head among them, no finite verb, no quotation. */
function pollPhrase(units: SentenceScope['units'], a: number, b: number): boolean {
  if (b < a || b - a > 16) return false;
  let head = false;
  for (let j = a; j <= b; j++) {
    const w = units[j]!;
    if (w.kind === 'q') return false;
    if (w.kind !== 'w') continue;
    if (POLLS.test(w.lower)) {
      // The head of its phrase: "a poll released Monday", "the poll of 900 voters", not "the poll station".
      const next = units[j + 1];
      if (j < b && isW(next) && !next!.cap && !POLL_PARTICIPLES.test(next!.lower) && !POLL_NEXT.test(next!.lower)) return false;
      head = true;
    } else if (!w.cap && (FINITE.test(w.lower) || L.verbs.has(w.lower) || L.irregularVerbs.has(w.lower) || CLAUSE_BOUNDARY.has(w.lower)))
      return false;
    else if (!w.cap && /ed$/.test(w.lower) && !POLL_PARTICIPLES.test(w.lower)) return false;
  }
  return head;
}

function docPhrase(ctx: SieveContext, units: SentenceScope['units'], a: number, b: number): NounPhrase {
  const text = ctx.doc.text.slice(units[a]!.start, units[b]!.end);
  return { first: a, last: b, start: units[a]!.start, end: units[b]!.end, text, pronoun: null, name: [], role: text, type: 'unknown' };
}
