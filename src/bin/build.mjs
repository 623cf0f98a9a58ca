#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): compiles src/ and commands/ to dist/ with tsc, so
// `whosaid` starts without compiling TypeScript. dist/ mirrors the tree; dist/data and dist/package.json
// link back to the originals so paths relative to a module (../../data/topics.yaml) still resolve.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
try {
  await bundleZod();
} catch (error) {
  // Not fatal: dist/ then loads node_modules/zod like any package (a little slower to start).
  rmSync(join(dist, 'node_modules', 'zod'), { force: true, recursive: true });
  process.stderr.write(`whosaid build: zod not bundled (${error instanceof Error ? error.message : error}); dist/ uses node_modules/zod\n`);
}
writeFileSync(join(root, BUILD_STAMP), `${JSON.stringify({ startedMs })}\n`);
process.stderr.write(`whosaid build: dist/ compiled in ${((Date.now() - startedMs) / 1000).toFixed(1)} s\n`);

/**
 * zod as one file in dist/node_modules/zod, where Node looks first for the compiled code's `import 'zod'`:
 * the published package is 95 modules, 60 of them translations of its messages that we never use (only
 * English is kept, as zod's own default), and resolving and loading them was the largest cost of `ask` and
 * the console before the first answer. The same code, bundled by esbuild (already installed for tsx);
 * without esbuild, dist/ simply uses node_modules/zod. The version is recorded so that entry.mjs can tell
 * when the installed zod changed since the build.
 */
async function bundleZod() {
  const out = join(dist, 'node_modules', 'zod');
  rmSync(out, { force: true, recursive: true });
  const requireHere = createRequire(join(root, 'package.json'));
  let esbuild;
  try {
    esbuild = requireHere('esbuild');
  } catch {
    try {
      esbuild = createRequire(requireHere.resolve('tsx'))('esbuild');
    } catch {
      return;
    }
  }
  const zodDir = join(requireHere.resolve('zod'), '..');
  const { version } = JSON.parse(readFileSync(join(zodDir, 'package.json'), 'utf8'));
  const onlyEnglish = {
    name: 'only-english-messages',
    setup(build) {
      build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => ({ path: args.resolveDir, namespace: 'en-only' }));
      build.onLoad({ filter: /.*/, namespace: 'en-only' }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(join(args.path, '..', 'locales', 'en.js'))};`,
        resolveDir: args.path,
      }));
    },
  };
  await esbuild.build({
    entryPoints: [join(zodDir, 'index.js')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: join(out, 'index.js'),
    logLevel: 'warning',
    plugins: [onlyEnglish],
  });
  writeFileSync(
    join(out, 'package.json'),
    `${JSON.stringify({ name: 'zod', version, type: 'module', private: true, exports: { '.': './index.js' } })}\n`,
  );
}
