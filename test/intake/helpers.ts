import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { blockedReason } from '../../src/net/ip-ranges.ts';
import type { Resolver, SafeFetchOptions } from '../../src/net/safe-fetch.ts';

/**
 * DNS for the tests: news.test is "the internet" (our server on 127.0.0.1); inside.test is a name that
 * points into our own network; rebind.test answers one public and one private address.
 */
export const testResolver: Resolver = async (host) => {
  const table: Record<string, string[]> = {
    'news.test': ['127.0.0.1'],
    'inside.test': ['127.0.0.2'],
    'rebind.test': ['127.0.0.1', '10.0.0.1'],
    'metadata.test': ['169.254.169.254'],
  };
  const list = table[host];
  if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return list.map((address) => ({ address, family: 4 as const }));
};

/** The real policy, except that 127.0.0.1 (our news site) stands in for a public address. */
export const testPolicy = (address: string) => (address === '127.0.0.1' ? null : blockedReason(address));

export const testFetch: SafeFetchOptions = { resolve: testResolver, addressPolicy: testPolicy, timeoutMs: 5_000 };

export function listArticles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'articles')).sort();
}
