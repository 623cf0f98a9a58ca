// Untrusted HTML is parsed where it cannot hurt: on a worker thread with a heap limit, abandoned (the thread
// terminated) when one page takes longer than the time limit, after a cheap shape check on this thread that
// refuses absurd nesting before any parsing. The event loop never waits on the parser; one page at a time.
import { Worker } from 'node:worker_threads';
import type { HtmlArticle } from './html-article.ts';
import { HTML_SHAPE_LIMITS, refuseHtmlShape, type HtmlShapeLimits } from './html-shape.ts';
import { UserFacingError } from '../errors.ts';

export class HtmlArticleError extends UserFacingError {
  override name = 'HtmlArticleError';
}

export interface HtmlSandboxLimits extends HtmlShapeLimits {
  /** Wall time one page may take once the worker is running. */
  timeLimitMs: number;
  /** The worker's heap (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** How long the worker may take to start (it loads the DOM library). */
  startLimitMs: number;
}

export const HTML_SANDBOX_LIMITS: HtmlSandboxLimits = { ...HTML_SHAPE_LIMITS, timeLimitMs: 2_000, memoryMb: 256, startLimitMs: 60_000 };

/** Messages between this thread and html-worker.ts. */
export interface HtmlJob {
  id: number;
  html: string;
  base: string | null;
  shape: HtmlShapeLimits;
}
export type HtmlJobResult = { id: number; ok: true; article: HtmlArticle } | { id: number; ok: false; refused: boolean; message: string };

// Compiled (dist/, .js) the worker needs no loader; from the sources it goes through html-worker.mjs (tsx).
const ENTRY = new URL(import.meta.url.endsWith('.js') ? './html-worker.js' : './html-worker.mjs', import.meta.url);

export class HtmlSandbox {
  private worker: Worker | null = null;
  private started: Promise<Worker> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(readonly limits: HtmlSandboxLimits = HTML_SANDBOX_LIMITS) {}

  /** The page's article; HtmlArticleError when the page is refused, too slow or too big to parse. */
  read(html: string, base: URL | null): Promise<HtmlArticle> {
    const refusal = refuseHtmlShape(html, this.limits);
    if (refusal) return Promise.reject(new HtmlArticleError(refusal));
    const run = this.queue.then(() => this.run(html, base));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Starts the worker in the background (it takes a second or two), so the first page need not wait. */
  warm(): void {
    this.start().catch(() => undefined);
  }

  /** Stops the worker (it also never keeps the process alive while idle). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.started = null;
    if (worker) await worker.terminate();
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = null;
      this.started = null;
    }
    void worker.terminate();
  }

  private start(): Promise<Worker> {
    if (this.started) return this.started;
    const worker = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb } });
    this.worker = worker;
    // Whatever happens to an idle worker, the next page gets a fresh one; an 'error' must never go unheard.
    worker.on('error', () => this.discard(worker));
    worker.on('exit', () => this.discard(worker));
    this.started = new Promise<Worker>((resolve, reject) => {
      const settle = (error: Error | null) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
        if (!error) return resolve(worker);
        this.discard(worker);
        reject(error);
      };
      const onMessage = (message: unknown) => message === 'ready' && settle(null);
      const onError = (error: Error) => settle(error);
      const onExit = (code: number) => settle(new Error(`the HTML worker stopped while starting (exit code ${code})`));
      const timer = setTimeout(
        () => settle(new Error(`the HTML worker did not start within ${this.limits.startLimitMs} ms`)),
        this.limits.startLimitMs,
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
    return this.started;
  }

  private async run(html: string, base: URL | null): Promise<HtmlArticle> {
    const worker = await this.start();
    const id = this.nextId++;
    const { timeLimitMs } = this.limits;
    worker.ref();
    return new Promise<HtmlArticle>((resolve, reject) => {
      const settle = (outcome: () => void, broken: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
        if (broken) this.discard(worker);
        outcome();
      };
      const onMessage = (result: HtmlJobResult) => {
        if (result.id !== id) return;
        if (result.ok) settle(() => resolve(result.article), false);
        else
          settle(() => reject(result.refused ? new HtmlArticleError(result.message) : new Error(`HTML worker: ${result.message}`)), false);
      };
      const onError = (error: Error) => {
        const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        settle(() => reject(outOfMemory ? new HtmlArticleError('The page needs too much memory to read as an article.') : error), true);
      };
      const onExit = (code: number) => settle(() => reject(new Error(`the HTML worker stopped (exit code ${code})`)), true);
      const timer = setTimeout(
        () =>
          settle(
            () =>
              reject(
                new HtmlArticleError(`The page took too long to read as an article (over ${timeLimitMs / 1000} s); it was abandoned.`),
              ),
            true,
          ),
        timeLimitMs,
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      const job: HtmlJob = {
        id,
        html,
        base: base?.toString() ?? null,
        shape: { maxElements: this.limits.maxElements, maxDepth: this.limits.maxDepth },
      };
      worker.postMessage(job);
    });
  }
}

const shared = new HtmlSandbox();

/** Starts the shared worker ahead of the first page. */
export function warmHtmlReader(): void {
  shared.warm();
}

/** Reads an untrusted page with the default limits (one worker for the whole process). */
export function readHtmlArticle(html: string, base: URL | null): Promise<HtmlArticle> {
  return shared.read(html, base);
}
