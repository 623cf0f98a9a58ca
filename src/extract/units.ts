// A sentence as a sequence of units: words and punctuation outside quotes, and each quoted region as one unit.
// Cues and speakers are only ever looked for among the words outside quotes.
import type { Doc, Sentence } from './document.ts';

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
      units.push({ kind: 'q', start, end, text: doc.norm.slice(start, end), lower: '', cap: false, quote: tk.quote });
      continue;
    }
    units.push({ kind: tk.word ? 'w' : 'p', start: tk.start, end: tk.end, text: tk.text, lower: tk.lower, cap: tk.cap, quote: -1 });
  }
  return units;
}

export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? []).length;
}
