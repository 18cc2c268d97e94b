'use strict';
// Puffle — GET/POST/PATCH/DELETE /api/campaigns/:id/leads on a draft campaign
// (seeds/004_5fc62649d8fffda0.txt). The identity is the campaign channel's:
// email (email campaigns) or linkedin_url (LinkedIn campaigns); the other one is
// captured when valid, and left out with a warning when not. Dedup on the
// channel's identity, then the other. POST 1..1000 leads, DELETE up to 500 ids
// or {all: true}, GET limit 1..200. Once launched the roster is frozen.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, codes, assertPlanInvariants, UUID_B } = require('./helpers');

const PATH = `/api/campaigns/${UUID_B}/leads`;
const HEADERS = { Authorization: 'Bearer YOUR_API_KEY', 'Content-Type': 'application/json' };
const li = (slug) => `https://www.linkedin.com/in/${slug}`;

function plan(e, rows, options = {}) {
  const p = e.plan('puffle', rows, { campaignId: UUID_B, ...options });
  assertPlanInvariants(p, { provider: 'puffle', path: PATH, headers: HEADERS, maxPerRequest: options.batchSize || 1000 });
  return p;
}

test('email campaign: email is the identity; a bad linkedin_url is left out with the normalizer code as a warning', async () => {
  const e = await engine();
  const p = plan(e, [
    { email: 'Mary@Soylent.FR', linkedin_url: 'de.linkedin.com/in/Mary-Leroy/?trk=abc' },
    { linkedin_url: li('no-email') },
    { email: 'mary@@soylent.fr', linkedin_url: li('x') },
    { email: 'bob@soylent.fr', linkedin_url: 'https://example.com/in/bob' },
    { email: 'ann@soylent.fr', linkedin_url: li('imported-123456') },
    { email: 'joe@soylent.fr', linkedin_url: 42 },
  ]);
  assert.deepEqual(
    p.rows.map((r) => [r.status, codes(r.errors), codes(r.warnings)]),
    [
      ['ok', [], []],
      ['invalid', ['null:missing_identity'], []],
      ['invalid', ['email:invalid_email'], []],
      ['ok', [], ['linkedin_url:invalid_linkedin_url']],
      ['ok', [], ['linkedin_url:invalid_linkedin_url']],
      ['ok', [], ['linkedin_url:invalid_type']],
    ],
  );
  assert.deepEqual(p.rows[0].lead, { email: 'mary@soylent.fr', linkedin_url: li('mary-leroy') });
  assert.deepEqual(p.rows[3].lead, { email: 'bob@soylent.fr' });
  assert.deepEqual(p.rows[4].lead, { email: 'ann@soylent.fr' });
  assert.match(p.rows[1].errors[0].message, /email/);
  assert.deepEqual(
    p.requests.map((r) => r.body),
    [{ leads: [p.rows[0].lead, p.rows[3].lead, p.rows[4].lead, p.rows[5].lead] }],
  );
});

test('LinkedIn campaign: linkedin_url is the identity; imported- placeholders are invalid; a bad email is left out', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      { linkedin_url: 'https://www.linkedin.com/in/mary-leroy/', email: 'MARY@soylent.fr' },
      { email: 'only@soylent.fr' },
      { linkedin_url: li('imported-42'), email: 'x@soylent.fr' },
      { linkedin_url: li('bob'), email: 'bob@' },
      { linkedin_url: 'https://www.linkedin.com/company/soylent' },
    ],
    { channel: 'linkedin' },
  );
  assert.deepEqual(
    p.rows.map((r) => [r.status, codes(r.errors), codes(r.warnings)]),
    [
      ['ok', [], []],
      ['invalid', ['null:missing_identity'], []],
      ['invalid', ['linkedin_url:invalid_linkedin_url'], []],
      ['ok', [], ['email:invalid_email']],
      ['invalid', ['linkedin_url:invalid_linkedin_url'], []],
    ],
  );
  assert.deepEqual(p.rows[0].lead, { linkedin_url: li('mary-leroy'), email: 'mary@soylent.fr' });
  assert.deepEqual(p.rows[3].lead, { linkedin_url: li('bob') });
  assert.match(p.rows[1].errors[0].message, /linkedin_url/);
});

test('dedup: the channel identity first, then the other one; within the batch and against existing leads', async () => {
  const e = await engine();
  const rows = [
    { email: 'a@x.com', linkedin_url: li('a') }, // 0
    { email: 'A@X.com', linkedin_url: li('other') }, // 1
    { email: 'b@x.com', linkedin_url: li('a/') }, // 2
    { email: 'taken@x.com' }, // 3
    { email: 'c@x.com', linkedin_url: 'linkedin.com/in/Seen?trk=1' }, // 4
  ];
  const existing = [{ email: 'Taken@X.com' }, { email: 'z@x.com', linkedin_url: li('seen') }];
  const byEmail = plan(e, rows, { existing });
  assert.deepEqual(
    byEmail.rows.map((r) => [r.status, r.duplicateOf, r.matchedOn]),
    [
      ['ok', null, null],
      ['duplicate', 0, 'email'],
      ['duplicate', 0, 'linkedin_url'],
      ['duplicate', 'existing', 'email'],
      ['duplicate', 'existing', 'linkedin_url'],
    ],
  );
  const byLinkedIn = plan(
    e,
    rows.filter((r) => r.linkedin_url),
    { channel: 'linkedin', existing },
  );
  assert.deepEqual(
    byLinkedIn.rows.map((r) => [r.status, r.duplicateOf, r.matchedOn]),
    [
      ['ok', null, null],
      ['duplicate', 0, 'email'], // li('other') is new, the email is not
      ['duplicate', 0, 'linkedin_url'],
      ['duplicate', 'existing', 'linkedin_url'],
    ],
  );
  // the conformance case
  const conf = plan(e, [{ email: 'Taken@Contoso.com' }, { email: 'new@contoso.com', custom_fields: { industry: 'SaaS' } }], {
    channel: 'email',
    existing: [{ email: 'taken@contoso.com' }],
  });
  assert.deepEqual(
    conf.rows.map((r) => [r.status, r.duplicateOf]),
    [
      ['duplicate', 'existing'],
      ['ok', null],
    ],
  );
  assert.deepEqual(
    conf.requests.map((r) => r.indexes),
    [[1]],
  );
});

test('columns: built-ins and custom_fields (free JSON) are sent; other keys are warned and left out', async () => {
  const e = await engine();
  const custom = { industry: 'SaaS', deal: { size: 12000, currency: 'EUR' }, tags: ['a'] };
  const p = plan(e, [
    {
      email: 'a@x.com',
      first_name: 'Ann',
      last_name: 'Lee',
      company_name: 'Soylent',
      title: 'CEO',
      phone: '+33698765432',
      custom_fields: custom,
      favourite: 'x',
    },
    { email: 'b@x.com', custom_fields: 'SaaS' },
    { email: 'c@x.com', phone: '06 98 76 54 32', country: 'FR' },
    { email: 'd@x.com', phone: 'not a phone' },
  ]);
  assert.deepEqual(p.rows[0].lead, {
    email: 'a@x.com',
    first_name: 'Ann',
    last_name: 'Lee',
    company_name: 'Soylent',
    title: 'CEO',
    phone: '+33698765432',
    custom_fields: custom,
  });
  assert.deepEqual(codes(p.rows[0].warnings), ['favourite:unknown_field']);
  assert.deepEqual(codes(p.rows[1].errors), ['custom_fields:invalid_type']);
  assert.deepEqual(p.rows[2].lead, { email: 'c@x.com', phone: '+33698765432' });
  assert.deepEqual(codes(p.rows[3].warnings), ['phone:invalid_phone']); // optional: left out (issue 7)
  assert.deepEqual(p.rows[3].lead, { email: 'd@x.com' });
});

test('template: %column% and %custom_fields.<key>%; a missing one is a warning', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      { email: 'a@x.com', first_name: 'Ann', custom_fields: { industry: 'SaaS' } },
      { email: 'b@x.com', custom_fields: {} },
    ],
    {
      template: 'Get 30% more %first_name%! How is %custom_fields.industry%? 100% sure. %%',
    },
  );
  assert.deepEqual(
    p.rows.map((r) => codes(r.warnings)),
    [[], ['first_name:template_variable_missing', 'custom_fields.industry:template_variable_missing']],
  );
});

test('batches: {leads} of 1..1000; the campaign id must be a uuid', async () => {
  const e = await engine();
  const rows = [];
  for (let i = 0; i < 1001; i++) rows.push({ email: `p${i}@x.com` });
  const p = plan(e, rows);
  assert.deepEqual(
    p.requests.map((r) => r.indexes.length),
    [1000, 1],
  );
  assert.deepEqual(Object.keys(p.requests[0].body), ['leads']);
  assert.throws(
    () => e.plan('puffle', rows, { campaignId: UUID_B, batchSize: 1001 }),
    (x) => x.code === 'invalid_value' && x.option === 'batchSize',
  );
  assert.throws(
    () => e.plan('puffle', rows, { campaignId: 'camp-1' }),
    (x) => x.code === 'invalid_value' && x.option === 'campaignId',
  );
  assert.deepEqual(e.predictResponse('puffle', p), [
    { status: 200, body: { imported: 1000, duplicates: 0 } },
    { status: 200, body: { imported: 1, duplicates: 0 } },
  ]);
});

test('validateLead follows the channel', async () => {
  const e = await engine();
  const lead = { email: 'x@y.com' };
  assert.deepEqual(e.validateLead('puffle', lead), { ok: true, lead, errors: [], warnings: [] });
  const v = e.validateLead('puffle', lead, { channel: 'linkedin' });
  assert.deepEqual([v.ok, codes(v.errors)], [false, ['null:missing_identity']]);
  const w = e.validateLead('puffle', { linkedin_url: li('a'), email: 'bad' }, { channel: 'linkedin' });
  assert.deepEqual([w.ok, codes(w.warnings), w.lead], [true, ['email:invalid_email'], { linkedin_url: li('a') }]);
});

test('roster: add dedups within the call and against the roster; list pages with total', async () => {
  const e = await engine();
  const r = e.createRoster('puffle', { channel: 'email' });
  try {
    const first = r.add([{ email: 'a@x.com' }, { email: 'b@x.com' }, { email: 'A@x.com' }, { linkedin_url: li('c') }]);
    assert.deepEqual(
      first.map((x) => [x.index, x.status, x.duplicateOf]),
      [
        [0, 'ok', null],
        [1, 'ok', null],
        [2, 'duplicate', 0],
        [3, 'invalid', null],
      ],
    );
    const second = r.add([{ email: 'c@x.com' }, { email: 'b@x.com' }]);
    assert.deepEqual(
      second.map((x) => [x.index, x.status, x.duplicateOf, x.existingId]),
      [
        [0, 'ok', null, undefined],
        [1, 'duplicate', 'existing', first[1].id],
      ],
    );
    assert.equal(r.size(), 3);

    const all = r.list();
    assert.deepEqual(
      all.leads.map((l) => [l.id, l.status, l.lead.email]),
      [
        [first[0].id, 'pending', 'a@x.com'],
        [first[1].id, 'pending', 'b@x.com'],
        [second[0].id, 'pending', 'c@x.com'],
      ],
    );
    assert.deepEqual([all.total, all.page, all.limit], [3, 1, 50]);
    const page2 = r.list({ page: 2, limit: 2 });
    assert.deepEqual([page2.leads.map((l) => l.lead.email), page2.total, page2.page, page2.limit], [['c@x.com'], 3, 2, 2]);
    assert.deepEqual(r.list({ page: 3, limit: 2 }).leads, []);
    assert.equal(r.list({ status: 'replied' }).total, 0);
    assert.equal(r.list({ status: 'pending', limit: 200 }).total, 3);
    assert.throws(
      () => r.list({ limit: 201 }),
      (x) => x.code === 'invalid_value' && x.option === 'limit',
    );
    assert.throws(
      () => r.list({ limit: 0 }),
      (x) => x.code === 'invalid_value' && x.option === 'limit',
    );
    assert.throws(
      () => r.list({ page: 0 }),
      (x) => x.code === 'invalid_value' && x.option === 'page',
    );
  } finally {
    r.delete();
  }
});

test('roster: patch re-validates and keeps identities unique; remove by ids (<= 500) or all', async () => {
  const e = await engine();
  const r = e.createRoster('puffle', { channel: 'email' });
  try {
    const [a, b] = r.add([
      { email: 'a@x.com', first_name: 'Ann' },
      { email: 'b@x.com', linkedin_url: li('b') },
    ]);
    assert.deepEqual(r.patch(a.id, { first_name: 'Anna', custom_fields: { tier: 1 } }), {
      ok: true,
      id: a.id,
      lead: { email: 'a@x.com', first_name: 'Anna', custom_fields: { tier: 1 } },
      warnings: [],
    });
    assert.deepEqual(r.patch(a.id, { first_name: null }).lead, { email: 'a@x.com', custom_fields: { tier: 1 } }, 'null removes a key');
    const noIdentity = r.patch(a.id, { email: null });
    assert.deepEqual([noIdentity.ok, noIdentity.code, codes(noIdentity.errors)], [false, 'missing_identity', ['null:missing_identity']]);
    const badEmail = r.patch(a.id, { email: 'nope' });
    assert.deepEqual([badEmail.ok, badEmail.code], [false, 'invalid_email']);
    const clashEmail = r.patch(a.id, { email: 'B@x.com' });
    assert.deepEqual([clashEmail.ok, clashEmail.code], [false, 'invalid_value']);
    const clashLi = r.patch(a.id, { linkedin_url: 'linkedin.com/in/b/' });
    assert.deepEqual([clashLi.ok, clashLi.code], [false, 'invalid_value']);
    const warned = r.patch(a.id, { linkedin_url: li('imported-1') });
    assert.deepEqual([warned.ok, codes(warned.warnings)], [true, ['linkedin_url:invalid_linkedin_url']]);
    const unknown = r.patch('00000000-0000-4000-8000-00000000ffff', { first_name: 'x' });
    assert.deepEqual([unknown.ok, unknown.code], [false, 'invalid_value']);
    assert.equal(r.list().leads[0].lead.email, 'a@x.com', 'a refused patch changes nothing');

    const tooMany = r.remove({ ids: Array.from({ length: 501 }, (_, i) => `id-${i}`) });
    assert.deepEqual([tooMany.ok, tooMany.code], [false, 'invalid_value']);
    const none = r.remove({ ids: [] });
    assert.deepEqual([none.ok, none.code], [false, 'invalid_value']);
    const notStrings = r.remove({ ids: [1] });
    assert.deepEqual([notStrings.ok, notStrings.code], [false, 'invalid_type']);
    assert.deepEqual(r.remove({ ids: [b.id, 'nope'] }), { ok: true, removed: 1, notFound: ['nope'] });
    assert.equal(r.add([{ email: 'b@x.com' }])[0].status, 'ok', 'a removed lead frees its identities');
    assert.deepEqual(r.remove({ all: true }), { ok: true, removed: 2, notFound: [] });
    assert.equal(r.size(), 0);
    assert.equal(r.list().total, 0);
  } finally {
    r.delete();
  }
});

test('roster: ids are never reused, even after remove({ all: true })', async () => {
  const e = await engine();
  const r = e.createRoster('puffle');
  try {
    const [a] = r.add([{ email: 'a@x.com' }]);
    r.remove({ all: true });
    const [b] = r.add([{ email: 'b@x.com' }]);
    assert.notEqual(b.id, a.id, 'a new lead must not take the id of a removed one');
    const stale = r.patch(a.id, { first_name: 'x' });
    assert.deepEqual([stale.ok, stale.code], [false, 'invalid_value'], 'a removed id names no lead');
  } finally {
    r.delete();
  }
});

test('roster: launch freezes it — add, patch and remove are refused without throwing; list still works', async () => {
  const e = await engine();
  const r = e.createRoster('puffle', { existing: [{ email: 'seed@x.com' }] });
  try {
    const [a] = r.add([{ email: 'a@x.com' }]);
    assert.deepEqual(r.launch(), { ok: true, state: 'launched' });
    const rows = r.add([{ email: 'b@x.com' }, { email: 'bad' }, 5]);
    assert.deepEqual(
      rows.map((x) => [x.index, x.status, codes(x.errors)]),
      [
        [0, 'invalid', ['null:roster_frozen']],
        [1, 'invalid', ['null:roster_frozen']],
        [2, 'invalid', ['null:roster_frozen']],
      ],
    );
    for (const res of [r.patch(a.id, { first_name: 'x' }), r.remove({ ids: [a.id] }), r.remove({ all: true })]) {
      assert.deepEqual(Object.keys(res), ['ok', 'code', 'message']);
      assert.deepEqual([res.ok, res.code], [false, 'roster_frozen']);
    }
    assert.equal(r.size(), 2);
    assert.deepEqual(
      r.list().leads.map((l) => l.lead.email),
      ['seed@x.com', 'a@x.com'],
    );
  } finally {
    r.delete();
  }
});
