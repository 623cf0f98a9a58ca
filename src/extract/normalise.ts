// Same-length normalisation: every quotation-mark style becomes `"`, typographic apostrophes `'`, odd spaces ' '.
// Because the normalised string has the original's length, every offset found in it is an offset in the original.

export type QuoteDirection = 'open' | 'close' | 'either';

export interface QuoteMark {
  pos: number;
  /** 2 for the wire style `''`, else 1. */
  len: number;
  dir: QuoteDirection;
}

export interface Normalised {
  norm: string;
  marks: QuoteMark[];
}

const OPENERS = new Set(['“', '«', '„', '‟']);
const CLOSERS = new Set(['”', '»']);

function isBoundaryBefore(ch: string | undefined): boolean {
  return ch === undefined || /[\s([{\u2014\u2013\-/]/.test(ch);
}

function isBoundaryAfter(ch: string | undefined): boolean {
  return ch === undefined || /[\s.,;:!?)\]}\u2014\u2013\-/]/.test(ch);
}

function guess(text: string, pos: number, len: number): QuoteDirection {
  const before = isBoundaryBefore(text[pos - 1]);
  const after = isBoundaryAfter(text[pos + len]);
  if (before && !after) return 'open';
  if (after && !before) return 'close';
  return 'either';
}

const MARKS = /'''(?=[\s.,;:!?)\]}\u2014\u2013\-/]|$)|''|[“”«»„‟″"]/g;

export function normalise(text: string): Normalised {
  const marks: QuoteMark[] = [];
  let lowOpen = false;
  let wire = false;
  let lastLine = -1;
  // The line of each mark, found by one forward scan (lastIndexOf per mark is quadratic on a long paragraph).
  let line = -1;
  let nextNewline = text.indexOf('\n');
  // One push for every kind of mark, and no step taken only by a rare kind (the wire style's `''`): a step first met
  // long after the function was optimised deoptimised it.
  for (const m of text.matchAll(MARKS)) {
    const ch = m[0];
    const len = ch.length >= 2 ? 2 : 1;
    const pos = m.index + (ch.length === 3 ? 1 : 0);
    wire ||= len === 2;
    // null: guessed from the characters around the mark.
    let dir: QuoteDirection | null = null;
    if (len === 1) {
      while (nextNewline !== -1 && nextNewline < pos) {
        line = nextNewline;
        nextNewline = text.indexOf('\n', nextNewline + 1);
      }
      if (line !== lastLine) {
        lowOpen = false;
        lastLine = line;
      }
      if (OPENERS.has(ch)) {
        if (ch === '“' && lowOpen) {
          dir = 'close';
          lowOpen = false;
        } else {
          dir = 'open';
          if (ch === '„') lowOpen = true;
        }
      } else if (CLOSERS.has(ch)) {
        dir = 'close';
        lowOpen = false;
      }
    }
    marks.push({ pos, len, dir: dir ?? guess(text, pos, len) });
  }
  let norm = text
    .replace(/[“”«»„‟″]/g, '"')
    .replace(/[’‘`´]/g, "'")
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t\r]/g, ' ');
  if (wire) norm = foldWireQuotes(norm, marks);
  return { norm, marks };
}

/** Each wire-style `''` becomes `" ` (pieces between the marks joined; was a split into characters and a join). */
function foldWireQuotes(norm: string, marks: readonly QuoteMark[]): string {
  const pieces: string[] = [];
  let from = 0;
  for (const m of marks)
    if (m.len === 2) {
      pieces.push(norm.slice(from, m.pos), '" ');
      from = m.pos + 2;
    }
  pieces.push(norm.slice(from));
  return pieces.join('');
}
