// The analysed article: normalised text, paragraphs, quoted regions, tokens and sentences, all in original offsets.
import type { Span } from '../model.ts';
import { LEXICON } from './lexicon.ts';
import { normalise } from './normalise.ts';
import { pairQuotes, type QuoteRegion } from './quotes.ts';

export interface Token extends Span {
  /** Normalised token text. */
  text: string;
  lower: string;
  /** Index of the quoted region that contains the token, or -1. */
  quote: number;
  /** A quotation mark. */
  mark: boolean;
  word: boolean;
  cap: boolean;
  paragraph: number;
  sentence: number;
  /**
   * As a sentence unit (units.ts): 'w' a word, 'p' punctuation. A token outside quotes is its own unit, and a quoted
   * region's unit ('q') is made by newToken too, so that every unit has one hidden class.
   */
  kind: 'w' | 'p' | 'q';
}

/** A token (or a quoted region's unit) with every field, in one order (one hidden class for all of them). */
export function newToken(
  start: number,
  end: number,
  text: string,
  lower: string,
  quote: number,
  mark: boolean,
  word: boolean,
  cap: boolean,
  paragraph: number,
  sentence: number,
  kind: Token['kind'],
): Token {
  return { start, end, text, lower, quote, mark, word, cap, paragraph, sentence, kind };
}

export interface Sentence extends Span {
  paragraph: number;
  index: number;
  /** Token index range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
}

export interface Paragraph extends Span {
  index: number;
  sentenceStart: number;
  sentenceEnd: number;
}

export interface Doc {
  text: string;
  norm: string;
  paragraphs: Paragraph[];
  quotes: QuoteRegion[];
  tokens: Token[];
  sentences: Sentence[];
  /** For each character: index of its quoted region, or -1. */
  quoteAt: Int32Array;
}

const UPPER = /\p{Lu}/u;
const WORD = /[\p{L}\p{N}]/u;
export const TOKEN = /(?:[A-Za-z]\.){2,}|[\p{L}\p{N}]+(?:['\-.&][\p{L}\p{N}]+)*|"|\S/gu;
// The same for text whose letters are all ASCII (most news copy once quotes are folded); several times faster, and
// faster still scanned by hand (asciiTokenEnd, which matches as this pattern does; tokenEnd scans TOKEN so).
export const TOKEN_ASCII = /(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:['\-.&][A-Za-z0-9]+)*|"|\S/g;
const NON_ASCII_LETTER = /[^\x00-\x7F\u2010-\u206F\u00A0-\u00BF\u00D7\u00F7]/;
const LETTER_FIRST = /^\p{L}/u;
const ONE_CAPITAL = /^\p{Lu}$/u;

export function analyse(text: string): Doc {
  const { norm, marks } = normalise(text);
  const paragraphs: Paragraph[] = [];
  // Lines (runs without "\n"), trimmed of white space, found by indexOf (no match objects or line strings).
  for (let from = 0; from < norm.length;) {
    let nl = norm.indexOf('\n', from);
    if (nl < 0) nl = norm.length;
    // Written so that the step runs at least once on every line: a loop step that runs only on the odd line with outer
    // white space, long after the function was optimised, deoptimised it (no type feedback for the step).
    let s = from - 1,
      e = nl + 1;
    from = nl + 1;
    do s++;
    while (s < e - 1 && isSpace(norm.charCodeAt(s)));
    do e--;
    while (e > s && isSpace(norm.charCodeAt(e - 1)));
    if (e > s) paragraphs.push({ start: s, end: e, index: paragraphs.length, sentenceStart: 0, sentenceEnd: 0 });
  }
  const quotes = pairQuotes(norm, marks, paragraphs);
  const quoteAt = new Int32Array(norm.length).fill(-1);
  quotes.forEach((q, qi) => quoteAt.fill(qi, q.start, q.end));
  const tokens = tokenise(norm, quoteAt);
  const sentences: Sentence[] = [];
  let t = 0;
  for (const p of paragraphs) {
    p.sentenceStart = sentences.length;
    for (const [s, e] of splitSentences(norm, p, quoteAt, quotes)) {
      while (t < tokens.length && tokens[t]!.end <= s) t++;
      const tokenStart = t;
      while (t < tokens.length && tokens[t]!.start < e) {
        tokens[t]!.paragraph = p.index;
        tokens[t]!.sentence = sentences.length;
        t++;
      }
      sentences.push({ start: s, end: e, paragraph: p.index, index: sentences.length, tokenStart, tokenEnd: t });
    }
    p.sentenceEnd = sentences.length;
  }
  return { text, norm, paragraphs, quotes, tokens, sentences, quoteAt };
}

function tokenise(norm: string, quoteAt: Int32Array): Token[] {
  const tokens: Token[] = [];
  const ascii = !NON_ASCII_LETTER.test(norm);
  for (let i = 0; i < norm.length;) {
    if (isSpace(norm.charCodeAt(i))) {
      i++;
      continue;
    }
    const e = ascii ? asciiTokenEnd(norm, i) : tokenEnd(norm, i);
    addToken(tokens, norm, quoteAt, i, norm.slice(i, e));
    i = e;
  }
  return tokens;
}

function addToken(tokens: Token[], norm: string, quoteAt: Int32Array, start: number, match: string): void {
  // Tokens ending in a consumed period leave a stray "." token behind: it is not added. (The token before it is the
  // last one added: a stray "." is never followed by another stray one, as the period was taken once.)
  if (match === '.' && tokens.length > 0 && tokens[tokens.length - 1]!.end > start) return;
  let end = start + match.length;
  let text = match;
  // Keep the period of titles and initials with their word: "Sen.", "J.", so names read through them.
  if (
    end < norm.length &&
    norm.charCodeAt(end) === 46 &&
    text.length <= 6 &&
    LETTER_FIRST.test(text) &&
    (LEXICON.abbreviations.has(text.toLowerCase()) || ONE_CAPITAL.test(text))
  ) {
    end++;
    text += '.';
  }
  const c = text.charCodeAt(0);
  const upper = (c >= 65 && c <= 90) || (c > 127 && UPPER.test(text[0]!));
  const word = upper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c > 127 && WORD.test(text[0]!));
  tokens.push(newToken(start, end, text, text.toLowerCase(), quoteAt[start]!, text === '"', word, upper, 0, 0, word ? 'w' : 'p'));
}

/** Index of the first token ending after `pos` (binary search); doc.tokens.length when none does. */
export function tokenAt(doc: Doc, pos: number): number {
  const toks = doc.tokens;
  let lo = 0,
    hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Token index range [first, last] covered by [start, end), or null. */
export function tokenRange(doc: Doc, start: number, end: number): [number, number] | null {
  const toks = doc.tokens;
  const lo = tokenAt(doc, start);
  let last = lo - 1;
  for (let i = lo; i < toks.length && toks[i]!.start < end; i++) last = i;
  return last >= lo ? [lo, last] : null;
}

/** The word tokens' texts of a span. */
export function spanWords(doc: Doc, s: Span): string[] {
  const r = tokenRange(doc, s.start, s.end);
  const out: string[] = [];
  if (r) for (let i = r[0]; i <= r[1]; i++) if (doc.tokens[i]!.word) out.push(doc.tokens[i]!.text);
  return out;
}

/** JavaScript's \s: white space and line terminators. */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 0xa0 &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  );
}

const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isAsciiAlnum = (c: number): boolean => isAsciiLetter(c) || (c >= 48 && c <= 57);
/** The code unit at i, or -1 past the end (charCodeAt's NaN there is a read out of bounds, which deoptimises). */
const codeAt = (s: string, i: number): number => (i < s.length ? s.charCodeAt(i) : -1);

/** End of (?:[A-Za-z]\.){2,} at i ("U.S."), or -1: the first alternative of both token patterns. */
function initialismEnd(norm: string, i: number): number {
  let j = i,
    pairs = 0;
  while (isAsciiLetter(codeAt(norm, j)) && codeAt(norm, j + 1) === 46) {
    j += 2;
    pairs++;
  }
  return pairs >= 2 ? j : -1;
}

/**
 * End of TOKEN_ASCII's match at i (norm[i] is not white space), scanned by hand: the same alternatives in the same order,
 * each as greedy as the pattern's.
 */
export function asciiTokenEnd(norm: string, i: number): number {
  let j = initialismEnd(norm, i);
  if (j >= 0) return j;
  // "|\S: one code unit.
  if (!isAsciiAlnum(codeAt(norm, i))) return i + 1;
  // [A-Za-z0-9]+(?:['\-.&][A-Za-z0-9]+)*
  j = i + 1;
  for (;;) {
    while (isAsciiAlnum(codeAt(norm, j))) j++;
    const c = codeAt(norm, j);
    if ((c === 39 || c === 45 || c === 46 || c === 38) && isAsciiAlnum(codeAt(norm, j + 1))) j += 2;
    else return j;
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/uy;
/** Code units of the letter or digit (a code point in \p{L} or \p{N}) at i, or 0. */
function letterOrDigitAt(s: string, i: number): number {
  const c = codeAt(s, i);
  if (c < 128) return isAsciiAlnum(c) ? 1 : 0;
  LETTER_OR_DIGIT.lastIndex = i;
  return LETTER_OR_DIGIT.test(s) ? LETTER_OR_DIGIT.lastIndex - i : 0;
}

/** Code units of the code point at i: 2 for a surrogate pair, else 1. */
function codePointLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return 1;
  const d = codeAt(s, i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/**
 * End of TOKEN's match at i (norm[i] is not white space), scanned as asciiTokenEnd scans: letters and digits of every
 * script, and code points (not code units) for \S, as the pattern's u flag reads them.
 */
export function tokenEnd(norm: string, i: number): number {
  let j = initialismEnd(norm, i);
  if (j >= 0) return j;
  // "|\S: one code point.
  let n = letterOrDigitAt(norm, i);
  if (n === 0) return i + codePointLength(norm, i);
  // [\p{L}\p{N}]+(?:['\-.&][\p{L}\p{N}]+)*
  j = i + n;
  for (;;) {
    while ((n = letterOrDigitAt(norm, j)) > 0) j += n;
    const c = codeAt(norm, j);
    if ((c === 39 || c === 45 || c === 46 || c === 38) && (n = letterOrDigitAt(norm, j + 1)) > 0) j += 1 + n;
    else return j;
  }
}

/** Sentence spans of one paragraph; never breaks inside a quoted region unless the region ends with the sentence. */
function splitSentences(norm: string, p: Span, quoteAt: Int32Array, quotes: QuoteRegion[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = p.start;
  const re = /[.!?]+/g;
  re.lastIndex = p.start;
  for (let m = re.exec(norm); m && m.index < p.end; m = re.exec(norm)) {
    let k = m.index + m[0].length;
    while (k < p.end && closesAfterEnd(norm.charCodeAt(k))) k++;
    if (k >= p.end) break;
    if (!isSpace(norm.charCodeAt(k))) continue;
    let n = k;
    while (n < p.end && isSpace(norm.charCodeAt(n))) n++;
    if (n >= p.end || !opensSentence(norm, n)) continue;
    const qi = quoteAt[m.index]!;
    if (qi >= 0 && quotes[qi]!.end > k) continue;
    if (m[0] === '.' && isAbbreviation(norm, m.index, start) && !STARTERS.test(norm.slice(n, n + 8))) continue;
    out.push([start, k]);
    start = n;
  }
  let e = p.end;
  while (e > start && /\s/.test(norm[e - 1]!)) e--;
  if (e > start) out.push([start, e]);
  return out.some(([s, e]) => e - s > MAX_SENTENCE) ? capSentences(norm, out, quoteAt) : out;
}

/** /["')\]]/: a closing quotation mark or bracket that stays with the sentence end before it. */
const closesAfterEnd = (c: number): boolean => c === 34 || c === 39 || c === 41 || c === 93;

const OPENS_SENTENCE = /["([\p{Lu}\p{N}]/u;
/** OPENS_SENTENCE.test(norm[n]), without the expression for an ASCII character. */
function opensSentence(norm: string, n: number): boolean {
  const c = norm.charCodeAt(n);
  if (c < 128) return c === 34 || c === 40 || c === 91 || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return OPENS_SENTENCE.test(norm[n]!);
}

/**
 * No real sentence is this long (PolNeAR: at most 1,516 characters over 31,189 sentences). Hostile text without
 * sentence ends (`we go, Smith said, we go, Smith said, ...`) would otherwise be one sentence whose every cue
 * takes content from its start: time and output quadratic in the article. Such runs are cut at whitespace,
 * outside quotations when possible.
 */
const MAX_SENTENCE = 2_000;

function capSentences(norm: string, spans: Array<[number, number]>, quoteAt: Int32Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [from, e] of spans) {
    let s = from;
    while (e - s > MAX_SENTENCE) {
      let cut = -1;
      for (let i = s + MAX_SENTENCE; i > s + MAX_SENTENCE / 2 && cut < 0; i--) if (norm[i] === ' ' && quoteAt[i]! < 0) cut = i;
      if (cut < 0) cut = norm.lastIndexOf(' ', s + MAX_SENTENCE);
      if (cut <= s) cut = s + MAX_SENTENCE;
      out.push([s, cut]);
      s = cut;
      while (s < e && /\s/.test(norm[s]!)) s++;
    }
    if (e > s) out.push([s, e]);
  }
  return out;
}

function isAbbreviation(norm: string, dot: number, from: number): boolean {
  let s = dot;
  while (s > from && /[\p{L}.]/u.test(norm[s - 1]!)) s--;
  const word = norm.slice(s, dot).toLowerCase();
  if (!word) return false;
  if (/^\p{L}$/u.test(word) && /\p{Lu}/u.test(norm[s]!)) return true;
  return LEXICON.abbreviations.has(word);
}

// Words that, after an abbreviation such as "U.S.", show that a new sentence began.
const STARTERS = /^(?:The|But|And|He|She|It|In|A|This|They|We|I|That|There|His|Her|Their|On|At|As|If|When|After)\b/;
