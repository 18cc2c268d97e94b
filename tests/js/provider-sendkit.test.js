'use strict';
// SendKit — POST /v1/campaigns/{id}/leads with X-Api-Key and Bearer headers
// (seeds/003_d6f661b5d969e4dd.txt). Three modes: explicit leads (1..5000,
// each with leadId or email), filters, or selectAll + excludeIds. Duplicates
// are skipped; new leads are pending, or active once the campaign is active.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, codes, assertPlanInvariants, hex24 } = require('./helpers');

const CAMPAIGN = 'example_string';
const PATH = `/v1/campaigns/${CAMPAIGN}/leads`;
const HEADERS = { 'X-Api-Key': 'YOUR_API_KEY', Authorization: 'Bearer YOUR_API_TOKEN', 'Content-Type': 'application/json' };

function plan(e, rows, options = {}) {
  const p = e.plan('sendkit', rows, { campaignId: CAMPAIGN, ...options });
  assertPlanInvariants(p, { provider: 'sendkit', path: PATH, headers: HEADERS, maxPerRequest: options.batchSize || 5000 });
  return p;
}

test("the page's example: leadId or email leads in one {leads} request with both auth headers", async () => {
  const e = await engine();
  const leads = [
    { email: 'john@acme.com', firstName: 'John', lastName: 'Doe', companyName: 'Acme Corp' },
    { email: 'jane@example.com', firstName: 'Jane' },
    { leadId: '665d4e5f6a7b8c9d0e1f2a3b' },
  ];
  const p = plan(e, leads);
  assert.deepEqual(p.requests, [{ method: 'POST', path: PATH, headers: HEADERS, body: { leads }, bodyText: JSON.stringify({ leads }), indexes: [0, 1, 2] }]);
  assert.deepEqual(e.predictResponse('sendkit', p), [{ status: 200, body: { success: true, data: { added: 3, skipped: 0, errors: [] } } }]);
});

test('identity: leadId (24 hex, sent lower-case) or email; neither is missing_identity', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      { firstName: 'Nobody' },
      { leadId: '665D4E5F6A7B8C9D0E1F2A3B' },
      { leadId: ' 665d4e5f6a7b8c9d0e1f2a3c ' }, // padding (a CSV cell) does not count toward the limit
      { leadId: '665d4e5f6a7b8c9d0e1f2a3' }, // 23 digits
      { leadId: '665d4e5f-6a7b-8c9d-0e1f-2a3b' },
      { leadId: '3f1c2d4e-0000-4000-8000-00000000000a' }, // a uuid is not a SendKit id
      { email: 'invalid@' },
      { email: 'Jane@Example.com ' },
    ],
    { strict: true },
  ); // strict: a bad leadId beside nothing else is an error anyway; keep the table exact
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [
      ['null:missing_identity'],
      [],
      [],
      ['leadId:invalid_value'],
      ['leadId:invalid_value'], // the form first, then the length (issue 7)
      ['leadId:invalid_value'], // a uuid is not a SendKit id
      ['email:invalid_email'],
      [],
    ],
  );
  assert.deepEqual(p.rows[1].lead, { leadId: '665d4e5f6a7b8c9d0e1f2a3b' });
  assert.deepEqual(p.rows[2].lead, { leadId: '665d4e5f6a7b8c9d0e1f2a3c' });
  assert.deepEqual(p.rows[7].lead, { email: 'jane@example.com' });
});

test('fields: the example names only; others are warned (unknown_field) and not sent', async () => {
  const e = await engine();
  const p = plan(e, [{ email: 'a@acme.com', firstName: 'A', lastName: 'B', companyName: 'C', tags: ['vip'], phone: '+33698765432', country: 'FR' }]);
  assert.equal(p.rows[0].status, 'ok');
  assert.deepEqual(p.rows[0].lead, { email: 'a@acme.com', firstName: 'A', lastName: 'B', companyName: 'C' });
  assert.deepEqual(codes(p.rows[0].warnings), ['tags:unknown_field', 'phone:unknown_field']);
  const bad = plan(e, [
    { email: 'a@acme.com', firstName: ['A'] },
    { email: 'b@acme.com', country: 'Narnia' },
  ]);
  assert.deepEqual(
    bad.rows.map((r) => codes(r.errors)),
    [['firstName:invalid_type'], []],
  );
  assert.deepEqual(codes(bad.rows[1].warnings), ['country:invalid_country'], 'an unknown country is a warning, the row stays ok');
});

test('dedup: leadId, then email; within the batch and against existing leads', async () => {
  const e = await engine();
  const id = '665d4e5f6a7b8c9d0e1f2a3b';
  const p = plan(
    e,
    [
      { leadId: id.toUpperCase() }, // 0
      { leadId: id, email: 'jane@example.com' }, // 1: dup of 0 by leadId; email joins 0's cluster
      { email: 'JANE@example.com' }, // 2: dup of 0 by email
      { email: 'john@acme.com' }, // 3
      { email: 'john@acme.com', leadId: hex24(77) }, // 4: dup of 3 by email (leadId new)
      { leadId: hex24(77) }, // 5: dup of 3 by leadId
      { leadId: hex24(99) }, // 6: existing
      { email: 'old@acme.com' }, // 7: existing
    ],
    { existing: [{ leadId: hex24(99).toUpperCase() }, { email: 'Old@Acme.com' }] },
  );
  assert.deepEqual(
    p.rows.map((r) => [r.status, r.duplicateOf, r.matchedOn]),
    [
      ['ok', null, null],
      ['duplicate', 0, 'leadId'],
      ['duplicate', 0, 'email'],
      ['ok', null, null],
      ['duplicate', 3, 'email'],
      ['duplicate', 3, 'leadId'],
      ['duplicate', 'existing', 'leadId'],
      ['duplicate', 'existing', 'email'],
    ],
  );
  assert.deepEqual(
    p.requests.map((r) => r.indexes),
    [[0, 3]],
  );
});

test('batches: 5000 leads a call at most', async () => {
  const e = await engine();
  const rows = [];
  for (let i = 0; i < 5001; i++) rows.push({ email: `p${i}@acme.com` });
  assert.deepEqual(
    plan(e, rows).requests.map((r) => r.indexes.length),
    [5000, 1],
  );
  assert.deepEqual(
    plan(e, rows.slice(0, 10), { batchSize: 4 }).requests.map((r) => r.indexes.length),
    [4, 4, 2],
  );
  assert.throws(
    () => e.plan('sendkit', rows, { campaignId: CAMPAIGN, batchSize: 5001 }),
    (x) => x.code === 'invalid_value' && x.option === 'batchSize',
  );
  const answers = e.predictResponse('sendkit', plan(e, rows.slice(0, 10), { batchSize: 4 }));
  assert.deepEqual(
    answers.map((a) => a.body.data.added),
    [4, 4, 2],
  );
});

test('mode 2, filters: a request with the filters as given; bad filters are listed', async () => {
  const e = await engine();
  const filters = { tags: ['vip', 'q3'], search: 'acme', verificationStatus: 'valid', country: 'FR', leadIds: [hex24(1)] };
  assert.deepEqual(e.sendkitFilterRequest(CAMPAIGN, filters), {
    ok: true,
    request: { method: 'POST', path: PATH, headers: HEADERS, body: { filters }, indexes: [] },
  });
  const empty = e.sendkitFilterRequest(CAMPAIGN, {});
  assert.deepEqual([empty.ok, codes(empty.errors)], [false, ['filters:missing_field']]);
  const bad = e.sendkitFilterRequest(CAMPAIGN, {
    tags: ['ok', ''],
    search: '',
    verificationStatus: 5,
    country: 'Narnia',
    leadIds: [hex24(1), 'nope'],
    owner: 'me',
  });
  assert.equal(bad.ok, false);
  assert.deepEqual(codes(bad.errors).sort(), [
    'filters.country:invalid_value',
    'filters.leadIds:invalid_value',
    'filters.owner:invalid_value',
    'filters.search:invalid_type',
    'filters.tags:invalid_type',
    'filters.verificationStatus:invalid_type',
  ]);
  const long = e.sendkitFilterRequest(CAMPAIGN, { search: 'x'.repeat(501) });
  assert.deepEqual(codes(long.errors), ['filters.search:too_long']);
  assert.deepEqual(codes(e.sendkitFilterRequest(CAMPAIGN, { leadIds: 'x' }).errors), ['filters.leadIds:invalid_type']);
});

test('mode 3, select all: {selectAll: true} plus excludeIds when given', async () => {
  const e = await engine();
  assert.deepEqual(e.sendkitSelectAllRequest(CAMPAIGN), {
    ok: true,
    request: { method: 'POST', path: PATH, headers: HEADERS, body: { selectAll: true }, indexes: [] },
  });
  assert.deepEqual(e.sendkitSelectAllRequest(CAMPAIGN, []).request.body, { selectAll: true });
  assert.deepEqual(e.sendkitSelectAllRequest(CAMPAIGN, [hex24(1), hex24(2)]).request.body, {
    selectAll: true,
    excludeIds: [hex24(1), hex24(2)],
  });
  const bad = e.sendkitSelectAllRequest(CAMPAIGN, [hex24(1), 42]);
  assert.deepEqual([bad.ok, codes(bad.errors)], [false, ['excludeIds:invalid_value']]);
});

test('roster: pending before launch, active after; the roster stays open once launched', async () => {
  const e = await engine();
  const r = e.createRoster('sendkit', { existing: [{ email: 'seed@acme.com' }] });
  try {
    assert.equal(r.size(), 1);
    const added = r.add([{ email: 'a@acme.com' }, { email: 'A@acme.com' }, { leadId: hex24(5) }, { firstName: 'x' }, { email: 'SEED@acme.com' }]);
    assert.deepEqual(
      added.map((x) => [x.index, x.status, x.duplicateOf, x.matchedOn]),
      [
        [0, 'ok', null, null],
        [1, 'duplicate', 0, 'email'],
        [2, 'ok', null, null],
        [3, 'invalid', null, null],
        [4, 'duplicate', 'existing', 'email'],
      ],
    );
    const seedId = r.list().leads[0].id;
    assert.equal(added[4].existingId, seedId);
    assert.ok(added[0].id && added[2].id && added[0].id !== added[2].id);
    assert.equal(added[1].id, undefined);
    assert.equal(r.size(), 3);
    assert.deepEqual(
      r.list().leads.map((l) => l.status),
      ['pending', 'pending', 'pending'],
    );

    assert.deepEqual(r.launch(), { ok: true, state: 'launched' });
    assert.deepEqual(
      r.list().leads.map((l) => l.status),
      ['active', 'active', 'active'],
    );
    const later = r.add([{ email: 'b@acme.com' }, { email: 'a@acme.com' }]);
    assert.deepEqual(
      later.map((x) => [x.status, x.duplicateOf, x.existingId]),
      [
        ['ok', null, undefined],
        ['duplicate', 'existing', added[0].id],
      ],
    );
    assert.equal(r.list({ status: 'active' }).total, 4);
    assert.equal(r.list({ status: 'pending' }).total, 0);

    const patched = r.patch(added[0].id, { firstName: 'Ann', email: 'ann@acme.com' });
    assert.deepEqual(patched, { ok: true, id: added[0].id, lead: { email: 'ann@acme.com', firstName: 'Ann' }, warnings: [] });
    // the old email is free again, the new one is taken
    assert.equal(r.add([{ email: 'a@acme.com' }])[0].status, 'ok');
    const clash = r.patch(added[2].id, { email: 'ann@acme.com' });
    assert.deepEqual([clash.ok, clash.code], [false, 'invalid_value']);
    const invalid = r.patch(added[2].id, { leadId: 'nope' });
    assert.deepEqual([invalid.ok, invalid.code, codes(invalid.errors)], [false, 'invalid_value', ['leadId:invalid_value']]);
    assert.deepEqual(r.remove({ ids: [added[2].id, 'missing-id'] }), { ok: true, removed: 1, notFound: ['missing-id'] });
    assert.equal(r.size(), 4);
  } finally {
    r.delete();
  }
});
