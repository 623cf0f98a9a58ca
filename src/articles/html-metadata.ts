// An article page's metadata, from the most to the least reliable source: JSON-LD (NewsArticle and kin,
// also inside @graph), then Open Graph / article: tags, then plain <meta>, <time>, <link rel=canonical>,
// <html lang> and <title>. Every value is untrusted page text: trimmed, bounded, validated.
import type { DomDocument, DomElement } from './dom.ts';
import { INVISIBLE_OR_ANY_CONTROL } from '../text/invisible.ts';
import { clip } from '../text/truncate.ts';

function attr(doc: DomDocument | DomElement, selector: string, name: string): string | null {
  const value = doc.querySelector(selector)?.getAttribute(name)?.trim();
  return value ? value : null;
}

export interface PageMetadata {
  title: string | null;
  /** YYYY-MM-DD */
  published: string | null;
  authors: string[];
  /** Publisher or site name. */
  outlet: string | null;
  /** Absolute http(s) URL. */
  canonicalUrl: string | null;
  /** Primary language subtag, lower case ("en"). */
  language: string | null;
}

const ARTICLE_TYPES = [
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'BackgroundNewsArticle',
  'Article',
  'BlogPosting',
  'Report',
  'WebPage',
];
const MAX_JSON_LD = 200_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collapses whitespace and drops control and invisible characters; null when empty. */
export function cleanText(value: unknown, max = 500): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(INVISIBLE_OR_ANY_CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  return clip(text, max);
}

/** A date as the page wrote it, as YYYY-MM-DD (the calendar date written, not converted to UTC). */
export function parsePublishedDate(value: unknown, today = new Date()): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(text);
  let y: number, m: number, d: number;
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    const ms = Date.parse(text);
    if (!Number.isFinite(ms)) return null;
    const date = new Date(ms);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  // A date in the far past or the future is a page's mistake, not a publication date.
  if (y < 1990 || date.getTime() > today.getTime() + 2 * 86_400_000) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function normaliseLanguage(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$/.exec(value);
  return match ? match[1]!.toLowerCase() : null;
}

export function absoluteHttpUrl(value: unknown, base: URL | null): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    url.hash = '';
    const text = url.toString();
    return text.length <= 2000 ? text : null;
  } catch {
    return null;
  }
}

function typesOf(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^https?:\/\/schema\.org\//, ''));
}

function flattenJsonLd(value: Json, out: JsonObject[], depth = 0): void {
  if (depth > 4 || out.length > 200) return;
  if (Array.isArray(value)) {
    for (const v of value) flattenJsonLd(v, out, depth + 1);
  } else if (isObject(value)) {
    out.push(value);
    if (value['@graph'] !== undefined) flattenJsonLd(value['@graph'], out, depth + 1);
  }
}

function namesOf(value: Json | undefined, byId: Map<string, JsonObject>): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const names: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      // A bare URL is a profile link, not a name.
      if (!/^https?:\/\//i.test(item)) names.push(item);
    } else if (isObject(item)) {
      const node = typeof item['@id'] === 'string' && item['name'] === undefined ? (byId.get(item['@id']) ?? item) : item;
      if (typeof node['name'] === 'string') names.push(node['name']);
    }
  }
  return names.map((n) => cleanText(n, 200)).filter((n): n is string => n !== null);
}

function fromJsonLd(doc: DomDocument, base: URL | null): Partial<PageMetadata> {
  const nodes: JsonObject[] = [];
  const scripts = Array.from(doc.querySelectorAll('script[type="application/ld+json"]'));
  for (const script of scripts.slice(0, 20)) {
    const text = script.textContent ?? '';
    if (text.length > MAX_JSON_LD) continue;
    try {
      flattenJsonLd(JSON.parse(text) as Json, nodes);
    } catch {
      // A broken block is ignored; the other sources still apply.
    }
  }
  const byId = new Map<string, JsonObject>();
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const rank = (n: JsonObject) => {
    const types = typesOf(n);
    const i = Math.min(...types.map((t) => ARTICLE_TYPES.indexOf(t)).filter((x) => x >= 0));
    return Number.isFinite(i) ? i : -1;
  };
  const article = nodes.filter((n) => rank(n) >= 0).sort((a, b) => rank(a) - rank(b))[0];
  if (!article) return {};
  const publisher = namesOf(article['publisher'], byId)[0] ?? null;
  const mainEntity = article['mainEntityOfPage'];
  const canonical = absoluteHttpUrl(isObject(mainEntity) ? mainEntity['@id'] : mainEntity, base) ?? absoluteHttpUrl(article['url'], base);
  const language = article['inLanguage'];
  return {
    title: cleanText(article['headline']) ?? (typesOf(article).includes('WebPage') ? null : cleanText(article['name'])),
    published: parsePublishedDate(article['datePublished']) ?? parsePublishedDate(article['dateCreated']),
    authors: namesOf(article['author'], byId),
    outlet: publisher ? cleanText(publisher, 200) : null,
    canonicalUrl: canonical,
    language: normaliseLanguage(isObject(language) ? (language['alternateName'] ?? language['name']) : language),
  };
}

function meta(doc: DomDocument, ...keys: string[]): string | null {
  for (const key of keys) {
    const value =
      attr(doc, `meta[property="${key}"]`, 'content') ??
      attr(doc, `meta[name="${key}"]`, 'content') ??
      attr(doc, `meta[itemprop="${key}"]`, 'content');
    if (value) return value;
  }
  return null;
}

function fromOpenGraph(doc: DomDocument, base: URL | null): Partial<PageMetadata> {
  const authors = Array.from(doc.querySelectorAll('meta[property="article:author"]'))
    .map((m) => m.getAttribute('content'))
    .filter((a): a is string => !!a && !/^https?:\/\//i.test(a.trim()))
    .map((a) => cleanText(a, 200))
    .filter((a): a is string => a !== null);
  return {
    title: cleanText(meta(doc, 'og:title')),
    published: parsePublishedDate(meta(doc, 'article:published_time')),
    authors,
    outlet: cleanText(meta(doc, 'og:site_name'), 200),
    canonicalUrl: absoluteHttpUrl(meta(doc, 'og:url'), base),
    language: normaliseLanguage(meta(doc, 'og:locale')),
  };
}

function fromPlainMeta(doc: DomDocument, base: URL | null): Partial<PageMetadata> {
  const time = doc.querySelector('article time[datetime]') ?? doc.querySelector('time[datetime]');
  const author = cleanText(meta(doc, 'author', 'byl', 'dc.creator', 'DC.creator'), 200);
  return {
    title:
      cleanText(meta(doc, 'title', 'headline', 'twitter:title', 'dc.title', 'DC.title')) ??
      cleanText(doc.querySelector('h1')?.textContent) ??
      cleanText(doc.title),
    published:
      parsePublishedDate(
        meta(
          doc,
          'datePublished',
          'date',
          'pubdate',
          'publishdate',
          'publish-date',
          'dc.date',
          'DC.date.issued',
          'parsely-pub-date',
          'sailthru.date',
        ),
      ) ?? parsePublishedDate(time?.getAttribute('datetime')),
    authors: author ? [author.replace(/^by\s+/i, '')] : [],
    outlet: cleanText(meta(doc, 'application-name', 'publisher', 'dc.publisher', 'DC.publisher'), 200),
    canonicalUrl: absoluteHttpUrl(attr(doc, 'link[rel="canonical"]', 'href'), base),
    language: normaliseLanguage(doc.documentElement?.getAttribute('lang')) ?? normaliseLanguage(meta(doc, 'language', 'content-language')),
  };
}

/** Merges the sources, the first that has a value winning for each field. */
export function extractMetadata(doc: DomDocument, base: URL | null): PageMetadata {
  const sources = [fromJsonLd(doc, base), fromOpenGraph(doc, base), fromPlainMeta(doc, base)];
  const first = <K extends keyof PageMetadata>(key: K): PageMetadata[K] | null => {
    for (const s of sources) {
      const v = s[key];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) return v as PageMetadata[K];
    }
    return null;
  };
  return {
    title: first('title'),
    published: first('published'),
    authors: [...new Set(first('authors') ?? [])].slice(0, 10),
    outlet: first('outlet'),
    canonicalUrl: first('canonicalUrl'),
    language: first('language'),
  };
}
