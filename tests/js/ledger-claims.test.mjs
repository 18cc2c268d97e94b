// Claim before push and pacing across workers, on both stores: SQLite (a
// file) and PostgreSQL (a throwaway cluster started here: initdb + pg_ctl in
// a temp dir, 127.0.0.1 only, stopped at the end). Then several `push`
// processes of one file into one emulator campaign over one Postgres ledger,
// one of them SIGKILLed: every lead held once, every second receipt counted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startCluster } from './ledger-pg.mjs';
import { startEmulator as startEmulatorWith } from '../support/emulator.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const LEDGER = join(ROOT, 'npm', 'lib', 'ledger', 'index.mjs');
const { openLedger } = await import(LEDGER);
const dir = mkdtempSync(join(tmpdir(), 'leadroster-claims-'));
const KEY = 'test_' + randomBytes(12).toString('hex');
const cluster = await startCluster();
test.after(() => {
  if (cluster) cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SPECS = { sqlite: () => join(dir, `claims-${randomBytes(4).toString('hex')}.sqlite`), postgres: () => cluster.url };
const item = (i, tag) => ({ key: `email:${tag}${i}@example.com`, keys: [{ kind: 'email', field: 'email', key: `${tag}${i}@example.com` }] });

function child(code, args) {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', code, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => proc.on('exit', (c) => resolve({ code: c, out, err })));
}

test('PostgreSQL is installed (scripts/install-deps.sh) and the throwaway cluster started', () => {
  assert.ok(cluster, 'initdb / pg_ctl not found: run scripts/install-deps.sh (Debian postgresql)');
});

for (const kind of ['sqlite', 'postgres']) {
  test(
    `${kind}: a claim is one worker's until settled or its lease runs out; settled leads come back as settled`,
    { skip: kind === 'postgres' && !cluster },
    async () => {
      const { store } = await openLedger(SPECS[kind]());
      const ws = `w-${randomBytes(3).toString('hex')}`;
      const t0 = Date.now();
      const a = await store.claim(ws, 'c', 'A', 1000, [item(1, 'x'), item(2, 'x')], t0);
      assert.deepEqual(a.mine.sort(), ['email:x1@example.com', 'email:x2@example.com']);
      const b = await store.claim(ws, 'c', 'B', 1000, [item(1, 'x'), item(3, 'x')], t0 + 10);
      assert.deepEqual([b.mine, b.held], [['email:x3@example.com'], ['email:x1@example.com']]);
      // A settles x1; B's lease on x3 runs out and C takes it over
      await store.settle(ws, 'c', [{ keys: item(1, 'x').keys, outcome: 'added' }]);
      const c = await store.claim(ws, 'c', 'C', 1000, [item(1, 'x'), item(3, 'x')], t0 + 2000);
      assert.deepEqual(
        c.settled.map((s) => s.key),
        ['email:x1@example.com'],
      );
      assert.deepEqual(c.takenOver, ['email:x3@example.com']);
      // another campaign is another claim
      assert.deepEqual((await store.claim(ws, 'other', 'B', 1000, [item(1, 'x')], t0)).mine, ['email:x1@example.com']);
      // released claims are free at once
      await store.release(ws, 'c', 'A', ['email:x2@example.com']);
      assert.deepEqual((await store.claim(ws, 'c', 'B', 1000, [item(2, 'x')], t0 + 20)).mine, ['email:x2@example.com']);
      await store.close();
    },
  );

  test(
    `${kind}: 4 processes claim the same 400 leads at once: each lead is claimed by exactly one`,
    { skip: kind === 'postgres' && !cluster, timeout: 60000 },
    async () => {
      const spec = SPECS[kind]();
      const ws = `race-${randomBytes(3).toString('hex')}`;
      if (kind === 'sqlite') await (await openLedger(spec)).store.close(); // the tables exist before the race
      const code = `
      const { openLedger } = await import(${JSON.stringify(pathToFileURL(LEDGER).href)});
      const [spec, ws, seed] = process.argv.slice(1);
      const { store } = await openLedger(spec);
      const order = Array.from({ length: 40 }, (_, i) => i).sort((a, b) => ((a * 7 + Number(seed) * 13) % 40) - ((b * 7 + Number(seed) * 13) % 40));
      const mine = [];
      for (const chunk of order) {
        const items = Array.from({ length: 10 }, (_, k) => { const i = chunk * 10 + k; return { key: 'email:r' + i, keys: [{ kind: 'email', field: 'email', key: 'r' + i }] }; });
        const c = await store.claim(ws, 'c', 'worker' + seed, 60000, items);
        mine.push(...c.mine, ...c.takenOver);
      }
      await store.close();
      process.stdout.write(JSON.stringify(mine));`;
      const runs = await Promise.all([1, 2, 3, 4].map((s) => child(code, [spec, ws, String(s)])));
      const all = [];
      for (const r of runs) {
        assert.equal(r.code, 0, r.err);
        all.push(...JSON.parse(r.out));
      }
      assert.equal(all.length, 400, 'no lead claimed twice');
      assert.equal(new Set(all).size, 400, 'every lead claimed');
    },
  );

  test(
    `${kind}: one token bucket shared by 3 processes: never more than the limit in any window`,
    { skip: kind === 'postgres' && !cluster, timeout: 60000 },
    async () => {
      const spec = SPECS[kind]();
      const name = `bucket-${randomBytes(3).toString('hex')}`;
      if (kind === 'sqlite') await (await openLedger(spec)).store.close();
      const limit = { requests: 10, windowSeconds: 1, burst: 0 };
      const code = `
      const { openLedger } = await import(${JSON.stringify(pathToFileURL(LEDGER).href)});
      const [spec, name] = process.argv.slice(1);
      const { store } = await openLedger(spec);
      const times = [];
      const end = Date.now() + 2500;
      while (Date.now() < end) {
        const wait = await store.takeToken(name, ${JSON.stringify(limit)});
        if (wait === 0) times.push(Date.now());
        else await new Promise((r) => setTimeout(r, Math.min(wait, 50)));
      }
      await store.close();
      process.stdout.write(JSON.stringify(times));`;
      const runs = await Promise.all([1, 2, 3].map(() => child(code, [spec, name])));
      const times = [];
      for (const r of runs) {
        assert.equal(r.code, 0, r.err);
        times.push(...JSON.parse(r.out));
      }
      times.sort((a, b) => a - b);
      let worst = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= 1000) j++;
        worst = Math.max(worst, i - j + 1);
      }
      assert.ok(worst <= limit.requests, `at most ${limit.requests} tokens in any second, saw ${worst}`);
      assert.ok(times.length >= 15, `the bucket kept giving tokens (${times.length} in 2.5 s)`);
      console.log(`# ledger-figures bucket-${kind} ${JSON.stringify({ tokens: times.length, worstWindow: worst, limit })}`);
    },
  );
}

const startEmulator = (args) => startEmulatorWith(args, KEY);

function push(args) {
  const proc = spawn(process.execPath, [CLI, 'push', ...args], {
    cwd: ROOT,
    env: { ...process.env, LEADROSTER_API_KEY: KEY, LEADROSTER_LEDGER: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  return { proc, done: new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, out, err }))) };
}

test(
  '3 pushes of one file into one campaign over one Postgres ledger, one SIGKILLed: each lead held once, second receipts counted as resent',
  { skip: !cluster, timeout: 120000 },
  async () => {
    const emu = await startEmulator(['--key', KEY, '--faults', 'latency=80', '--campaign', 'sendpilot:camp_w']);
    try {
      const n = 600;
      const file = join(dir, 'workers.ndjson');
      writeFileSync(
        file,
        Array.from({ length: n }, (_, i) => JSON.stringify({ linkedinUrl: `https://www.linkedin.com/in/w-${i}`, firstName: `F${i}` })).join('\n') + '\n',
      );
      const args = (w) => [
        file,
        '--provider',
        'sendpilot',
        '--campaign-id',
        'camp_w',
        '--base-url',
        emu.url,
        '--yes',
        '--json',
        '--ledger',
        cluster.url,
        '--account',
        'team',
        '--lease',
        '4',
        '--batch-size',
        '5',
        '--concurrency',
        '2',
        '--journal',
        join(dir, `w${w}.journal`),
      ];
      // worker 0 starts alone; once the emulator holds some of its leads the other two start, and it is killed
      const workers = [push(args(0))];
      const until = async (count) => {
        for (let i = 0; i < 1200; i++) {
          if ((await emu.state(true)).campaigns[0].count >= count) return;
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      await until(20);
      workers.push(push(args(1)), push(args(2)));
      await until(60);
      workers[0].proc.kill('SIGKILL');
      const results = await Promise.all(workers.map((w) => w.done));
      assert.equal(results[0].signal, 'SIGKILL');
      const st = await emu.state(true);
      const c = st.campaigns[0];
      assert.equal(c.count, n, 'every lead is in the campaign');
      assert.equal(new Set(c.leads.map((l) => l.linkedinUrl)).size, n);
      let resent = 0;
      let takenOver = 0;
      for (const r of results.slice(1)) {
        assert.equal(r.code, 0, r.err);
        const s = JSON.parse(r.out);
        assert.equal(s.added + s.alreadyInCampaign + s.resent, n, 'every row accounted for');
        assert.equal(s.notDelivered + s.rejected + s.unknown + s.invalid, 0);
        resent += s.resent;
        takenOver += s.ledger.takenOver;
      }
      // a lead reached the emulator twice only when a worker took over a dead worker's claim
      assert.equal(st.stats.duplicatesReceived, resent, 'every second receipt is a counted resend');
      assert.ok(resent <= takenOver);
      assert.ok(takenOver >= 1, 'the killed worker left claims that the others took over after the lease');
      assert.equal(st.stats.leadsReceived, n + st.stats.duplicatesReceived);
      console.log(`# ledger-figures workers ${JSON.stringify({ leads: n, workers: 3, killed: 1, leadsReceived: st.stats.leadsReceived, resent, takenOver })}`);
    } finally {
      await emu.stop();
    }
  },
);
