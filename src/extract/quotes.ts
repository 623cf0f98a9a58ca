// Pairs quotation marks into quoted regions. Paragraphs are hard boundaries, except the newspaper convention:
// a paragraph that ends inside a quote, followed by one that opens with a quotation mark, continues the same quote.
import type { Span } from '../model.ts';
import type { QuoteMark } from './normalise.ts';

export interface QuoteRegion extends Span {
  /** Offsets of the text between the marks. */
  innerStart: number;
  innerEnd: number;
  closed: boolean;
  firstParagraph: number;
  lastParagraph: number;
}

export function pairQuotes(norm: string, marks: QuoteMark[], paragraphs: Span[]): QuoteRegion[] {
  const regions: QuoteRegion[] = [];
  const paraOf = (pos: number): number => {
    let lo = 0,
      hi = paragraphs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (paragraphs[mid]!.start <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  let open: { mark: QuoteMark; para: number } | null = null;
  let i = 0;
  while (i < marks.length) {
    const m = marks[i]!;
    const para = paraOf(m.pos);
    if (open && para !== open.para) {
      // The open quote reached the end of its paragraph.
      const next = paragraphs[open.para + 1];
      const lead = next ? /^\s*/.exec(norm.slice(next.start, next.end))![0].length : 0;
      if (next && para === open.para + 1 && m.pos === next.start + lead && m.dir !== 'close') {
        open = { mark: open.mark, para };
        i++;
        continue;
      }
      const p = paragraphs[open.para]!;
      let end = p.end;
      while (end > open.mark.pos + 1 && /\s/.test(norm[end - 1]!)) end--;
      regions.push(region(open.mark.pos, open.mark.len, end, 0, false, paraOf(open.mark.pos), open.para));
      open = null;
      continue;
    }
    if (!open) {
      if (m.dir !== 'close') open = { mark: m, para };
    } else if (m.dir !== 'open') {
      regions.push(region(open.mark.pos, open.mark.len, m.pos + m.len, m.len, true, paraOf(open.mark.pos), para));
      open = null;
    } else {
      open = { mark: m, para };
    }
    i++;
  }
  if (open) {
    const p = paragraphs[open.para]!;
    let end = p.end;
    while (end > open.mark.pos + 1 && /\s/.test(norm[end - 1]!)) end--;
    regions.push(region(open.mark.pos, open.mark.len, end, 0, false, paraOf(open.mark.pos), open.para));
  }
  return regions.filter((r) => r.innerEnd > r.innerStart);
}

function region(start: number, openLen: number, end: number, closeLen: number, closed: boolean, first: number, last: number): QuoteRegion {
  return { start, end, innerStart: start + openLen, innerEnd: end - closeLen, closed, firstParagraph: first, lastParagraph: last };
}
