#!/usr/bin/env node
// One measurement in its own process (bench/run.mjs spawns one per run so
// that peak RSS is per measurement). Prints one JSON line.
//
//   node bench/measure.mjs wasm-plan   --provider P --file F.json   [--options JSON]
//   node bench/measure.mjs wasm-stream --provider P --file F.ndjson [--options JSON] [--chunk-bytes 4194304]
//   node bench/measure.mjs wasm-planjson --provider P --file F.json|F.ndjson [--options JSON]
//   node bench/measure.mjs wasm-engine --provider P --file F.ndjson [--options JSON]
//   node bench/measure.mjs json-parse  --file F.json
//   node bench/measure.mjs validate    --provider P --file F.ndjson [--options JSON] [--calls 10000] [--warmup 2000]
//
// wasm-plan:   read + JSON.parse the array (timed apart as readMs/parseMs),
//              then ms = engine.plan(provider, rows, options), the full JS API
//              call (JSON.stringify of the rows into the engine, the lean
//              answers decoded, requests with their bodyText); totalMs adds
//              the read and the parse. rows and bodies are not touched (they
//              are built on first access), so RSS is what plan() itself holds.
// wasm-planjson: ms = read the file as bytes + engine.planJson(provider, bytes).
// wasm-engine: the WASM engine call alone: the NDJSON file's bytes copied into
//              the heap once, Planner.setInput + pushNext(4096 rows) until done
//              + finishLean, answers left in the heap (no JS decoding): the
//              comparable of the native driver (read not included).
// wasm-stream: ms = end to end from the NDJSON file: fs read stream of
//              ~chunk-bytes blocks cut at the last newline -> planner.pushNdjson,
//              results counted and dropped, then finish().
// json-parse:  ms = JSON.parse of the file's text (readMs apart).
// validate:    engine.validateLead on one lead (the file's first line), after
//              warm-up; median / p99 / mean of per-call times in microseconds.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
const target = argv[0];
const opt = {};
for (let i = 1; i < argv.length; i++) {
  if (!argv[i].startsWith('--')) throw new Error('unexpected argument ' + argv[i]);
  const k = argv[i].slice(2);
  const eq = k.indexOf('=');
  if (eq > 0) opt[k.slice(0, eq)] = k.slice(eq + 1);
  else opt[k] = argv[++i];
}
const options = opt.options ? JSON.parse(opt.options) : {};
const rssMB = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10; // maxRSS is KiB
const r2 = (x) => Math.round(x * 100) / 100;
const perSec = (n, ms) => Math.round(n / (ms / 1000));
// CPU time of this process (all its threads: V8's GC helpers included), in ms.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function engine() {
  // --engine: the package entry to load (run.mjs passes a snapshot of npm/)
  const entry = opt.engine ? new URL('file://' + path.resolve(opt.engine)) : new URL('../npm/index.mjs', import.meta.url);
  const { load } = await import(entry);
  return load();
}

async function wasmPlan() {
  const e = await engine();
  const c0 = cpuNow();
  const t0 = performance.now();
  const text = fs.readFileSync(opt.file, 'utf8');
  const t1 = performance.now();
  const rows = JSON.parse(text);
  const c2 = cpuNow();
  const t2 = performance.now();
  const res = e.plan(opt.provider, rows, options);
  const t3 = performance.now();
  const cpuMs = cpuNow() - c2;
  const ms = t3 - t2;
  return {
    target,
    provider: opt.provider,
    n: rows.length,
    ms: r2(ms),
    leadsPerSec: perSec(rows.length, ms),
    cpuMs: r2(cpuMs),
    leadsPerCpuSec: perSec(rows.length, cpuMs),
    maxRssMB: rssMB(),
    readMs: r2(t1 - t0),
    parseMs: r2(t2 - t1),
    summary: res.summary,
    totalMs: r2(t3 - t0),
    leadsPerSecTotal: perSec(rows.length, t3 - t0),
    totalCpuMs: r2(cpuNow() - c0),
    requests: res.requests.length,
  };
}

async function wasmPlanJson() {
  const e = await engine();
  const c0 = cpuNow();
  const t0 = performance.now();
  const bytes = fs.readFileSync(opt.file);
  const res = e.planJson(opt.provider, bytes, options);
  const ms = performance.now() - t0;
  const cpuMs = cpuNow() - c0;
  const n = res.summary.total;
  return {
    target,
    provider: opt.provider,
    n,
    ms: r2(ms),
    leadsPerSec: perSec(n, ms),
    cpuMs: r2(cpuMs),
    leadsPerCpuSec: perSec(n, cpuMs),
    maxRssMB: rssMB(),
    summary: res.summary,
    requests: res.requests.length,
  };
}

async function wasmEngine() {
  // The raw module of the same package (its dist/), as the package loads it.
  const dist = opt.engine ? path.join(path.dirname(path.resolve(opt.engine)), 'dist') : new URL('../npm/dist', import.meta.url).pathname;
  const { createRequire } = await import('node:module');
  const factory = createRequire(import.meta.url)(path.join(dist, 'leadroster-node.cjs'));
  const M = await factory({ wasmBinary: fs.readFileSync(path.join(dist, 'leadroster.wasm')) });
  const bytes = fs.readFileSync(opt.file);
  const c0 = cpuNow();
  const t0 = performance.now();
  const h = new M.Planner(opt.provider, JSON.stringify(options));
  const ptr = M._malloc(bytes.length);
  M.HEAPU8.set(bytes, ptr);
  const err = h.setInput(ptr, bytes.length);
  if (err) throw new Error(err);
  let pushes = 0,
    answerBytes = 0;
  while (!h.inputDone()) {
    answerBytes += h.pushNext(4096, false) + h.headLength();
    pushes++;
  }
  answerBytes += h.finishLean() + h.headLength();
  const ms = performance.now() - t0;
  const cpuMs = cpuNow() - c0;
  const p = h.headPointer();
  const summary = JSON.parse(new TextDecoder().decode(M.HEAPU8.subarray(p, p + h.headLength()))).summary;
  M._free(ptr);
  h.delete();
  const n = summary.total;
  return {
    target,
    provider: opt.provider,
    n,
    ms: r2(ms),
    leadsPerSec: perSec(n, ms),
    cpuMs: r2(cpuMs),
    leadsPerCpuSec: perSec(n, cpuMs),
    maxRssMB: rssMB(),
    summary,
    pushes,
    answerBytes,
  };
}

async function wasmStream() {
  const e = await engine();
  const chunkBytes = Number(opt['chunk-bytes'] || 4 << 20);
  const c0 = cpuNow();
  const t0 = performance.now();
  const planner = e.createPlanner(opt.provider, options);
  let rows = 0,
    requests = 0,
    pushes = 0,
    carry = null;
  const push = (buf) => {
    const out = planner.pushNdjson(buf); // the file's bytes, no string in between
    // (rows are built on first access: not touched here, like a caller that
    // sends each request's bodyText and reads only the rows it reports)
    requests += out.requests.length;
    pushes++;
  };
  for await (const block of fs.createReadStream(opt.file, { highWaterMark: chunkBytes })) {
    const buf = carry ? Buffer.concat([carry, block]) : block;
    const cut = buf.lastIndexOf(10);
    if (cut < 0) {
      carry = buf;
      continue;
    }
    push(buf.subarray(0, cut + 1));
    carry = cut + 1 < buf.length ? Buffer.from(buf.subarray(cut + 1)) : null;
  }
  if (carry) push(carry);
  const end = planner.finish();
  requests += end.requests.length;
  rows = end.summary.total;
  planner.delete();
  const ms = performance.now() - t0;
  const cpuMs = cpuNow() - c0;
  return {
    target,
    provider: opt.provider,
    n: rows,
    ms: r2(ms),
    leadsPerSec: perSec(rows, ms),
    cpuMs: r2(cpuMs),
    leadsPerCpuSec: perSec(rows, cpuMs),
    maxRssMB: rssMB(),
    summary: end.summary,
    requests,
    pushes,
    inputBytes: fs.statSync(opt.file).size,
  };
}

function jsonParse() {
  const t0 = performance.now();
  const text = fs.readFileSync(opt.file, 'utf8');
  const c1 = cpuNow();
  const t1 = performance.now();
  const rows = JSON.parse(text);
  const ms = performance.now() - t1;
  const cpuMs = cpuNow() - c1;
  return {
    target,
    n: rows.length,
    ms: r2(ms),
    leadsPerSec: perSec(rows.length, ms),
    cpuMs: r2(cpuMs),
    leadsPerCpuSec: perSec(rows.length, cpuMs),
    maxRssMB: rssMB(),
    readMs: r2(t1 - t0),
  };
}

async function validate() {
  const e = await engine();
  const fd = fs.openSync(opt.file, 'r');
  const head = Buffer.alloc(64 * 1024);
  const got = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const lead = JSON.parse(head.subarray(0, got).toString('utf8').split('\n')[0]);
  const calls = Number(opt.calls || 10000),
    warmup = Number(opt.warmup || 2000);
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += e.validateLead(opt.provider, lead, options).errors.length;
  const t = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const a = process.hrtime.bigint();
    const r = e.validateLead(opt.provider, lead, options);
    t[i] = Number(process.hrtime.bigint() - a) / 1000;
    sink += r.errors.length;
  }
  const sorted = Float64Array.from(t).sort();
  const q = (p) => sorted[Math.min(calls - 1, Math.ceil(p * calls) - 1)];
  const mean = t.reduce((a, b) => a + b, 0) / calls;
  const sample = e.validateLead(opt.provider, lead, options);
  return {
    target,
    provider: opt.provider,
    calls,
    warmup,
    medianUs: r2(q(0.5)),
    p99Us: r2(q(0.99)),
    meanUs: r2(mean),
    maxRssMB: rssMB(),
    ok: sample.ok,
    sink,
  };
}

const run = { 'wasm-plan': wasmPlan, 'wasm-planjson': wasmPlanJson, 'wasm-engine': wasmEngine, 'wasm-stream': wasmStream, 'json-parse': jsonParse, validate }[
  target
];
if (!run) {
  console.error('usage: node bench/measure.mjs wasm-plan|wasm-planjson|wasm-engine|wasm-stream|json-parse|validate --provider P --file F [--options JSON]');
  process.exit(2);
}
const out = await run();
out.childCpuMs = r2(cpuNow());
console.log(JSON.stringify(out));
