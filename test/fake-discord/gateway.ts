// The gateway half of the fake: HELLO, heartbeat ACKs, IDENTIFY -> READY + GUILD_CREATE, RESUME ->
// replay + RESUMED, sequence numbers per session, and the faults issue 6 needs (close with a code,
// 1006 by dropping the TCP connection, INVALID_SESSION, RECONNECT, unacknowledged heartbeats).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { BoundedLog } from './bounded-log.ts';
import type { Json, World } from './world.ts';

export const GATEWAY_PATH = '/gateway';
export const RESUME_PATH = '/resume-gateway';

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** How many dispatches a session keeps for replay after a resume. */
const REPLAY_HISTORY = 10_000;

export type GatewayEvent =
  | { kind: 'connected'; at: number; path: string; query: Record<string, string> }
  | { kind: 'identify'; at: number; sessionId: string; intents: number; shard: unknown }
  | { kind: 'resume'; at: number; sessionId: string; seq: number; accepted: boolean; replayed: number }
  | { kind: 'heartbeat'; at: number; seq: number | null; acked: boolean }
  | { kind: 'closed'; at: number; code: number; byFake: boolean; sessionId: string | null }
  | { kind: 'rejected'; at: number; reason: string };

interface Session {
  id: string;
  seq: number;
  history: { s: number; frame: string }[];
  socket: WebSocket | null;
  valid: boolean;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
  closedByFake: boolean;
}

export interface GatewayOptions {
  world: World;
  botToken: string;
  heartbeatIntervalMs: number;
  log: BoundedLog<GatewayEvent>;
  /** ws://127.0.0.1:PORT (known once the server listens). */
  baseUrl: () => string;
}

export class FakeGateway {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #connections = new Set<Connection>();
  #current: Session | null = null;
  /** Set to false to stop answering heartbeats (discord.js then calls the connection a zombie and resumes). */
  ackHeartbeats = true;

  constructor(private readonly options: GatewayOptions) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== GATEWAY_PATH && url.pathname !== RESUME_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, url));
    });
  }

  get url(): string {
    return `${this.options.baseUrl()}${GATEWAY_PATH}`;
  }

  /** The session of the latest IDENTIFY, if any. */
  get sessionId(): string | null {
    return this.#current?.id ?? null;
  }

  /** True while the current session has an open connection. */
  get connected(): boolean {
    return this.#current?.socket?.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a dispatch (op 0) on the current session. While the bot is disconnected it is kept and
   * replayed when the bot resumes, as Discord does; it is lost if the bot identifies anew instead.
   */
  dispatch(t: string, d: unknown): number {
    const session = this.#current;
    if (!session) throw new Error(`fake Discord: cannot dispatch ${t}: the bot has not identified on the gateway yet`);
    return this.#dispatchTo(session, t, d);
  }

  #dispatchTo(session: Session, t: string, d: unknown): number {
    session.seq += 1;
    const frame = JSON.stringify({ op: Op.Dispatch, t, s: session.seq, d });
    session.history.push({ s: session.seq, frame });
    if (session.history.length > REPLAY_HISTORY) session.history.splice(0, session.history.length - REPLAY_HISTORY);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(frame);
    return session.seq;
  }

  // ---- faults ------------------------------------------------------------------------------------

  /**
   * Closes the bot's current connection with `code` (4000 "unknown error" by default: discord.js
   * resumes). 1006 is not a code one can send: the fake drops the TCP connection instead.
   * Resolves once the connection is closed.
   */
  async closeConnection(code = 4000, reason = 'fake Discord closed the connection'): Promise<void> {
    const connection = [...this.#connections].find((c) => c.session === this.#current) ?? [...this.#connections].at(-1);
    if (!connection) throw new Error('fake Discord: no gateway connection to close');
    connection.closedByFake = true;
    const closed = new Promise<void>((resolve) => connection.socket.once('close', () => resolve()));
    if (code === 1006) connection.socket.terminate();
    else connection.socket.close(code, reason);
    await closed;
  }

  /** op 9. With `resumable: false` the session is forgotten: a RESUME will be refused, IDENTIFY is needed. */
  invalidateSession(resumable = false): void {
    const session = this.#current;
    if (!session?.socket) throw new Error('fake Discord: no connected session to invalidate');
    if (!resumable) session.valid = false;
    session.socket.send(JSON.stringify({ op: Op.InvalidSession, d: resumable, s: null, t: null }));
  }

  /** op 7: Discord asks the bot to reconnect and resume. */
  requestReconnect(): void {
    const socket = this.#current?.socket;
    if (!socket) throw new Error('fake Discord: no connected session');
    socket.send(JSON.stringify({ op: Op.Reconnect, d: null, s: null, t: null }));
  }

  close(): void {
    for (const connection of this.#connections) connection.socket.terminate();
    this.#connections.clear();
    this.#wss.close();
  }

  // ---- protocol ----------------------------------------------------------------------------------

  #event(event: GatewayEvent): void {
    this.options.log.push(event);
  }

  #onConnection(socket: WebSocket, url: URL): void {
    const connection: Connection = { socket, session: null, closedByFake: false };
    this.#connections.add(connection);
    this.#event({ kind: 'connected', at: performance.now(), path: url.pathname, query: Object.fromEntries(url.searchParams) });
    socket.on('message', (data: RawData) => this.#onMessage(connection, data));
    socket.on('error', () => undefined);
    socket.on('close', (code: number) => {
      this.#connections.delete(connection);
      if (connection.session?.socket === socket) connection.session.socket = null;
      this.#event({
        kind: 'closed',
        at: performance.now(),
        code,
        byFake: connection.closedByFake,
        sessionId: connection.session?.id ?? null,
      });
    });
    socket.send(
      JSON.stringify({
        op: Op.Hello,
        d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['["fake-discord-gateway",{"micros":0}]'] },
        s: null,
        t: null,
      }),
    );
  }

  #onMessage(connection: Connection, data: RawData): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(data.toString()) as { op?: unknown; d?: unknown };
    } catch {
      this.#reject(connection, 4002, 'Error while decoding payload.');
      return;
    }
    const d = (typeof payload.d === 'object' && payload.d !== null ? payload.d : {}) as Json;
    switch (payload.op) {
      case Op.Heartbeat: {
        const seq = typeof payload.d === 'number' ? payload.d : null;
        this.#event({ kind: 'heartbeat', at: performance.now(), seq, acked: this.ackHeartbeats });
        if (this.ackHeartbeats) connection.socket.send(JSON.stringify({ op: Op.HeartbeatAck, d: null, s: null, t: null }));
        return;
      }
      case Op.Identify:
        this.#identify(connection, d);
        return;
      case Op.Resume:
        this.#resume(connection, d);
        return;
      case Op.PresenceUpdate:
      case Op.RequestGuildMembers:
        if (!connection.session) this.#reject(connection, 4003, 'Not authenticated.');
        return;
      default:
        this.#reject(connection, 4001, 'Unknown opcode.');
    }
  }

  #reject(connection: Connection, code: number, reason: string): void {
    this.#event({ kind: 'rejected', at: performance.now(), reason: `${code} ${reason}` });
    connection.closedByFake = true;
    connection.socket.close(code, reason);
  }

  #identify(connection: Connection, d: Json): void {
    if (connection.session) return this.#reject(connection, 4005, 'Already authenticated.');
    if (d['token'] !== this.options.botToken) return this.#reject(connection, 4004, 'Authentication failed.');
    const world = this.options.world;
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, history: [], socket: connection.socket, valid: true };
    this.#sessions.set(session.id, session);
    this.#current = session;
    connection.session = session;
    this.#event({ kind: 'identify', at: performance.now(), sessionId: session.id, intents: Number(d['intents'] ?? 0), shard: d['shard'] });
    this.#dispatchTo(session, 'READY', {
      v: 10,
      user: { ...world.userJson(world.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: [{ id: world.guildId, unavailable: true }],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: `${this.options.baseUrl()}${RESUME_PATH}`,
      shard: Array.isArray(d['shard']) ? d['shard'] : [0, 1],
      application: { id: world.applicationId, flags: world.applicationFlags },
      user_settings: {},
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    });
    this.#dispatchTo(session, 'GUILD_CREATE', world.guildCreateJson());
  }

  #resume(connection: Connection, d: Json): void {
    const session = typeof d['session_id'] === 'string' ? this.#sessions.get(d['session_id']) : undefined;
    const seq = typeof d['seq'] === 'number' ? d['seq'] : 0;
    const accepted = Boolean(session?.valid) && d['token'] === this.options.botToken;
    if (!session || !accepted) {
      this.#event({ kind: 'resume', at: performance.now(), sessionId: String(d['session_id']), seq, accepted: false, replayed: 0 });
      connection.socket.send(JSON.stringify({ op: Op.InvalidSession, d: false, s: null, t: null }));
      return;
    }
    if (session.socket && session.socket !== connection.socket) session.socket.terminate();
    session.socket = connection.socket;
    connection.session = session;
    this.#current = session;
    const missed = session.history.filter((h) => h.s > seq);
    this.#event({ kind: 'resume', at: performance.now(), sessionId: session.id, seq, accepted: true, replayed: missed.length });
    for (const { frame } of missed) connection.socket.send(frame);
    this.#dispatchTo(session, 'RESUMED', { _trace: ['["fake-discord-gateway",{"micros":0}]'] });
  }
}
