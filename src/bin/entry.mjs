// Which code `whosaid` runs: the compiled JavaScript in dist/ (fast start) when it was built after every
// source file last changed, else the TypeScript sources through tsx (compiled at every start: seconds).
// Plain JavaScript, so it runs before any loader. `npm run build` (also run by `npm ci`, via prepare) makes dist/.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folders compiled into dist/ (tsconfig.build.json); a change in any of them makes dist/ stale. */
export const SOURCE_DIRS = ['src', 'commands'];
/** Written by src/bin/build.mjs: when the build that made dist/ started. */
export const BUILD_STAMP = join('dist', '.build-stamp.json');
export const DIST_CLI = join('dist', 'src', 'cli.js');

/** The newest modification time (ms) of the files under `dirs` of `root`. */
export function newestSourceMs(root, dirs = SOURCE_DIRS) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  return newest;
}

/**
 * `{ kind: 'dist', file }` when dist/ is up to date, else `{ kind: 'source', why }`, `why` being null when
 * there is no build at all (a development checkout) and a one-line hint when the build is older than the
 * sources. WHOSAID_FROM_SOURCE=1 always runs the sources.
 */
export function pickEntry(root, env = process.env) {
  if (env.WHOSAID_FROM_SOURCE === '1') return { kind: 'source', why: null };
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, BUILD_STAMP), 'utf8'));
  } catch {
    return { kind: 'source', why: null };
  }
  const file = join(root, DIST_CLI);
  if (typeof stamp?.startedMs !== 'number' || !existsSync(file)) return { kind: 'source', why: null };
  if (newestSourceMs(root) > stamp.startedMs) {
    return { kind: 'source', why: 'the sources changed since the last build; starting from them (slower) — run `npm run build`' };
  }
  if (bundledZodIsStale(root)) {
    return { kind: 'source', why: 'zod was updated since the last build; starting from the sources (slower) — run `npm run build`' };
  }
  return { kind: 'dist', file };
}

/** True when dist/ carries its own zod (see build.mjs) of another version than the one installed. */
function bundledZodIsStale(root) {
  const version = (file) => {
    try {
      return JSON.parse(readFileSync(join(root, file), 'utf8')).version;
    } catch {
      return null;
    }
  };
  const bundled = version(join('dist', 'node_modules', 'zod', 'package.json'));
  return bundled !== null && bundled !== version(join('node_modules', 'zod', 'package.json'));
}
