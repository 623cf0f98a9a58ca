// whosaid: argv -> subcommand. Each subcommand lives in src/cli/ and loads what it needs (lazily, so a
// quick command does not pay for the bot). Commands that print a result keep stdout for it alone.
import { fail } from './cli/support.ts';

const USAGE = `whosaid — who said what, from news articles

Usage:
  whosaid start                      run the Discord bot (offline console when DISCORD_TOKEN is unset)
  whosaid serve-http                 answer Discord over HTTP (Interactions Endpoint URL; needs DISCORD_PUBLIC_KEY)
  whosaid console                    the offline console: type /quote speaker:Dragone, /help, /exit
  whosaid ask "/quote speaker:Dragone" [--json] [--out FILE]
                                     answer one command and exit (a /timeline chart goes to --out,
                                     else to its own name in the working directory)
  whosaid ingest [PATH...]           add or update articles (default: the data folder's articles)
  whosaid ingest URL... [--json]     fetch articles from links, save them in the articles folder, index them
  whosaid feeds add URL | list | remove ID|URL | poll [ID...] [--json]
                                     news feeds followed (RSS, Atom); poll: fetch new items now
  whosaid export [--speaker NAME] [--topic ID] [--query WORDS] [--format csv|json|md] [--out FILE]
                                     statements with everything needed to cite them (stdout or --out)
  whosaid stats [--json]             what the index holds
  whosaid extract FILE|DIR... [--out DIR]
                                     statements of articles as JSON (PolNeAR prediction format)
  whosaid deploy-commands [--guild ID]
                                     register the slash commands (guild: instant; global otherwise)
`;

type Subcommand = (args: string[]) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  start: async (args) => (await import('./cli/start.ts')).runStartCommand(args),
  'serve-http': async (args) => (await import('./cli/serve-http.ts')).runServeHttpCommand(args),
  console: async (args) => (await import('./cli/console.ts')).runConsoleCommand(args),
  ask: async (args) => (await import('./cli/ask.ts')).runAskCommand(args),
  ingest: async (args) => {
    // Links go to the article intake (src/intake); paths and folders to the file ingest.
    const web = await import('./cli/ingest-url.ts');
    if (args.some(web.isUrlArgument)) return web.runIngestUrlCommand(args);
    return (await import('./cli/ingest.ts')).runIngestCommand(args);
  },
  export: async (args) => (await import('./cli/export.ts')).runExportCommand(args),
  stats: async (args) => (await import('./cli/stats.ts')).runStatsCommand(args),
  feeds: async (args) => (await import('./cli/feeds.ts')).runFeedsCommand(args),
  extract: async (args) => (await import('./cli/extract.ts')).runExtractCommand(args),
  'deploy-commands': async (args) => (await import('./cli/deploy.ts')).runDeployCommand(args),
};

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const run = Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  if (run) return run(args);
  process.stderr.write(USAGE);
  return fail(`unknown command "${command}"`, 2);
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
