#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): compiles src/ and commands/ to dist/ with tsc, so
// `whosaid` starts without compiling TypeScript. dist/ mirrors the tree; dist/data and dist/package.json
// link back to the originals so paths relative to a module (../../data/topics.yaml) still resolve.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP, SOURCE_DIRS } from './entry.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  // A production install (--omit=dev) has no TypeScript: whosaid then runs the sources through tsx.
  process.stderr.write('whosaid build: TypeScript is not installed; skipped (whosaid will start from the sources, slower)\n');
  process.exit(0);
}

const startedMs = Date.now();
rmSync(join(root, BUILD_STAMP), { force: true }); // a failed build leaves no stamp: the sources run
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  process.stderr.write('whosaid build: tsc failed (see above); whosaid will start from the sources\n');
  process.exit(compiled.status ?? 1);
}

// Files tsc does not emit (the worker's .mjs loader stub is not needed: compiled, the worker is plain .js).
for (const dir of SOURCE_DIRS) {
  const walk = (from) => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const path = join(from, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(json|yaml|txt)$/.test(entry.name)) cpSync(path, join(dist, relative(root, path)));
    }
  };
  if (existsSync(join(root, dir))) walk(join(root, dir));
}

for (const [name, type] of [
  ['data', 'junction'],
  ['package.json', 'file'],
]) {
  const link = join(dist, name);
  rmSync(link, { force: true, recursive: false });
  try {
    symlinkSync(join('..', name), link, type);
  } catch {
    if (type === 'file') cpSync(join(root, name), link);
    else symlinkSync(join(root, name), link, type); // Windows junctions want an absolute target
  }
}
mkdirSync(dist, { recursive: true });
writeFileSync(join(root, BUILD_STAMP), `${JSON.stringify({ startedMs })}\n`);
process.stderr.write(`whosaid build: dist/ compiled in ${((Date.now() - startedMs) / 1000).toFixed(1)} s\n`);
