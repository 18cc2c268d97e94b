#!/usr/bin/env node
// The edge handler's latency in workerd (Cloudflare's runtime, the `workerd`
// npm package), as issue 19 measures it: POST /plan of 1,000 CRM-style CSV
// rows (tests/support/crm-csv.mjs), warm, median of many requests; the same
// rows as a JSON array of leads for comparison. workerd listens on 127.0.0.1;
// every loop is bounded (--warm and --runs requests, 60 s each at most).
//
//   node bench/edge.mjs [--rows 1000] [--warm 30] [--runs 60]
//
// Last, bench/workerd-repeat.mjs in its own workerd: one engine.planInput of
// the same CSV inside workerd, as (time of 11 calls - time of 1) / 10.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, bundleWorker, startWorkerd, tempDir } from '../tests/support/workerd.mjs';
import { crmCsv } from '../tests/support/crm-csv.mjs';

const o = { rows: 1000, warm: 30, runs: 60 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--rows') o.rows = Number(argv[++i]);
  else if (argv[i] === '--warm') o.warm = Number(argv[++i]);
  else if (argv[i] === '--runs') o.runs = Number(argv[++i]);
}
const UUID = '3f1c2d4e-0000-4000-8000-00000000000a';
const csv = crmCsv(o.rows, 19);

// A worker (its entry bundled as wrangler does, the package linked in) in its own workerd.
async function startWorker(entry) {
  const dir = tempDir('leadroster-edge-bench-');
  const nm = path.join(dir.dir, 'node_modules');
  fs.mkdirSync(nm);
  fs.symlinkSync(path.join(REPO_ROOT, 'npm'), path.join(nm, 'leadroster'), 'dir');
  await bundleWorker(path.join(REPO_ROOT, entry), dir.dir, { nodePaths: [nm] });
  const worker = await startWorkerd({ dir: dir.dir, wasmPath: path.join(REPO_ROOT, 'npm/dist/leadroster.wasm') });
  return {
    url: worker.url,
    async close() {
      await worker.close();
      dir.remove();
    },
  };
}

const w = await startWorker('web/edge/worker.mjs');
const quantile = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
async function measure(label, query, type, body, route = '/plan', status = 200) {
  const times = [];
  let summary = null;
  for (let i = 0; i < o.warm + o.runs; i++) {
    const t0 = performance.now();
    const res = await fetch(`${w.url}${route}?${query}`, { method: 'POST', headers: { 'content-type': type }, body, signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== status) throw new Error(`${label}: HTTP ${res.status}: ${text.slice(0, 300)}`);
    if (i >= o.warm) times.push(ms);
    summary ??= status === 200 ? JSON.parse(text).summary : null;
  }
  times.sort((a, b) => a - b);
  const fig = {
    label,
    bytes: Buffer.byteLength(body),
    requests: o.runs,
    medianMs: +quantile(times, 0.5).toFixed(2),
    p10Ms: +quantile(times, 0.1).toFixed(2),
    p90Ms: +quantile(times, 0.9).toFixed(2),
    minMs: +times[0].toFixed(2),
    summary,
  };
  console.log(`edge ${JSON.stringify(fig)}`);
  return fig;
}
try {
  const q = `provider=reached&campaignId=${UUID}&defaultCountry=US`;
  await measure(`${o.rows} CRM CSV rows, reached`, q, 'text/csv', csv);
  // the floor: one row (HTTP on 127.0.0.1, the handler and the runtime, no planning to speak of)
  await measure('1 CRM CSV row, reached', q, 'text/csv', crmCsv(1, 19));
  // the same 1,000 rows sent to a route that answers 404 at once: the cost of the upload itself
  await measure(`${o.rows} CRM CSV rows sent to a 404 route`, q, 'text/csv', csv, '/none', 404);
  const leads = Array.from({ length: o.rows }, (_, i) => ({
    email: `Person.${i % Math.floor(o.rows * 0.9)}@Acme${i % 7}.com`,
    first_name: `P${i}`,
    ...(i % 50 === 49 ? { email: `broken${i}@` } : {}),
  }));
  await measure(`${o.rows} JSON leads, sendkit (the test's rows)`, 'provider=sendkit&campaignId=camp', 'application/json', JSON.stringify(leads));
} finally {
  await w.close();
}

// One engine call inside workerd: a worker that plans the body `repeat` times.
const w2 = await startWorker('bench/workerd-repeat.mjs');
try {
  const median = async (repeat) => {
    const times = [];
    for (let i = 0; i < o.warm + o.runs; i++) {
      const t0 = performance.now();
      const res = await fetch(`${w2.url}/?repeat=${repeat}&campaignId=${UUID}`, { method: 'POST', body: csv, signal: AbortSignal.timeout(60_000) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`repeat worker: HTTP ${res.status}: ${text.slice(0, 300)}`);
      if (i >= o.warm) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return quantile(times, 0.5);
  };
  const one = await median(1);
  const eleven = await median(11);
  console.log(
    `edge ${JSON.stringify({ label: `engine.planInput of ${o.rows} CRM CSV rows inside workerd, one call`, medianMs: +((eleven - one) / 10).toFixed(2), oneCallRequestMs: +one.toFixed(2), elevenCallsRequestMs: +eleven.toFixed(2) })}`,
  );
} finally {
  await w2.close();
}

// The same call in Node (this process), for comparison.
{
  const { load } = await import('../npm/index.mjs');
  const engine = await load();
  const bytes = new TextEncoder().encode(csv);
  const options = { campaignId: UUID, defaultCountry: 'US', format: 'csv' };
  const times = [];
  for (let i = 0; i < o.warm + o.runs; i++) {
    const t0 = performance.now();
    engine.planInput('reached', bytes, options);
    if (i >= o.warm) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `edge ${JSON.stringify({ label: `engine.planInput of ${o.rows} CRM CSV rows in Node, one call`, medianMs: +quantile(times, 0.5).toFixed(2), minMs: +times[0].toFixed(2) })}`,
  );
}
