import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pickEntry } from '../../src/bin/entry.mjs';
import { ApplicationCommandOptionType, ChannelType } from '../../src/slash/option-types.ts';
import * as api from 'discord-api-types/v10';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project tree whose sources were last changed at `sourceSeconds` and, when `builtSeconds` is given, built then. */
function project(sourceSeconds: number, builtSeconds?: number): string {
  const root = mkdtempSync(join(tmpdir(), 'whosaid-entry-'));
  roots.push(root);
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'commands'));
  for (const file of ['src/cli.ts', 'src/cli/ask.ts', 'commands/quote.ts']) {
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), sourceSeconds, sourceSeconds);
  }
  if (builtSeconds !== undefined) {
    mkdirSync(join(root, 'dist', 'src'), { recursive: true });
    writeFileSync(join(root, 'dist', 'src', 'cli.js'), '');
    writeFileSync(join(root, 'dist', '.build-stamp.json'), JSON.stringify({ startedMs: builtSeconds * 1000 }));
  }
  return root;
}

describe('which code the whosaid bin runs', () => {
  it('runs the compiled dist/ when it was built after the last source change', () => {
    const root = project(1_000, 2_000);
    expect(pickEntry(root, {})).toEqual({ kind: 'dist', file: join(root, 'dist', 'src', 'cli.js') });
  });

  it('runs the sources, with a hint, when a source file changed after the build', () => {
    const root = project(1_000, 2_000);
    utimesSync(join(root, 'src', 'cli', 'ask.ts'), 3_000, 3_000);
    expect(pickEntry(root, {})).toEqual({
      kind: 'source',
      why: 'the sources changed since the last build; starting from them (slower) — run `npm run build`',
    });
  });

  it('runs the sources quietly in a checkout that was never built, or when asked to', () => {
    expect(pickEntry(project(1_000), {})).toEqual({ kind: 'source', why: null });
    expect(pickEntry(project(1_000, 2_000), { WHOSAID_FROM_SOURCE: '1' })).toEqual({ kind: 'source', why: null });
  });

  it('runs the sources, with a hint, when zod was updated after the build bundled it', () => {
    const root = project(1_000, 2_000);
    const zod = (dir: string, version: string) => {
      mkdirSync(join(root, dir, 'zod'), { recursive: true });
      writeFileSync(join(root, dir, 'zod', 'package.json'), JSON.stringify({ name: 'zod', version }));
    };
    zod('node_modules', '4.6.7');
    zod(join('dist', 'node_modules'), '4.6.7');
    expect(pickEntry(root, {})).toEqual({ kind: 'dist', file: join(root, 'dist', 'src', 'cli.js') });
    zod('node_modules', '4.7.0');
    expect(pickEntry(root, {})).toEqual({
      kind: 'source',
      why: 'zod was updated since the last build; starting from the sources (slower) — run `npm run build`',
    });
  });

  it('runs the sources when a build failed half-way (no stamp)', () => {
    const root = project(1_000, 2_000);
    rmSync(join(root, 'dist', '.build-stamp.json'));
    expect(pickEntry(root, {})).toEqual({ kind: 'source', why: null });
  });
});

describe('the option type numbers the commands use without loading discord-api-types', () => {
  it('are the values of discord-api-types', () => {
    for (const [name, value] of Object.entries(ApplicationCommandOptionType)) {
      expect([name, value]).toEqual([name, api.ApplicationCommandOptionType[name as keyof typeof api.ApplicationCommandOptionType]]);
    }
    for (const [name, value] of Object.entries(ChannelType)) {
      expect([name, value]).toEqual([name, api.ChannelType[name as keyof typeof api.ChannelType]]);
    }
  });
});
