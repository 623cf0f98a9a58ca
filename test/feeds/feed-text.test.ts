// Feed text is untrusted: a title carrying terminal escape sequences must not reach the operator's terminal
// (`whosaid feeds`, the console, the logs), whether written raw or as character references.
import { describe, expect, it } from 'vitest';
import { readFeed } from '../../src/feeds/fetch-feed.ts';

const ESC = '\u001b';

describe('feed titles', () => {
  it('lose control and invisible characters, raw or as character references, and stay on one line', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${ESC}]0;owned${'\u0007'}${ESC}[2J Lakeside\u202E Courier&#x1b;[31m
second line</title><link>https://courier.example/</link>
<item><title>Harbour${ESC}[8m hidden&#27;[0m talks</title><link>https://courier.example/a</link><guid>a</guid></item></channel></rss>`;
    const feed = readFeed(xml, new URL('https://courier.example/rss.xml'));
    expect(feed.title).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(feed.title).toBe(']0;owned [2J Lakeside Courier[31m second line');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]!.title).toMatch(/^Harbour \[8m hidden ?\[0m talks$/);
  });
});
