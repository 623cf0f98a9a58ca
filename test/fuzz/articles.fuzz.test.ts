// Hostile articles, seeded and bounded in time (issue 6): generated files go through the real ingest (parse,
// extract, store into a real SQLite index) and, decoded as far as they decode, through the extractor on its
// own. Whatever the input: no crash, no hang (each article's extraction within a time budget linear in its
// length, so super-linear behaviour fails; it found two: a quotation mark's line by lastIndexOf, and text without
// sentence ends read as one endless sentence), a refusal that names the file with a clear one-line reason, and
// an index logically unchanged by every refused article, including one that replaces an indexed file.
//   WHOSAID_FUZZ_SEED=123 WHOSAID_FUZZ_CASES=1000 WHOSAID_FUZZ_BUDGET_MS=120000 npx vitest run test/fuzz
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ARTICLE_BYTES } from '../../src/articles/parse.ts';
import { extractStatements } from '../../src/extract/index.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { ingestPaths, refreshIndex, registryFor, indexFileFor } from '../../src/ingest/index.ts';
import type { Extractor, IngestReport } from '../../src/ingest/index.ts';
import type { ExtractedStatement } from '../../src/model.ts';
import { checkConsistency, dumpIndex } from '../ingest/helpers.ts';
import { CATEGORIES, frontMatter, prng, sizeCases } from './generate.ts';
import type { FuzzCase } from './generate.ts';

const SEED = Number(process.env['WHOSAID_FUZZ_SEED'] ?? 20_261_128);
const CASES = Number(process.env['WHOSAID_FUZZ_CASES'] ?? 200);
const BUDGET_MS = Number(process.env['WHOSAID_FUZZ_BUDGET_MS'] ?? 20_000);
/** At least every category this many times, however slow the machine: a run that covers less fails. */
const MIN_ROUNDS = 3;
/**
 * Extraction time allowed for one article: 2 s, plus 2 s per 250,000 characters beyond. Linear on purpose:
 * a quadratic pass (a quotation mark's line found by lastIndexOf, once) took 72 s on a 2 MB paragraph.
 */
const extractionBudgetMs = (chars: number) => 2_000 * Math.max(1, chars / 250_000);

const lossy = new TextDecoder('utf-8', { fatal: false });

let dataDir: string;
let index: SqliteStore;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'whosaid-fuzz-'));
  mkdirSync(join(dataDir, 'articles'));
  mkdirSync(join(dataDir, 'fuzz'));
  cpSync('data/articles/2025-08-23-unn-nato-troops-ukraine.md', join(dataDir, 'articles', 'seed.md'));
  index = openSqliteStore(indexFileFor(dataDir));
  await refreshIndex(index, dataDir);
});

afterAll(() => {
  index?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Every table's rows, as a digest (deep equality of thousands of rows per case would eat the budget). */
function snapshot(): { digest: string; dump: ReturnType<typeof dumpIndex> } {
  const dump = dumpIndex(index.db);
  return { digest: createHash('sha256').update(JSON.stringify(dump)).digest('hex'), dump };
}

interface Timed {
  chars: number;
  ms: number;
}

/** Statements whose text is empty (a "quotation" of quotation marks alone): ingest drops them before storing. */
let emptyStatements = 0;

function checkStatements(statements: ExtractedStatement[], body: string, where: string): void {
  for (const s of statements) {
    if (!s.text.trim()) emptyStatements++;
    expect(s.span.start, where).toBeGreaterThanOrEqual(0);
    expect(s.span.end, where).toBeLessThanOrEqual(body.length);
    expect(s.span.start, where).toBeLessThanOrEqual(s.span.end);
  }
}

function timeExtraction(body: string, where: string, timings: Timed[]): ExtractedStatement[] {
  const started = performance.now();
  const statements = extractStatements(body, { outlet: 'Fuzz Wire' });
  const ms = performance.now() - started;
  timings.push({ chars: body.length, ms });
  expect(ms, `${where}: extraction of ${body.length} characters took ${ms.toFixed(0)} ms`).toBeLessThanOrEqual(
    extractionBudgetMs(body.length),
  );
  checkStatements(statements, body, where);
  return statements;
}

describe(`hostile articles (seed ${SEED})`, () => {
  it(
    'never crash or hang ingest and extraction, are refused clearly, and leave the index as it was',
    async () => {
      const rand = prng(SEED);
      const timings: Timed[] = [];
      const counts = new Map<string, { cases: number; refused: number; indexed: number; ms: number }>();
      const started = performance.now();
      const registry = registryFor(dataDir);
      let extracted: { body: string; statements: ExtractedStatement[] } | null;
      const extract: Extractor = (body, options) => {
        const where = `extraction inside ingest`;
        const started = performance.now();
        const statements = extractStatements(body, options);
        const ms = performance.now() - started;
        timings.push({ chars: body.length, ms });
        expect(ms, `${where} of ${body.length} characters took ${ms.toFixed(0)} ms`).toBeLessThanOrEqual(extractionBudgetMs(body.length));
        extracted = { body, statements };
        return statements;
      };
      const ingest = (file: string): Promise<IngestReport> => ingestPaths(index, [file], { dataDir, registry, extract, prune: false });

      // An indexed article that refused files will try to replace.
      const victim = join(dataDir, 'fuzz', 'victim.md');
      writeFileSync(victim, `${frontMatter({ title: '"The victim"' })}Mark Rutte said: "We will not be replaced by garbage."\n`);
      expect(await ingest(victim)).toMatchObject({ added: 1, failed: [] });

      let before = snapshot();
      const cases: FuzzCase[] = sizeCases(rand, MAX_ARTICLE_BYTES);
      let n = 0;
      for (; n < CASES; n++) {
        if (n >= cases.length) cases.push(CATEGORIES[(n - 3) % CATEGORIES.length]!(rand));
        const c = cases[n]!;
        if (n >= 3 + CATEGORIES.length * MIN_ROUNDS && performance.now() - started > BUDGET_MS) break;
        const tally = counts.get(c.category) ?? { cases: 0, refused: 0, indexed: 0, ms: 0 };
        const caseStarted = performance.now();
        counts.set(c.category, tally);
        tally.cases++;

        // Refused files alternate between a new name and overwriting the indexed victim.
        const replacing = c.expect === 'rejected' && n % 2 === 0;
        const file = replacing ? victim : join(dataDir, 'fuzz', `case-${n}.md`);
        const key = replacing ? 'fuzz/victim.md' : `fuzz/case-${n}.md`;
        const where = `case ${n} (${c.category}: ${c.label})`;
        writeFileSync(file, c.bytes);

        extracted = null;
        let report: IngestReport;
        try {
          report = await ingest(file);
        } catch (error) {
          throw new Error(`${where}: ingest threw ${(error as Error).stack}`, { cause: error });
        }

        if (report.failed.length > 0) {
          tally.refused++;
          expect(c.expect, `${where} was refused: ${report.failed[0]!.reason}`).not.toBe('accepted');
          expect(report, where).toMatchObject({ added: 0, updated: 0, failed: [{ file: key, reason: expect.any(String) }] });
          const reason = report.failed[0]!.reason;
          // Clear: one short line, no stack, no "[object Object]" or "undefined", what the category predicts.
          expect(reason, where).toMatch(/^[^\n]{5,300}$/);
          expect(reason, where).not.toMatch(/\bat \S+:\d+|\[object |undefined|Error:/);
          if (c.reason) expect(reason, where).toMatch(c.reason);
          // Logically unchanged: every table, every row (ingest timestamps aside).
          const after = snapshot();
          if (after.digest !== before.digest) expect(after.dump, `${where}: a refused article changed the index`).toEqual(before.dump);
          // The extractor on its own survives what the door refused (as far as the bytes decode).
          timeExtraction(lossy.decode(c.bytes), `${where}, extraction alone`, timings);
        } else {
          tally.indexed++;
          expect(c.expect, `${where} was indexed`).not.toBe('rejected');
          expect(report, where).toMatchObject({ added: 1, failed: [] });
          const { body, statements } = extracted ?? { body: '', statements: [] };
          expect(extracted, `${where}: ingest did not call the extractor`).not.toBeNull();
          checkStatements(statements, body, where);
          // Out again, so the index stays small and each comparison cheap.
          expect(await index.removeArticles([key]), where).toEqual([key]);
          before = snapshot();
        }
        tally.ms += performance.now() - caseStarted;
      }

      expect(checkConsistency(index.db)).toEqual([]);
      // The victim still holds its own statement, whatever was written over its file.
      expect((await index.findStatements({ text: 'garbage' }, { limit: 5 })).items.map((s) => s.text)).toEqual([
        'We will not be replaced by garbage.',
      ]);
      for (const category of ['binary', 'invalid-utf8', 'front-matter', 'oversize'])
        expect(counts.get(category)?.indexed, category).toBe(0);
      for (const category of [
        'quote-storm',
        'unbalanced-quotes',
        'bidi-zero-width',
        'mentions-markdown',
        'long-paragraph',
        'run-on',
        'largest',
      ]) {
        expect(counts.get(category)?.refused, category).toBe(0);
      }
      expect(counts.size).toBe(CATEGORIES.length + 2);

      const slowest = [...timings].sort((a, b) => b.ms / extractionBudgetMs(b.chars) - a.ms / extractionBudgetMs(a.chars))[0]!;
      console.info(
        `fuzz: seed ${SEED}, ${n} cases in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
          `${[...counts].map(([k, v]) => `${k} ${v.cases} (${v.refused} refused, ${(v.ms / 1000).toFixed(1)} s)`).join(', ')}; ` +
          `${emptyStatements} extracted statements with empty text (dropped by ingest); ` +
          `slowest extraction against its budget: ${slowest.chars} characters in ${slowest.ms.toFixed(0)} ms`,
      );
    },
    BUDGET_MS + 100_000,
  );
});
