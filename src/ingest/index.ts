// Ingest: what other rooms may call.
export { ingestPaths, articleKey, type IngestOptions, type IngestReport, type IngestFailure, type Extractor } from './ingest.ts';
export { openIndexForDataDir, refreshIndex, indexFileFor, articlesDirFor, registryFor } from './data-dir.ts';
