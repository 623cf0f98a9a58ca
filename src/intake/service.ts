// The article intake: a link or a file -> a checked document -> an article (metadata + paragraphs) -> a new
// Markdown file in <dataDir>/articles -> the existing ingest path for that one file. A refusal at any step
// leaves the index and the articles folder as they were. One intake at a time (duplicates stay duplicates).
// Room intake/: link/file/feed item -> article file -> ingest, as one service. May import net/, articles/, extract/,
// ingest/, store/ types, text/; never app.ts, cli/, slash/ or commands/.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import { ArticleError } from '../articles/parse.ts';
import { extractStatements } from '../extract/index.ts';
import type { Store } from '../store/store.ts';
import { articleKey, articlesDirFor, ingestPaths, registryFor } from '../ingest/index.ts';
import type { Logger } from '../log.ts';
import type { ArticleMeta, ExtractedStatement } from '../model.ts';
import { writeArticleFile } from '../articles/article-file.ts';
import {
  ACCEPTED_EXTENSIONS,
  decodeText,
  extensionOf,
  kindOfFileName,
  kindOfMime,
  mimeOf,
  refuseContentType,
  sniffKind,
  type DocumentKind,
} from '../net/content-type.ts';
import { contentHash, DuplicateFinder, type Duplicate } from './duplicates.ts';
import { cleanText, type PageMetadata } from '../articles/html-metadata.ts';
import type { ArticleIntake, IntakeOutcome, Requester, SpeakerCount } from './types.ts';
import { FETCH_DEFAULTS, FetchRefusal, parseFetchUrl, safeFetch, type SafeFetchOptions } from '../net/safe-fetch.ts';
import { extractTextArticle } from '../articles/text-article.ts';
import { HtmlArticleError, readHtmlArticle, warmHtmlReader } from '../articles/html-sandbox.ts';
import { UserFacingError } from '../errors.ts';

/** Less article text than this is a paywall teaser, a consent wall or a page that needs JavaScript. */
export const MIN_ARTICLE_CHARS = 400;

export interface IntakeOptions {
  index: Store;
  dataDir: string;
  log: Logger;
  /** Fetch settings: allowPrivate from WHOSAID_ALLOW_PRIVATE_FETCH; tests inject resolver and policy. */
  fetch?: SafeFetchOptions;
  /** Let `fromFile` read local paths (the operator's console only, never a Discord user). */
  allowLocalFiles?: boolean;
}

class Refusal extends UserFacingError {}

interface Candidate {
  meta: PageMetadata;
  paragraphs: string[];
  /** Where it came from: the final URL of a fetch, or null for a file. */
  from: URL | null;
  fileName: string | null;
}

const BINARY_TYPES = /^(image|audio|video|font|model)\/|^application\/(pdf|zip|gzip|x-|vnd\.|msword|octet-stream-binary)/;

/** The same site: equal host names (www. aside), or one a subdomain of the other (amp.x.com, x.com). */
function sameSite(a: URL, b: URL): boolean {
  const ha = a.hostname.toLowerCase().replace(/^www\./, '');
  const hb = b.hostname.toLowerCase().replace(/^www\./, '');
  return ha === hb || ha.endsWith(`.${hb}`) || hb.endsWith(`.${ha}`);
}

function hostOutlet(url: URL): string {
  return url.hostname.replace(/^www\./, '');
}

function speakersOf(statements: ExtractedStatement[]): SpeakerCount[] {
  const counts = new Map<string, number>();
  for (const s of statements) if (s.speaker) counts.set(s.speaker.name, (counts.get(s.speaker.name) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

function titleFromText(paragraphs: string[]): string | null {
  const first = paragraphs[0]?.split('\n')[0];
  if (!first) return null;
  const sentence = /^.{20,}?[.!?](?=\s|$)/.exec(first)?.[0] ?? first;
  return cleanText(sentence, 120);
}

export function createArticleIntake(options: IntakeOptions): ArticleIntake {
  const { index, dataDir, log } = options;
  // This module loads when the first link or file comes in: the parser's thread starts while it is fetched.
  warmHtmlReader();
  // Tenancy: an article is a duplicate of one the asker's server sees (the global corpus or its own), never
  // of another server's, which stays invisible to it.
  const finders = new Map<string | null, DuplicateFinder>();
  const duplicatesFor = (owner: string | undefined): DuplicateFinder => {
    let finder = finders.get(owner ?? null);
    if (!finder) finders.set(owner ?? null, (finder = new DuplicateFinder(index.forTenant(owner ?? null), dataDir)));
    return finder;
  };
  const fetchOptions: SafeFetchOptions = options.fetch ?? {};
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T> | T): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const duplicateOutcome = (d: Duplicate): IntakeOutcome => ({
    kind: 'duplicate',
    reason: d.reason,
    title: d.source.title,
    outlet: d.source.outlet,
    published: d.source.published,
    url: d.source.url,
    file: d.source.file,
  });

  async function candidateOf(
    bytes: Buffer,
    contentType: string | null,
    kind: DocumentKind | null,
    from: URL | null,
    fileName: string | null,
  ): Promise<Candidate> {
    const k = kind ?? sniffKind(bytes);
    if (!k) throw new Refusal('That is not a text document (HTML, plain text or Markdown).');
    if (bytes.subarray(0, 8192).includes(0)) throw new Refusal('That file is binary, not text.');
    const text = decodeText(bytes, contentType, k);
    if (k === 'html') {
      // Parsed on a worker thread (html-sandbox.ts): a hostile page cannot hold this thread.
      let article;
      try {
        article = await readHtmlArticle(text, from);
      } catch (error) {
        if (error instanceof HtmlArticleError) throw new Refusal(error.message);
        throw error;
      }
      return { meta: article.meta, paragraphs: article.paragraphs, from, fileName };
    }
    let article;
    try {
      article = extractTextArticle(text, k);
    } catch (error) {
      if (error instanceof ArticleError)
        throw new Refusal(`The file's front matter is not valid: ${error.field ? `${error.field}: ` : ''}${error.reason}.`);
      throw error;
    }
    const fm = article.frontMatter;
    return {
      meta: {
        title: article.title,
        published: fm?.published ?? null,
        authors: [],
        outlet: fm?.outlet ?? null,
        canonicalUrl: fm?.url ?? null,
        language: fm?.language ?? null,
      },
      paragraphs: article.paragraphs,
      from,
      fileName,
    };
  }

  async function store(
    candidate: Candidate,
    requestedUrls: (string | null)[],
    requestedBy: Requester,
    provenance?: 'uploaded' | 'fetched',
  ): Promise<IntakeOutcome> {
    const body = candidate.paragraphs.join('\n\n');
    const chars = body.replace(/\s+/g, ' ').trim().length;
    if (chars < MIN_ARTICLE_CHARS) {
      // From a file, the advice is about the file (the page advice, "use /ingest file", is the path already taken).
      const fromFile = candidate.fileName !== null;
      throw new Refusal(
        fromFile
          ? `${chars === 0 ? 'No article text was found' : `Only ${chars} characters of article text were found`} in ${candidate.fileName}: ` +
              `at least ${MIN_ARTICLE_CHARS} are needed. Put the whole article text in the file (in a .md file, below the --- front matter).`
          : chars === 0
            ? 'No article text was found on that page (it may need JavaScript, or sit behind a paywall or a consent wall).'
            : `Only ${chars} characters of article text were found (a paywall, a consent wall or a teaser?): at least ${MIN_ARTICLE_CHARS} are needed. Save the full article as a .txt or .md file and use /ingest file instead.`,
      );
    }
    const notes: string[] = [];
    const { meta } = candidate;
    let url = meta.canonicalUrl ?? candidate.from?.toString() ?? null;
    if (candidate.from && meta.canonicalUrl && !sameSite(new URL(meta.canonicalUrl), candidate.from)) {
      // A page may name any address as its original; we record where the text really came from.
      url = candidate.from.toString();
      notes.push(
        `The page names an address on another site as its original (${meta.canonicalUrl}); saved with the address it was fetched from.`,
      );
    }
    let outlet = meta.outlet;
    if (!outlet) {
      outlet = candidate.from ? hostOutlet(candidate.from) : 'unknown';
      notes.push(candidate.from ? `No outlet name on the page: saved as ${outlet}.` : 'The file names no outlet: saved as "unknown".');
    }
    // No date on the page: the article is undated ("date unknown", listed after dated ones), never today's news.
    const published = meta.published ?? null;
    if (!published) notes.push('No publication date found: saved as "date unknown". Edit the file if you know the date.');
    const title = meta.title ?? titleFromText(candidate.paragraphs) ?? candidate.fileName ?? 'Untitled';
    if (!meta.title) notes.push('No headline found: the title was taken from the text.');
    const articleMeta: ArticleMeta = {
      title: cleanText(title, 500) ?? 'Untitled',
      outlet: cleanText(outlet, 200) ?? 'unknown',
      url: url && url.length <= 2000 ? url : null,
      published,
      language: meta.language ?? 'en',
      // Tenancy: the adding server owns it; an attachment only claims its outlet and link, a fetched page was read from it.
      ...(requestedBy.owner ? { owner: requestedBy.owner } : {}),
      ...(provenance ? { provenance } : {}),
    };

    const duplicates = duplicatesFor(requestedBy.owner);
    const byUrl = await duplicates.byUrl([...requestedUrls, url]);
    if (byUrl) return duplicateOutcome(byUrl);
    const hash = contentHash(body);
    const byContent = await duplicates.byContent(hash);
    if (byContent) return duplicateOutcome(byContent);

    let written;
    try {
      written = writeArticleFile(articlesDirFor(dataDir), articleMeta, candidate.paragraphs, hash);
    } catch (error) {
      if (error instanceof ArticleError)
        throw new Refusal(`The article cannot be saved: ${error.field ? `${error.field}: ` : ''}${error.reason}.`);
      throw error;
    }
    let captured: ExtractedStatement[] = [];
    try {
      const report = await ingestPaths(index, [written.path], {
        dataDir,
        registry: registryFor(dataDir),
        prune: false,
        log,
        extract: (text, opts) => (captured = extractStatements(text, opts)),
      });
      if (report.duplicates.length) {
        // Another process (or bot) stored the same link or text a moment ago: the index keeps one article.
        rmSync(written.path, { force: true });
        const same = (await duplicates.byUrl([...requestedUrls, url])) ?? (await duplicates.byContent(hash));
        if (same) return duplicateOutcome(same);
        throw new Refusal('That article is already in the index.');
      }
      if (report.failed.length || report.added + report.updated !== 1) {
        throw new Refusal(`The article could not be indexed: ${report.failed[0]?.reason ?? 'unknown reason'}.`);
      }
      const kept = captured.filter((s) => s.text.trim());
      log.info({ requestedBy, file: written.name, url: articleMeta.url, statements: kept.length }, 'article added');
      return {
        kind: 'added',
        title: articleMeta.title,
        outlet: articleMeta.outlet,
        published: articleMeta.published,
        url: articleMeta.url,
        file: articleKey(written.path, dataDir),
        statements: kept.length,
        speakers: speakersOf(kept),
        created: report.created[0]?.ids ?? [],
        notes,
      };
    } catch (error) {
      // Nothing half-done stays behind: the file goes, and the index never took it (one transaction).
      rmSync(written.path, { force: true });
      throw error;
    }
  }

  async function guarded(what: object, requestedBy: Requester, work: () => Promise<IntakeOutcome>): Promise<IntakeOutcome> {
    log.info({ ...what, requestedBy }, 'article ingest requested');
    try {
      const outcome = await work();
      if (outcome.kind === 'duplicate')
        log.info({ ...what, requestedBy, file: outcome.file, reason: outcome.reason }, 'article already indexed');
      return outcome;
    } catch (error) {
      if (error instanceof Refusal || error instanceof FetchRefusal) {
        log.info({ ...what, requestedBy, reason: error.message }, 'article refused');
        return { kind: 'refused', reason: error.message };
      }
      log.error({ ...what, requestedBy, err: error }, 'article ingest failed');
      throw error;
    }
  }

  return {
    fromUrl(text, requestedBy) {
      return guarded({ url: text }, requestedBy, async () => {
        const requested = parseFetchUrl(text);
        const early = await serial(() => duplicatesFor(requestedBy.owner).byUrl([requested.toString()]));
        if (early) return duplicateOutcome(early);
        const doc = await safeFetch(requested, { ...fetchOptions, acceptHeaders: ({ contentType }) => refuseContentType(contentType) });
        const kind = kindOfMime(doc.contentType);
        const candidate = await candidateOf(doc.bytes, doc.contentType, kind, doc.finalUrl, null);
        return serial(() => store(candidate, [requested.toString(), doc.finalUrl.toString()], requestedBy, 'fetched'));
      });
    },

    fromFile(file, requestedBy) {
      return guarded({ file: file.name }, requestedBy, async () => {
        const name = basename(file.name);
        const kind = kindOfFileName(name);
        if (!kind || !(ACCEPTED_EXTENSIONS as readonly string[]).includes(extensionOf(name))) {
          throw new Refusal(`Only ${ACCEPTED_EXTENSIONS.join(', ')} files can be added; ${name} is not one of them.`);
        }
        const maxBytes = fetchOptions.maxBytes ?? FETCH_DEFAULTS.maxBytes;
        if (file.size !== null && file.size > maxBytes) {
          throw new Refusal(`${name} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
        }
        let bytes: Buffer;
        let contentType = file.contentType;
        if (/^https?:\/\//i.test(file.url)) {
          const doc = await safeFetch(file.url, {
            ...fetchOptions,
            acceptHeaders: ({ contentType: type }) =>
              type && BINARY_TYPES.test(mimeOf(type) ?? '') ? `${name} is ${mimeOf(type)}, not text.` : null,
          });
          bytes = doc.bytes;
          contentType = doc.contentType ?? contentType;
        } else {
          if (!options.allowLocalFiles) throw new Refusal('Only attachments can be added here.');
          try {
            const size = statSync(file.url).size;
            if (size > maxBytes) throw new Refusal(`${name} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
            bytes = readFileSync(file.url);
          } catch (error) {
            if (error instanceof Refusal) throw error;
            const code = (error as NodeJS.ErrnoException).code;
            throw new Refusal(
              code === 'ENOENT'
                ? `There is no file ${file.url}${isAbsolute(file.url) ? '' : ` in ${process.cwd()}`}: give a path on this machine, absolute or relative to that folder.`
                : code === 'EISDIR'
                  ? `${file.url} is a folder: give one article file (whosaid ingest ${file.url} adds a whole folder).`
                  : `Cannot read ${file.url} (${code ?? 'error'}).`,
            );
          }
        }
        // The name says what it is; a charset from the sender still counts.
        const charsetOnly =
          contentType && /charset=/i.test(contentType) ? `text/plain; ${contentType.split(';').slice(1).join(';')}` : null;
        const candidate = await candidateOf(bytes, charsetOnly, kind, null, name);
        // An attachment (from Discord) only claims its outlet and link; a local file is the operator's own.
        const uploaded = /^https?:\/\//i.test(file.url);
        return serial(() => store(candidate, [], requestedBy, uploaded ? 'uploaded' : undefined));
      });
    },
  };
}
