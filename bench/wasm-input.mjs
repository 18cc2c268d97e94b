#!/usr/bin/env node
// The WASM engine's input path alone (the comparable of build/plan_input):
// the file read in 1 MiB chunks, each copied into the heap and pushed to the
// Embind InputPlanner; answers stay in the heap (no JS decoding).
//
//   node bench/wasm-input.mjs --provider reached --options JSON [--repeat N] [--dist DIR] FILE
//
// --repeat N plans the file N times in the one process and prints each run's
// figures ("runs") and their median: the later runs show the engine once V8
// has compiled its hot functions with TurboFan (the first pays the tier-up).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
let provider = 'reached',
  options = '{}',
  file = null,
  repeat = 1,
  dist = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--provider') provider = argv[++i];
  else if (argv[i] === '--options') options = argv[++i];
  else if (argv[i] === '--repeat') repeat = Number(argv[++i]);
  else if (argv[i] === '--dist') dist = argv[++i];
  else file = argv[i];
}
const require = createRequire(import.meta.url);
// --dist DIR: another build's npm/dist (to compare two builds on one file)
const distDir = dist ? path.resolve(dist) : fileURLToPath(new URL('../npm/dist', import.meta.url));
const create = require(path.join(distDir, 'leadroster-node.cjs'));
const M = await create({ wasmBinary: fs.readFileSync(path.join(distDir, 'leadroster.wasm')) });
function planOnce() {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const h = new M.InputPlanner(provider, options, '{}');
  if (h.createError()) throw new Error(h.createError());
  const fd = fs.openSync(file, 'r');
  const CHUNK = 1 << 20;
  const ptr = M._malloc(CHUNK);
  let n;
  let bytes = 0;
  while ((n = fs.readSync(fd, M.HEAPU8.subarray(ptr, ptr + CHUNK), 0, CHUNK, null)) > 0) {
    bytes += n;
    h.push(ptr, n, true);
  }
  fs.closeSync(fd);
  h.end(true);
  h.finish();
  const head = new TextDecoder().decode(M.HEAPU8.subarray(h.headPointer(), h.headPointer() + h.headLength()));
  const c = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  M._free(ptr);
  h.delete();
  return { ms, cpuMs: (c.user + c.system) / 1000, bytes, summary: JSON.parse(head).summary };
}
const runs = [];
for (let k = 0; k < repeat; k++) runs.push(planOnce());
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const first = runs[0];
if (repeat === 1) console.log(JSON.stringify(first));
else {
  const later = runs.slice(1);
  console.log(
    JSON.stringify({
      ...first,
      runs: runs.map((r) => [Math.round(r.ms), Math.round(r.cpuMs)]),
      laterMedianMs: median(later.map((r) => r.ms)),
      laterMedianCpuMs: median(later.map((r) => r.cpuMs)),
    }),
  );
}
