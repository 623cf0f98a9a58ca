// /feeds add url:<RSS or Atom> | list | remove feed:<id or url>: the news feeds whosaid follows. Adding and
// removing is for managers; anyone may list. The feed service (context.feeds) fetches, polls and ingests.
import { ApplicationCommandOptionType } from '../src/slash/option-types.ts';
import { defineCommand } from '../src/slash/types.ts';
import { addsAs } from '../src/slash/shared.ts';
import type { FeedRecord } from '../src/feeds/types.ts';
import { notice, type InfoField } from '../src/reply/types.ts';
import { plural } from '../src/reply/wording.ts';

const MAX_LISTED = 25;

const utcText = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** State, last success and last error: "broken" once a notice went out, "failing" before, else "working". */
function status(feed: FeedRecord): string {
  const state = feed.brokenSince
    ? `broken since ${utcText(feed.brokenSince)} (${feed.failures}× failed)`
    : feed.lastError
      ? `failing (${feed.failures}×)`
      : feed.lastOkAt
        ? 'working'
        : 'first poll pending';
  const lines = [
    `State: ${state} · ${plural(feed.items, 'item')} taken`,
    `Last success: ${feed.lastOkAt ? utcText(feed.lastOkAt) : 'never'}`,
  ];
  if (feed.lastError) lines.push(`Last error: ${feed.lastError} · retry ${utcText(new Date(feed.nextPollMs).toISOString())}`);
  return lines.join('\n');
}

export default defineCommand({
  definition: {
    name: 'feeds',
    description: 'News feeds whosaid follows (RSS or Atom)',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Follow a feed: its new articles are added as they appear — managers only',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'url',
            description: 'Address of the RSS or Atom feed',
            required: true,
            max_length: 2000,
          },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'The feeds followed' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Stop following a feed — managers only',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'feed',
            description: 'Its number (from /feeds list) or address',
            required: true,
            max_length: 2000,
          },
        ],
      },
    ],
  },
  defer: 'ephemeral',
  requires: { permission: 'manage', subcommands: ['add', 'remove'], to: 'add or remove feeds' },

  async run(options, context) {
    const feeds = context.feeds;
    if (!feeds) return notice('feeds', 'Not available', 'Following feeds is not available here.', { tone: 'warning' });
    if (options.subcommand === 'list') {
      const all = await feeds.list(addsAs(context) ?? null);
      if (!all.length)
        return notice('feeds', 'No feeds', 'No feeds are followed. A manager can add one with /feeds add url:<feed address>.');
      const fields: InfoField[] = all
        .slice(0, MAX_LISTED)
        .map((f) => ({ name: `#${f.id} ${f.title ?? f.url}`, value: `${f.url}\n${status(f)}` }));
      return { type: 'info', command: 'feeds', title: `Feeds followed (${all.length})`, fields };
    }
    if (options.subcommand === 'remove') {
      const removed = await feeds.remove(options.feed, addsAs(context) ?? null);
      if (!removed)
        return notice('feeds', 'No such feed', `No feed followed matches "${options.feed}". /feeds list shows them.`, {
          tone: 'warning',
          suggestions: ['/feeds list'],
        });
      return {
        type: 'info',
        command: 'feeds',
        title: `Stopped following: ${removed.title ?? removed.url}`,
        fields: [{ name: 'Feed', value: `#${removed.id} ${removed.url}` }],
      };
    }
    const owner = addsAs(context);
    const requestedBy = {
      id: context.member.id ?? 'unknown',
      name: context.member.name ?? 'unknown',
      ...(owner ? { owner } : {}),
      // Notices about the feed (broken, working again) go to the channel it was added from.
      ...(context.channel ? { channelId: context.channel.id } : {}),
    };
    const outcome = await feeds.add(options.url, requestedBy);
    switch (outcome.kind) {
      case 'refused':
        return notice('feeds', 'Feed not added', outcome.reason, { tone: 'warning' });
      case 'exists':
        return notice('feeds', 'Already followed', `${outcome.feed.url} is already followed (#${outcome.feed.id}).`, {
          suggestions: ['/feeds list'],
        });
      case 'added':
        return {
          type: 'info',
          command: 'feeds',
          title: `Following: ${outcome.feed.title ?? outcome.feed.url}`,
          fields: [
            { name: 'Feed', value: `#${outcome.feed.id} ${outcome.feed.url}` },
            { name: 'Items now', value: `${outcome.items}: added to the index quietly; watches hear of articles that appear from now on` },
          ],
        };
    }
  },
});
