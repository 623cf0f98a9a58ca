// Parses a console line typed like a Discord slash command: /quote speaker:"Cavo Dragone" limit:3
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

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
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
    const key = /^([\p{L}\p{N}_-]+):(?!\/\/)/u.exec(text.slice(i));
    if (key) {
      i += key[0].length;
      tokens.push({ key: key[1]!.toLowerCase(), value: i < text.length && !/\s/.test(text[i]!) ? readValue() : '' });
    } else {
      tokens.push({ key: null, value: readValue() });
    }
  }
  return tokens;
}

export function parseLine(line: string, lookup: (name: string) => CommandDefinition | undefined): Invocation {
  const match = /^\/([\p{L}\p{N}_-]+)(?:\s+|$)/u.exec(line.trim());
  if (!match) throw new LineError('commands start with /, for example /quote speaker:Dragone (try /help)');
  const name = match[1]!.toLowerCase();
  const tokens = tokenize(line.trim().slice(match[0].length));
  const options: Record<string, unknown> = {};
  const bare: string[] = [];
  for (const token of tokens) {
    if (token.key === null) bare.push(token.value);
    else if (token.key in options) throw new LineError(`option ${token.key} is given twice`);
    else options[token.key] = token.value;
  }
  const definition = lookup(name);
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
