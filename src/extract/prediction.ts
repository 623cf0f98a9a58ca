// Statements in the PolNeAR prediction format (../shared/eval/polnear/README.md), with extra fields for people.
import type { Draft } from './draft.ts';
import { toStatement } from './index.ts';

export interface PredictionFile {
  /** Offsets are relative to this part of the input file ("body" for front-matter .md, "file" for .txt). */
  offsets: 'file' | 'body';
  bodyOffset: number;
  statements: unknown[];
}

export function toPrediction(body: string, drafts: Draft[], offsets: 'file' | 'body', bodyOffset: number): PredictionFile {
  return {
    offsets,
    bodyOffset,
    statements: drafts.map((d) => {
      const st = toStatement(body, d);
      return {
        quote: { start: st.span.start, end: st.span.end, ...(st.parts ? { parts: st.parts } : {}) },
        speaker: d.speaker
          ? {
              name: d.speaker.name,
              mention: d.speaker.mention,
              role: d.speaker.role,
              type: d.speaker.type,
              ...(d.speaker.unnamed ? { unnamed: true } : {}),
            }
          : null,
        ...(st.unattributed ? { unattributed: st.unattributed } : {}),
        ...(st.innerSource ? { innerSource: { name: st.innerSource.name, mention: st.innerSource.mention } } : {}),
        cue: d.cue,
        kind: d.kind,
        text: st.text,
        context: st.context,
        venue: st.venue,
        rule: d.rule,
        confidence: d.confidence,
      };
    }),
  };
}
