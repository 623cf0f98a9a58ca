// The seed article (UNN, 2025-08-23): its ten statements with speaker, role, kind, context and venue.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../src/articles/front-matter.ts';
import { extractStatements } from '../../src/extract/index.ts';
import type { ExtractedStatement } from '../../src/model.ts';

const fixture = readFileSync(new URL('./fixtures/seed.txt', import.meta.url), 'utf8');
const articleUrl = new URL('../../data/articles/2025-08-23-unn-nato-troops-ukraine.md', import.meta.url);

const DRAGONE = 'Giuseppe Cavo Dragone';
const ROLE = 'head of the NATO Military Committee';

function check(body: string): void {
  const all = extractStatements(body, { outlet: 'UNN' });
  const find = (start: string): ExtractedStatement => {
    const s = all.find((x) => x.text.startsWith(start));
    if (!s) throw new Error(`no statement starting ${JSON.stringify(start)}; got:\n${all.map((x) => x.text.slice(0, 60)).join('\n')}`);
    return s;
  };
  const slice = (s: ExtractedStatement) => body.slice(s.span.start, s.span.end);

  expect(all).toHaveLength(10);

  const s1 = find('NATO has not discussed the issue of deploying a military contingent in Ukraine');
  expect(s1.kind).toBe('indirect');
  expect(s1.speaker?.name).toBe(DRAGONE);
  expect(s1.speaker?.role).toBe(ROLE);
  expect(s1.venue).toBe('in an interview with Corriere della Sera');
  expect(s1.cue?.text).toBe('stated');

  const s2 = find('These issues are part of international politics');
  expect(s2.kind).toBe('continuation');
  expect(s2.speaker?.name).toBe(DRAGONE);
  expect(s2.text).toContain('not even hinted at them');
  expect(s2.context).toMatch(/^Cavo Dragone commented on the possibility that/);

  const s3 = find('Not at all, this is, to put it mildly, premature.');
  expect(s3.kind).toBe('direct');
  expect(s3.speaker?.name).toBe(DRAGONE);
  expect(s3.speaker?.mention?.text).toBe('Cavo Dragone');
  expect(s3.text).toMatch(/still in its infancy\.$/);
  expect(slice(s3).startsWith('"') && slice(s3).endsWith('"')).toBe(true);
  expect(s3.context).toMatch(/^When asked whether the issue of ground troops.*had ever been considered$/);

  const s4 = find('security guarantees, defined by politicians, should define the context');
  expect(s4.kind).toBe('indirect');
  expect(s4.speaker?.name).toBe(DRAGONE);
  expect(s4.speaker?.mention?.text).toBe('The head of the NATO Military Committee');

  const s5 = find('For example: who on the ground');
  expect(s5.kind).toBe('direct');
  expect(s5.speaker?.name).toBe(DRAGONE);
  expect(s5.speaker?.mention?.text).toBe('Dragone');
  expect(s5.cue?.text).toBe('explained');
  expect(s5.text).toMatch(/member states$/);

  const s6 = find('This is a coalition of forces');
  expect(s6.kind).toBe('direct');
  expect(s6.speaker?.name).toBe(DRAGONE);
  expect(s6.text).toMatch(/re-attacking$/);
  expect(s6.context).toBe('Cavo Dragone also spoke about the "coalition of the willing".');

  const s7 = find('the future security architecture for Ukraine');
  expect(s7.kind).toBe('indirect');
  expect(s7.speaker?.name).toBe('Volodymyr Zelenskyy');
  expect(s7.speaker?.role).toBe('President');

  const s8 = find("the importance of partners' investments");
  expect(s8.kind).toBe('indirect');
  expect(s8.speaker?.name).toBe('Volodymyr Zelenskyy');
  expect(s8.speaker?.mention?.text).toBe('He');

  const s9 = find('US President Donald Trump has made it a priority');
  expect(s9.kind).toBe('indirect');
  expect(s9.speaker?.name).toBe('Mark Rutte');
  expect(s9.speaker?.role).toBe('NATO Secretary General');

  const s10 = find('a number of countries are ready to send their troops to Ukraine');
  expect(s10.kind).toBe('indirect');
  expect(s10.speaker?.name).toBe('Andriy Yermak');
  expect(s10.speaker?.role).toBe('Head of the Office of the President of Ukraine');

  // Not statements, and nobody only mentioned inside a statement speaks.
  for (const s of all) {
    expect(s.text).not.toMatch(/^coalition of the willing$/);
    expect(s.text).not.toMatch(/^(Details|Addition)$/);
    expect(s.text).not.toMatch(/UNN reports/);
    expect(s.text).not.toMatch(/^Cavo Dragone commented/);
    expect(['Donald Trump', 'Vladimir Putin']).not.toContain(s.speaker?.name);
    expect(body.slice(s.span.start, s.span.end).length).toBeGreaterThan(0);
  }
}

describe('seed article', () => {
  it('extracts the ten statements of the fixture copy', () => check(fixture));

  it.runIf(existsSync(articleUrl))('extracts the same from data/articles (offsets relative to the body)', () => {
    const { body } = splitFrontMatter(readFileSync(articleUrl, 'utf8'));
    check(body);
  });

  it('needs no outlet option to skip "UNN reports"', () => {
    const all = extractStatements(fixture);
    expect(all).toHaveLength(10);
    expect(all.some((s) => /UNN/.test(s.speaker?.name ?? ''))).toBe(false);
  });
});
