// PolNeAR's bounds for a source: the mention with its apposition ("Jane Roe, a spokeswoman for the agency," before the
// cue, with its closing comma; "said Jane Roe, a spokeswoman for the agency." after it) and a party-and-state tag
// ("Sen. Jane Roe (D-Vt.)"). Only the mention's span grows: the resolved name and role stay as the sieves found them.
// Asides that are not appositions stay out: ages ("Roe, 58,"), relative clauses ("Roe, who ..."), places, participles.
import { newSpeaker, type Draft } from '../draft.ts';

/** First words that open an aside, not an apposition naming what the source is. */
const NOT_APPOSITION =
  /^(?:for|in|on|at|by|to|of|with|from|after|before|during|meanwhile|however|though|too|also|instead|like|unlike|who|which|whose|where|when|while|as|and|but|or|so|if|because|despite|[a-z]+ing|[a-z]+ly|[a-z]+ed|is|was|has|had|he|she|they|it|we|i|this|that|these|those|not|still|already|even|just|only|once|then|now|here|there|perhaps|according|clearly)$/;
/** Abbreviations whose period does not end the apposition ("a former adviser to Mr. Obama"). */
const ABBREVIATION = /(?:\b(?:Mr|Ms|Mrs|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Lt|Col|Capt|Adm|Inc|Co|Corp|Ft|Mt|No|vs)|\b[A-Z]|\.[A-Z])$/;
/** The comma that closes an apposition, then at most three lowercase words (adverbs, auxiliaries) before the cue. */
const CLOSES_BEFORE_CUE = /^,\s+(?:[a-z]+\s+){0,3}$/;
const PARTY_TAG = /^ \([A-Z][^()\n]{0,14}\)/;

/**
 * The end of an apposition that starts with the comma at `from` and ends before `limit`, or -1: a noun phrase up to the
 * sentence end, a quotation, a dash or parenthesis, or a comma that opens a clause.
 */
function appositionEnd(text: string, from: number, limit: number): number {
  const m = /^,\s+/.exec(text.slice(from, from + 4));
  if (!m) return -1;
  const s = from + m[0].length;
  const first = (/^[\w’'-]+/.exec(text.slice(s, s + 30)) ?? [''])[0];
  const lower = /^[a-z]/.test(first);
  if ((!lower && !/^[A-Z][\w.]*(?:’s|'s)$/.test(first)) || NOT_APPOSITION.test(first)) return -1;
  let i = s;
  const end = Math.min(limit, text.length);
  for (; i < end; i++) {
    const c = text[i]!;
    if ('\n"“”(—–'.includes(c)) break;
    if (c === ';' || c === '?' || c === '!') break;
    if (
      c === '.' &&
      (/^\.(?:\s|$|["”’])/.test(text.slice(i, i + 2)) || i + 1 === end) &&
      !ABBREVIATION.test(text.slice(Math.max(0, i - 4), i))
    )
      break;
    if (c === ',') {
      const after = text.slice(i, i + 16);
      if (/^,\s+(?:who|which|whose|where|when|though|although|according|as|after|and|but|[a-z]+ing\b)/.test(after)) break;
      if (!/^,\s+[A-Z]/.test(after) && !/^,\s+(?:a|an|the)\b/.test(after)) break;
    }
  }
  while (i > s && /\s/.test(text[i - 1]!)) i--;
  return i > s ? i : -1;
}

/** Widens each draft's speaker mention over its party tag and apposition (a new speaker object: drafts may share one). */
export function widenSources(text: string, drafts: Draft[]): void {
  for (const d of drafts) {
    const m = d.speaker?.mention;
    if (!m || !d.cue) continue;
    let end = m.end;
    const tag = PARTY_TAG.exec(text.slice(end, end + 20));
    if (tag) end += tag[0].length;
    if (text[end] === ',') {
      if (d.cue.start >= end) {
        // "Jane Roe, a spokeswoman for the agency, also said": up to the comma before the cue, which it takes; the
        // comma also when the sieves took the apposition already ("a spokeswoman, Jane Roe, said").
        const e = CLOSES_BEFORE_CUE.test(text.slice(end, d.cue.start)) ? end : appositionEnd(text, end, d.cue.start);
        if (e > 0 && CLOSES_BEFORE_CUE.test(text.slice(e, d.cue.start))) end = e + 1;
      } else if (d.cue.end <= m.start) {
        // `"...," said Jane Roe, a spokeswoman for the agency.`: up to the sentence end or the content (its next piece,
        // "Bookings, according to the office, have doubled").
        const next = d.parts.find((p) => p.start > end);
        const e = appositionEnd(text, end, next ? next.start : text.length);
        if (e > 0) end = e;
      }
    }
    if (end !== m.end) d.speaker = newSpeaker({ ...d.speaker!, mention: { start: m.start, end } });
  }
}

/** A statement whose source is a bare "it" stays under the product's floor: nobody can be named for it. */
export function weakenIt(text: string, drafts: Draft[]): void {
  for (const d of drafts) {
    const m = d.speaker?.mention;
    if (m && !d.speaker!.name && /^it$/i.test(text.slice(m.start, m.end))) d.confidence = Math.min(d.confidence, 0.4);
  }
}
