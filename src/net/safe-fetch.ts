// Fetching a URL someone pasted, safely: http(s) only, a deadline, a byte cap enforced while streaming
// (after decompression), at most a few redirects each checked again, and no connection to an address
// inside our network. The address check runs inside the connection's own DNS lookup, so the socket
// connects to exactly the addresses that were checked (a name that re-resolves elsewhere cannot slip in).
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { blockedReason } from './ip-ranges.ts';
import { UserFacingError } from '../errors.ts';

export const FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
} as const;

const USER_AGENT = 'whosaid/0.1 (article intake; +https://github.com/whosaid)';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions {
  /** Allow loopback and private addresses (tests only: WHOSAID_ALLOW_PRIVATE_FETCH). */
  allowPrivate?: boolean;
  /** Overrides the address policy (tests): return a reason to refuse, or null. */
  addressPolicy?: (address: string) => string | null;
  /** DNS (tests inject one). */
  resolve?: Resolver;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Called with the response headers before the body is read: return a reason to refuse it. */
  acceptHeaders?: (response: { url: URL; contentType: string | null; contentLength: number | null }) => string | null;
  accept?: string;
  /** A conditional request (feeds): validators from the last answer. A 304 then comes back as `notModified`. */
  conditional?: { etag: string | null; lastModified: string | null };
}

export interface FetchedDocument {
  /** The URL asked for. */
  requestedUrl: URL;
  /** Where the content came from, after redirects. */
  finalUrl: URL;
  contentType: string | null;
  bytes: Buffer;
  redirects: number;
  /** The server answered 304 to a conditional request: `bytes` is empty. */
  notModified: boolean;
  /** Validators for the next conditional request. */
  etag: string | null;
  lastModified: string | null;
}

export type FetchRefusalCode =
  'bad-url' | 'blocked-address' | 'dns' | 'too-many-redirects' | 'http-status' | 'too-large' | 'timeout' | 'content-type' | 'network';

/** A fetch we refused or that failed: the message is meant for the person who asked. */
export class FetchRefusal extends UserFacingError {
  override name = 'FetchRefusal';
  constructor(
    readonly code: FetchRefusalCode,
    message: string,
  ) {
    super(message);
  }
}

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** Parses and checks a URL typed by a user: http(s), no credentials, a host. */
export function parseFetchUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new FetchRefusal('bad-url', 'That is not a valid link (it should start with https://).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchRefusal('bad-url', `Only http and https links can be fetched, not ${url.protocol.replace(/:$/, '')}.`);
  }
  if (url.username || url.password) throw new FetchRefusal('bad-url', 'Links with a user name or password are not fetched.');
  if (!url.hostname) throw new FetchRefusal('bad-url', 'That link has no host name.');
  url.hash = '';
  return url;
}

function policyOf(options: SafeFetchOptions): (address: string) => string | null {
  if (options.addressPolicy) return options.addressPolicy;
  if (options.allowPrivate) return () => null;
  return blockedReason;
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** A `lookup` for http.request that resolves, refuses any blocked address, and hands back only checked ones. */
function checkedLookup(resolve: Resolver, policy: (address: string) => string | null, host: string): LookupFunction {
  return ((hostname: string, opts: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = opts.family === 4 || opts.family === 6 ? addresses.filter((a) => a.family === opts.family) : addresses;
        if (!wanted.length) {
          callback(new FetchRefusal('dns', `The host name ${host} does not resolve to an address.`));
          return;
        }
        for (const a of wanted) {
          const why = policy(a.address);
          if (why) {
            callback(
              new FetchRefusal('blocked-address', `${host} points to an address inside a private network (${why}); it is not fetched.`),
            );
            return;
          }
        }
        if (opts.all) callback(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: NodeJS.ErrnoException) =>
        callback(new FetchRefusal('dns', `The host name ${host} could not be found${error.code ? ` (${error.code})` : ''}.`)),
    );
  }) as unknown as LookupFunction;
}

/** The decompressor the response needs, if any. */
function decoderFor(response: IncomingMessage): Transform | null {
  const encoding = String(response.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  return null;
}

interface Hop {
  response: IncomingMessage;
  abort: (error: Error) => void;
}

function request(url: URL, options: SafeFetchOptions, signal: AbortSignal): Promise<Hop> {
  const policy = policyOf(options);
  const host = bareHost(url);
  if (isIP(host)) {
    const why = policy(host);
    if (why)
      return Promise.reject(
        new FetchRefusal('blocked-address', `${host} is an address inside a private network (${why}); it is not fetched.`),
      );
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, {
      method: 'GET',
      headers: {
        'user-agent': USER_AGENT,
        accept: options.accept ?? 'text/html,application/xhtml+xml,text/plain,text/markdown;q=0.9,*/*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
        ...(options.conditional?.etag ? { 'if-none-match': options.conditional.etag } : {}),
        ...(options.conditional?.lastModified ? { 'if-modified-since': options.conditional.lastModified } : {}),
      },
      lookup: checkedLookup(options.resolve ?? systemResolver, policy, host),
      // A fresh connection per hop: a pooled socket would skip the lookup (and so the check).
      agent: false,
      signal,
    });
    req.once('response', (response) => resolve({ response, abort: (error) => req.destroy(error) }));
    req.once('error', reject);
    req.end();
  });
}

function describeNetworkError(error: unknown, url: URL): FetchRefusal {
  if (error instanceof FetchRefusal) return error;
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
    return new FetchRefusal('timeout', `${url.host} took too long to answer.`);
  }
  const cause = (e?.cause ?? null) as unknown;
  if (cause instanceof FetchRefusal) return cause;
  const code = e?.code ? ` (${e.code})` : '';
  return new FetchRefusal('network', `Could not fetch ${url.host}${code}.`);
}

/**
 * Reads the body, decompressed, up to maxBytes. Through stream.pipeline: an error, a reset or the deadline
 * on any stream (the socket, the decompressor) ends the read with that error and destroys the others; pipe()
 * would leave the decompressor waiting forever.
 */
async function readCapped(response: IncomingMessage, maxBytes: number, url: URL, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  // pipeline() reports a sink's own error as an AbortError (Node 20), so ours is kept aside.
  let tooLarge: FetchRefusal | null = null;
  const collect = async (source: AsyncIterable<Buffer>) => {
    for await (const buffer of source) {
      total += buffer.length;
      if (total > maxBytes) {
        tooLarge = new FetchRefusal(
          'too-large',
          `The page at ${url.host} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; it is not fetched.`,
        );
        throw tooLarge;
      }
      chunks.push(buffer);
    }
  };
  const decoder = decoderFor(response);
  try {
    if (decoder) await pipeline(response, decoder, collect, { signal });
    else await pipeline(response, collect, { signal });
  } catch (error) {
    throw tooLarge ?? error;
  }
  return Buffer.concat(chunks, total);
}

/** Fetches a document. Throws FetchRefusal with a message for the asker on anything refused or failed. */
export async function safeFetch(input: string | URL, options: SafeFetchOptions = {}): Promise<FetchedDocument> {
  const requestedUrl = parseFetchUrl(String(input));
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = options.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
  timer.unref();
  let url = requestedUrl;
  try {
    for (let redirects = 0; ; redirects++) {
      let hop: Hop;
      const failed = (error: unknown) =>
        controller.signal.aborted && !(error instanceof FetchRefusal)
          ? new FetchRefusal('timeout', `${url.host} took too long to answer.`)
          : describeNetworkError(error, url);
      try {
        hop = await request(url, options, controller.signal);
      } catch (error) {
        throw failed(error);
      }
      const { response } = hop;
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304 && response.headers.location) {
        response.resume();
        hop.abort(new Error('redirected'));
        if (redirects >= maxRedirects) {
          throw new FetchRefusal('too-many-redirects', `The link redirects more than ${maxRedirects} times; it is not followed further.`);
        }
        let next: URL;
        try {
          next = new URL(response.headers.location, url);
        } catch {
          throw new FetchRefusal('bad-url', 'The link redirects to an address that is not a valid URL.');
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new FetchRefusal(
            'bad-url',
            `The link redirects to a ${next.protocol.replace(/:$/, '')} address; only http and https are followed.`,
          );
        }
        next.hash = '';
        url = next;
        continue;
      }
      const validators = {
        etag: typeof response.headers.etag === 'string' ? response.headers.etag : null,
        lastModified: typeof response.headers['last-modified'] === 'string' ? response.headers['last-modified'] : null,
      };
      if (status === 304 && options.conditional) {
        response.resume();
        hop.abort(new Error('not modified'));
        return { requestedUrl, finalUrl: url, contentType: null, bytes: Buffer.alloc(0), redirects, notModified: true, ...validators };
      }
      if (status < 200 || status >= 300) {
        response.resume();
        hop.abort(new Error('unwanted status'));
        throw new FetchRefusal(
          'http-status',
          `${url.host} answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}.`,
        );
      }
      const contentType = response.headers['content-type'] ?? null;
      const lengthHeader = Number(response.headers['content-length']);
      const contentLength = Number.isFinite(lengthHeader) && response.headers['content-length'] !== undefined ? lengthHeader : null;
      const refusal =
        contentLength !== null && contentLength > maxBytes
          ? new FetchRefusal(
              'too-large',
              `The page at ${url.host} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; it is not fetched.`,
            )
          : options.acceptHeaders?.({ url, contentType, contentLength })
            ? new FetchRefusal('content-type', options.acceptHeaders({ url, contentType, contentLength })!)
            : null;
      if (refusal) {
        hop.abort(refusal);
        throw refusal;
      }
      try {
        const bytes = await readCapped(response, maxBytes, url, controller.signal);
        return { requestedUrl, finalUrl: url, contentType, bytes, redirects, notModified: false, ...validators };
      } catch (error) {
        hop.abort(error as Error);
        throw failed(error);
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
