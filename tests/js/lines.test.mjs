// Input lines everywhere a row is named (issue 16 §3): the JS API keeps the
// 0-based index and adds `line` (CSV: the spreadsheet row, header = line 1, a
// quoted multi-line cell counting its lines; NDJSON: its line; a JSON array as
// text: the line where the element starts) and `duplicateOfLine`; check, plan's
// report, push's messages and results, and report --csv use the line.
// Run: node --test tests/js/lines.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const { push, createEmulator, writeReport } = await import(join(ROOT, 'npm', 'node.mjs'));
const { csvRecords, parseCsv } = await import(join(ROOT, 'npm', 'lib', 'csv.mjs'));

const UUID = '3f1c2d4e-0000-4000-8000-00000000000a';
const run = (args) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });

let tmp;
test.before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'leadroster-lines-'));
});
test.after(() => rmSync(tmp, { recursive: true, force: true }));

// A CSV whose second record has a quoted two-line cell: records start on lines 2, 3, 5, 6.
const CSV = 'Email,Notes\na@acme.com,first\nb@acme.com,"two\nlines"\nnot-an-email,bad\nA@acme.com,again\n';

test('api: planJson gives each element the line where it starts; duplicates name the line they duplicate', async () => {
  const e = await load();
  const text = '[\n  {"email":"a@acme.com"},\n  {\n    "email": "b@acme.com"\n  },\n\n  {"email":"A@acme.com"}\n]\n';
  const p = e.planJson('reached', text, { campaignId: UUID });
  assert.deepEqual(
    p.rows.map((r) => [r.index, r.line]),
    [
      [0, 2],
      [1, 3],
      [2, 7],
    ],
  );
  assert.equal(p.rows[2].status, 'duplicate');
  assert.equal(p.rows[2].duplicateOf, 0);
  assert.equal(p.rows[2].duplicateOfLine, 2);
  assert.equal(p.row(1).line, 3, 'row(i) builds the same line');
  // rows given as JS objects have no line
  const objects = e.plan('reached', [{ email: 'a@acme.com' }], { campaignId: UUID });
  assert.equal(objects.rows[0].line, undefined);
  assert.equal(objects.rows[0].index, 0);
});

test('api: push(rows, { lines }) and pushNdjson counted across calls', async () => {
  const e = await load();
  const planner = e.createPlanner('reached', { campaignId: UUID });
  try {
    const a = planner.push([{ email: 'a@acme.com' }, { email: 'x' }], { lines: [2, 5] });
    assert.deepEqual(
      a.rows.map((r) => [r.index, r.line, r.status]),
      [
        [0, 2, 'ok'],
        [1, 5, 'invalid'],
      ],
    );
    assert.throws(() => planner.push([{ email: 'z@acme.com' }], { lines: [1, 2] }), TypeError);
    const b = planner.pushNdjson('{"email":"c@acme.com"}\n\n{"email":"A@acme.com"}\n');
    assert.deepEqual(
      b.rows.map((r) => [r.index, r.line]),
      [
        [2, 1],
        [3, 3],
      ],
    );
    assert.equal(b.rows[1].duplicateOfLine, 2, 'the duplicate of the row given line 2');
    const c = planner.pushNdjson('{"email":"d@acme.com"}\n');
    assert.equal(c.rows[0].line, 4, 'the next text continues the line count');
    assert.deepEqual(c.warned(), []);
  } finally {
    planner.delete();
  }
});

test('csv records: the line a multi-line record starts on', async () => {
  const recs = [];
  for await (const g of csvRecords([Buffer.from(CSV)])) for (const r of g) recs.push(r.line);
  assert.deepEqual(recs, [1, 2, 3, 5, 6]);
});

test('check: a JSON array file reports the line where each lead starts', () => {
  const f = join(tmp, 'leads.json');
  writeFileSync(f, '[\n  {"email": "a@acme.com"},\n  {\n    "email": "nope"\n  },\n  {"email": "A@acme.com"}\n]\n');
  const r = run(['check', f, '--provider', 'reached', '--json']);
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    out.rows.map((x) => [x.index, x.line]),
    [
      [0, 2],
      [1, 3],
      [2, 6],
    ],
  );
  assert.equal(out.rows[2].duplicateOfLine, 2);
  const text = run(['check', f, '--provider', 'reached']);
  assert.match(text.stdout, /^line 3: /m);
  assert.match(text.stdout, /^line 6: duplicate of line 2 /m);
});

test("plan's report names rows by their line (a quoted two-line cell counts its lines)", () => {
  const f = join(tmp, 'plan.csv');
  writeFileSync(f, CSV);
  const r = run(['plan', f, '--provider', 'reached', '--campaign-id', UUID, '--format', 'report']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\s+line 5\s+invalid /m);
  assert.match(r.stdout, /^\s+line 6\s+duplicate\s+of line 2, matched on email/m);
  assert.doesNotMatch(r.stdout, /#\d/);
  // --format ndjson rows carry index and line
  const nd = run(['plan', f, '--provider', 'reached', '--campaign-id', UUID, '--format', 'ndjson']);
  const rows = nd.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((x) => x.status);
  assert.deepEqual(
    rows.map((x) => [x.index, x.line]),
    [
      [0, 2],
      [1, 3],
      [2, 5],
      [3, 6],
    ],
  );
});

test('push: messages name the line; every result row and report --csv carry the input line', async () => {
  const engine = await load();
  const emu = createEmulator({ engine, keys: ['k'], campaigns: [{ provider: 'sendkit', id: 'camp' }] });
  const { url } = await emu.listen(0);
  try {
    const f = join(tmp, 'push.csv');
    writeFileSync(f, CSV);
    const journal = join(tmp, 'push.journal.ndjson');
    const res = await push({ provider: 'sendkit', campaignId: 'camp', file: f, baseUrl: url, apiKey: 'k', journal, engine });
    const byIndex = res.rows.map((r) => [r.index, r.line, r.result]);
    assert.deepEqual(byIndex, [
      [0, 2, 'added'],
      [1, 3, 'added'],
      [2, 5, 'invalid'],
      [3, 6, 'duplicate_in_file'],
    ]);
    assert.equal(res.rows[3].message, 'same lead as line 2');
    const csv = join(tmp, 'report.csv');
    await writeReport(journal, { csv });
    // the report: the input's columns, then leadroster_line (the input line) and leadroster_row (the index)
    const [head, ...recs] = parseCsv(readFileSync(csv, 'utf8'));
    const col = (name) => head.indexOf(name);
    assert.ok(col('leadroster_line') >= 0 && col('leadroster_row') >= 0, head.join(','));
    const got = recs.map((r) => [r[col('leadroster_line')], r[col('leadroster_row')], r[col('Email')], r[col('leadroster_result')]]);
    // the rows after the two-line cell: lines 5 and 6, not 2 + index
    assert.deepEqual(got, [
      ['2', '0', 'a@acme.com', 'added'],
      ['3', '1', 'b@acme.com', 'added'],
      ['5', '2', 'not-an-email', 'invalid'],
      ['6', '3', 'A@acme.com', 'duplicate_in_file'],
    ]);
  } finally {
    await emu.close();
  }
});

test('push: rows given as a JS array name duplicates as rows[i]', async () => {
  const engine = await load();
  const emu = createEmulator({ engine, keys: ['k'], campaigns: [{ provider: 'sendkit', id: 'camp2' }] });
  const { url } = await emu.listen(0);
  try {
    const res = await push({
      provider: 'sendkit',
      campaignId: 'camp2',
      rows: [{ email: 'a@acme.com' }, { email: 'A@acme.com' }],
      baseUrl: url,
      apiKey: 'k',
      journal: false,
      engine,
    });
    assert.equal(res.rows[1].result, 'duplicate_in_file');
    assert.equal(res.rows[1].message, 'same lead as rows[0]');
  } finally {
    await emu.close();
  }
});
