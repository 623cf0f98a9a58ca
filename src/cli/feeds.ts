// `whosaid feeds add URL | list | remove ID|URL | poll [ID...]`: the feeds from a terminal. add and remove
// answer as /feeds does; add also takes the feed's current items (quietly, as the bot would); poll polls now
// and prints what the watches would post. Stdout carries the result only; logs go to stderr.
import { wantsColor } from '../reply/color.ts';
import { runCommand } from '../slash/invoke.ts';
import { fail, parseArguments, quietLogger, withApp, withConfig, write } from './support.ts';
import { replyToJson } from '../reply/render-json.ts';
import { parseFetchUrl } from '../net/safe-fetch.ts';
import { renderTerminal } from '../reply/render-terminal.ts';
import type { PollResult } from '../feeds/types.ts';
import { plural } from '../reply/wording.ts';

const USAGE = 'usage: whosaid feeds add URL | list | remove ID|URL | poll [ID...]  [--json]';

export function formatPoll(result: PollResult): string {
  const head = `#${result.feedId} ${result.url}: `;
  if (result.status === 'error') return `${head}failed: ${result.error ?? 'unknown error'}`;
  if (result.status === 'not-modified') return `${head}not modified`;
  return `${head}${plural(result.newItems, 'new item')}, ${plural(result.added, 'article')} added`;
}

export function runFeedsCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const parsed = parseArguments({ args, options: { json: { type: 'boolean' } }, allowPositionals: true }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const [sub, ...rest] = parsed.positionals;
    const json = parsed.values.json ?? false;
    if (!sub || !['add', 'list', 'remove', 'poll'].includes(sub)) return fail(USAGE, 2);
    if ((sub === 'add' || sub === 'remove') && rest.length !== 1) return fail(USAGE, 2);
    // Watch posts print here (the terminal has no channel to post to); --json keeps stdout for the result.
    const notifier = json ? null : undefined;
    return withApp(
      config,
      quietLogger(config),
      async (app) => {
        if (sub === 'poll') {
          const ids = rest.map(Number);
          if (ids.some((id) => !Number.isInteger(id) || id < 1)) return fail(USAGE, 2);
          const results = await app.feeds.feeds.pollNow(ids.length ? ids : undefined);
          if (json) write(JSON.stringify(results, null, 2));
          else write(results.length ? results.map(formatPoll).join('\n') : 'No feeds are followed.');
          return results.some((r) => r.status === 'error') ? 1 : 0;
        }
        const options: Record<string, unknown> = { subcommand: sub };
        if (sub === 'add') options['url'] = rest[0];
        if (sub === 'remove') options['feed'] = rest[0];
        const reply = await runCommand(app.commands, { command: 'feeds', options }, { ...app.context, cursor: null });
        write(json ? JSON.stringify(replyToJson(reply), null, 2) : renderTerminal(reply, { color: wantsColor(process.stdout) }));
        if (sub === 'add' && reply.type === 'info') {
          // No bot schedule here: take the new feed's current items now, quietly.
          const url = parseFetchUrl(rest[0]!).toString();
          const added = (await app.feeds.feeds.list()).find((f) => f.url === url);
          if (added) for (const r of await app.feeds.feeds.pollNow([added.id])) if (!json) write(formatPoll(r));
        }
        return reply.type === 'notice' && reply.tone !== 'info' ? 1 : 0;
      },
      notifier,
    );
  });
}
