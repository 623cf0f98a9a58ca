// Fault injection for the REST side: make the next N calls on a route fail (429 with Discord's
// rate-limit headers, or a 5xx), and add artificial latency. The gateway's faults live on the gateway.
import type { RouteName } from './routes.ts';

export type RouteSelector = RouteName | '*';

export type RestFault =
  | {
      status: 429;
      /** How many consecutive matching requests fail (default 1). */
      times?: number;
      /** Seconds, sent as `retry_after` (body) and `retry-after` (header). Default 0.1. */
      retryAfter?: number;
      /** A global rate limit (`x-ratelimit-global: true`) instead of a per-route one. */
      global?: boolean;
    }
  | {
      status: 500 | 502 | 503 | 504;
      times?: number;
    };

interface ArmedFault {
  route: RouteSelector;
  fault: RestFault;
  remaining: number;
}

export class RestFaults {
  readonly #armed: ArmedFault[] = [];
  readonly #latency = new Map<RouteSelector, number>();

  /** The next `fault.times` (default 1) requests on `route` fail with `fault.status`. */
  failNext(route: RouteSelector, fault: RestFault): void {
    this.#armed.push({ route, fault, remaining: fault.times ?? 1 });
  }

  /** Delay every request on `route` (or all routes with '*') by `ms` before the fake handles it; 0 removes it. */
  setLatency(ms: number, route: RouteSelector = '*'): void {
    if (ms > 0) this.#latency.set(route, ms);
    else this.#latency.delete(route);
  }

  latencyFor(route: RouteName | null): number {
    return (route ? this.#latency.get(route) : undefined) ?? this.#latency.get('*') ?? 0;
  }

  /** Consumes and returns the fault for this request, if one is armed. */
  take(route: RouteName | null): RestFault | null {
    const index = this.#armed.findIndex((a) => a.remaining > 0 && (a.route === '*' || a.route === route));
    if (index < 0) return null;
    const armed = this.#armed[index]!;
    armed.remaining -= 1;
    if (armed.remaining === 0) this.#armed.splice(index, 1);
    return armed.fault;
  }

  /** Faults still armed (for a test to assert they were all used). */
  pending(): number {
    return this.#armed.reduce((n, a) => n + a.remaining, 0);
  }

  clear(): void {
    this.#armed.length = 0;
    this.#latency.clear();
  }
}
