import { afterAll, describe, expect, it } from 'vitest';
import { extractHtmlArticle } from '../../src/articles/html-article.ts';
import { HTML_SANDBOX_LIMITS, HtmlArticleError, HtmlSandbox, readHtmlArticle } from '../../src/articles/html-sandbox.ts';
import { measureHtmlShape, refuseHtmlShape } from '../../src/articles/html-shape.ts';

const DEPTH = 59_000;
const deepPage = `<html><body>${'<div>'.repeat(DEPTH)}deep${'</div>'.repeat(DEPTH)}</body></html>`;
const words = 'The minister said the harbour plan would be finished before the winter storms arrived on the coast. ';
const normalPage = `<html lang="en"><head><title>Harbour plan on schedule</title><meta property="og:site_name" content="Coast Ledger"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Harbour plan on schedule</h1><p>${words.repeat(4)}</p><div><p>${words.repeat(3)}</p><p>"We are ready," she said.</p></div></article></body></html>`;

/** Runs `work` while a 10 ms interval ticks; returns its outcome and the longest gap between ticks. */
async function whileTicking<T>(work: () => Promise<T>): Promise<{ outcome: T | Error; longestGapMs: number; ticks: number }> {
  let last = performance.now();
  let longestGapMs = 0;
  let ticks = 0;
  const interval = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
    ticks++;
  }, 10);
  let outcome: T | Error;
  try {
    // Let the timer start before the work does.
    await new Promise((r) => setTimeout(r, 30));
    outcome = await work();
  } catch (error) {
    outcome = error as Error;
  }
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(interval);
  return { outcome, longestGapMs: Math.max(longestGapMs, performance.now() - last), ticks };
}

// A gap far below the seconds the parser held the event loop for (111 s for this page), yet loose
// enough for a loaded two-core machine.
const RESPONSIVE_MS = 1_000;

describe('untrusted HTML cannot freeze the event loop', () => {
  const slowParser = new HtmlSandbox({ ...HTML_SANDBOX_LIMITS, maxDepth: 10 * DEPTH, maxElements: 10 * DEPTH, timeLimitMs: 2_000 });
  afterAll(() => slowParser.close());

  it('measures nesting as the parser would: unclosed paragraphs and list items, void and svg elements do not nest', () => {
    expect(measureHtmlShape('<div><p>a<p>b<p>c<ul><li>x<li>y</ul><br><img src=x><svg><path d="M0"/><g/></svg></div>')).toEqual({
      elements: 12,
      depth: 2,
    });
    // A stray end tag is ignored by the parser, so it must not hide depth either.
    expect(measureHtmlShape(`${'<div></span>'.repeat(50)}`).depth).toBe(50);
    // Markup inside scripts and comments is text.
    expect(measureHtmlShape(`<script>${'<div>'.repeat(5000)}</script><!-- ${'<div>'.repeat(5000)} --><p>ok</p>`)).toEqual({
      elements: 2,
      depth: 0,
    });
    expect(refuseHtmlShape(deepPage)).toMatch(/nests its elements too deeply/);
  });

  it('refuses a 59,000-deep page before parsing while a timer keeps firing', async () => {
    const { outcome, longestGapMs, ticks } = await whileTicking(() => readHtmlArticle(deepPage, null));
    expect(outcome).toBeInstanceOf(HtmlArticleError);
    expect((outcome as Error).message).toBe('The page nests its elements too deeply to read as an article (over 1000 levels).');
    expect(ticks).toBeGreaterThan(2);
    expect(longestGapMs).toBeLessThan(RESPONSIVE_MS);
  });

  it('abandons a page the parser cannot finish within the time limit, on its worker thread, and parses the next page on a fresh one', async () => {
    // The shape check is switched off here, so the 59,000-deep page reaches the parser.
    const started = performance.now();
    const { outcome, longestGapMs } = await whileTicking(() => slowParser.read(deepPage, null));
    expect(outcome).toBeInstanceOf(HtmlArticleError);
    expect((outcome as Error).message).toBe('The page took too long to read as an article (over 2 s); it was abandoned.');
    expect(longestGapMs).toBeLessThan(RESPONSIVE_MS);
    // Killed at the limit, not after the minutes the parse would take (the worker's start-up included).
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(await slowParser.read(normalPage, new URL('https://coast.example/harbour'))).toEqual(
      extractHtmlArticle(normalPage, new URL('https://coast.example/harbour')),
    );
  }, 120_000);

  it('parses normal pages exactly as the parser does on this thread', async () => {
    const article = await readHtmlArticle(normalPage, new URL('https://coast.example/harbour'));
    expect(article).toEqual(extractHtmlArticle(normalPage, new URL('https://coast.example/harbour')));
    expect(article.meta.title).toBe('Harbour plan on schedule');
    expect(article.meta.outlet).toBe('Coast Ledger');
    expect(article.paragraphs.at(-1)).toBe('"We are ready," she said.');
  }, 60_000);
});

describe('a wrong charset label', () => {
  it('utf-16 on an ASCII page reads the page as UTF-8, and noise with no markup is refused, not a TypeError', async () => {
    const { decodeText } = await import('../../src/net/content-type.ts');
    const bytes = Buffer.from(normalPage);
    expect(decodeText(bytes, 'text/html; charset=utf-16', 'html')).toBe(normalPage);
    expect(decodeText(Buffer.from(normalPage.replace('<head>', '<head><meta charset="UTF-16BE">')), null, 'html')).toMatch(
      /^<html lang="en">/,
    );
    // Real UTF-16 (zero bytes and all) still decodes as UTF-16.
    expect(decodeText(Buffer.from('\uFEFFplain text', 'utf16le'), 'text/plain; charset=utf-16', 'text')).toBe('plain text');
    // What the wrong label used to produce: text with no markup at all.
    const noise = new TextDecoder('utf-16le').decode(bytes);
    await expect(readHtmlArticle(noise, null)).rejects.toThrow(new HtmlArticleError('That page has no HTML document in it.'));
  }, 60_000);
});
