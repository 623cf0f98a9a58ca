// A compressed answer that stalls or is cut off mid-body ends the fetch with a refusal that says why,
// within the deadline (before the fix the decompressor waited forever: pipe() does not forward errors).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchRefusal, safeFetch } from '../../src/net/safe-fetch.ts';
import { startBrokenStreamServer, type BrokenStreamServer } from './broken-streams.ts';

let site: BrokenStreamServer;
beforeAll(async () => {
  site = await startBrokenStreamServer();
});
afterAll(() => site.close());

const options = { allowPrivate: true, timeoutMs: 1_000 };

async function refusal(path: string): Promise<FetchRefusal> {
  try {
    await safeFetch(`${site.origin}${path}`, options);
  } catch (error) {
    if (error instanceof FetchRefusal) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be refused`);
}

// Each case must end on its own: a hung fetch fails the test by its timeout.
describe('compressed answers that go wrong mid-body', { timeout: 20_000 }, () => {
  for (const encoding of ['gzip', 'deflate', 'br']) {
    it(`${encoding}: a stalled body ends at the deadline as a timeout`, async () => {
      const error = await refusal(`/${encoding}/stall/a`);
      expect(error.code).toBe('timeout');
      expect(error.message).toBe(`${new URL(site.origin).host} took too long to answer.`);
    });

    it(`${encoding}: a connection reset mid-body is reported as a network failure`, async () => {
      const error = await refusal(`/${encoding}/reset/a`);
      expect(error.code).toBe('network');
      expect(error.message).toBe(`Could not fetch ${new URL(site.origin).host} (ECONNRESET).`);
    });

    it(`${encoding}: a body cut short is reported, not taken as the page`, async () => {
      const error = await refusal(`/${encoding}/truncated/a`);
      expect(error.code).toBe('network');
      expect(error.message).toMatch(new RegExp(`^Could not fetch ${new URL(site.origin).host}`));
    });
  }
});
