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
