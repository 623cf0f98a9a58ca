// A feed item whose page stalls or is cut off mid-body (gzip) is refused at the fetch deadline and the poll
// carries on with the next item; stop() returns. Before stream.pipeline the poll never finished.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUESTER, startEnv, type Env } from './helpers.ts';
import { startFeedSite, type FeedSite } from './feed-site.ts';
import { BASELINE, KORHONEN_WINTER } from './stories.ts';

let site: FeedSite;
let env: Env;

beforeEach(async () => {
  site = await startFeedSite();
  env = await startEnv({ fetchTimeoutMs: 1_000 });
}, 30_000);

afterEach(async () => {
  await env.close();
  await site.close();
}, 30_000);

describe('a feed item whose page breaks mid-body', { timeout: 60_000 }, () => {
  for (const how of ['stall', 'reset'] as const) {
    it(`${how}: the item is refused with a reason, and the next item is taken`, async () => {
      site.publish('rss', BASELINE);
      site.publish('rss', KORHONEN_WINTER);
      site.breakPage(BASELINE.slug, how);
      expect(await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER)).toMatchObject({ kind: 'added', items: 2 });
      expect(await env.runtime.feeds.pollDue()).toEqual([expect.objectContaining({ status: 'ok', newItems: 2, added: 1 })]);
      const refused = env.logs.filter((l) => l.msg === 'article refused');
      expect(refused).toEqual([
        expect.objectContaining({
          url: site.articleUrl(BASELINE.slug),
          reason:
            how === 'stall'
              ? `${new URL(site.origin).host} took too long to answer.`
              : `Could not fetch ${new URL(site.origin).host} (ECONNRESET).`,
        }),
      ]);
      expect(env.logs.some((l) => l.msg === 'article added' && String(l.url).includes(KORHONEN_WINTER.slug))).toBe(true);
    });
  }

  it('stop() during a stalled page returns once the page times out, leaving the rest for the next poll', async () => {
    site.publish('rss', BASELINE);
    site.publish('rss', KORHONEN_WINTER);
    site.breakPage(BASELINE.slug, 'stall');
    expect(await env.runtime.feeds.add(site.feedUrl('rss'), REQUESTER)).toMatchObject({ kind: 'added', items: 2 });
    const poll = env.runtime.feeds.pollDue();
    const path = `/articles/${BASELINE.slug}`;
    for (let i = 0; i < 400 && !site.hits.get(path); i++) await new Promise((r) => setTimeout(r, 25));
    expect(site.hits.get(path)).toBe(1);
    await env.runtime.stop();
    expect(await poll).toEqual([expect.objectContaining({ status: 'ok', newItems: 1, added: 0 })]);
    expect(site.hits.get(`/articles/${KORHONEN_WINTER.slug}`)).toBeUndefined();
  });
});
