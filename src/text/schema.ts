// Small zod pieces shared by every file format we validate (articles, speakers, topics, config, options):
// one date rule and one way to read zod's first complaint.
import { z } from 'zod';

/**
 * A calendar date written YYYY-MM-DD (a time after it is ignored; YAML's own dates are accepted). Rejects
 * dates that do not exist, such as 2025-02-30.
 */
export const isoDate = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const date = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!match || !date || date.getUTCDate() !== +match[3]! || date.getUTCMonth() !== +match[2]! - 1) {
    ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD' });
    return z.NEVER;
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
});

export interface FirstIssue {
  /** Where, as a.b.c ('' at the top level). */
  path: string;
  /** The first segment of the path: the field or option at fault ('' at the top level). */
  field: string;
  /** The unknown fields, when that is the complaint (else []). */
  unknownKeys: string[];
  /** True when the first path segment is simply absent from the input. */
  missing: boolean;
  /** zod's message, with unknown fields said plainly: "unknown field x". */
  message: string;
  /** zod's message as it is. */
  zodMessage: string;
}

/** zod's first complaint about `input`, in the words our error messages use. */
export function firstIssue(error: z.ZodError, input?: unknown): FirstIssue {
  const issue = error.issues[0]!;
  const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const head = issue.path[0];
  const missing =
    issue.code === 'invalid_type' &&
    head !== undefined &&
    input !== null &&
    typeof input === 'object' &&
    (input as Record<PropertyKey, unknown>)[head as PropertyKey] === undefined;
  return {
    path: issue.path.map(String).join('.'),
    field: head === undefined ? '' : String(head),
    unknownKeys,
    missing,
    message: unknownKeys.length ? `unknown field ${unknownKeys.join(', ')}` : issue.message,
    zodMessage: issue.message,
  };
}
