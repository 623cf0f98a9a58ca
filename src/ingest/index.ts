// Ingest: what other rooms may call.
// Room ingest/: article -> statements -> store, one transaction per article (this file is its public face).
// May import articles/, extract/, speakers/, topics/, store/, model; never app.ts, cli/, slash/ or commands/.
export { ingestPaths, articleKey, type IngestOptions, type IngestReport, type IngestFailure, type Extractor } from './ingest.ts';
export { openStore, openIndexForDataDir, refreshIndex, indexFileFor, articlesDirFor, registryFor } from './data-dir.ts';
