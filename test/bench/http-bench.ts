// npm run bench:http: `whosaid serve-http` in its own process (logging at info, as in production) answering
// signed /quote interactions sent open-loop at a fixed rate from this process; p50/p99/max from sending the
// signed request to the complete HTTP response. The fake Discord only provides the signing key and the REST
// base (validation off). Not a test.
//   node src/bin/run-ts.mjs test/bench/http-bench.ts [--rate 50] [--seconds 20] [--warmup 100] [--data-dir DIR]
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../support/free-port.ts';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeDiscord } from '../fake-discord/index.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '100' },
    'data-dir': { type: 'string' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const log = (msg: string) => process.stderr.write(`${msg}\n`);

let dataDir = values['data-dir'];
let temp: string | null = null;
if (!dataDir) {
  temp = dataDir = mkdtempSync(join(tmpdir(), 'whosaid-http-bench-'));
  mkdirSync(join(dataDir, 'articles'));
  for (const file of [
    'data/articles/2025-08-23-unn-nato-troops-ukraine.md',
    'test/e2e/fixtures/later.md',
    'test/e2e/fixtures/harbour.md',
  ]) {
    cpSync(file, join(dataDir, 'articles', file.split('/').pop()!));
  }
}

const fake = await startFakeDiscord({ validation: 'off' });
const port = await freePort();
const child = spawn(process.execPath, ['src/bin/whosaid.mjs', 'serve-http'], {
  env: {
    PATH: process.env.PATH ?? '',
    WHOSAID_DATA_DIR: dataDir,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_PUBLIC_KEY: fake.publicKey,
    WHOSAID_HTTP_PORT: String(port),
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout!.on('data', (chunk: Buffer) => {
  // Keep only what is needed to see the start line; the rest is drained (as a log shipper would).
  if (!out.includes('answering Discord interactions over HTTP')) out += chunk.toString();
});
const until = Date.now() + 120_000;
while (!out.includes('answering Discord interactions over HTTP')) {
  if (child.exitCode !== null || Date.now() > until) throw new Error(`serve-http did not start:\n${out}`);
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const endpoint = `http://127.0.0.1:${port}/interactions`;
const speakers = ['Dragone', 'Virtanen', 'Ostrova', 'Cavo Dragone', 'Mirela Ostrova'];

async function one(i: number): Promise<{ ms: number; type: number }> {
  const body = JSON.stringify(fake.interactions.chatInput('quote', { speaker: speakers[i % speakers.length]! }));
  const started = performance.now();
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...fake.signHttp(body) }, body });
  const json = (await response.json()) as { type: number };
  return { ms: performance.now() - started, type: json.type };
}

for (let i = 0; i < warmup; i++) await one(i);
const total = Math.round(rate * seconds);
const pending: Promise<{ ms: number; type: number }>[] = [];
const start = performance.now();
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  pending.push(one(i));
}
const results = await Promise.all(pending);
const ms = results.map((r) => r.ms).sort((a, b) => a - b);
const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
const deferred = results.filter((r) => r.type !== 4).length;
console.log(
  JSON.stringify(
    {
      command: '/quote',
      requests: total,
      rate,
      p50: +pct(0.5).toFixed(2),
      p99: +pct(0.99).toFixed(2),
      max: +ms.at(-1)!.toFixed(2),
      notAnsweredDirectly: deferred,
      cpus: cpus().length,
      loadavg: loadavg().map((l) => +l.toFixed(2)),
    },
    null,
    1,
  ),
);
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
await fake.close();
if (temp) rmSync(temp, { recursive: true, force: true });
log('done');
