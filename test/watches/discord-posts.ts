// Watch posts through the real discord.js REST client to the fake Discord: a feed site with two stories about
// Ilse Korhonen, a whosaid (SQLite, hand-driven clock) that has added the first, and its watcher posting with
// the real notifier. A test adds a watch on Korhonen (`watchKorhonen`), then the second story (`addWinter`).
import { Client } from 'discord.js';
import { discordWatchNotifier } from '../../src/discord/watch-notifier.ts';
import { createLogger } from '../../src/log.ts';
import type { WatchRecord } from '../../src/watches/types.ts';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';
import { startFeedSite, type FeedSite } from '../feeds/feed-site.ts';
import { REQUESTER, startEnv, type Env } from '../feeds/helpers.ts';
import { BASELINE, KORHONEN_WINTER } from '../feeds/stories.ts';
import { newWatch } from './new-watch.ts';

export const logger = createLogger({ level: 'silent' });

export interface DiscordPosts {
  site: FeedSite;
  env: Env;
  fake: FakeDiscord;
  client: Client;
  /** A watch on Ilse Korhonen posting to `channelId` (a thread under each post with `openThread`). */
  watchKorhonen(channelId: string, openThread?: boolean): Promise<WatchRecord>;
  /** Adds the second story by link: its statements are new for the watch. */
  addWinter(): ReturnType<Env['runtime']['articles']['fromUrl']>;
  close(): Promise<void>;
}

export async function startDiscordPosts(): Promise<DiscordPosts> {
  const site = await startFeedSite();
  site.publish('rss', BASELINE);
  site.publish('rss', KORHONEN_WINTER);
  const fake = await startFakeDiscord({ timeoutMs: 10_000 });
  const client = new Client({ intents: [], rest: { api: fake.apiUrl, retries: 0 } });
  client.rest.setToken(fake.token);
  const env = await startEnv();
  env.runtime.watcher.setNotifier(discordWatchNotifier(client, logger));
  await env.runtime.articles.fromUrl(site.articleUrl(BASELINE.slug), REQUESTER);
  return {
    site,
    env,
    fake,
    client,
    watchKorhonen: (channelId, openThread = false) =>
      env.runtime.watches.add(newWatch({ guildId: fake.guildId, channelId, speakerName: 'Ilse Korhonen', openThread })),
    addWinter: () => env.runtime.articles.fromUrl(site.articleUrl(KORHONEN_WINTER.slug), REQUESTER),
    async close() {
      await env.close();
      await client.destroy();
      await fake.close();
      await site.close();
    },
  };
}
