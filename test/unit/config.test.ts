import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { addsAs } from '../../src/slash/shared.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('config', () => {
  it('applies defaults when nothing is set, and treats empty values as unset', () => {
    const config = parseConfig({ DISCORD_TOKEN: '', LOG_LEVEL: '  ' });
    expect(config).toMatchObject({
      DISCORD_API_URL: 'https://discord.com/api',
      WHOSAID_DATA_DIR: './data',
      LOG_LEVEL: 'info',
    });
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('accepts a full valid environment', () => {
    const config = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '876543210987654321',
      DISCORD_API_URL: 'http://127.0.0.1:4567/api/',
      LOG_LEVEL: 'debug',
    });
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:4567/api');
    expect(config.DISCORD_GUILD_ID).toBe('876543210987654321');
  });

  it.each([
    [{ DISCORD_GUILD_ID: 'my-server' }, 'DISCORD_GUILD_ID'],
    [{ DISCORD_APPLICATION_ID: '12' }, 'DISCORD_APPLICATION_ID'],
    [{ DISCORD_API_URL: 'ftp://example.org' }, 'DISCORD_API_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DISCORD_TOKEN: 'not a token' }, 'DISCORD_TOKEN'],
  ])('names the variable in one line when %o is wrong', (env, variable) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain(variable);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('never repeats the token in its error message', () => {
    const badToken = 'secret-value-that-is-wrong';
    expect(() => parseConfig({ DISCORD_TOKEN: badToken })).toThrow(/DISCORD_TOKEN/);
    try {
      parseConfig({ DISCORD_TOKEN: badToken });
    } catch (e) {
      expect((e as Error).message).not.toContain(badToken);
    }
  });
});

describe('manager roles', () => {
  it('are role ids, comma-separated; a role name is refused at start, not silently matched', () => {
    expect(parseConfig({}).WHOSAID_MANAGER_ROLES).toEqual([]);
    expect(parseConfig({ WHOSAID_MANAGER_ROLES: '424242424242424242, 535353535353535353' }).WHOSAID_MANAGER_ROLES).toEqual([
      '424242424242424242',
      '535353535353535353',
    ]);
    expect(() => parseConfig({ WHOSAID_MANAGER_ROLES: 'whosaid-editors' })).toThrow(/WHOSAID_MANAGER_ROLES.*role ids/);
  });
});

describe('owner guilds (tenancy)', () => {
  it('are server ids; by default no server adds to the global corpus, a listed one does', () => {
    expect(parseConfig({}).WHOSAID_OWNER_GUILDS).toEqual([]);
    expect(() => parseConfig({ WHOSAID_OWNER_GUILDS: 'my server' })).toThrow(/WHOSAID_OWNER_GUILDS.*server ids/);
    const ownerGuilds = parseConfig({ WHOSAID_OWNER_GUILDS: '424242424242424242' }).WHOSAID_OWNER_GUILDS;
    expect(addsAs({ channel: { id: '1', guildId: '535353535353535353' }, ownerGuilds })).toBe('535353535353535353');
    expect(addsAs({ channel: { id: '1', guildId: '424242424242424242' }, ownerGuilds })).toBeUndefined();
    // The console and the CLI (no channel) act as the global owner.
    expect(addsAs({ ownerGuilds })).toBeUndefined();
  });
});
