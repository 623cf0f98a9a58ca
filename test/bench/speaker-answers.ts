// Every speaker answer the index bench asks for, and more typos, written out so that two versions of the lookup
// code can be compared (diff the files): not a test, no assertions.
//   node src/bin/run-ts.mjs test/bench/speaker-answers.ts DATA_DIR OUT_FILE
// DATA_DIR: a directory kept by `npm run bench -- --store sqlite --keep DATA_DIR` (its index is read, not changed).
// Per query: the lookup (the speaker found, or its suggestions: names close to the whole word) and 25 autocomplete
// suggestions, by speaker id and score. Queries: the bench's lookups and autocomplete prefixes, and
// every corpus surname with each pair of neighbouring letters swapped, each letter dropped and each doubled.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexFileFor } from '../../src/ingest/data-dir.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { SpeakerMatch } from '../../src/store/types.ts';
import { corpusFor, queriesFor } from './index-bench.ts';
import { DEFAULT_CORPUS, generateCorpus } from './synthetic-corpus.ts';

const [dataDir, out] = process.argv.slice(2);
if (!dataDir || !out) throw new Error('usage: speaker-answers.ts DATA_DIR OUT_FILE');
const scratch = mkdtempSync(join(tmpdir(), 'whosaid-answers-'));
const manifest = generateCorpus(scratch, corpusFor(DEFAULT_CORPUS.articles));
rmSync(scratch, { recursive: true, force: true });
const store = openSqliteStore(indexFileFor(dataDir));
const stats = await store.stats();
const { speakerQueries, prefixes } = queriesFor(manifest, Object.keys(stats.byTopic));
const variants: string[] = [];
for (const { surname } of manifest.speakers) {
  for (let i = 0; i + 1 < surname.length; i++) variants.push(surname.slice(0, i) + surname[i + 1] + surname[i] + surname.slice(i + 2));
  for (let i = 0; i < surname.length; i++) variants.push(surname.slice(0, i) + surname.slice(i + 1));
  for (let i = 0; i < surname.length; i++) variants.push(surname.slice(0, i + 1) + surname.slice(i));
}
const queries = [...new Set([...speakerQueries, ...prefixes, ...variants])];
const brief = (list: SpeakerMatch[]) => list.map((m) => `${m.id}:${m.score}`).join(',');
const lines: string[] = [];
for (const q of queries) {
  const found = await store.lookupSpeaker(q);
  const lookup = found.kind === 'found' ? `found ${found.speaker.id}` : `unknown ${brief(found.suggestions)}`;
  lines.push(`${q}\t${lookup}\t${brief(await store.suggestSpeakers(q, 25))}`);
}
store.close();
writeFileSync(out, `${lines.join('\n')}\n`);
process.stderr.write(`${queries.length} queries, ${queries.length * 2} answers written to ${out}\n`);
