// Child process of the index bench: generates the synthetic corpus and ingests it, as `whosaid ingest` would
// in its own process, then prints JSON (the ingest report, the corpus manifest, this process's peak RSS).
import { buildSyntheticIndex } from './index-bench.ts';

const [dataDir, options] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: build-child.ts DATA_DIR [CORPUS_OPTIONS_JSON]');
const built = await buildSyntheticIndex(dataDir, { corpus: options ? JSON.parse(options) : {} });
process.stdout.write(`${JSON.stringify({ ...built, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
