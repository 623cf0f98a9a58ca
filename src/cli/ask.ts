// `whosaid ask "/quote speaker:Dragone" [--json]`: answer one command and exit. Stdout carries the answer only.
import { parseArgs } from 'node:util';
import { fail, quietLogger, withApp, withConfig, write } from './support.ts';

export function runAskCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, out: { type: 'string' } }, allowPositionals: true });
    if (!positionals.length) return fail('ask needs a command, e.g. whosaid ask "/quote speaker:Dragone"', 2);
    return withApp(config, quietLogger(config), async (app) => {
      const { ConsoleSession } = await import('../console/session.ts');
      const result = await new ConsoleSession(app.context, app.commands).handle(positionals.join(' '));
      if (!result || result.kind === 'exit') return 0;
      if (result.kind === 'text') {
        write(result.text);
        return 0;
      }
      // A chart or an export goes to a file (--out, else its own name here); stdout says where.
      const { saveReplyFiles } = await import('../console/save-files.ts');
      const saved = saveReplyFiles(result.reply, { out: values.out });
      if (values.json) {
        const { replyToJson } = await import('../reply/render-json.ts');
        write(JSON.stringify(replyToJson(result.reply, saved), null, 2));
      } else {
        const { renderTerminal } = await import('../reply/render-terminal.ts');
        write(renderTerminal(result.reply, { color: Boolean(process.stdout.isTTY), saved }));
      }
      return result.reply.type === 'notice' && result.reply.tone !== 'info' ? 1 : 0;
    });
  });
}
