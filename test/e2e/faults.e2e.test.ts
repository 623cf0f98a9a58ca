// Faults, end to end (issue 6): the real bot (discord.js client, SQLite index built from the seed article)
// runs against the fake Discord, which drops the gateway, invalidates the session, rate-limits and fails
// REST calls, while a wrapped command runner plays a slow index. Every test asserts what the user in the
// channel would notice (the next reply arrives, complete and attributed) and what the operator sees
// (the structured log line per interaction, the health counters at /healthz and in the periodic log line).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/slash/invoke.ts';
import { ROUTES } from '../fake-discord/index.ts';
import type { FakeDiscord, ReplyReceived } from '../fake-discord/index.ts';
import { EPHEMERAL, SEED, startHarness, type Harness } from './harness.ts';
import { commands } from '../../commands/index.ts';

const APOLOGY = /^Sorry, something went wrong on our side/;

interface LogLine {
  level: number;
  msg: string;
  interaction?: string;
  command?: string;
  outcome?: string;
  ms?: number;
  health?: Record<string, unknown>;
  err?: { type?: string; message?: string };
  [key: string]: unknown;
}

let h: Harness;
let fake: FakeDiscord;
let logLines: LogLine[];
/** The slow index: every command waits this long (asynchronously) before the real work. */
let slowMs = 0;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  h = await startHarness({
    articles: [SEED],
    // Any free port on 127.0.0.1 (the reporter tells which).
    config: { WHOSAID_HEALTH_PORT: 0 },
    healthIntervalMs: 100,
    runner: async (invocation, context) => {
      if (slowMs > 0) await sleep(slowMs);
      return runCommand(commands, invocation, context);
    },
  });
  fake = h.fake;
  logLines = h.logs as LogLine[];
}, 20_000);

afterAll(async () => {
  await h?.close();
});

/** What a user sees after /quote speaker:Dragone: his statements, attributed, first page. */
function expectDragoneStatements(reply: ReplyReceived): void {
  expect(reply.message.content).toMatch(/^\*\*Giuseppe Cavo Dragone\*\* — .+\n1–5 of \d+ statements/);
  expect(reply.message.embeds).toHaveLength(5);
  expect(reply.message.allowed_mentions).toEqual({ parse: [] });
  expect(reply.message.content).not.toMatch(APOLOGY);
}

async function askDragone(): Promise<ReplyReceived> {
  return fake.waitForReply(fake.sendCommand('quote', { speaker: 'Dragone' }).id);
}

const gatewayCount = (kind: 'identify' | 'resume') =>
  fake.gatewayEvents.filter((e) => e.kind === kind && (e.kind !== 'resume' || e.accepted)).length;

describe('gateway faults: the bot comes back and answers the next interaction', () => {
  it('answers normally before any fault (baseline)', async () => {
    const reply = await askDragone();
    expectDragoneStatements(reply);
    expect(reply.callback.status).toBe(204);
  });

  it('resumes the session after the TCP connection drops (1006) and answers the next /quote', async () => {
    const resumes = gatewayCount('resume');
    const identifies = gatewayCount('identify');
    await fake.gateway.closeConnection(1006);
    await fake.waitForGateway(() => gatewayCount('resume') === resumes + 1, 'a RESUME after 1006');

    const reply = await askDragone();
    expectDragoneStatements(reply);
    expect(gatewayCount('identify')).toBe(identifies); // same session: nothing lost
    expect(logLines.some((l) => l.msg === 'gateway resumed')).toBe(true);
  });

  it('resumes after close code 4000 and answers an interaction sent while it was away (replayed)', async () => {
    const resumes = gatewayCount('resume');
    await fake.gateway.closeConnection(4000);
    // Sent while the bot is disconnected: Discord replays it on RESUME, the user still gets the answer.
    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const reply = await fake.waitForReply(sent.id);
    expectDragoneStatements(reply);
    expect(gatewayCount('resume')).toBe(resumes + 1);
    // The operator sees the reconnection and the resume in the log.
    expect(logLines.filter((l) => l.msg === 'gateway reconnecting').length).toBeGreaterThanOrEqual(2);
    expect(logLines.filter((l) => l.msg === 'gateway resumed').length).toBeGreaterThanOrEqual(2);
  });

  it('identifies anew after a non-resumable INVALID_SESSION and answers the next /quote', async () => {
    const first = fake.gateway.sessionId;
    const identifies = gatewayCount('identify');
    fake.gateway.invalidateSession(false);
    // discord.js waits out its identify window (about 5 s) before identifying again.
    await fake.waitForGateway(() => gatewayCount('identify') === identifies + 1, 'a second IDENTIFY', 12_000);
    expect(fake.gateway.sessionId).not.toBe(first);

    const reply = await askDragone();
    expectDragoneStatements(reply);
  }, 20_000);
});

describe('REST faults on the interaction callback', () => {
  it('waits out a 429 with retry_after and still delivers the reply', async () => {
    fake.faults.failNext(ROUTES.interactionCallback, { status: 429, times: 2, retryAfter: 0.2 });
    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const reply = await fake.waitForReply(sent.id);

    expectDragoneStatements(reply);
    expect(reply.callback.status).toBe(204);
    const attempts = fake.requests.filter((r) => r.route === ROUTES.interactionCallback && r.params['interaction'] === sent.id);
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 204]);
    expect(fake.faults.pending()).toBe(0);
    // Within Discord's 3 seconds, though it waited twice.
    expect(reply.callback.latencyMs).toBeLessThan(3_000);
  });

  it('retries a single 500 and delivers the reply', async () => {
    fake.faults.failNext(ROUTES.interactionCallback, { status: 500, times: 1 });
    const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
    const reply = await fake.waitForReply(sent.id);
    expectDragoneStatements(reply);
    const attempts = fake.requests.filter((r) => r.route === ROUTES.interactionCallback && r.params['interaction'] === sent.id);
    expect(attempts.map((r) => r.status)).toEqual([500, 204]);
  });

  it('logs a callback that keeps failing with 500, apologises, and serves the next interaction', async () => {
    // @discordjs/rest tries a request 4 times on 5xx: every attempt of the reply fails.
    fake.faults.failNext(ROUTES.interactionCallback, { status: 500, times: 4 });
    const failing = fake.sendCommand('quote', { speaker: 'Dragone' });
    const notice = await fake.waitForReply(failing.id);

    // The user sees a short ephemeral apology (the next callback gets through), never a stack trace.
    expect(notice.message.content).toMatch(APOLOGY);
    expect(notice.message.flags).toBe(EPHEMERAL);
    const attempts = fake.requests.filter((r) => r.route === ROUTES.interactionCallback && r.params['interaction'] === failing.id);
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 500, 500, 204]);
    // The operator sees the failure with the interaction id.
    const failure = logLines.find((l) => l.interaction === failing.id && l.level === 50);
    expect(failure).toMatchObject({
      msg: 'interaction failed',
      command: 'quote',
      err: expect.objectContaining({ type: 'HTTPError', status: 500 }),
    });

    const next = await askDragone();
    expectDragoneStatements(next);
  });
});

describe('a slow index: the deferral path answers in time', () => {
  it('acknowledges with a deferral (type 5) within 3 s, then edits in the full answer', async () => {
    slowMs = 2_200;
    try {
      const sent = fake.sendCommand('quote', { speaker: 'Dragone' });
      const reply = await fake.waitForReply(sent.id);

      expect(reply.deferred).toBe(true);
      expect(reply.callback.type).toBe(5);
      expect(reply.callback.status).toBe(204);
      expect(reply.callback.latencyMs).toBeLessThan(3_000);
      expect(reply.via).toBe('edit');
      expect(reply.completion?.status).toBe(200);
      expectDragoneStatements(reply);
      await expect
        .poll(() => logLines.find((l) => l.interaction === sent.id && l.msg === 'interaction answered')?.outcome)
        .toBe('statements (deferred)');
    } finally {
      slowMs = 0;
    }
  }, 10_000);

  it('answers autocomplete while a slow command is still working', async () => {
    slowMs = 1_000;
    try {
      const slow = fake.sendCommand('quote', { speaker: 'Dragone' });
      const typing = fake.sendAutocomplete('quote', { speaker: 'drag' }, 'speaker');
      const choices = await fake.waitForCallback(typing.id);
      expect(choices.type).toBe(8);
      expect(choices.data?.choices?.[0]?.name).toContain('Giuseppe Cavo Dragone');
      // The command's answer had not been sent yet when the suggestions arrived.
      const reply = await fake.waitForReply(slow.id);
      expect(choices.request.seq).toBeLessThan(reply.callback.request.seq);
      expectDragoneStatements(reply);
    } finally {
      slowMs = 0;
    }
  });
});

describe('operations: what an operator can watch', () => {
  it('logs one structured line per interaction: id, command, outcome and latency', async () => {
    const quote = fake.sendCommand('quote', { speaker: 'Dragone' });
    const typing = fake.sendAutocomplete('quote', { speaker: 'drag' }, 'speaker');
    const unknown = fake.sendCommand('quote', { speaker: 'Nobody Atall' });
    await fake.waitForReply(quote.id);
    await fake.waitForCallback(typing.id);
    await fake.waitForReply(unknown.id);
    // The log line is written after the reply went out: give the handler its turn.
    await expect.poll(() => logLines.filter((l) => [quote.id, typing.id, unknown.id].includes(l.interaction ?? '')).length).toBe(3);

    const line = (id: string) => logLines.find((l) => l.interaction === id && l.msg === 'interaction answered');
    expect(line(quote.id)).toMatchObject({ level: 30, command: 'quote', outcome: 'statements', ms: expect.any(Number) });
    expect(line(typing.id)).toMatchObject({ level: 30, command: 'quote', outcome: expect.stringMatching(/^\d+ choices$/) });
    expect(line(unknown.id)).toMatchObject({ level: 30, command: 'quote', outcome: 'notice' });
    for (const id of [quote.id, typing.id, unknown.id]) expect(line(id)!.ms).toBeGreaterThanOrEqual(0);
  });

  it('serves /healthz as JSON with the interaction counters and the gateway state', async () => {
    const port = h.bot.healthReporter.port;
    expect(port).toEqual(expect.any(Number));
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const health = (await response.json()) as Record<string, unknown> & { outcomes: Record<string, number> };

    const answered = logLines.filter((l) => l.msg === 'interaction answered').length;
    const failed = logLines.filter((l) => l.msg === 'interaction failed').length;
    expect(failed).toBe(1); // the 500 test
    expect(health).toMatchObject({
      status: 'ok',
      interactions: answered + failed,
      failed,
      gateway: { ready: true, pingMs: expect.any(Number) },
      latencyMs: { p50: expect.any(Number), p99: expect.any(Number) },
      rssMB: expect.any(Number),
    });
    const answeredAs = (outcome: RegExp) =>
      logLines.filter((l) => l.msg === 'interaction answered' && outcome.test(l.outcome ?? '')).length;
    expect(health.outcomes).toEqual({
      statements: answeredAs(/^statements/),
      notice: answeredAs(/^notice/),
      choices: answeredAs(/choices$/),
      error: 1,
    });
    expect(health.outcomes['statements']).toBeGreaterThanOrEqual(9);
    expect((await fetch(`http://127.0.0.1:${port}/anything-else`)).status).toBe(404);
  });

  it('writes the periodic health log line with the same counters', async () => {
    const before = logLines.length;
    await expect.poll(() => logLines.slice(before).find((l) => l.msg === 'health'), { timeout: 2_000 }).toBeTruthy();
    const line = logLines.slice(before).find((l) => l.msg === 'health')!;
    expect(line.level).toBe(30);
    expect(line.health).toMatchObject({ status: 'ok', interactions: expect.any(Number), failed: 1, gateway: { ready: true } });
    expect(line.health!['interactions']).toBe(
      logLines.filter((l) => l.msg === 'interaction answered' || l.msg === 'interaction failed').length,
    );
  });

  it("sent every body within Discord's rules and logged no unexpected errors", () => {
    expect(fake.violations).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
    const errors = logLines.filter((l) => l.level >= 50);
    expect(errors.map((l) => l.msg)).toEqual(['interaction failed']);
  });
});
