// The precision-first sieve cascade: passive "This was stated by X", "according to X", cue verbs with their
// speaker on either side and their content after or before them, interrupted and running quotes, continuations.
import type { Span } from '../model.ts';
import type { Doc, Sentence } from './document.ts';
import type { Draft, DraftSpeaker } from './draft.ts';
import { LEXICON as L, type VerbCue } from './lexicon.ts';
import { leftPhrase, rightPhrase, withApposition, type NounPhrase } from './noun-phrase.ts';
import { SpeakerTable } from './speakers.ts';
import { CUE_MODEL, cueFeatures, scoreCue, type CueModel } from './cue-model.ts';
import { findVenue } from './venue.ts';
import { isCandidateVerb, isVerbLike } from './verbs.ts';
import { sentenceUnits, wordCount, type Unit } from './units.ts';

export interface CueCandidate {
  features: string[];
  cue: Span;
  content: Span;
}

export interface SieveOptions {
  outlet?: string;
  /** The learned cue model; null switches the learned sieve off (training does, to see the rules' own gaps). */
  cueModel?: CueModel | null;
  /** Training hook: receives every candidate the learned sieve considers. */
  collect?: (c: CueCandidate) => void;
}

interface Frame {
  speaker: DraftSpeaker;
  text: string;
  paragraph: number;
}

interface Content {
  first: number;
  last: number;
}

const isW = (u: Unit | undefined, ...words: string[]): boolean => !!u && u.kind === 'w' && (words.length === 0 || words.includes(u.lower));
const isP = (u: Unit | undefined, chars: string) => !!u && u.kind === 'p' && chars.includes(u.text);
const TERMINAL = '.!?;:,';
const CLAUSE_BOUNDARY = new Set(['and', 'but', 'so', 'because', 'that', 'when', 'as', 'while', 'since', 'although', 'though', 'after', 'before', 'if', 'where', 'yet', 'or', 'which', 'whom', 'unless', 'until', 'then', 'than']);
const CLAUSE_OPENERS = new Set(['whether', 'if', 'how', 'why', 'what', 'when', 'where', 'who']);
const ADJUNCT_STARTS = new Set(['in', 'on', 'at', 'during', 'to', 'from', 'for', 'over', 'throughout', 'since', 'of', 'about', 'before', 'after', 'via', 'through', 'last', 'this', 'earlier', 'later',
  'today', 'yesterday', 'tonight', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'recently', 'privately', 'publicly',
  'repeatedly', 'again', 'separately', 'afterward', 'afterwards', 'late', 'early', 'told']);
const DAY = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|recently|earlier|later|again|privately|publicly)$/;
const OBJECTS = new Set(['reporters', 'him', 'her', 'them', 'me', 'us', 'you', 'supporters', 'voters', 'journalists', 'lawmakers', 'listeners', 'viewers', 'students', 'members']);
const CONTEXT_OPENERS = /^(?:when|asked|responding|commenting|speaking|answering|reacting|referring|addressing|pressed|questioned|in response)\b/i;
const STATED_BY = /^(?:this|that|it|these|those|such (?:statements?|remarks?|words)|the (?:statement|remarks?|words))\s+(?:was|were|is|are|has been|have been|had been)\s+(?:\w+ly\s+)?(?:stated|said|announced|reported|noted|declared|emphasi[sz]ed|stressed|written|explained|claimed|underlined|pointed out|told|confirmed|voiced|expressed)\s+(?:\w+\s+)?by\b/i;
/** Words that open an adverbial aside between a speaker and the cue. */
const ASIDE = new Set(['during', 'speaking', 'while', 'on', 'in', 'at', 'after', 'before', 'asked', 'appearing', 'writing', 'talking', 'responding',
  'citing', 'addressing', 'when', 'following', 'despite', 'as', 'pressed', 'interviewed', 'testifying', 'campaigning', 'standing', 'visiting', 'reacting', 'echoing']);

const DISCOURSE = /^(?:though|however|too|meanwhile|in turn|on the other hand|for instance|for example|in fact|of course|instead|likewise|also|then|in particular|for (?:his|her|their|its) part|in response|in addition|in contrast|by contrast|at the time|at least|as well|so far|now|still|again|later|earlier|separately|similarly|nonetheless|nevertheless)$/i;

const IMPERSONAL = /^(?:it|there)(?:'s|\s+is|\s+was|\s+has|\s+had)?(?:\s+been)?\s+(?:widely\s+|also\s+|now\s+)?(reported|said|believed|rumored|rumoured|alleged|understood|claimed|suggested|argued|estimated|feared|known|clear|obvious|apparent|likely)\s+that\b/i;

/** Drafts below this confidence give way to a structural reading (stated-by, continuation). */
const WEAK = 0.5;
const FIRST_PERSON = /\b(?:we|our|us|i|my|me|ours)\b/i;

export function runSieves(doc: Doc, options: SieveOptions = {}): Draft[] {
  return new Sieves(doc, options).run();
}

class Sieves {
  private table = new SpeakerTable();
  private drafts: Draft[] = [];
  private usedQuotes = new Set<number>();
  private frame: Frame | null = null;
  private units: Unit[][] = [];
  private outlet: string | null;
  /**
   * Ends of the current sentence's trailing attributions (`..., Smith said,`, `..., according to X,`): content before
   * a later cue starts after the last of these, so run-on text (`we go, Smith said, we go, Smith said, ...`) yields
   * one short content per cue instead of ever longer overlapping ones.
   */
  private tailEnds: number[] = [];

  private cueModel: CueModel | null;

  constructor(private doc: Doc, private options: SieveOptions) {
    this.cueModel = options.cueModel === undefined ? CUE_MODEL : options.cueModel;
    this.outlet = options.outlet?.trim().toLowerCase() || null;
  }

  run(): Draft[] {
    this.units = this.doc.sentences.map((s) => sentenceUnits(this.doc, s));
    this.registerNames();
    for (const p of this.doc.paragraphs) {
      if (this.isLabel(p.sentenceStart, p.sentenceEnd)) continue;
      const before = this.drafts.length;
      for (let si = p.sentenceStart; si < p.sentenceEnd; si++) this.sentence(this.doc.sentences[si]!);
      if (this.drafts.slice(before).every((d) => d.confidence < WEAK)) this.continuation(p.index, p.sentenceStart, p.sentenceEnd, before);
    }
    return this.drafts;
  }

  /** Every name outside quotes joins the table, so "Dragone" later finds "Giuseppe Cavo Dragone". */
  private registerNames(): void {
    for (const units of this.units) {
      for (let j = 0; j < units.length; j++) {
        const u = units[j]!;
        if (u.kind !== 'w' || !u.cap) continue;
        const next = units[j + 1];
        if (next && next.kind === 'w' && next.cap) continue;
        const prev = units[j - 1];
        if (!prev || prev.kind !== 'w' || !prev.cap) continue;
        // Plain two-to-four-word names register directly; runs with titles or connectors go through the phrase reader.
        let i = j;
        while (i > 0 && units[i - 1]!.kind === 'w' && units[i - 1]!.cap) i--;
        const run = units.slice(i, j + 1);
        const before = units[i - 1];
        if (run.length <= 4 && !(before && before.kind === 'w' && (L.nameConnectors.has(before.lower) || L.titles.has(before.lower)))
          && run.every((x) => /^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$/.test(x.text) && !L.titles.has(x.lower) && !L.organisations.has(x.lower)
            && !L.nonNames.has(x.lower) && !L.groups.has(x.lower) && !L.determiners.has(x.lower))) {
          this.table.registerName(run.map((x) => x.text), null, null);
          continue;
        }
        const np = leftPhrase(units, j);
        if (np && np.name.length >= 2 && np.type === 'person') {
          const honor = np.role && L.honorifics.has(np.role.toLowerCase()) ? np.role : null;
          this.table.registerName(np.name, honor ? null : np.role, honor);
        }
      }
    }
  }

  private isLabel(from: number, to: number): boolean {
    if (to - from !== 1) return false;
    const s = this.doc.sentences[from]!;
    if (s.end - s.start > 160) return false;
    const text = this.doc.norm.slice(s.start, s.end).trim();
    if (L.labels.has(text.toLowerCase().replace(/[:.]$/, ''))) return true;
    // Headings carry no closing punctuation: section labels ("Details") and headlines.
    return wordCount(text) <= 16 && !/[.!?"'”»:;)\]…]$/.test(text);
  }

  private sentence(s: Sentence): void {
    const units = this.units[s.index]!;
    this.tailEnds = [];
    if (this.statedBy(s, units)) return;
    this.sourceless(s, units);
    const made: Draft[] = [];
    for (let c = 0; c < units.length; c++) {
      const u = units[c]!;
      if (u.kind !== 'w') continue;
      if (u.lower === 'according' && isW(units[c + 1], 'to')) {
        const d = this.according(s, units, c);
        if (d) made.push(d);
        continue;
      }
      const verb = L.verbs.get(u.lower);
      if (!verb) continue;
      let cueLast = c;
      if (verb.lemma === 'point' || (isW(units[c + 1], 'out') && u.lower.startsWith('point'))) cueLast = c + 1;
      const d = this.verbCue(s, units, c, cueLast, verb, made);
      if (d) made.push(d);
    }
    if (made.length === 0 && !this.colonQuote(s, units)) this.lonelyQuote(s, units);
    this.learnedCues(s, units, made);
    if (!this.drafts.some((d) => d.sentence === s.index)) this.actorClause(s, units);
  }

  // ---- sieve: "This was stated by X" ---------------------------------------------------------------
  private statedBy(s: Sentence, units: Unit[]): boolean {
    const text = this.doc.norm.slice(s.start, s.end);
    const m = STATED_BY.exec(text);
    if (!m) return false;
    const byEnd = s.start + m[0].length;
    const by = units.findIndex((u) => u.end === byEnd);
    if (by < 0) return false;
    let np = rightPhrase(units, by + 1);
    if (!np) return false;
    np = withApposition(units, np);
    const prev = this.previousSentence(s);
    if (!prev) return false;
    const content = trimSpan(this.doc.norm, prev.start, prev.end);
    const cueUnit = units.slice(0, by).reverse().find((u) => u.kind === 'w' && /(ed|said|told|written|out)$/.test(u.lower));
    const speaker = this.speakerOf(np, units, s);
    if (!speaker) return true;
    const venue = findVenue(this.doc.norm.slice(units[np.last]!.end, s.end));
    this.push({
      parts: [content], kind: 'indirect', cue: cueUnit ? { start: cueUnit.start, end: cueUnit.end } : null, speaker,
      rule: 'stated-by', confidence: 0.9, paragraph: s.paragraph, sentence: s.index, context: null, venue, quotes: [],
    });
    return true;
  }

  // ---- sieve: attributions without a source ------------------------------------------------------------
  /**
   * "Asked whether ..., Smith said" and "It has been reported that ...": PolNeAR annotates the question and the impersonal
   * report as attributions with no source. Low confidence; the product shows the question as the next statement's context.
   */
  private sourceless(s: Sentence, units: Unit[]): void {
    const f = firstContent(units);
    let a = f;
    if (isW(units[a], 'when', 'after', 'if')) a++;
    if (isW(units[a], 'asked', 'pressed', 'questioned') && isW(units[a + 1], 'if', 'whether', 'about', 'what', 'how', 'why', 'who', 'when', 'where', 'which')) {
      let e = a + 2;
      while (e < units.length && !isP(units[e], ',') && e - a < 60) e++;
      if (e < units.length && e > a + 2) {
        const cue = { start: units[a]!.start, end: units[a]!.end };
        this.contentDraft(s, units, { first: a + 1, last: e - 1 }, cue, null, 'asked-question', 0.3);
      }
      return;
    }
    const text = this.doc.norm.slice(units[f]?.start ?? s.start, s.end);
    const m = IMPERSONAL.exec(text);
    if (!m) return;
    const thatAt = units.findIndex((u) => u.start >= units[f]!.start + m[0].length - 4 && isW(u, 'that'));
    if (thatAt < 0) return;
    const cueUnit = units.slice(f, thatAt).find((u) => u.kind === 'w' && u.lower === m[1]!.toLowerCase());
    this.contentDraft(s, units, { first: thatAt, last: this.clauseEnd(units, thatAt) }, cueUnit ? { start: cueUnit.start, end: cueUnit.end } : null,
      null, 'impersonal-report', 0.3);
  }

  private previousSentence(s: Sentence): Sentence | null {
    for (let k = s.index - 1; k >= 0; k--) {
      const p = this.doc.sentences[k]!;
      const para = this.doc.paragraphs[p.paragraph]!;
      if (this.isLabel(para.sentenceStart, para.sentenceEnd)) continue;
      const claimed = (d: Draft) => d.sentence === k || d.parts.some((x) => x.start < p.end && p.start < x.end);
      if (this.drafts.some((d) => claimed(d) && d.confidence >= WEAK)) return null;
      // A passive "This was stated by X" outranks a weak reading of the sentence it points back to.
      this.drafts = this.drafts.filter((d) => !claimed(d));
      return p;
    }
    return null;
  }

  // ---- sieve: "according to X" ----------------------------------------------------------------------
  private according(s: Sentence, units: Unit[], c: number): Draft | null {
    const f = firstContent(units);
    // The source runs to the comma (sentence-initial "According to X, ...") or to the sentence end ("..., according to X.").
    let last = c + 2;
    const initial = f === c || (f === c - 1 && isW(units[f], 'but', 'and'));
    while (last + 1 < units.length && !(initial ? isP(units[last + 1], ',;') : isP(units[last + 1], '.;!?')) && units[last + 1]!.kind !== 'q'
      // "..., according to Smith, we go, ...": the source ends where another clause or attribution begins.
      && !(isP(units[last + 1], ',') && isW(units[last + 2], 'according', 'we', 'i', 'he', 'she', 'they', 'it', 'you'))) last++;
    while (last > c + 2 && isP(units[last], TERMINAL + ')')) last--;
    if (last < c + 2 || !isW(units[c + 2]) || last - c > 30) return null;
    const inner = rightPhrase(units, c + 2);
    const np: NounPhrase = inner && inner.last === last ? withApposition(units, inner) : {
      first: c + 2, last, start: units[c + 2]!.start, end: units[last]!.end, text: this.doc.text.slice(units[c + 2]!.start, units[last]!.end),
      pronoun: L.pronouns.has(units[c + 2]!.lower) && last === c + 2 ? units[c + 2]!.lower : null,
      name: inner?.name ?? [], role: inner?.name.length ? inner.role : this.doc.text.slice(units[c + 2]!.start, units[last]!.end),
      type: inner?.type ?? 'organisation',
    };
    let content: Content | null = null;
    if (initial && isP(units[last + 1], ',')) content = { first: last + 2, last: units.length - 1 };
    else if (!initial && c > f) {
      const from = this.leftStart(units, c - 1);
      if (from >= 0) content = { first: from, last: isP(units[c - 1], ',') ? c - 2 : c - 1 };
      this.markTail(units, last);
    }
    if (!content) return null;
    if (np.pronoun === 'him' || np.pronoun === 'her' || np.pronoun === 'them') np.pronoun = null;
    const speaker = this.speakerOf(np, units, s);
    const cue = { start: units[c]!.start, end: units[c + 1]!.end };
    return this.contentDraft(s, units, content, cue, speaker, 'according-to', 0.8);
  }

  // ---- sieve: cue verbs --------------------------------------------------------------------------------
  private verbCue(s: Sentence, units: Unit[], c: number, cueLast: number, verb: VerbCue, made: Draft[]): Draft | null {
    if (units[c]!.cap && c > 0) return null;
    if (c === 0 && verb.invert && verb.lemma === 'say') {
      // `Said Comey, "The thought that ..."`
      const r = rightPhrase(units, 1);
      if (!r || !isP(units[r.last + 1], ',:') || r.last + 2 >= units.length) return null;
      this.markTail(units, r.last);
      return this.contentDraft(s, units, { first: r.last + 2, last: this.clauseEnd(units, r.last + 2) }, { start: units[0]!.start, end: units[0]!.end },
        this.speakerOf(r, units, s), 'cue-speaker-content', 0.8);
    }
    const cue = { start: units[c]!.start, end: units[cueLast]!.end };
    let k = cueLast + 1;
    while (isW(units[k]) && ((L.between.has(units[k]!.lower) && !units[k]!.cap) || /^[a-z]+ly$/.test(units[k]!.text)) && !isW(units[k], 'that')) k++;
    let np = this.subjectLeft(units, c, verb);
    let inverted = false;
    if (!np) {
      // A second verb of the sentence's subject: "He describes himself as ... and has said that ..."
      let a = c - 1;
      while (a > 0 && isW(units[a]) && L.between.has(units[a]!.lower)) a--;
      if (isW(units[a], 'and') && a > 2) np = this.sentenceSubject(units, a);
    }
    // Participles after a comma share the clause's speaker: "..., adding that ...", "X threw her support behind Y, saying ...".
    if (!np && verb.ing && (isP(units[c - 1], ',') || (units[c - 1]?.kind === 'q' && /,\W*$/.test(units[c - 1]!.text)))) {
      const right = this.contentRight(units, cueLast, verb);
      if (!right) return null;
      const prev = made[made.length - 1];
      if (prev?.speaker) return this.contentDraft(s, units, right, cue, prev.speaker, 'participle', 0.7);
      const head = this.sentenceSubject(units, c);
      if (!head) return null;
      return this.contentDraft(s, units, right, cue, this.speakerOf(head, units, s), 'participle-subject', 0.6);
    }
    if (verb.frame && isW(units[k]) && L.frameParticles.has(units[k]!.lower)) {
      if (np) {
        const speaker = this.speakerOf(np, units, s);
        if (speaker) this.frame = { speaker, text: this.doc.text.slice(s.start, s.end), paragraph: s.paragraph };
      }
      return null;
    }
    if (!np && verb.invert && c > 0 && (isP(units[c - 1], ',-—') || units[c - 1]!.kind === 'q')) {
      const r = rightPhrase(units, cueLast + 1);
      if (r) {
        const full = withApposition(units, r);
        const after = units[full.last + 1];
        if (!after || isP(after, TERMINAL + '(') || isW(after, 'in', 'on', 'at', 'during', 'of', 'who', 'to') || units[c - 1]!.kind === 'q') {
          np = full;
          inverted = true;
        }
      } else if (units[c - 1]!.kind === 'q' && isW(units[cueLast + 1]) && !L.pronouns.has(units[cueLast + 1]!.lower) && !ADJUNCT_STARTS.has(units[cueLast + 1]!.lower)) {
        // `"...," said one person with knowledge of the plan` — a description after a quotation.
        let j = cueLast + 1;
        while (isW(units[j + 1]) && j - cueLast < 8 && !isW(units[j + 1], 'who', 'which', 'that', 'and')) j++;
        np = {
          first: cueLast + 1, last: j, start: units[cueLast + 1]!.start, end: units[j]!.end, pronoun: null, name: [], type: 'unknown',
          text: this.doc.text.slice(units[cueLast + 1]!.start, units[j]!.end), role: this.doc.text.slice(units[cueLast + 2]?.start ?? units[cueLast + 1]!.start, units[j]!.end),
        };
        inverted = true;
      }
    }
    if (!np) return null;
    if (this.isOutlet(np)) return null;
    if (verb.bare && !np.pronoun && np.type === 'person' && np.name.length > 0 && !isW(units[c - 1], 'did', 'would', 'will', 'could', 'to', 'not', 'may', 'might', 'does', 'do', 'should', 'must', 'can')) return null;
    const speakerFor = () => this.speakerOf(np!, units, s);
    const b = (inverted ? c : np.first) - 1;
    // A quotation right before the speaker is the content, whatever follows the cue: `"...," Smith said Tuesday, drawing applause.`
    const quoteBefore = (units[b]?.kind === 'q' && this.realQuote(units, b)) || (isP(units[b], ',') && units[b - 1]?.kind === 'q' && firstContent(units) === b - 1);
    if (!inverted && !quoteBefore && isW(units[np.first - 1], 'as') && np.first - 1 === firstContent(units) && isP(units[k], ',') && k + 1 < units.length) {
      // "As a Politico reporter noted, he didn't even fill the place."
      const d = this.contentDraft(s, units, { first: k + 1, last: this.clauseEnd(units, k + 1) }, cue, speakerFor(), 'as-speaker-cue', 0.7);
      if (d) return d;
    }
    if (!inverted && !quoteBefore) {
      const right = this.contentRight(units, cueLast, verb);
      if (right) {
        const d = this.contentDraft(s, units, right, cue, speakerFor(), 'cue-content', verb.class === 'speech' || verb.class === 'writing' ? 0.8 : 0.6);
        if (d) this.addContext(d, units, np);
        return d;
      }
      if (verb.needsThat && !(this.endsAt(units, k) || isP(units[k], ',') || this.adjunctTail(units, k))) {
        const obj = np.last - np.first < 6 ? this.objectContent(units, k, verb) : null;
        if (!obj) return null;
        const d = this.contentDraft(s, units, obj, cue, speakerFor(), 'cue-object', verb.class === 'speech' || verb.class === 'writing' || verb.class === 'evidence' ? 0.55 : 0.4);
        if (d) this.addContext(d, units, np);
        return d;
      }
    }
    // The content comes before: `"...," he said` / `..., Smith said.` / `"...," said Smith.`
    const tailAt = (inverted ? np.last : cueLast) + 1;
    // "The editorial, sources said, nailed the narrative": a parenthetical attribution may follow a short subject.
    const aside = isP(units[tailAt], ',') && isW(units[tailAt + 1]) && !isW(units[tailAt + 1], 'according', 'and', 'but', 'who', 'which');
    // A later cue's content starts after this attribution, whether or not it makes a statement itself.
    if (isP(units[b], ',-—–') || units[b]?.kind === 'q' || (b < 0 && isP(units[tailAt], ',') && verb.lemma === 'say')) this.markTail(units, tailAt - 1);
    const left = this.contentLeft(units, b, aside ? 1 : 3);
    if (!left) return this.colonLead(s, units, k, cue, speakerFor);
    const d = this.contentDraft(s, units, left, cue, speakerFor(), inverted ? 'content-cue-speaker' : 'content-speaker-cue', 0.85);
    if (!d) return null;
    const tail = (inverted ? np.last : cueLast) + 1;
    this.interrupted(units, tail, d);
    this.addContext(d, units, np);
    return d;
  }

  /** The subject at the start of the sentence, for a participle cue later in it. */
  private sentenceSubject(units: Unit[], before: number): NounPhrase | null {
    const f = firstContent(units);
    const u = units[f];
    if (!u || u.kind !== 'w') return null;
    if (L.pronouns.has(u.lower)) return leftPhrase(units, f);
    for (let v = f + 1; v < before && v - f < 10; v++) {
      const w = units[v]!;
      if (w.kind !== 'w') break;
      if (L.verbs.has(w.lower) || L.between.has(w.lower) || /^[a-z]+ed$/.test(w.lower)) {
        const np = leftPhrase(units, v - 1);
        if (np && np.first === f) return np;
        break;
      }
    }
    const np = rightPhrase(units, f);
    if (!np || np.last >= before - 1) return null;
    return withApposition(units, np);
  }

  /** The speaker phrase just left of a cue, across adverbs and an apposition; null unless it starts a clause. */
  private subjectLeft(units: Unit[], c: number, verb: VerbCue, skipTo = -1): NounPhrase | null {
    let k = skipTo >= 0 ? skipTo - 1 : c - 1;
    while (k >= 0 && isW(units[k]) && ((L.between.has(units[k]!.lower) && !units[k]!.cap) || /^[a-z]+ly$/.test(units[k]!.text))) k--;
    // "smiled and said"
    if (isW(units[k], 'and') && isW(units[k - 1]) && /^[a-z]+(?:ed|s)$/.test(units[k - 1]!.lower)) k -= 2;
    if (k < 0) return null;
    if (isP(units[k], ')')) {
      // "Rep. Elijah Cummings (D-Md.) said"
      let m = k - 1;
      while (m >= 0 && !isP(units[m], '(') && k - m < 10) m--;
      if (m > 0 && isP(units[m], '(')) k = m - 1;
    }
    if (isP(units[k], ',')) {
      // "Clinton, during a town hall meeting in Columbus, Ohio, said": an adverbial aside, possibly with commas of its own.
      let a = k - 1, commas = 0;
      while (a > 0 && k - a < 30 && commas < 3) {
        if (isP(units[a], ',')) {
          commas++;
          const opener = units[a + 1];
          if (isW(opener) && ASIDE.has(opener!.lower)) {
            const head = leftPhrase(units, a - 1);
            if (head && this.startsClause(units, head.first) && (!head.pronoun || /^(he|she|they|we|i)$/.test(head.pronoun))) return head;
          }
          // "Roxana M. Leon, 63, an independent voter raised in Chile, said" / "Several candidates, including Trump, said"
          if (commas >= 2 && isW(opener) && (L.determiners.has(opener!.lower) || /^\d+$/.test(opener!.text) || /^(including|whose|who|like)$/.test(opener!.lower))) {
            const head = leftPhrase(units, a - 1);
            if (head && !head.pronoun && this.startsClause(units, head.first) && (head.name.length || head.type === 'group')) return head;
          }
        } else if (units[a]!.kind === 'q') break;
        a--;
      }
      // "Mark Rutte, NATO's secretary general, said" / "Smith, who ..., said"
      let m = k - 1;
      while (m >= 0 && !isP(units[m], ',') && units[m]!.kind !== 'q' && k - m < 32) m--;
      if (m < 1 || !isP(units[m], ',')) return null;
      const inner = units[m + 1]!;
      // "Murphy, though, said" / "Supporters of abortion rights, on the other hand, argued"
      if (DISCOURSE.test(this.doc.norm.slice(inner.start, units[k - 1]!.end))) return this.subjectLeft(units, m + 1, verb, m);
      let h = m - 1;
      if (isP(units[h], ')')) {
        while (h >= 0 && !isP(units[h], '(')) h--;
        h--;
      }
      const head = leftPhrase(units, h);
      if (!head || !this.startsClause(units, head.first)) return null;
      if (head.pronoun && head.pronoun !== 'who') return null;
      if (isW(inner, 'who', 'which')) return head;
      const appos = rightPhrase(units, m + 1);
      if (appos && appos.last === k - 1 && (appos.role || appos.name.length)) return withApposition(units, head);
      const innerWords = units.slice(m + 1, k);
      if (head.name.length && innerWords.every((x) => x.kind === 'w' || isP(x, "-'&.()")) && (L.determiners.has(inner.lower) || /^\d+$/.test(inner.text)
        || ((L.titles.has(inner.lower) || inner.cap) && !innerWords.some((x) => L.verbs.has(x.lower))))) return head;
      return null;
    }
    const np = leftPhrase(units, k);
    if (np && /'s$/.test(units[np.last]!.lower)) return null;
    if (L.nounForms.has(units[c]!.lower)) {
      // "his plans", "the state": only a verb after a pronoun, a name or a group noun.
      const h = units[k]!;
      if (!np || k !== c - 1 && !L.between.has(units[c - 1]!.lower) || !(np.pronoun || h.cap || L.groups.has(h.lower) || L.documents.has(h.lower))) return null;
      if (!this.startsClause(units, np.first)) return null;
      return np;
    }
    // A relative clause: "delegates who backed Ron Paul".
    if (np && np.pronoun === 'who' && isW(units[np.first - 1]) && !L.verbs.has(units[np.first - 1]!.lower)) return np;
    if (!np || !this.startsClause(units, np.first)) return this.longSubject(units, k, verb);
    if (np.pronoun === 'who' || np.pronoun === 'which') {
      if (!isP(units[np.first - 1], ',') && !(isW(units[np.first - 1], 'but', 'and') && isP(units[np.first - 2], ','))) return null;
    }
    if (np.pronoun === 'it' && units[np.first - 1]?.kind === 'q') return np;
    if (np.pronoun === 'it' || np.pronoun === 'which' || np.pronoun === 'you') return null;
    return np;
  }

  /** "Six in 10 Virginia Democratic primary voters said": a longer subject, for the strongest speech cues only. */
  private longSubject(units: Unit[], k: number, verb: VerbCue): NounPhrase | null {
    if (verb.class === 'learned' || verb.class === 'stance') return null;
    let i = k;
    while (i > 0 && k - i < 10) {
      const u = units[i - 1]!;
      if (u.kind === 'q' || isP(u, ',;:()-—')) break;
      if (u.kind === 'w' && ((CLAUSE_BOUNDARY.has(u.lower) && !(u.lower === 'and' && i - 1 > 0 && !isVerbLike(units[i - 2]))) || L.verbs.has(u.lower) || L.irregularVerbs.has(u.lower))) break;
      i--;
    }
    if (i > 0 && !this.startsClause(units, i)) return null;
    const words = units.slice(i, k + 1);
    if (L.nonNames.has(words[0]!.lower) && !L.determiners.has(words[0]!.lower)) return null;
    if (words.length === 1 && !words[0]!.cap && !/^\d[\d,.]*$/.test(words[0]!.text)) return null;
    if (!words.length || words.some((u) => u.kind === 'q') || !(L.determiners.has(words[0]!.lower) || /^\d/.test(words[0]!.text) || words.some((u) => u.kind === 'w' && (u.cap || L.groups.has(u.lower) || L.documents.has(u.lower) || L.titles.has(u.lower) || /s$/.test(u.lower))))) return null;
    if (words.some((u) => u.kind === 'w' && /^(is|are|was|were|be|been|has|have|had|will|would|it|there)$/.test(u.lower))) return null;
    // A subject is a noun phrase: no verb inside ("the professor hoaxed the class by"), no dangling function word at its end.
    if (words.some((u, n) => u.kind === 'w' && !u.cap && n > 0 && /^[a-z]{3,}ed$/.test(u.lower) && L.determiners.has(words[n + 1]?.lower ?? ''))) return null;
    const tail = words[words.length - 1]!;
    if (tail.kind !== 'w' || L.nameConnectors.has(tail.lower) || CLAUSE_BOUNDARY.has(tail.lower) || L.determiners.has(tail.lower) || /^(by|to|with|from|into|than|not)$/.test(tail.lower)) return null;
    const inner = leftPhrase(units, k);
    const base = inner && inner.first >= i ? inner : null;
    const text = this.doc.text.slice(units[i]!.start, units[k]!.end);
    return {
      first: i, last: k, start: units[i]!.start, end: units[k]!.end, text, pronoun: null,
      name: base?.name ?? [], role: base?.name.length ? base.role : text, type: base?.type ?? 'group',
    };
  }

  private startsClause(units: Unit[], first: number): boolean {
    const before = units[first - 1];
    if (!before) return true;
    if (before.kind === 'q') return true;
    if (before.kind === 'p') return /[,;:(\-—–]/.test(before.text);
    return CLAUSE_BOUNDARY.has(before.lower);
  }

  private endsAt(units: Unit[], k: number): boolean {
    for (let i = k; i < units.length; i++) if (!isP(units[i], TERMINAL + ')')) return false;
    return true;
  }

  /** Content after the cue: "that ...", ": ...", ', "..."', a bare clause, or a to-infinitive. */
  private contentRight(units: Unit[], cueLast: number, verb: VerbCue): Content | null {
    let k = cueLast + 1;
    while (isW(units[k]) && ((L.between.has(units[k]!.lower) && !units[k]!.cap) || /^[a-z]+ly$/.test(units[k]!.text)) && !isW(units[k], 'that', 'not')) k++;
    if (verb.object && isW(units[k]) && !isW(units[k], 'that', 'to', 'whether', 'if', 'about', 'for', 'of', 'at', 'in', 'on', 'during', 'from', 'after', 'before')) {
      const obj = OBJECTS.has(units[k]!.lower) ? { last: k } : rightPhrase(units, k);
      if (obj) k = obj.last + 1;
      else {
        let z = k + 1;
        while (z < units.length && z - k < 8 && !isW(units[z], 'that') && units[z]!.kind !== 'q' && !isP(units[z], ',.;:')) z++;
        if (!isW(units[z], 'that')) return null;
        k = z;
      }
    }
    // Adjuncts: "said in a statement that", "told CNN on Sunday that", "said Tuesday he ..."
    for (let guard = 0; guard < 3 && isW(units[k]); guard++) {
      const u = units[k]!;
      if (DAY.test(u.lower)) { k++; continue; }
      if (!ADJUNCT_STARTS.has(u.lower) || (u.lower === 'to' && verb.infinitive)) break;
      let z = k + 1;
      while (z < units.length && z - k < 12 && !isW(units[z], 'that') && !isP(units[z], ',:') && units[z]!.kind !== 'q') z++;
      if (z >= units.length || z - k >= 12) return null;
      if (isP(units[z], ',') && !isW(units[z + 1], 'that') && units[z + 1]?.kind !== 'q') return null;
      k = isP(units[z], ',') && isW(units[z + 1], 'that') ? z + 1 : z;
    }
    const u = units[k];
    if (!u) return null;
    const end = this.clauseEnd(units, k);
    if (isW(u, 'that')) return end > k ? { first: k, last: end } : null;
    if (isP(u, ':')) return end > k ? { first: k + 1, last: end } : null;
    if (isP(u, ',') && units[k + 1]?.kind === 'q') return { first: k + 1, last: end };
    if (isP(u, ',') && isW(units[k + 1], 'that')) return end > k + 1 ? { first: k + 1, last: end } : null;
    if (u.kind === 'q') return { first: k, last: end };
    if (verb.needsThat && !(verb.infinitive && isW(u, 'to'))) {
      if (verb.class === 'speech' && isW(u) && CLAUSE_OPENERS.has(u.lower) && verb.lemma === 'ask') return { first: k, last: end };
      return null;
    }
    if (isW(u, 'to')) return verb.infinitive && end > k ? { first: k, last: end } : null;
    if (u.kind !== 'w') return null;
    if (CLAUSE_OPENERS.has(u.lower) && (verb.lemma === 'ask' || verb.lemma === 'wonder')) return { first: k, last: end };
    if (/^(of|about|on|for|with|by|as|so|up|out|off|into|over|at|in)$/.test(u.lower)) return null;
    if (end < k || wordCount(this.doc.norm.slice(units[k]!.start, units[end]!.end)) < 2) return null;
    return { first: k, last: end };
  }

  /** The object of a cue that takes no that-clause: "announced his resignation", "called for a ban". */
  private objectContent(units: Unit[], k: number, verb: VerbCue): Content | null {
    if (verb.frame) return null;
    if (isW(units[k], 'for', 'on', 'to', 'out') && (verb.lemma === 'call' || verb.lemma === 'refer' || verb.lemma === 'point')) k++;
    const u = units[k];
    if (!u || u.kind === 'p') return null;
    if (u.kind === 'w' && /^(of|about|on|for|with|by|as|so|up|out|off|into|over|at|in|to|from|be|been|being|is|was|are|were|and|or|but|because|after|before|since|during|while)$/.test(u.lower)) return null;
    const end = this.clauseEnd(units, k);
    if (end < k) return null;
    return { first: k, last: end };
  }

  /** Only time and place phrases remain: "..., the University of Michigan reported last week." */
  private adjunctTail(units: Unit[], k: number): boolean {
    const u = units[k];
    if (!u || !isW(u) || !(DAY.test(u.lower) || ADJUNCT_STARTS.has(u.lower))) return false;
    let n = 0;
    for (let i = k; i < units.length; i++) {
      const x = units[i]!;
      if (isP(x, '.!?')) return this.endsAt(units, i);
      if (x.kind !== 'w' || L.verbs.has(x.lower) || CLAUSE_BOUNDARY.has(x.lower) || ++n > 10) return false;
    }
    return true;
  }

  /** Last unit of a clause that starts at k: the sentence end, or before ", according to" / ", adding ...". */
  private clauseEnd(units: Unit[], k: number): number {
    let e = units.length - 1;
    for (let i = k + 1; i < units.length - 1; i++) {
      // "... and Jones said that ...": another attribution joined on.
      if (isW(units[i], 'and', 'but') && this.attributionAt(units, i + 1, true)) { e = i - 1; break; }
      // `..., "we go," Smith said, ...`: a quotation with its own speaker after it closes the clause.
      if (units[i]!.kind === 'q' && this.tailAttribution(units, i, true)) { e = i; break; }
      if (!isP(units[i], ',;')) continue;
      const n = units[i + 1]!;
      if (isW(n, 'according') || (n.kind === 'w' && L.verbs.get(n.lower)?.ing)) { e = i - 1; break; }
      if (this.tailAttribution(units, i)) { e = i - 1; break; }
      // "..., he said." closing the sentence belongs to another attribution.
      let v = -1;
      for (let j = i + 2; j <= i + 5 && j < units.length; j++) {
        const verb = units[j]!.kind === 'w' ? L.verbs.get(units[j]!.lower) : undefined;
        if (verb && !verb.needsThat) { v = j; break; }
      }
      if (v > 0 && this.endsAt(units, v + 1)) {
        const np = leftPhrase(units, v - 1);
        if (np && np.first === i + 1) { e = i - 1; break; }
      }
      // "..., Smith said that ..." opening another attribution in the same sentence: the clause ends before it.
      if (this.attributionAt(units, i + 1)) { e = i - 1; break; }
    }
    while (e >= k && isP(units[e], TERMINAL)) e--;
    return e;
  }

  /** A named or pronoun speaker starting at unit f, then a speech cue and its content: `Smith said (that) ...`; marked: only with "that", a colon or a quote. */
  private attributionAt(units: Unit[], f: number, marked = false): boolean {
    for (let v = f + 1; v <= f + 4 && v < units.length - 1; v++) {
      const w = units[v]!;
      if (w.kind !== 'w') return false;
      const verb = L.verbs.get(w.lower);
      if (!verb || w.cap || verb.ing || (verb.class !== 'speech' && verb.class !== 'writing')) continue;
      const n = units[v + 1]!;
      if (!(isW(n, 'that') || isP(n, ':') || n.kind === 'q' || (!marked && isW(n) && !ADJUNCT_STARTS.has(n.lower) && !DAY.test(n.lower)))) return false;
      const np = leftPhrase(units, v - 1);
      return !!np && np.first === f && np.last === v - 1 && !!(np.name.length || (np.pronoun && /^(he|she|they|we|i)$/.test(np.pronoun)));
    }
    return false;
  }

  /** Content before the speaker: a quote, or a clause from the sentence start up to the comma. */
  private contentLeft(units: Unit[], b: number, minWords = 3): Content | null {
    const u = units[b];
    if (!u) return null;
    if (u.kind === 'q' && this.realQuote(units, b)) return { first: b, last: b };
    const first = this.leftStart(units, b);
    if (first < 0) return null;
    if (u.kind === 'q') {
      // `Trump's misinformation may be "strategic," said ...`: the clause that ends in a short quotation.
      return units.slice(first, b).filter((x) => x.kind === 'w').length >= 2 ? { first, last: b } : null;
    }
    if (!isP(u, ',-—–')) return null;
    if (b - 1 < first) return null;
    if (units[b - 1]!.kind === 'q' && first === b - 1) return { first, last: b - 1 };
    const words = units.slice(first, b).filter((x) => x.kind === 'w').length;
    if (words < minWords) return null;
    return { first, last: b - 1 };
  }

  /**
   * Where content ending at unit b may start: the sentence start, or after the last trailing attribution before b.
   * -1 when an attribution before b took a quotation: what follows it is that speaker's aside
   * (`"...," said X, co-director of Y, a liberal think tank`), not another statement's content.
   */
  private leftStart(units: Unit[], b: number): number {
    let first = firstContent(units);
    const at = units[b]?.start ?? Infinity;
    let floor = -1;
    for (const e of this.tailEnds) if (e <= at && e > floor) floor = e;
    if (floor < 0) return first;
    for (; first < b && (units[first]!.start < floor || units[first]!.kind === 'p'); first++) {
      const u = units[first]!;
      if (u.kind === 'q' && u.start < floor && this.usedQuotes.has(u.quote)) return -1;
    }
    return first;
  }

  /** A trailing attribution ends at unit i, with the adjuncts that close its clause: `, Smith said in a statement,`. */
  private markTail(units: Unit[], i: number): void {
    let j = i;
    while (isW(units[j + 1]) && !isW(units[j + 1], 'and', 'but') && j - i < 12) j++;
    this.tailEnds.push(units[j + 1] === undefined || isP(units[j + 1], TERMINAL) ? units[j]!.end : units[i]!.end);
  }

  /** `, Smith said,` / `, said Smith.`: an attribution that closes the clause before it (units[i] is its comma, or a quotation). */
  private tailAttribution(units: Unit[], i: number, afterQuote = false): boolean {
    if (!(afterQuote || isP(units[i], ',-—'))) return false;
    const closes = (j: number) => isP(units[j], ',') || this.endsAt(units, j);
    const first = units[i + 1];
    if (!isW(first)) return false;
    const inv = L.verbs.get(first!.lower);
    if (inv && inv.invert && !first!.cap) {
      const r = rightPhrase(units, i + 2);
      return !!r && closes(r.last + 1);
    }
    for (let v = i + 2; v <= i + 6 && v < units.length; v++) {
      const w = units[v]!;
      if (w.kind !== 'w') return false;
      const verb = L.verbs.get(w.lower);
      if (!verb || verb.needsThat || verb.ing || w.cap) continue;
      if (!closes(v + 1)) return false;
      const np = leftPhrase(units, v - 1);
      return !!np && np.first === i + 1;
    }
    return false;
  }

  /** A quotation that can be a statement on its own: it opens the sentence, or it is more than a title or a phrase. */
  private realQuote(units: Unit[], i: number): boolean {
    const q = this.doc.quotes[units[i]!.quote]!;
    return i === firstContent(units) || wordCount(this.doc.norm.slice(q.innerStart, q.innerEnd)) >= 4;
  }

  /** `Sanders delivered a snappy retort: "No one is tearing this up."` — the sentence's subject introduces a quotation. */
  private colonQuote(s: Sentence, units: Unit[]): Draft | null {
    const colon = units.findIndex((u) => isP(u, ':'));
    if (colon < 2 || units[colon + 1]?.kind !== 'q' || !this.endsAt(units, colon + 2) || this.usedQuotes.has(units[colon + 1]!.quote)) return null;
    if (!units.slice(0, colon).some((u) => u.kind === 'w' && !u.cap)) return null;
    const np = this.sentenceSubject(units, colon);
    if (!np || this.isOutlet(np)) return null;
    const cue = { start: units[colon]!.start, end: units[colon]!.end };
    const d = this.contentDraft(s, units, { first: colon + 1, last: colon + 1 }, cue, this.speakerOf(np, units, s), 'subject-colon-quote', 0.6);
    if (d) this.interrupted(units, colon + 2, d);
    return d;
  }

  /** `X said:` closing a sentence, with the quote in the next sentence or paragraph. */
  private colonLead(s: Sentence, units: Unit[], k: number, cue: Span, speakerFor: () => DraftSpeaker | null): Draft | null {
    if (!this.endsAt(units, k) && !this.adjunctTail(units, k)) return null;
    // `"Nobody expected this?" ¶ Smith said.` split by the sentence splitter: the quote just before, same paragraph.
    const prev = this.doc.sentences[s.index - 1];
    if (!isP(units[k], ':') && prev && prev.paragraph === s.paragraph) {
      const pu = this.units[prev.index]!;
      const orphan = this.drafts.findIndex((d) => d.sentence === prev.index && d.rule === 'unattributed-quote');
      if (orphan >= 0 && pu[0]?.kind === 'q') {
        this.usedQuotes.delete(pu[0].quote);
        this.drafts.splice(orphan, 1);
      }
      if (pu[0]?.kind === 'q' && this.endsAt(pu, 1) && !this.usedQuotes.has(pu[0].quote) && !this.drafts.some((d) => d.sentence === prev.index)) {
        const d = this.contentDraft(prev, pu, { first: 0, last: 0 }, cue, speakerFor(), 'quote-then-speaker', 0.75);
        if (d) d.sentence = s.index;
        return d;
      }
    }
    const next = this.doc.sentences[s.index + 1];
    if (!next || next.paragraph !== s.paragraph && !isP(units[k], ':')) return null;
    const nu = this.units[next.index]!;
    if (nu[0]?.kind !== 'q' || this.usedQuotes.has(nu[0].quote)) return null;
    const d = this.contentDraft(next, nu, { first: 0, last: 0 }, cue, speakerFor(), 'speaker-cue-colon', 0.8);
    if (d) d.sentence = s.index;
    return d;
  }

  /** `"X," he said, "Y."` and `"X," he said. "Y."`: more quoted pieces of the same statement. */
  private interrupted(units: Unit[], tail: number, d: Draft): void {
    let k = tail;
    while (isW(units[k]) && !isW(units[k], 'and')) k++;
    if (d.kind !== 'direct') {
      // "In Miami, Mr. Regalado said, Mr. Trump is seen as ..."
      if (!isP(units[k], ',') || !isW(units[k + 1]) || isW(units[k + 1], 'according', 'and', 'but', 'who', 'which') || L.verbs.get(units[k + 1]!.lower)?.ing) return;
      const end = this.clauseEnd(units, k + 1);
      if (end <= k + 1 || units.slice(k + 1, end + 1).some((u) => u.kind === 'q' && this.usedQuotes.has(u.quote))) return;
      // `A, Smith said, B, Jones said, ...`: B is the next attribution's content, not the rest of this one.
      for (let i = k + 2; i <= end + 1; i++) if (this.tailAttribution(units, i)) return;
      d.parts.push({ start: units[k + 1]!.start, end: units[end]!.end });
      for (const u of units.slice(k + 1, end + 1)) if (u.kind === 'q') { d.quotes.push(u.quote); this.usedQuotes.add(u.quote); }
      return;
    }
    // `"X," Smith said, "Y," Jones said.`: Y is Jones's.
    if (isP(units[k], ',:') && units[k + 1]?.kind === 'q' && !this.usedQuotes.has(units[k + 1]!.quote) && !this.tailAttribution(units, k + 1, true)) {
      this.addQuotePart(d, units[k + 1]!.quote);
      if (!this.endsAt(units, k + 2)) return;
    } else if (!this.endsAt(units, k)) return;
    // Following quote-only sentences of the same paragraph.
    for (let si = d.sentence + 1; si < this.doc.sentences.length; si++) {
      const s = this.doc.sentences[si]!;
      if (s.paragraph !== d.paragraph) break;
      const nu = this.units[si]!;
      if (nu[0]?.kind !== 'q' || !this.endsAt(nu, 1) || this.usedQuotes.has(nu[0].quote)) break;
      this.addQuotePart(d, nu[0].quote);
    }
  }

  private addQuotePart(d: Draft, qi: number): void {
    const q = this.doc.quotes[qi]!;
    d.parts.push({ start: q.start, end: q.end });
    d.quotes.push(qi);
    this.usedQuotes.add(qi);
  }

  // ---- sieve: learned cues --------------------------------------------------------------------------------
  /** Verbs outside the curated lexicon, scored by the learned model, with a speaker phrase that starts a clause. */
  private learnedCues(s: Sentence, units: Unit[], made: Draft[]): void {
    if (!this.cueModel && !this.options.collect) return;
    const cues = new Set(made.map((d) => d.cue?.start));
    for (let v = 1; v < units.length - 1; v++) {
      const u = units[v]!;
      if (!isCandidateVerb(u) || cues.has(u.start) || L.verbs.has(u.lower)) continue;
      let k = v - 1;
      while (k >= 0 && isW(units[k]) && ((L.between.has(units[k]!.lower) && !units[k]!.cap) || /^[a-z]+ly$/.test(units[k]!.text))) k--;
      const np = k >= 0 ? leftPhrase(units, k) : null;
      if (!np || !this.startsClause(units, np.first) || /'s$/.test(units[np.last]!.lower)) continue;
      if (np.pronoun === 'it' || np.pronoun === 'which' || np.pronoun === 'you' || np.pronoun === 'who' && !isP(units[np.first - 1], ',')) continue;
      let c0 = v + 1;
      while (isW(units[c0]) && /^[a-z]+ly$/.test(units[c0]!.text)) c0++;
      const first = units[c0];
      if (!first || (first.kind === 'p' && !(isP(first, ':') && units[c0 + 1]))) continue;
      if (isP(first, ':')) c0++;
      const end = this.clauseEnd(units, c0);
      if (end < c0) continue;
      const features = cueFeatures(units, v, np, c0, end);
      if (this.options.collect) {
        this.options.collect({ features, cue: { start: u.start, end: u.end }, content: { start: units[c0]!.start, end: units[end]!.end } });
      }
      if (!this.cueModel || scoreCue(this.cueModel, features) < this.cueModel.threshold) continue;
      const d = this.contentDraft(s, units, { first: c0, last: end }, { start: u.start, end: u.end }, this.speakerOf(np, units, s), 'learned-cue', 0.3);
      if (d) cues.add(u.start);
    }
  }

  /**
   * Weakest sieve: a named actor opening the sentence and the rest of the clause after its verb ("Clinton is targeting
   * Latino voters"). PolNeAR annotates such stances as attributions; confidence 0.25 keeps them out of extractStatements.
   */
  private actorClause(s: Sentence, units: Unit[]): void {
    const f = firstContent(units);
    if (!isW(units[f])) return;
    let np: NounPhrase | null = null;
    for (let v = f + 1; v < units.length && v - f < 8; v++) {
      const w = units[v]!;
      if (w.kind !== 'w') break;
      if (isVerbLike(w) || (L.between.has(w.lower) && !w.cap && isVerbLike(units[v + 1]))) { np = leftPhrase(units, v - 1); break; }
    }
    if (!np || np.first !== f || (np.pronoun && !/^(he|she|they|we|i)$/.test(np.pronoun))) return;
    if (!np.pronoun && !np.name.length && np.type === 'unknown') return;
    let v = np.last + 1;
    while (isW(units[v]) && ((L.between.has(units[v]!.lower) && !units[v]!.cap) || /^[a-z]+ly$/.test(units[v]!.text))) v++;
    const verb = units[v];
    if (!verb || !isVerbLike(verb) || /^(is|was|are|were|has|had|have|be|been|does|did|do)$/.test(verb.lower)) return;
    const end = this.clauseEnd(units, v + 1);
    if (end <= v + 1) return;
    const cue = { start: units[np.last + 1]!.start, end: verb.end };
    this.contentDraft(s, units, { first: v + 1, last: end }, cue, this.speakerOf(np, units, s), 'actor-clause', 0.25);
  }

  // ---- sentences without a cue ---------------------------------------------------------------------------
  /** A quote standing alone: it continues the paragraph's speaker, or the previous paragraph's when it opens one. */
  private lonelyQuote(s: Sentence, units: Unit[]): void {
    const q = units[0];
    if (!q || q.kind !== 'q' || !this.endsAt(units, 1) || this.usedQuotes.has(q.quote)) return;
    const last = this.drafts[this.drafts.length - 1];
    const para = this.doc.paragraphs[s.paragraph]!;
    const inner = this.doc.text.slice(this.doc.quotes[q.quote]!.innerStart, this.doc.quotes[q.quote]!.innerEnd);
    const carries = last && last.speaker && (last.kind === 'direct' || last.kind === 'mixed' || (last.paragraph < s.paragraph && !!last.speaker.name && last.confidence >= WEAK));
    if (last && last.speaker && carries && last.sentence < s.index
      && (last.paragraph === s.paragraph || (last.paragraph === s.paragraph - 1 && s.index === para.sentenceStart))) {
      if (last.paragraph === s.paragraph) {
        this.addQuotePart(last, q.quote);
        return;
      }
      if (last.kind !== 'direct' && last.kind !== 'mixed') {
        // "X said that ..." closing one paragraph, a quotation opening the next: X's words, as their own statement.
        this.push({
          parts: [{ start: this.doc.quotes[q.quote]!.start, end: this.doc.quotes[q.quote]!.end }], kind: 'direct', cue: null,
          speaker: { ...last.speaker, mention: null }, rule: 'quote-after-report', confidence: 0.5, paragraph: s.paragraph, sentence: s.index,
          context: null, venue: null, quotes: [q.quote],
        });
        this.usedQuotes.add(q.quote);
        return;
      }
      this.push({
        parts: [{ start: this.doc.quotes[q.quote]!.start, end: this.doc.quotes[q.quote]!.end }], kind: 'direct', cue: null,
        speaker: { ...last.speaker, mention: null }, rule: 'quote-continuation', confidence: 0.6, paragraph: s.paragraph, sentence: s.index,
        context: null, venue: null, quotes: [q.quote],
      });
      this.usedQuotes.add(q.quote);
      return;
    }
    // The paragraph already named who speaks ("X said that ... . \"...\""): the quotation is theirs.
    if (last && last.speaker && last.paragraph === s.paragraph && last.sentence < s.index && (last.speaker.name || last.speaker.mention)) {
      this.push({
        parts: [{ start: this.doc.quotes[q.quote]!.start, end: this.doc.quotes[q.quote]!.end }], kind: 'direct', cue: null,
        speaker: { ...last.speaker, mention: null }, rule: 'paragraph-speaker-quote', confidence: 0.5, paragraph: s.paragraph, sentence: s.index,
        context: null, venue: null, quotes: [q.quote],
      });
      this.usedQuotes.add(q.quote);
      return;
    }
    if (wordCount(inner) >= 6) {
      this.push({
        parts: [{ start: this.doc.quotes[q.quote]!.start, end: this.doc.quotes[q.quote]!.end }], kind: 'direct', cue: null, speaker: null,
        rule: 'unattributed-quote', confidence: 0.3, paragraph: s.paragraph, sentence: s.index, context: null, venue: null, quotes: [q.quote],
      });
      this.usedQuotes.add(q.quote);
    }
  }

  /** An unmarked paragraph in the first person right after "X commented on ...": X's words. */
  private continuation(paragraph: number, from: number, to: number, firstDraft: number): void {
    const f = this.frame;
    if (!f || f.paragraph !== paragraph - 1) return;
    const p = this.doc.paragraphs[paragraph]!;
    const body = this.doc.text.slice(p.start, p.end);
    if (this.doc.quotes.some((q) => q.start < p.end && p.start < q.end)) return;
    if (!FIRST_PERSON.test(body)) return;
    const last = this.doc.sentences[to - 1]!;
    const span = trimSpan(this.doc.norm, this.doc.sentences[from]!.start, last.end);
    this.drafts.length = firstDraft;
    this.push({
      parts: [span], kind: 'continuation', cue: null, speaker: { ...f.speaker, mention: null }, rule: 'frame-continuation', confidence: 0.6,
      paragraph, sentence: from, context: f.text, venue: null, quotes: [],
    });
  }

  // ---- building statements -------------------------------------------------------------------------------
  private contentDraft(s: Sentence, units: Unit[], c: Content, cue: Span | null, speaker: DraftSpeaker | null, rule: string, confidence: number): Draft | null {
    let { first, last } = c;
    while (first <= last && isP(units[first], ',:;-—')) first++;
    while (last >= first && isP(units[last], TERMINAL + '-—')) last--;
    if (last < first) return null;
    const slice = units.slice(first, last + 1);
    const quotes = slice.filter((u) => u.kind === 'q');
    if (quotes.some((q) => this.usedQuotes.has(q.quote))) return null;
    const onlyQuote = slice.length === 1 && slice[0]!.kind === 'q';
    let parts: Span[];
    if (onlyQuote) {
      const q = this.doc.quotes[slice[0]!.quote]!;
      parts = [{ start: q.start, end: q.end }];
    } else {
      parts = [{ start: slice[0]!.start, end: slice[slice.length - 1]!.end }];
      if (wordCount(this.doc.text.slice(parts[0]!.start, parts[0]!.end)) < 2) return null;
    }
    for (const q of quotes) this.usedQuotes.add(q.quote);
    const kind = onlyQuote ? 'direct' : quotes.length ? 'mixed' : 'indirect';
    const venue = findVenue(this.doc.norm.slice(s.start, s.end).replace(this.doc.norm.slice(parts[0]!.start, parts[parts.length - 1]!.end), ' '));
    const d: Draft = {
      parts, kind, cue, speaker, rule, confidence, paragraph: s.paragraph, sentence: s.index, context: null, venue,
      quotes: quotes.map((q) => q.quote),
    };
    this.push(d);
    return d;
  }

  private push(d: Draft): void {
    // Only confident statements make someone the current speaker for later pronouns.
    if (d.speaker?.personId != null && d.confidence >= WEAK) {
      const person = this.table.personById(d.speaker.personId);
      if (person) this.table.noteSpeaker(person, d.parts[0]!.start, d.paragraph);
    }
    this.drafts.push(d);
  }

  private addContext(d: Draft, units: Unit[], np: NounPhrase): void {
    const f = this.frame;
    if (f && f.paragraph === d.paragraph - 1 && f.speaker.personId != null && f.speaker.personId === d.speaker?.personId) {
      d.context = f.text;
      return;
    }
    const first = units[0];
    if (first && first.kind === 'w' && CONTEXT_OPENERS.test(first.text) && isP(units[np.first - 1], ',') && np.first - 1 > 0) {
      d.context = this.doc.text.slice(first.start, units[np.first - 2]!.end);
    }
  }

  private isOutlet(np: NounPhrase): boolean {
    if (!this.outlet) return false;
    const t = np.text.toLowerCase().replace(/^the\s+/, '');
    return t === this.outlet || np.name.join(' ').toLowerCase() === this.outlet;
  }

  /**
   * Another named person opens the sentence before the pronoun ("Zelensky met Macron on Friday. He said ..." after an
   * earlier Macron quote): the pronoun is ambiguous, so it stays unresolved rather than guessed.
   */
  private rivalSubject(s: Sentence, np: NounPhrase, personId: number): boolean {
    const prev = this.doc.sentences[s.index - 1];
    if (!prev || s.paragraph - prev.paragraph > 1) return false;
    if (np.first > 1) {
      // A person named earlier in the same sentence comes first.
      const units = this.units[s.index]!;
      const inner = units.slice(0, np.first).some((u) => u.kind === 'w' && u.cap && !L.nonNames.has(u.lower));
      if (inner) return false;
    }
    const pu = this.units[prev.index]!;
    const subject = this.sentenceSubject(pu, pu.length);
    if (!subject || !subject.name.length || subject.type !== 'person') return false;
    const r = this.table.resolvePhrase(subject);
    if (r.person === null || r.person.id === personId) return false;
    const want = L.pronouns.get(np.pronoun ?? '')?.gender;
    return !(r.person.gender && (want === 'm' || want === 'f') && r.person.gender !== want);
  }

  private speakerOf(np: NounPhrase, units: Unit[], s: Sentence): DraftSpeaker | null {
    const mention = { start: np.start, end: np.end };
    if (np.pronoun) {
      if (np.pronoun === 'who' || np.pronoun === 'which') {
        const ante = leftPhrase(units, isP(units[np.first - 1], ',') ? np.first - 2 : np.first - 1);
        if (ante && !ante.pronoun) {
          const r = this.table.resolvePhrase(ante);
          return { name: r.name, role: r.role, type: r.type, mention, personId: r.person?.id ?? null };
        }
        return { name: null, role: null, type: 'unknown', mention, personId: null };
      }
      const p = this.table.resolvePronoun(np.pronoun, s.paragraph);
      if (p && !this.rivalSubject(s, np, p.id)) return { name: p.name, role: p.role, type: p.type, mention, personId: p.id };
      return { name: null, role: null, type: np.pronoun === 'they' || np.pronoun === 'we' ? 'group' : 'unknown', mention, personId: null };
    }
    const r = this.table.resolvePhrase(np);
    return { name: r.name, role: r.role, type: r.type, mention, personId: r.person?.id ?? null };
  }
}

function firstContent(units: Unit[]): number {
  let i = 0;
  while (i < units.length && units[i]!.kind === 'p') i++;
  return i;
}

function trimSpan(norm: string, start: number, end: number): Span {
  while (end > start && /[\s.!?;:,]/.test(norm[end - 1]!)) end--;
  while (start < end && /\s/.test(norm[start]!)) start++;
  return { start, end };
}
