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
const AMBIGUOUS = new Set(['"', '″']);
const SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000\t]/;

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

export function normalise(text: string): Normalised {
  const out: string[] = new Array(text.length);
  const marks: QuoteMark[] = [];
  let lowOpen = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" && text[i + 1] === "'") {
      // Three apostrophes: a closing single quote nested before a closing wire quote (`mess'''`), or the reverse when opening.
      let pos = i;
      if (text[i + 2] === "'" && isBoundaryAfter(text[i + 3])) {
        out[i] = "'";
        pos = i + 1;
      }
      out[pos] = '"';
      out[pos + 1] = ' ';
      marks.push({ pos, len: 2, dir: guess(text, pos, 2) });
      i = pos + 1;
      continue;
    }
    if (OPENERS.has(ch)) {
      out[i] = '"';
      if (ch === '“' && lowOpen) {
        marks.push({ pos: i, len: 1, dir: 'close' });
        lowOpen = false;
      } else {
        marks.push({ pos: i, len: 1, dir: 'open' });
        if (ch === '„') lowOpen = true;
      }
    } else if (CLOSERS.has(ch)) {
      out[i] = '"';
      marks.push({ pos: i, len: 1, dir: 'close' });
      lowOpen = false;
    } else if (AMBIGUOUS.has(ch)) {
      out[i] = '"';
      marks.push({ pos: i, len: 1, dir: guess(text, i, 1) });
    } else if (ch === '’' || ch === '‘' || ch === '`' || ch === '´') {
      out[i] = "'";
    } else if (SPACES.test(ch)) {
      out[i] = ' ';
    } else if (ch === '\r') {
      out[i] = ' ';
    } else {
      out[i] = ch;
    }
    if (ch === '\n') lowOpen = false;
  }
  return { norm: out.join(''), marks };
}
