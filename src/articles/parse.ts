// Article files: Markdown with YAML front matter (title, outlet, url, published, language).
// Everything here is a check at the door: a file that fails any of them is refused whole, with its name and why.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Article, ArticleMeta } from '../model.ts';
import { splitFrontMatter } from './front-matter.ts';
import { UserFacingError } from '../errors.ts';
import { firstIssue, isoDate } from '../text/schema.ts';
import { loadYaml } from '../text/yaml.ts';

export const MAX_ARTICLE_BYTES = 1024 * 1024;

/** What `published:` says of a text with no date (an article file saved from a page that shows none). */
export const UNDATED_WORD = 'unknown';

export class ArticleError extends UserFacingError {
  override name = 'ArticleError';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly field?: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${reason}`);
  }
}

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const articleMetaSchema = z
  .object({
    title: text(500),
    outlet: text(200),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2000)
      .nullish()
      .transform((u) => u ?? null),
    /** `unknown` (the text has no date: shown as "date unknown", listed after dated ones); else a date. */
    published: z.union([z.string(), z.date()]).transform((value, ctx): string | null => {
      if (typeof value === 'string' && value.trim().toLowerCase() === UNDATED_WORD) return null;
      const date = isoDate.safeParse(value);
      if (date.success) return date.data;
      ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD' });
      return z.NEVER;
    }),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or uk')
      .default('en'),
    owner: z
      .string()
      .regex(/^\d{17,20}$/, 'must be a Discord server id')
      .optional(),
    provenance: z.enum(['uploaded', 'fetched']).optional(),
  })
  .strict();

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeArticleBytes(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ArticleError(file, 'the file is empty');
  if (bytes.length > MAX_ARTICLE_BYTES) {
    throw new ArticleError(file, `the file is ${bytes.length} bytes, over the limit of ${MAX_ARTICLE_BYTES}`);
  }
  if (bytes.includes(0)) throw new ArticleError(file, 'the file is binary (it contains NUL bytes)');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ArticleError(file, 'the file is not valid UTF-8 text');
  }
}

export function parseArticleMeta(file: string, frontMatter: string): ArticleMeta {
  let raw: unknown;
  try {
    raw = loadYaml().parse(frontMatter, { schema: 'core', maxAliasCount: 0 });
  } catch (error) {
    const where = error instanceof loadYaml().YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line + 1}` : '';
    throw new ArticleError(file, `the front matter is not valid YAML${where}`, 'front matter');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ArticleError(file, 'the front matter must be a mapping of fields', 'front matter');
  }
  const result = articleMetaSchema.safeParse(raw);
  if (!result.success) {
    const { path, field, unknownKeys, message } = firstIssue(result.error, raw);
    if (unknownKeys.length) {
      throw new ArticleError(file, `${message} (the fields are title, outlet, url, published, language)`, unknownKeys[0]);
    }
    const expected = FIELD_FORMATS[field as keyof typeof FIELD_FORMATS];
    const value = (raw as Record<string, unknown>)[field];
    if (field && (value === undefined || value === null)) {
      const absent = value === undefined ? 'missing' : 'empty';
      throw new ArticleError(file, `${absent}; expected ${expected?.format ?? 'a value'}`, path);
    }
    // A value of the right kind in the wrong shape ("2025-13-01", "English") is quoted back with the format;
    // an empty or over-long text keeps zod's plain message.
    if (expected && (typeof value !== 'string' || expected.shape)) {
      throw new ArticleError(file, `${quoteValue(value)} is not ${expected.what} (${expected.format})`, path);
    }
    throw new ArticleError(file, message, path || 'front matter');
  }
  return result.data;
}

/**
 * What each front-matter field holds, for the error that names it: `what` it must be and its `format`;
 * `shape` when any string of the wrong form is refused (a date, a URL), not only an empty or long one.
 */
const FIELD_FORMATS = {
  title: { what: 'a title', format: 'text, up to 500 characters', shape: false },
  outlet: { what: "an outlet's name", format: 'text such as UNN, up to 200 characters', shape: false },
  url: { what: 'a link', format: 'an http(s) URL', shape: true },
  published: { what: 'a date', format: 'YYYY-MM-DD', shape: true },
  language: { what: 'a language tag', format: 'such as en or uk', shape: true },
  owner: { what: 'a Discord server id', format: '17 to 20 digits', shape: true },
  provenance: { what: 'a provenance', format: 'uploaded or fetched', shape: true },
} as const;

/** A front-matter value as the user wrote it, short: '2025-13-01', 20250901, a list. */
function quoteValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = String(value);
  const short = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return typeof value === 'string' ? `'${short}'` : short;
}

/** Parses one article file's bytes. Throws ArticleError naming the file (and the field) on any problem. */
export function parseArticleFile(file: string, bytes: Uint8Array): Article {
  const source = decodeArticleBytes(file, bytes);
  const { frontMatter, body } = splitFrontMatter(source);
  if (frontMatter === null) throw new ArticleError(file, 'missing YAML front matter (a --- block at the top)');
  const meta = parseArticleMeta(file, frontMatter);
  if (!body.trim()) throw new ArticleError(file, 'the article has no text after the front matter', 'body');
  return { file, meta, body, hash: sha256(bytes) };
}
