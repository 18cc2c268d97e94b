'use strict';
// Reached — POST /v1/campaigns/:id/leads with {leads: [...]}, Bearer auth
// (seeds/002_fd154ffa0353aa87.txt). The campaign id is a uuid. Each lead needs
// at least one of phone (E.164), email, lead_id (uuid); dedup on phone, then
// email, then lead_id. No documented maximum: 100 per call by default, up to
// 10,000 with batchSize. The answer lists one result per lead.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, codes, assertPlanInvariants, UUID_A, uuid } = require('./helpers');

const PATH = `/v1/campaigns/${UUID_A}/leads`;
const HEADERS = { Authorization: 'Bearer YOUR_API_KEY', 'Content-Type': 'application/json' };

function plan(e, rows, options = {}) {
  const p = e.plan('reached', rows, { campaignId: UUID_A, ...options });
  assertPlanInvariants(p, { provider: 'reached', path: PATH, headers: HEADERS, maxPerRequest: options.batchSize || 100 });
  return p;
}

test("the page's example: {leads} to /v1/campaigns/<uuid>/leads", async () => {
  const e = await engine();
  const leads = [
    { first_name: 'Marie', last_name: 'Dupont', phone: '+33698765432', company_name: 'TechCo', title: 'Head of Sales' },
    { first_name: 'Pierre', last_name: 'Martin', phone: '+33612345678', email: 'pierre@startup.io' },
  ];
  const p = plan(e, leads);
  assert.deepEqual(p.requests, [{ method: 'POST', path: PATH, headers: HEADERS, body: { leads }, bodyText: JSON.stringify({ leads }), indexes: [0, 1] }]);
  assert.deepEqual(p.summary, { total: 2, ok: 2, invalid: 0, duplicate: 0, requests: 1, minDurationSeconds: 0 });
});

test('the campaign id must be a uuid; it is sent lower-case', async () => {
  const e = await engine();
  const p = e.plan('reached', [{ email: 'a@b.co' }], { campaignId: UUID_A.toUpperCase() });
  assert.equal(p.requests[0].path, PATH);
  const bare = e.plan('reached', [{ email: 'a@b.co' }], { campaignId: UUID_A.replace(/-/g, '') });
  assert.equal(bare.requests[0].path, PATH);
  assert.throws(
    () => e.plan('reached', [], { campaignId: 'c1d2e3f4-...' }),
    (x) => x.code === 'invalid_value' && x.option === 'campaignId',
  );
});

test('identity: at least one of phone, email, lead_id, else missing_identity (field null)', async () => {
  const e = await engine();
  const p = plan(e, [
    { first_name: 'Nobody', title: 'no identity' },
    { phone: '', email: '  ', lead_id: null },
    { phone: '+13035140233' },
    { email: 'a@contoso.com' },
    { lead_id: uuid(1) },
    { phone: '12' }, // present but invalid: the row is invalid on phone, not on identity
    { lead_id: 'not-a-uuid' },
    { email: 'a@@contoso.com', phone: '+13035140234' },
  ]);
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [['null:missing_identity'], ['null:missing_identity'], [], [], [], ['phone:invalid_phone'], ['lead_id:invalid_uuid'], []],
  );
  // An invalid email beside a valid phone is optional for that row: left out with a warning (issue 7).
  assert.deepEqual(codes(p.rows[7].warnings), ['email:invalid_email']);
  assert.deepEqual(p.rows[7].lead, { phone: '+13035140234' });
  assert.deepEqual(
    p.rows.map((r) => r.status),
    ['invalid', 'invalid', 'ok', 'ok', 'ok', 'invalid', 'invalid', 'ok'],
  );
});

test('normalization: phone to E.164 (row country, then defaultCountry), email lower-case, lead_id lower-case; country not sent', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      { phone: '(303) 514-0233' },
      { phone: '06 98 76 54 32', country: 'fr' },
      { phone: '+44 20 7946 0958', country: 'US' },
      { email: ' Pierre@Startup.IO ' },
      { lead_id: uuid(7).toUpperCase() },
      { email: 'x@y.co', linkedin_url: 'de.linkedin.com/in/Marie-Dupont/' },
      { email: 'z@y.co', linkedin_url: 'https://www.linkedin.com/company/techco' },
      { email: 'w@y.co', favourite: 'x' },
    ],
    { defaultCountry: 'US' },
  );
  assert.deepEqual(
    p.rows.map((r) => r.lead),
    [
      { phone: '+13035140233' },
      { phone: '+33698765432' },
      { phone: '+442079460958' },
      { email: 'pierre@startup.io' },
      { lead_id: uuid(7) },
      { email: 'x@y.co', linkedin_url: 'https://www.linkedin.com/in/marie-dupont' },
      { email: 'z@y.co' },
      { email: 'w@y.co' },
    ],
  );
  assert.deepEqual(codes(p.rows[6].warnings), ['linkedin_url:invalid_linkedin_url']); // optional: left out (issue 7)
  assert.deepEqual(codes(p.rows[7].warnings), ['favourite:unknown_field']);
  // without a default country a national number cannot be read
  const noDefault = plan(e, [{ phone: '(303) 514-0233' }]);
  assert.deepEqual(codes(noDefault.rows[0].errors), ['phone:invalid_phone']);
});

test('dedup: phone, then email, then lead_id; clusters grow but never merge', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      { phone: '+1 303 514 0233' }, // 0: cluster A (phone)
      { email: 'isla@contoso.com' }, // 1: cluster B (email)
      { phone: '(303) 514-0233', email: 'isla@contoso.com' }, // 2: A by phone; B keeps its email
      { email: 'ISLA@contoso.com', lead_id: uuid(5) }, // 3: B by email; lead_id joins B
      { lead_id: uuid(5).toUpperCase() }, // 4: B by lead_id
      { phone: '+13035140299', email: 'new@contoso.com' }, // 5: new cluster C
      { email: 'new@contoso.com' }, // 6: C by email
      { phone: '+13035140299', email: 'isla@contoso.com' }, // 7: C by phone (phone comes first)
      { email: 'taken@contoso.com' }, // 8: existing
    ],
    { defaultCountry: 'US', existing: [{ email: 'Taken@Contoso.com' }, { phone: 'not a phone' }] },
  );
  assert.deepEqual(
    p.rows.map((r) => [r.status, r.duplicateOf, r.matchedOn]),
    [
      ['ok', null, null],
      ['ok', null, null],
      ['duplicate', 0, 'phone'],
      ['duplicate', 1, 'email'],
      ['duplicate', 1, 'lead_id'],
      ['ok', null, null],
      ['duplicate', 5, 'email'],
      ['duplicate', 5, 'phone'],
      ['duplicate', 'existing', 'email'],
    ],
  );
  assert.deepEqual(
    p.requests.map((r) => r.indexes),
    [[0, 1, 5]],
  );
});

test('batches: 100 per call by default; batchSize up to 10,000', async () => {
  const e = await engine();
  const rows = [];
  for (let i = 0; i < 250; i++) rows.push({ email: `p${i}@contoso.com` });
  assert.deepEqual(
    plan(e, rows).requests.map((r) => r.indexes.length),
    [100, 100, 50],
  );
  assert.deepEqual(
    plan(e, rows, { batchSize: 250 }).requests.map((r) => r.indexes.length),
    [250],
  );
  assert.deepEqual(plan(e, rows, { batchSize: 10000 }).requests.length, 1);
  assert.throws(
    () => e.plan('reached', rows, { campaignId: UUID_A, batchSize: 10001 }),
    (x) => x.code === 'invalid_value' && x.option === 'batchSize',
  );
});

test('predictResponse: data.campaign_id and one added result per lead, lead_id echoed or a placeholder uuid', async () => {
  const e = await engine();
  const p = plan(e, [{ phone: '+33698765432' }, { email: 'a@b.co', lead_id: uuid(9) }, { title: 'invalid' }, { email: 'c@d.co' }], { batchSize: 2 });
  const answers = e.predictResponse('reached', p);
  assert.equal(answers.length, 2);
  for (const a of answers) {
    assert.equal(a.status, 200);
    assert.deepEqual(Object.keys(a.body), ['data']);
    assert.equal(a.body.data.campaign_id, UUID_A);
  }
  const results = answers.flatMap((a) => a.body.data.results);
  assert.equal(results.length, 3);
  assert.ok(results.every((r) => r.status === 'added'));
  assert.equal(results[1].lead_id, uuid(9));
  const ids = results.map((r) => r.lead_id);
  for (const id of ids) assert.equal(e.normalizeUuid(id).ok, true, `${id} is a uuid`);
  assert.equal(new Set(ids).size, 3, 'placeholder ids are distinct');
});

test('validateLead and roster follow the same identity rules', async () => {
  const e = await engine();
  const v = e.validateLead('reached', { title: 'x' });
  assert.deepEqual([v.ok, codes(v.errors)], [false, ['null:missing_identity']]);
  assert.deepEqual(e.validateLead('reached', { phone: '06 98 76 54 32' }, { defaultCountry: 'FR' }).lead, { phone: '+33698765432' });
  const r = e.createRoster('reached', { defaultCountry: 'US' });
  const added = r.add([{ phone: '(303) 514-0233' }, { phone: '+13035140233', email: 'a@b.co' }, { email: 'a@b.co' }]);
  assert.deepEqual(
    added.map((x) => [x.status, x.duplicateOf, x.matchedOn]),
    [
      ['ok', null, null],
      ['duplicate', 0, 'phone'],
      ['duplicate', 0, 'email'],
    ],
  );
  r.delete();
});
