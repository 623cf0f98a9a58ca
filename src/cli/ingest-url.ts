// `whosaid ingest URL...`: the same intake /ingest uses, from a terminal. Stdout carries the result only;
// logs go to stderr. Exit code 1 when any link was refused.
import { userInfo } from 'node:os';
import { DATA_OPTIONS, fail, parseArguments, withConfig, withIndex, write } from './support.ts';
import { refreshIndex } from '../ingest/index.ts';
import { createLogger } from '../log.ts';
import { createArticleIntake } from '../intake/service.ts';
import type { IntakeOutcome } from '../intake/types.ts';
import { plural, publishedLabel } from '../reply/wording.ts';

const USAGE = 'usage: whosaid ingest URL... [--json] [--data-dir DIR]';

export function isUrlArgument(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

export function formatOutcome(url: string, outcome: IntakeOutcome): string {
  switch (outcome.kind) {
    case 'refused':
      return `refused: ${url}\n  ${outcome.reason}`;
    case 'duplicate':
      return `already indexed: ${outcome.title} — ${outcome.outlet}, ${publishedLabel(outcome.published)} (same ${outcome.reason === 'url' ? 'link' : 'text'})\n  file: ${outcome.file}`;
    case 'added': {
      const who = outcome.speakers.map((s) => `${s.name} (${s.count})`).join(', ');
      return [
        `added: ${outcome.title} — ${outcome.outlet}, ${publishedLabel(outcome.published)}`,
        `  ${plural(outcome.statements, 'statement')} from ${plural(outcome.speakers.length, 'speaker')}${who ? `: ${who}` : ''}`,
        `  file: ${outcome.file}`,
        ...outcome.notes.map((n) => `  note: ${n}`),
      ].join('\n');
    }
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'terminal';
  }
}

export function runIngestUrlCommand(args: string[]): Promise<number> {
  return withConfig(async (config) => {
    const parsed = parseArguments({ args, options: DATA_OPTIONS, allowPositionals: true }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const urls = parsed.positionals;
    if (!urls.length || !urls.every(isUrlArgument)) return fail(`give either links or paths, not both\n${USAGE}`, 2);
    const dataDir = parsed.values['data-dir'] ?? config.WHOSAID_DATA_DIR;
    const log = createLogger({ level: config.LOG_LEVEL, fd: 2 });
    return withIndex(dataDir, { databaseUrl: config.DATABASE_URL }, async (index) => {
      await refreshIndex(index, dataDir, { log });
      const intake = createArticleIntake({ index, dataDir, log, fetch: { allowPrivate: config.WHOSAID_ALLOW_PRIVATE_FETCH } });
      const requestedBy = { id: 'terminal', name: osUser() };
      const results: { url: string; outcome: IntakeOutcome }[] = [];
      for (const url of urls) results.push({ url, outcome: await intake.fromUrl(url, requestedBy) });
      const text = parsed.values.json
        ? JSON.stringify(results.length === 1 ? results[0] : results, null, 2)
        : results.map((r) => formatOutcome(r.url, r.outcome)).join('\n');
      write(text);
      return results.some((r) => r.outcome.kind === 'refused') ? 1 : 0;
    });
  });
}
