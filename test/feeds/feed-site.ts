// A news site on 127.0.0.1 for the feed tests: an RSS feed, an Atom feed and their article pages, all our own
// invented text (outlet, people and events). The feeds change between polls as tests publish items; answers
// carry ETag and Last-Modified and a matching conditional request gets 304. A feed can be made to fail.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface SiteArticle {
  slug: string;
  title: string;
  published: string;
  outlet: string;
  paragraphs: string[];
}

export interface FeedSite {
  origin: string;
  /** Adds an item at the top of a feed (and its page). */
  publish(feed: 'rss' | 'atom', article: SiteArticle): void;
  /** Makes an article page start a gzip body, then stall or reset the connection (null: normal again). */
  breakPage(slug: string, how: 'stall' | 'reset' | null): void;
  /** Makes a feed answer this status (null: normal again). */
  fail(feed: 'rss' | 'atom', status: number | null): void;
  /** Requests by path; 304 answers by feed. */
  hits: Map<string, number>;
  notModified: Map<string, number>;
  /** The conditional headers of the last request for each feed. */
  lastConditional: Map<string, { ifNoneMatch: string | null; ifModifiedSince: string | null }>;
  articleUrl(slug: string): string;
  feedUrl(feed: 'rss' | 'atom'): string;
  close(): Promise<void>;
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(a: SiteArticle, url: string): string {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    datePublished: a.published,
    publisher: { '@type': 'Organization', name: a.outlet },
    mainEntityOfPage: url,
    inLanguage: 'en',
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(a.title)} | ${esc(a.outlet)}</title>
<link rel="canonical" href="${esc(url)}"><script type="application/ld+json">${JSON.stringify(ld)}</script></head>
<body><header><a href="/">${esc(a.outlet)}</a></header><main><article><h1>${esc(a.title)}</h1>
${a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article></main><footer><p>© ${esc(a.outlet)}</p></footer></body></html>`;
}

export async function startFeedSite(): Promise<FeedSite> {
  const items: Record<'rss' | 'atom', SiteArticle[]> = { rss: [], atom: [] };
  const failing: Record<'rss' | 'atom', number | null> = { rss: null, atom: null };
  // Bumped on every change: the validators of each feed.
  const version: Record<'rss' | 'atom', number> = { rss: 1, atom: 1 };
  const articles = new Map<string, SiteArticle>();
  const broken = new Map<string, 'stall' | 'reset'>();
  const hits = new Map<string, number>();
  const notModified = new Map<string, number>();
  const lastConditional = new Map<string, { ifNoneMatch: string | null; ifModifiedSince: string | null }>();
  let origin = '';

  const modified = (feed: 'rss' | 'atom') => new Date(Date.UTC(2025, 9, 1, 8, version[feed])).toUTCString();
  const etag = (feed: 'rss' | 'atom') => `"${feed}-v${version[feed]}"`;

  const rss = () => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Lakeside Courier — Security</title><link>${origin}/</link><description>Our own test feed</description>
${items.rss
  .map(
    (a) => `<item><title>${esc(a.title)}</title><link>${origin}/articles/${a.slug}</link><guid isPermaLink="false">courier-${a.slug}</guid>
<pubDate>${new Date(`${a.published}T09:00:00Z`).toUTCString()}</pubDate><description>${esc(a.paragraphs[0]!)}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;

  const atom = () => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fjord Gazette</title><id>urn:fjord-gazette:feed</id><updated>2025-10-01T08:00:00Z</updated>
<link rel="self" href="${origin}/atom.xml"/>
${items.atom
  .map(
    (a) => `<entry><title>${esc(a.title)}</title><id>urn:fjord-gazette:${a.slug}</id><link rel="alternate" href="/articles/${a.slug}"/>
<updated>${a.published}T09:00:00Z</updated><summary>${esc(a.paragraphs[0]!)}</summary></entry>`,
  )
  .join('\n')}
</feed>`;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const feed = path === '/rss.xml' ? 'rss' : path === '/atom.xml' ? 'atom' : null;
    if (feed) {
      const ifNoneMatch = (req.headers['if-none-match'] as string | undefined) ?? null;
      const ifModifiedSince = (req.headers['if-modified-since'] as string | undefined) ?? null;
      lastConditional.set(feed, { ifNoneMatch, ifModifiedSince });
      if (failing[feed] !== null) {
        res.writeHead(failing[feed]!, { 'content-type': 'text/plain' });
        return res.end('Service unavailable');
      }
      if (ifNoneMatch === etag(feed) || (!ifNoneMatch && ifModifiedSince === modified(feed))) {
        notModified.set(feed, (notModified.get(feed) ?? 0) + 1);
        res.writeHead(304, { etag: etag(feed), 'last-modified': modified(feed) });
        return res.end();
      }
      res.writeHead(200, {
        'content-type': feed === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8',
        etag: etag(feed),
        'last-modified': modified(feed),
      });
      return res.end(feed === 'rss' ? rss() : atom());
    }
    const article = /^\/articles\/([\w-]+)$/.exec(path);
    const found = article ? articles.get(article[1]!) : undefined;
    const breakage = found ? broken.get(found.slug) : undefined;
    if (found && breakage) {
      const body = gzipSync(page(found, `${origin}${path}`));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      res.write(body.subarray(0, body.length >> 1));
      if (breakage === 'reset') setTimeout(() => res.socket?.resetAndDestroy(), 50);
      return;
    }
    if (found) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(found, `${origin}${path}`));
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    publish(feed, article) {
      items[feed].unshift(article);
      articles.set(article.slug, article);
      version[feed]++;
    },
    breakPage(slug, how) {
      if (how) broken.set(slug, how);
      else broken.delete(slug);
    },
    fail(feed, status) {
      failing[feed] = status;
    },
    hits,
    notModified,
    lastConditional,
    articleUrl: (slug) => `${origin}/articles/${slug}`,
    feedUrl: (feed) => `${origin}/${feed}.xml`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
