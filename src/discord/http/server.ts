// The HTTP interactions endpoint (Discord's "Interactions Endpoint URL"): POST /interactions, signed by
// Discord with Ed25519; GET /healthz for the load balancer. node:http with bounded bodies and timeouts.
// Each request is verified, then answered by answer.ts; nothing is remembered between requests, so any
// number of these processes can sit behind one load balancer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REST } from 'discord.js';
import { InteractionResponseType, InteractionType, type APIInteraction, type APIInteractionResponse } from 'discord-api-types/v10';
import type { Logger } from '../../log.ts';
import { Health } from '../../ops/health.ts';
import { answerHttpInteraction, type HttpAnswerDeps } from './answer.ts';
import { checkSignature, publicKeyFromHex } from './signature.ts';

/** Interaction payloads are a few kB; a button's carries its message (embeds up to 6,000 characters and more). */
export const MAX_BODY_BYTES = 256 * 1024;
/** How far Discord's signed timestamp may be from our clock before a request counts as replayed. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

export interface InteractionServerOptions extends Omit<HttpAnswerDeps, 'rest' | 'health'> {
  /** The application's public key, 64 hex characters (config DISCORD_PUBLIC_KEY). */
  publicKey: string;
  /** Discord's REST base, for follow-ups (config DISCORD_API_URL). */
  apiUrl: string;
  /** The bot token (config DISCORD_TOKEN), when given: /summary can then post and pin in the channel. */
  botToken?: string;
  host: string;
  /** 0: any free port. */
  port: number;
  maxBodyBytes?: number;
  maxSignatureAgeSeconds?: number;
  /** Seconds since the epoch (tests move the clock). */
  now?: () => number;
  /**
   * Replay protection: true the first time an interaction id arrives, in any process (Store.firstSeenInteraction).
   * A repeat is refused with 409 and never runs a command twice. Absent: no check.
   */
  firstSeen?: (interactionId: string) => Promise<boolean>;
}

/** How long an answered interaction's id is remembered: its token's whole life, beyond any signature's age. */
export const SEEN_INTERACTION_TTL_MS = 15 * 60_000;

export interface InteractionServer {
  /** `http://host:port` */
  url: string;
  port: number;
  health: Health;
  /** Stops accepting requests and waits for interactions in progress (their follow-ups included). */
  stop(): Promise<void>;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new RequestError(413, 'body too large'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return; // already refused: the rest is discarded, the connection closes after the 413
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(new RequestError(413, 'body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const ANSWERED_TYPES: ReadonlySet<number> = new Set([
  InteractionType.ApplicationCommand,
  InteractionType.MessageComponent,
  InteractionType.ApplicationCommandAutocomplete,
]);

export async function startInteractionServer(options: InteractionServerOptions): Promise<InteractionServer> {
  const key = publicKeyFromHex(options.publicKey);
  const now = options.now ?? (() => Date.now() / 1000);
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const maxAge = options.maxSignatureAgeSeconds ?? MAX_SIGNATURE_AGE_SECONDS;
  const log: Logger = options.logger.child({ room: 'http' });
  const health = new Health();
  // Follow-ups go to the interaction webhook, whose token is the credential: no bot token here.
  const rest = new REST({ api: options.apiUrl, version: '10' });
  const botRest = options.botToken ? new REST({ api: options.apiUrl, version: '10' }).setToken(options.botToken) : undefined;
  const { botToken: _token, firstSeen: _firstSeen, ...answerOptions } = options;
  const deps: HttpAnswerDeps = { ...answerOptions, rest, botRest, health };
  const inFlight = new Set<Promise<void>>();

  /** A store that cannot answer does not stop the interaction (the command's own queries will tell). */
  async function firstSeen(id: string): Promise<boolean> {
    try {
      return await options.firstSeen!(id);
    } catch (error) {
      log.error({ err: error }, 'replay check failed; answering anyway');
      return true;
    }
  }

  async function interactions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, maxBody);
    const check = checkSignature(
      key,
      { signature: header(req, 'x-signature-ed25519'), timestamp: header(req, 'x-signature-timestamp'), body },
      now(),
      maxAge,
    );
    if (!check.ok) {
      log.warn({ reason: check.reason, ip: req.socket.remoteAddress }, 'interaction refused: bad signature');
      throw new RequestError(401, 'invalid request signature');
    }
    let interaction: APIInteraction;
    try {
      interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch {
      throw new RequestError(400, 'body is not JSON');
    }
    if (interaction?.type === InteractionType.Ping) return send(res, 200, { type: InteractionResponseType.Pong });
    if (!ANSWERED_TYPES.has(interaction?.type) || typeof interaction.token !== 'string' || typeof interaction.application_id !== 'string') {
      throw new RequestError(400, 'unsupported interaction');
    }
    if (options.firstSeen && !(await firstSeen(String(interaction.id)))) {
      log.warn({ interaction: String(interaction.id), ip: req.socket.remoteAddress }, 'interaction refused: already received (replayed)');
      throw new RequestError(409, 'interaction already received');
    }
    // The HTTP response is the acknowledgement; the work (and any follow-ups) may go on after it is sent.
    let answered!: () => void;
    const acknowledged = new Promise<void>((resolve) => (answered = resolve));
    const respond = (response: APIInteractionResponse) => {
      send(res, 200, response);
      answered();
    };
    // answerHttpInteraction has its own error boundary; the catch only keeps a bug from crashing the process.
    const work: Promise<void> = answerHttpInteraction(interaction, respond, deps)
      .catch((error: unknown) => log.error({ err: error }, 'interaction failed outside its error boundary'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
    await Promise.race([acknowledged, work]);
    if (!res.headersSent) throw new Error('the interaction finished without an answer');
  }

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = async () => {
      if (path === '/healthz') {
        if (req.method !== 'GET') throw new RequestError(405, 'method not allowed');
        const snapshot = health.snapshot();
        return send(res, 200, snapshot);
      }
      if (path === '/interactions') {
        if (req.method !== 'POST') throw new RequestError(405, 'method not allowed');
        return interactions(req, res);
      }
      throw new RequestError(404, 'not found');
    };
    route().catch((error: unknown) => {
      if (error instanceof RequestError) {
        // A 413 is sent before the rest of the body is read: close the connection rather than drain it.
        if (error.status === 413) res.setHeader('connection', 'close');
        return send(res, error.status, error.message);
      }
      log.error({ err: error }, 'interaction request failed');
      send(res, 500, 'internal error');
    });
  });
  // Bounded waits for slow or stalled clients (a request has 3 s to be worth answering anyway).
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    health,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}
