// Every interaction the fake dispatched, so REST calls can be checked the way Discord checks them:
// the token must match, one acknowledgement only, within the deadline; @original follows the ack.
import { performance } from 'node:perf_hooks';
import type { InteractionPayload } from './interactions.ts';
import type { Snowflake } from './snowflake.ts';

export interface TrackedInteraction {
  id: Snowflake;
  token: string;
  type: number;
  payload: InteractionPayload;
  /** performance.now() when INTERACTION_CREATE was dispatched on the gateway. */
  dispatchedAt: number;
  /** The callback type that acknowledged it, once it has been. */
  ackType: number | null;
  /** The message @original refers to (the reply, or the clicked message for component updates). */
  originalMessageId: Snowflake | null;
  /**
   * Delivered over HTTP and the response not yet processed: webhook calls wait for it, as Discord has the
   * response before any follow-up can reach it.
   */
  httpResponse?: Promise<void>;
}

export class InteractionRegistry {
  readonly #byId = new Map<Snowflake, TrackedInteraction>();
  readonly #byToken = new Map<string, TrackedInteraction>();

  track(payload: InteractionPayload): TrackedInteraction {
    const tracked: TrackedInteraction = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      payload,
      dispatchedAt: performance.now(),
      ackType: null,
      originalMessageId: null,
    };
    this.#byId.set(tracked.id, tracked);
    this.#byToken.set(tracked.token, tracked);
    return tracked;
  }

  get(id: Snowflake): TrackedInteraction | undefined {
    return this.#byId.get(id);
  }

  byToken(token: string): TrackedInteraction | undefined {
    return this.#byToken.get(token);
  }
}
