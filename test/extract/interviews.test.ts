// Interviews in every form (issue 13): question-and-answer (bold or Q:/A:), NAME: transcripts, live blogs, and an
// attribution nested inside an answer. Fictional articles in test/extract/fixtures/; before this work the Q&A and
// transcript answers yielded nothing (or actor-clause fragments with "Nothing" and "Washington" as speakers).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractStatements } from '../../src/extract/index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');
const read = (body: string) =>
  extractStatements(body).map((s) => ({
    speaker: s.speaker?.name ?? null,
    text: s.text,
    ...(s.innerSource ? { inner: s.innerSource.name } : {}),
    ...(s.unattributed ? { unattributed: s.unattributed } : {}),
    ...(s.context ? { context: s.context } : {}),
  }));

describe('question-and-answer interviews', () => {
  it("bold questions: each answer is the interviewee's, the question its context; a question quoting a minister stays hers; Washington is the inner source", () => {
    const q1 = 'Will the alliance send ships to the Black Sea?';
    const q2 = 'Minister Kallasvee said last week that "nothing is excluded". Do you agree?';
    expect(read(fixture('interview-bold'))).toEqual([
      {
        speaker: 'Tarmo Kivisild',
        text: 'No decision has been taken. We are ready if the ministers ask us, but the ministers have not asked.',
        context: q1,
      },
      { speaker: 'Tarmo Kivisild', text: 'Our crews train every week for this.', context: q1 },
      { speaker: 'Kallasvee', text: '"nothing is excluded"' },
      { speaker: 'Tarmo Kivisild', text: 'Nothing is excluded, but nothing is planned either.', context: q2 },
      {
        speaker: 'Tarmo Kivisild',
        text: 'Washington has been clear that it will help with intelligence and logistics.',
        inner: 'Washington',
        context: q2,
      },
      { speaker: 'Tarmo Kivisild', text: 'As long as the guarantees need it.', context: 'How long could a mission last?' },
    ]);
  });

  it("Q:/A: lines: answers are the interviewee's; the ministry inside an answer is the inner source", () => {
    const rows = read(fixture('interview-q-a')).filter((r) => r.speaker === 'Liis Tamberg');
    expect(rows).toEqual([
      {
        speaker: 'Liis Tamberg',
        text: 'By the end of next year, if the funding arrives on time.',
        context: 'When will the brigade be ready?',
      },
      { speaker: 'Liis Tamberg', text: 'It is demanding.', context: 'Is that realistic?' },
      {
        speaker: 'Liis Tamberg',
        text: 'The ministry has told us that the money is there.',
        inner: 'ministry',
        context: 'Is that realistic?',
      },
    ]);
  });

  it('an introduction naming two people and no subject among them names nobody', () => {
    const body = 'Marta Kallasvee and Ott Lindmets met in Tartu.\n\nQ: Will you meet again?\n\nWe will.\n\nQ: When?\n\nIn May.';
    expect(read(body).map((r) => [r.speaker, r.unattributed ?? null])).toEqual([
      [null, 'the introduction names 2: Marta Kallasvee, Ott Lindmets'],
      [null, 'the introduction names 2: Marta Kallasvee, Ott Lindmets'],
    ]);
  });
});

describe('transcripts', () => {
  it("each NAME: turn is that person's, by the full name the article gives; QUESTION: turns are context, not statements", () => {
    expect(read(fixture('interview-transcript'))).toEqual([
      {
        speaker: 'Marta Kallasvee',
        text: 'We have agreed on the next steps. The brigade will stay in the east until the end of the year.',
      },
      { speaker: 'Ott Lindmets', text: 'I would add that our partners in Helsinki support this decision fully.' },
      {
        speaker: 'Marta Kallasvee',
        text: 'Nobody is sending troops anywhere until the guns fall silent.',
        context: 'Will the troops move to Ukraine?',
      },
    ]);
  });
});

describe('live blogs', () => {
  it('each timestamped entry has its own speaker; "the colonel" is the colonel named; an unnamed "the general" is nobody', () => {
    const rows = read(fixture('live-blog')).map((r) => [r.speaker, r.text.slice(0, 30), r.unattributed ?? null]);
    expect(rows).toEqual([
      ['Ivo Kask', 'the exercise near the border h', null],
      ['Ivo Kask', 'All units are back in their ba', null],
      ['Ott Lindmets', 'We expect a long day', null],
      ['Ott Lindmets', 'the Finnish delegation was alr', null],
      // A quote that names the colonel is the reservist's, and so is the reservist's next quotation.
      ['reservist', 'The colonel is wrong about the', null],
      ['reservist', 'Half of us are still in the fi', null],
      [null, 'We will not comment on rumours', '"the general" names nobody in the article'],
    ]);
  });
});
