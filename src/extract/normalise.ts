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
  for (const m of text.matchAll(MARKS)) {
    let pos = m.index;
    const ch = m[0];
    if (ch.length === 3) pos++;
    if (ch.length >= 2) {
      wire = true;
      marks.push({ pos, len: 2, dir: guess(text, pos, 2) });
      continue;
    }
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
        marks.push({ pos, len: 1, dir: 'close' });
        lowOpen = false;
      } else {
        marks.push({ pos, len: 1, dir: 'open' });
        if (ch === '„') lowOpen = true;
      }
    } else if (CLOSERS.has(ch)) {
      marks.push({ pos, len: 1, dir: 'close' });
      lowOpen = false;
    } else {
      marks.push({ pos, len: 1, dir: guess(text, pos, 1) });
    }
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
