// `whosaid export [--speaker NAME] [--topic ID] [--query WORDS] [--format csv|json|md] [--out FILE]`: the
// statements /export would attach, written to stdout (pipe it) or to --out (then stdout says where).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fail, parseArguments, quietLogger, withApp, withConfig, write } from './support.ts';

const EXPORT_USAGE = 'usage: whosaid export [--speaker NAME] [--topic ID] [--query WORDS] [--format csv|json|md] [--out FILE]';

export function runExportCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const parsed = parseArguments(
      {
        args,
        options: {
          speaker: { type: 'string' },
          topic: { type: 'string' },
          query: { type: 'string' },
          format: { type: 'string' },
          out: { type: 'string' },
        },
      },
      EXPORT_USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const { out, ...options } = parsed.values;
    return withApp(config, quietLogger(config), async (app) => {
      const { runCommand } = await import('../slash/invoke.ts');
      const reply = await runCommand(app.commands, { command: 'export', options }, { ...app.context, cursor: null });
      if (reply.type !== 'file') {
        const { renderTerminal } = await import('../reply/render-terminal.ts');
        return fail(
          renderTerminal(reply, { color: false }).replace(/\n/g, ' — '),
          reply.type === 'notice' && reply.tone === 'info' ? 1 : 2,
        );
      }
      if (out) {
        writeFileSync(resolve(out), reply.file.data);
        write(`${reply.text} Saved to ${resolve(out)}`);
      } else {
        process.stdout.write(reply.file.data);
      }
      return 0;
    });
  });
}
