// A sentence as a sequence of units: words and punctuation outside quotes, and each quoted region as one unit.
// Cues and speakers are only ever looked for among the words outside quotes.
import { newToken, type Doc, type Sentence } from './document.ts';

export interface Unit {
  kind: 'w' | 'p' | 'q';
  start: number;
  end: number;
  text: string;
  lower: string;
  cap: boolean;
  /** Quoted region index for 'q' units. */
  quote: number;
}

export function sentenceUnits(doc: Doc, s: Sentence): Unit[] {
  const units: Unit[] = [];
  for (let t = s.tokenStart; t < s.tokenEnd; t++) {
    const tk = doc.tokens[t]!;
    if (tk.quote >= 0) {
      const last = units[units.length - 1];
      if (last && last.kind === 'q' && last.quote === tk.quote) continue;
      const q = doc.quotes[tk.quote]!;
      const start = Math.max(q.start, s.start),
        end = Math.min(q.end, s.end);
      units.push(newToken(start, end, doc.norm.slice(start, end), '', tk.quote, false, false, false, s.paragraph, s.index, 'q'));
      continue;
    }
    // A token outside quotes is its own unit (its kind 'w' or 'p', its quote -1): no copy of every token.
    units.push(tk);
  }
  return units;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;

/** Width (1 or 2 code units) of the letter or digit at i, or 0. */
function letterOrDigit(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  LETTER_OR_DIGIT.lastIndex = i;
  return LETTER_OR_DIGIT.test(text) ? LETTER_OR_DIGIT.lastIndex - i : 0;
}

/**
 * How many words: the matches of `[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*` (global, Unicode), counted in one scan without
 * building them (a match always runs as far as it can, and the search for the next one goes on by whole code points).
 * With `atMost`, the count stops there (callers that compare with a threshold need not read a long text to its end).
 */
export function wordCount(text: string, atMost = Infinity): number {
  let n = 0;
  for (let i = 0; i < text.length;) {
    let w = letterOrDigit(text, i);
    if (!w) {
      i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      continue;
    }
    if (++n >= atMost) return n;
    for (;;) {
      while (w) {
        i += w;
        w = letterOrDigit(text, i);
      }
      // An apostrophe or hyphen joins the next run of letters and digits, if there is one.
      const c = i < text.length ? text.charCodeAt(i) : -1;
      if (c !== 39 && c !== 45) break;
      w = letterOrDigit(text, i + 1);
      if (!w) break;
      i++;
    }
  }
  return n;
}
