// Topic tagging from curated data (data/topics.yaml): whole words and phrases, never raw substrings.
// A topic's `terms` tag a statement on their own; its `weak` terms (words with other common meanings:
// "deter", "weapons", "coalition") only together with a second term of the topic or one of its `context` words.
// Room topics/: the topic catalog and tagging; imports text/ only.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { cachedParse } from '../text/curated-cache.ts';
import { firstIssue } from '../text/schema.ts';
import { parseYaml } from '../text/yaml.ts';

const topicSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lowercase letters, digits and dashes'),
    name: z.string().min(1).max(100),
    description: z.string().min(1).max(100),
    terms: z.array(z.string().trim().min(1)).min(1),
    weak: z.array(z.string().trim().min(1)).default([]),
    context: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

const topicsFileSchema = z.array(topicSchema).min(1);

export type Topic = z.input<typeof topicSchema>;

export interface TopicCatalog {
  readonly topics: readonly Topic[];
  /** A hash of the parsed topics: an index tagged with another version is re-tagged at its next refresh. */
  readonly version: string;
  get(idOrName: string): Topic | undefined;
  tag(text: string, context?: string | null): string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "contingent*" -> contingent\w*, spaces match any whitespace; bounded by non-word characters. */
function termPattern(term: string): string {
  const wildcard = term.endsWith('*');
  const core = (wildcard ? term.slice(0, -1) : term).split(/\s+/).map(escape).join('\\s+');
  const tail = wildcard ? "[\\p{L}\\p{N}'-]*" : '';
  return `(?<![\\p{L}\\p{N}])${core}${tail}(?![\\p{L}\\p{N}])`;
}

interface Matcher {
  test(text: string): boolean;
}

/** Acronyms in capitals ("US", "NATO") match case-sensitively, or "us" would tag every sentence. */
function termsMatcher(terms: readonly string[]): Matcher | null {
  const exact = terms.filter((t) => /^[A-Z.]{2,}$/.test(t.replace(/\*$/, '')));
  const loose = terms.filter((t) => !exact.includes(t));
  const res = [
    ...(exact.length ? [new RegExp(exact.map(termPattern).join('|'), 'u')] : []),
    ...(loose.length ? [new RegExp(loose.map(termPattern).join('|'), 'iu')] : []),
  ];
  return res.length ? { test: (text) => res.some((re) => re.test(text)) } : null;
}

export function buildTopicCatalog(topics: Topic[]): TopicCatalog {
  // The patterns compile at the first tag(): listing topics (command choices, /help) does not need them.
  let compiled: { id: string; matches(text: string): boolean }[] | undefined;
  const compile = () =>
    topics.map((topic) => {
      const strong = termsMatcher(topic.terms);
      const weak = (topic.weak ?? []).map((term) => termsMatcher([term])!);
      const context = termsMatcher(topic.context ?? []);
      return {
        id: topic.id,
        matches(text: string): boolean {
          if (strong?.test(text)) return true;
          const weakHits = weak.filter((re) => re.test(text)).length;
          return weakHits >= 2 || (weakHits === 1 && Boolean(context?.test(text)));
        },
      };
    });
  const byKey = new Map<string, Topic>();
  for (const topic of topics) {
    byKey.set(topic.id, topic);
    byKey.set(topic.name.toLowerCase(), topic);
  }
  return {
    topics,
    version: topicsVersion(topics),
    get: (key) => byKey.get(key.trim().toLowerCase()),
    tag(text, context) {
      const haystack = context ? `${text}\n${context}` : text;
      compiled ??= compile();
      return compiled.filter((m) => m.matches(haystack)).map((m) => m.id);
    },
  };
}

/** Same topics (ids, names, terms, in order) give the same version; formatting and comments of the file do not count. */
function topicsVersion(topics: readonly Topic[]): string {
  const canonical = topics.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    terms: t.terms,
    weak: t.weak ?? [],
    context: t.context ?? [],
  }));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

export function parseTopicsFile(source: string, file = 'topics.yaml'): Topic[] {
  const result = topicsFileSchema.safeParse(parseYaml(source));
  if (!result.success) {
    const { path, zodMessage } = firstIssue(result.error);
    throw new Error(`${file}: ${path || 'top level'}: ${zodMessage}`);
  }
  const ids = new Set<string>();
  for (const topic of result.data) {
    if (ids.has(topic.id)) throw new Error(`${file}: topic id ${topic.id} appears twice`);
    ids.add(topic.id);
  }
  return result.data;
}

export const TOPICS_FILE = new URL('../../data/topics.yaml', import.meta.url);
/** The shared schema pieces: a change there changes what a cached parse would be. */
const SCHEMA_MODULE = new URL(`../text/schema${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

let defaultCatalog: TopicCatalog | undefined;

/** The catalog from data/topics.yaml, loaded once. */
export function topicCatalog(): TopicCatalog {
  defaultCatalog ??= buildTopicCatalog(
    cachedParse('topics', TOPICS_FILE.href, readFileSync(TOPICS_FILE, 'utf8'), [import.meta.url, SCHEMA_MODULE], (source) =>
      parseTopicsFile(source, 'data/topics.yaml'),
    ),
  );
  return defaultCatalog;
}

export function tagTopics(text: string, context: string | null = null): string[] {
  return topicCatalog().tag(text, context);
}
