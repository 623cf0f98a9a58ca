// /watch and /feeds through runCommand: managers only for changes, anyone lists; the watch's channel defaults
// to the one the command was typed in; @everyone can never be the role to ping.
import { STORE_ENGINES } from '../support/store-engines.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/slash/invoke.ts';
import type { CommandContext } from '../../src/slash/types.ts';
import { topicCatalog } from '../../src/topics/index.ts';
import { REQUESTER, startEnv, type Env } from '../feeds/helpers.ts';
import { startFeedSite, type FeedSite } from '../feeds/feed-site.ts';
import { BASELINE } from '../feeds/stories.ts';
import { commands } from '../../commands/index.ts';

const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const ROLE = '333333333333333333';

describe.each(STORE_ENGINES)('%s store', (engine) => {
  let site: FeedSite;
  let env: Env;

  beforeEach(async () => {
    site = await startFeedSite();
    env = await startEnv({ engine });
    site.publish('rss', BASELINE);
    await env.runtime.articles.fromUrl(site.articleUrl(BASELINE.slug), REQUESTER);
  }, 30_000);

  afterEach(async () => {
    await env.close();
    await site.close();
  }, 30_000);

  const context = (canManage: boolean): CommandContext => ({
    index: env.index,
    topics: topicCatalog(),
    cursor: null,
    member: { canManage, canPin: canManage, id: '9', name: 'ana' },
    channel: { id: CHANNEL, guildId: GUILD },
    feeds: env.runtime.feeds,
    watches: env.runtime.watches,
  });

  describe('/watch and /feeds handlers', { timeout: 60_000 }, () => {
    it('managers add and remove; anyone lists; the channel defaults to this one; never @everyone', async () => {
      const member = await runCommand(commands, { command: 'watch', options: { subcommand: 'add', speaker: 'Korhonen' } }, context(false));
      expect(member).toMatchObject({ type: 'notice', title: 'Not allowed' });
      const everyone = await runCommand(
        commands,
        { command: 'watch', options: { subcommand: 'add', speaker: 'Korhonen', ping: GUILD } },
        context(true),
      );
      expect(everyone).toMatchObject({ type: 'notice', text: 'A watch cannot ping @everyone: choose a role.' });
      const unknown = await runCommand(
        commands,
        { command: 'watch', options: { subcommand: 'add', speaker: 'Nobody Atall' } },
        context(true),
      );
      expect(unknown).toMatchObject({ type: 'notice', title: 'Unknown speaker' });
      const added = await runCommand(
        commands,
        { command: 'watch', options: { subcommand: 'add', speaker: 'Korhonen', topic: 'guarantees', ping: ROLE } },
        context(true),
      );
      expect(added).toMatchObject({ type: 'info', title: 'Watch #1 added' });
      expect(await env.runtime.watches.list(GUILD)).toEqual([
        expect.objectContaining({
          id: 1,
          guildId: GUILD,
          channelId: CHANNEL,
          speakerName: 'Ilse Korhonen',
          topic: 'guarantees',
          query: null,
          pingRoleId: ROLE,
          createdBy: 'ana (9)',
        }),
      ]);
      const listed = await runCommand(commands, { command: 'watch', options: { subcommand: 'list' } }, context(false));
      expect(listed).toMatchObject({
        type: 'info',
        fields: [{ name: '#1 speaker Ilse Korhonen, topic guarantees', value: `channel ${CHANNEL} · pings role ${ROLE}` }],
      });
      expect(await runCommand(commands, { command: 'watch', options: { subcommand: 'remove', watch: 1 } }, context(false))).toMatchObject({
        title: 'Not allowed',
      });
      expect(await runCommand(commands, { command: 'watch', options: { subcommand: 'remove', watch: 2 } }, context(true))).toMatchObject({
        title: 'No such watch',
      });
      expect(await runCommand(commands, { command: 'watch', options: { subcommand: 'remove', watch: 1 } }, context(true))).toMatchObject({
        title: 'Watch #1 removed',
      });
    });

    it('/watch add exclude: comma-separated words and phrases are kept with the watch and listed', async () => {
      const added = await runCommand(
        commands,
        { command: 'watch', options: { subcommand: 'add', query: 'radars', exclude: ' air show,drills , , Drills,  naval   exercise' } },
        context(true),
      );
      expect(added).toMatchObject({ type: 'info', title: 'Watch #1 added' });
      expect(added.type === 'info' && added.fields?.[0]).toEqual({
        name: 'Watches',
        value: 'query “radars”, excluding “air show”, “drills”, “naval exercise”',
      });
      expect((await env.runtime.watches.list(GUILD)).map((w) => w.exclude)).toEqual([['air show', 'drills', 'naval exercise']]);
    });

    it('/watch add channel: forums and threads are accepted, other channel types refused; thread:true only under a text channel', async () => {
      const FORUM = '444444444444444444';
      const THREAD = '555555555555555555';
      const VOICE = '666666666666666666';
      const typed = { ...context(true), channelTypes: { [CHANNEL]: 0, [FORUM]: 15, [THREAD]: 11, [VOICE]: 2 } };
      const add = (options: Record<string, unknown>) =>
        runCommand(commands, { command: 'watch', options: { subcommand: 'add', query: 'radars', ...options } }, typed);
      expect(await add({ channel: VOICE })).toMatchObject({ type: 'notice', tone: 'warning', title: 'Check the options' });
      expect(await add({ channel: FORUM, thread: true })).toMatchObject({
        type: 'notice',
        text: 'A forum already gets one thread per article: leave thread off.',
      });
      expect(await add({ channel: THREAD, thread: true })).toMatchObject({ type: 'notice', tone: 'warning' });
      expect(await add({ channel: FORUM })).toMatchObject({ type: 'info', title: 'Watch #1 added' });
      expect(await add({ channel: THREAD })).toMatchObject({ type: 'info', title: 'Watch #2 added' });
      const threaded = await add({ thread: true });
      expect(threaded.type === 'info' && threaded.fields?.[1]).toEqual({
        name: 'Posts to',
        value: `channel ${CHANNEL} · a thread under each post`,
      });
      expect((await env.runtime.watches.list(GUILD)).map((w) => [w.channelId, w.openThread])).toEqual([
        [FORUM, false],
        [THREAD, false],
        [CHANNEL, true],
      ]);
    });

    it('/feeds: managers add and remove, anyone lists', async () => {
      expect(
        await runCommand(commands, { command: 'feeds', options: { subcommand: 'add', url: site.feedUrl('rss') } }, context(false)),
      ).toMatchObject({ title: 'Not allowed' });
      expect(await runCommand(commands, { command: 'feeds', options: { subcommand: 'list' } }, context(false))).toMatchObject({
        title: 'No feeds',
      });
      expect(
        await runCommand(commands, { command: 'feeds', options: { subcommand: 'add', url: site.feedUrl('rss') } }, context(true)),
      ).toMatchObject({ type: 'info', title: 'Following: Lakeside Courier — Security' });
      expect(
        await runCommand(commands, { command: 'feeds', options: { subcommand: 'add', url: site.feedUrl('rss') } }, context(true)),
      ).toMatchObject({ title: 'Already followed' });
      expect(await runCommand(commands, { command: 'feeds', options: { subcommand: 'list' } }, context(false))).toMatchObject({
        type: 'info',
        fields: [
          {
            name: '#1 Lakeside Courier — Security',
            value: `${site.feedUrl('rss')}\nState: first poll pending · 0 items taken\nLast success: never`,
          },
        ],
      });
      expect(
        await runCommand(commands, { command: 'feeds', options: { subcommand: 'remove', feed: 'nope' } }, context(true)),
      ).toMatchObject({
        title: 'No such feed',
      });
      expect(
        await runCommand(commands, { command: 'feeds', options: { subcommand: 'remove', feed: site.feedUrl('rss') } }, context(true)),
      ).toMatchObject({ title: 'Stopped following: Lakeside Courier — Security' });
    });
  });
});
