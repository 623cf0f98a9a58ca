// Child process of the index bench: a fresh process opens an existing index and answers one /quote-like
// query. Prints JSON: ms from process start to the first answer, and the start-up refresh of the data folder.
import { openIndexForDataDir, refreshIndex } from '../../src/ingest/data-dir.ts';

const [dataDir, speaker] = process.argv.slice(2);
if (!dataDir || !speaker) throw new Error('usage: cold-start.ts DATA_DIR SPEAKER');
const index = openIndexForDataDir(dataDir);
const found = index.lookupSpeaker(speaker);
if (found.kind !== 'found') throw new Error(`${speaker} not found`);
const page = index.findStatements({ speakerId: found.speaker.id }, { limit: 10 });
const firstAnswerMs = performance.now();
if (!page.items.length) throw new Error('no statements');
const t = performance.now();
const report = refreshIndex(index, dataDir);
const refreshMs = performance.now() - t;
index.close();
process.stdout.write(
  `${JSON.stringify({ firstAnswerMs, refreshMs, unchanged: report.unchanged, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
