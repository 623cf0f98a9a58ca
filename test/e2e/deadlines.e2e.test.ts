// End to end, Discord's 3-second rule: every interaction is acknowledged in time, slow work is deferred and
// then delivered by an edit, and "too late" (10062) or "already answered" (40060) is logged, never a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/slash/invoke.ts';
import type { CommandRunner } from '../../src/discord/interactions.ts';
import { ROUTES } from '../fake-discord/index.ts';
import { buttonsOf, embedsOf, startHarness, waitForLog } from './harness.ts';
import type { Harness } from './harness.ts';
import { commands } from '../../commands/index.ts';

const SLOW_MS = 2_500;
let slow = false;

/** The real runner behind a deliberate delay while `slow` is set (a slow index, say). */
const runner: CommandRunner = async (invocation, context) => {
  if (slow) await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
  return runCommand(commands, invocation, context);
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ runner });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

function healthy() {
  expect(h.fake.violations).toEqual([]);
  expect(h.fake.unknownRequests).toEqual([]);
  expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
}

describe('the 3-second rule', () => {
  it('acknowledges every kind of interaction within 3 s, also when they arrive together', async () => {
    slow = false;
    const first = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    const burst = [
      h.fake.sendCommand('quote', { speaker: 'Dragone', topic: 'troops', limit: 2 }),
      h.fake.sendCommand('topic', { name: 'guarantees' }),
      h.fake.sendCommand('search', { query: 'coalition' }),
      h.fake.sendCommand('speakers'),
      h.fake.sendCommand('sources'),
      h.fake.sendCommand('about'),
      h.fake.sendCommand('summary', { topic: 'coalition' }),
      h.fake.sendCommand('quote', { speaker: 'Nobody Known' }),
      h.fake.sendAutocomplete('quote', { speaker: 'ze' }, 'speaker'),
      h.fake.sendButton(buttonsOf(first.message)[0]!.custom_id),
    ];
    for (const sent of burst) {
      const callback = await h.fake.waitForCallback(sent.id);
      expect(callback.status, `${sent.payload.type} ${JSON.stringify(sent.payload.data)}`).toBeLessThan(300);
      expect(callback.latencyMs).toBeLessThan(3_000);
    }
    healthy();
  });

  it('a slow command is deferred (type 5) inside 3 s, then the deferral is edited into the answer', async () => {
    slow = true;
    try {
      const sent = h.fake.sendCommand('quote', { speaker: 'Dragone' });
      const reply = await h.fake.waitForReply(sent.id, 10_000);
      expect(reply.callback.type).toBe(5);
      expect(reply.callback.status).toBe(204);
      expect(reply.callback.latencyMs).toBeLessThan(3_000);
      expect(reply.via).toBe('edit');
      expect(reply.completion?.status).toBe(200);
      expect(reply.message.content).toMatch(/^\*\*Giuseppe Cavo Dragone\*\*/);
      expect(embedsOf(reply)).toHaveLength(5);
      expect(buttonsOf(reply.message).map((b) => b.label)).toEqual(['Next ▶']);
      expect(reply.message.allowed_mentions).toEqual({ parse: [] });
    } finally {
      slow = false;
    }
    healthy();
  });

  it('a slow page is a deferred update (type 6) inside 3 s, then the message is edited to the next page', async () => {
    const first = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Dragone' }).id);
    slow = true;
    try {
      const reply = await h.fake.waitForReply(h.fake.sendButton(buttonsOf(first.message)[0]!.custom_id).id, 10_000);
      expect(reply.callback.type).toBe(6);
      expect(reply.callback.latencyMs).toBeLessThan(3_000);
      expect(reply.via).toBe('edit');
      expect(reply.message.content).toMatch(/\n6(–\d+)? of \d+ statements/);
      expect(reply.message.allowed_mentions).toEqual({ parse: [] });
    } finally {
      slow = false;
    }
    healthy();
  });
});

describe('too late, answered twice', () => {
  it('10062 (the answer arrives after the deadline) is logged as a warning, and the bot keeps answering', async () => {
    h.fake.faults.setLatency(3_200, ROUTES.interactionCallback);
    let sent;
    try {
      sent = h.fake.sendCommand('about');
      const callback = await h.fake.waitForCallback(sent.id, 10_000);
      expect(callback.status).toBe(404);
      expect(callback.request.response).toMatchObject({ code: 10062 });
    } finally {
      h.fake.faults.setLatency(0, ROUTES.interactionCallback);
    }
    const line = await waitForLog(h.logs, (l) => l.interaction === sent.id && l.code === 10062, 'the 10062 warning');
    expect(line.level).toBe(40);
    const after = await h.fake.waitForReply(h.fake.sendCommand('about').id);
    expect(after.callback.status).toBe(204);
    healthy();
  });

  it('40060 (the same interaction delivered twice) is logged as a warning, and the bot keeps answering', async () => {
    const sent = h.fake.sendCommand('speakers');
    expect((await h.fake.waitForCallback(sent.id)).status).toBe(204);
    h.fake.redeliver(sent);
    const line = await waitForLog(h.logs, (l) => l.interaction === sent.id && l.code === 40060, 'the 40060 warning');
    expect(line.level).toBe(40);
    const after = await h.fake.waitForReply(h.fake.sendCommand('speakers').id);
    expect(after.callback.status).toBe(204);
    healthy();
  });
});
