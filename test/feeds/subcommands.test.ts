// Subcommands in the command layer: validation per subcommand, the console's `/feeds add url:…`, and the
// option types a handler sees.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { OptionError, validateOptions } from '../../src/slash/options.ts';
import { defineCommand, type OptionsOf } from '../../src/slash/types.ts';
import { parseLine } from '../../src/console/parse-line.ts';

const demo = defineCommand({
  definition: {
    name: 'demo',
    description: 'Demo',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Add',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'url', description: 'Link', required: true },
          { type: ApplicationCommandOptionType.Role, name: 'ping', description: 'Role', required: false },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'List' },
    ],
  },
  run: () => ({ type: 'notice', command: 'demo', tone: 'info', title: '', text: '', suggestions: [] }),
});

describe('subcommands', () => {
  it('types: one member per subcommand', () => {
    type O = OptionsOf<typeof demo.definition>;
    expectTypeOf<Extract<O, { subcommand: 'add' }>['url']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<O, { subcommand: 'add' }>['ping']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<O['subcommand']>().toEqualTypeOf<'add' | 'list'>();
  });

  it('validates the options of the named subcommand', () => {
    expect(validateOptions(demo.definition, { subcommand: 'add', url: ' https://x.example/feed ' })).toEqual({
      subcommand: 'add',
      url: 'https://x.example/feed',
    });
    expect(validateOptions(demo.definition, { subcommand: 'LIST' })).toEqual({ subcommand: 'list' });
    expect(validateOptions(demo.definition, { subcommand: 'add', url: 'u', ping: '<@&123456789012345678>' })).toEqual({
      subcommand: 'add',
      url: 'u',
      ping: '123456789012345678',
    });
  });

  it('refuses a missing or unknown subcommand, a missing option, another subcommand’s option', () => {
    const message = (raw: Record<string, unknown>) => {
      try {
        validateOptions(demo.definition, raw);
      } catch (error) {
        expect(error).toBeInstanceOf(OptionError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(message({})).toBe('/demo needs a subcommand: add, list');
    expect(message({ subcommand: 'drop' })).toBe('/demo has no subcommand drop (subcommands: add, list)');
    expect(message({ subcommand: 'add' })).toBe('url is required');
    expect(message({ subcommand: 'list', url: 'x' })).toBe('/demo list has no option url (options: none)');
    expect(message({ subcommand: 'add', url: 'x', ping: 'everyone' })).toBe('ping must be a role id');
  });

  it('console: the first bare word names the subcommand, the next fills its first string option', () => {
    const lookup = (name: string) => (name === 'demo' ? demo.definition : undefined);
    expect(parseLine('/demo add url:https://x.example/feed', lookup)).toEqual({
      command: 'demo',
      options: { subcommand: 'add', url: 'https://x.example/feed' },
    });
    expect(parseLine('/demo add https://x.example/feed', lookup)).toEqual({
      command: 'demo',
      options: { subcommand: 'add', url: 'https://x.example/feed' },
    });
    expect(parseLine('/demo list', lookup)).toEqual({ command: 'demo', options: { subcommand: 'list' } });
  });
});
