// Preloaded into the baseline (node --require bench/cpu-hook.cjs pipeline.js FILE)
// so that its CPU time can be read over the same windows as its own timings,
// without changing pipeline.js: each performance.now() call (the baseline
// calls it only at its stage boundaries) also snapshots process.cpuUsage().
// At exit the snapshots (CPU ms, user + system) go to stderr as one line:
//   LEADROSTER_BENCH_CPU [ms0, ms1, ...]
'use strict';
const { performance } = require('perf_hooks');
const now = performance.now.bind(performance);
const cpu = [];
performance.now = () => {
  const u = process.cpuUsage();
  cpu.push((u.user + u.system) / 1000);
  return now();
};
process.on('exit', () => process.stderr.write('LEADROSTER_BENCH_CPU ' + JSON.stringify(cpu) + '\n'));
