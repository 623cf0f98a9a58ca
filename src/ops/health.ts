// What an operator watches: counters of interactions by outcome, latency percentiles, gateway state,
// reported as one log line per interval and, when a port is configured, at GET /healthz.
// Room ops/: health counters and the /healthz endpoint; imports only log.ts.
import { createServer, type Server } from 'node:http';
import type { Logger } from '../log.ts';

export interface HealthSource {
  /** True while the gateway connection is up. */
  gatewayReady(): boolean;
  /** Last heartbeat round trip in ms, or -1 when unknown. */
  gatewayPing(): number;
}

const WINDOW = 1024;

export class Health {
  private readonly started = Date.now();
  private total = 0;
  private failed = 0;
  private readonly outcomes = new Map<string, number>();
  private readonly latencies: number[] = [];
  private next = 0;

  record(outcome: string, ms: number, ok: boolean): void {
    this.total++;
    if (!ok) this.failed++;
    // "statements (deferred)" counts as statements; autocomplete's "7 choices" as choices, not as "7".
    const base = outcome.replace(/ \(deferred\)$/, '');
    const kind = /^\d+ choices$/.test(base) ? 'choices' : (base.split(' ')[0] ?? base);
    this.outcomes.set(kind, (this.outcomes.get(kind) ?? 0) + 1);
    // A ring of the latest latencies: percentiles over recent traffic, constant memory.
    if (this.latencies.length < WINDOW) this.latencies.push(ms);
    else this.latencies[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
  }

  snapshot(source?: HealthSource) {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0);
    const gateway = source ? { ready: source.gatewayReady(), pingMs: source.gatewayPing() } : null;
    return {
      status: !gateway || gateway.ready ? 'ok' : 'degraded',
      uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
      interactions: this.total,
      failed: this.failed,
      outcomes: Object.fromEntries(this.outcomes),
      latencyMs: { p50: Math.round(pct(0.5) * 10) / 10, p99: Math.round(pct(0.99) * 10) / 10 },
      rssMB: Math.round(process.memoryUsage().rss / 1048576),
      gateway,
    };
  }
}

export interface HealthReporter {
  port: number | null;
  stop(): Promise<void>;
}

export async function startHealthReporter(
  health: Health,
  logger: Logger,
  options: { source?: HealthSource; intervalMs?: number; port?: number; host?: string },
): Promise<HealthReporter> {
  const timer = setInterval(() => logger.info({ health: health.snapshot(options.source) }, 'health'), options.intervalMs ?? 60_000);
  timer.unref();
  let server: Server | null = null;
  if (options.port !== undefined) {
    server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/healthz') {
        const snap = health.snapshot(options.source);
        res.writeHead(snap.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(snap));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
  }
  const address = server?.address();
  return {
    port: address && typeof address === 'object' ? address.port : null,
    stop: async () => {
      clearInterval(timer);
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
}
