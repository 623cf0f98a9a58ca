// `whosaid ask "/quote speaker:Dragone" [--json] [--out FILE] [--cursor NEXT | --all]`: answer one command and exit.
// Stdout carries the answer only. An error or an empty answer (a notice) exits 1, so scripts can tell.
import { wantsColor } from '../reply/color.ts';
import { parseArgs } from 'node:util';
import type { Reply } from '../reply/types.ts';
import { fail, quietLogger, withApp, withConfig, write } from './support.ts';

export function runAskCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const { values, positionals } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, out: { type: 'string' }, cursor: { type: 'string' }, all: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (!positionals.length) return fail('ask needs a command, e.g. whosaid ask "/quote speaker:Dragone"', 2);
    if (values.all && values.cursor) return fail('ask: --all and --cursor do not go together', 2);
    return withApp(config, quietLogger(config), async (app) => {
      const { ConsoleSession } = await import('../console/session.ts');
      const session = new ConsoleSession(app.context, app.commands);
      const result = await session.handle(positionals.join(' '), values.cursor ?? null);
      if (!result || result.kind === 'exit') return 0;
      if (result.kind === 'text') {
        write(result.text);
        return 0;
      }
      // A chart or an export goes to a file (--out, else its own name here); stdout says where.
      const { saveReplyFiles } = await import('../console/save-files.ts');
      const saved = saveReplyFiles(result.reply, { out: values.out });
      const replies: Reply[] = [result.reply];
      if (values.all) for (let next = await session.next(); next; next = await session.next()) replies.push(next);
      if (values.json) {
        const { replyToJson } = await import('../reply/render-json.ts');
        write(JSON.stringify(values.all ? mergePages(replies.map((r) => replyToJson(r))) : replyToJson(result.reply, saved), null, 2));
      } else {
        const { renderTerminal } = await import('../reply/render-terminal.ts');
        write(
          replies
            .map((r, i) =>
              renderTerminal(r, {
                color: wantsColor(process.stdout),
                saved: i === 0 ? saved : undefined,
                // A terminal's width wraps the lines; piped into another program, they stay whole.
                width: process.stdout.isTTY ? process.stdout.columns : undefined,
              }),
            )
            .join('\n\n'),
        );
      }
      return result.reply.type === 'notice' ? 1 : 0;
    });
  });
}

/** Every page's items in one answer, as if it had been one page. */
function mergePages(pages: Record<string, unknown>[]): Record<string, unknown> {
  const [first, ...rest] = pages;
  const merged: Record<string, unknown> = { ...first, next: null };
  for (const key of ['statements', 'speakers', 'sources']) {
    if (Array.isArray(first![key])) merged[key] = pages.flatMap((p) => (p[key] as unknown[]) ?? []);
  }
  if (rest.length) merged['offset'] = 0;
  return merged;
}
