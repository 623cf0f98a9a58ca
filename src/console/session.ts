// One console conversation: remembers the last reply so /next and /prev can page, knows /help.
import { runCommand, type Invocation } from '../slash/invoke.ts';
import { subcommandsOf } from '../slash/options.ts';
import type { CommandRegistry } from '../slash/registry.ts';
import type { CommandContext } from '../slash/types.ts';
import { notice, type PageRef, type Reply } from '../reply/types.ts';
import { LineError, parseLine } from './parse-line.ts';

export type ConsoleContext = Omit<CommandContext, 'cursor'>;

export type LineResult = { kind: 'reply'; reply: Reply } | { kind: 'text'; text: string } | { kind: 'exit' };

export function helpText(commands: CommandRegistry): string {
  const lines = [
    'Commands (type them as in Discord: /quote speaker:Cavo Dragone topic:troops; a value runs until the next option name):',
    '',
  ];
  const usage = (options: readonly { name: string; required?: boolean }[] = []) =>
    options.map((o) => (o.required ? `${o.name}:…` : `[${o.name}:…]`)).join(' ');
  for (const def of commands.definitions()) {
    const subcommands = subcommandsOf(def);
    if (subcommands.length) {
      // One line per subcommand: /feeds add url:…
      for (const sub of subcommands)
        lines.push(
          `  /${def.name} ${sub.name} ${usage(sub.options as { name: string }[] | undefined)}`.trimEnd(),
          `      ${sub.description}`,
        );
      continue;
    }
    lines.push(`  /${def.name} ${usage(def.options as { name: string }[] | undefined)}`.trimEnd(), `      ${def.description}`);
  }
  lines.push(
    '',
    '  /next, /prev   page through the last result',
    '  /help          this list; /help quote explains /quote',
    '  /exit          leave (or Ctrl-D)',
  );
  return lines.join('\n');
}

/** `/help quote`: one command's usage, what it does and each option, with its choices. */
export function commandHelp(commands: CommandRegistry, name: string): string {
  const def = commands.find(name.replace(/^\//, '').toLowerCase())?.definition;
  if (!def) return `There is no command /${name.replace(/^\//, '')}. /help lists them.`;
  type Opt = { name: string; description: string; required?: boolean; choices?: { name: string; value: unknown }[] };
  const describe = (options: readonly Opt[] | undefined, indent: string) =>
    (options ?? []).map((o) => {
      const choices = o.choices?.length ? ` (one of: ${o.choices.map((c) => String(c.value)).join(', ')})` : '';
      return `${indent}${o.name}:${o.required ? ' (required)' : ''}  ${o.description}${choices}`;
    });
  const usage = (options: readonly Opt[] = []) => options.map((o) => (o.required ? `${o.name}:…` : `[${o.name}:…]`)).join(' ');
  const subcommands = subcommandsOf(def);
  const lines = [`/${def.name} — ${def.description}`, ''];
  if (subcommands.length) {
    for (const sub of subcommands) {
      lines.push(`  /${def.name} ${sub.name} ${usage(sub.options as Opt[] | undefined)}`.trimEnd(), `      ${sub.description}`);
      lines.push(...describe(sub.options as Opt[] | undefined, '        '));
    }
  } else {
    lines.push(`  /${def.name} ${usage(def.options as Opt[] | undefined)}`.trimEnd(), '', 'Options:');
    lines.push(...describe(def.options as Opt[] | undefined, '  '));
  }
  lines.push('', 'A value runs until the next option name; Tab completes commands, options and speakers.');
  return lines.join('\n');
}

export class ConsoleSession {
  private last: Reply | null = null;

  constructor(
    private readonly context: ConsoleContext,
    private readonly commands: CommandRegistry,
  ) {}

  /** `cursor`: a page's `next` from an earlier answer to the same line (`whosaid ask --cursor`). */
  async handle(line: string, cursor: string | null = null): Promise<LineResult | null> {
    const text = line.trim();
    if (!text) return null;
    if (text === '/exit' || text === '/quit') return { kind: 'exit' };
    if (text === '/help' || text === 'help') return { kind: 'text', text: helpText(this.commands) };
    const helpFor = /^\/?help\s+(\S+)$/i.exec(text);
    if (helpFor) return { kind: 'text', text: commandHelp(this.commands, helpFor[1]!) };
    if (text === '/next' || text === '/prev') return this.page(text === '/next' ? 'next' : 'prev');
    let invocation: Invocation;
    try {
      invocation = parseLine(text, (name) => this.commands.find(name)?.definition);
    } catch (error) {
      if (error instanceof LineError)
        return { kind: 'reply', reply: notice('console', 'Cannot read that line', error.message, { tone: 'warning' }) };
      throw error;
    }
    return this.run(invocation, cursor);
  }

  /** The last reply's next page, or null at the end: what `whosaid ask --all` walks. */
  async next(): Promise<Reply | null> {
    const paging = this.last && 'paging' in this.last ? this.last.paging : null;
    if (!paging?.next) return null;
    const result = await this.page('next');
    return result.kind === 'reply' ? result.reply : null;
  }

  private async page(direction: 'next' | 'prev'): Promise<LineResult> {
    const paging = this.last && 'paging' in this.last ? this.last.paging : null;
    const ref: PageRef | null = paging ? paging[direction] : null;
    if (!ref) return { kind: 'text', text: direction === 'next' ? 'No further results.' : 'Already at the first page.' };
    return this.run({ command: ref.command, options: ref.options }, ref.cursor);
  }

  private async run(invocation: Invocation, cursor: string | null): Promise<LineResult> {
    const reply = await runCommand(this.commands, invocation, { ...this.context, cursor });
    if (reply.type !== 'notice') this.last = reply;
    return { kind: 'reply', reply };
  }
}
