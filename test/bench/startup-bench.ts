// npm run bench:startup: how long a newcomer waits. Median of N runs (default 5) over a copy of the data
// folder whose index is already built (unchanged), of:
//   `npm start` until the console prompt (a pseudo-terminal via script(1), as a person sees it),
//   `whosaid start` (the bin without npm) until the prompt,
//   `whosaid ask "/quote speaker:Dragone"` until it exits.
// Targets (issue 15, quiet machine): npm start <= 1 s, ask <= 0.7 s. Not a test: prints, asserts nothing.
//   node src/bin/run-ts.mjs test/bench/startup-bench.ts [--runs 5] [--source]
// --source measures the TypeScript sources through tsx (WHOSAID_FROM_SOURCE=1), i.e. start-up before dist/.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pickEntry } from '../../src/bin/entry.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'src', 'bin', 'whosaid.mjs');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, source: { type: 'boolean' } } });
const runs = Number(values.runs);

const entry = pickEntry(ROOT, values.source ? { WHOSAID_FROM_SOURCE: '1' } : process.env);
if (!values.source && entry.kind !== 'dist') {
  process.stderr.write('dist/ is missing or older than the sources: run `npm run build` first (or pass --source)\n');
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'whosaid-startup-'));
cpSync(join(ROOT, 'data'), dataDir, { recursive: true, filter: (src) => !src.includes(`${join('data', 'index')}`) });
const env: NodeJS.ProcessEnv = { ...process.env, WHOSAID_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
delete env['DISCORD_TOKEN'];
delete env['DATABASE_URL'];
if (values.source) env['WHOSAID_FROM_SOURCE'] = '1';

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Milliseconds from spawning `command` in a pseudo-terminal until it prints the console prompt. */
function untilPrompt(command: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfc', command.map(shellQuote).join(' '), '/dev/null'], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no prompt within 60 s: ${out.slice(-300)}`)), 60_000);
    const finish = (error: Error | null, ms?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdin.end('/exit\n');
      child.once('exit', () => (error ? reject(error) : resolve(ms!)));
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('whosaid> ')) finish(null, performance.now() - started);
    });
    child.once('exit', () => finish(new Error(`exited before the prompt: ${out.slice(-300)}`)));
  });
}

/** Milliseconds from spawning `command` until it exits (status 0 expected). */
function untilExit(command: string[]): number {
  const started = performance.now();
  const result = spawnSync(command[0]!, command.slice(1), { cwd: ROOT, env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(name: string, once: () => number | Promise<number>): Promise<{ name: string; median: number; all: number[] }> {
  await once(); // warm-up: the first run builds the index and fills the OS file cache
  const all: number[] = [];
  for (let i = 0; i < runs; i++) all.push(await once());
  return { name, median: median(all), all };
}

try {
  const ask = [process.execPath, BIN, 'ask', '/quote speaker:Dragone'];
  const results = [
    await measure('npm start → console prompt', () => untilPrompt(['npm', 'start', '--silent'])),
    await measure('whosaid start → console prompt', () => untilPrompt([process.execPath, BIN, 'start'])),
    await measure('whosaid ask "/quote speaker:Dragone"', () => untilExit(ask)),
  ];
  process.stdout.write(
    `start-up (${values.source ? 'TypeScript sources through tsx' : 'compiled dist/'}), median of ${runs}, ` +
      `load average ${loadavg()[0]!.toFixed(1)}, node ${process.version}\n`,
  );
  for (const r of results) {
    process.stdout.write(
      `  ${r.name.padEnd(40)} ${(r.median / 1000).toFixed(2)} s   (${r.all.map((ms) => (ms / 1000).toFixed(2)).join(' ')})\n`,
    );
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
