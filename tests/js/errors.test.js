'use strict';
// The JS error rule (README "Errors", npm/lib/errors.mjs): a bad argument throws
// a TypeError (wrong type) or RangeError (out of range, unknown provider,
// unknown option) with a stable `.code` and `.option` (the option to blame, or
// null); the message names the argument. Bad data never throws.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, UUID_A } = require('./helpers.js');

const ok = { campaignId: 'c1' };

test('bad arguments throw TypeError/RangeError with code and option', async () => {
  const e = await engine();
  // [call, class, code, option, message pattern]
  const cases = [
    [() => e.plan('mailchimp', [], ok), RangeError, 'unknown_provider', null, /provider/],
    [() => e.plan(42, [], ok), TypeError, 'invalid_type', null, /provider/],
    [() => e.plan('sendkit', 'rows', ok), TypeError, 'invalid_type', null, /rows/],
    [() => e.plan('sendkit', [], 'c1'), TypeError, 'invalid_type', null, /options/],
    [() => e.plan('sendkit', []), TypeError, 'missing_field', 'campaignId', /options\.campaignId/],
    [() => e.plan('sendkit', [], { campaignId: 5 }), TypeError, 'invalid_type', 'campaignId', /options\.campaignId/],
    [() => e.plan('reached', [], ok), RangeError, 'invalid_value', 'campaignId', /options\.campaignId.*uuid/],
    [() => e.plan('sendpilot', [], { ...ok, batchSize: 101 }), RangeError, 'invalid_value', 'batchSize', /options\.batchSize/],
    [() => e.plan('sendpilot', [], { ...ok, batchSize: '5' }), TypeError, 'invalid_type', 'batchSize', /options\.batchSize/],
    [() => e.plan('sendkit', [], { ...ok, maxBodyBytes: 10 }), RangeError, 'invalid_value', 'maxBodyBytes', /maxBodyBytes/],
    [() => e.plan('sendkit', [], { ...ok, defaultCountry: 'ZZ' }), RangeError, 'invalid_value', 'defaultCountry', /defaultCountry/],
    [() => e.plan('puffle', [], { campaignId: UUID_A, channel: 'sms' }), RangeError, 'invalid_value', 'channel', /channel/],
    [() => e.plan('puffle', [], { campaignId: UUID_A, channel: 1 }), TypeError, 'invalid_type', 'channel', /channel/],
    [() => e.plan('sendkit', [], { ...ok, existing: {} }), TypeError, 'invalid_type', 'existing', /existing/],
    [() => e.plan('sendkit', [], { ...ok, bogusOption: 1 }), RangeError, 'unknown_option', 'bogusOption', /bogusOption/],
    [() => e.plan('sendkit', [], { ...ok, bogusOption: null }), RangeError, 'unknown_option', 'bogusOption', /bogusOption/],
    [() => e.createRoster('puffle', { chanel: 'email' }), RangeError, 'unknown_option', 'chanel', /chanel/],
    [() => e.validateLead('sendkit', {}, { batchsize: 5 }), RangeError, 'unknown_option', 'batchsize', /batchsize/],
    [() => e.createRoster('puffle').list({ limit: 500 }), RangeError, 'invalid_value', 'limit', /limit/],
    [() => e.createRoster('puffle').list({ status: 5 }), TypeError, 'invalid_type', 'status', /status/],
    [() => e.predictResponse('sendkit', { requests: [{ path: '/x' }] }), TypeError, 'invalid_type', null, /plan\.requests\[0\]/],
    [() => e.sendkitFilterRequest('c', ['a']), TypeError, 'invalid_type', null, /filters/],
  ];
  cases.forEach(([fn, Kind, code, option, re], i) => {
    let err = null;
    try {
      fn();
    } catch (x) {
      err = x;
    }
    assert.ok(err, `case ${i} (${re}) did not throw`);
    assert.ok(err instanceof Kind, `case ${i}: ${err.name} is not a ${Kind.name}: ${err.message}`);
    assert.equal(err.code, code, `case ${i}: code`);
    assert.equal(err.option, option, `case ${i}: option`);
    assert.match(err.message, re, `case ${i}: message`);
  });
});

test('a finished or deleted planner throws a plain Error with code invalid_state', async () => {
  const e = await engine();
  const p = e.createPlanner('sendkit', ok);
  p.finish();
  let err = null;
  try {
    p.push([{ email: 'a@acme.com' }]);
  } catch (x) {
    err = x;
  }
  assert.ok(err && err.constructor === Error, 'a plain Error');
  assert.equal(err.code, 'invalid_state');
  assert.equal(err.option, null);
  assert.match(err.message, /finished/);
  p.delete();
  assert.throws(
    () => p.push([]),
    (x) => x.code === 'invalid_state' && /deleted/.test(x.message),
  );
});

test('known options (every documented one) are accepted; bad data does not throw', async () => {
  const e = await engine();
  const all = {
    campaignId: 'c1',
    defaultCountry: 'FR',
    batchSize: 10,
    maxBodyBytes: 100000,
    template: 'Hi {{first_name}}',
    foldGmail: true,
    existing: [{ email: 'x@acme.com' }],
  };
  const p = e.plan('sendkit', [{ email: 'not an email' }, 42, { email: 'x@acme.com' }], all);
  assert.deepEqual(
    p.rows.map((r) => r.status),
    ['invalid', 'invalid', 'duplicate'],
  );
  // A row's message is plain words: the field is in `field`, not a "field: " prefix.
  assert.equal(p.rows[0].errors[0].field, 'email');
  assert.ok(!p.rows[0].errors[0].message.startsWith('email: '), p.rows[0].errors[0].message);
});
