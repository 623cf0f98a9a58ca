// The YAML parser, loaded on first use: a start-up whose curated files come from the cache (curated-cache.ts)
// and whose articles are unchanged does not load it at all.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let yaml: typeof Yaml | undefined;

export function loadYaml(): typeof Yaml {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml;
}

export const parseYaml: typeof Yaml.parse = ((...args: Parameters<typeof Yaml.parse>) =>
  (loadYaml().parse as (...a: unknown[]) => unknown)(...args)) as typeof Yaml.parse;
