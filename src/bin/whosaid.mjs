#!/usr/bin/env node
// Entry point for `whosaid` and `npm start`: the compiled dist/ when up to date, else the TypeScript
// sources through tsx (see entry.mjs).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pickEntry } from './entry.mjs';

const entry = pickEntry(fileURLToPath(new URL('../..', import.meta.url)));
if (entry.kind === 'dist') {
  await import(pathToFileURL(entry.file).href);
} else {
  if (entry.why && process.stderr.isTTY) process.stderr.write(`whosaid: ${entry.why}\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli.ts');
}
