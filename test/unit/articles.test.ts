import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArticleError, parseArticleFile } from '../../src/articles/parse.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const article = (front: string, body = 'The minister said that talks would resume.') => enc(`---\n${front}\n---\n\n${body}\n`);
const GOOD = 'title: Talks resume\noutlet: Example Wire\npublished: 2025-09-01\nlanguage: en';

function errorOf(bytes: Uint8Array): ArticleError {
  try {
    parseArticleFile('articles/x.md', bytes);
  } catch (e) {
    if (e instanceof ArticleError) return e;
    throw e;
  }
  throw new Error('expected an ArticleError');
}

describe('article files', () => {
  it('parses front matter and keeps the body as written', () => {
    const a = parseArticleFile('articles/x.md', article(GOOD));
    expect(a.meta).toEqual({ title: 'Talks resume', outlet: 'Example Wire', url: null, published: '2025-09-01', language: 'en' });
    expect(a.body).toBe('The minister said that talks would resume.\n');
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes `published: unknown` as an undated text (null), never as a date', () => {
    const a = parseArticleFile('articles/x.md', article('title: Talks resume\noutlet: Example Wire\npublished: unknown'));
    expect(a.meta.published).toBeNull();
    // Present but not a date, or left empty: still refused, with the field and the format.
    expect(errorOf(article('title: T\noutlet: X\npublished: sometime')).message).toBe(
      "articles/x.md: published: 'sometime' is not a date (YYYY-MM-DD)",
    );
    expect(errorOf(article('title: T\noutlet: X')).message).toBe('articles/x.md: published: missing; expected YYYY-MM-DD');
  });

  it('reads the seed article shipped in data/', () => {
    const file = 'data/articles/2025-08-23-unn-nato-troops-ukraine.md';
    const a = parseArticleFile(file, readFileSync(file));
    expect(a.meta).toMatchObject({ outlet: 'UNN', published: '2025-08-23', url: null, language: 'en' });
    expect(a.body.startsWith('NATO has not discussed')).toBe(true);
  });

  it.each([
    ['title: ""\noutlet: X\npublished: 2025-09-01', 'title', /empty/],
    ['outlet: X\npublished: 2025-09-01', 'title', /title: missing; expected text/],
    ['title: T\noutlet: X\npublished: 2025-02-30', 'published', /YYYY-MM-DD/],
    ['title: T\noutlet: X\npublished: yesterday', 'published', /YYYY-MM-DD/],
    ['title: T\noutlet: X\npublished: 2025-09-01\nurl: javascript:alert(1)', 'url', /http/],
    ['title: T\noutlet: [1, 2]\npublished: 2025-09-01', 'outlet', /./],
    ['title: T\noutlet: X\npublished: 2025-09-01\nauthor: Someone', 'author', /unknown field/],
    ['title: T\noutlet: X\npublished: 2025-09-01\nlanguage: English', 'language', /language tag/],
  ])('names the file and the field for %j', (front, field, reason) => {
    const e = errorOf(article(front));
    expect(e.file).toBe('articles/x.md');
    expect(e.field).toBe(field);
    expect(e.message).toMatch(reason);
    expect(e.message).toContain('articles/x.md');
  });

  it.each([
    ['empty', new Uint8Array(), /empty/],
    ['binary', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), /binary/],
    ['not UTF-8', new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28]), /UTF-8/],
    ['no front matter', enc('Just text.'), /front matter/],
    ['broken YAML', enc('---\ntitle: [unclosed\n---\nText'), /YAML/],
    ['no body', article(GOOD, '   '), /no text/],
    ['too large', enc(`---\n${GOOD}\n---\n${'a'.repeat(1024 * 1024 + 1)}`), /limit/],
  ])('refuses an article that is %s', (_what, bytes, reason) => {
    expect(errorOf(bytes).message).toMatch(reason);
  });
});
