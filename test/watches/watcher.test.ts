// Watches: articles added by /ingest (a link or a file) reach them as feed items do; filters by speaker, topic
// and full text; one post per article and watch, grouped by speaker; a statement is posted at most once.
import { STORE_ENGINES } from '../support/store-engines.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatementRecord } from '../../src/store/types.ts';
import { postReply } from '../../src/watches/watcher.ts';
import type { NewWatch } from '../../src/watches/types.ts';
import { postLines, REQUESTER, startEnv, type Env } from '../feeds/helpers.ts';
import { newWatch } from './new-watch.ts';
import { startFeedSite, type FeedSite } from '../feeds/feed-site.ts';
import { ATOM_BASELINE, BASELINE, KORHONEN_WINTER } from '../feeds/stories.ts';

describe.each(STORE_ENGINES)('%s store', (engine) => {
  let site: FeedSite;
  let env: Env;

  beforeEach(async () => {
    site = await startFeedSite();
    env = await startEnv({ engine });
    // Pages to add by link (the feeds are not followed here).
    site.publish('rss', BASELINE);
    site.publish('rss', KORHONEN_WINTER);
    site.publish('atom', ATOM_BASELINE);
  }, 30_000);

  afterEach(async () => {
    await env.close();
    await site.close();
  }, 30_000);

  const watch = (fields: Partial<NewWatch>) => env.runtime.watches.add(newWatch(fields));

  describe('watches', { timeout: 60_000 }, () => {
    it('an article added by link or by file posts its new statements matching each watch: speaker, topic, query', async () => {
      expect(await env.runtime.articles.fromUrl(site.articleUrl(BASELINE.slug), REQUESTER)).toMatchObject({ kind: 'added' });
      expect(env.posts).toEqual([]);
      const korhonen = await env.index.lookupSpeaker('Ilse Korhonen');
      if (korhonen.kind !== 'found') throw new Error('not found');
      const bySpeaker = await watch({ speakerId: korhonen.speaker.id, speakerName: korhonen.speaker.name, pingRoleId: '4'.repeat(18) });
      const byTopic = await watch({ topic: 'guarantees' });
      const byQuery = await watch({ query: 'paperwork' });
      const unrelated = await watch({ query: 'submarines' });

      const outcome = await env.runtime.articles.fromFile(
        { id: '9', name: 'winter.html', url: site.articleUrl(KORHONEN_WINTER.slug), size: null, contentType: 'text/html' },
        REQUESTER,
      );
      expect(outcome).toMatchObject({ kind: 'added', created: expect.any(Array) });
      const byWatch = (id: number) => env.posts.filter((p) => p.reply.type === 'statements' && p.reply.subtitle?.includes(`watch #${id} `));
      expect(byWatch(bySpeaker.id).map((p) => [p.pingRoleId, postLines(p)])).toEqual([
        [
          '4'.repeat(18),
          [
            'Ilse Korhonen: aircraft from the monitoring mission would keep flying over the Black Sea coast through the winter, whatever the weather',
            'Ilse Korhonen: Ice on the wings is an engineering problem, and we have engineers',
            'Ilse Korhonen: If the guarantees mean anything, they mean being there in January',
          ],
        ],
      ]);
      expect(byWatch(byTopic.id).map(postLines)).toEqual([
        ['Ilse Korhonen: If the guarantees mean anything, they mean being there in January'],
      ]);
      expect(byWatch(byQuery.id).map(postLines)).toEqual([['Tomas Berg: The ships are ready, the crews are ready, the paperwork is not']]);
      expect(byWatch(unrelated.id)).toEqual([]);
      expect(env.posts).toHaveLength(3);
      expect(env.posts.every((p) => p.channelId === '3'.repeat(18))).toBe(true);
      expect(byWatch(byTopic.id)[0]!.pingRoleId).toBeNull();

      // The same statements again (the article added once more under another name): never posted twice.
      if (outcome.kind !== 'added') throw new Error(outcome.kind);
      expect(await env.runtime.watcher.articleAdded(outcome)).toEqual([]);
      expect(env.posts).toHaveLength(3);
      // The same link again is a duplicate: nothing new, nothing posted.
      expect(await env.runtime.articles.fromUrl(site.articleUrl(KORHONEN_WINTER.slug), REQUESTER)).toMatchObject({ kind: 'duplicate' });
      expect(env.posts).toHaveLength(3);
    });

    it('an undated article (no date on the page) posts its statements with "date unknown"', async () => {
      const undated = { ...KORHONEN_WINTER, slug: 'winter-undated', published: '' };
      site.publish('rss', undated);
      const byQuery = await watch({ query: 'engineers' });
      const outcome = await env.runtime.articles.fromUrl(site.articleUrl(undated.slug), REQUESTER);
      expect(outcome).toMatchObject({ kind: 'added', published: null });
      expect(env.posts.map(postLines)).toEqual([['Ilse Korhonen: Ice on the wings is an engineering problem, and we have engineers']]);
      expect(env.posts[0]!.reply).toMatchObject({
        subtitle: expect.stringContaining(`${KORHONEN_WINTER.outlet}, date unknown · watch #${byQuery.id} `),
      });
    });

    it('a statement with an excluded word or phrase is not posted (whole words, case and accents ignored)', async () => {
      expect(await env.runtime.articles.fromUrl(site.articleUrl(BASELINE.slug), REQUESTER)).toMatchObject({ kind: 'added' });
      const korhonen = await env.index.lookupSpeaker('Ilse Korhonen');
      if (korhonen.kind !== 'found') throw new Error('not found');
      const excluding = await watch({
        speakerId: korhonen.speaker.id,
        speakerName: korhonen.speaker.name,
        exclude: ['Engineering problem', 'JANUARY', 'wing'],
      });
      expect(excluding.exclude).toEqual(['Engineering problem', 'JANUARY', 'wing']);
      expect(await env.runtime.articles.fromUrl(site.articleUrl(KORHONEN_WINTER.slug), REQUESTER)).toMatchObject({ kind: 'added' });
      // "wing" is not "wings": only whole words and phrases exclude.
      expect(env.posts.map(postLines)).toEqual([
        [
          'Ilse Korhonen: aircraft from the monitoring mission would keep flying over the Black Sea coast through the winter, whatever the weather',
        ],
      ]);
      expect(env.posts[0]!.reply).toMatchObject({
        subtitle: expect.stringContaining('excluding “Engineering problem”, “JANUARY”, “wing”'),
      });
    });

    it('a removed watch posts nothing; watches are listed and removed per guild', async () => {
      const mine = await watch({ query: 'radars' });
      await watch({ guildId: '2', query: 'radars' });
      expect((await env.runtime.watches.list('1')).map((w) => w.id)).toEqual([mine.id]);
      expect(await env.runtime.watches.remove(mine.id, '2')).toBeNull();
      expect(await env.runtime.watches.remove(mine.id, '1')).toMatchObject({ id: mine.id });
      await env.runtime.articles.fromUrl(site.articleUrl(ATOM_BASELINE.slug), REQUESTER);
      expect(env.posts.map((p) => (p.reply.type === 'statements' ? p.reply.subtitle : null))).toEqual([
        expect.stringContaining('watch #2 (query “radars”)'),
      ]);
    });

    it('a post groups statements by speaker, in order of first appearance, and shows at most ten', () => {
      const s = (id: number, name: string): StatementRecord => ({
        id,
        text: `t${id}`,
        kind: 'direct',
        speaker: { id: name.length, name, role: null, type: 'person' },
        topics: [],
        context: null,
        venue: null,
        cue: null,
        sources: [],
        published: '2025-10-02',
      });
      const w = {
        id: 7,
        guildId: null,
        channelId: 'c',
        speakerId: null,
        speakerName: null,
        topic: 'troops',
        query: null,
        pingRoleId: null,
        exclude: [],
        createdBy: 't',
        createdAt: '',
      };
      const article = { title: 'T', outlet: 'O', published: '2025-10-02', url: null, created: [] };
      const reply = postReply(w, article, [s(1, 'Ann'), s(2, 'Bo'), s(3, 'Ann'), s(4, 'Cy'), s(5, 'Bo')]);
      expect(reply.statements.map((x) => `${x.speaker?.name}${x.id}`)).toEqual(['Ann1', 'Ann3', 'Bo2', 'Bo5', 'Cy4']);
      expect(reply).toMatchObject({ title: 'New statements: T', subtitle: 'O, 2025-10-02 · watch #7 (topic troops)', grouping: 'speaker' });
      const many = postReply(
        w,
        article,
        Array.from({ length: 12 }, (_, i) => s(i + 1, 'Ann')),
      );
      expect(many.statements).toHaveLength(10);
      expect(many.paging).toEqual({ total: 12, offset: 0, shown: 10, prev: null, next: null });
    });
  });
});
