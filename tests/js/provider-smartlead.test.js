'use strict';
// Smartlead — POST /api/v1/campaigns/{campaign_id}/leads?api_key=KEY with
// {lead_list: [1..400], settings} (SmartLead Leads API, addLeadsToCampaign;
// src/providers/smartlead.cpp). The key is a query parameter; the answer only counts.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, codes, assertPlanInvariants } = require('./helpers');

const CAMPAIGN = '1234567';
const PATH = `/api/v1/campaigns/${CAMPAIGN}/leads?api_key=YOUR_API_KEY`;
const HEADERS = { 'Content-Type': 'application/json' };

function plan(e, rows, options = {}) {
  const p = e.plan('smartlead', rows, { campaignId: CAMPAIGN, ...options });
  assertPlanInvariants(p, { provider: 'smartlead', path: PATH, headers: HEADERS, maxPerRequest: options.batchSize || 400, campaignId: CAMPAIGN });
  return p;
}

test('one request {lead_list}, the key placeholder in the query and in no header', async () => {
  const e = await engine();
  const p = plan(e, [
    {
      email: 'Ann@Acme.io',
      first_name: 'Ann',
      last_name: 'Lee',
      company_name: 'Acme',
      phone_number: '020 7946 0958',
      country: 'GB',
      website: 'acme.io',
      custom_fields: { tier: 'gold', score: 3 },
    },
    { email: 'bob@acme.io', linkedin_profile: 'uk.linkedin.com/in/bob-b/', location: 'London' },
  ]);
  assert.deepEqual(
    p.rows.map((r) => [r.status, codes(r.errors), codes(r.warnings)]),
    [
      ['ok', [], []],
      ['ok', [], []],
    ],
  );
  const body = p.requests[0].body;
  assert.deepEqual(Object.keys(body), ['lead_list'], 'no settings unless one is given');
  assert.deepEqual(body.lead_list[0], {
    email: 'ann@acme.io',
    first_name: 'Ann',
    last_name: 'Lee',
    company_name: 'Acme',
    phone_number: '+442079460958',
    website: 'acme.io',
    custom_fields: { tier: 'gold', score: 3 },
  });
  assert.equal(body.lead_list[1].linkedin_profile, 'https://www.linkedin.com/in/bob-b');
  assert.deepEqual(p.requests[0].headers, HEADERS);
});

test('settings: the ignore_* request options given, checked', async () => {
  const e = await engine();
  const p = plan(e, [{ email: 'a@acme.io' }], {
    ignore_global_block_list: true,
    ignore_unsubscribe_list: false,
    ignore_duplicate_leads_in_other_campaign: true,
    ignore_community_bounce_list: false,
  });
  assert.deepEqual(p.requests[0].body, {
    settings: {
      ignore_global_block_list: true,
      ignore_unsubscribe_list: false,
      ignore_duplicate_leads_in_other_campaign: true,
      ignore_community_bounce_list: false,
    },
    lead_list: [{ email: 'a@acme.io' }],
  });
  assert.throws(
    () => e.plan('smartlead', [], { campaignId: CAMPAIGN, ignore_global_block_list: 1 }),
    (err) => err.option === 'ignore_global_block_list' && err.code === 'invalid_type',
  );
});

test('email required; custom_fields flat; 400 per request', async () => {
  const e = await engine();
  const rows = [{ first_name: 'x' }, { email: 'a@acme.io', custom_fields: { nested: { a: 1 } } }, { email: 'A@ACME.io' }];
  for (let i = 0; i < 801; i++) rows.push({ email: `u${i}@acme.io` });
  const p = plan(e, rows);
  assert.deepEqual(codes(p.rows[0].errors), ['email:missing_field']);
  assert.deepEqual(codes(p.rows[1].errors), ['custom_fields.nested:invalid_type']);
  assert.equal(p.rows[2].status, 'ok', 'row 1 was invalid, so row 2 is the first a@acme.io');
  assert.deepEqual(
    p.requests.map((r) => r.indexes.length),
    [400, 400, 2],
  );
  assert.throws(
    () => e.plan('smartlead', [], { campaignId: CAMPAIGN, batchSize: 401 }),
    (err) => err.option === 'batchSize',
  );
});

const req = (n) => ({ indexes: Array.from({ length: n }, (_, i) => i) });

test('readAnswer: counts settle the rows only when one kind covers them; mixed counts stay unknown and are reported', async () => {
  const e = await engine();
  const all = e.readResponse('smartlead', req(3), 200, {}, '{"ok":true,"inserted_count":3,"duplicate_count":0,"blocked_count":0}');
  assert.deepEqual(
    all.rows.map((r) => r.result),
    ['added', 'added', 'added'],
  );
  const dup = e.readResponse('smartlead', req(2), 200, {}, '{"ok":true,"inserted_count":0,"duplicate_count":2,"blocked_count":0}');
  assert.deepEqual(
    dup.rows.map((r) => [r.result, r.code]),
    [
      ['duplicate', 'already_in_campaign'],
      ['duplicate', 'already_in_campaign'],
    ],
  );
  const mixed = e.readResponse('smartlead', req(3), 200, {}, '{"ok":true,"inserted_count":2,"duplicate_count":1,"blocked_count":0}');
  assert.equal(mixed.outcome, 'accepted');
  assert.deepEqual(
    mixed.rows.map((r) => r.result),
    ['unknown', 'unknown', 'unknown'],
  );
  assert.deepEqual(mixed.counts, { inserted_count: 2, duplicate_count: 1, blocked_count: 0 });
  const live = e.readResponse(
    'smartlead',
    req(2),
    200,
    {},
    '{"ok":true,"upload_count":1,"total_leads":2,"already_added_to_campaign":1,"invalid_email_count":0}',
  );
  assert.deepEqual(
    live.rows.map((r) => r.result),
    ['unknown', 'unknown'],
  );
  assert.equal(live.counts.upload_count, 1);
  const over = e.readResponse('smartlead', req(1), 200, {}, '{"ok":true,"inserted_count":2}');
  assert.equal(over.error.code, 'inconsistent_counts');
  const notOk = e.readResponse('smartlead', req(1), 200, {}, '{"ok":false,"error":"Campaign is archived"}');
  assert.equal(notOk.outcome, 'failed');
  assert.equal(notOk.rows[0].result, 'rejected');
});

test('readAnswer: 401 {message}, 400/422 {error} reject the request; 429 retries after retry_after', async () => {
  const e = await engine();
  const a = e.readResponse('smartlead', req(2), 401, {}, '{"message":"Invalid API Key"}');
  assert.equal(a.outcome, 'failed');
  assert.equal(a.error.code, 'unauthorized');
  assert.deepEqual(
    a.rows.map((r) => r.result),
    ['rejected', 'rejected'],
  );
  const b = e.readResponse('smartlead', req(1), 422, {}, '{"error":"Invalid parameters provided"}');
  assert.equal(b.error.code, 'unprocessable');
  const r = e.readResponse(
    'smartlead',
    req(1),
    429,
    { 'Retry-After': '30' },
    '{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Too many requests.","retry_after":30}}',
  );
  assert.equal(r.outcome, 'retry');
  assert.equal(r.retryAfterMs, 30000);
});

test('describeProvider: query-key auth, envelope body, 60 a minute per key', async () => {
  const e = await engine();
  const d = e.describeProvider('smartlead');
  assert.equal(d.path, '/api/v1/campaigns/{campaignId}/leads?api_key=YOUR_API_KEY');
  assert.deepEqual(d.headers, []);
  assert.equal(d.body, 'envelope');
  assert.deepEqual(d.rateLimits, [{ scope: 'add', requests: 60, windowSeconds: 60, burst: 10, per: 'key' }]);
  assert.deepEqual(d.batch, { min: 1, max: 400, default: 400 });
  const [pred] = e.predictResponse('smartlead', plan(e, [{ email: 'a@acme.io' }]));
  assert.deepEqual(pred.body, { ok: true, inserted_count: 1, duplicate_count: 0, blocked_count: 0 });
});
