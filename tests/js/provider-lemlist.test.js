'use strict';
// lemlist — POST /api/campaigns/{campaignId}/leads/ with one lead per request,
// Basic auth with the key as password, ?deduplicate=true (developer.lemlist.com;
// src/providers/lemlist.cpp). Extra keys are custom variables: scalars only, and
// none that collides with a lead field.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, codes, assertPlanInvariants } = require('./helpers');

const CAMPAIGN = 'cam_aa7uvyxECcni5KXBM';
const PATH = `/api/campaigns/${CAMPAIGN}/leads/`;
const HEADERS = { Authorization: 'Basic BASE64(:YOUR_API_KEY)', 'Content-Type': 'application/json' };

function plan(e, rows, options = {}, path = PATH) {
  const p = e.plan('lemlist', rows, { campaignId: CAMPAIGN, ...options });
  assertPlanInvariants(p, { provider: 'lemlist', path, headers: HEADERS, maxPerRequest: 1, campaignId: CAMPAIGN });
  return p;
}

test('one lead per request, the body is the lead; custom variables flat beside the fields', async () => {
  const e = await engine();
  const p = plan(e, [
    {
      email: 'Richard@PiedPiper.com',
      firstName: 'Richard',
      lastName: 'Hendricks',
      companyName: 'Piedpiper',
      icebreaker: 'Hi',
      phone: '(555) 555-1234',
      country: 'US',
      picture: 'https://piedpiper.com/r.jpg',
      linkedinUrl: 'https://www.linkedin.com/in/richard-hendricks/',
      companyDomain: 'PiedPiper.com',
      jobTitle: 'CEO',
      plan: 'pro',
      seats: 12,
      trial: false,
    },
    { linkedinUrl: 'linkedin.com/in/no-email' },
  ]);
  assert.deepEqual(
    p.rows.map((r) => [r.status, codes(r.errors)]),
    [
      ['ok', []],
      ['ok', []],
    ],
  );
  assert.equal(p.requests.length, 2);
  assert.deepEqual(p.requests[0].body, {
    email: 'richard@piedpiper.com',
    firstName: 'Richard',
    lastName: 'Hendricks',
    companyName: 'Piedpiper',
    icebreaker: 'Hi',
    phone: '+15555551234',
    picture: 'https://piedpiper.com/r.jpg',
    linkedinUrl: 'https://www.linkedin.com/in/richard-hendricks',
    companyDomain: 'piedpiper.com',
    jobTitle: 'CEO',
    plan: 'pro',
    seats: 12,
    trial: false,
  });
});

test('custom variables: arrays and objects are invalid_type; a key colliding with a lead field is invalid_value', async () => {
  const e = await engine();
  const p = plan(e, [
    { email: 'a@acme.io', tags: ['a', 'b'] },
    { email: 'b@acme.io', meta: { x: 1 } },
    { email: 'c@acme.io', 'First Name': 'C' },
    { email: 'd@acme.io', EMAIL: 'other@acme.io' },
    { email: 'e@acme.io', _id: 'lea_x' },
    { email: 'f@acme.io', campaign_id: 'cam_other' },
    { email: 'g@acme.io', favouriteColour: 'blue' },
  ]);
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [
      ['tags:invalid_type'],
      ['meta:invalid_type'],
      ['First Name:invalid_value'],
      ['EMAIL:invalid_value'],
      ['_id:invalid_value'],
      ['campaign_id:invalid_value'],
      [],
    ],
  );
});

test('identity: email or linkedinUrl; duplicates by either are not sent', async () => {
  const e = await engine();
  const p = plan(e, [
    { firstName: 'Nobody' },
    { email: 'a@acme.io' },
    { email: 'A@acme.io' },
    { linkedinUrl: 'https://www.linkedin.com/in/x' },
    { linkedinUrl: 'de.linkedin.com/in/x/' },
  ]);
  assert.deepEqual(
    p.rows.map((r) => r.status),
    ['invalid', 'ok', 'duplicate', 'ok', 'duplicate'],
  );
  assert.deepEqual(codes(p.rows[0].errors), ['null:missing_identity']);
});

test('deduplicate and the other query flags go in the path', async () => {
  const e = await engine();
  const p = plan(e, [{ email: 'a@acme.io' }], { deduplicate: true, verifyEmail: false }, `${PATH}?deduplicate=true&verifyEmail=false`);
  assert.equal(p.requests[0].path, `${PATH}?deduplicate=true&verifyEmail=false`);
  const [pred] = e.predictResponse('lemlist', p);
  assert.equal(pred.body.campaignId, CAMPAIGN, 'the campaign id is read from the path without its query');
  assert.throws(
    () => e.plan('lemlist', [], { campaignId: CAMPAIGN, deduplicate: 'true' }),
    (err) => err.option === 'deduplicate' && err.code === 'invalid_type',
  );
});

const req = { indexes: [4] };

test('readAnswer: the lead with its _id is added; "already" 4xx is a duplicate; other 4xx reject', async () => {
  const e = await engine();
  const a = e.readResponse('lemlist', req, 200, {}, '{"_id":"lea_1","campaignId":"cam_1","email":"a@acme.io"}');
  assert.deepEqual(a.rows, [{ index: 4, result: 'added', leadId: 'lea_1' }]);
  const d = e.readResponse('lemlist', req, 400, {}, 'Lead already in the campaign');
  assert.equal(d.outcome, 'accepted');
  assert.equal(d.rows[0].result, 'duplicate');
  assert.equal(d.rows[0].code, 'already_in_campaign');
  const bad = e.readResponse('lemlist', req, 400, {}, 'Invalid email');
  assert.equal(bad.outcome, 'failed');
  assert.equal(bad.rows[0].result, 'rejected');
  const auth = e.readResponse('lemlist', req, 401, {}, 'Unauthorized');
  assert.equal(auth.error.code, 'unauthorized');
  const none = e.readResponse('lemlist', req, 200, {}, '{"ok":true}');
  assert.equal(none.error.code, 'unexpected_body');
  const slow = e.readResponse('lemlist', req, 429, { 'Retry-After': '2' }, 'Too Many Requests');
  assert.equal(slow.outcome, 'retry');
  assert.equal(slow.retryAfterMs, 2000);
});

test('describeProvider: Basic auth placeholder, one lead a request, 20 per 2 seconds per key', async () => {
  const e = await engine();
  const d = e.describeProvider('lemlist');
  assert.deepEqual(d.headers, [{ name: 'Authorization', placeholder: 'Basic BASE64(:YOUR_API_KEY)' }]);
  assert.equal(d.body, 'lead');
  assert.deepEqual(d.rateLimits, [{ scope: 'add', requests: 20, windowSeconds: 2, burst: 20, per: 'key' }]);
  assert.equal(d.customFields, true);
  assert.equal(d.customFieldsIn, null);
});
