import { describe, expect, it } from 'vitest';
import { blockParagraphs, extractHtmlArticle } from '../../src/articles/html-article.ts';
import { parseDocument } from '../../src/articles/dom.ts';
import { extractMetadata, parsePublishedDate } from '../../src/articles/html-metadata.ts';

describe('HTML to paragraphs', () => {
  it('breaks at every block element and keeps <br> as a line break, inline markup inside', () => {
    const doc = parseDocument(
      '<div><p>One <b>bold</b> <a href="#">link</a>.</p><div>Two<div>Three</div>after</div><ul><li>A</li><li>B</li></ul><p>line<br>break</p><script>x()</script><figure><figcaption>Caption</figcaption></figure></div>',
    );
    expect(blockParagraphs(doc.querySelector('div')!)).toEqual(['One bold link.', 'Two', 'Three', 'after', 'A', 'B', 'line\nbreak']);
  });

  it('drops invisible and control characters from page text', () => {
    const doc = parseDocument('<div><p>Hid\u200Bden\u202E text\u0007</p></div>');
    expect(blockParagraphs(doc.querySelector('div')!)).toEqual(['Hidden text']);
  });

  it('leaves out the repeated headline', () => {
    const body = '<p>' + 'Words of the article body go here, many of them. '.repeat(20) + '</p>';
    const article = extractHtmlArticle(
      `<html><head><title>The headline</title></head><body><article><h1>The headline</h1>${body}${body}</article></body></html>`,
      null,
    );
    expect(article.meta.title).toBe('The headline');
    expect(article.paragraphs[0]).toMatch(/^Words of the article/);
  });
});

describe('page metadata', () => {
  it('reads JSON-LD authors by @id and a publisher, ignoring broken blocks and profile URLs', () => {
    const doc = parseDocument(`<html><head>
      <script type="application/ld+json">[{"@type":"Person","@id":"#a","name":"Ana Ruiz"},{"@type":["NewsArticle"],"headline":" Spaced\\n headline ","author":[{"@id":"#a"},"https://x.example/authors/b"],"publisher":{"@type":"Organization","name":"Río Times"},"datePublished":"2025-03-01T23:30:00-05:00","url":"/story"}]</script>
      <script type="application/ld+json">{"@type":</script></head></html>`);
    expect(extractMetadata(doc, new URL('https://rio.example/x?y=1'))).toEqual({
      title: 'Spaced headline',
      published: '2025-03-01',
      authors: ['Ana Ruiz'],
      outlet: 'Río Times',
      canonicalUrl: 'https://rio.example/story',
      language: null,
    });
  });

  it('falls back to <meta>, <time>, <link rel=canonical> and <html lang>', () => {
    const doc =
      parseDocument(`<html lang="uk-UA"><head><meta name="author" content="By Olena Koval"><link rel="canonical" href="https://k.example/a#top"><meta name="dc.publisher" content="Kyiv Ledger"></head>
      <body><h1>Headline from h1</h1><article><time datetime="2025-08-23T10:00:00+03:00">23 August</time></article></body></html>`);
    expect(extractMetadata(doc, null)).toEqual({
      title: 'Headline from h1',
      published: '2025-08-23',
      authors: ['Olena Koval'],
      outlet: 'Kyiv Ledger',
      canonicalUrl: 'https://k.example/a',
      language: 'uk',
    });
  });

  it('refuses dates that are invalid, too old or in the future, and non-http canonical links', () => {
    const today = new Date('2025-11-28T00:00:00Z');
    expect(parsePublishedDate('2025-02-30', today)).toBeNull();
    expect(parsePublishedDate('1970-01-01', today)).toBeNull();
    expect(parsePublishedDate('2026-05-01', today)).toBeNull();
    expect(parsePublishedDate('September 4, 2025', today)).toBe('2025-09-04');
    const doc = parseDocument('<html><head><link rel="canonical" href="javascript:alert(1)"></head></html>');
    expect(extractMetadata(doc, null).canonicalUrl).toBeNull();
  });
});
