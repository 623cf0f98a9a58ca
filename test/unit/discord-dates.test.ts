// Dates in Discord messages are timestamp markup, so each reader sees their own locale; text that only looks
// like a date (part of a longer number, an impossible day) stays as it was.
import { describe, expect, it } from 'vitest';
import { dateMarkup, localDates } from '../../src/discord/dates.ts';
import { escapeDiscord } from '../../src/discord/escape.ts';
import { renderDiscord } from '../../src/discord/render.ts';
import { truncate } from '../../src/text/truncate.ts';

describe('Discord dates', () => {
  it('a description cut at its length limit never ends inside a timestamp', () => {
    const text = localDates(escapeDiscord(`${'x'.repeat(40)}(2025-08-23)`));
    const markupAt = text.indexOf('<t:');
    for (let max = markupAt + 2; max < markupAt + 16; max++) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/<t:[^>]*…$/);
    }
  });

  it('a calendar date is noon UTC of that day (the same day from UTC−11 to UTC+11)', () => {
    expect(dateMarkup('2025-09-01')).toBe('<t:1756728000:D>');
    expect(new Date(1756728000 * 1000).toISOString()).toBe('2025-09-01T12:00:00.000Z');
    expect(dateMarkup('2024-02-29')).toBe('<t:1709208000:D>');
    expect(dateMarkup('2025-02-30')).toBeNull();
    expect(dateMarkup('2025-9-1')).toBeNull();
  });

  it('turns standalone dates of escaped text into markup, a UTC date and time into <t:…:f>, and nothing else', () => {
    const text = escapeDiscord(
      'from 2025-09-01 to 2025-09-12 · retry 2025-10-02 14:05 UTC · id 12025-09-01 · 2025-02-30 · 2025-09-0123 · 2025-09-01-b · (2025-10-02 14:05 UTC)',
    );
    expect(localDates(text)).toBe(
      `from <t:1756728000:D> to <t:1757678400:D> · retry <t:${Date.UTC(2025, 9, 2, 14, 5) / 1000}:f> · id 12025\\-09\\-01 · 2025\\-02\\-30 · 2025\\-09\\-0123 · 2025\\-09\\-01\\-b · \\(<t:${Date.UTC(2025, 9, 2, 14, 5) / 1000}:f>\\)`,
    );
  });

  it('a sources list and a notice show their dates as markup', () => {
    const sources = renderDiscord({
      type: 'sources',
      command: 'sources',
      title: 'Sources',
      sources: [
        {
          articleId: 1,
          title: 'Talks resume',
          outlet: 'Example Wire',
          published: '2025-09-12',
          url: null,
          file: 'a.md',
          statementCount: 2,
        },
      ],
      paging: { total: 1, offset: 0, shown: 1, prev: null, next: null },
    });
    expect(sources.embeds[0]!.description).toBe('1\\. Talks resume\nExample Wire · <t:1757678400:D> · 2 statements');
    const notice = renderDiscord({
      type: 'notice',
      command: 'timeline',
      tone: 'info',
      title: 'No statements to draw',
      text: 'no statements between 2024-01-01 and 2024-03-31.',
      suggestions: [],
    });
    expect(notice.embeds[0]!.description).toBe('no statements between <t:1704110400:D> and <t:1711886400:D>.');
  });
});
