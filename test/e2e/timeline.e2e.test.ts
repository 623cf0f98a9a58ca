// End to end, /timeline: the bot defers, then edits its reply with the chart uploaded as a multipart
// attachment (validated by the fake: files[n] listed in attachments, size, attachment:// reference), the PNG
// decodes to the expected size, and an empty range is answered with a private message instead of a chart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionOption } from '../fake-discord/index.ts';
import { decodePng } from '../support/png.ts';
import { EPHEMERAL, LATER, SEED, shown, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';

// Our own fictional articles: Virtanen again, weeks later, on troops and on guarantees.
const OCTOBER = `---
title: Virtanen rules out troops before a ceasefire
outlet: Test Wire
url: https://news.example.org/virtanen-troops
published: 2025-10-06
language: en
---

Finnish Defence Minister Aino Virtanen said on Monday that Finland would not send troops to Ukraine before a ceasefire.

"Our troops will go when the guns are silent, not before," Virtanen told reporters in Turku.
`;
const NOVEMBER = `---
title: Virtanen wants guarantees in writing
outlet: Northern Ledger
url: https://news.example.org/virtanen-writing
published: 2025-11-20
language: en
---

"A guarantee that is not written down is a wish," Finnish Defence Minister Aino Virtanen told parliament on Thursday.
`;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ articles: [SEED, LATER], write: { 'october.md': OCTOBER, 'november.md': NOVEMBER } });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const sub = (name: string, options: InteractionOption[]): InteractionOption[] => [{ name, type: 1, options }];

describe('/timeline', () => {
  it("uploads a speaker's chart as a PNG attachment of the edited reply, with first and latest statement", async () => {
    const sent = h.fake.sendCommand('timeline', sub('speaker', [{ name: 'speaker', type: 3, value: 'Virtanen' }]));
    const reply = await h.fake.waitForReply(sent.id);
    expect(reply.deferred).toBe(true);
    expect(reply.callback.status).toBe(204);
    expect(reply.completion?.status).toBe(200);
    expect(reply.completion?.problems).toEqual([]);

    const request = reply.completion!.request;
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.files.map(({ field, filename, contentType }) => ({ field, filename, contentType }))).toEqual([
      { field: 'files[0]', filename: 'timeline-aino-virtanen-2025-09-12-2025-11-20.png', contentType: 'image/png' },
    ]);
    const png = decodePng(request.files[0]!.data);
    expect({ width: png.width, height: png.height }).toEqual({ width: 1200, height: 600 });
    expect(request.files[0]!.size).toBeLessThan(500_000);

    // discord.js describes files[0] as attachment id 0 (the file name travels with the upload).
    const message = reply.message as typeof reply.message & { attachments?: { id: string | number; description?: string }[] };
    expect(message.attachments).toEqual([{ id: '0', description: expect.stringMatching(/^Bar chart: Aino Virtanen, by topic/) }]);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    const [embed] = message.embeds ?? [];
    expect(embed!.image).toEqual({ url: 'attachment://timeline-aino-virtanen-2025-09-12-2025-11-20.png' });
    expect(embed!.title).toBe('Aino Virtanen, by topic — statements per week');
    // Dates as timestamp markup (2025-09-12 and 2025-11-20, noon UTC), so each reader sees their own locale.
    expect(shown(embed!.description)).toBe(
      '<t:1757678400:D> to <t:1763640000:D> · 5 statements · each counted once, under its first topic',
    );
    expect(embed!.fields!.map((f) => f.name)).toEqual(['First statement', 'Latest statement']);
    expect(shown(embed!.fields![1]!.value)).toBe(
      [
        '“A guarantee that is not written down is a wish”',
        '— Aino Virtanen, Finnish Defence Minister',
        'Northern Ledger, <t:1763640000:D> — [Virtanen wants guarantees in writing](<https://news.example.org/virtanen-writing>)',
      ].join('\n'),
    );
    expect(h.fake.violations).toEqual([]);
  });

  it('answers a range without statements privately, with no chart', async () => {
    const sent = h.fake.sendCommand(
      'timeline',
      sub('topic', [
        { name: 'topic', type: 3, value: 'troops' },
        { name: 'from', type: 3, value: '2024-01-01' },
        { name: 'to', type: 3, value: '2024-03-31' },
      ]),
    );
    const reply = await h.fake.waitForReply(sent.id);
    expect(reply.message.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.completion?.request.files).toEqual([]);
    expect(reply.message.embeds![0]!.title).toBe('No statements to draw');
    expect(shown(reply.message.embeds![0]!.description)).toContain(
      // The range asked for, as timestamp markup (2024-01-01 and 2024-03-31).
      'Troops on the ground: no statements in the index between <t:1704110400:D> and <t:1711886400:D>.',
    );
    expect(h.fake.violations).toEqual([]);
  });
});

describe('/export', () => {
  it('attaches a CSV only the asker sees, which parses back with every citation field', async () => {
    const { parse } = await import('csv-parse/sync');
    const sent = h.fake.sendCommand('export', { speaker: 'Virtanen' });
    const reply = await h.fake.waitForReply(sent.id);
    expect(reply.deferred).toBe(true);
    expect(reply.callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(reply.completion?.status).toBe(200);
    const [file] = reply.completion!.request.files;
    expect(file).toMatchObject({ field: 'files[0]', filename: 'whosaid-aino-virtanen.csv' });
    const rows = parse(file!.data, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.published, r.outlet, r.url])).toEqual([
      ['2025-11-20', 'Northern Ledger', 'https://news.example.org/virtanen-writing'],
      ['2025-10-06', 'Test Wire', 'https://news.example.org/virtanen-troops'],
      ['2025-10-06', 'Test Wire', 'https://news.example.org/virtanen-troops'],
      ['2025-09-12', 'Test Wire', 'https://news.example.org/virtanen-guarantees'],
      ['2025-09-12', 'Test Wire', 'https://news.example.org/virtanen-guarantees'],
    ]);
    expect(rows.every((r) => r.speaker === 'Aino Virtanen' && r.text && r.kind && r.title)).toBe(true);
    expect(shown(reply.message.embeds![0]!.description)).toBe('5 statements, newest first, as CSV.');
    expect(h.fake.violations).toEqual([]);
  });
});

describe('the fake checks uploads as Discord does', () => {
  it('refuses a picture that names no uploaded file, an upload missing from attachments, and an oversized file', async () => {
    const { attachmentProblems, LIMITS } = await import('../fake-discord/validation.ts');
    const png = { field: 'files[0]', filename: 'chart.png', size: 1000 };
    expect(attachmentProblems({ embeds: [{ image: { url: 'attachment://chart.png' } }], attachments: [{ id: '0' }] }, [png])).toEqual([]);
    expect(
      attachmentProblems({ embeds: [{ image: { url: 'attachment://other.png' } }], attachments: [{ id: '0' }] }, [png]).map(
        (p) => p.message,
      ),
    ).toEqual(['attachment://other.png names no uploaded file']);
    expect(attachmentProblems({ attachments: [] }, [png]).map((p) => p.message)).toEqual([
      'files[0] (chart.png) has no entry in attachments',
    ]);
    expect(attachmentProblems({ attachments: [{ id: '0' }] }, [{ ...png, size: LIMITS.fileBytes + 1 }]).map((p) => p.source)).toEqual([
      'limit',
    ]);
  });
});
