// `leadroster push samples/crm-export.csv` to `leadroster emulate` for instantly,
// smartlead and lemlist (no renaming of the CRM's columns), and smartlead's key,
// which travels in the api_key query parameter: never in the journal, the output,
// an error, a report or --help.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator as startEmulatorWith } from '../support/emulator.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const CRM = join(ROOT, 'samples', 'crm-export.csv');
const dir = mkdtempSync(join(tmpdir(), 'leadroster-providers-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// A key with characters that change when percent-encoded or base64'd.
const KEY = 'sl_SECRET+key/with=odd&chars';
const FORMS = [KEY, encodeURIComponent(KEY), Buffer.from(':' + KEY).toString('base64')];
const INSTANTLY = '019ffad2-9c4e-7be6-8364-ed444afb02d5';
const CAMPAIGNS = { instantly: INSTANTLY, smartlead: '4242', lemlist: 'cam_aa7uvyxECcni5KXBM' };

const startEmulator = (args) => startEmulatorWith(args, KEY);

function pushCli(args) {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [CLI, 'push', ...args], {
      cwd: ROOT,
      env: { ...process.env, LEADROSTER_API_KEY: KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function assertNoKey(text, what) {
  for (const f of FORMS) assert.ok(!text.includes(f), `${what} shows the key (${f})`);
}

test('check samples/crm-export.csv works with no renaming for the three', () => {
  for (const provider of Object.keys(CAMPAIGNS)) {
    const r = spawnSync(process.execPath, [CLI, 'check', CRM, '--provider', provider, '--json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, `${provider}: a bad email and a duplicate\n${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.equal(out.summary.total, 20);
    assert.ok(out.summary.ok >= 15, `${provider}: ${JSON.stringify(out.summary)}`);
    const by = Object.fromEntries(out.mapping.mapping.map((m) => [m.header, m]));
    assert.equal(by['Email Address'].how, 'alias', provider);
    assert.equal(by['First Name'].how === 'alias' || by['First Name'].how === 'exact', true, provider);
    assert.notEqual(by['Job Title'].how, 'ignored', provider);
  }
});

test('push the CRM export to the emulator for instantly, smartlead and lemlist: every ok row held once', { timeout: 120000 }, async () => {
  const emu = await startEmulator(['--key', KEY, ...Object.entries(CAMPAIGNS).flatMap(([p, id]) => ['--campaign', `${p}:${id}`])]);
  try {
    for (const [provider, campaign] of Object.entries(CAMPAIGNS)) {
      const journal = join(dir, `${provider}.journal.ndjson`);
      const r = await pushCli([CRM, '--provider', provider, '--campaign-id', campaign, '--base-url', emu.url, '--yes', '--json', '--journal', journal]);
      // 1: the export's invalid rows (lemlist takes a lead by email or LinkedIn: every row has one)
      assert.equal(r.code, provider === 'lemlist' ? 0 : 1, `${provider}\n${r.stderr}${r.stdout}`);
      const s = JSON.parse(r.stdout);
      assert.ok(s.added >= 15, `${provider}: ${r.stdout}`);
      assert.equal(s.unknown, 0, provider);
      assert.equal(s.rejected, 0, provider);
      const st = await emu.state(true);
      const c = st.campaigns.find((x) => x.id === campaign);
      assert.equal(c.count, s.added, provider);
      assert.equal(new Set(c.leads.map((l) => l.email || l.linkedinUrl)).size, c.count, `${provider}: each lead once`);
      if (provider === 'smartlead') assert.equal(s.providerCounts.inserted_count, s.added, 'the counts are reported');
      // pushed again: nothing new, the answers say duplicate (lemlist: "already in the campaign")
      const again = await pushCli([
        CRM,
        '--provider',
        provider,
        '--campaign-id',
        campaign,
        '--base-url',
        emu.url,
        '--yes',
        '--json',
        '--journal',
        join(dir, `${provider}-2.journal.ndjson`),
      ]);
      const s2 = JSON.parse(again.stdout);
      assert.equal(s2.added, 0, provider);
      assert.equal(s2.alreadyInCampaign, s.added, provider);
      assert.equal((await emu.state(true)).campaigns.find((x) => x.id === campaign).count, s.added, provider);
    }
  } finally {
    await emu.stop();
  }
});

test("smartlead's key (a query parameter) is never in the journal, the output, an error, a report or --help", { timeout: 120000 }, async () => {
  const emu = await startEmulator(['--key', KEY, '--campaign', 'smartlead:77']);
  try {
    const journal = join(dir, 'sl.journal.ndjson');
    const ok = await pushCli([CRM, '--provider', 'smartlead', '--campaign-id', '77', '--base-url', emu.url, '--yes', '--json', '--journal', journal]);
    assert.equal(ok.code, 1, ok.stderr);
    assert.ok(JSON.parse(ok.stdout).added > 0, 'the key did reach the emulator');
    // unknown campaign: a 404 error body
    const j404 = join(dir, 'sl-404.journal.ndjson');
    const nf = await pushCli([CRM, '--provider', 'smartlead', '--campaign-id', '999', '--base-url', emu.url, '--yes', '--journal', j404]);
    // a refused key: 401
    const bad = await new Promise((resolve) => {
      const proc = spawn(
        process.execPath,
        [CLI, 'push', CRM, '--provider', 'smartlead', '--campaign-id', '77', '--base-url', emu.url, '--yes', '--journal', join(dir, 'sl-401.journal.ndjson')],
        { cwd: ROOT, env: { ...process.env, LEADROSTER_API_KEY: KEY + 'x' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      proc.stdout.on('data', (d) => (out += d));
      proc.stderr.on('data', (d) => (out += d));
      proc.on('exit', (code) => resolve({ code, out }));
    });
    assert.equal(bad.code, 3);
    // nobody listening: network errors
    const closed = await pushCli([
      CRM,
      '--provider',
      'smartlead',
      '--campaign-id',
      '77',
      '--base-url',
      'http://127.0.0.1:9',
      '--yes',
      '--max-attempts',
      '2',
      '--retry-base-ms',
      '1',
      '--journal',
      join(dir, 'sl-net.journal.ndjson'),
    ]);
    // a server that redirects to the URL it was asked for (the key in its query): push names the Location
    const echo = http.createServer((req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:1' + req.url });
      res.end();
    });
    await new Promise((r) => echo.listen(0, '127.0.0.1', r));
    const redirected = await pushCli([
      CRM,
      '--provider',
      'smartlead',
      '--campaign-id',
      '77',
      '--base-url',
      `http://127.0.0.1:${echo.address().port}`,
      '--yes',
      '--json',
      '--journal',
      join(dir, 'sl-302.journal.ndjson'),
    ]);
    await new Promise((r) => echo.close(r));
    assert.match(redirected.stdout + redirected.stderr, /302/);
    const texts = [
      redirected.stdout,
      redirected.stderr,
      readFileSync(join(dir, 'sl-302.journal.ndjson'), 'utf8'),
      ok.stdout,
      ok.stderr,
      nf.stdout,
      nf.stderr,
      closed.stdout,
      closed.stderr,
      readFileSync(journal, 'utf8'),
      readFileSync(j404, 'utf8'),
      readFileSync(join(dir, 'sl-net.journal.ndjson'), 'utf8'),
    ];
    for (const f of [journal, j404]) {
      const rep = spawnSync(process.execPath, [CLI, 'report', f, '--json'], { cwd: ROOT, encoding: 'utf8' });
      texts.push(rep.stdout, rep.stderr);
    }
    texts.push(spawnSync(process.execPath, [CLI, 'push', '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LEADROSTER_API_KEY: KEY } }).stdout);
    texts.push(
      spawnSync(process.execPath, [CLI, 'plan', CRM, '--provider', 'smartlead', '--campaign-id', '77'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, LEADROSTER_API_KEY: KEY },
      }).stdout,
    );
    texts.forEach((t, i) => assertNoKey(t, `output ${i}`));
    assert.ok(readFileSync(j404, 'utf8').length > 0);
    // the emulator saw the key in the URL: proof the test sends it there
    assert.ok(!emu.output().includes(KEY));
  } finally {
    await emu.stop();
  }
});
