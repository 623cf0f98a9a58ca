// Tab completion for the console (node:readline's completer): command names, a subcommand, option names
// (`speaker:`) not yet used on the line, and speaker names after `speaker:`.
import { subcommandsOf } from '../slash/options.ts';
import type { CommandRegistry } from '../slash/registry.ts';
import type { CommandDefinition } from '../slash/types.ts';

export const CONSOLE_WORDS = ['/next', '/prev', '/help', '/exit'];

type Suggest = (prefix: string, limit: number) => Promise<{ name: string }[]>;

function optionNames(def: CommandDefinition, subcommand: string | undefined): string[] {
  const subs = subcommandsOf(def);
  const holder = subs.length ? subs.find((s) => s.name === subcommand) : def;
  return ((holder?.options ?? []) as readonly { name: string }[]).map((o) => o.name);
}

/** [candidates, the part of the line they replace], as readline expects. */
export async function completeLine(line: string, commands: CommandRegistry, suggestSpeakers?: Suggest): Promise<[string[], string]> {
  const words = line.split(/\s+/);
  const first = words[0] ?? '';
  const commandNames = [...commands.definitions().map((d) => `/${d.name}`), ...CONSOLE_WORDS];
  if (words.length === 1) return [commandNames.filter((n) => n.startsWith(first)), first];
  if (first === '/help' || first === 'help') {
    const last = words.at(-1)!;
    return [
      commands
        .definitions()
        .map((d) => d.name)
        .filter((n) => n.startsWith(last)),
      last,
    ];
  }
  const def = commands.find(first.replace(/^\//, ''))?.definition;
  if (!def) return [[], line];
  const subs = subcommandsOf(def);
  if (subs.length && words.length === 2) {
    const last = words[1]!;
    return [subs.map((s) => s.name).filter((n) => n.startsWith(last)), last];
  }
  // A speaker's name may hold spaces: complete everything after the last `speaker:`.
  const speaker = /(?:^|\s)(speaker:)([^:]*)$/.exec(line);
  if (speaker && suggestSpeakers && optionNames(def, words[1]).includes('speaker')) {
    const typed = speaker[2]!;
    const found = await suggestSpeakers(typed, 10);
    // Nobody by that start: the last word may begin the next option's name ("speaker:Rutte t").
    if (found.length) return [found.map((s) => `speaker:${s.name}`), `speaker:${typed}`];
  }
  const last = words.at(-1)!;
  if (last.includes(':')) return [[], last];
  const used = new Set([...line.matchAll(/(?:^|\s)([\p{L}\p{N}_-]+):/gu)].map((m) => m[1]!));
  const names = optionNames(def, subs.length ? words[1] : undefined).filter((n) => !used.has(n));
  return [names.map((n) => `${n}:`).filter((n) => n.startsWith(last)), last];
}
