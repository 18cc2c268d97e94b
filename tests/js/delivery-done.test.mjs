// Issue 16 "Done when": a 5,000-row CRM CSV with bad optional emails and
// phones, pushed to the emulator (reached) through faults, SIGKILLed, then
// --resume. `report --csv` names every value left out with its line and code,
// and already_in_campaign + resent equal the emulator's own count of leads it
// received again. Also issue 10's fault figures (held once, resume exact).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const node = await import(join(ROOT, 'npm', 'node.mjs'));
const engine = await load();
const dir = mkdtempSync(join(tmpdir(), 'leadroster-done-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'key_' + randomBytes(8).toString('hex');
const REACHED = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

// A CSV reader for the report (quoted cells, CRLF).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      ((row = []), (cell = ''), i++);
    } else cell += c;
  }
  if (cell !== '' || row.length) (row.push(cell), rows.push(row));
  return rows;
}

function run(args) {
  const proc = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, LEADROSTER_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  return { proc, done: new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal, stdout, stderr }))) };
}

test(
  '5,000-row CSV, bad optional values, faults, SIGKILL + --resume: report --csv names every dropped value; already_in_campaign + resent = leads the emulator received again',
  { timeout: 90000 },
  async () => {
    const t0 = Date.now();
    // no rate limit in the emulator: the faults are what this is about (push still paces to reached's documented limit)
    const emu = node.createEmulator({
      engine,
      keys: [KEY],
      campaigns: [{ provider: 'reached', id: REACHED }],
      faults: { 429: 0.1, 500: 0.1, drop: 0.05, 'drop-after': 0.15, latency: 120, 'retry-after': 0, seed: 11 },
      rateLimits: { reached: null },
    });
    const { url } = await emu.listen(0);
    try {
      const N = 5000;
      const expected = new Map(); // line -> "field:code"
      const lines = ['First Name,Last Name,Email Address,Phone Number,Company'];
      for (let i = 0; i < N; i++) {
        let email = `lead${i}@example.com`;
        let phone = `+336${String(10000000 + i)}`;
        if (i % 50 === 7) {
          email = `lead${i} @example.com`;
          expected.set(i + 2, 'email:invalid_email');
        } else if (i % 50 === 23) {
          phone = '12';
          expected.set(i + 2, 'phone:invalid_phone');
        }
        lines.push(`F${i},L${i},${email},${phone},Co ${i % 17}`);
      }
      const file = join(dir, 'crm.csv');
      writeFileSync(file, lines.join('\r\n') + '\r\n');
      const journal = join(dir, 'crm.journal');
      const args = [
        'push',
        file,
        '--provider',
        'reached',
        '--campaign-id',
        REACHED,
        '--base-url',
        url,
        '--yes',
        '--json',
        '--journal',
        journal,
        '--batch-size',
        '250',
        '--concurrency',
        '2',
        '--max-attempts',
        '3',
        '--retry-base-ms',
        '2',
      ];
      const first = run(args);
      const requestLines = () =>
        existsSync(journal)
          ? readFileSync(journal, 'utf8')
              .split('\n')
              .filter((l) => l.includes('"type":"request"')).length
          : 0;
      for (let i = 0; i < 1500 && requestLines() < 6; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(requestLines() >= 6, 'the first run journaled requests');
      first.proc.kill('SIGKILL');
      assert.equal((await first.done).signal, 'SIGKILL');
      // resume until nothing is left undelivered (each run has at most 3 attempts a request)
      let s;
      for (let k = 0; k < 5; k++) {
        const r = await run([...args, '--resume']).done;
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        s = JSON.parse(r.stdout);
        if (s.notDelivered === 0) break;
      }
      assert.equal(s.notDelivered, 0);
      const st = emu.state();
      assert.equal(st.campaigns[0].count, N, 'the emulator holds every lead');
      assert.equal(s.added + s.alreadyInCampaign + s.resent, N);
      assert.equal(s.alreadyInCampaign + s.resent, st.stats.leadsReceivedAgain, 'the push and the emulator agree on the leads received twice');
      assert.equal(s.alreadyInCampaign, 0, 'a fresh campaign: every duplicate is a resend');
      assert.ok(st.stats.leadsReceivedAgain > 0, 'the faults and the kill made some leads arrive twice');
      // report --csv: every dropped value with its line and code, and nothing else
      const out = join(dir, 'crm.report.csv');
      const rep = spawnSync(process.execPath, [CLI, 'report', journal, '--csv', out, '--json'], { encoding: 'utf8' });
      assert.equal(rep.status, 0, rep.stderr);
      const counts = JSON.parse(rep.stdout);
      assert.deepEqual([counts.alreadyInCampaign + counts.resent, counts.droppedValues], [st.stats.leadsReceivedAgain, expected.size]);
      const text = readFileSync(out, 'utf8');
      assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 with a BOM');
      const table = parseCsv(text.slice(1));
      const head = table[0];
      const col = (name) => head.indexOf(name);
      assert.equal(table.length, N + 1);
      const got = new Map();
      for (const r of table.slice(1)) {
        if (r[col('leadroster_dropped')]) {
          got.set(Number(r[col('leadroster_line')]), r[col('leadroster_dropped')]);
          const [field, code] = r[col('leadroster_dropped')].split(':');
          assert.ok(r[col('leadroster_dropped_messages')].startsWith(`${field}: ${code} — `), r.join(','));
        } else assert.equal(r[col('leadroster_dropped_messages')], '');
        assert.ok(['added', 'resent'].includes(r[col('leadroster_result')]), r.join(','));
        assert.ok(r[col('leadroster_lead_id')], 'every row has the provider id');
      }
      assert.deepEqual(
        [...got].sort((a, b) => a[0] - b[0]),
        [...expected].sort((a, b) => a[0] - b[0]),
      );
      // per row too: the rows the report calls already_in_campaign or resent are the leads the emulator received twice
      const twice = table.slice(1).filter((r) => ['already_in_campaign', 'resent'].includes(r[col('leadroster_result')])).length;
      assert.equal(twice, st.stats.leadsReceivedAgain);
      // each report line carries the input's own cells of the line it names (the input's columns first, as written)
      assert.deepEqual(head.slice(0, 5), lines[0].split(','));
      for (const r of table.slice(1)) assert.equal(r.slice(0, 5).join(','), lines[Number(r[col('leadroster_line')]) - 1]);
      // the line is the spreadsheet row: the input's own cells are on it
      const row81 = table.find((r) => r[col('leadroster_line')] === '359'); // i = 357 = 7 (mod 50)
      assert.equal(row81[col('Email Address')], 'lead357 @example.com');
      console.log(
        `# push-figures done-when ${JSON.stringify({ rows: N, droppedValues: expected.size, receivedAgain: st.stats.leadsReceivedAgain, resent: s.resent, inLostAnswers: st.stats.leadsInLostAnswers, faults: st.stats.faults, seconds: (Date.now() - t0) / 1000 })}`,
      );
    } finally {
      await emu.close();
    }
  },
);
