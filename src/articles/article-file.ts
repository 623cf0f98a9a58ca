// A fetched article as a Markdown file in the corpus: YAML front matter (serialised by the yaml package,
// never by string pasting) and the paragraphs, under a name made from date, outlet and title. An existing
// file is never overwritten; the text is checked by the same parser ingest uses before it is written.
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseArticleFile, UNDATED_WORD } from './parse.ts';
import type { Article, ArticleMeta } from '../model.ts';

const MAX_SLUG = 90;

export function slugPart(text: string, max: number): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const dash = cut.lastIndexOf('-');
  return (dash > max / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}

/** `2025-09-04-example-wire-baltic-states-ask-for-guarantees` (a hash stands in for a title in another script). */
export function articleSlug(meta: ArticleMeta, contentHash: string): string {
  const outlet = slugPart(meta.outlet, 30);
  const title = slugPart(meta.title, MAX_SLUG - 12 - outlet.length) || contentHash.slice(0, 12);
  return [meta.published ?? 'undated', outlet, title].filter(Boolean).join('-');
}

export function articleSource(meta: ArticleMeta, paragraphs: string[]): string {
  const front = stringify(
    {
      title: meta.title,
      outlet: meta.outlet,
      ...(meta.url ? { url: meta.url } : {}),
      published: meta.published ?? UNDATED_WORD,
      language: meta.language,
      ...(meta.owner ? { owner: meta.owner } : {}),
      ...(meta.provenance ? { provenance: meta.provenance } : {}),
    },
    { lineWidth: 0 },
  );
  return `---\n${front}---\n\n${paragraphs.join('\n\n')}\n`;
}

export interface WrittenArticle {
  /** Absolute path written. */
  path: string;
  /** File name inside the articles folder. */
  name: string;
  article: Article;
}

/**
 * Checks the article as ingest will read it, then creates a new file in `articlesDir` (`-2`, `-3`… when
 * the name is taken). Throws ArticleError when the text would not parse.
 */
export function writeArticleFile(articlesDir: string, meta: ArticleMeta, paragraphs: string[], contentHash: string): WrittenArticle {
  const source = articleSource(meta, paragraphs);
  const bytes = Buffer.from(source, 'utf8');
  const slug = articleSlug(meta, contentHash);
  const article = parseArticleFile(`articles/${slug}.md`, bytes);
  mkdirSync(articlesDir, { recursive: true });
  for (let n = 1; n < 100; n++) {
    const name = `${slug}${n === 1 ? '' : `-${n}`}.md`;
    const path = join(articlesDir, name);
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      writeSync(fd, bytes);
      closeSync(fd);
    } catch (error) {
      closeSync(fd);
      rmSync(path, { force: true });
      throw error;
    }
    return { path, name, article };
  }
  throw new Error(`too many articles named ${slug} already`);
}
