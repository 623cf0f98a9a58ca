// CLI entry point for `whosaid extract FILE|DIR... [--out DIR]` (owned by the extraction work, issue 3).
// One JSON per input in the PolNeAR prediction format; without --out, JSON lines on stdout. Diagnostics go to stderr.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { splitFrontMatter } from '../articles/front-matter.ts';
import { extractDrafts } from '../extract/index.ts';
import { toPrediction } from '../extract/prediction.ts';

const USAGE = 'usage: whosaid extract FILE|DIR... [--out DIR] [--outlet NAME]\n';

export interface ExtractJob {
  file: string;
  name: string;
}

export function listInputs(paths: string[]): ExtractJob[] {
  const jobs: ExtractJob[] = [];
  for (const p of paths) {
    const st = statSync(p);
    const files = st.isDirectory()
      ? readdirSync(p)
          .filter((f) => /\.(txt|md)$/i.test(f) && !/^readme\.md$/i.test(f))
          .sort()
          .map((f) => join(p, f))
      : [p];
    for (const file of files) jobs.push({ file, name: basename(file, extname(file)) });
  }
  return jobs;
}

/** Extracts one file; .md files lose their front matter and their offsets refer to the body. */
export function extractFile(file: string, outlet?: string) {
  const source = readFileSync(file, 'utf8');
  if (/\.md$/i.test(file)) {
    const { frontMatter, body, bodyOffset } = splitFrontMatter(source);
    const fmOutlet = frontMatter ? /^outlet:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(frontMatter)?.[1] : undefined;
    const o = outlet ?? fmOutlet;
    return toPrediction(body, extractDrafts(body, o ? { outlet: o } : {}), frontMatter === null ? 'file' : 'body', bodyOffset);
  }
  return toPrediction(source, extractDrafts(source, outlet ? { outlet } : {}), 'file', 0);
}

export async function runExtractCommand(args: string[]): Promise<number> {
  const inputs: string[] = [];
  let out: string | null = null;
  let outlet: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--out' || a === '--outlet') {
      const v = args[++i];
      if (!v) {
        process.stderr.write(USAGE);
        return 2;
      }
      if (a === '--out') out = v;
      else outlet = v;
    } else if (a === '--help' || a === '-h') {
      process.stderr.write(USAGE);
      return 0;
    } else inputs.push(a);
  }
  if (!inputs.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  let jobs: ExtractJob[];
  try {
    jobs = listInputs(inputs);
  } catch (e) {
    process.stderr.write(`whosaid extract: ${(e as Error).message}\n`);
    return 1;
  }
  if (out) mkdirSync(out, { recursive: true });
  let failed = 0,
    statements = 0;
  const lines: string[] = [];
  for (const job of jobs) {
    try {
      const pred = extractFile(job.file, outlet);
      statements += pred.statements.length;
      if (out) writeFileSync(join(out, `${job.name}.json`), JSON.stringify(pred) + '\n');
      else lines.push(JSON.stringify({ file: job.file, ...pred }));
    } catch (e) {
      failed++;
      process.stderr.write(`whosaid extract: ${job.file}: ${(e as Error).message}\n`);
    }
  }
  if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  if (out) process.stderr.write(`whosaid extract: ${jobs.length - failed} files, ${statements} statements -> ${out}\n`);
  return failed ? 1 : 0;
}
