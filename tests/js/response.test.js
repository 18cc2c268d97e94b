'use strict';
// engine.readResponse through the package: each provider's documented answers
// (the C++ suite, tests/cpp/response_test.cpp, covers every case; these check
// the binding: headers as a fetch Headers / object / pairs, bodies as text).
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('../../npm');

let engine;
test.before(async () => {
  engine = await load();
});

const results = (a) => a.rows.map((r) => r.result).join(',');

test('sendpilot: the page body settles every row; the 400 body is failed', () => {
  const req = { indexes: [0, 1], body: { campaignId: 'c', leads: [{}, {}] } };
  const a = engine.readResponse('sendpilot', req, 200, {}, '{"success":true,"leadsAdded":2,"duplicatesSkipped":0,"invalidEntries":0}');
  assert.deepEqual([a.outcome, results(a), a.retryAfterMs], ['accepted', 'added,added', null]);
  const b = engine.readResponse('sendpilot', req, 400, {}, '{"statusCode":400,"message":"Validation failed","error":"Bad Request"}');
  assert.equal(b.outcome, 'failed');
  assert.match(b.error.message, /Validation failed/);
  assert.equal(results(b), 'rejected,rejected');
});

test('reached: per-entry results; rate limit with a fetch Headers object', () => {
  const a = engine.readResponse(
    'reached',
    { indexes: [5, 6] },
    200,
    null,
    '{"data":{"campaign_id":"c","results":[{"lead_id":"a","status":"added"},{"lead_id":"b","status":"already_in_campaign"}]}}',
  );
  assert.deepEqual(a.rows, [
    { index: 5, result: 'added', leadId: 'a' },
    { index: 6, result: 'duplicate', leadId: 'b' },
  ]);
  const h = new Headers({ 'Retry-After': '3', 'X-RateLimit-Remaining': '0' });
  const r = engine.readResponse('reached', { indexes: [0] }, 429, h, '{"error":{"code":"rate_limited","message":"slow down"}}');
  assert.deepEqual([r.outcome, r.retryAfterMs, r.error.code], ['retry', 3000, 'rate_limited']);
});

test('sendkit: errors[].entry names the row; VALIDATION_ERROR', () => {
  const req = { indexes: [0, 1], bodyText: '{"leads":[{"email":"a@b.co"},{"email":"invalid@"}]}' };
  const a = engine.readResponse(
    'sendkit',
    req,
    200,
    [['x', 'y']],
    '{"success":true,"data":{"added":1,"skipped":0,"errors":[{"entry":{"email":"invalid@"},"message":"Either leadId or email is required"}]}}',
  );
  assert.deepEqual(a.rows, [
    { index: 0, result: 'added' },
    { index: 1, result: 'rejected', code: 'invalid_entry', message: 'Either leadId or email is required' },
  ]);
  const v = engine.readResponse(
    'sendkit',
    req,
    400,
    {},
    '{"success":false,"error":{"code":"VALIDATION_ERROR","message":"Provide leads array, filters, or selectAll: true"}}',
  );
  assert.equal(v.error.code, 'VALIDATION_ERROR');
});

test('magnetite: 201 added, 409 duplicate (never retried), RATE_LIMIT_EXCEEDED with retryAfter', () => {
  const req = { indexes: [9] };
  assert.equal(results(engine.readResponse('magnetite', req, 201, {}, '{"success":true,"prospectId":"p","status":"queued","message":"m"}')), 'added');
  const d = engine.readResponse('magnetite', req, 409, {}, '{"success":false,"error":{"code":"DUPLICATE_LEAD","message":"exists"}}');
  assert.deepEqual([d.outcome, results(d)], ['accepted', 'duplicate']);
  const r = engine.readResponse('magnetite', req, 429, {}, '{"success":false,"error":{"code":"RATE_LIMIT_EXCEEDED","message":"x"},"retryAfter":12}');
  assert.deepEqual([r.outcome, r.retryAfterMs], ['retry', 12000]);
  const date = new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString();
  const h = engine.readResponse('magnetite', req, 503, { 'retry-after': date }, '', { now: Date.UTC(2030, 0, 1) });
  assert.equal(h.retryAfterMs, 30000);
});

test('puffle: imported/duplicates counts; the 400 naming an index', () => {
  assert.equal(results(engine.readResponse('puffle', { indexes: [0, 1] }, 200, {}, '{"imported":0,"duplicates":2}')), 'duplicate,duplicate');
  const b = engine.readResponse('puffle', { indexes: [0, 1] }, 400, {}, '{"error":"leads[0]: email is required","index":0}');
  assert.deepEqual(
    b.rows.map((r) => r.code),
    ['missing_identity', 'batch_rejected'],
  );
});

test('malformed answers never throw; bad arguments do', () => {
  for (const p of engine.providers()) {
    const a = engine.readResponse(p, { indexes: [0] }, 200, {}, '<html>');
    assert.deepEqual([a.outcome, a.error.code, results(a)], ['accepted', 'unexpected_body', 'unknown']);
  }
  assert.throws(
    () => engine.readResponse('nope', { indexes: [] }, 200, {}, ''),
    (x) => x.code === 'unknown_provider',
  );
  assert.throws(
    () => engine.readResponse('puffle', {}, 200, {}, ''),
    (x) => x instanceof TypeError && x.code === 'invalid_type',
  );
  assert.throws(
    () => engine.readResponse('puffle', { indexes: [] }, 1000, {}, ''),
    (x) => x.code === 'invalid_value',
  );
});
