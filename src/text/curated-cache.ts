// A cache of curated data files (data/topics.yaml, speakers.yaml) after parsing and validation, so a start-up
// over unchanged files skips the YAML parser (and loading it) and the schema checks. An entry is found by a
// hash of the file's text, its kind and the code that parses it (the modules' sizes and times): any change to
// the file or to that code misses, and the file is parsed and validated again. Only a file that validated is
// stored. The cache lives in node_modules/.cache/whosaid/ (git-ignored) and is an optimisation only: a cache
// that cannot be read or written is ignored. WHOSAID_NO_CACHE=1 turns it off.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** At most this many entries are kept (files of many data folders, e.g. tests'); the least recently written go first. */
const MAX_ENTRIES = 32;

/** Drops the older entries of the same file, and the oldest entries beyond MAX_ENTRIES. */
function prune(base: string, prefix: string, keep: string): void {
  const entries = readdirSync(base)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(base, name))
    .filter((path) => path !== keep);
  const stale = entries.filter((path) => path.slice(base.length + 1).startsWith(prefix));
  const rest = entries
    .filter((path) => !stale.includes(path))
    .map((path) => ({ path, ms: statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.ms - a.ms);
  for (const path of [...stale, ...rest.slice(MAX_ENTRIES - 1).map((e) => e.path)]) rmSync(path, { force: true });
}

/** Bump when the cached shape changes in a way the modules' times would not show. */
const FORMAT = 1;

let dir: string | null | undefined;

/** <package root>/node_modules/.cache/whosaid/curated (dist/package.json links to the root's). */
function cacheDir(): string | null {
  if (dir !== undefined) return dir;
  try {
    dir = join(
      dirname(realpathSync(fileURLToPath(new URL('../../package.json', import.meta.url)))),
      'node_modules',
      '.cache',
      'whosaid',
      'curated',
    );
  } catch {
    dir = null;
  }
  return dir;
}

function codeStamp(modules: readonly (string | URL)[]): string {
  return modules
    .map((m) => {
      try {
        const st = statSync(m instanceof URL || m.startsWith('file:') ? fileURLToPath(m) : m);
        return `${st.size}:${st.mtimeMs}`;
      } catch {
        return '?';
      }
    })
    .join(',');
}

/**
 * `parse(source)` for the curated file `path`, or its result from an earlier run with the same source and code.
 * `modules`: the files of the code that parses (e.g. `import.meta.url`). The result must be plain JSON data.
 * One entry is kept per kind and path: storing a new one removes the older.
 */
export function cachedParse<T>(
  kind: string,
  path: string,
  source: string,
  modules: readonly (string | URL)[],
  parse: (source: string) => T,
): T {
  const base = process.env['WHOSAID_NO_CACHE'] === '1' ? null : cacheDir();
  if (!base) return parse(source);
  const key = createHash('sha256')
    .update(`${FORMAT}\0${kind}\0${codeStamp([import.meta.url, ...modules])}\0`)
    .update(source)
    .digest('hex');
  const prefix = `${kind}-${createHash('sha256').update(path).digest('hex').slice(0, 12)}-`;
  const file = join(base, `${prefix}${key.slice(0, 32)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // missing or unreadable: parse and validate
  }
  const value = parse(source);
  try {
    mkdirSync(base, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, file);
    prune(base, prefix, file);
  } catch {
    // a read-only install: no cache
  }
  return value;
}
