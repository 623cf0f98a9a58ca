// npm run bench: builds a deterministic synthetic corpus, ingests it (real extractor included), measures the
// queries the bot makes, prints a table and writes bench-out/index-bench.json. Not a test: no assertions.
//   node src/bin/run-ts.mjs test/bench/index-bench.ts [--articles N] [--keep DIR] [--out FILE]
//   … --store postgres [--database-url postgres://…]: the same corpus and queries on the Postgres engine (a
//   throwaway local server when no URL is given); --store both: one engine after the other, and a table of
//   both side by side
//   … --statements N: after ingest, generated statements are added until the index holds N (a 1M run:
//   --statements 1000000)
//   … --store postgres --database-url URL --reuse: a database filled by an earlier run of the same corpus is
//   queried again without ingesting (the ingest row then says so), to iterate on queries at 1M
//   … --warm-rounds K: the warm-up inputs are run K times before timing (1 unless given; the table says so)
// SQLite's lookup and full-text queries are also timed raw (better-sqlite3 alone, inputs prepared beforehand)
// and the app/raw ratio printed: full text with the app's SQL; lookups by SQL returning the app's answer (the
// speaker, or its suggestions: raw-speaker-lookup.ts) and, as in earlier runs, by a whole-name query.
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
import Database from 'better-sqlite3';
import { nameKey } from '../../src/speakers/fold.ts';
import { toFtsQuery } from '../../src/store/fts-query.ts';
import { RELEVANCE_WINDOW } from '../../src/store/statement-queries.ts';
import { TOTAL_CAP } from '../../src/store/postgres/queries.ts';
import { DAY_BLOCK, dayOfId } from '../../src/store/statement-ids.ts';
import { fillPostgres, fillSqlite } from './fill-statements.ts';
import { rawSpeakerLookup } from './raw-speaker-lookup.ts';

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
  p95: number;
  p99: number;
  max: number;
  /** The same from CPU time: what the query costs when the machine is shared (waiting for a core left out). */
  cpuP50: number;
  cpuP99: number;
  n: number;
  /** Wall ms per kind of input (measure's `kindOf`), e.g. the full-text queries' one word / two words. */
  byKind?: Record<string, { p50: number; p95: number; p99: number; n: number }>;
}

/** Inputs 0..WARM_UP-1 warm the code paths up (a running bot has them compiled); WARM_UP..WARM_UP+n-1 are timed. */
const WARM_UP = 200;
/**
 * How many times the warm-up inputs are run (--warm-rounds; 1 unless given). A path taken by a quarter of the
 * inputs (misspelt names) is still being compiled after one round: V8 was seen finishing the lookup code's
 * optimised versions a thousand timed lookups in.
 */
let warmRounds = 1;

/** The quantile q of a sorted list (nearest rank, as every row of the table reads it). */
export const at = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!;

/** Wall and CPU quantiles of timed samples (sorts them in place). */
function summarise({ times, cpu }: { times: number[]; cpu: number[] }): Latency {
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    p50: at(times, 0.5),
    p95: at(times, 0.95),
    p99: at(times, 0.99),
    max: times[times.length - 1]!,
    cpuP50: at(cpu, 0.5),
    cpuP99: at(cpu, 0.99),
    n: times.length,
  };
}

async function measure(n: number, run: (i: number) => Promise<unknown>, kindOf?: (i: number) => string): Promise<Latency> {
  for (let r = 0; r < warmRounds; r++) for (let i = 0; i < WARM_UP; i++) await run(i);
  const times: number[] = [];
  const cpu: number[] = [];
  const kinds = new Map<string, number[]>();
  for (let i = WARM_UP; i < WARM_UP + n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await run(i);
    const ms = performance.now() - t;
    times.push(ms);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    if (kindOf) {
      const list = kinds.get(kindOf(i));
      if (list) list.push(ms);
      else kinds.set(kindOf(i), [ms]);
    }
  }
  const latency = summarise({ times, cpu });
  if (kindOf) {
    latency.byKind = Object.fromEntries(
      [...kinds].map(([kind, list]) => {
        list.sort((a, b) => a - b);
        return [kind, { p50: at(list, 0.5), p95: at(list, 0.95), p99: at(list, 0.99), n: list.length }];
      }),
    );
  }
  return latency;
}

/**
 * Several ways of answering the same inputs (the app and raw SQL), timed alternately query by query, so a
 * loaded machine weighs on all alike. Per way: the latency of all inputs, and by `group` of input.
 */
async function measureAlternating(
  n: number,
  runs: ((i: number) => Promise<unknown>)[],
  group?: (i: number) => string,
): Promise<[Latency[], Map<string, Latency[]>]> {
  for (let r = 0; r < warmRounds; r++) for (let i = 0; i < WARM_UP; i++) for (const run of runs) await run(i);
  type Samples = { times: number[]; cpu: number[] };
  const fresh = (): Samples[] => runs.map(() => ({ times: [], cpu: [] }));
  const samples = fresh();
  const groups = new Map<string, Samples[]>();
  for (let i = WARM_UP; i < WARM_UP + n; i++) {
    const label = group?.(i);
    let inGroup: Samples[] | undefined;
    if (label !== undefined) {
      inGroup = groups.get(label);
      if (!inGroup) groups.set(label, (inGroup = fresh()));
    }
    for (const [k, run] of runs.entries()) {
      const c = process.cpuUsage();
      const t = performance.now();
      await run(i);
      const time = performance.now() - t;
      const used = process.cpuUsage(c);
      const cpu = (used.user + used.system) / 1000;
      samples[k]!.times.push(time);
      samples[k]!.cpu.push(cpu);
      inGroup?.[k]!.times.push(time);
      inGroup?.[k]!.cpu.push(cpu);
    }
  }
  return [samples.map(summarise), new Map([...groups].map(([label, list]) => [label, list.map(summarise)]))];
}

/** Two ways (the app and the raw SQL), as measureAlternating. */
async function measurePair(
  n: number,
  runA: (i: number) => Promise<unknown>,
  runB: (i: number) => Promise<unknown>,
): Promise<[Latency, Latency]> {
  const [[a, b]] = await measureAlternating(n, [runA, runB]);
  return [a!, b!];
}

/** The bench's full-text inputs by kind (queriesFor): one word, a topic word and a word, two topic words. */
const FTS_KINDS = ['one word', 'topic word + word', 'two topic words'];
const ftsKind = (i: number) => FTS_KINDS[i % 3]!;
/** Table rows: wall p50 / p95 / p99 of each kind of input. */
const kindRows = (l: Latency): [string, string, string, boolean | null][] =>
  Object.entries(l.byKind ?? {}).map(([kind, k]) => [
    `  ${kind} p50 / p95 / p99`,
    `${k.p50.toFixed(1)} / ${k.p95.toFixed(1)} / ${k.p99.toFixed(1)} ms (${k.n})`,
    '',
    null,
  ]);
const latencyCell = (l: Latency) => `${l.p50.toFixed(3)} / ${l.p99.toFixed(3)} ms (cpu ${l.cpuP50.toFixed(3)} / ${l.cpuP99.toFixed(3)})`;

function diskBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

function typo(word: string, rand: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(rand() * (word.length - 3));
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

/** One engine's figures: the rows of its own table, and cells for the table of both engines side by side. */
interface EngineResult {
  rows: [string, string, string, boolean | null][];
  cells: Map<string, string>;
  json: Record<string, unknown>;
}

interface Options {
  articles: number;
  statements: number | null;
  keep?: string;
  databaseUrl?: string;
  /** Postgres with --database-url: skip ingest when the database already holds the corpus's articles. */
  reuse?: boolean;
}

/** The corpus both engines are given for `articles` articles. */
export function corpusFor(articles: number): CorpusOptions {
  const scale = articles / DEFAULT_CORPUS.articles;
  return { ...DEFAULT_CORPUS, articles, speakers: Math.max(20, Math.round(DEFAULT_CORPUS.speakers * Math.min(1, scale * 4))) };
}

const SPELLINGS = ['full name', 'surname, lower case', 'full name, upper case', 'surname, two letters swapped (from 5 letters)'] as const;

/** The queries both engines are timed on, drawn from the corpus with one seed. */
export function queriesFor(manifest: CorpusManifest, topics: string[]) {
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
  /** How query i is spelt (the cases of `spellings`), for the lookup figures by spelling. */
  const speakerSpelling = (i: number) => SPELLINGS[i % 4]!;
  const prefixes = Array.from({ length: WARM_UP + 2000 }, () => pick(manifest.speakers).surname.slice(0, 3));
  const months = Array.from({ length: 23 }, (_, m) => new Date(Date.UTC(2024, m, 1)).toISOString().slice(0, 10));
  const ftsQueries = Array.from({ length: WARM_UP + 1000 }, (_, i) =>
    i % 3 === 0
      ? pick(manifest.vocabulary)
      : i % 3 === 1
        ? `${pick(manifest.topicWords)} ${pick(manifest.vocabulary)}`
        : `${pick(manifest.topicWords)} ${pick(manifest.topicWords)}`,
  );
  return { speakerQueries, speakerSpelling, prefixes, topics, months, ftsQueries };
}

const ratioCell = (app: Latency, raw: Latency) =>
  `${(app.p99 / raw.p99).toFixed(1)}x at p99, ${(app.p50 / raw.p50).toFixed(1)}x at p50; cpu ${(app.cpuP99 / raw.cpuP99).toFixed(1)}x / ${(app.cpuP50 / raw.cpuP50).toFixed(1)}x`;
const ratioShort = (app: Latency, raw: Latency) =>
  `${raw.p50.toFixed(3)} / ${raw.p99.toFixed(3)} ms; ${(app.p99 / raw.p99).toFixed(1)}x at p99 (cpu ${(app.cpuP99 / raw.cpuP99).toFixed(1)}x)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string' },
      statements: { type: 'string' },
      keep: { type: 'string' },
      out: { type: 'string' },
      store: { type: 'string', default: 'sqlite' },
      'database-url': { type: 'string' },
      reuse: { type: 'boolean', default: false },
      'warm-rounds': { type: 'string' },
    },
  });
  if (values['warm-rounds']) warmRounds = Number(values['warm-rounds']);
  if (!Number.isInteger(warmRounds) || warmRounds < 1) throw new Error('--warm-rounds is a whole number from 1');
  const engines = values.store === 'both' ? (['sqlite', 'postgres'] as const) : ([values.store] as const);
  for (const engine of engines) if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--store is sqlite, postgres or both');
  const options: Options = {
    articles: values.articles ? Number(values.articles) : DEFAULT_CORPUS.articles,
    statements: values.statements ? Number(values.statements) : null,
    ...(values.keep ? { keep: values.keep } : {}),
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    ...(values.reuse ? { reuse: true } : {}),
  };
  if (options.reuse && !options.databaseUrl) throw new Error('--reuse needs --database-url (a database kept between runs)');
  const results = new Map<string, EngineResult>();
  for (const engine of engines) {
    const result = engine === 'sqlite' ? await benchSqlite(options) : await benchPostgres(options);
    results.set(engine, result);
    process.stdout.write(`\n${engine === 'sqlite' ? 'SQLite' : 'Postgres'}:\n${formatRows(result.rows)}\n`);
  }
  // Both engines side by side (one column per engine run), for the issue's note.
  const names = [...results.keys()];
  const measures: string[] = [];
  for (const r of results.values()) for (const m of r.cells.keys()) if (!measures.includes(m)) measures.push(m);
  const table: string[][] = [
    ['measure', ...names.map((n) => (n === 'sqlite' ? 'SQLite' : 'Postgres'))],
    ...measures.map((m) => [m, ...names.map((n) => results.get(n)!.cells.get(m) ?? '')]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  const os = await import('node:os');
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  process.stdout.write(
    `\n${line(table[0]!)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${table.slice(1).map(line).join('\n')}\n` +
      `(p50 / p99 wall ms, cpu ms of this process in brackets; load average at the end ${load} on ${os.cpus().length} cores, shared with other work${warmRounds === 1 ? '' : `; warm-up inputs run ${warmRounds} times`})\n`,
  );
  const out = values.out ?? join(ROOT, 'bench-out', 'index-bench.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ machine: { cpus: os.cpus().length, node: process.version }, options: { ...options, warmRounds }, ...Object.fromEntries([...results].map(([k, v]) => [k, v.json])) }, null, 2)}\n`,
  );
  process.stderr.write(`written ${out}\n`);
}

function formatRows(rows: [string, string, string, boolean | null][]): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const w2 = Math.max(...rows.map((r) => r[2].length));
  return [
    `| ${'measure'.padEnd(w0)} | ${'result'.padEnd(w1)} | ${'target'.padEnd(w2)} | ok  |`,
    `| ${'-'.repeat(w0)} | ${'-'.repeat(w1)} | ${'-'.repeat(w2)} | --- |`,
    ...rows.map(([a, b, c, ok]) => `| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c.padEnd(w2)} | ${ok === null ? '   ' : ok ? 'yes' : 'NO '} |`),
  ].join('\n');
}

/**
 * The raw SQLite queries behind a lookup and a full-text page: better-sqlite3 alone, no app code. `speaker`: the
 * app's lookup answer by SQL (raw-speaker-lookup.ts); `lookup`: a whole name or alias only, the comparator of
 * earlier runs (no rows for a surname or a misspelt name, where the app resolves or suggests).
 */
function rawSqlite(file: string) {
  const db = new Database(file, { readonly: true });
  const lookup = db.prepare(
    `SELECT s.id, s.name, s.role, s.type, s.curated, s.statement_count FROM speaker_names n JOIN speakers s ON s.id = n.speaker_id
     WHERE n.key = ? ORDER BY s.curated DESC, s.statement_count DESC, s.id LIMIT 5`,
  );
  const count = db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM statements_fts WHERE statements_fts MATCH ? LIMIT ${TOTAL_CAP + 1})`)
    .pluck();
  const floor = db
    .prepare(
      `SELECT statements_fts.rowid FROM statements_fts WHERE statements_fts MATCH ? ORDER BY statements_fts.rowid DESC LIMIT 1 OFFSET ${RELEVANCE_WINDOW - 1}`,
    )
    .pluck();
  const ranked = db.prepare(
    `SELECT * FROM (SELECT statements_fts.rowid AS id, bm25(statements_fts, 10.0, 2.0, 4.0) AS k0, statements_fts.rowid AS k1 FROM statements_fts
     WHERE statements_fts MATCH ? AND statements_fts.rowid >= ?) AS keyed ORDER BY k0 ASC, k1 ASC LIMIT 11`,
  );
  const records = db.prepare(
    `SELECT s.id, s.text, s.kind, s.context, s.venue, s.cue, s.topics, s.published, s.speaker_id AS speakerId,
            s.speaker_role AS speakerRole, sp.name AS speakerName, sp.type AS speakerType, sp.role AS currentRole,
            sp.curated AS curated, s.unnamed_source AS unnamedSource, s.unattributed, s.inner_source AS innerSource
     FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id IN (SELECT value FROM json_each(?))`,
  );
  const sources = db.prepare(
    `SELECT ss.statement_id AS statementId, a.id, a.title, a.outlet, a.published, a.url, a.file, a.owner, a.provenance
     FROM statement_sources ss JOIN articles a ON a.id = ss.article_id WHERE ss.statement_id IN (SELECT value FROM json_each(?))
     ORDER BY a.published, a.id`,
  );
  const speaker = rawSpeakerLookup(db);
  return {
    lookup: (key: string) => lookup.all(key),
    speaker: speaker.lookup,
    speakerSetupMs: speaker.setupMs,
    fullText: (match: string) => {
      const n = count.get(match) as number;
      const floorId = n > RELEVANCE_WINDOW ? (floor.get(match) as number | undefined) : undefined;
      const from = floorId === undefined ? -(2n ** 62n) : BigInt(dayOfId(floorId) * DAY_BLOCK);
      const ids = JSON.stringify((ranked.all(match, from) as { id: number }[]).slice(0, 10).map((r) => r.id));
      return [records.all(ids), sources.all(ids)];
    },
    close: () => db.close(),
  };
}

async function benchSqlite(options: Options): Promise<EngineResult> {
  const corpus = corpusFor(options.articles);
  const dataDir = options.keep ?? mkdtempSync(join(tmpdir(), 'whosaid-bench-'));
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
    let filled = 0;
    if (options.statements) {
      const t = performance.now();
      const db = new Database(indexFileFor(dataDir));
      filled = fillSqlite(db, options.statements, manifest.vocabulary);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      log(`added ${filled} generated statements in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }

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
    const { speakerQueries, speakerSpelling, prefixes, topics, months, ftsQueries } = queriesFor(manifest, Object.keys(stats.byTopic));
    // Lookups and full text also raw: inputs prepared beforehand (keys folded, MATCH strings built), only the
    // database timed, alternating with the app's.
    const raw = rawSqlite(indexFileFor(dataDir));
    const keys = speakerQueries.map((q) => nameKey(q));
    const matches = ftsQueries.map((q) => toFtsQuery(q)!);
    // Two raw sides: the app's rows by SQL alone (the name, else a surname, else suggestions: raw-speaker-lookup.ts),
    // and the comparator of earlier runs, a whole name or alias only (no rows for a surname or a typo).
    const [lookups, lookupBySpelling] = await measureAlternating(
      speakerQueries.length - WARM_UP,
      [(i) => index.lookupSpeaker(speakerQueries[i]!), async (i) => raw.speaker(keys[i]!), async (i) => raw.lookup(keys[i]!)],
      speakerSpelling,
    );
    const [lookup, rawLookup, rawExactLookup] = lookups as [Latency, Latency, Latency];
    // Per spelling: how often the raw SQL's answer is the app's (the speaker found, or the suggestions in order),
    // and how often the whole-name query finds rows at all.
    const rawAnswers = new Map<string, { agree: number; exactRows: number; of: number }>();
    for (let i = WARM_UP; i < speakerQueries.length; i++) {
      const tally = rawAnswers.get(speakerSpelling(i)) ?? { agree: 0, exactRows: 0, of: 0 };
      tally.of++;
      const app = await index.lookupSpeaker(speakerQueries[i]!);
      const rawSide = raw.speaker(keys[i]!);
      const appIds = app.kind === 'found' ? [app.speaker.id] : app.suggestions.map((m) => m.id);
      if (rawSide.kind === app.kind && rawSide.ids.join() === appIds.join()) tally.agree++;
      if (raw.lookup(keys[i]!).length > 0) tally.exactRows++;
      rawAnswers.set(speakerSpelling(i), tally);
    }
    const agreed = [...rawAnswers.values()].reduce((sum, t) => sum + t.agree, 0);
    const autocomplete = await measure(prefixes.length - WARM_UP, (i) => index.suggestSpeakers(prefixes[i]!, 25));
    const topic = await measure(1000, (i) =>
      index.findStatements({ topic: topics[i % topics.length]!, from: months[i % months.length]! }, { limit: 10 }),
    );
    const topicPaged = await measure(1000, async (i) => {
      const first = await index.findStatements({ topic: topics[i % topics.length]! }, { limit: 10 });
      await index.findStatements({ topic: topics[i % topics.length]! }, { limit: 10, cursor: first.nextCursor });
    });
    let capped = 0;
    const [fts, rawFts] = await measurePair(
      ftsQueries.length - WARM_UP,
      async (i) => {
        const page = await index.findStatements({ text: ftsQueries[i]! }, { limit: 10, order: 'relevance' });
        if (page.totalCapped && i >= WARM_UP) capped++;
      },
      async (i) => raw.fullText(matches[i]!),
    );
    index.close();
    raw.close();
    const sizeBytes = diskBytes(dirname(indexFileFor(dataDir)));
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const articlesPerSecond = manifest.articles / report.seconds;

    const rows: EngineResult['rows'] = [
      [
        'ingest (extraction included)',
        `${articlesPerSecond.toFixed(0)} articles/s (${(manifest.articles / built.ingestCpuSeconds).toFixed(0)} per cpu-second)`,
        '>= 300',
        articlesPerSecond >= 300,
      ],
      ['  of which extraction', `${built.extractSeconds.toFixed(1)} s of ${report.seconds.toFixed(1)} s`, '', null],
      ['statements extracted / stored', `${report.statements} / ${stats.statements}${filled ? ` (${filled} generated)` : ''}`, '', null],
      ['speakers / articles', `${stats.speakers} / ${stats.articles}`, '', null],
      ['index size on disk', `${(sizeBytes / 1e6).toFixed(1)} MB`, '', null],
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
      ['  raw, same rows (SQL alone)', latencyCell(rawLookup), '', null],
      ['    answers the same as the app', `${agreed} of ${lookup.n} (set-up ${raw.speakerSetupMs.toFixed(0)} ms)`, '', null],
      ['  app / raw', ratioCell(lookup, rawLookup), 'p99 within 2x', lookup.p99 <= 2 * rawLookup.p99],
      ['  raw, exact name only (earlier runs)', latencyCell(rawExactLookup), '', null],
      ['  app / raw exact name only', ratioCell(lookup, rawExactLookup), '', null],
      ...[...lookupBySpelling].map(([spelling, [app, rawSide, rawExact]]): EngineResult['rows'][number] => {
        const tally = rawAnswers.get(spelling);
        return [
          `    ${spelling}`,
          `app ${app!.p50.toFixed(3)} / ${app!.p99.toFixed(3)}, raw ${rawSide!.p50.toFixed(3)} / ${rawSide!.p99.toFixed(3)} ms (${(app!.p99 / rawSide!.p99).toFixed(1)}x, same answer ${tally?.agree ?? 0} of ${app!.n}); exact name only ${rawExact!.p50.toFixed(3)} / ${rawExact!.p99.toFixed(3)} (${(app!.p99 / rawExact!.p99).toFixed(1)}x, rows for ${tally?.exactRows ?? 0})`,
          '',
          null,
        ];
      }),
      ['autocomplete (3 letters) p50 / p99', latencyCell(autocomplete), 'p99 <= 1 ms', autocomplete.p99 <= 1],
      ['topic query p50 / p99', latencyCell(topic), 'p99 <= 5 ms', topic.p99 <= 5],
      ['topic, two pages p50 / p99', latencyCell(topicPaged), '', null],
      ['full-text search p50 / p99', latencyCell(fts), 'p99 <= 5 ms', fts.p99 <= 5],
      ['  of which totals capped at 10,000+', `${capped} of ${fts.n} queries`, '', null],
      ['  raw (better-sqlite3, same SQL)', latencyCell(rawFts), '', null],
      ['  app / raw', ratioCell(fts, rawFts), 'p99 within 2x', fts.p99 <= 2 * rawFts.p99],
      ['peak RSS, ingest process', `${built.maxRssMb.toFixed(0)} MB`, '<= 200 MB', built.maxRssMb <= 200],
      [
        'peak RSS, query process',
        `${peakRssMb.toFixed(0)} MB (cold-start process ${cold.maxRssMb.toFixed(0)} MB)`,
        '<= 200 MB',
        peakRssMb <= 200,
      ],
    ];
    const cells = new Map<string, string>([
      ['ingest, articles/s (extraction included)', articlesPerSecond.toFixed(0)],
      ['statements stored', `${stats.statements}${filled ? ` (${filled} generated)` : ''}`],
      ['speaker lookup', latencyCell(lookup)],
      ['speaker lookup, raw (same rows); app÷raw', ratioShort(lookup, rawLookup)],
      ['speaker lookup, raw exact name only; app÷raw', ratioShort(lookup, rawExactLookup)],
      ['autocomplete (3 letters)', latencyCell(autocomplete)],
      ['topic query', latencyCell(topic)],
      ['full-text (relevance)', latencyCell(fts)],
      ['full-text, raw; app÷raw', ratioShort(fts, rawFts)],
      ['full-text totals capped (10,000+)', `${capped} of ${fts.n}`],
    ]);
    const json = {
      corpus: { articles: manifest.articles, speakers: manifest.speakers.length, megabytes: manifest.bytes / 1e6, seed: corpus.seed },
      index: { ...stats, byTopic: undefined, topics: topics.length, generated: filled },
      ingest: {
        seconds: report.seconds,
        articlesPerSecond,
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
      rawLatencyMs: { speakerLookup: rawLookup, speakerLookupExactNameOnly: rawExactLookup, fullText: rawFts },
      rawSpeakerLookup: { sameAnswers: agreed, of: lookup.n, setupMs: raw.speakerSetupMs },
      speakerLookupBySpelling: Object.fromEntries(
        [...lookupBySpelling].map(([spelling, [app, rawSide, rawExact]]) => [
          spelling,
          { app, raw: rawSide, rawExactNameOnly: rawExact, ...rawAnswers.get(spelling) },
        ]),
      ),
      peakRssMb: { ingestProcess: built.maxRssMb, queryProcess: peakRssMb, coldStartProcess: cold.maxRssMb },
      loadAverage: (await import('node:os')).loadavg(),
    };
    return { rows, cells, json };
  } finally {
    if (!options.keep && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The Postgres engine on the same corpus and queries: ingest (in this process, extraction included) and the
 * query latencies. Cold start and disk size are SQLite measures and are not repeated here. After ingest the
 * tables are vacuumed and analysed, as autovacuum does in a running database.
 */
async function benchPostgres(options: Options): Promise<EngineResult> {
  const log = (msg: string) => process.stderr.write(`${msg}\n`);
  const { startTestPostgres } = await import('../support/postgres.ts');
  const { openPostgresStore } = await import('../../src/store/postgres/store.ts');
  const server = options.databaseUrl ? null : await startTestPostgres({ prefer: 'server' });
  const url = options.databaseUrl ?? server?.url;
  if (!url) throw new Error('no Postgres server binaries here: give --database-url');
  const corpus = corpusFor(options.articles);
  const dataDir = mkdtempSync(join(tmpdir(), 'whosaid-bench-pg-'));
  try {
    log(`generating ${corpus.articles} articles in ${dataDir}, ingesting them into Postgres ...`);
    const manifest = generateCorpus(dataDir, corpus);
    const index = await openPostgresStore(url, { max: 4 });
    const cpu = process.cpuUsage();
    const [{ n: held }] = (await index.database.query<{ n: number }>('SELECT count(*)::int AS n FROM articles')) as [{ n: number }];
    const reused = options.reuse === true && held >= manifest.articles;
    const report = reused
      ? { seconds: Number.NaN, statements: Number.NaN, failed: [] as unknown[] }
      : await refreshIndex(index, dataDir, { extract: extractStatements });
    const used = process.cpuUsage(cpu);
    log(
      reused
        ? `reusing the database's ${held} articles (no ingest)`
        : `ingested in ${report.seconds.toFixed(1)} s (${report.failed.length} failed)`,
    );
    let filled = 0;
    if (options.statements) {
      const t = performance.now();
      filled = await fillPostgres(index.database, options.statements, manifest.vocabulary);
      log(`added ${filled} generated statements in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    await index.database.query('VACUUM ANALYZE');
    const stats = await index.stats();
    const { speakerQueries, prefixes, topics, months, ftsQueries } = queriesFor(manifest, Object.keys(stats.byTopic));
    const lookup = await measure(speakerQueries.length - WARM_UP, (i) => index.lookupSpeaker(speakerQueries[i]!));
    const autocomplete = await measure(prefixes.length - WARM_UP, (i) => index.suggestSpeakers(prefixes[i]!, 25));
    const topic = await measure(1000, (i) =>
      index.findStatements({ topic: topics[i % topics.length]!, from: months[i % months.length]! }, { limit: 10 }),
    );
    let capped = 0;
    const fts = await measure(
      ftsQueries.length - WARM_UP,
      async (i) => {
        const page = await index.findStatements({ text: ftsQueries[i]! }, { limit: 10, order: 'relevance' });
        if (page.totalCapped && i >= WARM_UP) capped++;
      },
      ftsKind,
    );
    const ftsNewest = await measure(
      ftsQueries.length - WARM_UP,
      (i) => index.findStatements({ text: ftsQueries[i]! }, { limit: 10, order: 'newest' }),
      ftsKind,
    );
    await index.close();
    const articlesPerSecond = manifest.articles / report.seconds;
    const ftsTarget = options.statements && options.statements >= 1_000_000 ? 100 : 30;
    const rows: EngineResult['rows'] = [
      [
        'ingest (extraction included)',
        reused
          ? 'not measured (--reuse)'
          : `${articlesPerSecond.toFixed(0)} articles/s (${(manifest.articles / ((used.user + used.system) / 1e6)).toFixed(0)} per cpu-second of this process)`,
        '>= 100',
        reused ? null : articlesPerSecond >= 100,
      ],
      [
        'statements extracted / stored',
        `${reused ? 'not extracted (--reuse)' : report.statements} / ${stats.statements}${filled ? ` (${filled} generated)` : ''}`,
        '',
        null,
      ],
      ['speakers / articles', `${stats.speakers} / ${stats.articles}`, '', null],
      ['speaker lookup p50 / p99', latencyCell(lookup), 'p99 <= 5 ms', lookup.p99 <= 5],
      ['autocomplete (3 letters) p50 / p99', latencyCell(autocomplete), 'p99 <= 5 ms', autocomplete.p99 <= 5],
      ['topic query p50 / p99', latencyCell(topic), '', null],
      ['full-text (relevance) p50 / p99', latencyCell(fts), `p99 <= ${ftsTarget} ms`, fts.p99 <= ftsTarget],
      ['  of which totals capped at 10,000+', `${capped} of ${fts.n} queries`, '', null],
      ...kindRows(fts),
      ['full-text (newest) p50 / p99', latencyCell(ftsNewest), `p99 <= ${ftsTarget} ms`, ftsNewest.p99 <= ftsTarget],
      ...kindRows(ftsNewest),
    ];
    const cells = new Map<string, string>([
      ['ingest, articles/s (extraction included)', reused ? 'not measured (--reuse)' : articlesPerSecond.toFixed(0)],
      ['statements stored', `${stats.statements}${filled ? ` (${filled} generated)` : ''}`],
      ['speaker lookup', latencyCell(lookup)],
      ['autocomplete (3 letters)', latencyCell(autocomplete)],
      ['topic query', latencyCell(topic)],
      ['full-text (relevance)', latencyCell(fts)],
      ['full-text (newest)', latencyCell(ftsNewest)],
      ['full-text totals capped (10,000+)', `${capped} of ${fts.n}`],
    ]);
    const json = {
      corpus: { articles: manifest.articles, speakers: manifest.speakers.length, seed: corpus.seed },
      index: { ...stats, byTopic: undefined, generated: filled },
      ingest: { seconds: report.seconds, articlesPerSecond, cpuSeconds: (used.user + used.system) / 1e6, failed: report.failed.length },
      latencyMs: { speakerLookup: lookup, autocomplete3: autocomplete, topic, fullText: fts, fullTextNewest: ftsNewest },
      cappedTotals: capped,
      loadAverage: (await import('node:os')).loadavg(),
    };
    return { rows, cells, json };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await server?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
