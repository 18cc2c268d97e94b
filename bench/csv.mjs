#!/usr/bin/env node
// The CSV benchmark of issue 19 (`node bench/run.mjs csv [options]`, or alone):
//
//   node bench/csv.mjs [--rows 100k] [--big 1m] [--runs 3] [--old-commit 1638df3]
//                      [--only check,stack,engine,old,stream,native,edge,size] [--results bench/RESULTS.md]
//
// On one CRM-style CSV (tests/support/crm-csv.mjs: HubSpot-like headers, CRLF,
// quoted commas, national phones with a country column, ~3% bad emails, ~8%
// duplicates), each in its own process, medians of --runs, wall and CPU
// (user+system of the child: its rusage, from /usr/bin/time), peak RSS:
//   check   node npm/cli.mjs check FILE --provider reached --quiet (the engine's input path), as a user runs it
//   stack   bench/js-stack.mjs: papaparse + validator.isEmail + libphonenumber-js + Set (whole process)
//   engine  bench/wasm-input.mjs on FILE: the WASM InputPlanner alone (whole process; "inner" = the planning alone)
//   old     the same check command of --old-commit (default 1638df3, the last CLI whose
//           check planned through csvRecords + rows.mjs + plan), its npm/ exported by
//           git archive and run on this build's wasm
//   stream  node npm/cli.mjs plan BIG --out /dev/null: peak RSS / file size
//   native  bench/wasm-input.mjs and build/plan_input on BIG (ms inside): WASM engine / native
//   edge    bench/edge.mjs: the edge handler in workerd, 1,000 CRM CSV rows warm (medians)
//   size    npm/dist/leadroster.wasm, raw and gzip -9
// The page's figure is read from the browser test's last diagnostic
// (build/screenshots/file-metrics.txt, tests/browser/file.test.mjs).
// Ratios are against the JS stack measured in the same run. The figures go to
// the "CSV input" section of --results (between its markers; the rest of the
// file, written by bench/run.mjs, is kept) and bench/data/results-input.json.
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { crmCsv } from '../tests/support/crm-csv.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const DATA = path.join(BENCH, 'data');
const CAMPAIGN = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';

const count = (s) => Math.round(parseFloat(s) * (/m$/i.test(s) ? 1e6 : /k$/i.test(s) ? 1e3 : 1));
const o = { rows: 100000, big: 1000000, runs: 3, oldCommit: '1638df3', only: null, results: path.join(BENCH, 'RESULTS.md') };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--rows') o.rows = count(argv[++i]);
  else if (a === '--big') o.big = count(argv[++i]);
  else if (a === '--runs') o.runs = Math.max(1, parseInt(argv[++i], 10));
  else if (a === '--old-commit') o.oldCommit = argv[++i];
  else if (a === '--only') o.only = argv[++i].split(',');
  else if (a === '--results') o.results = path.resolve(argv[++i]);
  else throw new Error('unknown argument ' + a);
}
const want = (t) => !o.only || o.only.includes(t);
const log = (s) => process.stderr.write(s + '\n');
const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : null;
};

function crmFile(n) {
  fs.mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `crm-${n}.csv`);
  if (!fs.existsSync(file)) {
    log(`generating ${file} ...`);
    // in pieces (the same text as crmCsv(n, 19): one generator, header once)
    fs.writeFileSync(file, crmCsv(n, 19));
  }
  return file;
}

// One process under /usr/bin/time: wall, CPU (user+sys), peak RSS; and its last stdout JSON line if any.
function timed(cmd, args, label) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20 });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr || '');
  if (!m) {
    log(`  ${label}: FAILED (exit ${r.status})\n${(r.stderr || '').slice(-1500)}`);
    return null;
  }
  const last = (r.stdout || '').trim().split('\n').pop();
  let inner = null;
  try {
    inner = last && last[0] === '{' ? JSON.parse(last) : null;
  } catch (_) {}
  return {
    wallMs: parseFloat(m[1]) * 1000,
    cpuMs: (parseFloat(m[2]) + parseFloat(m[3])) * 1000,
    rssMB: parseInt(m[4], 10) / 1024,
    status: r.status,
    inner,
    out: r.stdout,
  };
}

function runs(label, f) {
  const all = [];
  for (let i = 0; i < o.runs; i++) {
    const r = f();
    if (r) all.push(r);
    log(
      `  ${label} run ${i + 1}: ${r ? `${Math.round(r.wallMs)} ms wall, ${Math.round(r.cpuMs)} ms CPU, ${Math.round(r.rssMB)} MB` + (r.inner && r.inner.ms ? `, inner ${Math.round(r.inner.ms)} ms` : '') : 'failed'}`,
    );
  }
  if (!all.length) return null;
  return {
    wallMs: median(all.map((r) => r.wallMs)),
    cpuMs: median(all.map((r) => r.cpuMs)),
    rssMB: median(all.map((r) => r.rssMB)),
    innerMs: median(all.map((r) => r.inner && r.inner.ms)),
    innerCpuMs: median(all.map((r) => r.inner && r.inner.cpuMs)),
    runs: all.map((r) => [Math.round(r.wallMs), Math.round(r.cpuMs)]),
    sample: all[0],
  };
}

function oldCli(commit) {
  const dir = path.join(DATA, `old-cli-${commit}`);
  if (!fs.existsSync(path.join(dir, 'npm', 'cli.mjs'))) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('bash', ['-c', `git archive ${commit} npm | tar -x -C ${JSON.stringify(dir)}`], { cwd: ROOT });
  }
  const nm = path.join(dir, 'npm', 'node_modules');
  if (!fs.existsSync(nm) && fs.existsSync(path.join(ROOT, 'npm', 'node_modules'))) fs.symlinkSync(path.join(ROOT, 'npm', 'node_modules'), nm);
  // this build's engine (its plan() is what the old path called)
  fs.mkdirSync(path.join(dir, 'npm', 'dist'), { recursive: true });
  for (const f of fs.readdirSync(path.join(ROOT, 'npm', 'dist'))) fs.copyFileSync(path.join(ROOT, 'npm', 'dist', f), path.join(dir, 'npm', 'dist', f));
  return path.join(dir, 'npm', 'cli.mjs');
}

const BEGIN = '<!-- csv-input:begin (bench/csv.mjs) -->';
const END = '<!-- csv-input:end -->';
const res = {
  at: new Date().toISOString(),
  machine: `${os.cpus()[0].model} x${os.cpus().length}, node ${process.version}`,
  load: os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' '),
  runs: o.runs,
  rows: o.rows,
  big: o.big,
};
const small = crmFile(o.rows);
res.smallBytes = fs.statSync(small).size;
const checkArgs = (cli) => [cli, 'check', small, '--provider', 'reached', '--quiet'];
if (want('check')) {
  log(`check (engine input path), ${o.rows} rows:`);
  res.check = runs('check', () => timed(process.execPath, checkArgs(path.join(ROOT, 'npm', 'cli.mjs')), 'check'));
  const summary = /summary: (.*)/.exec(res.check?.sample.out || '');
  res.checkSummary = summary ? summary[1] : null;
}
if (want('old')) {
  log(`old check (${o.oldCommit}: csvRecords + rows.mjs + plan), ${o.rows} rows:`);
  const cli = oldCli(o.oldCommit);
  res.old = runs('old', () => timed(process.execPath, checkArgs(cli), 'old'));
  const summary = /summary: (.*)/.exec(res.old?.sample.out || '');
  res.oldSummary = summary ? summary[1] : null;
}
if (want('stack')) {
  log(`JS stack (papaparse + validator + libphonenumber-js + Set), ${o.rows} rows:`);
  res.stack = runs('stack', () => timed(process.execPath, [path.join(BENCH, 'js-stack.mjs'), small], 'stack'));
  res.stackSummary = res.stack?.sample.inner;
}
const options = JSON.stringify({ campaignId: CAMPAIGN });
if (want('engine')) {
  log(`WASM InputPlanner alone, ${o.rows} rows:`);
  res.engineSmall = runs('engine', () =>
    timed(process.execPath, [path.join(BENCH, 'wasm-input.mjs'), '--provider', 'reached', '--options', options, small], 'engine'),
  );
}
if (want('stream') || want('native')) {
  const big = crmFile(o.big);
  res.bigBytes = fs.statSync(big).size;
  if (want('stream')) {
    log(`plan ${o.big} rows streamed (--out /dev/null):`);
    res.stream = runs('stream', () =>
      timed(
        process.execPath,
        [path.join(ROOT, 'npm', 'cli.mjs'), 'plan', big, '--provider', 'reached', '--campaign-id', CAMPAIGN, '--format', 'ndjson', '--out', '/dev/null'],
        'stream',
      ),
    );
  }
  if (want('native')) {
    log(`WASM InputPlanner alone, ${o.big} rows:`);
    res.engine = runs('engine', () =>
      timed(process.execPath, [path.join(BENCH, 'wasm-input.mjs'), '--provider', 'reached', '--options', options, big], 'engine'),
    );
    const tool = path.join(ROOT, 'build', 'plan_input');
    log(`native plan_input, ${o.big} rows:`);
    res.native = fs.existsSync(tool) ? runs('native', () => timed(tool, ['--provider', 'reached', '--options', options, big], 'native')) : null;
  }
}
if (want('edge')) {
  log('edge handler in workerd (bench/edge.mjs: 1,000 CRM CSV rows, warm):');
  const r = spawnSync(process.execPath, [path.join(BENCH, 'edge.mjs'), '--warm', '100', '--runs', '60'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  res.edge = (r.stdout || '')
    .split('\n')
    .filter((l) => l.startsWith('edge {'))
    .map((l) => JSON.parse(l.slice(5)));
  if (!res.edge.length) log(`  bench/edge.mjs failed: ${(r.stderr || '').slice(0, 500)}`);
}
// the page's figure is the browser test's own diagnostic (tests/browser/file.test.mjs), from its last run
const pageMetrics = path.join(ROOT, 'build', 'screenshots', 'file-metrics.txt');
if (fs.existsSync(pageMetrics)) res.page = { text: fs.readFileSync(pageMetrics, 'utf8').trim(), at: fs.statSync(pageMetrics).mtime.toISOString() };
if (want('size')) {
  const wasm = fs.readFileSync(path.join(ROOT, 'npm', 'dist', 'leadroster.wasm'));
  res.wasmBytes = wasm.length;
  res.wasmGzip = zlib.gzipSync(wasm, { level: 9 }).length;
}
fs.mkdirSync(DATA, { recursive: true });
// With --only, the figures of the targets not run come from the last run that had them (named in the notes).
const saved = path.join(DATA, 'results-input.json');
if (o.only && fs.existsSync(saved)) {
  const prev = JSON.parse(fs.readFileSync(saved, 'utf8'));
  res.keptFrom = {};
  for (const k of [
    'check',
    'old',
    'stack',
    'engineSmall',
    'stream',
    'engine',
    'native',
    'wasmBytes',
    'wasmGzip',
    'edge',
    'bigBytes',
    'checkSummary',
    'oldSummary',
    'stackSummary',
  ]) {
    if (res[k] === undefined && prev[k] !== undefined && prev[k] !== null) {
      res[k] = prev[k];
      res.keptFrom[k] = (prev.keptFrom && prev.keptFrom[k]) || `${prev.at}, load ${prev.load}`;
    }
  }
}
fs.writeFileSync(saved, JSON.stringify(res, null, 1));

const r2 = (x) => (x === null || x === undefined || !isFinite(x) ? '—' : x.toFixed(2));
const ms = (x) => (x === null || x === undefined ? '—' : `${Math.round(x)} ms`);
const lines = [];
lines.push(BEGIN, '## CSV input (issue 19)', '');
lines.push(
  `Written by \`node bench/run.mjs csv ${argv.join(' ')}\` (bench/csv.mjs) on ${res.at} (${res.machine}); load average at the start ${res.load}; medians of ${o.runs} runs, each its own process;`,
);
lines.push(`wall and CPU (user+system of the child process, its rusage via /usr/bin/time) of the whole process: node start-up and WASM compile included.`, '');
lines.push(`Input: CRM-style CSV, ${o.rows} rows, ${(res.smallBytes / 1e6).toFixed(1)} MB (tests/support/crm-csv.mjs, seed 19).`, '');
lines.push('| command | wall | CPU | peak RSS | wall ÷ JS stack | CPU ÷ JS stack | runs [wall, CPU] ms |', '|---|---|---|---|---|---|---|');
const vs = (x, k) => (res.stack && x ? `${r2(res.stack[k] / x[k])}x` : '—');
for (const [k, name] of [
  ['check', '`node npm/cli.mjs check FILE --provider reached --quiet` (engine input path)'],
  ['engineSmall', '`node bench/wasm-input.mjs --provider reached FILE` (the WASM InputPlanner alone)'],
  ['old', `the same check, CLI of ${o.oldCommit} (csvRecords + rows.mjs + plan)`],
  ['stack', '`node bench/js-stack.mjs FILE` (papaparse + validator + libphonenumber-js + Set)'],
]) {
  const x = res[k];
  if (x)
    lines.push(
      `| ${name} | ${ms(x.wallMs)} | ${ms(x.cpuMs)} | ${Math.round(x.rssMB)} MB | ${vs(x, 'wallMs')} | ${vs(x, 'cpuMs')} | ${JSON.stringify(x.runs)} |`,
    );
}
lines.push('');
if (res.check && res.stack)
  lines.push(
    `- check vs the JS stack: **${r2(res.stack.wallMs / res.check.wallMs)}x** by wall, **${r2(res.stack.cpuMs / res.check.cpuMs)}x** by CPU (target ≥ 5x).`,
  );
if (res.check && res.old)
  lines.push(
    `- check vs the old CLI: **${r2(res.old.wallMs / res.check.wallMs)}x** by wall, **${r2(res.old.cpuMs / res.check.cpuMs)}x** by CPU (target ≥ 4x).`,
  );
if (res.engineSmall)
  lines.push(
    `- the WASM InputPlanner alone, inside its process: ${ms(res.engineSmall.innerMs)} wall, ${ms(res.engineSmall.innerCpuMs)} CPU; check's CPU less that: ${ms(res.check ? res.check.cpuMs - res.engineSmall.innerCpuMs : null)} (node start-up, WASM compile, the CLI's JS).`,
  );
if (res.checkSummary)
  lines.push(
    `- check's summary: ${res.checkSummary}; old CLI: ${res.oldSummary ?? '—'}; JS stack: ${res.stackSummary ? `ok ${res.stackSummary.ok}, invalid ${res.stackSummary.invalid}, duplicate ${res.stackSummary.duplicate}` : '—'} (it checks less: one email regex, no LinkedIn or dedup on phone).`,
  );
if (res.stream)
  lines.push(
    `- plan of ${o.big} rows streamed (${(res.bigBytes / 1e6).toFixed(0)} MB): ${ms(res.stream.wallMs)} wall, peak RSS ${Math.round(res.stream.rssMB)} MB = **${r2((res.stream.rssMB * 1048576) / res.bigBytes)}** × the file size (target ≤ 1.5).`,
  );
if (res.engine && res.native)
  lines.push(
    `- the engine alone on ${o.big} rows: WASM ${ms(res.engine.innerMs)} (CPU ${ms(res.engine.innerCpuMs)}), native ${ms(res.native.innerMs)} (CPU ${ms(res.native.innerCpuMs)}): WASM ÷ native **${r2(res.engine.innerMs / res.native.innerMs)}** by wall, ${r2(res.engine.innerCpuMs / res.native.innerCpuMs)} by CPU (target ≤ 1.3).`,
  );
if (res.edge && res.edge.length) {
  const [csvFig, one, upload] = res.edge;
  lines.push(
    `- edge handler in workerd (\`node bench/edge.mjs --warm 100 --runs 60\`, 127.0.0.1): ${csvFig.label}: median **${csvFig.medianMs} ms** (p10 ${csvFig.p10Ms}, min ${csvFig.minMs}; target ≤ 8 ms)` +
      (one ? `; ${one.label}: ${one.medianMs} ms` : '') +
      (upload ? `; ${upload.label}: ${upload.medianMs} ms` : '') +
      '.',
  );
  for (const f of res.edge.filter((x) => /one call/.test(x.label))) lines.push(`  - ${f.label}: median ${f.medianMs} ms.`);
}
if (res.page)
  lines.push(
    `- ${res.page.text} (tests/browser/file.test.mjs's diagnostic in Chromium, its run of ${res.page.at}: the test's own 100k-row file, 4 columns, provider sendkit; target ≤ 0.6 s).`,
  );
if (res.wasmGzip)
  lines.push(`- npm/dist/leadroster.wasm: ${res.wasmBytes} bytes, **${(res.wasmGzip / 1024).toFixed(0)} KB** gzipped (gzip -9; target ≤ 200 KB).`);
if (res.keptFrom && Object.keys(res.keptFrom).length) {
  const by = new Map();
  for (const [k, at] of Object.entries(res.keptFrom)) by.set(at, [...(by.get(at) || []), k]);
  lines.push(`- figures from an earlier run (not run with this --only): ${[...by].map(([at, ks]) => `${ks.join(', ')} (${at})`).join('; ')}.`);
}
const notes = path.join(BENCH, 'NOTES-csv.md');
if (fs.existsSync(notes)) lines.push('', fs.readFileSync(notes, 'utf8').trim());
lines.push('', END);
const section = lines.join('\n');
const prev = fs.existsSync(o.results) ? fs.readFileSync(o.results, 'utf8') : '';
const a = prev.indexOf(BEGIN);
const b = prev.indexOf(END);
const next = a >= 0 && b > a ? prev.slice(0, a) + section + prev.slice(b + END.length) : prev.replace(/\n*$/, '\n\n') + section + '\n';
fs.writeFileSync(o.results, next);
process.stdout.write(section + '\n');
