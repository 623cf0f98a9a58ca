import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseContentType } from '../../src/net/content-type.ts';
import { FetchRefusal, safeFetch, type SafeFetchOptions } from '../../src/net/safe-fetch.ts';
import { testFetch } from '../intake/helpers.ts';
import { startNewsServer, type NewsServer } from '../intake/news-server.ts';

let site: NewsServer;
let news: string;

beforeAll(async () => {
  site = await startNewsServer();
  news = `http://news.test:${site.port}`;
});
afterAll(() => site.close());

async function refusal(url: string, options: SafeFetchOptions = testFetch): Promise<FetchRefusal> {
  try {
    await safeFetch(url, options);
  } catch (error) {
    if (error instanceof FetchRefusal) return error;
    throw error;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('safeFetch', () => {
  it('fetches a page and follows up to five redirects', async () => {
    const doc = await safeFetch(`${news}/chain/5`, testFetch);
    expect(doc.redirects).toBe(5);
    expect(doc.finalUrl.pathname).toBe('/world/nordic-air-policing');
    expect(doc.bytes.toString()).toContain('Nordic ministers back air policing plan');
  });

  it('refuses a sixth redirect, and a redirect loop', async () => {
    expect((await refusal(`${news}/chain/6`)).code).toBe('too-many-redirects');
    expect((await refusal(`${news}/loop/0`)).code).toBe('too-many-redirects');
    expect(site.hits.get('/loop/6')).toBeUndefined();
  });

  it('decompresses gzip', async () => {
    const doc = await safeFetch(`${news}/ireland/demining-gzip`, testFetch);
    expect(doc.bytes.toString()).toContain('Niamh Byrne');
  });

  it('refuses other schemes, credentials and garbage', async () => {
    expect((await refusal('ftp://news.test/file')).code).toBe('bad-url');
    expect((await refusal('file:///etc/passwd')).code).toBe('bad-url');
    expect((await refusal('javascript:alert(1)')).code).toBe('bad-url');
    expect((await refusal(`http://user:pw@news.test:${site.port}/`)).code).toBe('bad-url');
    expect((await refusal('not a url')).code).toBe('bad-url');
    expect((await refusal(`${news}/to-file`)).code).toBe('bad-url');
  });

  it('refuses names and addresses inside our network, also after a redirect, without connecting', async () => {
    const before = site.hits.get('/world/nordic-air-policing') ?? 0;
    expect((await refusal(`${news}/to-inside`)).code).toBe('blocked-address'); // inside.test -> 127.0.0.2
    expect((await refusal(`${news}/to-metadata`)).code).toBe('blocked-address'); // 169.254.169.254
    expect((await refusal(`${news}/to-private-literal`)).code).toBe('blocked-address'); // [::ffff:10.0.0.8]
    expect((await refusal(`http://metadata.test/latest/meta-data/`)).code).toBe('blocked-address');
    expect((await refusal(`http://[::1]:${site.port}/world/nordic-air-policing`)).code).toBe('blocked-address');
    // One private address among the answers is enough to refuse (no "first answer public, then inside").
    expect((await refusal(`http://rebind.test:${site.port}/world/nordic-air-policing`)).code).toBe('blocked-address');
    expect(site.hits.get('/world/nordic-air-policing') ?? 0).toBe(before);
  });

  it('connects to exactly the address it checked: one lookup per connection, so a rebinding answer cannot follow', async () => {
    const answers = ['127.0.0.1', '10.0.0.1'];
    const asked: string[] = [];
    const flipping: SafeFetchOptions = {
      ...testFetch,
      resolve: async (host) => {
        asked.push(host);
        return [{ address: answers[Math.min(asked.length - 1, 1)]!, family: 4 }];
      },
    };
    const doc = await safeFetch(`http://flip.test:${site.port}/world/nordic-air-policing`, flipping);
    expect(doc.bytes.toString()).toContain('Nordic ministers');
    expect(asked).toEqual(['flip.test']);
    // The next connection to the same name gets the rebound answer, and is refused before connecting.
    expect((await refusal(`http://flip.test:${site.port}/world/nordic-air-policing`, flipping)).code).toBe('blocked-address');
  });

  it('with the real DNS and no test policy, localhost and 127.0.0.1 are refused; allowPrivate lets them through', async () => {
    expect((await refusal(`http://localhost:${site.port}/world/nordic-air-policing`, {})).message).toMatch(/private network/);
    expect((await refusal(`${site.origin}/world/nordic-air-policing`, {})).code).toBe('blocked-address');
    expect((await refusal(`http://0x7f000001:${site.port}/world/nordic-air-policing`, {})).code).toBe('blocked-address');
    expect((await refusal(`http://[::ffff:127.0.0.1]:${site.port}/world/nordic-air-policing`, {})).code).toBe('blocked-address');
    const doc = await safeFetch(`http://localhost:${site.port}/world/nordic-air-policing`, { allowPrivate: true });
    expect(doc.bytes.length).toBeGreaterThan(1000);
  });

  it('stops reading a page larger than the cap, without buffering it all', async () => {
    const error = await refusal(`${news}/huge`);
    expect(error.code).toBe('too-large');
    await new Promise((r) => setTimeout(r, 100));
    // The server had 40 MB to send; the client hung up just past 5 MB. Loopback socket buffers on both sides
    // (autotuned, several MB each) also fill before the server sees the hang-up, more so on a loaded machine.
    expect(site.hugeBytesSent()).toBeLessThan(16 * 1024 * 1024);
    expect((await refusal(`${news}/huge-declared`)).code).toBe('too-large');
  });

  it('caps the inflated size of a compressed body (a gzip bomb)', async () => {
    expect((await refusal(`${news}/bomb`)).code).toBe('too-large');
  });

  it('checks the content type on the headers, before reading the body', async () => {
    const error = await refusal(`${news}/photo.png`, { ...testFetch, acceptHeaders: ({ contentType }) => refuseContentType(contentType) });
    expect(error.code).toBe('content-type');
    expect(error.message).toContain('image/png');
  });

  it('gives up on a server that does not finish in time', async () => {
    const started = performance.now();
    expect((await refusal(`${news}/slow`, { ...testFetch, timeoutMs: 300 })).code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reports an error status and an unknown host plainly', async () => {
    expect((await refusal(`${news}/gone`)).message).toContain('404');
    expect((await refusal('http://nowhere.test/')).code).toBe('dns');
  });
});
