// The extractor's working form of a statement, before it becomes the contract's ExtractedStatement.
import type { Span, StatementKind, SpeakerType } from '../model.ts';

export interface DraftSpeaker {
  name: string | null;
  role: string | null;
  type: SpeakerType;
  /** The mention next to the cue; kept even when the name could not be resolved (PolNeAR credits it). */
  mention: Span | null;
  personId: number | null;
  /** When the mention could name several people (`"...," he said` after two men): their names; the name is then null. */
  candidates?: string[];
  /** An unnamed source ("a senior NATO official", "diplomats"): a description, not a person's name. */
  unnamed?: true;
}

export interface Draft {
  parts: Span[];
  kind: StatementKind;
  cue: Span | null;
  speaker: DraftSpeaker | null;
  rule: string;
  confidence: number;
  paragraph: number;
  sentence: number;
  context: string | null;
  venue: string | null;
  /** Quoted regions used as content. */
  quotes: number[];
}

export const spanOf = (d: Draft): Span => ({ start: d.parts[0]!.start, end: d.parts[d.parts.length - 1]!.end });
