// Parses a console line typed like a Discord slash command: /quote speaker:"Cavo Dragone" limit:3
// An unquoted value runs until the next option name the command knows (`/search query:coalition of the
// willing limit:3`), as Discord's own option fields do; quotes are needed only to put `name:` inside a value.
// Bare words fill the command's first unset string option, so `/quote Dragone` works too. For a command
// made of subcommands the first bare word names the subcommand: /feeds add url:https://…
import type { Invocation } from '../slash/invoke.ts';
import { subcommandsOf } from '../slash/options.ts';
import { SUBCOMMAND_KEY, type CommandDefinition } from '../slash/types.ts';
import { UserFacingError } from '../errors.ts';

export class LineError extends UserFacingError {
  override name = 'LineError';
}

const CLOSERS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '«': '»', '„': '“' };

interface Token {
  key: string | null;
  value: string;
}

const KEY = /^([\p{L}\p{N}_-]+):(?!\/\/)/u;

function tokenize(text: string, known: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  /** An option's unquoted value: up to the next `name:` of a known option, or the end of the line. */
  const readOptionValue = (): string => {
    const start = i;
    const next = /\s+([\p{L}\p{N}_-]+):(?!\/\/)/gu;
    next.lastIndex = i;
    for (let m = next.exec(text); m; m = next.exec(text)) {
      if (known.has(m[1]!.toLowerCase())) {
        i = m.index;
        return text.slice(start, i);
      }
    }
    i = text.length;
    return text.slice(start).trimEnd();
  };
  const readValue = (): string => {
    const open = text[i]!;
    const close = CLOSERS[open];
    if (close) {
      let value = '';
      i++;
      while (i < text.length && text[i] !== close) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      if (i >= text.length) throw new LineError(`missing closing ${close}`);
      i++;
      return value;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    // "https://..." is a value, not an option called https.
    const key = KEY.exec(text.slice(i));
    if (key) {
      i += key[0].length;
      const quoted = i < text.length && text[i]! in CLOSERS;
      const value = i >= text.length || /\s/.test(text[i]!) ? '' : quoted ? readValue() : readOptionValue();
      tokens.push({ key: key[1]!.toLowerCase(), value });
    } else {
      tokens.push({ key: null, value: readValue() });
    }
  }
  return tokens;
}

/** Every option name a command (or any of its subcommands) takes. */
function optionNames(definition: CommandDefinition | undefined): Set<string> {
  const names = new Set<string>([SUBCOMMAND_KEY]);
  const visit = (options: readonly { name: string; options?: readonly unknown[] }[] | undefined) => {
    for (const o of options ?? []) {
      names.add(o.name.toLowerCase());
      visit(o.options as never);
    }
  };
  visit(definition?.options as never);
  return names;
}

export function parseLine(line: string, lookup: (name: string) => CommandDefinition | undefined): Invocation {
  const match = /^\/([\p{L}\p{N}_-]+)(?:\s+|$)/u.exec(line.trim());
  if (!match) throw new LineError('commands start with /, for example /quote speaker:Dragone (try /help)');
  const name = match[1]!.toLowerCase();
  const definition = lookup(name);
  const tokens = tokenize(line.trim().slice(match[0].length), optionNames(definition));
  const options: Record<string, unknown> = {};
  const bare: string[] = [];
  for (const token of tokens) {
    if (token.key === null) bare.push(token.value);
    else if (token.key in options) throw new LineError(`option ${token.key} is given twice`);
    else options[token.key] = token.value;
  }
  const subcommands = definition ? subcommandsOf(definition) : [];
  let holder: { options?: readonly { type: number; name: string }[] } | undefined = definition;
  if (subcommands.length && bare.length && !(SUBCOMMAND_KEY in options)) {
    const word = bare.shift()!.toLowerCase();
    options[SUBCOMMAND_KEY] = word;
    holder = subcommands.find((s) => s.name === word);
  } else if (subcommands.length && typeof options[SUBCOMMAND_KEY] === 'string') {
    holder = subcommands.find((s) => s.name === String(options[SUBCOMMAND_KEY]).toLowerCase());
  }
  if (bare.length) {
    const target = holder?.options?.find((o) => o.type === 3 && !(o.name in options));
    if (!target) throw new LineError(`don't know which option "${bare.join(' ')}" is for: write it as name:value`);
    options[target.name] = bare.join(' ');
  }
  return { command: name, options };
}
