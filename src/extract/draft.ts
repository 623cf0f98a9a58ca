// The extractor's working form of a statement, before it becomes the contract's ExtractedStatement.
import type { Span, StatementKind, SpeakerType } from '../model.ts';

export interface DraftSpeaker {
  name: string | null;
  role: string | null;
  type: SpeakerType;
  /** The mention next to the cue; kept even when the name could not be resolved (PolNeAR credits it). */
  mention: Span | null;
  personId: number | null;
  /** Why the name is null although the text points at someone ("two candidates: Jaan Oruvee, Ott Lindmets"). */
  unresolved?: string;
  /** An unnamed source ("a senior NATO official", "diplomats"): a description, not a person's name. */
  unnamed?: true;
}

export interface Draft {
  parts: Span[];
  kind: StatementKind;
  cue: Span | null;
  /**
   * The rules' reporting verb when `cue` took the tagger's wider bounds: PolNeAR's cues take in adverbs and phrases
   * ("also emphasized", "said in a statement"), while replies show the verb ("Emphasized: …").
   */
  verb?: Span;
  speaker: DraftSpeaker | null;
  rule: string;
  confidence: number;
  paragraph: number;
  sentence: number;
  context: string | null;
  venue: string | null;
  /** Quoted regions used as content. */
  quotes: number[];
  /** Inside an interview answer, the source the speaker attributes something to ("Washington has been clear that ..."). */
  innerSource?: DraftSpeaker;
}

export const spanOf = (d: Draft): Span => ({ start: d.parts[0]!.start, end: d.parts[d.parts.length - 1]!.end });

/**
 * A speaker with every field present, in one order: V8 then gives all speakers one hidden class, so the code reading
 * them stays monomorphic (optional fields added only sometimes made several shapes and deoptimised their readers).
 */
export const newSpeaker = (s: DraftSpeaker): DraftSpeaker => ({
  name: s.name,
  role: s.role,
  type: s.type,
  mention: s.mention,
  personId: s.personId,
  unresolved: s.unresolved,
  unnamed: s.unnamed,
});

/** A copy of a span as a literal {start, end}: a copy by spreading ({ ...p }) gets a hidden class of its own. */
export const copySpan = (s: Span): Span => ({ start: s.start, end: s.end });

/** A draft with every field present, in one order (see newSpeaker); copies go through it too (a spread copy gets a hidden class of its own). */
export const newDraft = (d: Draft): Draft => ({
  parts: d.parts,
  kind: d.kind,
  cue: d.cue,
  verb: d.verb,
  speaker: d.speaker,
  rule: d.rule,
  confidence: d.confidence,
  paragraph: d.paragraph,
  sentence: d.sentence,
  context: d.context,
  venue: d.venue,
  quotes: d.quotes,
  innerSource: d.innerSource,
});
