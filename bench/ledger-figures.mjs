#!/usr/bin/env node
// Figures for the workspace ledger (issue 20). Not a test: prints numbers.
//   node bench/ledger-figures.mjs [--quick]
// 1. 4 concurrent `push` processes of one 10,000-row file into one emulator
//    campaign, faults on, one shared Postgres ledger (a throwaway cluster);
//    one worker SIGKILLed mid-run, the others finish its claims after the lease.
// 2. the same 4 against reached (100/minute): request arrival times seen by a
//    recording proxy in front of the emulator, worst count in any 60 s window.
// 3. a second push of the same file with the ledger: requests sent, row results.
// 4. 1,000,000 ledger keys consulted by a plan of 100,000 rows: bulk-load into
//    the engine's identity index vs per-batch look-up; store size on disk.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { startCluster } from '../tests/js/ledger-pg.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const { openLedger, ledgerSeed, workspaceOf } = await import(join(ROOT, 'npm', 'lib', 'ledger', 'index.mjs'));
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const engine = await load();
const quick = process.argv.includes('--quick');
const KEY = 'bench_' + randomBytes(8).toString('hex');
const dir = mkdtempSync(join(tmpdir(), 'leadroster-ledger-bench-'));
const cluster = await startCluster();
if (!cluster) throw new Error('PostgreSQL not found: bash scripts/install-deps.sh');
const out = (name, o) => console.log(`ledger-figures ${name} ${JSON.stringify(o)}`);

async function startEmulator(args) {
  const proc = spawn(process.execPath, [CLI, 'emulate', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('emulator did not start')), 20000);
    proc.stdout.on('data', (d) => {
      text += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
  });
  return {
    url,
    state: async () => (await fetch(`${url}/_emulator/state`, { headers: { Authorization: `Bearer ${KEY}` } })).json(),
    stop: () => new Promise((r) => (proc.exitCode !== null ? r() : (proc.once('exit', r), proc.kill('SIGTERM')))),
  };
}

// A proxy on 127.0.0.1 that records when each POST arrives, then forwards it.
function recordingProxy(target) {
  const t = new URL(target);
  const times = [];
  const server = createServer((req, res) => {
    if (req.method === 'POST') times.push(Date.now());
    const up = httpRequest({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, times, close: () => server.close() })));
}

function push(args) {
  const proc = spawn(process.execPath, [CLI, 'push', ...args], { cwd: ROOT, env: { ...process.env, LEADROSTER_API_KEY: KEY, LEADROSTER_LEDGER: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let o = '';
  let e = '';
  proc.stdout.on('data', (d) => (o += d));
  proc.stderr.on('data', (d) => (e += d));
  return { proc, done: new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, out: o, err: e }))) };
}

function worstWindow(times, ms) {
  const t = [...times].sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i] - t[j] >= ms) j++;
    worst = Math.max(worst, i - j + 1);
  }
  return worst;
}

const N = quick ? 2000 : 10000;
try {
  // ---- 1. four workers, faults, one killed
  {
    const emu = await startEmulator(['--key', KEY, '--faults', '429=0.05,500=0.05,drop-after=0.03,latency=10,retry-after=0,seed=11', '--campaign', 'sendpilot:camp_4w']);
    const file = join(dir, 'w4.ndjson');
    writeFileSync(file, Array.from({ length: N }, (_, i) => JSON.stringify({ linkedinUrl: `https://www.linkedin.com/in/b-${i}`, firstName: `F${i}` })).join('\n') + '\n');
    const args = (w) => [file, '--provider', 'sendpilot', '--campaign-id', 'camp_4w', '--base-url', emu.url, '--yes', '--json', '--ledger', cluster.url,
      '--account', 'bench', '--lease', '3', '--batch-size', '50', '--concurrency', '2', '--max-attempts', '12', '--retry-base-ms', '2', '--journal', join(dir, `w4-${w}.journal`)];
    const t0 = Date.now();
    const ws = [0, 1, 2, 3].map((w) => push(args(w)));
    for (let i = 0; i < 2000; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if ((await emu.state()).campaigns[0].count >= N / 5) break;
    }
    ws[0].proc.kill('SIGKILL');
    const rs = await Promise.all(ws.map((w) => w.done));
    const st = await emu.state();
    const sums = rs.slice(1).map((r) => JSON.parse(r.out));
    out('four-workers-faults', {
      leads: N, held: st.campaigns[0].count, leadsReceived: st.stats.leadsReceived, receivedTwice: st.stats.duplicatesReceived,
      inLostAnswers: st.stats.leadsInLostAnswers, resentCounted: sums.reduce((s, x) => s + x.resent, 0), takenOver: sums.reduce((s, x) => s + x.ledger.takenOver, 0),
      perWorker: sums.map((s) => ({ added: s.added, alreadyInCampaign: s.alreadyInCampaign, resent: s.resent, notDelivered: s.notDelivered, httpRequests: s.httpRequests })),
      killedWorker: rs[0].signal, seconds: (Date.now() - t0) / 1000,
    });
    // ---- 3. second push with the ledger
    const again = await push([...args('again'), '--journal', join(dir, 'again.journal')]).done;
    const s = JSON.parse(again.out);
    out('second-push', { rows: s.total, requests: s.requests, httpRequests: s.httpRequests, alreadyInCampaign: s.alreadyInCampaign });
    await emu.stop();
  }

  // ---- 2. four workers against reached's 100/minute
  {
    const emu = await startEmulator(['--key', KEY, '--campaign', 'reached:c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f']);
    const proxy = await recordingProxy(emu.url);
    const n = quick ? 3000 : N;
    const file = join(dir, 'reached.ndjson');
    writeFileSync(file, Array.from({ length: n }, (_, i) => JSON.stringify({ email: `r${i}@example.com`, first_name: `F${i}` })).join('\n') + '\n');
    const args = (w) => [file, '--provider', 'reached', '--campaign-id', 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f', '--base-url', proxy.url, '--yes', '--json', '--ledger', cluster.url,
      '--account', 'bench', '--concurrency', '2', '--journal', join(dir, `r-${w}.journal`)];
    const t0 = Date.now();
    const rs = await Promise.all([0, 1, 2, 3].map((w) => push(args(w)).done));
    const st = await emu.state();
    out('four-workers-reached-rate', {
      leads: n, held: st.campaigns[0].count, posts: proxy.times.length, worstIn60s: worstWindow(proxy.times, 60000), limit: '100/60s',
      rateLimited: st.stats.rateLimited, exitCodes: rs.map((r) => r.code), seconds: (Date.now() - t0) / 1000,
    });
    proxy.close();
    await emu.stop();
  }

  // ---- 4. 1,000,000 keys, a plan of 100,000 rows
  {
    const K = quick ? 100000 : 1000000;
    const R = quick ? 10000 : 100000;
    const campaign = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    const sqlite = join(dir, 'big.sqlite');
    for (const [kind, spec] of [['sqlite', sqlite], ['postgres', cluster.url]]) {
      const { store } = await openLedger(spec);
      const ws = workspaceOf('reached', 'big');
      let t = Date.now();
      for (let i = 0; i < K; i += 10000) {
        const entries = Array.from({ length: Math.min(10000, K - i) }, (_, k) => ({ keys: [{ kind: 'email', field: 'email', key: `k${i + k}@example.com` }], outcome: 'added', at: '2026-12-01T00:00:00.000Z' }));
        await store.settle(ws, campaign, entries);
      }
      const loadS = (Date.now() - t) / 1000;
      // half the rows are in the ledger
      const rows = Array.from({ length: R }, (_, i) => ({ email: i % 2 ? `new${i}@example.com` : `k${i * 7}@example.com`, first_name: 'F' }));
      // bulk: every key of the campaign into the engine's index as existing leads
      t = Date.now();
      const seed = await ledgerSeed(store, { provider: 'reached', account: 'big', campaignId: campaign });
      const seedS = (Date.now() - t) / 1000;
      t = Date.now();
      const p = engine.plan('reached', rows, { campaignId: campaign, existing: seed.leads });
      const bulkPlanS = (Date.now() - t) / 1000;
      // per batch: look up each batch's emails, pass only the hits as existing
      t = Date.now();
      let dupPer = 0;
      for (let i = 0; i < rows.length; i += 4096) {
        const batch = rows.slice(i, i + 4096);
        const found = await store.lookupMany(ws, 'email', batch.map((r) => r.email), campaign);
        const hits = [...found].map((email) => ({ email }));
        const part = engine.plan('reached', batch, { campaignId: campaign, existing: hits });
        dupPer += part.summary.duplicate;
      }
      const perBatchS = (Date.now() - t) / 1000;
      let bytes = 0;
      if (kind === 'sqlite') {
        for (const f of readdirSync(dir)) if (f.startsWith('big.sqlite')) bytes += statSync(join(dir, f)).size;
      } else {
        const q = await store.pool.query("SELECT pg_total_relation_size('leadroster_pushes') + pg_total_relation_size('leadroster_push_keys') AS b");
        bytes = Number(q.rows[0].b);
      }
      out(`million-keys-${kind}`, {
        keys: K, rows: R, settleSeconds: loadS, seedSeconds: seedS, bulkPlanSeconds: bulkPlanS, bulkDuplicates: p.summary.duplicate,
        perBatchSeconds: perBatchS, perBatchDuplicates: dupPer, storeBytes: bytes, storeMiB: Math.round(bytes / 1048576),
      });
      await store.close();
    }
  }
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
