// The offline console: answers the same slash commands as the bot, in a terminal or from piped stdin.
// Room console/: the offline REPL and one-line sessions (ask); imports slash/, reply/; gets the command list
// as a parameter, never imports commands/ or app.ts.
import { wantsColor } from '../reply/color.ts';
import { clearLine, createInterface, cursorTo } from 'node:readline';
import { renderTerminal } from '../reply/render-terminal.ts';
import type { CommandRegistry } from '../slash/registry.ts';
import { ConsoleSession, type ConsoleContext } from './session.ts';
import { saveReplyFiles } from './save-files.ts';
import { completeLine } from './complete.ts';

export interface ReplOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  color?: boolean;
  banner?: string;
  /** Where charts and exports are written (default: the working directory). */
  filesDir?: string;
}

/**
 * A log line written while the prompt waits for typing would land in the middle of it: the console's logger
 * writes through this, which clears the prompt line first and draws the prompt (with what was typed) again.
 */
let showingPrompt: { clear(): void; redraw(): void } | null = null;
export function aroundConsoleOutput(write: () => void): void {
  const prompt = showingPrompt;
  prompt?.clear();
  write();
  prompt?.redraw();
}

export async function runRepl(context: ConsoleContext, commands: CommandRegistry, options: ReplOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const color = options.color ?? (interactive ? wantsColor(output as { isTTY?: boolean }) : wantsColor(undefined));
  const session = new ConsoleSession(context, commands);
  const completer = (line: string, done: (error: Error | null, result: [string[], string]) => void) => {
    completeLine(line, commands, (prefix, limit) => context.index.suggestSpeakers(prefix, limit)).then(
      (result) => done(null, result),
      () => done(null, [[], line]),
    );
  };
  const rl = createInterface({ input, output, terminal: interactive, historySize: 500, prompt: 'whosaid> ', completer });
  const write = (text: string) => output.write(`${text}\n`);
  // Replies wrap at the terminal's width, read at each reply (the window may have been resized); piped: none.
  const width = () => (interactive ? (output as { columns?: number }).columns : undefined);
  const prompt = () => {
    rl.prompt();
    showingPrompt = {
      clear: () => {
        clearLine(output, 0);
        cursorTo(output, 0);
      },
      redraw: () => rl.prompt(true),
    };
  };

  if (interactive && options.banner) write(options.banner);
  if (interactive) prompt();
  // Lines are handled one at a time, in order, even when piped faster than they are answered.
  for await (const line of rl) {
    showingPrompt = null;
    const result = await session.handle(line);
    if (result?.kind === 'exit') break;
    if (result?.kind === 'text') write(result.text);
    if (result?.kind === 'reply') {
      const saved = saveReplyFiles(result.reply, { dir: options.filesDir });
      write(`${renderTerminal(result.reply, { color, saved, width: width() })}\n`);
    }
    if (interactive) prompt();
  }
  showingPrompt = null;
  rl.close();
}
