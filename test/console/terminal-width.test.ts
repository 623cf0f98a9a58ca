// Console output wraps at the terminal's width (word boundaries, indent kept), not when piped; LOG_LEVEL
// applies in the console, and a log line never lands inside the prompt.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { consoleLogLevel } from '../../src/cli/console.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import { createLogger } from '../../src/log.ts';
import { renderTerminal } from '../../src/reply/render-terminal.ts';
import { visibleWidth, wrapText } from '../../src/reply/wrap.ts';
import { openTestApp, pipeConsole, tempDataDir } from './helpers.ts';

describe('wrapping terminal text', () => {
  it('breaks at word boundaries and continues under the text of a numbered or indented line', () => {
    const text =
      '1. “We will keep the harbour open all winter, whatever the weather says”\n   Source: Lakeside Post, 2025-09-01 — Harbour stays open';
    expect(wrapText(text, 30)).toBe(
      [
        '1. “We will keep the harbour',
        '   open all winter, whatever',
        '   the weather says”',
        '   Source: Lakeside Post,',
        '   2025-09-01 — Harbour stays',
        '   open',
      ].join('\n'),
    );
  });

  it('does not count colour codes, and keeps a word longer than the width whole', () => {
    const coloured = `\x1b[1;33mharbour\x1b[0m ${'x'.repeat(10)} https://example.org/${'a'.repeat(40)}`;
    const lines = wrapText(coloured, 25).split('\n');
    expect(lines[0]).toBe(`\x1b[1;33mharbour\x1b[0m ${'x'.repeat(10)}`);
    expect(visibleWidth(lines[0]!)).toBe(18);
    expect(lines[1]).toBe(`https://example.org/${'a'.repeat(40)}`);
  });

  it('leaves text alone without a width', () => {
    const long = 'word '.repeat(50).trim();
    expect(wrapText(long, undefined)).toBe(long);
  });
});

describe('the console at a terminal width', () => {
  let data: ReturnType<typeof tempDataDir>;
  let app: App;
  beforeAll(async () => {
    data = tempDataDir();
    app = await openTestApp(data.dir);
  });
  afterAll(async () => {
    await app.close();
    data.cleanup();
  });

  it('a reply fits 60 columns, every line, with its indent', async () => {
    const result = await new ConsoleSession(app.context, app.commands).handle('/quote speaker:Dragone');
    if (result?.kind !== 'reply') throw new Error('expected a reply');
    const whole = renderTerminal(result.reply, { color: false });
    const wrapped = renderTerminal(result.reply, { color: false, width: 60 });
    expect(Math.max(...whole.split('\n').map(visibleWidth))).toBeGreaterThan(60);
    const lines = wrapped.split('\n');
    for (const line of lines) expect(visibleWidth(line) <= 60 || !line.trim().includes(' '), line).toBe(true);
    // The same words in the same order: only the line breaks moved.
    expect(wrapped.split(/\s+/).join(' ')).toBe(whole.split(/\s+/).join(' '));
    const second = lines.findIndex((l) => l.startsWith('1. ')) + 1;
    expect(lines[second]).toMatch(/^ {3}\S/);
  });

  it('piped (not a terminal), lines stay whole even when the output has a width', async () => {
    const text = await pipeConsole(app, ['/quote speaker:Dragone'], Object.assign(new PassThrough(), { columns: 40 }));
    expect(Math.max(...text.split('\n').map(visibleWidth))).toBeGreaterThan(100);
  });
});

describe('logs in the console', () => {
  it('LOG_LEVEL applies when the user set it; otherwise only warnings', () => {
    expect(consoleLogLevel({ LOG_LEVEL: 'debug' }, { LOG_LEVEL: 'debug' })).toBe('debug');
    expect(consoleLogLevel({ LOG_LEVEL: 'info' }, { LOG_LEVEL: 'info' })).toBe('info');
    expect(consoleLogLevel({ LOG_LEVEL: 'info' }, {})).toBe('warn');
  });

  it('every log line is written inside the console hook (which clears and redraws the prompt)', () => {
    const events: string[] = [];
    const logger = createLogger({
      level: 'info',
      stream: { write: (line: string) => void events.push(`line ${JSON.parse(line).msg}`) },
      around: (write) => {
        events.push('clear');
        write();
        events.push('redraw');
      },
    });
    logger.warn('feed unreachable');
    expect(events).toEqual(['clear', 'line feed unreachable', 'redraw']);
  });
});
