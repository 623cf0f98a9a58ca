// Validates raw option values (from Discord, the console or `whosaid ask`) against a command's definition.
// One zod schema per command, derived from its JSON definition, so options are never described twice.
import { ApplicationCommandOptionType } from './option-types.ts';
import { z } from 'zod';
import { SUBCOMMAND_KEY, type CommandDefinition } from './types.ts';
import { UserFacingError } from '../errors.ts';
import { stripInvisible } from '../text/invisible.ts';
import { SNOWFLAKE } from '../text/snowflake.ts';
import { firstIssue } from '../text/schema.ts';

/** Discord's own cap on a string option. */
export const MAX_STRING_OPTION = 6000;

export class OptionError extends UserFacingError {
  override name = 'OptionError';
  constructor(
    readonly option: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** What a person typed, without the invisible characters that would make it match nothing. */
export function cleanTyped(value: string): string {
  return stripInvisible(value).trim();
}

type AnyOption = NonNullable<CommandDefinition['options']>[number];

function optionSchema(option: AnyOption): z.ZodType {
  const o = option as AnyOption & {
    min_length?: number;
    max_length?: number;
    min_value?: number;
    max_value?: number;
    choices?: readonly { name?: string; value: string | number }[];
  };
  switch (option.type) {
    case ApplicationCommandOptionType.String: {
      const s = z
        .string()
        .transform(cleanTyped)
        .pipe(
          z
            .string()
            .min(Math.max(1, o.min_length ?? 1), 'must not be empty')
            .max(o.max_length ?? MAX_STRING_OPTION, `must be at most ${o.max_length ?? MAX_STRING_OPTION} characters`),
        );
      if (o.choices?.length) {
        // Discord only sends listed values; the console is typed by hand, so a choice's value or display name
        // matches in any case, singular or plural ("guarantee", "Security guarantees").
        const values = o.choices.map((c) => String(c.value));
        const forms = (x: string) => {
          // A display name may end in its value: "Security guarantees (guarantees)".
          const t = x
            .trim()
            .toLowerCase()
            .replace(/\s+/g, ' ')
            .replace(/ \([^()]*\)$/, '');
          return [t, t.replace(/s$/, '')];
        };
        const same = (a: string, b: string) => forms(a).some((f) => forms(b).includes(f));
        return s
          .transform(
            (v) => o.choices!.find((c) => same(String(c.value), v) || (c.name !== undefined && same(c.name, v)))?.value.toString() ?? v,
          )
          .refine((v) => values.includes(v), `must be one of ${values.join(', ')}`);
      }
      return s;
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      let n = z.coerce.number({ error: 'must be a number' });
      if (option.type === ApplicationCommandOptionType.Integer) n = n.int('must be a whole number');
      if (o.min_value !== undefined) n = n.min(o.min_value, `must be at least ${o.min_value}`);
      if (o.max_value !== undefined) n = n.max(o.max_value, `must be at most ${o.max_value}`);
      return n;
    }
    case ApplicationCommandOptionType.Boolean:
      return z.union([
        z.boolean(),
        z
          .string()
          .toLowerCase()
          .refine((v) => ['true', 'false', 'yes', 'no'].includes(v), 'must be true or false')
          .transform((v) => v === 'true' || v === 'yes'),
      ]);
    case ApplicationCommandOptionType.Attachment:
      return attachmentSchema;
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Role:
      // Discord sends the id; the console also takes the <#id> / <@&id> form a user may paste.
      return z
        .string()
        .trim()
        .transform((v) => v.replace(/^<(?:#|@&)(\d+)>$/, '$1'))
        .pipe(z.string().regex(SNOWFLAKE, `must be a ${option.type === ApplicationCommandOptionType.Channel ? 'channel' : 'role'} id`));
    default:
      throw new Error(`option type ${option.type} is not supported`);
  }
}

/**
 * An attachment: the object the Discord adapter resolves, or (typed in the console) a local path, which only
 * an intake that allows local files will read.
 */
const attachmentSchema = z.union([
  z.object({
    id: z.string().max(100),
    name: z.string().min(1).max(1024),
    url: z.string().min(1).max(4096),
    size: z.number().int().nonnegative().nullable(),
    contentType: z.string().max(200).nullable(),
  }),
  z
    .string()
    .trim()
    .min(1, 'must be a file')
    .max(4096)
    .transform((path) => ({ id: 'local', name: path.split(/[\\/]/).pop() || path, url: path, size: null, contentType: null })),
]);

/** A command, or one of its subcommands: whatever holds a flat list of options. */
interface OptionHolder {
  options?: readonly AnyOption[];
}

const schemas = new WeakMap<OptionHolder, z.ZodType<Record<string, unknown>>>();

function schemaFor(holder: OptionHolder): z.ZodType<Record<string, unknown>> {
  let schema = schemas.get(holder);
  if (!schema) {
    const shape: Record<string, z.ZodType> = {};
    for (const option of holder.options ?? []) {
      const s = optionSchema(option);
      shape[option.name] = 'required' in option && option.required ? s : s.optional();
    }
    schema = z.object(shape).strict() as unknown as z.ZodType<Record<string, unknown>>;
    schemas.set(holder, schema);
  }
  return schema;
}

/** The subcommands of a command made of them (Discord option type 1), else []. */
export function subcommandsOf(definition: CommandDefinition): (AnyOption & OptionHolder & { name: string; description: string })[] {
  return (definition.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand) as never;
}

/**
 * Throws OptionError with a message a user can act on. A command made of subcommands takes the
 * subcommand's name under `subcommand` and that subcommand's options beside it.
 */
export function validateOptions(definition: CommandDefinition, raw: Record<string, unknown>): Record<string, unknown> {
  const subcommands = subcommandsOf(definition);
  if (!subcommands.length) return validateFlat(`/${definition.name}`, definition, raw);
  const { [SUBCOMMAND_KEY]: name, ...rest } = raw;
  const names = subcommands.map((s) => s.name).join(', ');
  if (typeof name !== 'string' || !name.trim()) return fail(SUBCOMMAND_KEY, `/${definition.name} needs a subcommand: ${names}`);
  const subcommand = subcommands.find((s) => s.name === name.trim().toLowerCase());
  if (!subcommand) return fail(SUBCOMMAND_KEY, `/${definition.name} has no subcommand ${name} (subcommands: ${names})`);
  return { [SUBCOMMAND_KEY]: subcommand.name, ...validateFlat(`/${definition.name} ${subcommand.name}`, subcommand, rest) };
}

function validateFlat(label: string, holder: OptionHolder, raw: Record<string, unknown>): Record<string, unknown> {
  const result = schemaFor(holder).safeParse(raw);
  if (result.success) return result.data;
  const { field: name, unknownKeys, missing, message } = firstIssue(result.error, raw);
  if (unknownKeys.length) {
    const known = (holder.options ?? []).map((o) => o.name).join(', ') || 'none';
    return fail(unknownKeys[0] ?? null, `${label} has no option ${unknownKeys.join(', ')} (options: ${known})`);
  }
  if (missing) return fail(name, `${name} is required`);
  return fail(name, `${name} ${message}`);
}

function fail(option: string | null, message: string): never {
  throw new OptionError(option, message);
}
