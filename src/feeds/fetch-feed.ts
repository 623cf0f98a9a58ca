// One feed fetched and read: the same safe fetch as article links (SSRF guard, size cap, redirects checked),
// as a conditional request, and parsed by @rowanmanning/feed-parser (RSS 0.9x/1.0/2.0 and Atom).
import { createRequire } from 'node:module';
import type * as FeedParser from '@rowanmanning/feed-parser';
import { safeFetch, type SafeFetchOptions } from '../net/safe-fetch.ts';
import { UserFacingError } from '../errors.ts';
import { INVISIBLE_OR_ANY_CONTROL } from '../text/invisible.ts';
import { clip } from '../text/truncate.ts';

// Loaded at the first feed read, not at every start (the console and `ask` rarely poll).
let parseFeed: typeof FeedParser.parseFeed | undefined;

/** A feed larger than this is not one we follow. */
export const FEED_MAX_BYTES = 2 * 1024 * 1024;
const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1';

export interface FeedItem {
  /** What marks the item as seen: its guid / Atom id, else its link. */
  key: string;
  /** Absolute http(s) link to the article, or null. */
  url: string | null;
  title: string | null;
  published: Date | null;
}

export type FetchedFeed =
  | { notModified: true; etag: string | null; lastModified: string | null }
  | { notModified: false; etag: string | null; lastModified: string | null; title: string | null; items: FeedItem[] };

export class FeedFormatError extends UserFacingError {
  override name = 'FeedFormatError';
}

/** Feed text is untrusted: no control characters (terminal escapes), no invisible ones, one line, bounded. */
function feedText(value: string | null | undefined, max: number): string | null {
  const text = value?.replace(INVISIBLE_OR_ANY_CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return text ? clip(text, max) : null;
}

function absolute(link: string | null, base: URL): string | null {
  if (!link) return null;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Items as the feed lists them (usually newest first). */
export function readFeed(xml: string, base: URL): { title: string | null; items: FeedItem[] } {
  let feed;
  try {
    parseFeed ??= (createRequire(import.meta.url)('@rowanmanning/feed-parser') as typeof FeedParser).parseFeed;
    feed = parseFeed(xml);
  } catch (error) {
    throw new FeedFormatError(`That is not an RSS or Atom feed (${error instanceof Error ? error.message : 'unreadable'}).`);
  }
  const items: FeedItem[] = [];
  for (const item of feed.items) {
    const url = absolute(item.url, base);
    const key = item.id?.trim() || url;
    if (!key) continue;
    items.push({ key: key.slice(0, 2000), url, title: feedText(item.title, 500), published: item.published });
  }
  return { title: feedText(feed.title, 300), items };
}

export async function fetchFeed(
  url: string,
  options: SafeFetchOptions,
  validators: { etag: string | null; lastModified: string | null } | null,
): Promise<FetchedFeed> {
  const doc = await safeFetch(url, {
    ...options,
    maxBytes: Math.min(options.maxBytes ?? FEED_MAX_BYTES, FEED_MAX_BYTES),
    accept: ACCEPT,
    ...(validators && (validators.etag || validators.lastModified) ? { conditional: validators } : {}),
  });
  if (doc.notModified)
    return {
      notModified: true,
      etag: doc.etag ?? validators?.etag ?? null,
      lastModified: doc.lastModified ?? validators?.lastModified ?? null,
    };
  const { title, items } = readFeed(doc.bytes.toString('utf8'), doc.finalUrl);
  return { notModified: false, etag: doc.etag, lastModified: doc.lastModified, title, items };
}
