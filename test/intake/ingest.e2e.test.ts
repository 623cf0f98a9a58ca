// /ingest end to end: the real bot against the fake Discord. A manager attaches a Markdown file (downloaded
// from the fake CDN) or gives a link to our news site; the answer names the article and its speakers,
// pings nobody, and /quote finds the statements right after. Others are refused, ephemerally.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { startBot, type RunningBot } from '../../src/discord/bot.ts';
import { createLogger } from '../../src/log.ts';
import { DEFAULT_MEMBER_PERMISSIONS, Permission, botEnv, startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts';
import { startNewsServer, type NewsServer } from './news-server.ts';
import { BARE, DENMARK_MD } from './pages.ts';

const MANAGER = DEFAULT_MEMBER_PERMISSIONS | Permission.ManageGuild;

let fake: FakeDiscord;
let site: NewsServer;
let app: App;
let bot: RunningBot;
let dataDir: string;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'whosaid-ingest-e2e-'));
  mkdirSync(join(dataDir, 'articles'));
  site = await startNewsServer();
  fake = await startFakeDiscord({ timeoutMs: 8_000 });
  const config = parseConfig({
    ...botEnv(fake),
    WHOSAID_DATA_DIR: dataDir,
    // The fake CDN and our news site live on 127.0.0.1.
    WHOSAID_ALLOW_PRIVATE_FETCH: 'true',
    LOG_LEVEL: 'info',
  });
  const logger = createLogger({
    level: 'info',
    stream: { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  app = await openApp(config, logger);
  bot = await startBot({ config, context: app.context, commands: app.commands, logger });
}, 20_000);

afterAll(async () => {
  await bot?.stop();
  app?.close();
  await fake?.close();
  await site?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('/ingest in Discord', () => {
  it('registers /ingest with a url and an attachment option', () => {
    const ingest = fake.commands().find((c) => c.name === 'ingest');
    expect(ingest?.['options']).toEqual([
      expect.objectContaining({ name: 'url', type: 3 }),
      expect.objectContaining({ name: 'file', type: 11 }),
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('a manager attaches a Markdown article; the answer lists its speakers and /quote finds them', async () => {
    const file = fake.attachment('denmark-minehunters.md', DENMARK_MD, 'text/markdown; charset=utf-8');
    const sent = fake.sendCommand('ingest', { file }, { memberPermissions: MANAGER });
    const reply = await fake.waitForReply(sent.id);
    expect(reply.message.allowed_mentions).toEqual({ parse: [] });
    const embed = reply.message.embeds?.[0];
    expect(embed?.title).toBe('Added: Danish minister offers naval mine-clearing in the Black Sea');
    expect(embed?.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Speakers', value: expect.stringContaining('Mikkel Holm') })]),
    );
    expect(reply.message.flags ?? 0).toBe(0);
    expect(readdirSync(join(dataDir, 'articles'))).toHaveLength(1);

    const quote = await fake.waitForReply(fake.sendCommand('quote', { speaker: 'Holm' }).id);
    expect(quote.message.content).toContain('Mikkel Holm');
    expect(JSON.stringify(quote.message.embeds)).toContain('Grain ships need clear water');
    expect(fake.violations).toEqual([]);
    expect(fake.unknownRequests).toEqual([]);
    // Logged with who asked.
    expect(logLines.find((l) => l['msg'] === 'article added')).toMatchObject({ requestedBy: { id: fake.memberUser.id } });
  });

  it('a manager gives a link; a slow site is answered by deferring, then editing', async () => {
    const sent = fake.sendCommand('ingest', { url: `${site.origin}/slow-article` }, { memberPermissions: MANAGER });
    const reply = await fake.waitForReply(sent.id);
    expect(reply.deferred).toBe(true);
    expect(reply.callback.latencyMs).toBeLessThan(3_000);
    expect(reply.message.embeds?.[0]?.title).toBe(`Added: ${BARE.title}`);
    expect(reply.message.allowed_mentions).toEqual({ parse: [] });
    expect(fake.violations).toEqual([]);
  });

  it('the same link again answers "already indexed", to the asker only', async () => {
    await fake.waitForReply(
      fake.sendCommand('ingest', { url: `${site.origin}/politics/adviser-troops` }, { memberPermissions: MANAGER }).id,
    );
    const again = await fake.waitForReply(
      fake.sendCommand('ingest', { url: `${site.origin}/politics/adviser-troops?utm_medium=social` }, { memberPermissions: MANAGER }).id,
    );
    expect(again.message.embeds?.[0]?.title).toBe('Already indexed');
    expect(again.message.flags).toBe(64);
  });

  it('refuses a member without Manage Server, ephemerally, and fetches nothing', async () => {
    const files = readdirSync(join(dataDir, 'articles'));
    const hits = site.hits.get('/ireland/demining');
    const sent = fake.sendCommand('ingest', { url: `${site.origin}/ireland/demining` }, { memberPermissions: DEFAULT_MEMBER_PERMISSIONS });
    const reply = await fake.waitForReply(sent.id);
    expect(reply.message.flags).toBe(64);
    expect(reply.message.embeds?.[0]?.title).toBe('Not allowed');
    expect(site.hits.get('/ireland/demining')).toBe(hits);
    expect(readdirSync(join(dataDir, 'articles'))).toEqual(files);
    expect(fake.violations).toEqual([]);
  });
});
