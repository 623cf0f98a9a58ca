// The sieve cascade: article document -> drafts (statements with their rule and confidence), precision first.
//
// Owns: the cascade's order (SENTENCE_SIEVES, PARAGRAPH_SIEVES), the context every sieve reads (context.ts), and the
// one step that takes drafts back (arbitration.ts). Each sieve is a named function over the context that only adds
// drafts; a reading that outranks earlier weak ones says so (an Outranking) and arbitration applies it at the end of the
// paragraph. Shared readers: words.ts (unit tests, word lists), clauses.ts (where content lies), subjects.ts and
// speakers.ts (speaker phrases and their resolution), drafts.ts (making and extending drafts).
// May import: the rest of extract/ (document, units, lexicon, noun phrases, speaker table, cue model, venue, verbs) and
// model.ts. extract/ imports nothing above model/text: no I/O at call time, no store, no Discord.
import type { Doc } from '../document.ts';
import type { Draft } from '../draft.ts';
import { actorClause } from './actor-clause.ts';
import { arbitrate, dropNested } from './arbitration.ts';
import {
  createContext,
  isLabel,
  isTimestamp,
  sentenceScope,
  type ParagraphSieve,
  type SentenceSieve,
  type SieveContext,
  type SieveOptions,
} from './context.ts';
import { widenCues } from './cue-bounds.ts';
import { weakenIt, widenSources } from './source-bounds.ts';
import { cueWords } from './cue-words.ts';
import { frameContinuation } from './frame-continuation.ts';
import { pollFrame } from './evidence.ts';
import { headlineColon, headlineVerb } from './headline.ts';
import { interviewAnswer, noteQuestion, planInterview } from './interview.ts';
import { learnedCues } from './learned-cues.ts';
import { askedQuestion, impersonalReport, seemingClause } from './sourceless.ts';
import { registerNames } from './speakers.ts';
import { statedBy } from './stated-by.ts';
import { lonelyQuote, subjectColonQuote } from './uncued-quotes.ts';

export type { CueCandidate, SieveOptions } from './context.ts';

/** Run in this order on every sentence of a paragraph that is not a label; statedBy settles its sentence alone. */
export const SENTENCE_SIEVES: readonly SentenceSieve[] = [
  statedBy, // "This was stated by X": the previous sentence is X's
  askedQuestion, // "Asked whether ..., X said": the question, without a source
  impersonalReport, // "It has been reported that ...": without a source
  seemingClause, // "The crowd seemed eager to leave": an impression, without a source
  cueWords, // "according to X", lexicon verbs with their speaker and content
  pollFrame, // "In a poll released Monday, 50 percent chose X", "X leads in the latest poll"
  subjectColonQuote, // `X delivered a retort: "..."`, when no cue word made a draft
  headlineColon, // a headline line "Warren: The Plan Is a Failure"
  headlineVerb, // a title-case headline "Warren Says The Plan Is a Failure"
  lonelyQuote, // a quote-only sentence: the paragraph's speaker, or unattributed
  learnedCues, // verbs outside the lexicon, scored by the learned model
  actorClause, // "X is targeting Y", when nothing else read the sentence
];

/** Run after a paragraph's sentences, before arbitration. */
export const PARAGRAPH_SIEVES: readonly ParagraphSieve[] = [
  frameContinuation, // a first-person paragraph after "X commented on ..."
  interviewAnswer, // an interview answer or transcript turn: its speaker's words, outranking the paragraph's readings
];

export function runSieves(doc: Doc, options: SieveOptions = {}): Draft[] {
  const ctx = createContext(doc, options);
  registerNames(ctx);
  ctx.interview = planInterview(ctx);
  for (const p of doc.paragraphs) {
    if (isTimestamp(doc, p)) {
      // A live blog's entry: pronouns and continuations do not reach back across it.
      ctx.table.cutBefore(p.index);
      ctx.frame = null;
      continue;
    }
    noteQuestion(ctx, p);
    if (isLabel(doc, p)) {
      // A headline without closing punctuation may still be a "Name: claim" attribution.
      const here = sentenceScope(ctx, doc.sentences[p.sentenceStart]!);
      headlineColon(ctx, here);
      headlineVerb(ctx, here);
      continue;
    }
    const firstDraft = ctx.drafts.length;
    for (let si = p.sentenceStart; si < p.sentenceEnd; si++) readSentence(ctx, si);
    for (const sieve of PARAGRAPH_SIEVES) sieve(ctx, p, firstDraft);
    arbitrate(ctx);
    dropNested(ctx, firstDraft);
  }
  widenCues(doc.text, ctx.drafts);
  widenSources(doc.text, ctx.drafts);
  weakenIt(doc.text, ctx.drafts);
  return ctx.drafts;
}

function readSentence(ctx: SieveContext, si: number): void {
  const here = sentenceScope(ctx, ctx.doc.sentences[si]!);
  for (const sieve of SENTENCE_SIEVES) if (sieve(ctx, here) === 'settled') return;
}
