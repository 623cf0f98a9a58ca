import { describe, expect, it } from 'vitest';
import { decodePageId, encodePageId } from '../../src/discord/custom-id.ts';
import { escapeDiscord } from '../../src/discord/escape.ts';
import { LIMITS } from '../../src/discord/limits.ts';
import { fitEmbeds, renderDiscord, safeUrl } from '../../src/discord/render.ts';
import type { StatementRecord } from '../../src/store/types.ts';
import type { StatementsReply } from '../../src/reply/types.ts';
import { truncate } from '../../src/text/truncate.ts';

function statement(id: number, text: string, extra: Partial<StatementRecord> = {}): StatementRecord {
  return {
    id,
    text,
    kind: 'direct',
    speaker: { id: 1, name: 'Ada Example', role: 'minister of examples', type: 'person' },
    topics: ['troops'],
    context: null,
    venue: null,
    cue: 'said',
    sources: [{ articleId: 1, title: 'A headline', outlet: 'Example Wire', published: '2025-09-01', url: null, file: 'a.md' }],
    published: '2025-09-01',
    ...extra,
  };
}

function reply(statements: StatementRecord[], total = statements.length): StatementsReply {
  return {
    type: 'statements',
    command: 'quote',
    title: 'Ada Example',
    subtitle: 'minister of examples',
    statements,
    grouping: 'none',
    paging: {
      total,
      offset: 0,
      shown: statements.length,
      prev: null,
      next: total > statements.length ? { command: 'quote', options: { speaker: 'Ada Example' }, cursor: 'c1' } : null,
    },
  };
}

const embedChars = (m: ReturnType<typeof renderDiscord>) =>
  m.embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((k, f) => k + f.name.length + f.value.length, 0),
    0,
  );

describe('Discord rendering', () => {
  it('escapes hostile article text so it renders literally and pings nobody', () => {
    const hostile = '@everyone <@&123456789012345678> [click](https://evil.example) **bold** # Heading\n> quote ||spoiler||';
    const out = escapeDiscord(hostile);
    expect(out).not.toMatch(/(^|[^\\])@everyone/);
    expect(out).not.toMatch(/(^|[^\\])<@&/);
    expect(out).not.toMatch(/(^|[^\\])\[click(\\)?\]\(/);
    expect(out).not.toMatch(/(^|[^\\])\*\*/);
    expect(out).not.toMatch(/^#/m);
    expect(out).not.toMatch(/^>/m);
    const message = renderDiscord(reply([statement(1, hostile)]));
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('marks paraphrase as reported speech and quotes verbatim text', () => {
    const m = renderDiscord(reply([statement(1, 'We stand firm.'), statement(2, 'talks will resume', { kind: 'indirect' })]));
    // The date (2025-09-01, shown in the reader's time zone) leads; the footer has no date.
    expect(m.embeds[0]!.description).toBe('<t:1756728000:D> — “We stand firm.”');
    // The reporting verb leads a paraphrase; without one it is marked as reported.
    expect(m.embeds[1]!.description).toMatch(/^<t:1756728000:D> — \*Said:\* talks will resume/);
    const bare = renderDiscord(reply([statement(3, 'talks will resume', { kind: 'indirect', cue: null })]));
    expect(bare.embeds[0]!.description).toMatch(/^<t:1756728000:D> — \*Reported:\* talks will resume/);
    expect(m.embeds[0]!.author!.name).toContain('Ada Example, minister of examples');
    expect(m.embeds[0]!.footer!.text).toMatch(/^Example Wire · verbatim quote · #1$/);
  });

  it('keeps ten long statements within every Discord limit and says how many more exist', () => {
    const long = 'word '.repeat(2000);
    const many = Array.from({ length: 10 }, (_, i) => statement(i + 1, long, { context: long, venue: 'in an interview' }));
    const m = renderDiscord(reply(many, 37));
    expect(m.embeds).toHaveLength(10);
    expect(embedChars(m)).toBeLessThanOrEqual(LIMITS.embedTotal);
    for (const e of m.embeds) {
      expect(e.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
      for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(e.description!.endsWith('…') || e.description!.endsWith('…”')).toBe(true);
    }
    expect(m.content!.length).toBeLessThanOrEqual(LIMITS.content);
    expect(m.content).toContain('1–10 of 37 statements · 27 more');
    expect(m.components[0]!.components).toHaveLength(1);
  });

  it('fits embeds shrinking the longest text first', () => {
    const embeds = fitEmbeds([{ description: 'a '.repeat(3000) }, { description: 'short' }], 1000);
    expect(embeds[1]!.description).toBe('short');
    expect(embeds[0]!.description!.length).toBeLessThanOrEqual(995);
  });

  it('round-trips paging ids within 100 characters and rejects malformed ones', () => {
    const ref = { command: 'quote', cursor: 'abc123', options: { speaker: 'Giuseppe Cavo Dragone', limit: 3 } };
    const id = encodePageId(ref, 'next')!;
    expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
    expect(decodePageId(id)).toEqual(ref);
    expect(decodePageId('garbage')).toBeNull();
    expect(decodePageId('pg1|n|quote||')).toBeNull();
    expect(encodePageId({ ...ref, options: { query: 'x'.repeat(200) } }, 'next')).toBeNull();
  });

  it('truncates at a word, never leaving a dangling escape', () => {
    expect(truncate('one two three four', 12)).toBe('one two…');
    expect(truncate('abc\\*def', 5).endsWith('\\…')).toBe(false);
  });

  it('links only to normalised http(s) addresses, so a URL cannot break out of a masked link', () => {
    expect(safeUrl('https://news.example.org/a>b)[x](https://evil.example')).toBe(
      'https://news.example.org/a%3Eb)[x](https://evil.example',
    );
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(null)).toBeNull();
    const s = statement(1, 'x', {
      sources: [{ articleId: 1, title: 'T', outlet: 'O', published: '2025-09-01', url: 'ftp://example.org/x', file: 'a.md' }],
    });
    expect(renderDiscord(reply([s])).embeds[0]!.url).toBeUndefined();
  });
});

describe('statement pages within Discord totals', () => {
  it('measures as it adds: ten statements whose headlines, roles and outlets alone pass 6,000 characters become fewer, the rest named', () => {
    const long = (n: number) =>
      statement(100 + n, `Quote number ${n} about the harbour and its winter supplies.`, {
        speaker: {
          id: 1,
          name: 'Ada Example',
          role: `${'deputy commissioner for harbours, borders and supplies, '.repeat(4)}`.trim(),
          type: 'person',
        },
        sources: [
          {
            articleId: n,
            title: `Headline ${n} ${'about harbours and borders '.repeat(12)}`,
            outlet: 'The Evening Chronicle '.repeat(9).trim(),
            published: '2025-09-01',
            url: null,
            file: `${n}.md`,
          },
        ],
      });
    const message = renderDiscord(
      reply(
        Array.from({ length: 10 }, (_, i) => long(i + 1)),
        30,
      ),
    );
    expect(embedChars(message)).toBeLessThanOrEqual(LIMITS.embedTotal);
    expect(message.embeds.length).toBeGreaterThan(0);
    expect(message.embeds.length).toBeLessThan(10);
    for (const e of message.embeds)
      expect(e.description).toMatch(/^<t:1756728000:D> — “Quote number \d+ about the harbour and its winter supplies\.”$/);
    const left = 10 - message.embeds.length;
    const ids = Array.from({ length: left }, (_, i) => `#${100 + message.embeds.length + i + 1}`);
    expect(message.content).toBe(
      `**Ada Example** — minister of examples\n1–10 of 30 statements · 20 more\n… and ${left} more (too long for one message): ${ids.join(', ')}`,
    );
  });
});
