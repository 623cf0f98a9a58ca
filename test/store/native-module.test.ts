import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeNativeModuleError, sqliteProblem } from '../../src/store/native-module.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-native-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the native module check', () => {
  it('passes with the installed better-sqlite3', () => {
    expect(sqliteProblem()).toBeNull();
  });

  it('says better-sqlite3 is not installed when node_modules has none', () => {
    const dir = tempDir();
    expect(sqliteProblem(join(dir, 'main.js'))).toBe('better-sqlite3 is not installed: run `npm ci` in the whosaid folder');
  });

  it('says the native part cannot be loaded when the addon file is broken', () => {
    const dir = tempDir();
    const pkg = join(dir, 'node_modules', 'better-sqlite3');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"better-sqlite3","main":"index.js"}');
    writeFileSync(join(pkg, 'addon.node'), 'not a shared library');
    writeFileSync(
      join(pkg, 'index.js'),
      "module.exports = function Database() { process.dlopen({ exports: {} }, __dirname + '/addon.node'); };",
    );
    const problem = sqliteProblem(join(dir, 'main.js'));
    expect(problem).toMatch(/^better-sqlite3's native part cannot be loaded \(.*addon\.node.*\): run `npm rebuild better-sqlite3`$/);
    expect(problem).not.toContain('\n');
  });

  it('names both ABI versions when the addon was built for another Node.js', () => {
    // Node's own wording for an addon built by another major version.
    const error = Object.assign(
      new Error(
        "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
          'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 127. This version of Node.js requires\n' +
          'NODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).',
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    );
    expect(describeNativeModuleError(error)).toBe(
      `better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION 127; node ${process.version} needs 115): run \`npm rebuild better-sqlite3\` with this node`,
    );
  });

  it('says the build was skipped when the bindings file is absent', () => {
    const error = new Error('Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node');
    expect(describeNativeModuleError(error)).toMatch(/never built \(install scripts skipped\?\): run `npm rebuild better-sqlite3`$/);
  });

  it('leaves other errors alone', () => {
    expect(describeNativeModuleError(new Error('disk I/O error'))).toBeNull();
    expect(describeNativeModuleError(Object.assign(new Error("Cannot find module 'pino'"), { code: 'MODULE_NOT_FOUND' }))).toBeNull();
  });
});
