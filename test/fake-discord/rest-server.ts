// The REST half of the fake: parses each request (JSON or multipart), logs it, applies injected
// latency and faults, checks the bot token where Discord requires one, and lets the handlers answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BoundedLog } from './bounded-log.ts';
import type { RestFault, RestFaults } from './faults.ts';
import type { InteractionRegistry } from './interaction-registry.ts';
import { discordError } from './rest-handlers.ts';
import type { RestHandlers, RestReply } from './rest-handlers.ts';
import { matchRoute, ROUTES } from './routes.ts';
import type { RouteKey, RouteName } from './routes.ts';
import type { Problem } from './validation.ts';

export const API_PREFIX = '/api/v10';

export interface UploadedFile {
  /** The form field, `files[n]` for a message attachment. */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  /** The uploaded bytes (tests decode them). */
  data: Buffer;
}

export interface RestRequest {
  /** 1, 2, 3 ... in arrival order. */
  seq: number;
  /** performance.now() when the request arrived (after any injected latency). */
  receivedAt: number;
  method: string;
  /** Full path, e.g. /api/v10/channels/123/messages (or /ephemeral-attachments/... on the CDN). */
  path: string;
  /** The matched route (see ROUTES), null for a route the fake does not know (answered 404). */
  route: RouteName | null;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON body; for multipart, the parsed `payload_json`. undefined when there was none. */
  body: unknown;
  files: UploadedFile[];
  status: number;
  response: unknown;
  /** The injected fault that answered this request instead of the handler, if any. */
  fault: RestFault | null;
  /** Validation problems found in the body; non-empty means the fake answered 400 / 50035. */
  problems: Problem[];
  /** 'http-response': the body of the bot's HTTP response to a signed interaction POST, not a REST call. */
  transport?: 'http-response';
}

/** Routes Discord serves without the bot's Authorization header (the interaction token is the credential; the CDN is public). */
const WITHOUT_BOT_TOKEN: ReadonlySet<RouteKey> = new Set([
  'attachmentDownload',
  'interactionCallback',
  'originalGet',
  'originalEdit',
  'originalDelete',
  'followup',
  'followupEdit',
]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(raw: Buffer, contentType: string): Promise<{ body: unknown; files: UploadedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake-discord.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(raw),
    }).formData();
    const files: UploadedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({
          field,
          filename: value.name,
          contentType: value.type,
          size: value.size,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [] };
  }
}

function faultReply(fault: RestFault, route: RouteName | null): RestReply {
  if (fault.status === 429) {
    const retryAfter = fault.retryAfter ?? 0.1;
    const headers: Record<string, string> = {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-reset': String((Date.now() / 1000 + retryAfter).toFixed(3)),
      'x-ratelimit-bucket': Buffer.from(route ?? 'unknown')
        .toString('hex')
        .slice(0, 32),
      'x-ratelimit-scope': fault.global ? 'global' : 'user',
    };
    if (fault.global) headers['x-ratelimit-global'] = 'true';
    return {
      status: 429,
      headers,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: fault.global ?? false, code: 0 },
    };
  }
  return discordError(fault.status, 0, `${fault.status}: Internal Server Error`);
}

export interface RestServerOptions {
  handlers: RestHandlers;
  interactions: InteractionRegistry;
  faults: RestFaults;
  log: BoundedLog<RestRequest>;
  botToken: string;
}

export class RestServer {
  #seq = 0;

  constructor(private readonly options: RestServerOptions) {}

  /**
   * An interaction acknowledged by the HTTP response to Discord's signed POST (HTTP interactions): checked and
   * logged exactly like the REST callback the gateway bot would have sent, with `transport: 'http-response'`.
   */
  acknowledgeOverHttp(interactionId: string, token: string, body: unknown): RestRequest {
    const params = { interaction: interactionId, token };
    const record: RestRequest = {
      seq: ++this.#seq,
      receivedAt: performance.now(),
      method: 'POST',
      path: `${API_PREFIX}/interactions/${interactionId}/${token}/callback`,
      route: ROUTES.interactionCallback,
      params,
      query: {},
      headers: {},
      body,
      files: [],
      status: 0,
      response: undefined,
      fault: null,
      problems: [],
      transport: 'http-response',
    };
    const result = this.options.handlers.handle('interactionCallback', { params, query: {}, body });
    record.status = result.reply.status;
    record.response = result.reply.body;
    record.problems = result.problems;
    this.options.log.push(record);
    return record;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let parsed: { body: unknown; files: UploadedFile[] };
    try {
      parsed = await parseBody(await readBody(req), headers['content-type'] ?? '');
    } catch (error) {
      parsed = { body: `unparseable body: ${(error as Error).message}`, files: [] };
    }

    const match = path.startsWith(`${API_PREFIX}/`) ? matchRoute(method, path.slice(API_PREFIX.length)) : matchRoute(method, path, 'cdn');
    const route = match?.name ?? null;
    const pending =
      match && WITHOUT_BOT_TOKEN.has(match.key) ? this.options.interactions.byToken(match.params['token'] ?? '')?.httpResponse : undefined;
    if (pending) await pending;
    const latency = this.options.faults.latencyFor(route);
    if (latency > 0) await sleep(latency);

    const record: RestRequest = {
      seq: ++this.#seq,
      receivedAt: performance.now(),
      method,
      path,
      route,
      params: match?.params ?? {},
      query: Object.fromEntries(url.searchParams.entries()),
      headers,
      body: parsed.body,
      files: parsed.files,
      status: 0,
      response: undefined,
      fault: null,
      problems: [],
    };

    let reply: RestReply;
    const fault = this.options.faults.take(route);
    if (fault) {
      record.fault = fault;
      reply = faultReply(fault, route);
    } else if (!match) {
      reply = discordError(404, 0, '404: Not Found');
    } else if (!WITHOUT_BOT_TOKEN.has(match.key) && headers['authorization'] !== `Bot ${this.options.botToken}`) {
      reply = discordError(401, 0, '401: Unauthorized');
    } else {
      try {
        const result = this.options.handlers.handle(match.key, {
          params: record.params,
          query: record.query,
          body: record.body,
          files: record.files,
        });
        reply = result.reply;
        record.problems = result.problems;
      } catch (error) {
        reply = discordError(500, 0, `fake Discord handler failed: ${(error as Error).message}`);
      }
    }
    record.status = reply.status;
    record.response = reply.raw ? { contentType: reply.raw.contentType, bytes: reply.raw.data.length } : reply.body;
    this.options.log.push(record);

    if (res.destroyed) return;
    const responseHeaders: Record<string, string> = { ...reply.headers };
    if (reply.raw) {
      responseHeaders['content-type'] = reply.raw.contentType;
      res.writeHead(reply.status, responseHeaders);
      res.end(reply.raw.data);
      return;
    }
    if (reply.body !== undefined) responseHeaders['content-type'] = 'application/json';
    res.writeHead(reply.status, responseHeaders);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }
}
