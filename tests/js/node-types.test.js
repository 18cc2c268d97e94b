'use strict';
// npm/node.d.ts (the `leadroster/node` entry) type-checks under --strict with
// a script that uses push(), and misuses are type errors. Compile only.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'tests/node_modules/typescript/bin/tsc');

test('leadroster/node types: push() options and result', { timeout: 60000 }, () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'npm/package.json'), 'utf8'));
  assert.equal(pkg.exports['./node'].types, './node.d.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadroster-node-types-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(ROOT, 'npm'), path.join(dir, 'node_modules/leadroster'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true,"type":"module"}\n');
  fs.writeFileSync(
    path.join(dir, 'use.mts'),
    `import { push, exitCodeOf, type PushResult } from 'leadroster/node';
const ac = new AbortController();
export async function main(): Promise<number> {
  const r: PushResult = await push({ provider: 'sendpilot', campaignId: 'c', file: 'x.csv', baseUrl: 'http://127.0.0.1:1', apiKey: 'k',
    concurrency: 2, maxAttempts: 6, signal: ac.signal, onProgress: (p) => void p.leadsPerSecond, defaultCountry: 'US' });
  if (r.cancelled) return 0;
  const n: number = r.summary.added + r.summary.notDelivered + r.summary.alreadyInCampaign + r.summary.resent;
  const first = r.rows[0];
  if (first && first.result === 'not_delivered') return n;
  return exitCodeOf(r.summary);
}
// @ts-expect-error: an unknown provider
void push({ provider: 'nope', campaignId: 'c', rows: [], baseUrl: 'u', apiKey: 'k' });
async function cancelled(): Promise<null> {
  const r = await push({ provider: 'sendpilot', campaignId: 'c', rows: [], baseUrl: 'u', apiKey: 'k', onPlan: () => false });
  // @ts-expect-error: summary may be null (a cancelled push)
  void r.summary.added;
  return r.cancelled ? r.summary : null;
}
void cancelled;
// @ts-expect-error: the key is required
void push({ provider: 'puffle', campaignId: 'c', rows: [], baseUrl: 'u' });
`,
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [], noEmit: true },
      files: ['use.mts'],
    }),
  );
  const r = spawnSync(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
