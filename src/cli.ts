// whosaid: argv -> subcommand. Each subcommand lives in src/cli/ and loads what it needs (lazily, so a
// quick command does not pay for the bot). Commands that print a result keep stdout for it alone.
import { readFileSync } from 'node:fs';
import { fail } from './cli/support.ts';

const USAGE = `whosaid — who said what, from news articles

Usage:
  whosaid --version                  print the version
  whosaid start                      run the Discord bot (offline console when DISCORD_TOKEN is unset)
  whosaid serve-http                 answer Discord over HTTP (Interactions Endpoint URL; needs DISCORD_PUBLIC_KEY)
  whosaid console                    the offline console: type /quote speaker:Dragone, /help, /exit
  whosaid ask "/quote speaker:Dragone" [--json] [--out FILE] [--cursor NEXT | --all]
                                     answer one command and exit (non-zero when the answer is an error
                                     or finds nothing); --cursor: the page after the JSON's "next"; --all: every page;
                                     a /timeline chart or an export goes to --out, else to its own name here
  whosaid ingest [PATH...]           add or update articles (default: the data folder's articles)
  whosaid ingest URL... [--json]     fetch articles from links, save them in the articles folder, index them
  whosaid feeds add URL | list | remove ID|URL | poll [ID...] [--json]
                                     news feeds followed (RSS, Atom); poll: fetch new items now
  whosaid export [--speaker NAME] [--topic ID] [--query WORDS] [--format csv|json|md] [--out FILE]
                                     statements with everything needed to cite them (stdout or --out)
  whosaid stats [--json]             what the index holds
  whosaid doctor [--rebuild-statements] [--json]
                                     check the index file (integrity, schema, full-text index) and say what to do;
                                     --rebuild-statements: rebuild a damaged one from the articles, keeping feeds and watches
  whosaid migrate-store --to postgres://USER@HOST/DB [--json]
                                     copy the SQLite index (articles with their text, statements, speakers, feeds,
                                     watches) into an empty Postgres database, ids kept; prints the rows per table
  whosaid extract FILE|DIR... [--out DIR]
                                     statements of articles as JSON (PolNeAR prediction format)
  whosaid deploy-commands [--guild ID]
                                     register the slash commands (guild: instant; global otherwise)
`;

/** Each subcommand's lines of USAGE: what `whosaid SUBCOMMAND --help` prints. */
function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith(`  whosaid ${command} `) && lines[i] !== `  whosaid ${command}`) continue;
    out.push(lines[i]!.trim().replace(/\s{2,}/, '\n    '));
    while (lines[i + 1]?.startsWith('      ')) out.push(`    ${lines[++i]!.trim()}`);
  }
  return `Usage:\n  ${out.join('\n  ')}\n`;
}

function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

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
  doctor: async (args) => (await import('./cli/doctor.ts')).runDoctorCommand(args),
  feeds: async (args) => (await import('./cli/feeds.ts')).runFeedsCommand(args),
  'migrate-store': async (args) => (await import('./cli/migrate-store.ts')).runMigrateStoreCommand(args),
  extract: async (args) => (await import('./cli/extract.ts')).runExtractCommand(args),
  'deploy-commands': async (args) => (await import('./cli/deploy.ts')).runDeployCommand(args),
};

async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`whosaid ${version()}\n`);
    return 0;
  }
  const run = Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  // Asking for help never runs the subcommand (`start --help` must not start the bot).
  if (run && (args.includes('--help') || args.includes('-h'))) {
    process.stdout.write(usageOf(command));
    return 0;
  }
  if (run) {
    // Every command but these reads or writes the SQLite index: a broken native module is one clear line.
    if (command !== 'deploy-commands' && command !== 'extract') {
      const problem = (await import('./store/native-module.ts')).sqliteProblem();
      if (problem) return fail(problem);
    }
    return run(args);
  }
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
