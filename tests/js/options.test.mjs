// The one table of options (src/engine/options.def): engine.options(),
// describeProvider().options, the CLI's option flags on check, plan and push,
// and a misspelt option refused everywhere with unknown_option + err.option.
// Run: node --test tests/js/options.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../../npm/index.mjs';
import { push } from '../../npm/node.mjs';
import { startEmulator as startEmulatorWith } from '../support/emulator.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const KEY = 'opt-test-key';
const REACHED = '3f1c2d4e-0000-4000-8000-00000000000a';

let tmp;
test.before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'leadroster-options-'));
});
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args, env = {}) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

// Two reached leads; the second's phone is national with no country: left out
// (a warning) unless strict, which makes the row invalid.
function leadsCsv() {
  const p = join(tmp, 'leads.csv');
  writeFileSync(p, 'Email,Phone,First Name\nann@example.com,+33612345678,Ann\nbob@example.com,06 12 34 56 78,Bob\n');
  return p;
}
function suppressedTxt() {
  const p = join(tmp, 'suppressed.txt');
  writeFileSync(p, 'nobody@example.org\n');
  return p;
}
function existingJson() {
  const p = join(tmp, 'existing.json');
  writeFileSync(p, JSON.stringify([{ email: 'zed@example.com' }]));
  return p;
}

// A valid value for each option's flag (the table's type decides the form).
function flagArgs(o, engine) {
  if (o.type === 'boolean') return [`--${o.flag}`];
  if (o.type === 'array') return [`--${o.flag}`, existingJson()];
  if (o.type === 'entries') return [`--${o.flag}`, suppressedTxt()];
  if (o.values) return [`--${o.flag}`, o.values[0]];
  if (o.type === 'integer') return [`--${o.flag}`, String(Math.max(o.min ?? 1, 64))];
  if (o.format === 'country') return [`--${o.flag}`, 'FR'];
  if (o.name === 'campaignId') return [`--${o.flag}`, REACHED];
  return [`--${o.flag}`, 'Hi {{first_name}}'];
}

test('engine.options() is the table: every option the engine takes, strict included, each with a flag and a doc', async () => {
  const e = await load();
  const opts = e.options();
  assert.ok(Array.isArray(opts));
  const names = opts.map((o) => o.name);
  for (const n of ['campaignId', 'defaultCountry', 'channel', 'batchSize', 'maxBodyBytes', 'template', 'foldGmail', 'strict', 'existing', 'suppressed']) {
    assert.ok(names.includes(n), n);
  }
  assert.ok(!names.includes('emitBodies'), 'native-only options are not listed');
  for (const o of opts) {
    assert.equal(typeof o.flag, 'string', o.name);
    assert.ok(['string', 'integer', 'boolean', 'array', 'entries'].includes(o.type), o.name);
    assert.ok(o.doc.length > 10, o.name);
    // The engine takes every listed option (null: its default).
    e.plan('reached', [], o.name === 'campaignId' ? { campaignId: REACHED } : { campaignId: REACHED, [o.name]: null });
  }
});

test('describeProvider().options lists every option of engine.options() (channel where the identity depends on it)', async () => {
  const e = await load();
  const all = e.options().map((o) => o.name);
  for (const id of e.providers()) {
    const d = e.describeProvider(id);
    const listed = d.options.filter((o) => !o.provider).map((o) => o.name); // a provider's own request options come after
    const channelProvider = e.describeProvider(id, { channel: 'linkedin' }).identity.anyOf.join() !== d.identity.anyOf.join();
    assert.deepEqual(
      listed,
      all.filter((n) => n !== 'channel' || channelProvider),
      id,
    );
    assert.ok(listed.includes('strict'), id);
    const batch = d.options.find((o) => o.name === 'batchSize');
    assert.equal(batch.max, d.batch.max);
    assert.equal(batch.default, d.batch.default);
  }
});

test('every engine option is a flag of check and plan', async () => {
  const e = await load();
  const input = leadsCsv();
  for (const o of e.options()) {
    const extra = flagArgs(o, e);
    const c = cli(['check', input, '--provider', 'reached', '--quiet', ...extra]);
    assert.ok(c.status === 0 || c.status === 1, `check ${extra.join(' ')}: exit ${c.status} ${c.stderr}`);
    const args = ['plan', input, '--provider', 'reached', '--format', 'json', '--quiet', ...extra];
    if (o.name !== 'campaignId') args.push('--campaign-id', REACHED);
    const p = cli(args);
    assert.equal(p.status, 0, `plan ${extra.join(' ')}: ${p.stderr}`);
  }
  // A flag no option has is still refused (exit 2).
  assert.equal(cli(['check', input, '--provider', 'reached', '--strictly']).status, 2);
});

test('--strict on check and plan makes the dropped phone an error of its row', async () => {
  const input = leadsCsv();
  assert.equal(cli(['check', input, '--provider', 'reached', '--quiet']).status, 0);
  const strict = cli(['check', input, '--provider', 'reached', '--quiet', '--strict', '--json']);
  assert.equal(strict.status, 1, strict.stderr);
  const plan = (extra) => JSON.parse(cli(['plan', input, '--provider', 'reached', '--campaign-id', REACHED, '--format', 'json', '--quiet', ...extra]).stdout);
  assert.deepEqual(
    plan([]).rows.map((r) => r.status),
    ['ok', 'ok'],
  );
  const rows = plan(['--strict']).rows;
  assert.deepEqual(
    rows.map((r) => r.status),
    ['ok', 'invalid'],
  );
  assert.deepEqual(
    rows[1].errors.map((p) => [p.field, p.code]),
    [['phone', 'invalid_phone']],
  );
});

// `leadroster emulate` on 127.0.0.1, stopped by the test.
const startEmulator = (args) => startEmulatorWith(args, KEY);

test('every engine option is a flag of push, and --strict decides the row', { timeout: 120000 }, async () => {
  const e = await load();
  const input = leadsCsv();
  const emu = await startEmulator(['--key', KEY, '--campaign', `reached:${REACHED}`]);
  try {
    const run = (extra, n) =>
      new Promise((resolve) => {
        const args = ['push', input, '--provider', 'reached', '--base-url', emu.url, '--journal', join(tmp, `j${n}.ndjson`), '--yes', '--json', ...extra];
        if (!extra.includes('--campaign-id')) args.push('--campaign-id', REACHED);
        const proc = spawn(process.execPath, [CLI, ...args], {
          cwd: ROOT,
          env: { ...process.env, LEADROSTER_API_KEY: KEY },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        proc.stdout.on('data', (d) => (stdout += d));
        proc.stderr.on('data', (d) => (stderr += d));
        proc.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    // One push with every option flag of the table at once (a process per flag is slow).
    const every = e.options().flatMap((o) => flagArgs(o, e));
    const all = await run(every, 0);
    assert.ok(all.code === 0 || all.code === 1, `push ${every.join(' ')}: exit ${all.code} ${all.stderr}`);
    assert.equal(JSON.parse(all.stdout).total, 2);
    const strict = await run(['--strict'], 1);
    assert.equal(strict.code, 1, strict.stderr);
    assert.equal(JSON.parse(strict.stdout).invalid, 1);
  } finally {
    await emu.stop();
  }
});

test('a misspelt option is refused with unknown_option and err.option by plan, createPlanner, validateLead, createRoster and push', async () => {
  const e = await load();
  const bad = { campaignId: REACHED, defaultCountyr: 'US' };
  const refused = (err) => err.code === 'unknown_option' && err.option === 'defaultCountyr' && err instanceof RangeError;
  assert.throws(() => e.plan('reached', [], bad), refused);
  assert.throws(() => e.createPlanner('reached', bad), refused);
  assert.throws(() => e.validateLead('reached', { email: 'a@b.co' }, bad), refused);
  assert.throws(() => e.createRoster('reached', bad), refused);
  await assert.rejects(
    push({ provider: 'reached', apiKey: KEY, baseUrl: 'http://127.0.0.1:9', rows: [], journal: join(tmp, 'never.ndjson'), ...bad }),
    (err) => err.code === 'unknown_option' && err.option === 'defaultCountyr',
  );
  // Every option of the table, misspelt, is refused naming the misspelling.
  for (const o of e.options()) {
    const typo = o.name.slice(0, -1) + (o.name.endsWith('x') ? 'y' : 'x');
    assert.throws(
      () => e.plan('reached', [], { campaignId: REACHED, [typo]: 1 }),
      (err) => err.code === 'unknown_option' && err.option === typo,
      typo,
    );
  }
  // On the CLI a misspelt option is a misspelt flag: exit 2.
  assert.equal(cli(['plan', leadsCsv(), '--provider', 'reached', '--campaign-id', REACHED, '--default-county', 'US']).status, 2);
});
