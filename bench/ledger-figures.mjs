#!/usr/bin/env node
// Figures for the workspace ledger (issue 20). Not a test: prints numbers.
//   node bench/ledger-figures.mjs [--quick] [--runs N] [--only 1,2,3,4]
// 1. 4 concurrent `push` processes of one 10,000-row file into one emulator
//    campaign, faults on, one shared Postgres ledger (a throwaway cluster);
//    one worker SIGKILLed mid-run, the others finish its claims after the lease.
//    The emulator's counters: leads received, received again, in lost answers.
// 2. the same 4 against reached (100/minute), 25 leads a request so that the
//    run lasts several minutes: POST arrival times seen by a recording proxy
//    in front of the emulator (the emulator keeps counters, not timestamps),
//    worst count in any sliding 60 s window.
// 3. a second push of the same file with the ledger: requests sent (the
//    emulator's own request counter), each row's code and message (journal).
// 4. 1,000,000 ledger keys consulted by a plan of 100,000 rows (half of them
//    in the ledger): bulk-load into the engine's identity index vs per-batch
//    look-up, median of --runs (3); store size on disk; SQLite and Postgres.
// Every child process and request loop is bounded in count and time; every
// server listens on 127.0.0.1; the API key (random) is never printed.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, statSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
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
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const argOf = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const RUNS = Math.max(1, Math.min(9, Number(argOf('--runs', '3')) || 3));
const ONLY = new Set(
  String(argOf('--only', '1,2,3,4'))
    .split(',')
    .map((s) => s.trim()),
);
const KEY = 'bench_' + randomBytes(8).toString('hex');
const dir = mkdtempSync(join(tmpdir(), 'leadroster-ledger-bench-'));
const cluster = await startCluster();
if (!cluster) throw new Error('PostgreSQL not found: bash scripts/install-deps.sh');
const out = (name, o) => console.log(`ledger-figures ${name} ${JSON.stringify(o)}`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const children = new Set(); // every child process still running: killed in `finally`
console.error(`ledger-figures: ${quick ? 'quick' : 'full'} run, ${cpus().length} cores, node ${process.version}, runs ${RUNS}`);

async function startEmulator(args) {
  const proc = spawn(process.execPath, [CLI, 'emulate', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  let text = '';
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('emulator did not start within 20 s')), 20000);
    proc.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
    proc.stdout.on('data', (d) => {
      text += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
  });
  proc.stdout.resume();
  proc.stderr.resume();
  return {
    url,
    state: async () => (await fetch(`${url}/_emulator/state`, { signal: AbortSignal.timeout(10000) })).json(),
    stop: () => new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : (proc.once('exit', r), proc.kill('SIGTERM')))),
  };
}

// A proxy on 127.0.0.1 that records when each POST arrives, then forwards it.
function recordingProxy(target) {
  const t = new URL(target);
  const times = [];
  const server = createServer((req, res) => {
    if (req.method === 'POST') times.push(Date.now());
    const up = httpRequest({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers, timeout: 30000 }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('timeout', () => up.destroy());
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        times,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      }),
    ),
  );
}

// One `leadroster push` child, killed (SIGKILL) if it runs past limitMs.
function push(args, limitMs) {
  const proc = spawn(process.execPath, [CLI, 'push', ...args], {
    cwd: ROOT,
    env: { ...process.env, LEADROSTER_API_KEY: KEY, LEADROSTER_LEDGER: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  let o = '';
  let e = '';
  proc.stdout.on('data', (d) => (o += d));
  proc.stderr.on('data', (d) => (e += d));
  const timer = setTimeout(() => proc.kill('SIGKILL'), limitMs);
  return {
    proc,
    done: new Promise((resolve) =>
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        children.delete(proc);
        resolve({ code, signal, out: o, err: e });
      }),
    ),
  };
}

function summaryOf(r, who) {
  try {
    return JSON.parse(r.out);
  } catch (_) {
    throw new Error(`${who}: no JSON summary (exit ${r.code}, signal ${r.signal}): ${r.err.slice(-600)}`);
  }
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
  // ---- 1. four workers, faults, one killed; 3. a second push
  if (ONLY.has('1') || ONLY.has('3')) {
    const emu = await startEmulator([
      '--key',
      KEY,
      '--faults',
      '429=0.05,500=0.05,drop-after=0.03,latency=10,retry-after=0,seed=11',
      '--campaign',
      'sendpilot:camp_4w',
    ]);
    const file = join(dir, 'w4.ndjson');
    writeFileSync(
      file,
      Array.from({ length: N }, (_, i) => JSON.stringify({ linkedinUrl: `https://www.linkedin.com/in/b-${i}`, firstName: `F${i}` })).join('\n') + '\n',
    );
    const args = (w) => [
      file,
      '--provider',
      'sendpilot',
      '--campaign-id',
      'camp_4w',
      '--base-url',
      emu.url,
      '--yes',
      '--json',
      '--ledger',
      cluster.url,
      '--account',
      'bench',
      '--lease',
      '3',
      '--batch-size',
      '50',
      '--concurrency',
      '2',
      '--max-attempts',
      '12',
      '--retry-base-ms',
      '2',
      '--journal',
      join(dir, `w4-${w}.journal`),
    ];
    const t0 = Date.now();
    const ws = [0, 1, 2, 3].map((w) => push(args(w), 600000));
    // Kill worker 0 mid-run while it holds claims (its worker id is host:pid:random).
    const watch = (await openLedger(cluster.url)).store;
    const ws1 = workspaceOf('sendpilot', 'bench');
    const heldBy0 = async () =>
      (
        await watch.pool.query("SELECT COUNT(*)::int AS n FROM leadroster_pushes WHERE workspace = $1 AND state = 'claimed' AND worker LIKE $2", [
          ws1,
          `%:${ws[0].proc.pid}:%`,
        ])
      ).rows[0].n;
    let claimsAtKill = 0;
    for (let i = 0; i < 3000; i++) {
      // at most 3000 polls of 20 ms and more
      await new Promise((r) => setTimeout(r, 20));
      if ((await emu.state()).campaigns[0].count < N / 5) continue;
      if ((claimsAtKill = await heldBy0()) > 0) break;
    }
    ws[0].proc.kill('SIGKILL');
    const killedAt = (Date.now() - t0) / 1000;
    const before = await emu.state();
    await watch.close();
    const rs = await Promise.all(ws.map((w) => w.done));
    const st = await emu.state();
    const sums = rs.slice(1).map((r, k) => summaryOf(r, `worker ${k + 1}`));
    const { store } = await openLedger(cluster.url);
    const counts = await store.counts(ws1);
    const outcomes = (
      await store.pool.query('SELECT outcome, COUNT(*)::int AS n FROM leadroster_pushes WHERE workspace = $1 GROUP BY outcome ORDER BY outcome', [ws1])
    ).rows;
    const attemptsOver1 = (await store.pool.query('SELECT COUNT(*)::int AS n FROM leadroster_pushes WHERE workspace = $1 AND attempts > 1', [ws1])).rows[0].n;
    await store.close();
    const again = st.stats.duplicatesReceived;
    const taken = sums.reduce((s, x) => s + x.ledger.takenOver, 0);
    out('four-workers-faults', {
      leads: N,
      held: st.campaigns[0].count,
      leadsReceived: st.stats.leadsReceived,
      receivedTwice: again,
      distinctReceivedAgain: st.stats.leadsReceivedAgain,
      inLostAnswers: st.stats.leadsInLostAnswers,
      takenOver: taken,
      resentCounted: sums.reduce((s, x) => s + x.resent, 0),
      // every lead received twice is explained by a lost answer (the same worker resends it) or a claim taken over from the killed worker
      explained: again <= st.stats.leadsInLostAnswers + taken,
      againNotFromLostAnswers: again - st.stats.leadsInLostAnswers,
      faults: st.stats.faults,
      emulatorRequests: st.stats.requests,
      killedWorker: rs[0].signal,
      killedAtSeconds: killedAt,
      heldWhenKilled: before.campaigns[0].count,
      claimsOfKilledWorker: claimsAtKill,
      ledger: { ...counts, outcomes, claimsTakenAgain: attemptsOver1 },
      perWorker: sums.map((s, k) => ({
        exit: rs[k + 1].code,
        added: s.added,
        alreadyInCampaign: s.alreadyInCampaign,
        resent: s.resent,
        notDelivered: s.notDelivered,
        httpRequests: s.httpRequests,
        retries: s.retries,
        takenOver: s.ledger.takenOver,
        deferred: s.ledger.deferred,
      })),
      seconds: (Date.now() - t0) / 1000,
    });
    // ---- 3. second push with the ledger
    const reqBefore = st.stats.requests;
    const ta = Date.now();
    const againRun = await push([...args('again'), '--journal', join(dir, 'again.journal')], 120000).done;
    const s = summaryOf(againRun, 'second push');
    const st2 = await emu.state();
    const rowsLine = readFileSync(join(dir, 'again.journal'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.type === 'rows');
    const rows = rowsLine ? rowsLine.rows : [];
    const msgRe = /^already in the campaign \(ledger, \d{4}-\d{2}-\d{2}\)$/;
    const messages = new Map();
    for (const r of rows) messages.set(r.message, (messages.get(r.message) || 0) + 1);
    out('second-push', {
      rows: s.total,
      requestsPlanned: s.requests,
      httpRequests: s.httpRequests,
      emulatorRequestsDuring: st2.stats.requests - reqBefore,
      alreadyInCampaign: s.alreadyInCampaign,
      rowsInJournal: rows.length,
      codeInLedger: rows.filter((r) => r.code === 'in_ledger').length,
      messageMatches: rows.filter((r) => msgRe.test(r.message || '')).length,
      messages: Object.fromEntries([...messages].slice(0, 3)),
      exit: againRun.code,
      seconds: (Date.now() - ta) / 1000,
    });
    await emu.stop();
  }

  // ---- 2. four workers against reached's 100/minute
  if (ONLY.has('2')) {
    const campaign = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    const emu = await startEmulator(['--key', KEY, '--campaign', `reached:${campaign}`]);
    const proxy = await recordingProxy(emu.url);
    const n = quick ? 3000 : N;
    const batch = 25;
    const file = join(dir, 'reached.ndjson');
    writeFileSync(file, Array.from({ length: n }, (_, i) => JSON.stringify({ email: `r${i}@example.com`, first_name: `F${i}` })).join('\n') + '\n');
    const args = (w) => [
      file,
      '--provider',
      'reached',
      '--campaign-id',
      campaign,
      '--base-url',
      proxy.url,
      '--yes',
      '--json',
      '--ledger',
      cluster.url,
      '--account',
      'bench',
      '--concurrency',
      '2',
      '--batch-size',
      String(batch),
      '--journal',
      join(dir, `r-${w}.journal`),
    ];
    const t0 = Date.now();
    const rs = await Promise.all([0, 1, 2, 3].map((w) => push(args(w), 1200000).done));
    const st = await emu.state();
    const sums = rs.map((r, k) => summaryOf(r, `reached worker ${k}`));
    const first = Math.min(...proxy.times);
    const perMinute = [];
    for (const t of proxy.times) perMinute[Math.floor((t - first) / 60000)] = (perMinute[Math.floor((t - first) / 60000)] || 0) + 1;
    out('four-workers-reached-rate', {
      leads: n,
      batch,
      requestsNeeded: Math.ceil(n / batch),
      held: st.campaigns[0].count,
      posts: proxy.times.length,
      worstIn60s: worstWindow(proxy.times, 60000),
      limit: '100/60s',
      postsPerMinuteFromFirst: perMinute.map((x) => x || 0),
      spanSeconds: round((Math.max(...proxy.times) - first) / 1000, 1),
      emulatorRateLimited: st.stats.rateLimited,
      emulatorRequests: st.stats.requests,
      leadsReceived: st.stats.leadsReceived,
      perWorker: sums.map((s, k) => ({
        exit: rs[k].code,
        added: s.added,
        alreadyInCampaign: s.alreadyInCampaign,
        httpRequests: s.httpRequests,
        bucketWaits: s.ledger.bucketWaits,
      })),
      seconds: (Date.now() - t0) / 1000,
    });
    await proxy.close();
    await emu.stop();
  }

  // ---- 4. 1,000,000 keys, a plan of 100,000 rows
  if (ONLY.has('4')) {
    const K = quick ? 100000 : 1000000;
    const R = quick ? 10000 : 100000;
    const BATCH = 4096;
    const campaign = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    const sqlite = join(dir, 'big.sqlite');
    // its own database, so that the size is the 1M keys' only
    {
      const { store } = await openLedger(cluster.url);
      await store.pool.query('CREATE DATABASE bench_keys');
      await store.close();
    }
    const pgUrl = cluster.url.replace(/\/postgres$/, '/bench_keys');
    // half the rows are in the ledger (k0, k14, ... k699986), half are new
    const rows = Array.from({ length: R }, (_, i) => ({ email: i % 2 ? `new${i}@example.com` : `k${i * 7}@example.com`, first_name: 'F' }));
    for (const [kind, spec] of [
      ['sqlite', sqlite],
      ['postgres', pgUrl],
    ]) {
      let { store } = await openLedger(spec);
      const ws = workspaceOf('reached', 'big');
      let t = Date.now();
      for (let i = 0; i < K; i += 10000) {
        const entries = Array.from({ length: Math.min(10000, K - i) }, (_, k) => ({
          keys: [{ kind: 'email', field: 'email', key: `k${i + k}@example.com` }],
          outcome: 'added',
          at: '2026-12-01T00:00:00.000Z',
        }));
        await store.settle(ws, campaign, entries);
      }
      const settleS = (Date.now() - t) / 1000;
      // A long-lived database has statistics; a table loaded a second ago has none until autovacuum
      // runs, and the per-batch join then takes a nested loop over the whole campaign (see RESULTS.md).
      if (kind === 'postgres') await store.pool.query('ANALYZE');
      const bulk = [];
      const per = [];
      let bulkDup = 0;
      let perDup = 0;
      let rssMiB = 0;
      for (let run = 0; run < RUNS; run++) {
        // bulk: every key of the campaign into the engine's index as existing leads
        t = Date.now();
        const seed = await ledgerSeed(store, { provider: 'reached', account: 'big', campaignId: campaign });
        const seedS = (Date.now() - t) / 1000;
        const p = engine.plan('reached', rows, { campaignId: campaign, existing: seed.leads });
        const bulkS = (Date.now() - t) / 1000;
        bulkDup = p.summary.duplicate;
        rssMiB = Math.max(rssMiB, Math.round(process.memoryUsage().rss / 1048576));
        bulk.push({ seedS, planS: bulkS - seedS, totalS: bulkS });
        // per batch: look up each batch's emails, pass only the hits as existing, plan once
        t = Date.now();
        const hits = [];
        for (let i = 0; i < rows.length; i += BATCH) {
          const found = await store.lookupMany(
            ws,
            'email',
            rows.slice(i, i + BATCH).map((r) => r.email),
            campaign,
          );
          for (const email of found) hits.push({ email });
        }
        const lookS = (Date.now() - t) / 1000;
        const q = engine.plan('reached', rows, { campaignId: campaign, existing: hits });
        const perS = (Date.now() - t) / 1000;
        perDup = q.summary.duplicate;
        per.push({ lookupS: lookS, planS: perS - lookS, totalS: perS });
        console.error(`ledger-figures: ${kind} run ${run + 1}/${RUNS}: bulk ${round(bulkS)} s, per batch ${round(perS)} s`);
      }
      let bytes = 0;
      if (kind === 'sqlite') {
        await store.close(); // checkpoints the WAL into the file
        store = null;
        for (const f of readdirSync(dir)) if (f.startsWith('big.sqlite')) bytes += statSync(join(dir, f)).size;
      } else {
        const q = await store.pool.query("SELECT pg_total_relation_size('leadroster_pushes') + pg_total_relation_size('leadroster_push_keys') AS b");
        bytes = Number(q.rows[0].b);
        await store.close();
      }
      const med = (xs, f) => round(median(xs.map((x) => x[f])));
      out(`million-keys-${kind}`, {
        keys: K,
        rows: R,
        runs: RUNS,
        settleSeconds: round(settleS, 1),
        bulk: {
          seedSeconds: med(bulk, 'seedS'),
          planSeconds: med(bulk, 'planS'),
          totalSeconds: med(bulk, 'totalS'),
          all: bulk.map((x) => round(x.totalS)),
          duplicates: bulkDup,
        },
        perBatch: {
          batch: BATCH,
          lookupSeconds: med(per, 'lookupS'),
          planSeconds: med(per, 'planS'),
          totalSeconds: med(per, 'totalS'),
          all: per.map((x) => round(x.totalS)),
          duplicates: perDup,
        },
        peakRssMiB: rssMiB,
        storeBytes: bytes,
        storeMiB: Math.round(bytes / 1048576),
      });
    }
  }
} finally {
  for (const c of children) c.kill('SIGKILL');
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
