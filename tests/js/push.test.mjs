// push / emulate / report: real processes and sockets on 127.0.0.1 only.
// - 10,000 leads each for sendpilot, reached and puffle through injected faults
// - SIGKILL mid-run, then --resume
// - wrong key (exit 3, at most one attempt per slot), no key (exit 2)
// - a random key never in stdout, stderr, the journal or the report
// - magnetite pacing, in-process with an injected clock (no waiting)
// Figures are printed as "# push-figures ..." lines (scripts/test.sh shows them).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startEmulator as startEmulatorWith } from '../support/emulator.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const node = await import(join(ROOT, 'npm', 'node.mjs'));
const { addLimit } = await import(join(ROOT, 'npm', 'lib', 'pacer.mjs'));
const engine = await load();
const dir = mkdtempSync(join(tmpdir(), 'leadroster-push-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const REACHED = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const PUFFLE = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const KEY = 'test_' + randomBytes(12).toString('hex');

function figures(name, o) {
  console.log(`# push-figures ${name} ${JSON.stringify(o)}`);
}

function writeNdjson(name, rows) {
  const p = join(dir, name);
  writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
}

const leadsFor = {
  sendpilot: (n, tag = 'p') => Array.from({ length: n }, (_, i) => ({ linkedinUrl: `https://www.linkedin.com/in/${tag}-${i}`, firstName: `F${i}` })),
  reached: (n) => Array.from({ length: n }, (_, i) => ({ email: `lead${i}@example.com`, first_name: `F${i}` })),
  puffle: (n) => Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.org`, first_name: `F${i}` })),
};

// Starts `leadroster emulate` and resolves with {url, proc, state()}.
const startEmulator = (args) => startEmulatorWith(args, KEY);

function startPush(args, env = {}) {
  const proc = spawn(process.execPath, [CLI, 'push', ...args], {
    cwd: ROOT,
    env: Object.assign({}, process.env, { LEADROSTER_API_KEY: KEY }, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => (stdout += d));
  proc.stderr.on('data', (d) => (stderr += d));
  const done = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { proc, done };
}
const pushCli = (args, env) => startPush(args, env).done;

const FAULTS = '429=0.15,500=0.1,drop=0.05,drop-after=0.05,latency=0,retry-after=0,seed=7';

test('10,000 leads each for sendpilot, reached and puffle through faults: every lead held once', { timeout: 120000 }, async () => {
  const emu = await startEmulator([
    '--key',
    KEY,
    '--faults',
    FAULTS,
    '--campaign',
    'sendpilot:camp_f',
    '--campaign',
    `reached:${REACHED}`,
    '--campaign',
    `puffle:${PUFFLE}`,
  ]);
  try {
    const runs = [
      ['sendpilot', 'camp_f', []],
      ['reached', REACHED, ['--batch-size', '200']],
      ['puffle', PUFFLE, []],
    ];
    let lostBefore = 0;
    let dupBefore = 0;
    for (const [provider, campaign, extra] of runs) {
      const file = writeNdjson(`${provider}-10k.ndjson`, leadsFor[provider](10000));
      const r = await pushCli([
        file,
        '--provider',
        provider,
        '--campaign-id',
        campaign,
        '--base-url',
        emu.url,
        '--yes',
        '--json',
        '--concurrency',
        '4',
        '--max-attempts',
        '12',
        '--retry-base-ms',
        '2',
        ...extra,
      ]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const s = JSON.parse(r.stdout);
      const st = await emu.state(true);
      const c = st.campaigns.find((x) => x.id === campaign);
      // every valid lead exactly once
      assert.equal(c.count, 10000);
      const ids = new Set(c.leads.map((l) => l.linkedinUrl || l.email));
      assert.equal(ids.size, 10000);
      // every row accounted for: added, or a duplicate the provider reported because a lost answer's request was sent again
      assert.equal(s.added + s.duplicateAtProvider, 10000);
      assert.equal(s.notDelivered + s.rejected + s.unknown + s.invalid, 0);
      const lost = st.stats.leadsInLostAnswers - lostBefore;
      const twice = st.stats.duplicatesReceived - dupBefore;
      lostBefore = st.stats.leadsInLostAnswers;
      dupBefore = st.stats.duplicatesReceived;
      assert.ok(twice <= lost, `leads received twice (${twice}) <= leads whose answer was lost (${lost})`);
      assert.ok(s.duplicateAtProvider <= twice);
      figures(`faults-${provider}`, {
        requests: s.requests,
        httpRequests: s.httpRequests,
        retries: s.retries,
        networkErrors: s.networkErrors,
        statuses: s.statuses,
        receivedTwice: twice,
        inLostAnswers: lost,
        held: c.count,
        expected: 10000,
        added: s.added,
        duplicateAtProvider: s.duplicateAtProvider,
        seconds: s.durationMs / 1000,
      });
      assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY));
      assert.ok(!readFileSync(`${file}.${provider}.${campaign}.journal.ndjson`, 'utf8').includes(KEY));
    }
  } finally {
    await emu.stop();
  }
});

test('SIGKILL mid-run, then --resume: same end state; settled requests are not sent again', { timeout: 60000 }, async () => {
  const emu = await startEmulator(['--key', KEY, '--faults', 'latency=15', '--campaign', 'sendpilot:camp_r']);
  try {
    const file = writeNdjson('resume.ndjson', leadsFor.sendpilot(3000, 'r'));
    const journal = join(dir, 'resume.journal');
    const args = [
      file,
      '--provider',
      'sendpilot',
      '--campaign-id',
      'camp_r',
      '--base-url',
      emu.url,
      '--yes',
      '--json',
      '--journal',
      journal,
      '--batch-size',
      '20',
      '--concurrency',
      '2',
    ];
    const first = startPush(args);
    // kill once at least 30 requests are journaled
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 25));
      if (
        existsSync(journal) &&
        readFileSync(journal, 'utf8')
          .split('\n')
          .filter((l) => l.includes('"type":"request"')).length >= 30
      )
        break;
    }
    const lines = readFileSync(journal, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"request"'));
    assert.ok(lines.length >= 30, 'the push journaled requests before the kill');
    first.proc.kill('SIGKILL');
    const r1 = await first.done;
    assert.equal(r1.signal, 'SIGKILL');
    const before = await emu.state(false);
    const settledN = new Set(
      readFileSync(journal, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"request"'))
        .map((l) => JSON.parse(l))
        .filter((l) => l.outcome === 'accepted')
        .map((l) => l.n),
    );
    const r2 = await pushCli([...args, '--resume']);
    assert.equal(r2.code, 0, r2.stderr);
    const s = JSON.parse(r2.stdout);
    const after = await emu.state(false);
    assert.equal(after.campaigns[0].count, 3000);
    assert.equal(s.requestsResumed, settledN.size);
    // only the unsettled requests went out again (no faults: one HTTP request each)
    assert.equal(s.httpRequests, s.requests - settledN.size);
    const twice = after.stats.duplicatesReceived - before.stats.duplicatesReceived;
    assert.ok(twice <= 2 * 20, `at most the in-flight requests' leads arrive twice (got ${twice})`);
    assert.equal(s.added + s.duplicateAtProvider, 3000);
    figures('resume', {
      requests: s.requests,
      settledBeforeKill: settledN.size,
      resent: s.httpRequests,
      leadsReceivedTwice: twice,
      held: after.campaigns[0].count,
    });
    // the report: one line per row, all delivered
    const rep = spawnSync(process.execPath, [CLI, 'report', journal, '--json'], { encoding: 'utf8' });
    assert.equal(rep.status, 0, rep.stderr);
    const counts = JSON.parse(rep.stdout);
    assert.equal(counts.notDelivered, 0);
    assert.equal(counts.added + counts.duplicateAtProvider, 3000);
  } finally {
    await emu.stop();
  }
});

test('Ctrl-C: the requests in flight finish and are journaled, nothing new starts, exit 1; --resume completes', { timeout: 30000 }, async () => {
  const emu = await startEmulator(['--key', KEY, '--faults', 'latency=40', '--campaign', 'sendpilot:camp_c']);
  try {
    const file = writeNdjson('ctrlc.ndjson', leadsFor.sendpilot(600, 'c'));
    const journal = join(dir, 'ctrlc.journal');
    const args = [
      file,
      '--provider',
      'sendpilot',
      '--campaign-id',
      'camp_c',
      '--base-url',
      emu.url,
      '--yes',
      '--json',
      '--journal',
      journal,
      '--batch-size',
      '10',
      '--concurrency',
      '2',
    ];
    const p = startPush(args);
    const lines = () =>
      existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter((l) => l.includes('"type":"request"'))
        : [];
    for (let i = 0; i < 400 && lines().length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    p.proc.kill('SIGINT');
    const r = await p.done;
    assert.equal(r.code, 1, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.stopped, 'aborted');
    assert.ok(s.notDelivered > 0);
    const st = await emu.state(false);
    // every request the emulator answered was journaled as settled
    const settledLeads = lines()
      .map((l) => JSON.parse(l))
      .filter((l) => l.outcome === 'accepted')
      .reduce((n, l) => n + l.indexes.length, 0);
    assert.equal(st.campaigns[0].count, settledLeads);
    const r2 = await pushCli([...args, '--resume']);
    assert.equal(r2.code, 0, r2.stderr);
    const s2 = JSON.parse(r2.stdout);
    assert.equal(s2.stopped, null);
    assert.equal((await emu.state(false)).campaigns[0].count, 600);
    assert.equal(s2.httpRequests, 60 - s2.requestsResumed, 'nothing settled is sent again');
  } finally {
    await emu.stop();
  }
});

test('wrong key: exit 3 after at most one attempt per slot; no key: exit 2; unknown provider: exit 2', { timeout: 30000 }, async () => {
  const emu = await startEmulator(['--key', KEY, '--campaign', 'sendpilot:camp_k']);
  try {
    const file = writeNdjson('wrong.ndjson', leadsFor.sendpilot(300, 'k'));
    const wrong = 'wrong_' + randomBytes(8).toString('hex');
    const r = await pushCli(
      [
        file,
        '--provider',
        'sendpilot',
        '--campaign-id',
        'camp_k',
        '--base-url',
        emu.url,
        '--yes',
        '--batch-size',
        '10',
        '--concurrency',
        '3',
        '--journal',
        join(dir, 'wrong.journal'),
      ],
      { LEADROSTER_API_KEY: wrong },
    );
    assert.equal(r.code, 3, r.stderr + r.stdout);
    assert.match(r.stdout, /Invalid API key|401/);
    const st = await emu.state(false);
    assert.ok(st.stats.unauthorized >= 1 && st.stats.unauthorized <= 3, `attempts with the wrong key: ${st.stats.unauthorized}`);
    assert.ok(!(r.stdout + r.stderr).includes(wrong));
    assert.ok(!readFileSync(join(dir, 'wrong.journal'), 'utf8').includes(wrong));
    const none = await pushCli([file, '--provider', 'sendpilot', '--campaign-id', 'camp_k', '--base-url', emu.url, '--yes'], { LEADROSTER_API_KEY: '' });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /LEADROSTER_API_KEY/);
    const bad = await pushCli([file, '--provider', 'nope', '--campaign-id', 'camp_k', '--base-url', emu.url, '--yes']);
    assert.equal(bad.code, 2);
    const missing = await pushCli([join(dir, 'missing.csv'), '--provider', 'sendpilot', '--campaign-id', 'camp_k', '--base-url', emu.url, '--yes']);
    assert.equal(missing.code, 2);
  } finally {
    await emu.stop();
  }
});

test('the key never appears in stdout, stderr, the journal or the report; report is formula-safe', { timeout: 30000 }, async () => {
  const emu = await startEmulator(['--key', KEY, '--faults', '500=0.2,retry-after=0,seed=3', '--campaign', `reached:${REACHED}`]);
  try {
    const csv = join(dir, 'hygiene.csv');
    writeFileSync(csv, 'first_name,email,phone\r\n=SUM(1+1),a@example.com,\r\n+bad,not-an-email,\r\nok,b@example.com,\r\n@x,c@example.com,\r\n');
    const journal = join(dir, 'hygiene.journal');
    const r = await pushCli([
      csv,
      '--provider',
      'reached',
      '--campaign-id',
      REACHED,
      '--base-url',
      emu.url,
      '--yes',
      '--journal',
      journal,
      '--retry-base-ms',
      '1',
    ]);
    assert.equal(r.code, 1, r.stderr + r.stdout); // one invalid row
    const out = join(dir, 'hygiene.report.csv');
    const rep = spawnSync(process.execPath, [CLI, 'report', journal, '--csv', out], { encoding: 'utf8' });
    assert.equal(rep.status, 0, rep.stderr);
    const text = readFileSync(out, 'utf8');
    for (const where of [r.stdout, r.stderr, readFileSync(journal, 'utf8'), rep.stdout, rep.stderr, text]) assert.ok(!where.includes(KEY));
    assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 with a BOM');
    const lines = text.slice(1).trim().split('\r\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0], /^first_name,email,phone,leadroster_line,leadroster_row,leadroster_result/);
    assert.match(lines[1], /^'=SUM\(1\+1\),a@example.com,,2,0,added/);
    assert.match(lines[2], /^'\+bad,not-an-email,,3,1,invalid,invalid_email/);
    assert.match(lines[4], /^'@x,c@example.com,,5,3,/);
  } finally {
    await emu.stop();
  }
});

test('magnetite pacing: never faster than the documented limit (injected clock, no waiting)', { timeout: 30000 }, async () => {
  const limit = addLimit(engine, 'magnetite') || { requests: 10, windowSeconds: 60, burst: 5 };
  const clock = node.manualClock(Date.now());
  const emu = node.createEmulator({ engine, keys: [KEY], campaigns: [{ provider: 'magnetite', id: 'mag_1' }], clock, rateLimits: { magnetite: limit } });
  const { url } = await emu.listen(0);
  const sends = [];
  const rows = Array.from({ length: 17 }, (_, i) => ({ companyName: `Co ${i}`, contactName: `Person ${i}`, email: `p${i}@co${i}.com` }));
  try {
    const res = await node.push({
      provider: 'magnetite',
      campaignId: 'mag_1',
      rows,
      baseUrl: url,
      apiKey: KEY,
      journal: false,
      concurrency: 3,
      clock,
      rateLimit: limit,
      fetch: (u, init) => {
        sends.push(clock.now());
        return fetch(u, init);
      },
    });
    assert.equal(res.summary.added, 17);
    assert.equal(emu.state().stats.rateLimited, 0, 'the emulator never had to answer 429');
    const burst = limit.burst || limit.requests;
    const perMs = limit.requests / (limit.windowSeconds * 1000);
    for (let i = 0; i < sends.length; i++) {
      for (let j = i; j < sends.length; j++) {
        assert.ok(j - i + 1 <= burst + (sends[j] - sends[i]) * perMs + 1e-6, `sends ${i}..${j} within ${sends[j] - sends[i]} ms`);
      }
    }
    const spanS = (sends[sends.length - 1] - sends[0]) / 1000;
    assert.ok(spanS >= (17 - burst) * (limit.windowSeconds / limit.requests) - 1e-6);
    figures('magnetite-pacing', { requests: sends.length, simulatedSeconds: spanS, estimateSeconds: res.summary.estimateSeconds });
    // pushing the same leads again, a minute later: 409 = duplicate, never retried
    clock.advance(60000);
    const again = await node.push({
      provider: 'magnetite',
      campaignId: 'mag_1',
      rows: rows.slice(0, 3),
      baseUrl: url,
      apiKey: KEY,
      journal: false,
      clock,
      rateLimit: limit,
    });
    assert.deepEqual([again.summary.duplicateAtProvider, again.summary.httpRequests, again.summary.retries], [3, 3, 0]);
  } finally {
    await emu.close();
  }
});

test('emulator: puffle GET pagination and filter, PATCH, DELETE (<= 500 ids or all), draft-only; 404 and 401 bodies', { timeout: 30000 }, async () => {
  const emu = node.createEmulator({
    engine,
    keys: [KEY],
    campaigns: [
      { provider: 'puffle', id: PUFFLE },
      { provider: 'puffle', id: 'live', status: 'active' },
    ],
  });
  const { url } = await emu.listen(0);
  const auth = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };
  const call = async (method, path, body, headers = auth) => {
    const r = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };
  try {
    const leads = Array.from({ length: 250 }, (_, i) => ({ email: `U${i}@Example.com` }));
    let r = await call('POST', `/api/campaigns/${PUFFLE}/leads`, { leads: [...leads, { email: 'u0@example.com' }] });
    assert.deepEqual([r.status, r.body.imported, r.body.duplicates], [200, 250, 1]);
    r = await call('POST', `/api/campaigns/${PUFFLE}/leads`, { leads: [{ email: 'x@example.com' }, { first_name: 'no email' }] });
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), /leads\[1\]/);
    r = await call('GET', `/api/campaigns/${PUFFLE}/leads?limit=200&page=2`);
    assert.deepEqual([r.status, r.body.total, r.body.leads.length], [200, 250, 50]);
    assert.equal((await call('GET', `/api/campaigns/${PUFFLE}/leads?limit=201`)).status, 400);
    assert.equal((await call('GET', `/api/campaigns/${PUFFLE}/leads?status=pending&limit=1`)).body.leads.length, 1);
    const id = r.body.leads[0].id;
    r = await call('PATCH', `/api/campaigns/${PUFFLE}/leads`, { id, fields: { first_name: 'Ann' } });
    assert.equal(r.status, 200);
    r = await call('DELETE', `/api/campaigns/${PUFFLE}/leads`, { ids: Array.from({ length: 501 }, (_, i) => String(i)) });
    assert.equal(r.status, 400);
    r = await call('DELETE', `/api/campaigns/${PUFFLE}/leads`, { ids: [id] });
    assert.deepEqual([r.status, r.body.removed], [200, 1]);
    r = await call('DELETE', `/api/campaigns/${PUFFLE}/leads`, { all: true });
    assert.deepEqual([r.status, r.body.removed], [200, 249]);
    r = await call('POST', '/api/campaigns/live/leads', { leads: [{ email: 'a@b.co' }] });
    assert.equal(r.status, 400, 'a campaign out of draft refuses mutations');
    assert.equal((await call('GET', '/api/campaigns/live/leads')).status, 200);
    r = await call('POST', '/api/campaigns/unknown/leads', { leads: [{ email: 'a@b.co' }] });
    assert.equal(r.status, 404);
    r = await call('POST', `/api/campaigns/${PUFFLE}/leads`, { leads: [{ email: 'a@b.co' }] }, { Authorization: 'Bearer nope' });
    assert.equal(r.status, 401);
  } finally {
    await emu.close();
  }
});
