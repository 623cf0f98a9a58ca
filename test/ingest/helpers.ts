// Test helpers: temp data folders, article files we write ourselves, a deterministic extractor, index dumps.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ExtractedStatement, StatementKind } from '../../src/model.ts';

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-test-'));
  mkdirSync(join(dir, 'articles'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ArticleSpec {
  title?: string;
  outlet?: string;
  published?: string;
  body: string;
}

export function articleSource(spec: ArticleSpec): string {
  return [
    '---',
    `title: ${JSON.stringify(spec.title ?? 'A test article')}`,
    `outlet: ${spec.outlet ?? 'Test Wire'}`,
    `published: ${spec.published ?? '2025-09-01'}`,
    'language: en',
    '---',
    '',
    spec.body,
  ].join('\n');
}

export function writeArticle(dataDir: string, name: string, spec: ArticleSpec): string {
  const path = join(dataDir, 'articles', name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, articleSource(spec));
  return path;
}

/**
 * A deterministic stand-in for the real extractor: every line written
 * `Name [role] <kind>: text` is one statement ("Mark Rutte [NATO chief] direct: We stand firm.").
 */
export function lineExtractor(body: string): ExtractedStatement[] {
  const out: ExtractedStatement[] = [];
  const line = /^(.+?)(?: \[(.+?)\])? (direct|indirect|mixed|continuation): (.+)$/gm;
  for (const m of body.matchAll(line)) {
    const start = m.index + m[0].length - m[4]!.length;
    out.push({
      text: m[4]!,
      span: { start, end: start + m[4]!.length },
      parts: null,
      kind: m[3] as StatementKind,
      cue: null,
      speaker: { name: m[1]!, role: m[2] ?? null, type: 'person', mention: { start: m.index, end: m.index + m[1]!.length, text: m[1]! } },
      context: null,
      venue: null,
      rule: 'test-line',
      confidence: 1,
    });
  }
  return out;
}

/** Every table's rows (ingest timestamps left out), to compare an index before and after. */
export function dumpIndex(db: Database): Record<string, unknown[]> {
  const tables = ['articles', 'speakers', 'speaker_names', 'speaker_roles', 'statements', 'statement_topics', 'statement_sources'];
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    dump[table] = (db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all() as Record<string, unknown>[]).map((row) => {
      const { ingested_at: _ignored, ...rest } = row;
      return rest;
    });
  }
  dump.fts = db.prepare(`SELECT rowid, * FROM statements_fts ORDER BY rowid`).all();
  return dump;
}

/** Invariants a consistent index keeps whatever happened to the process that wrote it. */
export function checkConsistency(db: Database): string[] {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  try {
    db.exec(`INSERT INTO statements_fts(statements_fts, rank) VALUES ('integrity-check', 1)`);
  } catch (error) {
    problems.push(`fts: ${(error as Error).message}`);
  }
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  if (one('SELECT count(*) FROM statements s WHERE NOT EXISTS (SELECT 1 FROM statement_sources ss WHERE ss.statement_id = s.id)')) {
    problems.push('statements without a source');
  }
  if (one('SELECT count(*) FROM statement_sources ss WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = ss.article_id)')) {
    problems.push('sources without an article');
  }
  if (one('SELECT count(*) FROM speakers sp WHERE statement_count <> (SELECT count(*) FROM statements s WHERE s.speaker_id = sp.id)')) {
    problems.push('speaker statement counts out of date');
  }
  if (one('SELECT count(*) FROM statements') !== one('SELECT count(*) FROM statements_fts')) problems.push('fts row count differs');
  // Statement ids carry their publication day (src/store/statement-ids.ts).
  if (one(`SELECT count(*) FROM statements WHERE id / ${2 ** 21} <> CAST(julianday(published) - 2440587.5 AS INTEGER)`)) {
    problems.push('statement ids out of step with their dates');
  }
  if (one('SELECT count(*) FROM statement_topics t JOIN statements s ON s.id = t.statement_id WHERE t.published <> s.published')) {
    problems.push('topic rows out of step with their statements');
  }
  return problems;
}
