'use strict';
// Instantly — POST /api/v2/leads/add with {campaign_id | list_id, leads: [1..1000], flags},
// Bearer key (Instantly's v2 OpenAPI, bulkAddLeads; src/providers/instantly.cpp).
// A campaign lead needs its email; custom_variables are flat; the answer's
// created_leads[{index, id}] names the created rows, its counts settle the rest.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, codes, assertPlanInvariants } = require('./helpers');

const CAMPAIGN = '019ffad2-9c4e-7be6-8364-ed444afb02d5';
const PATH = '/api/v2/leads/add';
const HEADERS = { Authorization: 'Bearer YOUR_API_KEY', 'Content-Type': 'application/json' };

function plan(e, rows, options = {}) {
  const p = e.plan('instantly', rows, { campaignId: CAMPAIGN, ...options });
  assertPlanInvariants(p, { provider: 'instantly', path: PATH, headers: HEADERS, maxPerRequest: options.batchSize || 1000, campaignId: CAMPAIGN });
  return p;
}

test('one request {campaign_id, leads}: snake_case fields, phone as E.164, email lowercased', async () => {
  const e = await engine();
  const p = plan(e, [
    {
      email: 'John.Doe@Example.com',
      first_name: 'John',
      last_name: 'Doe',
      company_name: 'Example Inc.',
      job_title: 'Head of Growth',
      phone: '(415) 555-0132',
      country: 'US',
      website: 'https://example.com',
      personalization: 'Hello',
    },
    { email: 'ann@acme.io', custom_variables: { past_customer: true, score: 3, note: 'x', none: null } },
  ]);
  assert.deepEqual(
    p.rows.map((r) => [r.status, codes(r.errors), codes(r.warnings)]),
    [
      ['ok', [], []],
      ['ok', [], []],
    ],
  );
  assert.equal(p.requests.length, 1);
  const body = p.requests[0].body;
  assert.deepEqual(Object.keys(body), ['campaign_id', 'leads']);
  assert.equal(body.campaign_id, CAMPAIGN);
  assert.deepEqual(body.leads[0], {
    email: 'john.doe@example.com',
    first_name: 'John',
    last_name: 'Doe',
    company_name: 'Example Inc.',
    job_title: 'Head of Growth',
    phone: '+14155550132',
    website: 'https://example.com',
    personalization: 'Hello',
  });
  assert.deepEqual(body.leads[1].custom_variables, { past_customer: true, score: 3, note: 'x', none: null });
});

test('email is required on a campaign (missing_identity), one of email/first_name/last_name on a list', async () => {
  const e = await engine();
  const rows = [{ first_name: 'NoEmail' }, { email: 'not an email' }, { email: 'ok@acme.io' }, { company_name: 'Only a company' }];
  const c = plan(e, rows);
  assert.deepEqual(
    c.rows.map((r) => r.status),
    ['invalid', 'invalid', 'ok', 'invalid'],
  );
  assert.deepEqual(codes(c.rows[0].errors), ['null:missing_identity']);
  const l = plan(e, rows, { target: 'list' });
  assert.deepEqual(
    l.rows.map((r) => r.status),
    ['ok', 'invalid', 'ok', 'invalid'],
  );
  const body = l.requests[0].body;
  assert.deepEqual(Object.keys(body), ['list_id', 'leads'], 'a list body has list_id and never campaign_id');
  assert.equal(body.list_id, CAMPAIGN);
});

test('request options: the documented flags and ids, checked and sent; unknown ones refused', async () => {
  const e = await engine();
  const p = plan(e, [{ email: 'a@acme.io' }], {
    skip_if_in_workspace: true,
    skip_if_in_campaign: false,
    skip_if_in_list: true,
    verify_leads_on_import: true,
    blocklist_id: '019ffad2-9c4e-7be6-8364-ed46732be598',
    assigned_to: '019ffad2-9c4e-7be6-8364-ed4744ef5f11',
  });
  assert.deepEqual(p.requests[0].body, {
    campaign_id: CAMPAIGN,
    skip_if_in_workspace: true,
    skip_if_in_campaign: false,
    skip_if_in_list: true,
    verify_leads_on_import: true,
    blocklist_id: '019ffad2-9c4e-7be6-8364-ed46732be598',
    assigned_to: '019ffad2-9c4e-7be6-8364-ed4744ef5f11',
    leads: [{ email: 'a@acme.io' }],
  });
  const bad = (o) =>
    assert.throws(
      () => e.plan('instantly', [], { campaignId: CAMPAIGN, ...o }),
      (err) => err.option === Object.keys(o)[0] && typeof err.code === 'string',
    );
  bad({ skip_if_in_workspace: 'yes' });
  bad({ blocklist_id: 'not-a-uuid' });
  bad({ target: 'folder' });
  bad({ skip_if_in_sequence: true });
  assert.throws(
    () => e.plan('instantly', [], { campaignId: CAMPAIGN, skip_if_in_sequence: true }),
    (err) => err.code === 'unknown_option',
  );
  assert.throws(
    () => e.plan('instantly', [], { campaignId: 'camp-1' }),
    (err) => err.option === 'campaignId' && err.code === 'invalid_value',
  );
  assert.throws(
    () => e.plan('sendpilot', [], { campaignId: 'c', skip_if_in_workspace: true }),
    (err) => err.code === 'unknown_option',
    "a request option is its provider's only",
  );
});

test('custom_variables: flat values only; lt_interest_status: the documented values', async () => {
  const e = await engine();
  const p = plan(e, [
    { email: 'a@acme.io', custom_variables: { nested: { no: 1 } } },
    { email: 'b@acme.io', custom_variables: { list: [1, 2] } },
    { email: 'c@acme.io', lt_interest_status: -4 },
    { email: 'd@acme.io', lt_interest_status: 7 },
    { email: 'e@acme.io', linkedin_url: 'https://www.linkedin.com/in/x' },
  ]);
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [['custom_variables.nested:invalid_type'], ['custom_variables.list:invalid_type'], [], ['lt_interest_status:invalid_value'], []],
  );
  assert.deepEqual(codes(p.rows[4].warnings), ['linkedin_url:unknown_field'], 'a key the lead object does not list is not sent');
  assert.deepEqual(p.rows[4].lead, { email: 'e@acme.io' });
});

test('1000 leads a request at most; duplicates by email are not sent twice', async () => {
  const e = await engine();
  const rows = Array.from({ length: 2501 }, (_, i) => ({ email: `u${i}@acme.io` }));
  rows.push({ email: 'U7@ACME.IO' });
  const p = plan(e, rows);
  assert.deepEqual(
    p.requests.map((r) => r.indexes.length),
    [1000, 1000, 501],
  );
  assert.equal(p.rows[2501].status, 'duplicate');
  assert.equal(p.rows[2501].duplicateOf, 7);
  assert.throws(
    () => e.plan('instantly', [], { campaignId: CAMPAIGN, batchSize: 1001 }),
    (err) => err.option === 'batchSize',
  );
});

test('describeProvider: envelope body, Bearer, workspace rate limit, its request options', async () => {
  const e = await engine();
  const d = e.describeProvider('instantly');
  assert.equal(d.path, PATH);
  assert.equal(d.body, 'envelope');
  assert.deepEqual(d.headers, [{ name: 'Authorization', placeholder: 'Bearer YOUR_API_KEY' }]);
  assert.deepEqual(d.batch, { min: 1, max: 1000, default: 1000 });
  assert.deepEqual(d.rateLimits, [{ scope: 'add', requests: 6000, windowSeconds: 60, burst: 100, per: 'workspace' }]);
  const names = d.options.filter((o) => o.provider).map((o) => o.name);
  assert.ok(d.options.filter((o) => o.provider).every((o) => typeof o.doc === 'string' && o.doc.length > 0));
  assert.deepEqual(names, [
    'target',
    'skip_if_in_workspace',
    'skip_if_in_campaign',
    'skip_if_in_list',
    'verify_leads_on_import',
    'blocklist_id',
    'assigned_to',
  ]);
  assert.equal(d.customFieldsIn, 'custom_variables');
});

const req = (n) => ({ indexes: Array.from({ length: n }, (_, i) => 10 + i) });
const summary = (o) =>
  JSON.stringify({
    status: 'success',
    total_sent: 0,
    leads_uploaded: 0,
    in_blocklist: 0,
    blocklist_used: null,
    duplicated_leads: 0,
    skipped_count: 0,
    invalid_email_count: 0,
    incomplete_count: 0,
    duplicate_email_count: 0,
    remaining_in_plan: 10,
    created_leads: [],
    ...o,
  });

test('readAnswer: created_leads[].index names the added rows, with their ids; one kind of count settles the rest', async () => {
  const e = await engine();
  const a = e.readResponse(
    'instantly',
    req(3),
    200,
    {},
    summary({
      total_sent: 3,
      leads_uploaded: 2,
      duplicated_leads: 1,
      created_leads: [
        { index: 2, id: 'id-2' },
        { index: 0, id: 'id-0' },
      ],
    }),
  );
  assert.equal(a.outcome, 'accepted');
  assert.deepEqual(
    a.rows.map((r) => [r.index, r.result, r.leadId ?? null]),
    [
      [10, 'added', 'id-0'],
      [11, 'duplicate', null],
      [12, 'added', 'id-2'],
    ],
  );
  assert.equal(a.counts.duplicated_leads, 1);
  const b = e.readResponse('instantly', req(2), 200, {}, summary({ total_sent: 2, in_blocklist: 2 }));
  assert.deepEqual(
    b.rows.map((r) => [r.result, r.code]),
    [
      ['rejected', 'in_blocklist'],
      ['rejected', 'in_blocklist'],
    ],
  );
});

test('readAnswer: mixed counts naming no row leave those rows unknown, with the counts reported', async () => {
  const e = await engine();
  const a = e.readResponse(
    'instantly',
    req(3),
    200,
    {},
    summary({ total_sent: 3, leads_uploaded: 1, duplicated_leads: 1, invalid_email_count: 1, created_leads: [{ index: 1, id: 'x' }] }),
  );
  assert.deepEqual(
    a.rows.map((r) => r.result),
    ['unknown', 'added', 'unknown'],
  );
  assert.deepEqual(a.counts, {
    total_sent: 3,
    leads_uploaded: 1,
    in_blocklist: 0,
    duplicated_leads: 1,
    skipped_count: 0,
    invalid_email_count: 1,
    incomplete_count: 0,
    duplicate_email_count: 0,
  });
  const over = e.readResponse('instantly', req(1), 200, {}, summary({ leads_uploaded: 0, duplicated_leads: 3 }));
  assert.equal(over.error.code, 'inconsistent_counts');
  const none = e.readResponse('instantly', req(1), 200, {}, '{"status":"success"}');
  assert.equal(none.error.code, 'unexpected_body');
});

test('readAnswer: 401 and 402 bodies reject the request; 429 is a retry', async () => {
  const e = await engine();
  const a = e.readResponse('instantly', req(2), 401, {}, '{"statusCode":401,"error":"Unauthorized","message":"Missing Authorization header"}');
  assert.equal(a.outcome, 'failed');
  assert.equal(a.error.code, 'unauthorized');
  assert.deepEqual(
    a.rows.map((r) => r.result),
    ['rejected', 'rejected'],
  );
  const p = e.readResponse(
    'instantly',
    req(1),
    402,
    {},
    '{"statusCode":402,"error":"Payment Required","message":"Workspace does not have an active paid plan"}',
  );
  assert.equal(p.outcome, 'failed');
  const r = e.readResponse('instantly', req(1), 429, {}, '{"statusCode":429,"error":"Too Many Requests","message":"Rate limit exceeded"}');
  assert.equal(r.outcome, 'retry');
});

test('predictResponse: the documented summary with created_leads for every lead', async () => {
  const e = await engine();
  const p = plan(e, [{ email: 'a@acme.io' }, { email: 'b@acme.io' }]);
  const [pred] = e.predictResponse('instantly', p);
  assert.equal(pred.status, 200);
  assert.equal(pred.body.leads_uploaded, 2);
  assert.deepEqual(
    pred.body.created_leads.map((c) => [c.index, c.email]),
    [
      [0, 'a@acme.io'],
      [1, 'b@acme.io'],
    ],
  );
  const back = e.readResponse('instantly', p.requests[0], pred.status, {}, JSON.stringify(pred.body));
  assert.deepEqual(
    back.rows.map((r) => r.result),
    ['added', 'added'],
    'the planner and its reader agree',
  );
});
