// Discord's totals (issue 12.4): ten statements from ten articles with long headlines, long outlet names and
// long roles. Each embed is within its own limits, but ten of them together pass 6,000 characters; the reply
// must keep to the total (the fake Discord rejects it otherwise) by showing fewer statements and saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedChars, embedsOf, startHarness, type Harness } from './harness.ts';

const OUTLET = `The Evening Chronicle of the Lakeside Provinces and the Northern Border Counties, ${'Regional Edition '.repeat(7)}`.trim();

function article(n: number): string {
  const title = `Tenth report ${n}: ${'a long headline about harbour defences, border crossings, winter supplies and who pays for them, '.repeat(4)}part ${n}`;
  const quote = `The harbour at sector ${n} will stay open through the winter, and every crossing point will have its own supply depot before the first snow falls on the coast`;
  return [
    '---',
    `title: "${title}"`,
    `outlet: "${OUTLET}"`,
    `url: https://chronicle.example.org/report-${n}`,
    `published: 2025-10-${String(n + 1).padStart(2, '0')}`,
    'language: en',
    '---',
    '',
    `Deputy Harbour Commissioner Vesna Halloran spoke in Port Arden on ${n + 1} October.`,
    '',
    `"${quote}," Halloran told reporters at the Port Arden harbour conference.`,
    '',
  ].join('\n');
}

let h: Harness;

beforeAll(async () => {
  const write: Record<string, string> = {};
  for (let n = 1; n <= 10; n++) write[`report-${n}.md`] = article(n);
  h = await startHarness({ articles: [], write });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('ten statements from long-titled articles', () => {
  it('fit within 6,000 embed characters and 10 embeds: fewer statements, the rest named in the text', async () => {
    const reply = await h.fake.waitForReply(h.fake.sendCommand('quote', { speaker: 'Halloran', limit: 10 }).id);
    expect(reply.callback.problems).toEqual([]);
    expect(h.fake.violations).toEqual([]);
    const embeds = embedsOf(reply);
    expect(embedChars(embeds)).toBeLessThanOrEqual(6_000);
    expect(embeds.length).toBeLessThan(10);
    // Each statement shown whole (its quote is short), not cut to a stub to squeeze all ten in.
    for (const e of embeds)
      expect(e.description).toMatch(/^<t:\d+:D> — “The harbour at sector \d+ will stay open .* falls on the coast,?”$/);
    const left = 10 - embeds.length;
    const ids = /\n… and (\d+) more \(too long for one message\): ((?:#\d+(?:, )?)+)$/.exec(reply.message.content ?? '');
    expect(ids, reply.message.content).not.toBeNull();
    expect(Number(ids![1])).toBe(left);
    expect(ids![2]!.split(', ')).toHaveLength(left);
    expect(reply.message.content).toMatch(/^\*\*Vesna Halloran\*\* — Deputy Harbour Commissioner\n10 statements\n/);
  });
});
