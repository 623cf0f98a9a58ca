// Child process for the crash test: ingests a data folder, printing one line per stored article, until killed.
import { openIndexForDataDir, refreshIndex } from '../../src/ingest/data-dir.ts';
import { lineExtractor } from './helpers.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child.ts DATA_DIR');
const index = openIndexForDataDir(dataDir);
await refreshIndex(index, dataDir, {
  extract: lineExtractor,
  // Many small commits, so the kill lands after some and inside another.
  batchMs: 5,
  log: {
    info: () => {},
    warn: () => {},
    debug: (obj: object) => {
      if ('statements' in obj) process.stdout.write('stored\n');
    },
  },
});
index.close();
process.stdout.write('done\n');
