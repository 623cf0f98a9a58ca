// Is this article already in the index? The same canonical URL (ignoring tracking parameters, fragments and
// a trailing slash), or the same text (whitespace aside) under another URL.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from '../articles/content-hash.ts';
import { urlKey } from '../articles/url-key.ts';
import { parseArticleFile } from '../articles/parse.ts';
import type { SourceRef, StatementQueries } from '../store/store.ts';

export { urlKey };
export { contentHash };

export type Duplicate = { source: SourceRef; reason: 'url' | 'content' };

export class DuplicateFinder {
  /** Body hashes of indexed article files, by file, valid while size and mtime stay the same. */
  private readonly bodies = new Map<string, { size: number; mtimeMs: number; hash: string | null }>();

  constructor(
    private readonly index: StatementQueries,
    private readonly dataDir: string,
  ) {}

  private async *sources(): AsyncGenerator<SourceRef> {
    let cursor: string | null = null;
    for (let pages = 0; pages < 100_000; pages++) {
      const page = await this.index.listSources({}, { limit: 100, cursor });
      yield* page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  async byUrl(urls: (string | null | undefined)[]): Promise<Duplicate | null> {
    const keys = new Set(urls.map(urlKey).filter((k): k is string => k !== null));
    if (!keys.size) return null;
    for await (const source of this.sources()) {
      const key = urlKey(source.url);
      if (key && keys.has(key)) return { source, reason: 'url' };
    }
    return null;
  }

  private bodyHash(file: string): string | null {
    const path = join(this.dataDir, file);
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return null;
    }
    const cached = this.bodies.get(file);
    if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return cached.hash;
    let hash: string | null;
    try {
      hash = contentHash(parseArticleFile(file, readFileSync(path)).body);
    } catch {
      hash = null;
    }
    this.bodies.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, hash });
    return hash;
  }

  async byContent(hash: string): Promise<Duplicate | null> {
    for await (const source of this.sources()) {
      if (this.bodyHash(source.file) === hash) return { source, reason: 'content' };
    }
    return null;
  }
}
