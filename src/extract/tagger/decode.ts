// From BIO labels to the tagger's statements: content pieces, a simple join of `"X," he said, "Y."` into one statement
// with two parts, and the cue and source segments nearest to each statement.
import type { Span } from '../../model.ts';
import type { Doc } from '../document.ts';
import type { Draft } from '../draft.ts';
import { forEachScoredSequence, forEachSequence, type Sequence } from './features.ts';
import { emissions, NL, viterbi, type TaggerModel } from './model.ts';

export interface TaggedStatement {
  parts: Span[];
  cue: Span | null;
  source: Span | null;
  /** Mean per-token margin of the content labels over O (the model's confidence, in score units). */
  margin: number;
  /** Tokens between the source and the cue segments (0: adjacent, "he said"; 99: either is missing). */
  sourceGap: number;
  /** Mean per-token margin over O of the source and the cue segment's labels (0 when there is none). */
  sourceMargin?: number;
  cueMargin?: number;
  paragraph: number;
  /** Token range [first, last] of the whole statement. */
  first: number;
  last: number;
}

interface Segment {
  type: 'C' | 'S' | 'Q';
  from: number;
  to: number;
  margin: number;
}

export function tagSequence(model: TaggerModel, seq: Sequence): { tags: Uint8Array; em: Float32Array } {
  const n = seq.to - seq.from;
  const em = emissions(model, seq.features, n);
  return { tags: viterbi(em, model.trans, n), em };
}

/** The tagger's cue and source segments of a document, in order (statements or not). */
export interface TaggedSegments {
  cues: Span[];
  sources: Span[];
}

/**
 * The tagger's statements and its cue and source segments of a document, paragraph by paragraph (features computed once
 * into a reused buffer, or scored while they are made), as decodeStatements and segmentSpans give them per sequence.
 */
export function tagParagraphs(
  model: TaggerModel,
  doc: Doc,
  drafts: readonly Draft[],
): { statements: TaggedStatement[]; segments: TaggedSegments } {
  const statements: TaggedStatement[] = [];
  const segments: TaggedSegments = { cues: [], sources: [] };
  const visit = (from: number, tags: Uint8Array, em: Float32Array): void => {
    const segs = segmentsOf(tags, em, from);
    for (const t of statementsOf(doc, segs)) statements.push(t);
    spansOf(doc, segs, segments);
  };
  if (model.packed)
    forEachScoredSequence(
      doc,
      drafts,
      model.packed,
      model.bits,
      (from, to, em) => visit(from, viterbi(em, model.trans, to - from), em),
      model.clusters ?? null,
    );
  else
    forEachSequence(
      doc,
      drafts,
      (seq) => {
        const { tags, em } = tagSequence(model, seq);
        visit(seq.from, tags, em);
      },
      model.clusters ?? null,
    );
  return { statements, segments };
}

function segmentsOf(tags: Uint8Array, em: Float32Array, offset: number): Segment[] {
  const out: Segment[] = [];
  for (let k = 0; k < tags.length;) {
    const t = tags[k]!;
    if (t === 0) {
      k++;
      continue;
    }
    const type = t <= 2 ? 'C' : t <= 4 ? 'S' : 'Q';
    const inside = t % 2 === 1 ? t + 1 : t;
    let e = k + 1;
    while (e < tags.length && tags[e] === inside) e++;
    let m = 0;
    for (let j = k; j < e; j++) m += em[j * NL + tags[j]!]! - em[j * NL]!;
    out.push({ type, from: offset + k, to: offset + e, margin: m / (e - k) });
    k = e;
  }
  return out;
}

/** The tagger's cue and source segments in one paragraph sequence, in order. */
export function segmentSpans(doc: Doc, seq: Pick<Sequence, 'from'>, tags: Uint8Array, em: Float32Array): TaggedSegments {
  return spansOf(doc, segmentsOf(tags, em, seq.from), { cues: [], sources: [] });
}

/** The cue and source segments among segs, appended to out. */
function spansOf(doc: Doc, segs: readonly Segment[], out: TaggedSegments): TaggedSegments {
  const toks = doc.tokens;
  for (const s of segs) {
    if (s.type === 'C') continue;
    (s.type === 'Q' ? out.cues : out.sources).push({ start: toks[s.from]!.start, end: toks[s.to - 1]!.end });
  }
  return out;
}

/** The tagger's statements in one paragraph sequence. */
export function decodeStatements(doc: Doc, seq: Pick<Sequence, 'from' | 'to'>, tags: Uint8Array, em: Float32Array): TaggedStatement[] {
  return statementsOf(doc, segmentsOf(tags, em, seq.from));
}

/** The statements of one sequence's segments. */
function statementsOf(doc: Doc, segs: Segment[]): TaggedStatement[] {
  const toks = doc.tokens;
  const out: TaggedStatement[] = [];
  // Segments joined to an earlier one, by index (no closure or Set made per paragraph).
  let used: Uint8Array | null = null;
  for (let i = 0; i < segs.length; i++) {
    const a = segs[i]!;
    if (a.type !== 'C' || (used !== null && used[i] === 1)) continue;
    const pieces = [a];
    let lastIdx = i;
    let cue: Segment | null = null;
    // Join: content, then a short stretch holding a cue and no sentence end, then content again.
    for (let j = i + 1; j < segs.length; j++) {
      const b = segs[j]!;
      if (b.type !== 'C') continue;
      const last = pieces[pieces.length - 1]!;
      if (b.from - last.to > 8) break;
      const between = segs.slice(lastIdx + 1, j);
      const q = between.find((s) => s.type === 'Q');
      let stop = false;
      for (let t = last.to; t < b.from && !stop; t++) if (/^[.!?]$/.test(toks[t]!.text)) stop = true;
      // `"X," he said. "Y."`: a quotation, its cue and a quotation right after it are one statement (PolNeAR's reading).
      if (stop && closesQuote(toks, last.to - 1) && opensQuote(toks, b.from)) stop = false;
      if (q && !stop) {
        pieces.push(b);
        (used ??= new Uint8Array(segs.length))[j] = 1;
        lastIdx = j;
        cue ??= q;
      }
      break;
    }
    const first = pieces[0]!.from,
      lastTok = pieces[pieces.length - 1]!.to - 1;
    cue ??= nearestSegment(segs, i, lastIdx, 'Q', first, lastTok, doc, 12);
    const at = cue ? segs.indexOf(cue, Math.max(0, i - 16)) : -1;
    const source =
      cue && at >= 0
        ? nearestSegment(segs, at, at, 'S', cue.from, cue.to - 1, doc, 6)
        : nearestSegment(segs, i, lastIdx, 'S', first, lastTok, doc, 6);
    let m = 0,
      len = 0;
    for (const p of pieces) {
      m += p.margin * (p.to - p.from);
      len += p.to - p.from;
    }
    const parts: Span[] = [];
    for (let p = 0; p < pieces.length; p++) parts.push(segmentSpan(toks, pieces[p]!));
    out.push({
      parts,
      cue: cue ? segmentSpan(toks, cue) : null,
      source: source ? segmentSpan(toks, source) : null,
      margin: m / len,
      sourceGap: source && cue ? Math.max(source.from - cue.to, cue.from - source.to) : 99,
      sourceMargin: source ? source.margin : 0,
      cueMargin: cue ? cue.margin : 0,
      paragraph: toks[first]!.paragraph,
      first,
      last: lastTok,
    });
  }
  return out;
}

/** The character span of a segment's tokens. */
function segmentSpan(toks: Doc['tokens'], s: Segment): Span {
  return { start: toks[s.from]!.start, end: toks[s.to - 1]!.end };
}

/**
 * The segment of a type nearest to tokens [first, last] outside them, within `reach` tokens and the same sentence.
 * Segments are in order and [lo, hi] are the indices of the anchor's own segments: only near neighbours are looked at.
 */
function nearestSegment(
  segs: Segment[],
  lo: number,
  hi: number,
  type: Segment['type'],
  first: number,
  last: number,
  doc: Doc,
  reach: number,
): Segment | null {
  let best: Segment | null = null,
    bestD = Infinity;
  let from = lo;
  while (from > 0 && segs[from - 1]!.to > first - reach - 1) from--;
  let to = hi;
  while (to + 1 < segs.length && segs[to + 1]!.from <= last + reach + 1) to++;
  for (let k = from; k <= to; k++) {
    const s = segs[k]!;
    if (s.type !== type) continue;
    const d = s.to <= first ? first - s.to : s.from > last ? s.from - last - 1 : -1;
    if (d < 0 || d > reach) continue;
    const near = s.to <= first ? first : last;
    const anchor = s.to <= first ? s.to - 1 : s.from;
    if (doc.tokens[anchor]!.sentence !== doc.tokens[near]!.sentence) continue;
    if (d < bestD) {
      best = s;
      bestD = d;
    }
  }
  return best;
}

function closesQuote(toks: Doc['tokens'], i: number): boolean {
  const t = toks[i]!;
  return t.mark && t.quote >= 0 && (i + 1 >= toks.length || toks[i + 1]!.quote !== t.quote);
}

function opensQuote(toks: Doc['tokens'], i: number): boolean {
  const t = toks[i]!;
  return t.mark && t.quote >= 0 && (i === 0 || toks[i - 1]!.quote !== t.quote);
}
