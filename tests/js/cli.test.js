'use strict';
// Tests of the leadroster CLI (npm/cli.mjs), spawned as a child process, and of
// (the CSV module: check.test.js). Run: node --test tests/js/cli.test.js
//
// The expected counts for the samples come from reading the samples (each
// row's fate is listed next to its test), not from running the engine.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'npm', 'cli.mjs');
const SAMPLES = path.join(ROOT, 'samples');
const REACHED_CAMPAIGN = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const PUFFLE_CAMPAIGN = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';

function run(args, opts = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: opts.input,
    env: Object.assign({}, process.env, opts.env || {}),
    maxBuffer: 512 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function parseNdjson(text) {
  const lines = text.split('\n').filter((l) => l !== '');
  const items = lines.map((l) => JSON.parse(l));
  const rows = items.filter((x) => 'status' in x && 'index' in x);
  const requests = items.filter((x) => 'method' in x && 'path' in x);
  const tail = items[items.length - 1];
  assert.ok(tail && tail.summary, 'the last ndjson line is {"summary": ...}');
  // rows first, then requests, then the summary
  assert.equal(rows.length + requests.length + 1, items.length);
  items.slice(0, rows.length).forEach((x) => assert.ok('status' in x));
  return { rows, requests, summary: tail.summary };
}

function plan(args, opts) {
  const r = run(['plan', '--format', 'ndjson', ...args], opts);
  assert.equal(r.code, 0, r.stderr);
  return parseNdjson(r.stdout);
}

function byStatus(rows, status) {
  return rows.filter((r) => r.status === status).map((r) => r.index);
}

let tmp;
test.before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leadroster-cli-'));
});
test.after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ------------------------------------------------------------- samples

test('magnetite.csv: nested company/contact columns, BOM, free-mail, typed cells', () => {
  // ok 0,1,6,7,8,13,14, and 9 (phone 555-01) and 12 (company page as linkedInUrl):
  // optional fields, left out with a warning (issue 7) | duplicate 2 (of 1, gmail case), 11 (of 0) |
  // invalid 3 (employeeCount "1,200"), 4 (no contactName), 5 (no email), 10 (email without TLD).
  // 9 requests at 10 a minute, burst 5: at least (9 - 5) * 6 = 24 s.
  const p = plan(['--provider', 'magnetite', '--campaign-id', 'cmp_1', 'samples/magnetite.csv']);
  assert.deepEqual(p.summary, { total: 15, ok: 9, invalid: 4, duplicate: 2, requests: 9, minDurationSeconds: 24 });
  assert.deepEqual(byStatus(p.rows, 'ok'), [0, 1, 6, 7, 8, 9, 12, 13, 14]);
  assert.deepEqual(
    p.rows[9].warnings.map((w) => `${w.field}:${w.code}`),
    ['phone:invalid_phone'],
  );
  assert.deepEqual(
    p.rows[12].warnings.map((w) => `${w.field}:${w.code}`),
    ['linkedInUrl:invalid_linkedin_url'],
  );
  assert.deepEqual(byStatus(p.rows, 'duplicate'), [2, 11]);
  assert.deepEqual(
    p.rows.filter((r) => r.status === 'invalid').map((r) => [r.index, r.errors[0].field, r.errors[0].code]),
    [
      [3, 'company.employeeCount', 'invalid_type'],
      [4, 'contactName', 'missing_field'],
      [5, 'email', 'missing_field'],
      [10, 'email', 'invalid_email'],
    ],
  );
  const first = p.requests[0];
  assert.equal(first.path, '/api/campaigns/cmp_1/leads');
  assert.deepEqual(first.indexes, [0]);
  assert.equal(first.body.email, 'john.smith@acme.com');
  assert.equal(first.body.domain, 'acme.com');
  assert.equal(first.body.notes, 'Met at SaaStr, keen on "AI SDR"');
  assert.deepEqual(first.body.company, {
    industry: 'Software',
    website: 'https://acme.com',
    employeeCount: 250,
    fundingStage: 'Series B',
    technologies: ['Salesforce', 'HubSpot', 'AWS'],
  });
  assert.equal(first.body.contact.city, 'San Francisco');
  assert.ok(!('country' in first.body), 'the row country column is not sent');
  // the first header survived the BOM
  assert.equal(first.body.companyName, 'Acme Corp');
  // free-mail rows: ok, with a warning and no derived domain
  for (const i of [1, 14]) {
    const row = p.rows[i];
    assert.ok(
      row.warnings.some((w) => w.code === 'freemail_domain'),
      `row ${i}`,
    );
    assert.ok(!('domain' in row.lead));
  }
  assert.equal(p.rows[13].lead.notes, 'Line one\nLine two, with a comma');
  assert.equal(p.rows[2].duplicateOf, 1);
  assert.equal(p.rows[2].matchedOn, 'email');
});

test('sendpilot.json: LinkedIn URLs in many forms, flat custom fields', () => {
  // ok 0,1,7,8,9,11,12 | duplicate 2 (of 0), 3 (of 1), 14 (of 7) |
  // invalid 4 (no linkedinUrl), 5 (Sales Navigator), 6 (company page),
  // 10 (object custom field), 13 (../ in the path)
  const p = plan(['--provider', 'sendpilot', '--campaign-id', 'camp_xyz789', 'samples/sendpilot.json']);
  assert.deepEqual(p.summary, { total: 15, ok: 7, invalid: 5, duplicate: 3, requests: 1, minDurationSeconds: 0 });
  assert.deepEqual(
    p.rows.filter((r) => r.status === 'duplicate').map((r) => [r.index, r.duplicateOf, r.matchedOn]),
    [
      [2, 0, 'linkedinUrl'],
      [3, 1, 'linkedinUrl'],
      [14, 7, 'linkedinUrl'],
    ],
  );
  assert.deepEqual(byStatus(p.rows, 'invalid'), [4, 5, 6, 10, 13]);
  const body = p.requests[0].body;
  assert.equal(body.campaignId, 'camp_xyz789');
  assert.equal(body.leads.length, 7);
  assert.equal(body.leads[1].linkedinUrl, 'https://www.linkedin.com/in/jane-smith');
  assert.equal(body.leads[1].customScore, 85);
  assert.equal(p.rows[8].lead.linkedinUrl, 'https://www.linkedin.com/in/ACoAABcD1234EfGh', 'internal id keeps its case');
  assert.equal(p.rows[11].lead.linkedinUrl, 'https://www.linkedin.com/in/priya-patel', 'invalid row 10 did not claim the URL');
});

test('reached.csv: phones with a country column, duplicates written differently, no identity, bad phones', () => {
  // ok 0,1,2,3,4,10,12,13,17,19,20 | duplicate 5 (0033… = #0), 6 (email case = #2),
  // 7 (+44 under US = #3), 11 (upper-case lead_id = #10), 16 (+1 415.… = #2) |
  // invalid 8 and 18 (no phone/email/lead_id), 9 (12345), 14 (+999), 15 (tom@),
  // 21 (national number, no country)
  const p = plan(['--provider', 'reached', '--campaign-id', REACHED_CAMPAIGN, 'samples/reached.csv']);
  assert.deepEqual(p.summary, { total: 22, ok: 11, invalid: 6, duplicate: 5, requests: 1, minDurationSeconds: 0 });
  assert.deepEqual(
    p.rows.filter((r) => r.status === 'duplicate').map((r) => [r.index, r.duplicateOf, r.matchedOn]),
    [
      [5, 0, 'phone'],
      [6, 2, 'email'],
      [7, 3, 'phone'],
      [11, 10, 'lead_id'],
      [16, 2, 'phone'],
    ],
  );
  const invalid = p.rows.filter((r) => r.status === 'invalid');
  assert.deepEqual(
    invalid.map((r) => [r.index, r.errors[0].field, r.errors[0].code]),
    [
      [8, null, 'missing_identity'],
      [9, 'phone', 'invalid_phone'],
      [14, 'phone', 'invalid_phone'],
      [15, 'email', 'invalid_email'],
      [18, null, 'missing_identity'],
      [21, 'phone', 'invalid_phone'],
    ],
  );
  const phones = Object.fromEntries(p.rows.filter((r) => r.status === 'ok').map((r) => [r.index, r.lead.phone]));
  assert.equal(phones[0], '+33698765432');
  assert.equal(phones[3], '+447700900123');
  assert.equal(phones[4], '+442079460958');
  assert.equal(phones[13], '+16045550199', 'a Canadian number');
  assert.equal(phones[17], '+33142685300');
  assert.equal(phones[20], '+442079460018');
  assert.equal(p.rows[19].lead.email, 'ana.garcia@globex.es');
  assert.equal(p.rows[20].lead.company_name, 'Smith, Jones & Co');
  assert.equal(p.requests[0].path, `/v1/campaigns/${REACHED_CAMPAIGN}/leads`);
  assert.equal(p.requests[0].body.leads.length, 11);
  // --default-country US rescues row 21 (415-555-0132, no country column)
  const us = plan(['--provider', 'reached', '--campaign-id', REACHED_CAMPAIGN, '--default-country', 'US', 'samples/reached.csv']);
  assert.deepEqual(us.summary, { total: 22, ok: 12, invalid: 5, duplicate: 5, requests: 1, minDurationSeconds: 0 });
  assert.equal(us.rows[21].lead.phone, '+14155550132');
});

test('sendkit.ndjson: leadId or email, a broken line, a blank line, --fold-gmail', () => {
  // rows (the blank line is not a row): ok 0,1,2,8,9,12,13,14 | duplicate 3 (leadId case),
  // 4 (email case), 11 (email of #1) | invalid 5 (no identity), 6 (invalid@), 7 (short leadId),
  // 10 (not JSON), 15 (companyName a number), 16 (an array)
  const p = plan(['--provider', 'sendkit', '--campaign-id', 'example_string', 'samples/sendkit.ndjson']);
  assert.deepEqual(p.summary, { total: 17, ok: 8, invalid: 6, duplicate: 3, requests: 1, minDurationSeconds: 0 });
  assert.deepEqual(byStatus(p.rows, 'duplicate'), [3, 4, 11]);
  assert.deepEqual(byStatus(p.rows, 'invalid'), [5, 6, 7, 10, 15, 16]);
  assert.equal(p.rows[11].matchedOn, 'email');
  assert.ok(p.rows[9].warnings.some((w) => w.code === 'unknown_field' && w.field === 'phone'));
  // Gmail folding is off by default (13 and 14 are distinct addresses); on, 14 folds into 13
  // for the dedup key only.
  const folded = plan(['--provider', 'sendkit', '--campaign-id', 'example_string', '--fold-gmail', 'samples/sendkit.ndjson']);
  assert.deepEqual(folded.summary, { total: 17, ok: 7, invalid: 6, duplicate: 4, requests: 1, minDurationSeconds: 0 });
  assert.equal(folded.rows[14].duplicateOf, 13);
  assert.equal(folded.rows[13].lead.email, 'sam+crm@gmail.com', 'the address sent is not folded');
});

test('puffle.json: LinkedIn and email campaigns, imported- placeholders, custom_fields', () => {
  // LinkedIn campaign: ok 0,4,6,7,12,14, and 9 (phone 12345: optional, left out with a
  // warning, issue 7) | duplicate 1 (of 0), 5 (email of #4), 10 (of 6) |
  // invalid 2 and 13 (imported-), 3 (no linkedin_url), 8 (company page), 11 (custom_fields a string)
  const li = plan(['--provider', 'puffle', '--channel', 'linkedin', '--campaign-id', PUFFLE_CAMPAIGN, 'samples/puffle.json']);
  assert.deepEqual(li.summary, { total: 15, ok: 7, invalid: 5, duplicate: 3, requests: 1, minDurationSeconds: 0 });
  assert.deepEqual(byStatus(li.rows, 'ok'), [0, 4, 6, 7, 9, 12, 14]);
  assert.ok(li.rows[9].warnings.some((w) => w.field === 'phone' && w.code === 'invalid_phone'));
  assert.deepEqual(
    li.rows.filter((r) => r.status === 'duplicate').map((r) => [r.index, r.duplicateOf, r.matchedOn]),
    [
      [1, 0, 'linkedin_url'],
      [5, 4, 'email'],
      [10, 6, 'linkedin_url'],
    ],
  );
  assert.equal(li.rows[2].errors[0].code, 'invalid_linkedin_url');
  assert.equal(li.rows[13].errors[0].code, 'invalid_linkedin_url');
  assert.deepEqual(li.rows[0].lead.custom_fields, { industry: 'Research', deal_size: 12000 });
  // Email campaign (the default channel): ok 0,2,3,4,12,14 | duplicate 5 (of 4) | the rest
  // lack a valid email. Row 2's placeholder URL is only a warning here.
  const em = plan(['--provider', 'puffle', '--campaign-id', PUFFLE_CAMPAIGN, 'samples/puffle.json']);
  assert.deepEqual(em.summary, { total: 15, ok: 6, invalid: 8, duplicate: 1, requests: 1, minDurationSeconds: 0 });
  assert.deepEqual(byStatus(em.rows, 'ok'), [0, 2, 3, 4, 12, 14]);
  assert.ok(em.rows[2].warnings.some((w) => w.code === 'invalid_linkedin_url'));
  assert.equal(em.rows[3].lead.email, 'no.linkedin@example.com');
});

test('report format: one line per row that is not ok, ok count, requests, summary last', () => {
  const r = run(['plan', '--format', 'report', '--provider', 'reached', '--campaign-id', REACHED_CAMPAIGN, 'samples/reached.csv']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  // rows are named by their line in the CSV (the header is line 1): row 5 is line 7
  const rowLines = lines.filter((l) => /^\s+line \d+\s+(invalid|duplicate)/.test(l));
  assert.equal(rowLines.length, 11, '6 invalid + 5 duplicate rows');
  assert.match(r.stdout, /line 7\s+duplicate\s+of line 2, matched on phone/);
  assert.match(r.stdout, /line 11\s+invalid\s+phone: invalid_phone/);
  assert.match(r.stdout, /line 10\s+invalid\s+\(row\): missing_identity/);
  assert.match(r.stdout, /^ok: 11 rows/m);
  assert.match(r.stdout, new RegExp(`POST /v1/campaigns/${REACHED_CAMPAIGN}/leads  11 leads  \\d+ bytes`));
  assert.equal(lines[lines.length - 1], 'summary: total 22, ok 11, invalid 6, duplicate 5, requests 1');
});

test('json format is the plan object; ndjson carries the same rows, requests and summary', () => {
  const args = ['--provider', 'puffle', '--channel', 'linkedin', '--campaign-id', PUFFLE_CAMPAIGN, 'samples/puffle.json'];
  const j = run(['plan', '--format', 'json', ...args]);
  assert.equal(j.code, 0, j.stderr);
  const obj = JSON.parse(j.stdout);
  assert.deepEqual(Object.keys(obj), ['rows', 'requests', 'summary']);
  const n = plan(args);
  assert.deepEqual(obj.rows, n.rows);
  assert.deepEqual(obj.requests, n.requests);
  assert.deepEqual(obj.summary, n.summary);
  // the default off a terminal is ndjson
  const d = run(['plan', ...args]);
  assert.equal(d.code, 0);
  assert.deepEqual(parseNdjson(d.stdout).summary, n.summary);
});

test('requests never carry a real key: placeholders only', () => {
  const p = plan(['--provider', 'sendkit', '--campaign-id', 'c1', 'samples/sendkit.ndjson']);
  assert.deepEqual(p.requests[0].headers['X-Api-Key'], 'YOUR_API_KEY');
  assert.deepEqual(p.requests[0].headers.Authorization, 'Bearer YOUR_API_TOKEN');
});

// ------------------------------------------------------------- options

test('--batch-size, --max-body-bytes and --template reach the engine', () => {
  const b = plan(['--provider', 'reached', '--campaign-id', REACHED_CAMPAIGN, '--batch-size', '4', 'samples/reached.csv']);
  assert.equal(b.summary.requests, 3); // 11 ok rows, 4 per call
  assert.deepEqual(
    b.requests.map((q) => q.indexes.length),
    [4, 4, 3],
  );
  const m = plan(['--provider', 'sendpilot', '--campaign-id', 'c', '--max-body-bytes', '400', 'samples/sendpilot.json']);
  for (const q of m.requests) assert.ok(Buffer.byteLength(JSON.stringify(q.body)) <= 400);
  assert.ok(m.summary.requests > 1);
  const t = plan(['--provider', 'sendpilot', '--campaign-id', 'c', '--template', 'Hi {{firstName}}, about {{icebreaker}}', 'samples/sendpilot.json']);
  assert.ok(t.rows[0].warnings.some((w) => w.code === 'template_variable_missing' && w.field === 'icebreaker'));
  assert.ok(!t.rows[1].warnings.some((w) => w.code === 'template_variable_missing'));
});

test('--existing dedups against leads already in the campaign (any input format)', () => {
  const existing = path.join(tmp, 'existing.csv');
  fs.writeFileSync(existing, 'email,first_name\r\nJOHN.SMITH@acme.com,John\r\n');
  const p = plan(['--provider', 'reached', '--campaign-id', REACHED_CAMPAIGN, '--existing', existing, 'samples/reached.csv']);
  assert.equal(p.rows[2].status, 'duplicate');
  assert.equal(p.rows[2].duplicateOf, 'existing');
  // the cluster of row 2 is now the existing lead's: rows 6 and 16 match it too
  assert.deepEqual(p.summary, { total: 22, ok: 10, invalid: 6, duplicate: 6, requests: 1, minDurationSeconds: 0 });
});

test('--out writes the output to a file', () => {
  const out = path.join(tmp, 'plan.json');
  const r = run(['plan', '--format', 'json', '--out', out, '--provider', 'sendkit', '--campaign-id', 'c', 'samples/sendkit.ndjson']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')).summary, { total: 17, ok: 8, invalid: 6, duplicate: 3, requests: 1, minDurationSeconds: 0 });
});

// ------------------------------------------------------------- stdin

test('stdin input: format from --input-format or from the first character', () => {
  const ndjson = fs.readFileSync(path.join(SAMPLES, 'sendkit.ndjson'), 'utf8');
  const a = plan(['--provider', 'sendkit', '--campaign-id', 'c', '-'], { input: ndjson });
  assert.deepEqual(a.summary, { total: 17, ok: 8, invalid: 6, duplicate: 3, requests: 1, minDurationSeconds: 0 });
  const json = fs.readFileSync(path.join(SAMPLES, 'sendpilot.json'), 'utf8');
  const b = plan(['--provider', 'sendpilot', '--campaign-id', 'c', '-'], { input: json });
  assert.deepEqual(b.summary, { total: 15, ok: 7, invalid: 5, duplicate: 3, requests: 1, minDurationSeconds: 0 });
  const csv = fs.readFileSync(path.join(SAMPLES, 'reached.csv'), 'utf8');
  const c = plan(['--provider', 'reached', '--campaign-id', REACHED_CAMPAIGN, '--input-format', 'csv', '-'], { input: csv });
  assert.deepEqual(c.summary, { total: 22, ok: 11, invalid: 6, duplicate: 5, requests: 1, minDurationSeconds: 0 });
  const sniffed = plan(['--provider', 'reached', '--campaign-id', REACHED_CAMPAIGN, '-'], { input: csv });
  assert.deepEqual(sniffed.summary, c.summary);
  const empty = plan(['--provider', 'sendkit', '--campaign-id', 'c', '-'], { input: '' });
  assert.deepEqual(empty.summary, { total: 0, ok: 0, invalid: 0, duplicate: 0, requests: 0, minDurationSeconds: 0 });
});

// ------------------------------------------------------------- bad arguments

test('bad arguments exit 2 with a message naming the flag', () => {
  const base = ['plan', '--provider', 'reached', '--campaign-id', REACHED_CAMPAIGN];
  const cases = [
    [['plan', '--bogus', 'x', 'samples/reached.csv'], /--bogus/],
    [['plan', '--campaign-id', 'c', 'samples/reached.csv'], /--provider/],
    [['plan', '--provider', 'mailchimp', '--campaign-id', 'c', 'samples/reached.csv'], /--provider.*mailchimp/],
    [['plan', '--provider', 'reached', 'samples/reached.csv'], /--campaign-id/],
    [['plan', '--provider', 'reached', '--campaign-id', 'not-a-uuid', 'samples/reached.csv'], /--campaign-id.*uuid/],
    [['plan', '--provider', 'puffle', '--campaign-id', 'c', 'samples/puffle.json'], /--campaign-id/],
    [[...base, '--batch-size', 'ten', 'samples/reached.csv'], /--batch-size/],
    [[...base, '--batch-size', '0', 'samples/reached.csv'], /--batch-size/],
    [['plan', '--provider', 'sendpilot', '--campaign-id', 'c', '--batch-size', '500', 'samples/sendpilot.json'], /--batch-size.*100/],
    [[...base, '--max-body-bytes', '10', 'samples/reached.csv'], /--max-body-bytes/],
    [[...base, '--default-country', 'ZZ', 'samples/reached.csv'], /--default-country/],
    [[...base, '--channel', 'sms', 'samples/reached.csv'], /--channel/],
    [[...base, '--format', 'xml', 'samples/reached.csv'], /--format/],
    [[...base, '--input-format', 'xlsx', 'samples/reached.csv'], /--input-format/],
    [[...base, '--fold-gmail=yes', 'samples/reached.csv'], /--fold-gmail/],
    [[...base, '--batch-size'], /--batch-size needs a value/],
    [[...base], /input/],
    [[...base, 'a.csv', 'b.csv'], /one input/],
    [['normalize', 'email', 'a@b.com', '--default-country', 'FR'], /--default-country/],
    [['normalize', 'fax', '123'], /fax/],
    [['normalize', 'phone', '0612345678', '--country', 'FR'], /--country/],
    [['validate', '--provider', 'reached', '{not json'], /JSON/],
    [['validate', '{"email":"a@b.com"}'], /--provider/],
    [['frobnicate'], /frobnicate/],
  ];
  for (const [args, re] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, `${args.join(' ')} -> ${r.code} ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('I/O errors exit 1', () => {
  const missing = run(['plan', '--provider', 'sendkit', '--campaign-id', 'c', path.join(tmp, 'nope.ndjson')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.ndjson/);
  const noExisting = run(['plan', '--provider', 'sendkit', '--campaign-id', 'c', '--existing', path.join(tmp, 'gone.csv'), 'samples/sendkit.ndjson']);
  assert.equal(noExisting.code, 1);
  assert.match(noExisting.stderr, /--existing/);
  const badJson = path.join(tmp, 'bad.json');
  fs.writeFileSync(badJson, '[{"email":');
  const b = run(['plan', '--provider', 'sendkit', '--campaign-id', 'c', badJson]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /bad\.json/);
  const unclosed = path.join(tmp, 'unclosed.csv');
  fs.writeFileSync(unclosed, 'email,firstName\na@b.com,"Ann\n');
  const u = run(['plan', '--provider', 'sendkit', '--campaign-id', 'c', unclosed]);
  assert.equal(u.code, 1);
  assert.match(u.stderr, /not closed/);
  const outDir = run(['plan', '--provider', 'sendkit', '--campaign-id', 'c', '--out', path.join(tmp, 'no', 'such', 'dir', 'x'), 'samples/sendkit.ndjson']);
  assert.equal(outDir.code, 1);
  assert.match(outDir.stderr, /--out/);
});

// ------------------------------------------------------------- other commands

test('normalize prints the engine result as JSON', () => {
  const cases = [
    [['email', '  John.Doe@ACME.com '], { ok: true, value: 'john.doe@acme.com' }],
    [['phone', '06 12 34 56 78', '--default-country', 'FR'], { ok: true, value: '+33612345678' }],
    [['phone', '0612345678'], { ok: false, code: 'invalid_phone' }],
    [['linkedin', 'https://de.linkedin.com/in/Jane-Smith/?trk=x'], { ok: true, value: 'https://www.linkedin.com/in/jane-smith' }],
    [['domain', 'https://www.Acme.com/about'], { ok: true, value: 'acme.com' }],
    [['--', 'phone', '-1'], { ok: false, code: 'invalid_phone' }],
  ];
  for (const [args, expect] of cases) {
    const r = run(['normalize', ...args]);
    assert.equal(r.code, 0, r.stderr);
    const got = JSON.parse(r.stdout);
    for (const k of Object.keys(expect)) assert.equal(got[k], expect[k], `${args.join(' ')}: ${k}`);
  }
});

test('validate checks one lead', () => {
  const r = run(['validate', '--provider', 'puffle', '--channel', 'linkedin', '{"linkedin_url":"https://www.linkedin.com/in/imported-42"}']);
  assert.equal(r.code, 0, r.stderr);
  const v = JSON.parse(r.stdout);
  assert.equal(v.ok, false);
  assert.equal(v.errors[0].code, 'invalid_linkedin_url');
  const s = run(['validate', '--provider', 'reached', '--default-country', 'FR', '-'], { input: '{"phone":"06 12 34 56 78"}' });
  assert.equal(s.code, 0, s.stderr);
  assert.deepEqual(JSON.parse(s.stdout).lead, { phone: '+33612345678' });
});

test('--help and --version', () => {
  const h = run(['--help']);
  assert.equal(h.code, 0);
  for (const flag of [
    '--provider',
    '--campaign-id',
    '--default-country',
    '--channel',
    '--batch-size',
    '--max-body-bytes',
    '--template',
    '--existing',
    '--fold-gmail',
    '--format',
    '--out',
    '--input-format',
  ]) {
    assert.ok(h.stdout.includes(flag), flag);
  }
  const ph = run(['plan', '--help']);
  assert.equal(ph.code, 0);
  assert.match(ph.stdout, /--campaign-id/);
  const v = run(['--version']);
  assert.equal(v.code, 0);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'npm', 'package.json'), 'utf8'));
  const [first, psl, disposable, roles] = v.stdout.trim().split('\n');
  assert.equal(first, pkg.version);
  assert.match(psl, /^Public Suffix List: tldts \d+\.\d+\.\d+ \(\d{4}-\d\d-\d\d\)$/);
  assert.match(disposable, /^Disposable email domains: disposable-email-domains \d+\.\d+\.\d+ \(\d+ domains\)$/);
  assert.match(roles, /^Role accounts: role-based-email-addresses \d+\.\d+\.\d+ \(\d+ local parts\)$/);
  const none = run([]);
  assert.equal(none.code, 2);
});

test('one exit-code policy (npm/lib/cli/errors.mjs): usage 2, I/O 1, EPIPE 0, a bug 1 with its stack', async () => {
  const { UsageError, InputError, exitCodeOf } = await import('../../npm/lib/cli/errors.mjs');
  const said = [];
  const write = process.stderr.write;
  process.stderr.write = (s) => said.push(s);
  const code = (e) => {
    said.length = 0;
    const c = exitCodeOf('leadroster x', e);
    return [c, said.join('')];
  };
  let got;
  try {
    const bug = new TypeError('not a function');
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    got = [
      code(new UsageError('--y is required')),
      code(new InputError('in.csv: line 3 is not UTF-8')),
      code(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
      code(enoent),
      code(bug),
      bug.stack,
    ];
  } finally {
    process.stderr.write = write;
  }
  const [usage, input, epipe, coded, bug, stack] = got;
  assert.deepEqual(usage, [2, 'leadroster x: --y is required\n']);
  assert.deepEqual(input, [1, 'leadroster x: in.csv: line 3 is not UTF-8\n']);
  assert.deepEqual(epipe, [0, '']);
  assert.deepEqual(coded, [1, 'leadroster x: ENOENT: no such file\n']);
  assert.deepEqual(bug, [1, `leadroster x: ${stack}\n`]);
});

// ------------------------------------------------------------- CSV reader
// The CSV module (leadroster/csv, on Papa Parse) is tested in check.test.js.

// ------------------------------------------------------------- streaming

// 50,000 sendkit rows: every 997th has a broken email; rows from 40,000 on repeat
// the address of row i-40,000 in another case (a duplicate unless that row was invalid).
function generatedRows(n) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    if (i % 997 === 0) rows.push({ email: `broken${i}@`, firstName: `B${i}` });
    else if (i < 40000) rows.push({ email: `user${i}@example.com`, firstName: `U${i}`, companyName: 'Acme' });
    else rows.push({ email: `  USER${i - 40000}@Example.COM `, firstName: `D${i}` });
  }
  return rows;
}

function expectedSummary(rows, batch) {
  const seen = new Set();
  let ok = 0;
  let invalid = 0;
  let duplicate = 0;
  for (const r of rows) {
    const e = r.email.trim().toLowerCase();
    if (e.endsWith('@')) invalid++;
    else if (seen.has(e)) duplicate++;
    else {
      seen.add(e);
      ok++;
    }
  }
  return { total: rows.length, ok, invalid, duplicate, requests: Math.ceil(ok / batch), minDurationSeconds: 0 }; // sendkit documents no rate limit
}

function runAsync(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: Object.assign({}, process.env, opts.env || {}) });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

test('NDJSON streaming of 50,000 rows gives the same plan as the json format on the same rows', { timeout: 180000 }, async () => {
  const rows = generatedRows(50000);
  const expected = expectedSummary(rows, 1000);
  assert.ok(expected.duplicate > 9000 && expected.invalid > 40);
  const nd = path.join(tmp, 'big.ndjson');
  fs.writeFileSync(nd, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const js = path.join(tmp, 'big.json');
  fs.writeFileSync(js, JSON.stringify(rows));
  const csv = path.join(tmp, 'big.csv');
  fs.writeFileSync(csv, 'email,firstName,companyName\r\n' + rows.map((r) => [r.email, r.firstName, r.companyName || ''].join(',')).join('\r\n') + '\r\n');
  const common = ['plan', '--provider', 'sendkit', '--campaign-id', 'big', '--batch-size', '1000'];
  const [a, b, c] = await Promise.all([
    // a small spool limit forces the requests through the temporary file
    runAsync([...common, '--format', 'ndjson', nd], { env: { LEADROSTER_SPOOL_MEMORY: '4096' } }),
    runAsync([...common, '--format', 'json', js]),
    runAsync([...common, '--format', 'report', csv]),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(c.code, 0, c.stderr);
  const streamed = parseNdjson(a.stdout);
  const whole = JSON.parse(b.stdout);
  assert.deepEqual(streamed.summary, expected);
  assert.deepEqual(whole.summary, expected);
  assert.equal(streamed.rows.length, 50000);
  streamed.rows.forEach((r, i) => assert.equal(r.index, i));
  // NDJSON: row i on line i + 1; the one-line JSON array: every element on line 1
  streamed.rows.forEach((r, i) => assert.equal(r.line, i + 1));
  whole.rows.forEach((r) => assert.equal(r.line, 1));
  const noLine = ({ line, duplicateOfLine, ...r }) => r;
  assert.deepEqual(streamed.rows.map(noLine), whole.rows.map(noLine));
  assert.deepEqual(streamed.requests, whole.requests);
  // duplicates across push boundaries (rows 40,000+ match rows 0..9,999) point at the first row
  assert.equal(streamed.rows[45001].duplicateOf, 5001);
  assert.equal(streamed.rows[40000].status, 'ok', 'row 0 was invalid, so row 40,000 is the first of its address');
  const s = expected;
  assert.match(c.stdout, new RegExp(`summary: total ${s.total}, ok ${s.ok}, invalid ${s.invalid}, duplicate ${s.duplicate}, requests ${s.requests}\\n$`));
});

// ------------------------------------------------------------- structure
// Each command is one module, npm/lib/cli/<command>.mjs (HELP, run(argv) ->
// exit code); npm/cli.mjs only dispatches; the library (npm/lib/ outside cli/,
// the package's entries) never imports the CLI.

const NPM = path.join(ROOT, 'npm');
const CLI_DIR = path.join(NPM, 'lib', 'cli');

// The modules a file imports (static, dynamic, re-export, require), resolved; bare names as written.
function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [];
  for (const re of [
    /^\s*(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]) {
    for (const m of text.matchAll(re)) specs.push(m[1]);
  }
  return specs.map((s) => (s.startsWith('.') ? path.resolve(path.dirname(file), s) : s));
}

function sourcesUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourcesUnder(p));
    else if (/\.(mjs|cjs|js)$/.test(e.name)) out.push(p);
  }
  return out;
}

function helpCommands() {
  const usage = run(['--help'])
    .stdout.split('\n\n')
    .find((p) => p.startsWith('Usage:'));
  return [...new Set([...usage.matchAll(/\bleadroster ([a-z]+)/g)].map((m) => m[1]))].sort();
}

test('structure: every command of `leadroster --help` is its own module under npm/lib/cli/, and only those', async () => {
  const commands = helpCommands();
  assert.ok(commands.length >= 10 && commands.includes('plan') && commands.includes('ledger'), commands.join(' '));
  for (const c of commands) {
    const file = path.join(CLI_DIR, `${c}.mjs`);
    assert.ok(fs.existsSync(file), `npm/lib/cli/${c}.mjs`);
    const m = await import(file);
    assert.equal(typeof m.run, 'function', `${c}.mjs exports run(argv)`);
    assert.equal(typeof m.HELP, 'string', `${c}.mjs exports HELP`);
    const h = run([c, '--help']);
    assert.equal(h.code, 0, c);
    assert.equal(h.stdout, m.HELP + '\n', `leadroster ${c} --help prints ${c}.mjs's HELP`);
  }
  // a module that exports run() is a command the help lists; the others are shared pieces
  const runners = [];
  for (const f of fs.readdirSync(CLI_DIR).filter((n) => n.endsWith('.mjs'))) {
    if (typeof (await import(path.join(CLI_DIR, f))).run === 'function') runners.push(f.replace(/\.mjs$/, ''));
  }
  assert.deepEqual(runners.sort(), commands);
  // the unknown-command message lists the same commands
  const u = run(['no-such-command']);
  assert.equal(u.code, 2);
  assert.deepEqual(
    u.stderr
      .match(/commands: ([a-z, ]+) \(/)[1]
      .split(', ')
      .sort(),
    commands,
  );
  // a command module imports no other command module (shared pieces live in the others)
  for (const c of commands) {
    const other = importsOf(path.join(CLI_DIR, `${c}.mjs`)).find((p) => runners.some((r) => r !== c && p === path.join(CLI_DIR, `${r}.mjs`)));
    assert.equal(other, undefined, `${c}.mjs imports the command module ${other}`);
  }
});

test('structure: npm/cli.mjs defines no command, it dispatches to lib/cli/<command>.mjs', () => {
  const file = path.join(NPM, 'cli.mjs');
  const text = fs.readFileSync(file, 'utf8');
  const commands = helpCommands();
  const allowed = new Set([path.join(NPM, 'index.mjs'), path.join(CLI_DIR, 'errors.mjs'), ...commands.map((c) => path.join(CLI_DIR, `${c}.mjs`))]);
  const imports = importsOf(file);
  for (const c of commands) assert.ok(imports.includes(path.join(CLI_DIR, `${c}.mjs`)), `cli.mjs dispatches ${c} to lib/cli/${c}.mjs`);
  for (const p of imports) assert.ok(p.startsWith('node:') || allowed.has(p), `cli.mjs imports ${p}`);
  // no flag parsing, no option table, no command body
  for (const word of ['parseFlags', 'optionFlagSpec', 'optionsFromFlags', 'createInputPlanner', 'validateLead'])
    assert.ok(!text.includes(word), `cli.mjs uses ${word}`);
});

test('structure: npm/lib/ outside cli/ and the package entries import nothing from npm/lib/cli/', () => {
  const files = [
    ...sourcesUnder(path.join(NPM, 'lib')).filter((f) => !f.startsWith(CLI_DIR + path.sep)),
    ...['index.mjs', 'index.cjs', 'node.mjs', 'node.cjs', 'browser.mjs'].map((f) => path.join(NPM, f)),
  ];
  // the scan sees imports (lib/input.mjs imports ./csv.mjs; lib/cli/check.mjs imports ../input.mjs)
  assert.ok(importsOf(path.join(NPM, 'lib', 'input.mjs')).includes(path.join(NPM, 'lib', 'csv.mjs')));
  assert.ok(importsOf(path.join(CLI_DIR, 'check.mjs')).includes(path.join(NPM, 'lib', 'input.mjs')));
  for (const f of files) {
    const into = importsOf(f).filter((p) => p === CLI_DIR || p.startsWith(CLI_DIR + path.sep));
    assert.deepEqual(into, [], `${path.relative(ROOT, f)} imports the CLI`);
  }
});
