// Plain text and Markdown -> paragraphs and what metadata the text itself gives (a front matter block,
// a first heading or a title line). Markdown syntax is reduced to its text: the extractor reads prose.
import { splitFrontMatter } from './front-matter.ts';
import { ArticleError, parseArticleMeta } from './parse.ts';
import type { ArticleMeta } from '../model.ts';
import { cleanText } from './html-metadata.ts';
import { INVISIBLE_OR_CONTROL } from '../text/invisible.ts';

export interface TextArticle {
  title: string | null;
  /** The fields of a valid whosaid front matter block, when the file has one. */
  frontMatter: Partial<ArticleMeta> | null;
  paragraphs: string[];
}

function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE_OR_CONTROL, '')
    .split(/\n[ \t]*\n+/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.replace(/[ \t\u00A0]+/g, ' ').trim())
        .filter(Boolean)
        .join('\n'),
    )
    .filter(Boolean);
}

function unmarkdown(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/^\s{0,3}>\s?/, '')
    .replace(/^\s{0,3}[-*+]\s+/, '')
    .replace(/(\*\*|__)(?=\S)([^*_]+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[\s(])([*_])(?=\S)([^*_]+?)(?<=\S)\2(?=[\s).,;:!?]|$)/g, '$1$3')
    .replace(/`([^`]+)`/g, '$1');
}

export function extractTextArticle(source: string, kind: 'text' | 'markdown'): TextArticle {
  let text = source.replace(/^\uFEFF/, '');
  let frontMatter: Partial<ArticleMeta> | null = null;
  if (kind === 'markdown') {
    const split = splitFrontMatter(text);
    if (split.frontMatter !== null) {
      try {
        frontMatter = parseArticleMeta('upload', split.frontMatter);
      } catch (error) {
        if (!(error instanceof ArticleError)) throw error;
        throw new ArticleError('the file', error.reason, error.field);
      }
      text = split.body;
    }
  }
  let paragraphs = paragraphsOf(text);
  let title: string | null = null;
  if (kind === 'markdown') {
    const heading = paragraphs.findIndex((p) => /^\s{0,3}#\s+\S/.test(p));
    if (heading >= 0 && heading <= 1) {
      const [first, ...rest] = paragraphs[heading]!.split('\n');
      title = cleanText(unmarkdown(first!));
      paragraphs = [...paragraphs.slice(0, heading), ...(rest.length ? [rest.join('\n')] : []), ...paragraphs.slice(heading + 1)];
    }
    paragraphs = paragraphs
      .filter((p) => !/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(p))
      .map((p) => p.split('\n').map(unmarkdown).join('\n').trim())
      .filter(Boolean);
  } else if (paragraphs.length > 1) {
    // A short first paragraph of one line, without a final full stop, reads as the title.
    const first = paragraphs[0]!;
    if (!first.includes('\n') && first.length <= 200 && !/[.:;,]$/.test(first)) {
      title = cleanText(first);
      paragraphs = paragraphs.slice(1);
    }
  }
  return { title: frontMatter?.title ?? title, frontMatter, paragraphs };
}
