// `whosaid serve-http`: answer Discord over HTTP (the application's Interactions Endpoint URL) instead of the
// gateway. Stateless: run as many as you like behind a load balancer (TLS terminated in front of them).
// Feeds are not polled here and watches are not posted: one `whosaid start` process does that.
import { createLogger } from '../log.ts';
import { fail, untilStopSignal, withConfig } from './support.ts';

export function runServeHttpCommand(_args: string[]): Promise<number> {
  return withConfig(async (config) => {
    if (!config.DISCORD_PUBLIC_KEY) {
      return fail("DISCORD_PUBLIC_KEY is not set: serve-http needs the application's public key (Developer Portal > General Information)");
    }
    const logger = createLogger({ level: config.LOG_LEVEL, fd: 1 });
    const [{ openApp }, { startInteractionServer, SEEN_INTERACTION_TTL_MS }] = await Promise.all([
      import('../app.ts'),
      import('../discord/http/server.ts'),
    ]);
    const app = await openApp(config, logger);
    let server;
    try {
      server = await startInteractionServer({
        publicKey: config.DISCORD_PUBLIC_KEY,
        apiUrl: config.DISCORD_API_URL,
        botToken: config.DISCORD_TOKEN,
        host: config.WHOSAID_HTTP_HOST,
        port: config.WHOSAID_HTTP_PORT,
        context: app.context,
        commands: app.commands,
        logger,
        managerRoles: config.WHOSAID_MANAGER_ROLES,
        // Shared by every process on the store: a replayed request is answered once, whichever process gets it.
        firstSeen: (id) => app.store.firstSeenInteraction(id, { nowMs: Date.now(), ttlMs: SEEN_INTERACTION_TTL_MS }),
      });
    } catch (error) {
      app.close();
      throw error;
    }
    // Watch matches of articles added by /ingest are not posted from here (no bot token needed).
    app.feeds.start(null);
    logger.info({ url: `${server.url}/interactions`, index: app.summary }, 'answering Discord interactions over HTTP');
    await untilStopSignal(logger);
    await server.stop();
    await app.feeds.stop();
    app.close();
    return 0;
  });
}
