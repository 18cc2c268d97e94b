'use strict';
// SendPilot — POST /v1/leads with {campaignId, leads: [...]}, 1..100 leads per
// call, X-API-Key (seeds/001_993f84afb144e70a.txt). linkedinUrl required and
// the dedup key; any extra flat property is a custom field ({{fieldName}} in
// templates); the answer counts leadsAdded, duplicatesSkipped, invalidEntries.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, codes, assertPlanInvariants } = require('./helpers');

const CAMPAIGN = 'camp_xyz789';
const PATH = '/v1/leads';
const HEADERS = { 'X-API-Key': 'YOUR_API_KEY', 'Content-Type': 'application/json' };

function plan(e, rows, options = {}) {
  const p = e.plan('sendpilot', rows, { campaignId: CAMPAIGN, ...options });
  assertPlanInvariants(p, {
    provider: 'sendpilot',
    path: PATH,
    headers: HEADERS,
    maxPerRequest: options.batchSize || 100,
    maxBodyBytes: options.maxBodyBytes,
    campaignId: CAMPAIGN,
  });
  return p;
}

const li = (slug) => `https://www.linkedin.com/in/${slug}`;

test("the page's example: one request {campaignId, leads} with custom fields as given", async () => {
  const e = await engine();
  const leads = [
    {
      linkedinUrl: li('john-doe'),
      firstName: 'John',
      lastName: 'Doe',
      company: 'TechCorp',
      title: 'VP of Engineering',
      industry: 'Technology',
      region: 'North America',
    },
    {
      linkedinUrl: li('jane-smith'),
      firstName: 'Jane',
      lastName: 'Smith',
      referredBy: 'Conference 2024',
      customScore: 85,
      icebreaker: 'Loved your talk on AI automation',
    },
  ];
  const p = plan(e, leads);
  assert.deepEqual(
    p.rows.map((r) => [r.status, r.errors, r.warnings]),
    [
      ['ok', [], []],
      ['ok', [], []],
    ],
  );
  assert.deepEqual(p.requests, [
    {
      method: 'POST',
      path: PATH,
      headers: HEADERS,
      body: { campaignId: CAMPAIGN, leads },
      bodyText: JSON.stringify({ campaignId: CAMPAIGN, leads }),
      indexes: [0, 1],
    },
  ]);
  assert.deepEqual(e.predictResponse('sendpilot', p), [{ status: 200, body: { success: true, leadsAdded: 2, duplicatesSkipped: 0, invalidEntries: 0 } }]);
});

test('linkedinUrl: required (missing_field), must be a profile, normalized', async () => {
  const e = await engine();
  const p = plan(e, [
    { firstName: 'NoUrl' },
    { linkedinUrl: '   ' },
    { linkedinUrl: null },
    { linkedinUrl: 'https://www.linkedin.com/company/acme' },
    { linkedinUrl: 'https://example.com/in/john' },
    { linkedinUrl: 42 },
    { linkedinUrl: 'https://www.linkedin.com/sales/lead/ACwAAA,NAME_SEARCH' },
    { linkedinUrl: 'de.linkedin.com/in/Mary-Leroy-090/?originalSubdomain=fr' },
    { linkedinUrl: 'https://www.linkedin.com/in/ACoAAB1234xyz' },
  ]);
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [
      ['linkedinUrl:missing_field'],
      ['linkedinUrl:missing_field'],
      ['linkedinUrl:missing_field'],
      ['linkedinUrl:invalid_linkedin_url'],
      ['linkedinUrl:invalid_linkedin_url'],
      ['linkedinUrl:invalid_type'],
      ['linkedinUrl:invalid_linkedin_url'],
      [],
      [],
    ],
  );
  assert.equal(p.rows[7].lead.linkedinUrl, li('mary-leroy-090'));
  assert.equal(p.rows[8].lead.linkedinUrl, li('ACoAAB1234xyz'), 'internal ids keep their case');
});

// Arrays: src/providers/sendpilot.cpp's header says arrays are invalid_type;
// validate.cpp now takes a flat array of scalars as a custom field (as the JS
// baseline's schema does) and rejects arrays holding objects or arrays.
test('custom fields: flat scalars (and flat arrays) pass as given; objects, nested arrays and long strings do not', async () => {
  const e = await engine();
  const p = plan(e, [
    { linkedinUrl: li('a'), score: 1.5, flag: false, email: 'not an email', phone: '123', country: 'ZZ', 'a.b': 'x', note: null, blank: '' },
    { linkedinUrl: li('b'), nested: { not: 'flat' } },
    { linkedinUrl: li('c'), list: ['x', 1, true], deep: [1, { a: 1 }] },
    { linkedinUrl: li('d'), long: 'x'.repeat(2001) },
    { linkedinUrl: li('e'), long: 'x'.repeat(2000) },
    { linkedinUrl: li('f'), firstName: 5 },
  ]);
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [[], ['nested:invalid_type'], ['deep:invalid_type'], ['long:too_long'], [], ['firstName:invalid_type']],
  );
  // email / phone / country are plain custom fields on SendPilot: sent as given
  assert.deepEqual(p.rows[0].lead, { linkedinUrl: li('a'), score: 1.5, flag: false, email: 'not an email', phone: '123', country: 'ZZ', 'a.b': 'x' });
  assert.deepEqual(p.rows[2].lead.list, ['x', 1, true]);
  assert.ok(
    p.rows.every((r) => r.warnings.length === 0),
    'custom fields are never unknown_field',
  );
  assert.deepEqual(
    p.requests.map((r) => r.indexes),
    [[0, 4]],
  );
});

test('dedup on the normalized LinkedIn URL, within the batch and against existing leads', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      { linkedinUrl: li('mary-leroy-090'), firstName: 'Mary' },
      { linkedinUrl: 'de.linkedin.com/in/MARY-LEROY-090/' },
      { linkedinUrl: 'http://m.linkedin.com/in/mary-leroy-090/recent-activity/all/?trk=x' },
      { firstName: 'NoUrl' },
      { linkedinUrl: 'https://www.linkedin.com/in/old-friend/' },
      { linkedinUrl: li('someone-new') },
    ],
    { existing: [{ linkedinUrl: 'linkedin.com/in/Old-Friend' }, { firstName: 'an invalid existing lead' }] },
  );
  assert.deepEqual(
    p.rows.map((r) => [r.status, r.duplicateOf, r.matchedOn]),
    [
      ['ok', null, null],
      ['duplicate', 0, 'linkedinUrl'],
      ['duplicate', 0, 'linkedinUrl'],
      ['invalid', null, null],
      ['duplicate', 'existing', 'linkedinUrl'],
      ['ok', null, null],
    ],
  );
  assert.deepEqual(
    p.requests.map((r) => r.indexes),
    [[0, 5]],
  );
  assert.deepEqual(p.summary, { total: 6, ok: 2, invalid: 1, duplicate: 3, requests: 1, minDurationSeconds: 0 });
});

test('batches: at most 100 leads a call by default, batchSize below that, never above', async () => {
  const e = await engine();
  const rows = [];
  for (let i = 0; i < 250; i++) rows.push({ linkedinUrl: li(`p-${i}`) });
  rows.splice(10, 0, { firstName: 'invalid' }, { linkedinUrl: li('p-0') });
  const p = plan(e, rows);
  assert.deepEqual(
    p.requests.map((r) => r.body.leads.length),
    [100, 100, 50],
  );
  assert.deepEqual(p.requests[0].indexes.slice(8, 12), [8, 9, 12, 13], 'invalid and duplicate rows are skipped');
  const small = plan(e, rows, { batchSize: 40 });
  assert.deepEqual(
    small.requests.map((r) => r.indexes.length),
    [40, 40, 40, 40, 40, 40, 10],
  );
  assert.throws(
    () => e.plan('sendpilot', rows, { campaignId: CAMPAIGN, batchSize: 101 }),
    (x) => x.code === 'invalid_value' && x.option === 'batchSize',
  );
  assert.deepEqual(
    e.predictResponse('sendpilot', small).map((r) => r.body.leadsAdded),
    [40, 40, 40, 40, 40, 40, 10],
  );
});

test('maxBodyBytes: bodies are split so each compact JSON body fits (UTF-8 bytes)', async () => {
  const e = await engine();
  const rows = [];
  for (let i = 0; i < 60; i++) rows.push({ linkedinUrl: li(`p-${i}`), firstName: 'Zoë', icebreaker: 'é'.repeat(i * 5) });
  const cap = 1200;
  const p = plan(e, rows, { maxBodyBytes: cap });
  assert.ok(p.requests.length > 5);
  for (const r of p.requests) assert.ok(Buffer.byteLength(JSON.stringify(r.body)) <= cap);
  // a request is cut only when the next lead would not fit
  for (let k = 0; k + 1 < p.requests.length; k++) {
    const next = p.rows[p.requests[k + 1].indexes[0]].lead;
    const grown = { ...p.requests[k].body, leads: [...p.requests[k].body.leads, next] };
    assert.ok(Buffer.byteLength(JSON.stringify(grown)) > cap, `request ${k} could have taken one more lead`);
  }
  // a lead that alone cannot fit is invalid
  const huge = plan(e, [{ linkedinUrl: li('big'), icebreaker: 'x'.repeat(1900) }, { linkedinUrl: li('small') }], { maxBodyBytes: 500 });
  assert.deepEqual(
    huge.rows.map((r) => [r.status, codes(r.errors)]),
    [
      ['invalid', ['null:too_long']],
      ['ok', []],
    ],
  );
});

test('template: {{fieldName}} of built-in and custom fields; a missing one is a warning, not an error', async () => {
  const e = await engine();
  const p = plan(e, [{ linkedinUrl: li('a'), firstName: 'A', industry: 'SaaS' }, { linkedinUrl: li('b') }], {
    template: 'Hi {{firstName}}, how is {{ industry }}? {{firstName}}',
  });
  assert.deepEqual(
    p.rows.map((r) => [r.status, codes(r.warnings)]),
    [
      ['ok', []],
      ['ok', ['firstName:template_variable_missing', 'industry:template_variable_missing']],
    ],
  );
  assert.equal(p.requests[0].indexes.length, 2);
});

test('the campaign id is any string, carried in the body (not the path)', async () => {
  const e = await engine();
  const p = e.plan('sendpilot', [{ linkedinUrl: li('a') }], { campaignId: 'Camp "quoted" / ü' });
  assert.equal(p.requests[0].path, '/v1/leads');
  assert.equal(p.requests[0].body.campaignId, 'Camp "quoted" / ü');
  assert.throws(
    () => e.plan('sendpilot', [], {}),
    (x) => x.code === 'missing_field' && x.option === 'campaignId',
  );
});

test('validateLead and a roster follow the same rules', async () => {
  const e = await engine();
  assert.deepEqual(e.validateLead('sendpilot', { linkedinUrl: 'linkedin.com/in/A/', score: 3 }), {
    ok: true,
    lead: { linkedinUrl: li('a'), score: 3 },
    errors: [],
    warnings: [],
  });
  const bad = e.validateLead('sendpilot', { firstName: 'x' });
  assert.deepEqual([bad.ok, codes(bad.errors)], [false, ['linkedinUrl:missing_field']]);
  const r = e.createRoster('sendpilot');
  const rows = r.add([{ linkedinUrl: li('a') }, { linkedinUrl: 'de.linkedin.com/in/a' }, { nope: 1 }]);
  assert.deepEqual(
    rows.map((x) => [x.status, x.duplicateOf]),
    [
      ['ok', null],
      ['duplicate', 0],
      ['invalid', null],
    ],
  );
  assert.equal(r.size(), 1);
  r.delete();
});
