// Entry of the worker thread that parses untrusted HTML (see html-sandbox.ts). A worker starts as plain
// Node, outside tsx and vitest, so it registers the TypeScript loader itself, like src/bin/whosaid.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./html-worker.ts');
