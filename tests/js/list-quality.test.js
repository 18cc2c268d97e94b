'use strict';
// List quality before the push (issue 20): disposable_email, role_email and
// email_typo warnings reach a plan row and `leadroster check --json` with their
// codes (and email_typo its `suggestion`), while the lead stays ok and its email
// is sent as given. Run: node --test tests/js/list-quality.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { engine, UUID_A } = require('./helpers');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'npm', 'cli.mjs');

const LEADS = [
  { email: 'ann@mailinator.com' }, // disposable
  { email: 'Sales+EU@acme.com' }, // role, with a +tag
  { email: 'bo@gmial.com' }, // typo
  { email: 'cy@gmail.com' }, // none: freemail is not disposable, gmail.com is no typo
];
const codesOf = (row) => row.warnings.map((w) => w.code);

function expectRows(rows) {
  assert.equal(rows.length, 4);
  for (const r of rows) {
    assert.equal(r.status, 'ok', JSON.stringify(r));
    assert.deepEqual(r.errors, []);
    for (const w of r.warnings) {
      assert.equal(w.field, 'email');
      assert.equal(w.dropped, undefined, 'nothing is left out');
    }
  }
  assert.deepEqual(codesOf(rows[0]), ['disposable_email']);
  assert.deepEqual(codesOf(rows[1]), ['role_email']);
  assert.deepEqual(codesOf(rows[2]), ['email_typo']);
  assert.equal(rows[2].warnings[0].suggestion, 'bo@gmail.com');
  assert.equal(rows[0].warnings[0].suggestion, undefined);
  assert.deepEqual(codesOf(rows[3]), []);
  // the email is sent as given (normalized, never replaced by the suggestion)
  assert.deepEqual(
    rows.map((r) => r.lead.email),
    ['ann@mailinator.com', 'sales+eu@acme.com', 'bo@gmial.com', 'cy@gmail.com'],
  );
}

test('a plan row carries the list-quality warnings; the lead is ok and its email unchanged', async () => {
  const e = await engine();
  for (const strict of [false, true]) {
    const plan = e.plan('reached', LEADS, { campaignId: UUID_A, strict });
    expectRows(plan.rows);
    assert.equal(plan.summary.ok, 4);
    assert.deepEqual(plan.requests[0].indexes, [0, 1, 2, 3]);
  }
  // validateLead (the page's form) gives them too
  const v = e.validateLead('reached', { email: 'info@gmail.con' });
  assert.equal(v.ok, true);
  assert.deepEqual(
    v.warnings.map((w) => w.code),
    ['role_email', 'email_typo'],
  );
  assert.equal(v.warnings[1].suggestion, 'info@gmail.com');
  // the lists' versions
  const lists = e.describeProvider('reached').emailLists;
  assert.match(lists.disposableDomains.version, /^disposable-email-domains \d+\.\d+\.\d+$/);
  assert.match(lists.roleAccounts.version, /^role-based-email-addresses \d+\.\d+\.\d+$/);
  assert.ok(lists.disposableDomains.entries > 450 && lists.roleAccounts.entries > 500);
});

test('leadroster check --json carries the warnings with their codes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-listq-'));
  const file = path.join(dir, 'leads.csv');
  fs.writeFileSync(file, 'Email\n' + LEADS.map((l) => l.email).join('\n') + '\n');
  try {
    const r = spawnSync(process.execPath, [CLI, 'check', file, '--provider', 'reached', '--json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    expectRows(out.rows);
    assert.deepEqual(
      out.rows.map((x) => x.dropped),
      [[], [], [], []],
    );
    assert.deepEqual(out.summary, { total: 4, ok: 4, invalid: 0, duplicate: 0, droppedValues: 0 });
    // the text output counts them like every warning
    const t = spawnSync(process.execPath, [CLI, 'check', file, '--provider', 'reached'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /3 with warnings: disposable_email ×1, role_email ×1, email_typo ×1/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
