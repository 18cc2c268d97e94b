// Values left out of a lead that is still sent (issue 16 §1): the engine marks
// those warnings `dropped: true` (with the option that would change it in a
// separate `hint`, never in the message); `check` and plan's report list each
// one (line, column or field, code, plain-words message); the edge handler's
// rows carry them with their message. Run: node --test tests/js/dropped.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const { createHandler } = await import(join(ROOT, 'npm', 'lib', 'edge.mjs'));

const UUID = '3f1c2d4e-0000-4000-8000-00000000000a';
const run = (args) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
// line 2: a bad optional email next to a good phone; line 3: clean; line 4: a bad optional phone
const CSV = 'Email,Phone\nmaelle.girard81 @free.fr,+33612345678\nok@acme.com,+33612345679\nbo@acme.com,12\n';

let tmp;
test.before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'leadroster-dropped-'));
});
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('engine: a left-out value is a warning with dropped: true and a hint; the message names no option', async () => {
  const e = await load();
  const p = e.plan(
    'reached',
    [
      { email: 'x y@acme.com', phone: '+33612345678' },
      { email: 'a@acme.com', phone: '+33612345670' },
    ],
    { campaignId: UUID },
  );
  const [w] = p.rows[0].warnings;
  assert.equal(w.code, 'invalid_email');
  assert.equal(w.dropped, true);
  assert.match(w.hint, /strict/);
  assert.doesNotMatch(w.message, /strict|true/);
  assert.deepEqual(p.rows[1].warnings, []);
  assert.deepEqual(
    p.warned().map((x) => [x.index, x.warnings[0].dropped]),
    [[0, true]],
  );
  const v = e.validateLead('reached', { email: 'x y@acme.com', phone: '+33612345678' });
  assert.equal(v.warnings[0].dropped, true);
});

test('check: each row sent without a value gets a line with its column, code and message', () => {
  const f = join(tmp, 'leads.csv');
  writeFileSync(f, CSV);
  const r = run(['check', f, '--provider', 'reached', '--quiet']);
  assert.equal(r.status, 0, r.stderr + r.stdout); // every row is still ok
  assert.match(r.stdout, /^line 2: sent without "Email": invalid_email — \S/m);
  assert.match(r.stdout, /^line 4: sent without "Phone": invalid_phone — \S/m);
  assert.doesNotMatch(r.stdout, /^line 3:/m);
  assert.doesNotMatch(r.stdout, /strict/);
  assert.match(r.stdout, /values left out: 2 on 2 rows/);
  const j = JSON.parse(run(['check', f, '--provider', 'reached', '--json']).stdout);
  assert.deepEqual(
    j.rows.map((x) => [x.line, x.dropped.map((d) => `${d.header}:${d.code}`)]),
    [
      [2, ['Email:invalid_email']],
      [3, []],
      [4, ['Phone:invalid_phone']],
    ],
  );
  assert.equal(j.summary.droppedValues, 2);
});

test("plan's report lists the ok rows sent without a value", () => {
  const f = join(tmp, 'plan.csv');
  writeFileSync(f, CSV);
  const r = run(['plan', f, '--provider', 'reached', '--campaign-id', UUID, '--format', 'report', '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\s+line 2\s+ok\s+sent without email: invalid_email — \S/m);
  assert.match(r.stdout, /^\s+line 4\s+ok\s+sent without phone: invalid_phone — \S/m);
  assert.match(r.stdout, /2 values left out/);
});

test('edge: listed rows carry dropped values with their message; messages are for people', async () => {
  const h = createHandler({ engine: () => load() });
  const res = await h.fetch(
    new Request(`http://edge.test/plan?provider=reached&campaignId=${UUID}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: CSV }),
  );
  assert.equal(res.status, 200);
  const out = await res.json();
  assert.deepEqual(
    out.rows.map((r) => [r.index, r.line, r.dropped.map((d) => d.code)]),
    [
      [0, 2, ['invalid_email']],
      [2, 4, ['invalid_phone']],
    ],
  );
  for (const r of out.rows) for (const d of r.dropped) assert.ok(d.message.length > 0 && !/strict/.test(d.message), d.message);
});
