// npm run bench:e2e: the bot as it runs in production (`whosaid start`, its own process, logging at info)
// against the fake Discord on 127.0.0.1 (validation off), over the synthetic 100,000-statement index.
// Sends a warm-up, then N interactions one after the other (quote, topic, search, autocomplete, options
// drawn from the corpus), and reports p50/p99 per command from the dispatch of INTERACTION_CREATE to the
// callback arriving, and the bot's RSS. Prints a table, writes bench-out/e2e-bench.json. Not a test.
//   node src/bin/run-ts.mjs test/bench/e2e-bench.ts [--interactions 2000] [--warmup 200] [--index DIR]
//     [--rebuild] [--out FILE] [--cpu-prof]
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { topicCatalog } from '../../src/topics/index.ts';
import { botEnv, startFakeDiscord } from '../fake-discord/index.ts';
import type { FakeDiscord, SentInteraction } from '../fake-discord/index.ts';
import { buildSyntheticIndex } from './index-bench.ts';
import { DEFAULT_CORPUS, prng, type CorpusManifest } from './synthetic-corpus.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SELF = fileURLToPath(import.meta.url);
const log = (msg: string) => process.stderr.write(`${msg}\n`);

type Kind = 'quote' | 'topic' | 'search' | 'autocomplete';
const KINDS: Kind[] = ['quote', 'topic', 'search', 'autocomplete'];
/** The mix: what a team channel sends (autocomplete fires while people type). */
const MIX: [Kind, number][] = [
  ['quote', 0.3],
  ['topic', 0.15],
  ['search', 0.25],
  ['autocomplete', 0.3],
];

interface Manifest {
  speakers: CorpusManifest['speakers'];
  vocabulary: string[];
  topicWords: string[];
  statements: number;
  articles: number;
}

/** Where the index is cached: a key of the generator's source and options (a new generator builds anew). */
function defaultIndexDir(): string {
  const key = createHash('sha256')
    .update(readFileSync(join(ROOT, 'test/bench/synthetic-corpus.ts')))
    .update(JSON.stringify(DEFAULT_CORPUS))
    .digest('hex')
    .slice(0, 12);
  return join(tmpdir(), `whosaid-bench-e2e-${key}`);
}

/** In a child process (`--build DIR`), so that the bot's RSS and this process stay clean of the ingest. */
async function buildIndex(dir: string): Promise<void> {
  const built = await buildSyntheticIndex(dir);
  const manifest: Manifest = {
    speakers: built.manifest.speakers,
    vocabulary: built.manifest.vocabulary,
    topicWords: built.manifest.topicWords,
    statements: built.report.statements,
    articles: built.report.added,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  log(`built ${manifest.articles} articles, ${manifest.statements} statements in ${built.report.seconds.toFixed(1)} s`);
}

function ensureIndex(dir: string, rebuild: boolean): Manifest {
  const manifestFile = join(dir, 'manifest.json');
  if (rebuild && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  if (!existsSync(manifestFile) || !existsSync(join(dir, 'index', 'whosaid.db'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    log(`building the synthetic index in ${dir} (once; later runs reuse it) ...`);
    execFileSync(process.execPath, [join(ROOT, 'src/bin/run-ts.mjs'), SELF, '--build', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  } else {
    log(`reusing the synthetic index in ${dir}`);
  }
  return JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
}

interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    n: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
  };
}

/** The bot process's resident set (VmRSS) and its peak (VmHWM), in MB, from /proc. */
function rssOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * The bot's memory after a full garbage collection, through the inspector (the child runs with --inspect on
 * 127.0.0.1): what is still reachable, so a leak shows however far V8 let the heap grow between collections.
 */
class Inspector {
  #next = 1;
  readonly #pending = new Map<number, (result: unknown) => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.#pending.get(message.id)?.(message.result);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new Inspector(socket);
  }

  #call(method: string, params: object = {}): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  async afterFullGc(): Promise<{ heapUsedMb: number; rssMb: number }> {
    await this.#call('HeapProfiler.collectGarbage');
    const result = (await this.#call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    const usage = JSON.parse(result.result.value) as { heapUsed: number; rss: number };
    return { heapUsedMb: usage.heapUsed / 1048576, rssMb: usage.rss / 1048576 };
  }

  close(): void {
    this.socket.close();
  }
}

/** CPU time (user + system) the process has used, in ms, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Realistic options drawn from the corpus: popular speakers asked about more, spelled as people type them. */
function workload(manifest: Manifest, seed: number) {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const popular = () => manifest.speakers[Math.floor(manifest.speakers.length * rand() ** 2.2)]!;
  const topics = topicCatalog().topics.map((t) => t.id);
  const spelled = () => {
    const s = popular();
    const r = rand();
    return r < 0.4 ? s.name : r < 0.8 ? s.surname : s.surname.toLowerCase();
  };
  const kind = (): Kind => {
    let r = rand();
    for (const [k, share] of MIX) if ((r -= share) < 0) return k;
    return 'quote';
  };
  return (fake: FakeDiscord): { kind: Kind; variant: string; sent: SentInteraction } => {
    const k = kind();
    switch (k) {
      case 'quote': {
        const withTopic = rand() < 0.2;
        const options: Record<string, string> = withTopic ? { speaker: spelled(), topic: pick(topics) } : { speaker: spelled() };
        return { kind: k, variant: withTopic ? '/quote speaker topic' : '/quote speaker', sent: fake.sendCommand('quote', options) };
      }
      case 'topic': {
        const withSpeaker = rand() < 0.3;
        const options: Record<string, string> = withSpeaker ? { name: pick(topics), speaker: spelled() } : { name: pick(topics) };
        return { kind: k, variant: withSpeaker ? '/topic name speaker' : '/topic name', sent: fake.sendCommand('topic', options) };
      }
      case 'search': {
        const r = rand();
        const prefix = r >= 0.9;
        const query =
          r < 0.5
            ? pick(manifest.vocabulary)
            : r < 0.75
              ? `${pick(manifest.vocabulary)} ${pick(manifest.vocabulary)}`
              : r < 0.9
                ? pick(manifest.topicWords)
                : `${pick(manifest.vocabulary).slice(0, 4)}*`;
        const withSpeaker = rand() < 0.15;
        const variant = `/search ${prefix ? 'prefix*' : 'words'}${withSpeaker ? ' speaker' : ''}`;
        return { kind: k, variant, sent: fake.sendCommand('search', withSpeaker ? { query, speaker: spelled() } : { query }) };
      }
      default: {
        const s = popular();
        const base = rand() < 0.5 ? s.name : s.surname;
        const typed = base.slice(0, 1 + Math.floor(rand() * Math.min(6, base.length)));
        const command = pick(['quote', 'quote', 'topic', 'search']);
        const options: Record<string, string> =
          command === 'topic'
            ? { name: pick(topics), speaker: typed }
            : command === 'search'
              ? { query: pick(manifest.vocabulary), speaker: typed }
              : { speaker: typed };
        return { kind: k, variant: 'autocomplete speaker', sent: fake.sendAutocomplete(command, options, 'speaker') };
      }
    }
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      build: { type: 'string' },
      interactions: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      index: { type: 'string' },
      rebuild: { type: 'boolean', default: false },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
    },
  });
  if (values.build) return buildIndex(values.build);

  const total = Number(values.interactions);
  const warmup = Number(values.warmup);
  const dataDir = values.index ?? defaultIndexDir();
  const manifest = ensureIndex(dataDir, values.rebuild);
  const loadBefore = loadavg();

  const fake = await startFakeDiscord({ validation: 'off', timeoutMs: 10_000 });
  const outDir = join(ROOT, 'bench-out');
  mkdirSync(outDir, { recursive: true });
  const nodeArgs = ['--inspect=127.0.0.1:0', ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${join(outDir, 'e2e-prof')}`] : [])];
  // The bot as production runs it; its info-level JSON log goes to /dev/null (written, not kept).
  const bot = spawn(process.execPath, [...nodeArgs, join(ROOT, 'src/bin/whosaid.mjs'), 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? tmpdir(),
      ...botEnv(fake),
      WHOSAID_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const inspectorUrl = new Promise<string>((resolve) => {
    let buffered = '';
    bot.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const url = /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
        if (url) resolve(url);
        else if (!/^For help, see|^Debugger (attached|ending)/.test(line)) process.stderr.write(`bot: ${line}\n`);
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => bot.on('exit', (code) => resolve(code)));
  try {
    const startedAt = performance.now();
    await fake.waitForRequest(
      (r) => r.route === 'PUT /applications/:application/guilds/:guild/commands',
      'the bot to deploy its commands',
      120_000,
    );
    const startupMs = performance.now() - startedAt;
    const inspector = await Inspector.connect(await inspectorUrl);
    const gcStart = await inspector.afterFullGc();
    const rssStart = rssOf(bot.pid!);
    log(`bot ready in ${(startupMs / 1000).toFixed(1)} s (RSS ${rssStart.rssMb.toFixed(0)} MB); warm-up: ${warmup} interactions ...`);

    const next = workload(manifest, 20_261_128);
    const outcomes = { deferred: 0, notices: 0, apologies: 0 };
    /** The bot's RSS every 250 measured interactions: a leak climbs steadily, a cache filling up levels off. */
    const rssSeries: number[] = [];
    const byVariant = new Map<string, number[]>();
    const run = async (count: number, record: boolean) => {
      const latencies = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
      for (let i = 0; i < count; i++) {
        const { kind, variant, sent } = next(fake);
        const callback = await fake.waitForCallback(sent.id);
        if (!record) continue;
        byVariant.set(variant, [...(byVariant.get(variant) ?? []), callback.latencyMs]);
        if ((i + 1) % 250 === 0) rssSeries.push(Math.round(rssOf(bot.pid!).rssMb));
        latencies.get(kind)!.push(callback.latencyMs);
        if (callback.type === 5) outcomes.deferred++;
        const data = callback.data;
        if (data?.content?.startsWith('Sorry, something went wrong')) outcomes.apologies++;
        else if (kind !== 'autocomplete' && ((data?.flags ?? 0) & 64) !== 0) outcomes.notices++;
      }
      return latencies;
    };
    await run(warmup, false);
    const rssWarm = rssOf(bot.pid!);
    const gcWarm = await inspector.afterFullGc();
    log(`measuring ${total} interactions (RSS after warm-up ${rssWarm.rssMb.toFixed(0)} MB) ...`);
    const t0 = performance.now();
    const botCpu0 = cpuMsOf(bot.pid!);
    const fakeCpu0 = process.cpuUsage();
    const latencies = await run(total, true);
    const seconds = (performance.now() - t0) / 1000;
    const botCpuMs = cpuMsOf(bot.pid!) - botCpu0;
    const fakeCpu = process.cpuUsage(fakeCpu0);
    const fakeCpuMs = (fakeCpu.user + fakeCpu.system) / 1000;
    const rssEnd = rssOf(bot.pid!);
    const gcEnd = await inspector.afterFullGc();
    inspector.close();
    const loadAfter = loadavg();

    const all = [...latencies.values()].flat();
    const perKind = Object.fromEntries(KINDS.map((k) => [k, stats(latencies.get(k)!)])) as Record<Kind, Stats>;
    const growth = (from: number) => ((rssEnd.rssMb - from) / from) * 100;
    const result = {
      when: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? 'unknown',
        totalMemMb: Math.round(totalmem() / 1048576),
        node: process.version,
      },
      loadAverage: { before: loadBefore, after: loadAfter },
      index: { dir: dataDir, articles: manifest.articles, statements: manifest.statements, speakers: manifest.speakers.length },
      interactions: { warmup, measured: total, seconds, perSecond: total / seconds, ...outcomes },
      cpuMsPerInteraction: { bot: botCpuMs / total, fakeAndBench: fakeCpuMs / total },
      latencyMs: { ...perKind, all: stats(all) },
      latencyByVariantMs: Object.fromEntries([...byVariant].sort().map(([k, v]) => [k, stats(v)])),
      rssMb: {
        start: rssStart.rssMb,
        afterWarmup: rssWarm.rssMb,
        end: rssEnd.rssMb,
        peak: rssEnd.peakMb,
        growthFromStartPct: growth(rssStart.rssMb),
        growthOverRunPct: growth(rssWarm.rssMb),
        every250: rssSeries,
      },
      afterFullGcMb: {
        start: gcStart,
        afterWarmup: gcWarm,
        end: gcEnd,
        rssGrowthOverRunPct: ((gcEnd.rssMb - gcWarm.rssMb) / gcWarm.rssMb) * 100,
      },
      startupMs,
    };

    const ms = (v: number) => v.toFixed(2);
    const rows: [string, string, string, boolean | null][] = [
      ...(['quote', 'topic', 'search'] as const).map((k): [string, string, string, boolean] => [
        `/${k} (n=${perKind[k].n}) p50 / p99 / max`,
        `${ms(perKind[k].p50)} / ${ms(perKind[k].p99)} / ${ms(perKind[k].max)} ms`,
        'p99 <= 20 ms',
        perKind[k].p99 <= 20,
      ]),
      [
        `autocomplete (n=${perKind.autocomplete.n}) p50 / p99 / max`,
        `${ms(perKind.autocomplete.p50)} / ${ms(perKind.autocomplete.p99)} / ${ms(perKind.autocomplete.max)} ms`,
        'p99 <= 10 ms',
        perKind.autocomplete.p99 <= 10,
      ],
      [`all (n=${all.length}) p50 / p99`, `${ms(result.latencyMs.all.p50)} / ${ms(result.latencyMs.all.p99)} ms`, '', null],
      [
        'RSS at start / after warm-up / end',
        `${rssStart.rssMb.toFixed(0)} / ${rssWarm.rssMb.toFixed(0)} / ${rssEnd.rssMb.toFixed(0)} MB (peak ${rssEnd.peakMb.toFixed(0)})`,
        '',
        null,
      ],
      ['RSS every 250 interactions', `${rssSeries.join(' ')} MB`, '', null],
      [
        'after a full GC: heap / RSS, warm-up -> end',
        `${gcWarm.heapUsedMb.toFixed(1)} -> ${gcEnd.heapUsedMb.toFixed(1)} MB / ${gcWarm.rssMb.toFixed(0)} -> ${gcEnd.rssMb.toFixed(0)} MB (${(((gcEnd.rssMb - gcWarm.rssMb) / gcWarm.rssMb) * 100).toFixed(1)} %)`,
        '<= 10 %',
        gcEnd.rssMb <= gcWarm.rssMb * 1.1,
      ],
      [
        'RSS growth over the measured run',
        `${growth(rssWarm.rssMb).toFixed(1)} % (from start ${growth(rssStart.rssMb).toFixed(1)} %)`,
        '<= 10 %',
        growth(rssWarm.rssMb) <= 10,
      ],
      [
        'CPU per interaction: bot / fake Discord',
        `${(botCpuMs / total).toFixed(2)} / ${(fakeCpuMs / total).toFixed(2)} ms (wall ${((seconds * 1000) / total).toFixed(2)} ms)`,
        '',
        null,
      ],
      ['throughput, one at a time', `${result.interactions.perSecond.toFixed(0)} interactions/s`, '', null],
      ['deferred / notices / apologies', `${outcomes.deferred} / ${outcomes.notices} / ${outcomes.apologies}`, '', null],
    ];
    const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => String(r[i]).length), ['measure', 'result', 'target'][i]!.length));
    const line = (a: string, b: string, c: string, d: string) => `| ${a.padEnd(w[0]!)} | ${b.padEnd(w[1]!)} | ${c.padEnd(w[2]!)} | ${d} |`;
    const table = [
      line('measure', 'result', 'target', 'ok '),
      `| ${'-'.repeat(w[0]!)} | ${'-'.repeat(w[1]!)} | ${'-'.repeat(w[2]!)} | --- |`,
      ...rows.map(([a, b, c, ok]) => line(a, b, c, ok === null ? '   ' : ok ? 'yes' : 'NO ')),
    ];
    const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    const variants = [...byVariant].sort().map(([k, v]) => {
      const s = stats(v);
      return `  ${k.padEnd(28)} n=${String(s.n).padStart(4)}  p50 ${ms(s.p50).padStart(7)}  p99 ${ms(s.p99).padStart(7)}  max ${ms(s.max).padStart(7)} ms`;
    });
    process.stdout.write(
      `${table.join('\n')}\nby options:\n${variants.join('\n')}\n` +
        `index: ${manifest.articles} articles, ${manifest.statements} statements, ${manifest.speakers.length} speakers; ` +
        `load average before ${fmt(loadBefore)}, after ${fmt(loadAfter)} on ${cpus().length} cores\n`,
    );
    const out = values.out ?? join(outDir, 'e2e-bench.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${out}`);
  } finally {
    bot.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref())]);
    if (code === 'timeout') bot.kill('SIGKILL');
    await fake.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
