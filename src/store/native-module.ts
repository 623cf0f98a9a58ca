// better-sqlite3 is a native module: an install that skipped its build script, or a node_modules built by
// another Node.js, fails deep inside the first query with a long stack. Checked before a command runs, the
// user gets one line saying what is wrong and the command that fixes it.
import { createRequire } from 'node:module';

/** What is wrong with an error thrown while loading better-sqlite3, as one line, or null when it is not that. */
export function describeNativeModuleError(error: unknown): string | null {
  const { code, message = '' } = (error ?? {}) as { code?: string; message?: string };
  if (code === 'MODULE_NOT_FOUND' && /['"]better-sqlite3['"]/.test(message)) {
    return 'better-sqlite3 is not installed: run `npm ci` in the whosaid folder';
  }
  if (/Could not locate the bindings file/.test(message)) {
    return 'better-sqlite3 is installed but its native part was never built (install scripts skipped?): run `npm rebuild better-sqlite3`';
  }
  const abi = /NODE_MODULE_VERSION (\d+)[^]*?requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) {
    return (
      `better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION ${abi[1]}; node ${process.version} needs ${abi[2]}): ` +
      'run `npm rebuild better-sqlite3` with this node'
    );
  }
  if (code === 'ERR_DLOPEN_FAILED') {
    return `better-sqlite3's native part cannot be loaded (${message.split('\n')[0]}): run \`npm rebuild better-sqlite3\``;
  }
  return null;
}

/**
 * Loads better-sqlite3 (resolved from `from`, a file or folder URL/path) and opens an in-memory database:
 * null when that works, else the one-line problem. Any other error goes up unchanged.
 */
export function sqliteProblem(from: string | URL = import.meta.url): string | null {
  try {
    const Database = createRequire(from)('better-sqlite3') as new (file: string) => { close(): void };
    new Database(':memory:').close();
    return null;
  } catch (error) {
    const problem = describeNativeModuleError(error);
    if (problem === null) throw error;
    return problem;
  }
}
