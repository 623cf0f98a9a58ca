// The bench's 1,000 full-text queries (npm run bench's, same corpus and seed) on a Postgres database, for
// changes to the Postgres full-text code: each query's relevance first page, its second page (the first page's
// cursor) and its newest first page, as whole pages (records, totals, cursors).
//   node src/bin/run-ts.mjs test/bench/pg-answers.ts --database-url URL [--out FILE]
//     the answers written to FILE (JSON), with wall and server CPU times
//   … --old DIR: also the same queries through the Store of another checkout (DIR/src/store/postgres/store.ts,
//     e.g. `git archive main src package.json | tar -x -C DIR` with node_modules linked), query by query in
//     turn (which goes first alternates), and every page compared: the count of differing pages is printed
//   … --compare A B: two answer files compared
// Server CPU is the database backend's own CPU time (/proc/PID/schedstat, ns; each store has one connection),
// so it is what a query costs the server whatever else the machine is doing; wall includes waiting for a core.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './synthetic-corpus.ts';
import { at, corpusFor, queriesFor } from './index-bench.ts';
import type { Page, PageRequest, StatementFilter, StatementRecord } from '../../src/store/types.ts';

const WARM_UP = 200;
const KINDS = ['one word', 'topic word + word', 'two topic words'];

interface Searcher {
  findStatements(filter: StatementFilter, page: PageRequest): Promise<Page<StatementRecord>>;
  database: { query<T>(sql: string, values?: unknown[]): Promise<T[]> };
  close(): Promise<void>;
}

interface Side {
  name: string;
  store: Searcher;
  pid: number;
  /** op -> wall ms and server cpu ms per query index. */
  times: Map<string, { wall: number[]; cpu: number[]; kind: string[] }>;
  answers: string[][];
}

function serverCpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
}

async function open(storeModule: string, url: string, name: string): Promise<Side> {
  const { openPostgresStore } = (await import(pathToFileURL(storeModule).href)) as {
    openPostgresStore(url: string, options: { max?: number; readonly?: boolean }): Promise<Searcher>;
  };
  const store = await openPostgresStore(url, { max: 1, readonly: true });
  const [{ pid }] = (await store.database.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
  return { name, store, pid, times: new Map(), answers: [] };
}

/** One query's three pages, each timed; their JSON when `record`. */
async function run(side: Side, text: string, kind: string, record: boolean): Promise<string[]> {
  const out: string[] = [];
  const timed = async (op: string, request: PageRequest) => {
    const c = serverCpuMs(side.pid);
    const t = performance.now();
    const page = await side.store.findStatements({ text }, request);
    const wall = performance.now() - t;
    const cpu = serverCpuMs(side.pid) - c;
    if (record) {
      const list = side.times.get(op) ?? { wall: [], cpu: [], kind: [] };
      list.wall.push(wall);
      list.cpu.push(cpu);
      list.kind.push(kind);
      side.times.set(op, list);
    }
    out.push(JSON.stringify(page));
    return page;
  };
  const first = await timed('relevance', { limit: 10, order: 'relevance' });
  if (first.nextCursor) await timed('relevance page 2', { limit: 10, order: 'relevance', cursor: first.nextCursor });
  else out.push('no second page');
  await timed('newest', { limit: 10, order: 'newest' });
  return out;
}

const quantiles = (list: number[]) => {
  const s = [...list].sort((a, b) => a - b);
  return `${at(s, 0.5).toFixed(1)} / ${at(s, 0.95).toFixed(1)} / ${at(s, 0.99).toFixed(1)}`;
};

function table(sides: Side[]): string {
  const lines: string[] = [];
  for (const op of ['relevance', 'relevance page 2', 'newest']) {
    for (const kind of ['all', ...KINDS]) {
      const cells = sides.map((side) => {
        const t = side.times.get(op);
        if (!t) return '';
        const pick = (list: number[]) => list.filter((_, i) => kind === 'all' || t.kind[i] === kind);
        return `wall ${quantiles(pick(t.wall))}, server cpu ${quantiles(pick(t.cpu))} (${pick(t.wall).length})`;
      });
      lines.push(`| ${op}, ${kind} | ${cells.join(' | ')} |`);
    }
  }
  return [`| p50 / p95 / p99 ms | ${sides.map((s) => s.name).join(' | ')} |`, `|---|${sides.map(() => '---').join('|')}|`, ...lines].join(
    '\n',
  );
}

function compare(a: string[][], b: string[][], queries: string[]): number {
  let differ = 0;
  for (let i = 0; i < a.length; i++) {
    for (let k = 0; k < 3; k++) {
      if (a[i]![k] !== b[i]![k]) {
        differ++;
        if (differ <= 5)
          process.stdout.write(
            `differs: query ${i} "${queries[i]}" page ${k}\n  ${a[i]![k]!.slice(0, 300)}\n  ${b[i]![k]!.slice(0, 300)}\n`,
          );
      }
    }
  }
  return differ;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      out: { type: 'string' },
      old: { type: 'string' },
      compare: { type: 'string', multiple: true },
      articles: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (values.compare) {
    const [a, b] = values.compare.map((f) => JSON.parse(readFileSync(f, 'utf8')) as { queries: string[]; answers: string[][] });
    const differ = compare(a!.answers, b!.answers, a!.queries);
    process.stdout.write(`${differ} of ${a!.answers.length * 3} pages differ\n`);
    return;
  }
  const url = values['database-url'];
  if (!url) throw new Error('--database-url is needed');
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-pg-answers-'));
  const manifest = generateCorpus(dir, corpusFor(values.articles ? Number(values.articles) : 10_000));
  rmSync(dir, { recursive: true, force: true });
  const sides = [await open(resolve('src/store/postgres/store.ts'), url, 'this checkout')];
  if (values.old) sides.unshift(await open(resolve(values.old, 'src/store/postgres/store.ts'), url, `old (${values.old})`));
  const stats = (await sides[0]!.store.database.query<{ topic: string }>('SELECT DISTINCT topic FROM statement_topics')).map(
    (r) => r.topic,
  );
  const { ftsQueries } = queriesFor(manifest, stats);
  for (let i = 0; i < WARM_UP; i++) for (const side of sides) await run(side, ftsQueries[i]!, '', false);
  const timedQueries = ftsQueries.slice(WARM_UP);
  for (let i = WARM_UP; i < ftsQueries.length; i++) {
    const order = i % 2 ? [...sides].reverse() : sides;
    for (const side of order) side.answers.push(await run(side, ftsQueries[i]!, KINDS[i % 3]!, true));
  }
  for (const side of sides) await side.store.close();
  process.stdout.write(`${table(sides)}\n`);
  const os = await import('node:os');
  process.stdout.write(
    `load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  if (sides.length === 2) {
    const differ = compare(sides[0]!.answers, sides[1]!.answers, timedQueries);
    process.stdout.write(`answers: ${differ} of ${timedQueries.length * 3} pages differ (relevance first and second pages, newest)\n`);
  }
  if (values.out) {
    const mine = sides[sides.length - 1]!;
    writeFileSync(
      values.out,
      `${JSON.stringify({ queries: timedQueries, answers: mine.answers, times: Object.fromEntries(mine.times) })}\n`,
    );
    process.stderr.write(`written ${values.out}\n`);
  }
}

await main();
