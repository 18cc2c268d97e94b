'use strict';
// The hand-written npm/index.d.ts: tests/js/fixtures/usage.ts is compiled with
// `tsc --strict` against the package (imported as 'leadroster' through a
// node_modules link, so package.json "types"/"exports" are what resolves it),
// as CommonJS (.ts) and as ESM (.mts), and both outputs are run. The fixture
// holds a `// @ts-expect-error` line, so types that constrained nothing (any)
// would fail the compile too. A second fixture, written here, holds misuses
// that must each be a type error.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'tests/node_modules/typescript/bin/tsc');
const FIXTURE = path.join(__dirname, 'fixtures/usage.ts');

function project(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadroster-types-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(ROOT, 'npm'), path.join(dir, 'node_modules/leadroster'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022', 'dom'],
        types: [],
        skipLibCheck: false, // index.d.ts itself must type-check
        outDir: 'out',
      },
      files: Object.keys(files),
    }),
  );
  return dir;
}

function tsc(dir) {
  return spawnSync(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
}

test('index.d.ts is in package.json "types" and "exports"', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'npm/package.json'), 'utf8'));
  assert.equal(pkg.types, './index.d.ts');
  assert.equal(pkg.exports['.'].types, './index.d.ts');
  assert.ok(pkg.files.includes('index.d.ts'));
  assert.ok(fs.existsSync(path.join(ROOT, 'npm/index.d.ts')));
});

test('fixtures/usage.ts compiles under --strict (CJS and ESM) and runs', { timeout: 60000 }, (t) => {
  const text = fs.readFileSync(FIXTURE, 'utf8');
  assert.match(text, /\/\/ @ts-expect-error/, 'the fixture keeps one @ts-expect-error line');
  const dir = project({ 'usage.ts': text, 'usage.mts': text });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = tsc(dir);
  assert.equal(r.status, 0, 'tsc reported errors:\n' + r.stdout + r.stderr);
  for (const out of ['out/usage.js', 'out/usage.mjs']) {
    const run = spawnSync(process.execPath, [path.join(dir, out)], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, `${out} failed:\n${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /usage ok/);
  }
});

test('misuses of the API are type errors', { timeout: 60000 }, (t) => {
  // One misuse a line, each marked; the compile must report an error on every
  // marked line and nowhere else.
  const bad = `import { load, type Plan, type PlanRow } from 'leadroster';
async function main() {
  const engine = await load();
  const row = {} as PlanRow;
  const e = engine.normalizeEmail('a@b.co');
  e.value; // MISUSE: value exists only once ok is narrowed to true
  engine.plan('sendpilot', [], {}); // MISUSE: campaignId is required
  engine.plan('puffle', [], { campaignId: 'c', channel: 'sms' }); // MISUSE: channel
  engine.createRoster('reached', { batchSize: '10' }); // MISUSE: unknown roster option
  if (row.status === 'skipped') {} // MISUSE: not a status
  const d: number = row.duplicateOf; // MISUSE: may be 'existing' or null
  const p: Plan<'magnetite'> = engine.plan('reached', [], { campaignId: 'c' }); // MISUSE: provider mismatch
  engine.predictResponse('magnetite', p).map((r) => r.body.leadsAdded); // MISUSE: not a magnetite field
  engine.sendkitFilterRequest('c', { tags: 'vip' }); // MISUSE: tags is an array
  engine.createPlanner('puffle', { campaignId: 'c' }).push('{}'); // MISUSE: rows is an array
  const n: string = engine.heapBytes(); // MISUSE: a number
  void d; void n;
}
void main;
`;
  const dir = project({ 'bad.ts': bad });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = tsc(dir);
  assert.notEqual(r.status, 0);
  const lines = bad.split('\n');
  const expected = new Set();
  lines.forEach((l, i) => l.includes('// MISUSE') && expected.add(i + 1));
  const got = new Set();
  for (const m of r.stdout.matchAll(/bad\.ts\((\d+),\d+\): error TS\d+/g)) got.add(Number(m[1]));
  assert.deepEqual(
    [...got].sort((a, b) => a - b),
    [...expected].sort((a, b) => a - b),
    r.stdout,
  );
});
