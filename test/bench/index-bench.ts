// npm run bench: builds a deterministic synthetic corpus, ingests it (real extractor included), measures the
// queries the bot makes, prints a table and writes bench-out/index-bench.json. Not a test: no assertions.
//   node src/bin/run-ts.mjs test/bench/index-bench.ts [--articles N] [--keep DIR] [--out FILE]
//   … --store postgres [--database-url postgres://…]: the same corpus and queries on the Postgres engine (a
//   throwaway local server when no URL is given)
import { execFileSync } from 'node:child_process';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { extractStatements } from '../../src/extract/index.ts';
import { indexFileFor, refreshIndex } from '../../src/ingest/data-dir.ts';
import type { Extractor, IngestReport } from '../../src/ingest/ingest.ts';
import { DEFAULT_CORPUS, generateCorpus, prng, type CorpusManifest, type CorpusOptions } from './synthetic-corpus.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SyntheticIndex {
  dataDir: string;
  /** CPU seconds of the ingest (user + system, all threads of this process). */
  ingestCpuSeconds: number;
  manifest: CorpusManifest;
  report: IngestReport;
  generateSeconds: number;
  /** Time inside the extractor, part of report.seconds. */
  extractSeconds: number;
}

/**
 * Writes the synthetic corpus into `dataDir/articles` and ingests it into `dataDir/index/whosaid.db` with the
 * real extractor (or the one given). For benches that need a realistic index (this one, and end-to-end).
 */
export async function buildSyntheticIndex(
  dataDir: string,
  options: { corpus?: Partial<CorpusOptions>; extract?: Extractor } = {},
): Promise<SyntheticIndex> {
  const t0 = performance.now();
  const manifest = generateCorpus(dataDir, { ...DEFAULT_CORPUS, ...options.corpus });
  const generateSeconds = (performance.now() - t0) / 1000;
  const extract = options.extract ?? extractStatements;
  let extractMs = 0;
  const timed: Extractor = (body, opts) => {
    const t = performance.now();
    try {
      return extract(body, opts);
    } finally {
      extractMs += performance.now() - t;
    }
  };
  const index = openSqliteStore(indexFileFor(dataDir));
  try {
    const cpu = process.cpuUsage();
    const report = await refreshIndex(index, dataDir, { extract: timed });
    const used = process.cpuUsage(cpu);
    index.db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      dataDir,
      manifest,
      report,
      generateSeconds,
      extractSeconds: extractMs / 1000,
      ingestCpuSeconds: (used.user + used.system) / 1e6,
    };
  } finally {
    index.close();
  }
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
  /** The same from CPU time: what the query costs when the machine is shared (waiting for a core left out). */
  cpuP50: number;
  cpuP99: number;
  n: number;
}

/** Inputs 0..WARM_UP-1 warm the code paths up (a running bot has them compiled); WARM_UP..WARM_UP+n-1 are timed. */
const WARM_UP = 200;

async function measure(n: number, run: (i: number) => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < WARM_UP; i++) await run(i);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = WARM_UP; i < WARM_UP + n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const at = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!;
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { p50: at(times, 0.5), p99: at(times, 0.99), max: times[times.length - 1]!, cpuP50: at(cpu, 0.5), cpuP99: at(cpu, 0.99), n };
}

const latencyCell = (l: Latency) => `${l.p50.toFixed(3)} / ${l.p99.toFixed(3)} ms (cpu ${l.cpuP50.toFixed(3)} / ${l.cpuP99.toFixed(3)})`;

function diskBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

function typo(word: string, rand: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(rand() * (word.length - 3));
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string' },
      keep: { type: 'string' },
      out: { type: 'string' },
      store: { type: 'string', default: 'sqlite' },
      'database-url': { type: 'string' },
    },
  });
  if (values.store === 'postgres')
    return benchPostgres(values.articles ? Number(values.articles) : DEFAULT_CORPUS.articles, values['database-url']);
  if (values.store !== 'sqlite') throw new Error('--store is sqlite or postgres');
  const articles = values.articles ? Number(values.articles) : DEFAULT_CORPUS.articles;
  const scale = articles / DEFAULT_CORPUS.articles;
  const corpus: CorpusOptions = {
    ...DEFAULT_CORPUS,
    articles,
    speakers: Math.max(20, Math.round(DEFAULT_CORPUS.speakers * Math.min(1, scale * 4))),
  };
  const dataDir = values.keep ?? mkdtempSync(join(tmpdir(), 'whosaid-bench-'));
  const log = (msg: string) => process.stderr.write(`${msg}\n`);
  try {
    log(`generating ${corpus.articles} articles, ${corpus.speakers} speakers in ${dataDir} and ingesting them (child process) ...`);
    const built = JSON.parse(
      execFileSync(
        process.execPath,
        [join(ROOT, 'src/bin/run-ts.mjs'), join(ROOT, 'test/bench/build-child.ts'), dataDir, JSON.stringify(corpus)],
        {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      ),
    ) as SyntheticIndex & { maxRssMb: number };
    const { report, manifest } = built;
    log(`ingested in ${report.seconds.toFixed(1)} s (${report.failed.length} failed)`);

    const cold = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, 'src/bin/run-ts.mjs'), join(ROOT, 'test/bench/cold-start.ts'), dataDir, 'Dragone'], {
        encoding: 'utf8',
      }),
    ) as { firstAnswerMs: number; fromScriptStartMs: number; ingestLoadMs: number; refreshMs: number; unchanged: number; maxRssMb: number };

    const index = openSqliteStore(indexFileFor(dataDir));
    const t = performance.now();
    const first = await index.lookupSpeaker('Rutte');
    if (first.kind === 'found') await index.findStatements({ speakerId: first.speaker.id }, { limit: 10 });
    const openToAnswerMs = performance.now() - t;
    const stats = await index.stats();
    const rand = prng(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const spellings = (i: number) => {
      const s = pick(manifest.speakers);
      switch (i % 4) {
        case 0:
          return s.name;
        case 1:
          return s.surname.toLowerCase();
        case 2:
          return s.name.toUpperCase();
        default:
          return typo(s.surname, rand);
      }
    };
    const speakerQueries = Array.from({ length: WARM_UP + 2000 }, (_, i) => spellings(i));
    const prefixes = Array.from({ length: WARM_UP + 2000 }, () => pick(manifest.speakers).surname.slice(0, 3));
    const topics = Object.keys(stats.byTopic);
    const months = Array.from({ length: 23 }, (_, m) => new Date(Date.UTC(2024, m, 1)).toISOString().slice(0, 10));
    const ftsQueries = Array.from({ length: WARM_UP + 1000 }, (_, i) =>
      i % 3 === 0
        ? pick(manifest.vocabulary)
        : i % 3 === 1
          ? `${pick(manifest.topicWords)} ${pick(manifest.vocabulary)}`
          : `${pick(manifest.topicWords)} ${pick(manifest.topicWords)}`,
    );
    const lookup = await measure(speakerQueries.length - WARM_UP, (i) => index.lookupSpeaker(speakerQueries[i]!));
    const autocomplete = await measure(prefixes.length - WARM_UP, (i) => index.suggestSpeakers(prefixes[i]!, 25));
    const topic = await measure(1000, (i) =>
      index.findStatements({ topic: topics[i % topics.length]!, from: months[i % months.length]! }, { limit: 10 }),
    );
    const topicPaged = await measure(1000, async (i) => {
      const first = await index.findStatements({ topic: topics[i % topics.length]! }, { limit: 10 });
      await index.findStatements({ topic: topics[i % topics.length]! }, { limit: 10, cursor: first.nextCursor });
    });
    const fts = await measure(ftsQueries.length - WARM_UP, (i) =>
      index.findStatements({ text: ftsQueries[i]! }, { limit: 10, order: 'relevance' }),
    );
    index.close();
    const sizeBytes = diskBytes(dirname(indexFileFor(dataDir)));
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    const result = {
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      corpus: { articles: manifest.articles, speakers: manifest.speakers.length, megabytes: manifest.bytes / 1e6, seed: corpus.seed },
      index: { ...stats, byTopic: undefined, topics: topics.length },
      ingest: {
        seconds: report.seconds,
        articlesPerSecond: manifest.articles / report.seconds,
        extractSeconds: built.extractSeconds,
        cpuSeconds: built.ingestCpuSeconds,
        statementsExtracted: report.statements,
        failed: report.failed.length,
      },
      sizeMb: sizeBytes / 1e6,
      coldStart: {
        processStartToFirstAnswerMs: cold.firstAnswerMs,
        scriptStartToFirstAnswerMs: cold.fromScriptStartMs,
        openToFirstAnswerMs: openToAnswerMs,
        childMaxRssMb: cold.maxRssMb,
      },
      startupRefresh: { ms: cold.refreshMs, ingestModulesLoadMs: cold.ingestLoadMs, unchangedFiles: cold.unchanged },
      latencyMs: { speakerLookup: lookup, autocomplete3: autocomplete, topic, topicTwoPages: topicPaged, fullText: fts },
      peakRssMb: { ingestProcess: built.maxRssMb, queryProcess: peakRssMb, coldStartProcess: cold.maxRssMb },
      loadAverage: (await import('node:os')).loadavg(),
    };
    const rows: [string, string, string, boolean | null][] = [
      [
        'ingest (extraction included)',
        `${result.ingest.articlesPerSecond.toFixed(0)} articles/s (${(manifest.articles / built.ingestCpuSeconds).toFixed(0)} per cpu-second)`,
        '>= 300',
        result.ingest.articlesPerSecond >= 300,
      ],
      ['  of which extraction', `${built.extractSeconds.toFixed(1)} s of ${report.seconds.toFixed(1)} s`, '', null],
      ['statements extracted / stored', `${report.statements} / ${stats.statements}`, '~100,000', null],
      ['speakers / articles', `${stats.speakers} / ${stats.articles}`, '2,000 / 10,000', null],
      ['index size on disk', `${result.sizeMb.toFixed(1)} MB`, '', null],
      [
        'cold start to first answer',
        `${cold.firstAnswerMs.toFixed(0)} ms (load+open+query ${cold.fromScriptStartMs.toFixed(0)} ms)`,
        '<= 1000 ms',
        cold.firstAnswerMs <= 1000,
      ],
      [
        'start-up refresh, nothing changed',
        `${cold.refreshMs.toFixed(0)} ms for ${cold.unchanged} files (+ ${cold.ingestLoadMs.toFixed(0)} ms loading ingest code)`,
        '',
        null,
      ],
      ['speaker lookup p50 / p99', latencyCell(lookup), 'p99 <= 1 ms', lookup.p99 <= 1],
      ['autocomplete (3 letters) p50 / p99', latencyCell(autocomplete), 'p99 <= 1 ms', autocomplete.p99 <= 1],
      ['topic query p50 / p99', latencyCell(topic), 'p99 <= 5 ms', topic.p99 <= 5],
      ['topic, two pages p50 / p99', latencyCell(topicPaged), '', null],
      ['full-text search p50 / p99', latencyCell(fts), 'p99 <= 5 ms', fts.p99 <= 5],
      ['peak RSS, ingest process', `${built.maxRssMb.toFixed(0)} MB`, '<= 200 MB', built.maxRssMb <= 200],
      [
        'peak RSS, query process',
        `${peakRssMb.toFixed(0)} MB (cold-start process ${cold.maxRssMb.toFixed(0)} MB)`,
        '<= 200 MB',
        peakRssMb <= 200,
      ],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    const w2 = Math.max(...rows.map((r) => r[2].length));
    const lines = [
      `| ${'measure'.padEnd(w0)} | ${'result'.padEnd(w1)} | ${'target'.padEnd(w2)} | ok  |`,
      `| ${'-'.repeat(w0)} | ${'-'.repeat(w1)} | ${'-'.repeat(w2)} | --- |`,
      ...rows.map(
        ([a, b, c, ok]) => `| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c.padEnd(w2)} | ${ok === null ? '   ' : ok ? 'yes' : 'NO '} |`,
      ),
    ];
    const load = (await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    process.stdout.write(`${lines.join('\n')}\n(load average during the run: ${load} on ${result.machine.cpus} cores)\n`);
    const out = values.out ?? join(ROOT, 'bench-out', 'index-bench.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${out}`);
  } finally {
    if (!values.keep && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The Postgres engine on the same corpus and queries: ingest (in this process, extraction included) and the
 * query latencies. Cold start and disk size are SQLite measures and are not repeated here.
 */
async function benchPostgres(articles: number, databaseUrl: string | undefined): Promise<void> {
  const log = (msg: string) => process.stderr.write(`${msg}\n`);
  const { startTestPostgres } = await import('../support/postgres.ts');
  const { openPostgresStore } = await import('../../src/store/postgres/store.ts');
  const server = databaseUrl ? null : await startTestPostgres({ prefer: 'server' });
  const url = databaseUrl ?? server?.url;
  if (!url) throw new Error('no Postgres server binaries here: give --database-url');
  const scale = articles / DEFAULT_CORPUS.articles;
  const corpus: CorpusOptions = {
    ...DEFAULT_CORPUS,
    articles,
    speakers: Math.max(20, Math.round(DEFAULT_CORPUS.speakers * Math.min(1, scale * 4))),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'whosaid-bench-pg-'));
  try {
    log(`generating ${corpus.articles} articles in ${dataDir}, ingesting them into Postgres ...`);
    const manifest = generateCorpus(dataDir, corpus);
    const index = await openPostgresStore(url, { max: 4 });
    const cpu = process.cpuUsage();
    const report = await refreshIndex(index, dataDir, { extract: extractStatements });
    const used = process.cpuUsage(cpu);
    log(`ingested in ${report.seconds.toFixed(1)} s (${report.failed.length} failed)`);
    await index.database.query('ANALYZE');
    const stats = await index.stats();
    const rand = prng(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const spellings = (i: number) => {
      const s = pick(manifest.speakers);
      return [s.name, s.surname.toLowerCase(), s.name.toUpperCase(), typo(s.surname, rand)][i % 4]!;
    };
    const speakerQueries = Array.from({ length: WARM_UP + 2000 }, (_, i) => spellings(i));
    const prefixes = Array.from({ length: WARM_UP + 2000 }, () => pick(manifest.speakers).surname.slice(0, 3));
    const topics = Object.keys(stats.byTopic);
    const months = Array.from({ length: 23 }, (_, m) => new Date(Date.UTC(2024, m, 1)).toISOString().slice(0, 10));
    const ftsQueries = Array.from({ length: WARM_UP + 1000 }, (_, i) =>
      i % 3 === 0
        ? pick(manifest.vocabulary)
        : i % 3 === 1
          ? `${pick(manifest.topicWords)} ${pick(manifest.vocabulary)}`
          : `${pick(manifest.topicWords)} ${pick(manifest.topicWords)}`,
    );
    const lookup = await measure(speakerQueries.length - WARM_UP, (i) => index.lookupSpeaker(speakerQueries[i]!));
    const autocomplete = await measure(prefixes.length - WARM_UP, (i) => index.suggestSpeakers(prefixes[i]!, 25));
    const topic = await measure(1000, (i) =>
      index.findStatements({ topic: topics[i % topics.length]!, from: months[i % months.length]! }, { limit: 10 }),
    );
    const fts = await measure(ftsQueries.length - WARM_UP, (i) =>
      index.findStatements({ text: ftsQueries[i]! }, { limit: 10, order: 'relevance' }),
    );
    const ftsNewest = await measure(ftsQueries.length - WARM_UP, (i) =>
      index.findStatements({ text: ftsQueries[i]! }, { limit: 10, order: 'newest' }),
    );
    await index.close();
    const rows: [string, string, string][] = [
      [
        'ingest (extraction included)',
        `${(manifest.articles / report.seconds).toFixed(0)} articles/s (${(manifest.articles / ((used.user + used.system) / 1e6)).toFixed(0)} per cpu-second of this process)`,
        '>= 100',
      ],
      ['statements extracted / stored', `${report.statements} / ${stats.statements}`, ''],
      ['speakers / articles', `${stats.speakers} / ${stats.articles}`, ''],
      ['speaker lookup p50 / p99', latencyCell(lookup), 'p99 <= 5 ms'],
      ['autocomplete (3 letters) p50 / p99', latencyCell(autocomplete), 'p99 <= 5 ms'],
      ['topic query p50 / p99', latencyCell(topic), ''],
      ['full-text (relevance) p50 / p99', latencyCell(fts), 'p99 <= 30 ms'],
      ['full-text (newest) p50 / p99', latencyCell(ftsNewest), 'p99 <= 30 ms'],
    ];
    const load = (await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
    process.stdout.write(`${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n(Postgres store; load average ${load})\n`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await server?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
