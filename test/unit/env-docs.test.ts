// The variables a user can set are documented twice (README's table, .env.example) and defined once (the
// config schema): all three must name the same ones.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.ts';

const root = new URL('../../', import.meta.url);
const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

describe('environment variables', () => {
  const schema = sorted(Object.keys(configSchema.shape));

  it("README's variable table lists exactly the config schema's variables", () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const table = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
    expect(sorted(table)).toEqual(schema);
  });

  it(".env.example sets exactly the config schema's variables", () => {
    const example = readFileSync(new URL('.env.example', root), 'utf8');
    const set = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    expect(sorted(set)).toEqual(schema);
  });
});
