// A broken article file is refused at every start-up until someone fixes it. Said once, it need not be said
// again at every `ask` or console start: the refusals already reported (file and reason) are remembered in
// <dataDir>/index/refused.json, and a run warns only about new or changed ones (the others: one info line).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IngestFailure, IngestLog } from './ingest.ts';

export function refusalsFileFor(dataDir: string): string {
  return join(dataDir, 'index', 'refused.json');
}

export interface RefusalReporter {
  /** The log to give the ingest: its "article refused" warnings are held back when already reported. */
  log: IngestLog;
  /** After the ingest: remembers this run's refusals; returns the files held back (reported before). */
  finish(failed: IngestFailure[]): string[];
}

export function refusalReporter(file: string, log: IngestLog): RefusalReporter {
  let before: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) before = parsed as Record<string, string>;
  } catch {
    // No memory yet (or unreadable): everything is new.
  }
  const heldBack: string[] = [];
  const known = (obj: object) => {
    const { file: name, reason } = obj as { file?: unknown; reason?: unknown };
    return typeof name === 'string' && Object.hasOwn(before, name) && before[name] === reason;
  };
  return {
    log: {
      info: (obj, msg) => log.info(obj, msg),
      debug: (obj, msg) => log.debug(obj, msg),
      warn: (obj, msg) => {
        if (msg === 'article refused' && known(obj)) heldBack.push((obj as { file: string }).file);
        else log.warn(obj, msg);
      },
    },
    finish(failed) {
      const now = Object.fromEntries(failed.map((f) => [f.file, f.reason]));
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, `${JSON.stringify(now, null, 2)}\n`);
      } catch {
        // A read-only data folder: the warnings simply come back next time.
      }
      return heldBack;
    },
  };
}
