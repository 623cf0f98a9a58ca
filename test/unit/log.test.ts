import { describe, expect, it } from 'vitest';
import { createLogger, registerSecret } from '../../src/log.ts';

describe('logger', () => {
  it('writes JSON lines and never the token, by key or inside a message', () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';
    registerSecret(token);
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', pretty: false, stream: { write: (l: string) => lines.push(l) } });
    logger.info({ token, config: { DISCORD_TOKEN: token }, headers: { authorization: `Bot ${token}` } }, 'start');
    logger.error({ err: new Error(`login failed with ${token}`) }, `bad ${token}`);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(token);
    }
    expect(JSON.parse(lines[0]!).token).toBe('[Redacted]');
  });
});

describe('interaction tokens', () => {
  it('never reach a log line: not in an error URL (DiscordAPIError.url), a message, or a nested token field', () => {
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldC10b2tlbi1ub3QtdG8tbG9n';
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', pretty: false, stream: { write: (l: string) => lines.push(l) } });
    const apiError = Object.assign(new Error('Unknown Webhook'), {
      method: 'PATCH',
      url: `https://discord.com/api/v10/webhooks/123456789012345678/${token}/messages/@original`,
    });
    logger.error({ err: apiError, interaction: { id: '1', token } }, 'reply failed');
    logger.error(
      { err: new Error(`POST /interactions/987654321098765432/${token}/callback failed`), ctx: { data: { token } } },
      'callback failed',
    );
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(token);
    }
    expect(JSON.parse(lines[0]!).err.url).toBe('https://discord.com/api/v10/webhooks/123456789012345678/[Redacted]/messages/@original');
  });
});
