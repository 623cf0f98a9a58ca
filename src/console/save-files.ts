// The terminal's answer to an attachment: the file is written to disk and its path shown.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileAttachment, Reply } from '../reply/types.ts';

export function filesOf(reply: Reply): FileAttachment[] {
  if (reply.type === 'timeline') return [reply.chart];
  if (reply.type === 'file') return [reply.file];
  return [];
}

/**
 * Writes the reply's files: to `out` when given (one file), else under their own names in `dir` (default
 * the working directory). Returns attachment name -> absolute path.
 */
export function saveReplyFiles(reply: Reply, options: { dir?: string; out?: string } = {}): Record<string, string> {
  const saved: Record<string, string> = {};
  const files = filesOf(reply);
  files.forEach((file, i) => {
    const path = resolve(options.out && i === 0 ? options.out : resolve(options.dir ?? '.', file.name));
    writeFileSync(path, file.data);
    saved[file.name] = path;
  });
  return saved;
}
