// PolNeAR's bounds for a cue: the auxiliaries and adverbs right before the verb ("has also endorsed", "did not say",
// "later asked") and a colon right after it ("continued:"). The drafts keep the bare reporting verb as `verb`, which is
// what replies show ("Endorsed: ..."), and take the wider span as `cue`.
import type { Draft } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';

/** Adverbs in -ly that are not adverbs of a verb phrase, or are nouns. */
const NOT_ADVERBS = new Set(['only', 'early', 'likely', 'family', 'july', 'italy', 'daily', 'weekly', 'monthly', 'ally', 'rally', 'reply']);
const BEFORE = /(?:^|[\s(])([a-z]+(?:n['’]t)?|n['’]t)(\s+)$/;

const filler = (w: string): boolean =>
  w === 'not' || L.between.has(w) || /^[a-z]+n['’]t$/.test(w) || (/^[a-z]+ly$/.test(w) && !NOT_ADVERBS.has(w));

/** Widens each draft's cue in place over the fillers before it and a colon after it. */
export function widenCues(text: string, drafts: Draft[]): void {
  for (const d of drafts) {
    const cue = d.cue;
    if (!cue || !/^[a-z]/.test(text.slice(cue.start, cue.end))) continue;
    let start = cue.start;
    for (let guard = 0; guard < 4; guard++) {
      const m = BEFORE.exec(text.slice(Math.max(0, start - 24), start));
      if (!m || !filler(m[1]!.replace('’', "'"))) break;
      start -= m[1]!.length + m[2]!.length;
    }
    const end = text[cue.end] === ':' ? cue.end + 1 : cue.end;
    if (start === cue.start && end === cue.end) continue;
    d.verb ??= { start: cue.start, end: cue.end };
    d.cue = { start, end };
  }
}
