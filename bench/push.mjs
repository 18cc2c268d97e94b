// Push throughput: N sendpilot leads (default 100,000) pushed with
// `leadroster push` to `leadroster emulate` (two processes, 127.0.0.1, no
// faults, journal on). Prints leads/s. Usage: node bench/push.mjs [--leads N] [--concurrency C]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const arg = (name, d) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const N = arg('--leads', 100000);
const C = arg('--concurrency', 2);
const dir = mkdtempSync(join(tmpdir(), 'leadroster-bench-push-'));
const key = 'bench_' + randomBytes(8).toString('hex');
const file = join(dir, 'leads.ndjson');
const lines = [];
for (let i = 0; i < N; i++) lines.push(JSON.stringify({ linkedinUrl: `https://www.linkedin.com/in/bench-${i}`, firstName: `F${i}`, company: 'Co' }));
writeFileSync(file, lines.join('\n') + '\n');

const emu = spawn(process.execPath, [CLI, 'emulate', '--port', '0', '--key', key, '--campaign', 'sendpilot:camp_bench'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve) => {
  let out = '';
  emu.stdout.on('data', (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) resolve(m[1]);
  });
});
const t0 = process.hrtime.bigint();
const push = spawn(
  process.execPath,
  [CLI, 'push', file, '--provider', 'sendpilot', '--campaign-id', 'camp_bench', '--base-url', url, '--yes', '--json', '--concurrency', String(C)],
  {
    env: { ...process.env, LEADROSTER_API_KEY: key },
    stdio: ['ignore', 'pipe', 'ignore'],
  },
);
let out = '';
push.stdout.on('data', (d) => (out += d));
const code = await new Promise((r) => push.on('exit', r));
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const s = JSON.parse(out);
const state = await (await fetch(url + '/_emulator/state')).json();
emu.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    leads: N,
    concurrency: C,
    exit: code,
    added: s.added,
    held: state.campaigns[0].count,
    requests: s.requests,
    sendSeconds: s.durationMs / 1000,
    sendLeadsPerSecond: s.leadsPerSecond,
    wallSeconds: Math.round(wall * 100) / 100,
    wallLeadsPerSecond: Math.round(N / wall),
  }),
);
