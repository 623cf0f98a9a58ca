// The terminal side of /timeline and /export: `ask` writes the chart to --out and says where (--json adds the
// series), `whosaid export` writes to stdout or --out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../console/helpers.ts';
import { decodePng } from '../support/png.ts';

let data: ReturnType<typeof tempDataDir>;
let out: string;
beforeAll(() => {
  data = tempDataDir();
  out = mkdtempSync(join(tmpdir(), 'whosaid-out-'));
});
afterAll(() => {
  data.cleanup();
  rmSync(out, { recursive: true, force: true });
});

function whosaid(args: string[]) {
  const result = spawnSync(process.execPath, ['src/bin/whosaid.mjs', ...args], {
    env: { PATH: process.env.PATH ?? '', WHOSAID_DATA_DIR: data.dir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('timeline and export in the terminal', { timeout: 60_000 }, () => {
  it('ask --json --out writes the PNG and gives the series and the file', () => {
    const file = join(out, 'chart.png');
    const { code, stdout } = whosaid(['ask', '/timeline topic topic:troops', '--json', '--out', file]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.chart).toMatchObject({ file, contentType: 'image/png' });
    expect(json.series).toMatchObject({ by: 'speaker', granularity: 'day', from: '2025-08-23', to: '2025-09-04' });
    expect(json.series.total).toBe(json.series.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0));
    expect(json.first.source.outlet).toBe('UNN');
    expect(decodePng(readFileSync(file))).toMatchObject({ width: 1200, height: 600 });
  });

  it('ask without --json prints where the chart went; an empty range prints a message and no file', () => {
    const file = join(out, 'speaker.png');
    const shown = whosaid(['ask', '/timeline speaker speaker:Dragone', '--out', file]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Chart saved to ${file}`);
    const empty = whosaid(['ask', '/timeline speaker speaker:Dragone from:2020-01-01 to:2020-12-31', '--out', join(out, 'none.png')]);
    expect(empty.stdout).toContain('Giuseppe Cavo Dragone: no statements in the index between 2020-01-01 and 2020-12-31.');
    expect(() => readFileSync(join(out, 'none.png'))).toThrow();
  });

  it('export writes CSV to stdout, or Markdown to --out', () => {
    const csv = whosaid(['export', '--speaker', 'Dragone']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'id,text,kind,speaker,role,cue,context,venue,topics,outlet,title,url,published,also_reported_by',
    );
    const file = join(out, 'dragone.md');
    const md = whosaid(['export', '--speaker', 'Dragone', '--format', 'md', '--out', file]);
    expect(md.stdout).toMatch(/^\d+ statements, newest first, as Markdown\. Saved to /);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Statements: Giuseppe Cavo Dragone\n/);
  });
});
