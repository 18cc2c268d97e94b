// The workspace ledger, SQLite store: crash safety (SIGKILL), two processes on
// one file, plan/check reading it, and a second push of the same file that
// sends nothing (against `leadroster emulate`, on 127.0.0.1).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startEmulator as startEmulatorWith } from '../support/emulator.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const LEDGER = join(ROOT, 'npm', 'lib', 'ledger', 'index.mjs');
const { openLedger, workspaceOf } = await import(LEDGER);
const node = await import(join(ROOT, 'npm', 'node.mjs'));
const dir = mkdtempSync(join(tmpdir(), 'leadroster-ledger-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'test_' + randomBytes(12).toString('hex');

const emailKeys = (i, tag = 'l') => [{ kind: 'email', field: 'email', key: `${tag}${i}@example.com` }];

function cli(args, env = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LEADROSTER_API_KEY: KEY, ...env }, timeout: 60000 });
}

// A child that settles one entry per transaction and prints its number after each commit.
const WRITER = `
const { openLedger } = await import(${JSON.stringify(pathToFileURL(LEDGER).href)});
const [file, tag, n] = process.argv.slice(1);
const { store } = await openLedger(file);
for (let i = 0; i < Number(n); i++) {
  await store.settle('reached/default', 'camp', [{ keys: [{ kind: 'email', field: 'email', key: tag + i + '@example.com' }], outcome: 'added', leadId: tag + i }]);
  process.stdout.write(i + '\\n');
}
await store.close();
`;

function writer(file, tag, n) {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', WRITER, file, tag, String(n)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  const done = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, out, err })));
  return { proc, done, printed: () => out.split('\n').filter(Boolean).length };
}

test('settle then read back, after reopening the file; per-key look-up', async () => {
  const file = join(dir, 'roundtrip.sqlite');
  let { store } = await openLedger(file);
  await store.settle('reached/default', 'c1', [
    { keys: emailKeys(1), outcome: 'added', leadId: 'L1' },
    { keys: emailKeys(2), outcome: 'rejected' },
  ]);
  await store.settle('reached/default', 'c2', [{ keys: emailKeys(1), outcome: 'already_in_campaign' }]);
  await store.close();
  ({ store } = await openLedger(file));
  const c1 = await store.settled('reached/default', 'c1');
  assert.deepEqual(c1.map((r) => [r.keys[0].key, r.outcome, r.leadId]).sort(), [
    ['l1@example.com', 'added', 'L1'],
    ['l2@example.com', 'rejected', null],
  ]);
  assert.equal((await store.settled('reached/default', null)).length, 3);
  assert.equal((await store.settled('reached/other', null)).length, 0);
  const hits = await store.lookup('reached/default', 'email', 'l1@example.com');
  assert.deepEqual(hits.map((h) => h.campaign).sort(), ['c1', 'c2']);
  assert.equal(workspaceOf('reached', undefined), 'reached/default');
  await store.close();
});

test('SIGKILL loses nothing settled; two processes write one file at once', { timeout: 60000 }, async () => {
  const file = join(dir, 'crash.sqlite');
  const a = writer(file, 'a', 100000);
  const b = writer(file, 'b', 300);
  for (let i = 0; i < 400 && a.printed() < 200; i++) await new Promise((r) => setTimeout(r, 25));
  a.proc.kill('SIGKILL');
  const ra = await a.done;
  const rb = await b.done;
  assert.equal(ra.signal, 'SIGKILL');
  assert.equal(rb.code, 0, rb.err);
  const acked = ra.out.split('\n').filter(Boolean).length;
  assert.ok(acked >= 200, `the killed writer had settled ${acked}`);
  const { store } = await openLedger(file);
  const rows = await store.settled('reached/default', 'camp');
  const have = new Set(rows.map((r) => r.keys[0].key));
  for (let i = 0; i < acked; i++) assert.ok(have.has(`a${i}@example.com`), `a${i} was acknowledged and must be there`);
  for (let i = 0; i < 300; i++) assert.ok(have.has(`b${i}@example.com`));
  await store.close();
});

test('plan and check read the ledger: a lead settled in this campaign is a duplicate with the ledger as its source', async () => {
  const file = join(dir, 'plan.sqlite');
  const { store } = await openLedger(file);
  await store.settle('reached/default', 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f', [
    { keys: emailKeys(0), outcome: 'added', at: '2026-11-30T10:00:00.000Z' },
    { keys: emailKeys(9), outcome: 'rejected', at: '2026-11-30T10:00:00.000Z' },
  ]);
  await store.settle('reached/default', '11111111-2222-4333-8444-555555555555', [{ keys: emailKeys(1), outcome: 'added', at: '2026-11-29T10:00:00.000Z' }]);
  await store.settle('reached/acme', 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f', [{ keys: emailKeys(2), outcome: 'added' }]);
  await store.close();
  const input = join(dir, 'plan.ndjson');
  writeFileSync(input, [0, 1, 2, 9].map((i) => JSON.stringify({ email: `L${i}@Example.com`, first_name: `F${i}` })).join('\n') + '\n');
  const base = ['plan', '--provider', 'reached', '--campaign-id', 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f', '--format', 'ndjson', input];
  const rowsOf = (r) =>
    r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{"index"'))
      .map((l) => JSON.parse(l));

  const without = rowsOf(cli(base));
  assert.deepEqual(
    without.map((r) => r.status),
    ['ok', 'ok', 'ok', 'ok'],
  );

  const r = cli([...base, '--ledger', file]);
  assert.equal(r.status, 0, r.stderr);
  const rows = rowsOf(r);
  assert.deepEqual(
    rows.map((x) => x.status),
    ['duplicate', 'ok', 'ok', 'ok'],
  ); // rejected and other campaigns/accounts do not count
  assert.equal(rows[0].matchedOn, 'email');
  assert.deepEqual(rows[0].ledger, { campaign: 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f', date: '2026-11-30T10:00:00.000Z' });

  // LEADROSTER_LEDGER, another account, and the whole workspace
  assert.deepEqual(
    rowsOf(cli(base, { LEADROSTER_LEDGER: file })).map((x) => x.status),
    ['duplicate', 'ok', 'ok', 'ok'],
  );
  assert.deepEqual(
    rowsOf(cli([...base, '--ledger', file, '--account', 'acme'])).map((x) => x.status),
    ['ok', 'ok', 'duplicate', 'ok'],
  );
  const ws = rowsOf(cli([...base, '--ledger', file, '--skip-if-in-workspace']));
  assert.deepEqual(
    ws.map((x) => x.status),
    ['duplicate', 'duplicate', 'ok', 'ok'],
  );
  assert.equal(ws[1].ledger.campaign, '11111111-2222-4333-8444-555555555555');

  // check: the same rows (no campaign: any campaign of the workspace)
  const c = cli(['check', input, '--provider', 'reached', '--ledger', file, '--json']);
  assert.equal(c.status, 1, c.stderr);
  const cj = JSON.parse(c.stdout);
  assert.deepEqual(
    cj.rows.map((x) => x.status),
    ['duplicate', 'duplicate', 'ok', 'ok'],
  );
  assert.equal(cj.rows[0].ledger.date, '2026-11-30T10:00:00.000Z');
  const bad = cli([...base, '--ledger', join(dir, 'no-such-dir', 'x.sqlite')]);
  assert.equal(bad.status, 2);
});

const startEmulator = (args) => startEmulatorWith(args, KEY);

test('a second push of the same file with the ledger sends 0 requests: every row already in the campaign (ledger, date)', { timeout: 60000 }, async () => {
  const emu = await startEmulator(['--key', KEY, '--campaign', 'sendpilot:camp_l']);
  try {
    const file = join(dir, 'push.ndjson');
    const n = 300;
    writeFileSync(
      file,
      Array.from({ length: n }, (_, i) => JSON.stringify({ linkedinUrl: `https://www.linkedin.com/in/led-${i}`, firstName: `F${i}` })).join('\n') + '\n',
    );
    const ledger = join(dir, 'push.sqlite');
    const args = [
      file,
      '--provider',
      'sendpilot',
      '--campaign-id',
      'camp_l',
      '--base-url',
      emu.url,
      '--yes',
      '--json',
      '--ledger',
      ledger,
      '--batch-size',
      '50',
    ];
    const r1 = cli(['push', ...args, '--journal', join(dir, 'j1')]);
    assert.equal(r1.status, 0, r1.stderr);
    const s1 = JSON.parse(r1.stdout);
    assert.equal(s1.added, n);
    assert.equal(s1.ledger.leadsSettled, n);
    const after1 = await emu.state();
    const r2 = cli(['push', ...args, '--journal', join(dir, 'j2')]);
    assert.equal(r2.status, 0, r2.stderr);
    const s2 = JSON.parse(r2.stdout);
    assert.equal(s2.requests, 0);
    assert.equal(s2.httpRequests, 0);
    assert.equal(s2.alreadyInCampaign, n);
    const after2 = await emu.state();
    assert.deepEqual(after2.stats, after1.stats, 'the emulator received nothing the second time');
    // per row, through the library (leadroster/node), same ledger
    const r3 = await node.push({ provider: 'sendpilot', campaignId: 'camp_l', baseUrl: emu.url, apiKey: KEY, file, journal: false, ledger });
    const day = new Date().toISOString().slice(0, 10);
    assert.equal(r3.rows.length, n);
    for (const row of r3.rows) {
      assert.equal(row.result, 'already_in_campaign');
      assert.equal(row.code, 'in_ledger');
      assert.equal(row.message, `already in the campaign (ledger, ${day})`);
    }
    assert.equal(r3.summary.httpRequests, 0);
    // without the ledger the same file would be sent again
    const r4 = await node.push({ provider: 'sendpilot', campaignId: 'camp_l', baseUrl: emu.url, apiKey: KEY, file, journal: false, batchSize: 50 });
    assert.equal(r4.summary.httpRequests, 6);
  } finally {
    await emu.stop();
  }
});

// Two processes at once, one SQLite ledger: the claims keep each lead to one
// sender, whatever the provider's body (a lead per request, a leads array, an
// envelope's own key: smartlead's lead_list).
function cliAsync(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, LEADROSTER_API_KEY: KEY, LEADROSTER_LEDGER: '' } });
    let stdout = '';
    let stderr = '';
    const t = setTimeout(() => p.kill('SIGKILL'), 90000);
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (status) => {
      clearTimeout(t);
      resolve({ status, stdout, stderr });
    });
  });
}

test('two concurrent pushes over one SQLite ledger, instantly / smartlead / lemlist: each lead received once', { timeout: 240000 }, async () => {
  const CAMPAIGNS = { instantly: '0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8', smartlead: '4242', lemlist: 'cam_aa7uvyxECcni5KXBM' };
  const emu = await startEmulator(['--key', KEY, ...Object.entries(CAMPAIGNS).flatMap(([p, id]) => ['--campaign', `${p}:${id}`])]);
  try {
    const file = join(dir, 'three.csv'); // CSV headers: each provider maps them to its own fields
    writeFileSync(file, 'Email,First Name\n' + Array.from({ length: 120 }, (_, i) => `w${i}@two.example,F${i}\n`).join(''));
    let received = 0;
    for (const [provider, campaign] of Object.entries(CAMPAIGNS)) {
      const ledger = join(dir, `two-${provider}.sqlite`);
      const args = (k) => [
        'push',
        file,
        '--provider',
        provider,
        '--campaign-id',
        campaign,
        '--base-url',
        emu.url,
        '--yes',
        '--json',
        '--ledger',
        ledger,
        '--journal',
        join(dir, `two-${provider}-${k}`),
      ];
      const [a, b] = await Promise.all([cliAsync(args('a')), cliAsync(args('b'))]);
      const sa = JSON.parse(a.stdout || 'null');
      const sb = JSON.parse(b.stdout || 'null');
      assert.ok(sa && sb, `${provider}: ${a.stderr}${b.stderr}`);
      assert.equal(sa.added + sb.added, 120, `${provider}: ${a.stdout} ${b.stdout}`);
      assert.equal(sa.added + sa.alreadyInCampaign + sb.added + sb.alreadyInCampaign, 240, provider);
      const st = await emu.state(true);
      const c = st.campaigns.find((x) => x.id === campaign);
      assert.equal(c.count, 120, provider);
      assert.equal(new Set(c.leads.map((l) => l.email)).size, 120, `${provider}: each lead once`);
      // the claims, not the provider's dedup: the emulator received each lead once (no lost answers here)
      assert.equal(st.stats.leadsReceived - received, 120, `${provider}: ${JSON.stringify(st.stats)}`);
      received = st.stats.leadsReceived;
    }
  } finally {
    await emu.stop();
  }
});
