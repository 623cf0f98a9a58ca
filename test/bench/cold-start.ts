// Child process of the index bench: a fresh process opens an existing index and answers one /quote-like
// query, loading only the query path. Prints JSON: ms from process start (node and tsx boot included) to the
// first answer, ms from the script's first line, and the start-up refresh of the data folder (ingest path).
const scriptStart = performance.now();
const { openSqliteStore } = await import('../../src/store/sqlite.ts');
const { join } = await import('node:path');

const [dataDir, speaker] = process.argv.slice(2);
if (!dataDir || !speaker) throw new Error('usage: cold-start.ts DATA_DIR SPEAKER');
const index = openSqliteStore(join(dataDir, 'index', 'whosaid.db'));
const found = await index.lookupSpeaker(speaker);
if (found.kind !== 'found') throw new Error(`${speaker} not found`);
const page = await index.findStatements({ speakerId: found.speaker.id }, { limit: 10 });
const firstAnswerMs = performance.now();
if (!page.items.length) throw new Error('no statements');
const t = performance.now();
const { refreshIndex } = await import('../../src/ingest/data-dir.ts');
const ingestLoadMs = performance.now() - t;
const t2 = performance.now();
const report = await refreshIndex(index, dataDir);
const refreshMs = performance.now() - t2;
index.close();
process.stdout.write(
  `${JSON.stringify({
    firstAnswerMs,
    fromScriptStartMs: firstAnswerMs - scriptStart,
    ingestLoadMs,
    refreshMs,
    unchanged: report.unchanged,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
