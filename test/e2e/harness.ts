// Shared set-up of the end-to-end tests: a temp data folder (the seed article plus our own test articles),
// the real index, the real bot (discord.js client) logged in to the fake Discord, and the bot's log lines.
// `restart()` stops the bot and starts a new one on the same data folder, as a redeploy would.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord-api-types/v10';
import { openApp } from '../../src/app.ts';
import type { App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';
import { startBot } from '../../src/discord/bot.ts';
import type { BotOptions, RunningBot } from '../../src/discord/bot.ts';
import { createLogger } from '../../src/log.ts';
import { botEnv, ROUTES, startFakeDiscord } from '../fake-discord/index.ts';
import type { FakeDiscord, FakeDiscordOptions, ReplyReceived, RestRequest } from '../fake-discord/index.ts';

export const SEED = 'data/articles/2025-08-23-unn-nato-troops-ukraine.md';
export const SEED_TITLE = 'NATO has not discussed the issue of deploying a military contingent in Ukraine';
/** Our own articles (not third-party news): one with hostile markdown and mentions, one later, both with a URL. */
export const HOSTILE = 'test/e2e/fixtures/hostile.md';
export const LATER = 'test/e2e/fixtures/later.md';
export const HOSTILE_URL = 'https://news.example.org/reassurance-force';

export interface LogLine {
  level: number;
  msg: string;
  interaction?: string;
  code?: number;
  [key: string]: unknown;
}

export interface HarnessOptions {
  /** Article files copied into the data folder (default: the seed and our two test articles). */
  articles?: string[];
  /** Extra articles written into the data folder: file name -> Markdown. */
  write?: Record<string, string>;
  fake?: FakeDiscordOptions;
  env?: Record<string, string>;
  runner?: BotOptions['runner'];
  deferAfterMs?: number;
  healthIntervalMs?: number;
  /** Settings the environment cannot express, e.g. WHOSAID_HEALTH_PORT 0 (any free port). */
  config?: Partial<Config>;
}

export interface Harness {
  fake: FakeDiscord;
  app: App;
  bot: RunningBot;
  config: Config;
  dataDir: string;
  logs: LogLine[];
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'whosaid-e2e-'));
  mkdirSync(join(dataDir, 'articles'));
  for (const file of options.articles ?? [SEED, HOSTILE, LATER]) cpSync(file, join(dataDir, 'articles', file.split('/').pop()!));
  for (const [name, text] of Object.entries(options.write ?? {})) writeFileSync(join(dataDir, 'articles', name), text);

  const fake = await startFakeDiscord({ timeoutMs: 8_000, ...options.fake });
  const config: Config = {
    ...parseConfig({
      ...botEnv(fake),
      WHOSAID_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...options.env,
    }),
    ...options.config,
  };
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: 'info',
    stream: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
  });
  const boot = async () => {
    const app = await openApp(config, logger);
    const bot = await startBot({
      config,
      context: app.context,
      commands: app.commands,
      logger,
      runner: options.runner,
      deferAfterMs: options.deferAfterMs,
      healthIntervalMs: options.healthIntervalMs,
    });
    return { app, bot };
  };
  let { app, bot } = await boot();
  const harness: Harness = {
    fake,
    get app() {
      return app;
    },
    get bot() {
      return bot;
    },
    config,
    dataDir,
    logs,
    async restart() {
      await bot.stop();
      app.close();
      ({ app, bot } = await boot());
    },
    async close() {
      await bot.stop();
      app.close();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

export function embedsOf(reply: ReplyReceived): APIEmbed[] {
  return reply.message.embeds ?? [];
}

export function buttonsOf(message: { components?: unknown[] }): APIButtonComponentWithCustomId[] {
  const rows = (message.components ?? []) as APIActionRowComponent<APIButtonComponentWithCustomId>[];
  return rows.flatMap((row) => row.components);
}

export const EPHEMERAL = 64;

/** Characters Discord counts toward the 6,000 of all embeds in a message. */
export function embedChars(embeds: APIEmbed[]): number {
  return embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  );
}

/** Every request by which the bot put a message in front of someone (replies, updates, edits, follow-ups, posts). */
export function messageRequests(fake: FakeDiscord): RestRequest[] {
  const messageRoutes = new Set<string>([
    ROUTES.originalEdit,
    ROUTES.followup,
    ROUTES.followupEdit,
    ROUTES.messageCreate,
    ROUTES.messageEdit,
  ]);
  return fake.requests.filter((r) => {
    if (r.route === ROUTES.interactionCallback) {
      const type = (r.body as { type?: number } | undefined)?.type;
      return type === 4 || type === 7;
    }
    return r.route !== null && messageRoutes.has(r.route);
  });
}

/** The message body of such a request (a callback's `data`, else the body itself). */
export function messageBody(request: RestRequest): Record<string, unknown> {
  const body = request.body as Record<string, unknown>;
  return request.route === ROUTES.interactionCallback ? (body['data'] as Record<string, unknown>) : body;
}

/** Waits (bounded) for a log line. */
export async function waitForLog(
  logs: LogLine[],
  predicate: (line: LogLine) => boolean,
  what: string,
  timeoutMs = 8_000,
): Promise<LogLine> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const line = logs.find(predicate);
    if (line) return line;
    if (Date.now() > until) throw new Error(`timed out waiting for a log line: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Markdown text as Discord shows it: a backslash before punctuation is an escape and is not displayed. */
export function shown(markdown: string | undefined): string {
  return (markdown ?? '').replace(/\\([^\p{L}\p{N}\s])/gu, '$1');
}
