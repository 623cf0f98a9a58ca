// whosaid: start | console | ask | ingest | stats | extract | deploy-commands
// Commands that print a result keep stdout for it alone; logs go to stderr.
import { parseArgs } from 'node:util';
import { fail } from './cli/support.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, registerSecret, type Logger } from './log.ts';

const USAGE = `whosaid — who said what, from news articles

Usage:
  whosaid start                      run the Discord bot (offline console when DISCORD_TOKEN is unset)
  whosaid console                    the offline console: type /quote speaker:Dragone, /help, /exit
  whosaid ask "/quote speaker:Dragone" [--json]
                                     answer one command and exit
  whosaid ingest [PATH...]           add or update articles (default: the data folder's articles)
  whosaid ingest URL... [--json]     fetch articles from links, save them in the articles folder, index them
  whosaid feeds add URL | list | remove ID|URL | poll [ID...] [--json]
                                     news feeds followed (RSS, Atom); poll: fetch new items now
  whosaid stats [--json]             what the index holds
  whosaid extract FILE|DIR... [--out DIR]
                                     statements of articles as JSON (PolNeAR prediction format)
  whosaid deploy-commands [--guild ID]
                                     register the slash commands (guild: instant; global otherwise)
`;

async function withApp<T>(config: Config, logger: Logger, use: (app: import('./app.ts').App) => Promise<T>): Promise<T> {
  const { openApp } = await import('./app.ts');
  // Console and ask are the operator's own terminal: /ingest file: may name a local path.
  const app = await openApp(config, logger, { localFiles: true });
  // No channel to post to in a terminal: a watch that matches an article added here prints its post.
  const [{ printingNotifier }, { renderTerminal }] = await Promise.all([import('./watches/notifier.ts'), import('./reply/render-terminal.ts')]);
  app.feeds.start(printingNotifier((text) => process.stdout.write(`${text}\n`), (reply) => renderTerminal(reply, { color: false })));
  try {
    return await use(app);
  } finally {
    app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === 'extract') return (await import('./cli/extract.ts')).runExtractCommand(args);

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  registerSecret(config.DISCORD_TOKEN);

  switch (command) {
    case 'start':
    case 'console': {
      const online = command === 'start' && Boolean(config.DISCORD_TOKEN);
      // In the console, stdout is the conversation: logs go to stderr and only warnings show.
      const logger = createLogger({ level: online ? config.LOG_LEVEL : 'warn', fd: online ? 1 : 2 });
      if (online) return (await import('./cli/start-bot.ts')).runBot(config, logger);
      return withApp(config, logger, async (app) => {
        const { runRepl } = await import('./console/repl.ts');
        await runRepl(app.context, {
          banner: `whosaid offline console — ${app.summary}. Type /help for commands, /exit or Ctrl-D to leave.`,
        });
        return 0;
      });
    }
    case 'ask': {
      const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
      if (!positionals.length) return fail('ask needs a command, e.g. whosaid ask "/quote speaker:Dragone"', 2);
      const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, fd: 2 });
      return withApp(config, logger, async (app) => {
        const { ConsoleSession } = await import('./console/session.ts');
        const session = new ConsoleSession(app.context);
        const result = await session.handle(positionals.join(' '));
        if (!result || result.kind === 'exit') return 0;
        if (result.kind === 'text') {
          process.stdout.write(`${result.text}\n`);
          return 0;
        }
        if (values.json) {
          const { replyToJson } = await import('./reply/render-json.ts');
          process.stdout.write(`${JSON.stringify(replyToJson(result.reply), null, 2)}\n`);
        } else {
          const { renderTerminal } = await import('./reply/render-terminal.ts');
          process.stdout.write(`${renderTerminal(result.reply, { color: Boolean(process.stdout.isTTY) })}\n`);
        }
        return result.reply.type === 'notice' && result.reply.tone !== 'info' ? 1 : 0;
      });
    }
    case 'ingest': {
      // Links go to the article intake (src/intake); paths and folders to the file ingest.
      const web = await import('./cli/ingest-url.ts');
      if (args.some(web.isUrlArgument)) return web.runIngestUrlCommand(args);
      return (await import('./cli/ingest.ts')).runIngestCommand(args);
    }
    case 'stats':
      return (await import('./cli/ingest.ts')).runStatsCommand(args);
    case 'feeds':
      return (await import('./cli/feeds.ts')).runFeedsCommand(args);
    case 'deploy-commands': {
      const { values } = parseArgs({ args, options: { guild: { type: 'string' } } });
      if (!config.DISCORD_TOKEN) return fail('deploy-commands needs DISCORD_TOKEN (see README: Discord setup)');
      const guildId = values.guild ?? config.DISCORD_GUILD_ID;
      if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) return fail('--guild must be a guild id (17 to 20 digits)', 2);
      const { deployCommands } = await import('./discord/deploy.ts');
      const result = await deployCommands({
        token: config.DISCORD_TOKEN,
        apiUrl: config.DISCORD_API_URL,
        applicationId: config.DISCORD_APPLICATION_ID,
        guildId,
      });
      process.stdout.write(`registered ${result.count} commands (${result.scope})\n`);
      return 0;
    }
    default:
      process.stderr.write(USAGE);
      return fail(`unknown command "${command}"`, 2);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`whosaid: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
