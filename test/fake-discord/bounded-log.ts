// An append-only log whose entries tests can await: `waitFor` looks at what already arrived first,
// then waits for a matching entry, and always gives up after a timeout with a message saying what
// it was waiting for. `close()` rejects every pending wait so nothing outlives the fake.

export class FakeDiscordTimeoutError extends Error {
  override name = 'FakeDiscordTimeoutError';
}

interface Waiter<T> {
  predicate: (entry: T) => boolean;
  resolve: (entry: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class BoundedLog<T> {
  readonly entries: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  #closed: string | null = null;

  constructor(private readonly defaultTimeoutMs: number) {}

  push(entry: T): void {
    this.entries.push(entry);
    for (const waiter of [...this.#waiters]) {
      if (waiter.predicate(entry)) {
        this.#waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(entry);
      }
    }
  }

  find(predicate: (entry: T) => boolean): T | undefined {
    return this.entries.find(predicate);
  }

  filter(predicate: (entry: T) => boolean): T[] {
    return this.entries.filter(predicate);
  }

  /** Resolves with the first entry (already logged or future) matching `predicate`. */
  waitFor(predicate: (entry: T) => boolean, description: string, timeoutMs = this.defaultTimeoutMs): Promise<T> {
    const existing = this.entries.find(predicate);
    if (existing !== undefined) return Promise.resolve(existing);
    if (this.#closed !== null) return Promise.reject(new Error(`fake Discord closed (${this.#closed}) while waiting for ${description}`));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new FakeDiscordTimeoutError(`fake Discord: timed out after ${timeoutMs} ms waiting for ${description}`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  clear(): void {
    this.entries.length = 0;
  }

  close(reason: string): void {
    this.#closed = reason;
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`fake Discord closed (${reason}) before the awaited event happened`));
    }
    this.#waiters.clear();
  }
}
