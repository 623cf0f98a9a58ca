// Snippets for full-text results, made in JS from the search terms: the words FTS5 matched (same folding:
// case and diacritics) wrapped in HIGHLIGHT_OPEN / HIGHLIGHT_CLOSE, long texts cut around the first match.
// Cheaper than FTS5's snippet(), which re-walks the whole match list to find a page's rows.
import { foldText } from '../speakers/fold.ts';
import type { SearchTerm } from './fts-query.ts';
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN } from './types.ts';

const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
const MAX_CHARS = 240;
const ASCII_WORD = /^[A-Za-z0-9]+$/;

export function highlighter(terms: SearchTerm[]): (text: string) => string {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const term of terms) {
    term.words.forEach((word, i) => {
      const folded = foldText(word).replace(/ /g, '');
      if (!folded) return;
      if (term.prefix && i === term.words.length - 1) prefixes.push(folded);
      else exact.add(folded);
    });
  }
  // Tokens repeat across a page's texts: each is folded once (ASCII letters and digits fold to lower case).
  const seen = new Map<string, boolean>();
  const hits = (token: string) => {
    let hit = seen.get(token);
    if (hit === undefined) {
      const folded = ASCII_WORD.test(token) ? token.toLowerCase() : foldText(token).replace(/ /g, '');
      hit = exact.has(folded) || prefixes.some((p) => folded.startsWith(p));
      if (seen.size < 10_000) seen.set(token, hit);
    }
    return hit;
  };
  return (text) => {
    const spans: [number, number][] = [];
    for (const m of text.matchAll(TOKEN)) if (hits(m[0])) spans.push([m.index, m.index + m[0].length]);
    let start = 0;
    let end = text.length;
    if (text.length > MAX_CHARS) {
      const first = spans[0]?.[0] ?? 0;
      start = Math.max(0, Math.min(first - 60, text.length - MAX_CHARS));
      const space = text.lastIndexOf(' ', start);
      if (start > 0 && space > start - 20) start = space + 1;
      end = Math.min(text.length, start + MAX_CHARS);
      const cut = text.lastIndexOf(' ', end);
      if (end < text.length && cut > start + MAX_CHARS / 2) end = cut;
    }
    let out = start > 0 ? '…' : '';
    let at = start;
    for (const [a, b] of spans) {
      if (a < start || b > end) continue;
      out += text.slice(at, a) + HIGHLIGHT_OPEN + text.slice(a, b) + HIGHLIGHT_CLOSE;
      at = b;
    }
    return out + text.slice(at, end) + (end < text.length ? '…' : '');
  };
}
