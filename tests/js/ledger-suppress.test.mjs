// Suppression: entries (email / domain / phone / linkedin) that no push can
// bypass, the engine's `suppressed` status, and `leadroster ledger
// import|export|suppress|unsuppress|stats`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startEmulator as startEmulatorWith } from '../support/emulator.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const node = await import(join(ROOT, 'npm', 'node.mjs'));
const engine = await load();
const dir = mkdtempSync(join(tmpdir(), 'leadroster-suppress-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'test_' + randomBytes(12).toString('hex');
const REACHED = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

function cli(args, env = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LEADROSTER_API_KEY: KEY, LEADROSTER_LEDGER: '', ...env },
    timeout: 60000,
  });
}
const rowsOf = (r) =>
  r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"index"'))
    .map((l) => JSON.parse(l));

test('the engine: options.suppressed makes a row `suppressed` (a domain matches every email at or under it), never in a request', () => {
  const rows = [
    { email: 'ann@acme.com', first_name: 'A' },
    { email: 'bob@Sales.ACME.com', first_name: 'B' },
    { email: 'cy@notacme.com', first_name: 'C' },
    { email: 'Dee@Example.com', first_name: 'D' },
    { email: 'eve@example.com', first_name: 'E' },
    { email: 'dee@example.com', first_name: 'D2' },
  ];
  const p = engine.plan('reached', rows, {
    campaignId: REACHED,
    suppressed: [
      { kind: 'domain', value: 'acme.com' },
      { kind: 'email', value: 'dee@example.com' },
    ],
  });
  assert.deepEqual(
    p.rows.map((r) => r.status),
    ['suppressed', 'suppressed', 'ok', 'suppressed', 'ok', 'suppressed'],
  );
  assert.deepEqual(
    p.rows.map((r) => r.suppressedBy ?? null),
    [0, 0, null, 1, null, 1],
  );
  assert.equal(p.summary.suppressed, 4);
  const sent = p.requests.flatMap((q) => q.body.leads.map((l) => l.email));
  assert.deepEqual(sent, ['cy@notacme.com', 'eve@example.com']);
  // without the option: no count, nothing suppressed
  const q = engine.plan('reached', rows, { campaignId: REACHED });
  assert.equal(q.summary.suppressed, undefined);
  assert.equal(q.rows.filter((r) => r.status === 'suppressed').length, 0);
  // linkedin and phone (sendpilot / magnetite fields)
  const li = engine.plan('sendpilot', [{ linkedinUrl: 'https://linkedin.com/in/jo-x/' }, { linkedinUrl: 'https://www.linkedin.com/in/other' }], {
    campaignId: 'c',
    suppressed: [{ kind: 'linkedin', value: engine.normalizeLinkedInUrl('linkedin.com/in/jo-x').value }],
  });
  assert.deepEqual(
    li.rows.map((r) => r.status),
    ['suppressed', 'ok'],
  );
  assert.throws(
    () => engine.plan('reached', rows, { campaignId: REACHED, suppressed: [{ kind: 'fax', value: '1' }] }),
    (e) => e.code === 'invalid_value' && e.option === 'suppressed',
  );
  assert.throws(
    () => engine.plan('reached', rows, { campaignId: REACHED, suppressed: 'acme.com' }),
    (e) => e.code === 'invalid_type' && e.option === 'suppressed',
  );
});

test('ledger suppress / unsuppress / stats / export, and plan and check with the ledger', () => {
  const ledger = join(dir, 's.sqlite');
  const base = ['--provider', 'reached', '--ledger', ledger];
  let r = cli(['ledger', 'suppress', 'ACME.com', '--kind', 'domain', '--reason', 'do-not-contact', ...base]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['ledger', 'suppress', 'Dee@Example.com', 'zed@example.com', '--kind', 'email', '--reason', 'unsubscribed', '--source', 'crm', ...base]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(cli(['ledger', 'suppress', 'not-an-email', '--kind', 'email', '--reason', 'manual', ...base]).status, 2);
  // no --kind: each value's form says it (an email, a phone, "@domain")
  r = cli(['ledger', 'suppress', 'Gus@Other.example', '+33 6 12 34 56 78', '@spam.example', '--reason', 'manual', '--json', ...base]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).suppressed, 3);
  r = cli(['ledger', 'unsuppress', 'gus@other.example', '+33612345678', 'spam.example', '--json', ...base]);
  assert.deepEqual(JSON.parse(r.stdout), { workspace: 'reached/default', removed: 3, notFound: 0 }); // "spam.example": a domain too
  assert.equal(cli(['ledger', 'suppress', 'x@y.com', '--kind', 'fax', '--reason', 'manual', ...base]).status, 2);
  assert.equal(cli(['ledger', 'suppress', 'x@y.com', '--kind', 'email', '--reason', 'because', ...base]).status, 2);
  assert.equal(cli(['ledger', 'suppress', 'x@y.com', '--kind', 'email', '--reason', 'manual', '--provider', 'reached']).status, 2); // no ledger

  const input = join(dir, 'in.ndjson');
  writeFileSync(
    input,
    [{ email: 'ann@acme.com' }, { email: 'dee@example.com' }, { email: 'eve@example.com' }].map((x) => JSON.stringify({ ...x, first_name: 'F' })).join('\n') +
      '\n',
  );
  const plan = cli(['plan', input, '--campaign-id', REACHED, '--format', 'ndjson', ...base]);
  assert.equal(plan.status, 0, plan.stderr);
  const rows = rowsOf(plan);
  assert.deepEqual(
    rows.map((x) => x.status),
    ['suppressed', 'suppressed', 'ok'],
  );
  assert.deepEqual({ ...rows[0].suppressedBy, at: undefined }, { kind: 'domain', value: 'acme.com', reason: 'do-not-contact', source: 'cli', at: undefined });
  assert.equal(rows[1].suppressedBy.source, 'crm');
  const summary = JSON.parse(plan.stdout.split('\n').find((l) => l.startsWith('{"summary"'))).summary;
  assert.equal(summary.suppressed, 2);

  const check = cli(['check', input, '--json', ...base]);
  assert.equal(check.status, 1);
  const cj = JSON.parse(check.stdout);
  assert.deepEqual(
    cj.rows.map((x) => x.status),
    ['suppressed', 'suppressed', 'ok'],
  );
  assert.equal(cj.summary.suppressed, 2);
  assert.equal(cj.rows[0].suppressedBy.kind, 'domain');
  // another account of the provider has no entries
  assert.deepEqual(
    rowsOf(cli(['plan', input, '--campaign-id', REACHED, '--format', 'ndjson', '--account', 'other', ...base])).map((x) => x.status),
    ['ok', 'ok', 'ok'],
  );

  const stats = JSON.parse(cli(['ledger', 'stats', '--json', ...base]).stdout);
  assert.deepEqual(stats.suppressions, { 'do-not-contact': 1, unsubscribed: 2 });
  const out = join(dir, 'export.csv');
  assert.equal(cli(['ledger', 'export', '--out', out, ...base]).status, 0);
  const csv = readFileSync(out, 'utf8').trim().split(/\r?\n/);
  assert.equal(csv[0], 'kind,value,reason,source,at');
  assert.equal(csv.length, 4);
  assert.ok(csv.some((l) => l.startsWith('email,dee@example.com,unsubscribed,crm,')));

  r = cli(['ledger', 'unsuppress', 'acme.com', 'nobody@example.com', '--kind', 'domain', '--json', ...base]);
  // a domain value written as an email address is read as its host: example.com is not an entry
  assert.deepEqual(JSON.parse(r.stdout), { workspace: 'reached/default', removed: 1, notFound: 1 });
  assert.deepEqual(
    rowsOf(cli(['plan', input, '--campaign-id', REACHED, '--format', 'ndjson', ...base])).map((x) => x.status),
    ['ok', 'suppressed', 'ok'],
  );
});

test('unsuppress is the way back; import reads a provider export through the header mapping', () => {
  const ledger = join(dir, 'i.sqlite');
  const base = ['--provider', 'reached', '--ledger', ledger];
  const exp = join(dir, 'unsubscribes.csv');
  writeFileSync(exp, 'Email Address,Unsubscribed At\nAnn@Acme.com,2026-11-01\nnot an email,2026-11-02\nbo@example.com,2026-11-03\n');
  let r = cli(['ledger', 'import', exp, '--reason', 'unsubscribed', '--json', ...base]);
  assert.equal(r.status, 1, r.stderr); // one row refused
  assert.deepEqual(JSON.parse(r.stdout), { workspace: 'reached/default', suppressed: 2, refused: 1 });
  assert.match(r.stderr, /line 3 email: invalid_email/); // the file's own line
  const input = join(dir, 'in2.ndjson');
  writeFileSync(
    input,
    [{ email: 'ann@acme.com' }, { email: 'bo@example.com' }, { email: 'cy@acme.com' }].map((x) => JSON.stringify({ ...x, first_name: 'F' })).join('\n') + '\n',
  );
  const plan = () => rowsOf(cli(['plan', input, '--campaign-id', REACHED, '--format', 'ndjson', ...base])).map((x) => x.status);
  assert.deepEqual(plan(), ['suppressed', 'suppressed', 'ok']);
  // --kind domain: the hosts
  r = cli(['ledger', 'import', exp, '--reason', 'bounced', '--kind', 'domain', ...base]);
  assert.equal(r.status, 1);
  assert.deepEqual(plan(), ['suppressed', 'suppressed', 'suppressed']);
  r = cli(['ledger', 'unsuppress', 'acme.com', '--kind', 'domain', '--json', ...base]);
  assert.deepEqual(JSON.parse(r.stdout), { workspace: 'reached/default', removed: 1, notFound: 0 });
  r = cli(['ledger', 'unsuppress', 'ann@acme.com', '--kind', 'email', ...base]);
  assert.equal(r.status, 0);
  assert.deepEqual(plan(), ['ok', 'suppressed', 'ok']);
});

const startEmulator = (args) => startEmulatorWith(args, KEY);

test('push with the ledger never sends a suppressed lead; the row says which entry', { timeout: 60000 }, async () => {
  const emu = await startEmulator(['--key', KEY, '--campaign', `reached:${REACHED}`]);
  try {
    const ledger = join(dir, 'p.sqlite');
    assert.equal(
      cli(['ledger', 'suppress', 'blocked.example', '--kind', 'domain', '--reason', 'complained', '--provider', 'reached', '--ledger', ledger]).status,
      0,
    );
    const file = join(dir, 'push.ndjson');
    writeFileSync(
      file,
      Array.from({ length: 40 }, (_, i) => JSON.stringify({ email: `p${i}@${i % 4 === 0 ? 'blocked.example' : 'ok.example'}`, first_name: 'F' })).join('\n') +
        '\n',
    );
    const res = await node.push({ provider: 'reached', campaignId: REACHED, baseUrl: emu.url, apiKey: KEY, file, journal: false, ledger });
    assert.equal(res.summary.suppressed, 10);
    assert.equal(res.summary.added, 30);
    const sup = res.rows.filter((r) => r.result === 'suppressed');
    assert.equal(sup.length, 10);
    for (const r of sup) {
      assert.equal(r.code, 'suppressed');
      assert.equal(r.reason, 'complained');
      assert.equal(r.suppressedBy.value, 'blocked.example');
    }
    const st = await emu.state(true);
    const held = st.campaigns.find((c) => c.id === REACHED).leads.map((l) => l.email);
    assert.equal(held.length, 30);
    assert.ok(held.every((e) => !e.endsWith('@blocked.example')));
    // the CLI: same, in the summary
    const r = cli([
      'push',
      file,
      '--provider',
      'reached',
      '--campaign-id',
      REACHED,
      '--base-url',
      emu.url,
      '--yes',
      '--json',
      '--journal',
      join(dir, 'pj'),
      '--ledger',
      ledger,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.suppressed, 10);
    assert.equal(s.alreadyInCampaign, 30); // the ledger has them now
    assert.equal(s.httpRequests, 0);
  } finally {
    await emu.stop();
  }
});

test(
  '--suppressed FILE on check, plan and push: entries from a file (a ledger export, or one value per line), with no ledger',
  { timeout: 60000 },
  async () => {
    const list = join(dir, 'dnc.txt');
    // one value per line, the kind inferred: an email, a domain, a phone
    writeFileSync(list, '# do not contact\nAnn@Acme.com\n@blocked.example\n+1 512 477 5071\n');
    const input = join(dir, 'sf.csv');
    writeFileSync(input, 'Email,Phone,First Name\nann@acme.com,,A\nbo@mx.blocked.example,,B\ncy@ok.example,(512) 477-5071,C\ndi@ok.example,,D\n');
    const check = cli(['check', input, '--provider', 'reached', '--default-country', 'US', '--suppressed', list]);
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /^line 2: suppressed: email ann@acme\.com \(.*dnc\.txt\)$/m);
    assert.match(check.stdout, /^line 3: suppressed: domain blocked\.example/m);
    assert.match(check.stdout, /^line 4: suppressed: phone \+15124775071/m);
    assert.match(check.stdout, /summary: total 4, ok 1, invalid 0, duplicate 0, suppressed 3/);
    const plan = cli(['plan', input, '--provider', 'reached', '--campaign-id', REACHED, '--default-country', 'US', '--format', 'ndjson', '--suppressed', list]);
    assert.equal(plan.status, 0, plan.stderr);
    assert.deepEqual(
      rowsOf(plan).map((x) => [x.status, x.suppressedBy?.kind ?? null]),
      [
        ['suppressed', 'email'],
        ['suppressed', 'domain'],
        ['suppressed', 'phone'],
        ['ok', null],
      ],
    );
    // a ledger export (kind,value,reason,source,at) reads back as it was written
    const exp = join(dir, 'export-in.csv');
    writeFileSync(exp, 'kind,value,reason,source,at\ndomain,ok.example,manual,cli,2026-12-01T00:00:00.000Z\n');
    const again = cli(['plan', input, '--provider', 'reached', '--campaign-id', REACHED, '--format', 'ndjson', '--suppressed', exp]);
    assert.deepEqual(
      rowsOf(again).map((x) => x.status),
      ['ok', 'ok', 'suppressed', 'suppressed'],
    );
    // a value that is not one is refused with its line, before anything is planned
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'kind,value\nemail,ann@acme.com\nemail,not an email\n');
    const refused = cli(['check', input, '--provider', 'reached', '--suppressed', bad]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--suppressed .*bad\.csv: line 3: email "not an email"/);
    assert.equal(cli(['check', input, '--provider', 'reached', '--suppressed', join(dir, 'missing.txt')]).status, 2);
    // push: the suppressed rows are never sent
    const emu = await startEmulator(['--key', KEY, '--campaign', `reached:${REACHED}`]);
    try {
      const r = cli([
        'push',
        input,
        '--provider',
        'reached',
        '--campaign-id',
        REACHED,
        '--default-country',
        'US',
        '--base-url',
        emu.url,
        '--yes',
        '--json',
        '--journal',
        join(dir, 'sfj'),
        '--suppressed',
        list,
      ]);
      assert.equal(r.status, 0, r.stderr);
      const s = JSON.parse(r.stdout);
      assert.equal(s.suppressed, 3);
      assert.equal(s.added, 1);
      const st = await emu.state(true);
      assert.deepEqual(
        st.campaigns.find((c) => c.id === REACHED).leads.map((l) => l.email),
        ['di@ok.example'],
      );
    } finally {
      await emu.stop();
    }
  },
);

test('a postgres:// ledger that cannot be reached: exit 2, and the password is never printed', { timeout: 60000 }, () => {
  const secret = 'pw' + randomBytes(6).toString('hex');
  const input = join(dir, 'pw.ndjson');
  writeFileSync(input, JSON.stringify({ email: 'ann@acme.com', first_name: 'A' }) + '\n');
  const url = `postgres://leadroster:${secret}@127.0.0.1:1/none`; // port 1: nothing listens
  for (const args of [
    ['check', input, '--provider', 'reached', '--ledger', url],
    ['plan', input, '--provider', 'reached', '--campaign-id', REACHED, '--ledger', url],
    ['ledger', 'stats', '--provider', 'reached', '--ledger', url],
    [
      'push',
      input,
      '--provider',
      'reached',
      '--campaign-id',
      REACHED,
      '--base-url',
      'http://127.0.0.1:9',
      '--yes',
      '--journal',
      join(dir, 'pwj'),
      '--ledger',
      url,
    ],
  ]) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, /postgres:\/\/leadroster:\*\*\*@127\.0\.0\.1:1\/none/, args[0]);
    assert.ok(!(r.stdout + r.stderr).includes(secret), `${args[0]} printed the password`);
  }
});
