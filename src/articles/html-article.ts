// An article page's HTML -> its metadata and its body as paragraphs. Readability picks the article out of
// the page (menus, ads and footers gone); we then walk its block elements ourselves, because readability's
// textContent runs paragraphs together and the statement extractor needs them apart.
import { Readability } from '@mozilla/readability';
import { ELEMENT_NODE, parseDocument, TEXT_NODE, type DomNode } from './dom.ts';
import { cleanText, extractMetadata, normaliseLanguage, parsePublishedDate, type PageMetadata } from './html-metadata.ts';
import { HtmlArticleError } from './html-sandbox.ts';
import { INVISIBLE_OR_CONTROL } from '../text/invisible.ts';
import { HTML_SHAPE_LIMITS, refuseHtmlShape, type HtmlShapeLimits } from './html-shape.ts';

/** Page furniture that survives readability as a paragraph of its own. */
const BOILERPLATE =
  /^(advertisement|advert|ad|sponsored( content)?|story continues below( advertisement)?|continue reading|read more|share( this( article)?)?)$/i;

export { HtmlArticleError };

export interface HtmlArticle {
  meta: PageMetadata;
  paragraphs: string[];
}

const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'MATH',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'FIGURE',
  'FIGCAPTION',
  'BUTTON',
  'FORM',
  'NAV',
  'SELECT',
  'TEXTAREA',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'PICTURE',
  'IMG',
]);

/** Text of a subtree as paragraphs: a break at every block element's start and end, a line break at <br>. */
export function blockParagraphs(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const lines = current
      .replace(INVISIBLE_OR_CONTROL, '')
      .split('\n')
      .map((l) => l.replace(/[ \t\r\f\v\u00A0]+/g, ' ').trim())
      .filter(Boolean);
    if (lines.length) paragraphs.push(lines.join('\n'));
    current = '';
  };
  const walk = (node: DomNode, depth: number) => {
    if (depth > 200) return;
    if (node.nodeType === TEXT_NODE) {
      current += (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = node.nodeName.toUpperCase();
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      current += '\n';
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i]!, depth + 1);
    if (block) flush();
  };
  walk(root, 0);
  flush();
  return paragraphs;
}

/**
 * Parses a page, synchronously: untrusted pages go through readHtmlArticle (html-sandbox.ts), which runs this
 * in a worker thread with a time and memory limit. `base` resolves relative canonical URLs (the page's final
 * URL; null for an uploaded file).
 */
export function extractHtmlArticle(html: string, base: URL | null, shape: HtmlShapeLimits = HTML_SHAPE_LIMITS): HtmlArticle {
  // Checked on the text, before parsing: readability's own limit does not apply under linkedom, and the
  // parser's time grows with the square of the nesting depth.
  const refusal = refuseHtmlShape(html, shape);
  if (refusal) throw new HtmlArticleError(refusal);
  const doc = parseDocument(html);
  // Text with no markup at all (or noise from a wrong charset) parses to a document without an <html>.
  if (!doc.documentElement) throw new HtmlArticleError('That page has no HTML document in it.');
  // Metadata first: readability rewrites the document as it works.
  const meta = extractMetadata(doc, base);
  let parsed: ReturnType<Readability<DomNode>['parse']>;
  try {
    parsed = new Readability<DomNode>(doc as never, {
      serializer: (node) => node as unknown as DomNode,
      charThreshold: 300,
      maxElemsToParse: shape.maxElements,
    }).parse();
  } catch (error) {
    // Readability gives up on documents with more elements than allowed: not an article page.
    throw new HtmlArticleError(`The page is too large or complex to read as an article (${(error as Error).message}).`);
  }
  const merged: PageMetadata = {
    ...meta,
    title: meta.title ?? cleanText(parsed?.title),
    published: meta.published ?? parsePublishedDate(parsed?.publishedTime),
    authors: meta.authors.length ? meta.authors : [cleanText(parsed?.byline, 200)].filter((a): a is string => !!a),
    outlet: meta.outlet ?? cleanText(parsed?.siteName, 200),
    language: meta.language ?? normaliseLanguage(parsed?.lang),
  };
  let paragraphs = (parsed?.content ? blockParagraphs(parsed.content) : []).filter((p) => !BOILERPLATE.test(p.trim()));
  // The headline repeated at the top of the body is not article text.
  const title = merged.title?.toLowerCase();
  while (paragraphs.length && title && paragraphs[0]!.toLowerCase() === title) paragraphs = paragraphs.slice(1);
  return { meta: merged, paragraphs };
}
