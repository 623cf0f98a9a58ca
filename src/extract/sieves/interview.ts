// Interview forms, read once per article (planInterview) and applied per paragraph (interviewAnswer):
//   question-and-answer  bold questions (`**...?**`) or `Q:` lines, each followed by answer paragraphs (optionally `A:`);
//                        the interviewee is the one person the introduction (the paragraphs before the first question) names;
//   transcripts          `KALLASVEE: ...` turns, each its label's words; `QUESTION:`/`REPORTER:` turns are questions.
// An answer or turn is its speaker's verbatim statement, with the question it answers as context. A question never speaks
// for the interviewee (its own readings, such as a minister it quotes, stay as they are). A sentence of an answer that
// attributes something to someone else ("Washington has been clear that it will help") stays the answerer's statement,
// with that someone recorded as innerSource; the answer outranks the paragraph's other readings.
import type { Span } from '../../model.ts';
import type { Paragraph } from '../document.ts';
import { newDraft, newSpeaker, type Draft, type DraftSpeaker } from '../draft.ts';
import type { Person } from '../speakers.ts';
import { outrank, standingDrafts } from './arbitration.ts';
import type { SieveContext } from './context.ts';
import { addDraft } from './drafts.ts';
import { subjectCandidate } from './speakers.ts';
import { sentenceSubject } from './subjects.ts';

export interface InterviewTurn {
  kind: 'question' | 'answer';
  /** Where the words start, after a `Q:`/`A:`/`NAME:` label or a bold mark. */
  from: number;
  /** Where they end, before a closing bold mark. */
  to: number;
  /** For answers: who speaks, or null with the reason in `unresolved`. */
  speaker: DraftSpeaker | null;
  rule: 'interview-answer' | 'transcript-turn';
}

const BOLD_QUESTION = /^(\s*\*\*)([^*]*\?[^*]*?)\*\*\s*$/;
const Q_LABEL = /^(\s*(?:Q|Question)\s*[:.]\s*)\S/;
const A_LABEL = /^(\s*(?:A|Answer)\s*[:.]\s*)\S/;
const TURN_LABEL = /^(\s*([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})\s*:\s+)\S/;
const QUESTION_LABELS = new Set(['Q', 'QUESTION', 'REPORTER', 'INTERVIEWER', 'MODERATOR', 'HOST', 'AUDIENCE', 'JOURNALIST']);

/** The interview structure of an article: paragraph index -> turn; empty for ordinary articles. */
export function planInterview(ctx: SieveContext): Map<number, InterviewTurn> {
  const doc = ctx.doc;
  const text = (p: Paragraph) => doc.text.slice(p.start, p.end);
  const plan = new Map<number, InterviewTurn>();
  // Transcripts: at least two turns by named speakers.
  const turns = doc.paragraphs.map((p) => TURN_LABEL.exec(text(p)));
  if (turns.filter((m) => m && !QUESTION_LABELS.has(m[2]!)).length >= 2) {
    doc.paragraphs.forEach((p, i) => {
      const m = turns[i];
      if (!m) return;
      const from = p.start + m[1]!.length;
      if (QUESTION_LABELS.has(m[2]!)) plan.set(p.index, { kind: 'question', from, to: p.end, speaker: null, rule: 'transcript-turn' });
      else
        plan.set(p.index, {
          kind: 'answer',
          from,
          to: p.end,
          speaker: labelSpeaker(ctx, m[2]!, { start: p.start + m[1]!.indexOf(m[2]!), end: p.start + m[1]!.indexOf(m[2]!) + m[2]!.length }),
          rule: 'transcript-turn',
        });
    });
    return plan;
  }
  // Question-and-answer: at least two questions.
  const questions = doc.paragraphs.map((p) => {
    const t = text(p);
    const bold = BOLD_QUESTION.exec(t);
    if (bold) return { from: p.start + bold[1]!.length, to: p.start + bold[1]!.length + bold[2]!.length };
    const q = Q_LABEL.exec(t);
    return q ? { from: p.start + q[1]!.length, to: p.end } : null;
  });
  const firstQ = questions.findIndex((q) => q !== null);
  if (questions.filter((q) => q !== null).length < 2) return plan;
  const interviewee = intervieweeOf(ctx, firstQ);
  for (let i = firstQ; i < doc.paragraphs.length; i++) {
    const p = doc.paragraphs[i]!;
    const q = questions[i];
    if (q) {
      // Fields written out, not spread from q: a spread gives this turn a hidden class of its own (runSieves deoptimised on it).
      plan.set(p.index, { kind: 'question', from: q.from, to: q.to, speaker: null, rule: 'interview-answer' });
      continue;
    }
    const a = A_LABEL.exec(text(p));
    plan.set(p.index, {
      kind: 'answer',
      from: p.start + (a ? a[1]!.length : 0),
      to: p.end,
      speaker: interviewee,
      rule: 'interview-answer',
    });
  }
  return plan;
}

function asSpeaker(p: Person, mention: Span | null): DraftSpeaker {
  return newSpeaker({ name: p.name, role: p.role, type: p.type, mention, personId: p.id });
}

/** The one person the introduction names (people named only inside quotes do not count). */
function intervieweeOf(ctx: SieveContext, firstQuestion: number): DraftSpeaker {
  const named: Person[] = [];
  for (const s of ctx.doc.sentences) {
    if (s.paragraph >= firstQuestion) break;
    for (const p of ctx.mentions[s.index]!) if (p.type === 'person' && p.tokens.length >= 2 && !named.includes(p)) named.push(p);
  }
  if (named.length === 1) return asSpeaker(named[0]!, null);
  // Several: the one an introductory sentence is about ("Admiral X ... spoke to the Tallinn Courier").
  for (const s of ctx.doc.sentences) {
    if (s.paragraph >= firstQuestion) break;
    const units = ctx.units[s.index]!;
    const np = sentenceSubject(units, units.length);
    // "Marta Kallasvee and Ott Lindmets met ...": two subjects, no interviewee.
    if (!np || / (?:and|&) /.test(np.text) || units[np.last + 1]?.lower === 'and' || units[np.last + 1]?.lower === '&') continue;
    const subject = subjectCandidate(ctx, s.index, units.length);
    if (subject?.person && named.includes(subject.person)) return asSpeaker(subject.person, null);
  }
  return newSpeaker({
    name: null,
    role: null,
    type: 'unknown',
    mention: null,
    personId: null,
    unresolved: named.length
      ? `the introduction names ${named.length}: ${named.map((p) => p.name).join(', ')}`
      : 'the introduction names no interviewee',
  });
}

/** `KALLASVEE:` -> the person the article names Kallasvee, else the label itself ("Smith"). */
function labelSpeaker(ctx: SieveContext, label: string, mention: Span): DraftSpeaker {
  const words = label.split(' ').map((w) => w.charAt(0) + w.slice(1).toLowerCase());
  const p = ctx.table.lookup({
    first: 0,
    last: 0,
    start: 0,
    end: 0,
    text: words.join(' '),
    pronoun: null,
    name: words,
    role: null,
    type: 'person',
  });
  if (p) return asSpeaker(p, mention);
  return newSpeaker({ name: words.join(' '), role: null, type: 'person', mention, personId: null });
}

/** A question paragraph: the context of the answers after it (read before the paragraph's sieves, even for a bold line). */
export function noteQuestion(ctx: SieveContext, p: Paragraph): void {
  const turn = ctx.interview.get(p.index);
  if (turn?.kind === 'question') ctx.question = ctx.doc.text.slice(turn.from, turn.to).replace(/\s+/g, ' ').trim();
}

/** Paragraph sieve: an answer or turn becomes its speaker's statements; its other readings become inner sources or go. */
export function interviewAnswer(ctx: SieveContext, p: Paragraph, firstDraft: number): void {
  const turn = ctx.interview.get(p.index);
  if (!turn || turn.kind === 'question') return;
  const doc = ctx.doc;
  const readings = standingDrafts(ctx).slice(firstDraft);
  const speaker = turn.speaker;
  // Any reading that names someone else, even a weak one ("Washington has been clear that ..." is an actor clause).
  const other = (d: Draft) =>
    d.speaker?.name && d.speaker.name !== speaker?.name && !(d.speaker.personId != null && d.speaker.personId === speaker?.personId);
  const made: Draft[] = [];
  let run: { start: number; end: number; sentence: number } | null = null;
  const flush = (inner: DraftSpeaker | null, span: { start: number; end: number; sentence: number }) => {
    const trimmed = trim(doc.text, span.start, span.end);
    if (trimmed.end <= trimmed.start) return;
    const d: Draft = newDraft({
      parts: [{ start: trimmed.start, end: trimmed.end }],
      kind: 'direct',
      cue: null,
      speaker: speaker ? newSpeaker(speaker) : null,
      rule: turn.rule,
      confidence: 0.7,
      paragraph: p.index,
      sentence: span.sentence,
      context: ctx.question,
      venue: null,
      quotes: [],
      innerSource: inner ?? undefined,
    });
    made.push(d);
  };
  for (let si = p.sentenceStart; si < p.sentenceEnd; si++) {
    const s = doc.sentences[si]!;
    const start = Math.max(s.start, turn.from),
      end = Math.min(s.end, turn.to);
    if (end <= start) continue;
    const inner = readings.find((d) => d.sentence === si && other(d));
    if (inner) {
      if (run) flush(null, run);
      run = null;
      flush(newSpeaker(inner.speaker!), { start, end, sentence: si });
      continue;
    }
    if (run) run.end = end;
    else run = { start, end, sentence: si };
  }
  if (run) flush(null, run);
  for (const d of made) addDraft(ctx, d);
  if (made.length) outrank(ctx, made[0]!, readings);
}

function trim(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /[\s*]/.test(text[end - 1]!)) end--;
  return { start, end };
}
