// The one-way path per article: read file -> parse -> extract -> speakers (registry) -> topics -> store,
// one transaction per article. Unchanged files are skipped (size+mtime, then content hash); a broken
// article is reported and leaves the index as it was; files gone from a scanned folder leave the index.
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ArticleError, parseArticleFile, sha256 } from '../articles/parse.ts';
import { contentHash } from '../articles/content-hash.ts';
import type { ExtractOptions } from '../extract/index.ts';
import type { ArticleToStore, IndexedArticleState, StatementToStore, Store, StoredArticle, TopicTagger } from '../store/store.ts';
import { IndexBusyError, isDamageError } from '../store/handles.ts';
import type { Article, ExtractedStatement } from '../model.ts';
import { registryGenders, type SpeakerRegistry } from '../speakers/registry.ts';
import { topicCatalog, type TopicCatalog } from '../topics/index.ts';

/**
 * Articles prepared within this many ms, up to BATCH_ARTICLES of them, share one commit (each whole or not at
 * all). Small batches: a batch's prepared articles (texts, statements) stay alive until it is stored, and ones
 * kept across young-generation collections are promoted to the old generation, where they pile up as garbage
 * until a full collection. Ingesting the 10,000-article bench corpus side by side: 250 ms batches peaked at
 * 251 MB RSS, these at 187 MB, for about 10% more CPU time (more commits).
 */
const BATCH_MS = 50;
const BATCH_ARTICLES = 10;

export const ARTICLE_EXTENSIONS = ['.md', '.markdown', '.txt'];

export type Extractor = (body: string, options: ExtractOptions) => ExtractedStatement[];

export interface IngestLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface IngestOptions {
  /** Paths inside it are stored relative to it (stable when the folder moves). */
  dataDir?: string;
  /** The curated registry to sync before ingesting (skipped when unchanged since the last sync). */
  registry?: SpeakerRegistry;
  /** Remove indexed articles under the scanned folders whose files are gone (default true). */
  prune?: boolean;
  extract?: Extractor;
  /** The topic catalog (default data/topics.yaml); an index tagged with another version is re-tagged. */
  topics?: TopicCatalog;
  parse?: (file: string, bytes: Uint8Array) => Article;
  log?: IngestLog;
  /** Articles prepared within this many ms share one commit (default 50), at most batchArticles of them (default 10). */
  batchMs?: number;
  batchArticles?: number;
}

export interface IngestFailure {
  file: string;
  reason: string;
}

export interface IngestReport {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: IngestFailure[];
  /**
   * New files whose text is an article already indexed (or met earlier in this run) under another name: a copy
   * is not a second report, so it is not stored. `of` is the file kept.
   */
  /** Files not stored: a copy of `of` (same text; `same: 'url'`: the same link, found by the index's key). */
  duplicates: { file: string; of: string; same?: 'url' | 'content' }[];
  /** Statements extracted from the articles added or updated (before cross-outlet dedup). */
  statements: number;
  /** Per article added or updated: the ids of statements it made new (a statement merged with one already known is not). */
  created: { file: string; ids: number[] }[];
  seconds: number;
}

interface Found {
  path: string;
  key: string;
  size: number;
  mtimeMs: number;
}

/**
 * The index key of a file: relative to the data folder (POSIX separators) when inside it, else absolute.
 * The data folder itself is ''.
 */
export function articleKey(path: string, dataDir?: string): string {
  const abs = resolve(path);
  if (dataDir) {
    const rel = relative(resolve(dataDir), abs);
    if (!rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  return abs;
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && ARTICLE_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) out.push(path);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Ingests files and folders into the index. Never throws for a bad article: it is in `failed`. */
export async function ingestPaths(store: Store, paths: string[], options: IngestOptions = {}): Promise<IngestReport> {
  const started = performance.now();
  // The extractor (and its lexicon files) loads only when an article needs extracting: a start-up over an
  // unchanged index does not pay for it.
  let loaded: Promise<Extractor> | null = null;
  const extract = () =>
    (loaded ??= (async () => {
      const baseExtract = options.extract ?? (await import('../extract/index.ts')).extractStatements;
      // The registry's genders reach the extractor through its options, so pronouns agree with them.
      const genders = options.registry ? registryGenders(options.registry) : null;
      return genders?.size ? (body, o) => baseExtract(body, { ...o, knownGenders: genders }) : baseExtract;
    })());
  const topics = options.topics ?? topicCatalog();
  const tag: TopicTagger = (text, context) => topics.tag(text, context);
  const parse = options.parse ?? parseArticleFile;
  const report: IngestReport = {
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    failed: [],
    duplicates: [],
    statements: 0,
    created: [],
    seconds: 0,
  };
  if (options.registry && (await store.syncRegistry(options.registry))) {
    options.log?.info({ file: options.registry.file }, 'speaker registry synced');
  }
  // Topic tags are stored with the statements: a changed catalog re-tags them all, unchanged files included
  // (and statements whose files are elsewhere: another machine's, on a shared database).
  const retagged = await store.retagTopics(topics.version, tag);
  if (retagged) options.log?.info({ statements: retagged, version: topics.version }, 'topic catalog changed: statements re-tagged');

  const files: Found[] = [];
  const scannedDirs: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      report.failed.push({ file: path, reason: describe(error) });
      continue;
    }
    const list: string[] = [];
    if (stats.isDirectory()) {
      try {
        walk(path, list);
      } catch (error) {
        report.failed.push({ file: path, reason: describe(error) });
        continue;
      }
      // Only a folder read whole may prune: a half-read one would look like deleted files.
      scannedDirs.push(articleKey(path, options.dataDir));
    } else {
      list.push(path);
    }
    for (const file of list) {
      const key = articleKey(file, options.dataDir);
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        const { size, mtimeMs } = file === path ? stats : statSync(file);
        files.push({ path: file, key, size, mtimeMs: Math.trunc(mtimeMs) });
      } catch (error) {
        report.failed.push({ file: key, reason: describe(error) });
      }
    }
  }

  const record = (found: Found, outcome: Outcome) => {
    if (typeof outcome === 'string') {
      report[outcome]++;
    } else if ('of' in outcome) {
      report.duplicates.push(outcome);
      options.log?.debug({ file: outcome.file, of: outcome.of }, 'article is a copy of one already indexed');
    } else if ('reason' in outcome) {
      report.failed.push(outcome);
      options.log?.warn({ file: outcome.file, reason: outcome.reason }, 'article refused');
    } else {
      report[outcome.result]++;
      report.statements += outcome.statements;
      report.created.push({ file: found.key, ids: outcome.created });
      options.log?.debug({ file: found.key, statements: outcome.statements }, `article ${outcome.result}`);
    }
  };
  // Files gone from the folder go first: a file that replaces one (moved, renamed) is then no copy of it.
  if (options.prune ?? true) {
    const gone = (await store.indexedFiles()).filter(
      (file) => !seen.has(file) && scannedDirs.some((dir) => file.startsWith(`${dir}/`) || (dir === '' && !isAbsolute(file))),
    );
    if (gone.length) {
      for (const file of await store.removeArticles(gone)) {
        report.removed++;
        options.log?.debug({ file }, 'article removed');
      }
    }
  }
  const known = await store.articleStates();
  const batchMs = options.batchMs ?? BATCH_MS;
  const batchArticles = options.batchArticles ?? BATCH_ARTICLES;
  const copies = new CopyFinder(known, options.dataDir, parse);
  const use = { extract, tag, parse, known, copies };
  let next = 0;
  while (next < files.length) {
    // Articles prepared within batchMs share a commit. If storing one fails, the batch rolls back whole and
    // its articles are stored again one transaction each, so only the failing one is refused.
    const chunk: { found: Found; prepared: Prepared }[] = [];
    const batchStart = performance.now();
    do {
      const found = files[next++]!;
      chunk.push({ found, prepared: await prepareFile(store, found, use) });
    } while (next < files.length && chunk.length < batchArticles && performance.now() - batchStart < batchMs);
    const toStore = chunk.flatMap(({ prepared }) => ('article' in prepared ? [prepared.article] : []));
    let stored: (StoredArticle | IngestFailure)[];
    try {
      stored = toStore.length ? await store.storeArticles(toStore) : [];
    } catch (error) {
      // Another process holds the write lock past the wait: no article of this run can be stored.
      // Nor into a damaged file: that is the operator's to hear about (whosaid doctor), not each article's failure.
      if (error instanceof IndexBusyError || isDamageError(error)) throw error;
      stored = [];
      for (const one of toStore) {
        try {
          stored.push((await store.storeArticles([one]))[0]!);
        } catch (error) {
          stored.push({ file: one.file, reason: `cannot store: ${describe(error)}` });
        }
      }
    }
    let at = 0;
    for (const { found, prepared } of chunk) {
      if (!('article' in prepared)) {
        record(found, prepared.outcome);
        continue;
      }
      const result = stored[at++]!;
      if ('result' in result && result.result === 'duplicate') record(found, { file: found.key, of: result.of, same: result.reason });
      else record(found, 'reason' in result ? result : { ...result, statements: prepared.article.statements.length });
    }
  }

  // An unchanged folder is no update: /about's 'Last update' must not move at every start or `ask`.
  if (report.added + report.updated + report.removed > 0) await store.setMeta('last_ingest', new Date().toISOString());
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

type Copy = { file: string; of: string; same?: 'url' | 'content' };
type Outcome = 'unchanged' | IngestFailure | Copy | { result: 'added' | 'updated'; statements: number; created: number[] };

/** An article ready to store, or what became of a file that needs no storing (unchanged, refused). */
type Prepared = { article: ArticleToStore } | { outcome: 'unchanged' | IngestFailure | Copy };

/**
 * Same text = same article, whatever the file name (as link intake decides with the same contentHash). Knows
 * the indexed articles' texts, read lazily (only once a new file needs comparing), and the files met this run.
 */
class CopyFinder {
  private byBytes: Map<string, string> | null = null;
  private byText: Map<string, string> | null = null;

  constructor(
    private readonly known: Map<string, IndexedArticleState>,
    private readonly dataDir: string | undefined,
    private readonly parse: (file: string, bytes: Uint8Array) => Article,
  ) {}

  private load(): { byBytes: Map<string, string>; byText: Map<string, string> } {
    if (!this.byBytes || !this.byText) {
      this.byBytes = new Map();
      this.byText = new Map();
      for (const [file, state] of this.known) {
        if (state.hash) this.byBytes.set(state.hash, file);
        const path = isAbsolute(file) ? file : join(this.dataDir ?? '.', file);
        try {
          const text = contentHash(this.parse(file, readFileSync(path)).body);
          if (!this.byText.has(text)) this.byText.set(text, file);
        } catch {
          // An unreadable indexed file cannot be compared; it is dealt with when its own turn comes.
        }
      }
    }
    return { byBytes: this.byBytes, byText: this.byText };
  }

  /** The file already holding this text, or null; a new text is remembered under `file`. */
  claim(file: string, bytesHash: string, body: string): string | null {
    const { byBytes, byText } = this.load();
    const text = contentHash(body);
    const of = byBytes.get(bytesHash) ?? byText.get(text);
    if (of && of !== file) return of;
    byBytes.set(bytesHash, file);
    byText.set(text, file);
    return null;
  }
}

/** One file up to the store: read, parse, extract, tag. Bad input is an IngestFailure. */
async function prepareFile(
  store: Store,
  found: Found,
  use: {
    extract: () => Promise<Extractor>;
    tag: TopicTagger;
    parse: (file: string, bytes: Uint8Array) => Article;
    known: Map<string, IndexedArticleState>;
    copies: CopyFinder;
  },
): Promise<Prepared> {
  const stamp = { size: found.size, mtimeMs: found.mtimeMs };
  const state = use.known.get(found.key);
  if (state && state.hash && state.size === stamp.size && state.mtimeMs === stamp.mtimeMs) return { outcome: 'unchanged' };
  let bytes: Buffer;
  try {
    bytes = readFileSync(found.path);
  } catch (error) {
    return { outcome: { file: found.key, reason: describe(error) } };
  }
  const bytesHash = sha256(bytes);
  if (state && state.hash === bytesHash) {
    await store.restamp(found.key, stamp);
    return { outcome: 'unchanged' };
  }
  let article: Article;
  try {
    article = use.parse(found.key, bytes);
  } catch (error) {
    if (error instanceof ArticleError) {
      return { outcome: { file: found.key, reason: error.field ? `${error.field}: ${error.reason}` : error.reason } };
    }
    return { outcome: { file: found.key, reason: `cannot parse: ${describe(error)}` } };
  }
  // Only a file not yet indexed can be a copy: an indexed one that changed is that article's new version.
  if (!state) {
    const of = use.copies.claim(found.key, bytesHash, article.body);
    if (of) return { outcome: { file: found.key, of } };
  }
  let statements: StatementToStore[];
  try {
    const extract = await use.extract();
    statements = extract(article.body, { outlet: article.meta.outlet })
      .filter((s) => s.text.trim())
      .map((statement) => ({ statement, topics: use.tag(statement.text, statement.context) }));
  } catch (error) {
    return { outcome: { file: found.key, reason: `extraction failed: ${describe(error)}` } };
  }
  return { article: { file: found.key, article, stamp, statements } };
}
