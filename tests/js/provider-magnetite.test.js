'use strict';
// Magnetite — POST /api/campaigns/:campaignId/leads, one lead per call, the body
// is the lead itself (seeds/000_c1b1fa01f9d0bd79.txt). Required: companyName,
// contactName, email; domain derived from the email unless free-mail; nested
// typed `company` / `contact`; researchData, extraContext, customData free JSON.

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, codes, shape, assertPlanInvariants } = require('./helpers');

const CAMPAIGN = 'YOUR_CAMPAIGN_ID';
const PATH = `/api/campaigns/${CAMPAIGN}/leads`;
const HEADERS = { Authorization: 'Bearer YOUR_API_KEY', 'Content-Type': 'application/json' };
const BASE = { companyName: 'Acme Corp', contactName: 'John Smith' };

function plan(e, rows, options = {}) {
  const p = e.plan('magnetite', rows, { campaignId: CAMPAIGN, ...options });
  assertPlanInvariants(p, { provider: 'magnetite', path: PATH, headers: HEADERS, maxPerRequest: 1, maxBodyBytes: options.maxBodyBytes });
  return p;
}

test("the page's quick example: one request whose body is the lead, domain derived", async () => {
  const e = await engine();
  const p = plan(e, [{ companyName: 'Acme Corp', contactName: 'John Smith', email: 'john@acme.com' }]);
  assert.deepEqual(p.rows[0].lead, { companyName: 'Acme Corp', contactName: 'John Smith', email: 'john@acme.com', domain: 'acme.com' });
  assert.deepEqual(p.requests, [
    { method: 'POST', path: PATH, headers: HEADERS, body: p.rows[0].lead, bodyText: JSON.stringify(p.rows[0].lead), indexes: [0] },
  ]);
  assert.deepEqual(p.summary, { total: 1, ok: 1, invalid: 0, duplicate: 0, requests: 1, minDurationSeconds: 0 });
});

test("the page's full example and enrichment schemas pass untouched but for normalization", async () => {
  const e = await engine();
  const full = {
    companyName: 'Acme Corp',
    domain: 'acme.com',
    contactName: 'John Smith',
    email: 'john@acme.com',
    title: 'VP of Sales',
    linkedInUrl: 'https://linkedin.com/in/johnsmith',
    companyLinkedInUrl: 'https://linkedin.com/company/acme',
    notes: 'Met at SaaStr conference',
    company: { industry: 'Software', employeeCount: 250, fundingStage: 'Series B' },
    contact: { seniority: 'VP', department: 'Sales' },
    extraContext: { referralSource: 'Jane Doe introduced us', painPoints: ['Manual outreach', 'Low response rates'] },
  };
  const company = {
    description: 'Enterprise software company...',
    website: 'https://acme.com',
    linkedinUrl: 'https://linkedin.com/company/acme',
    industry: 'Software',
    subIndustry: 'Enterprise SaaS',
    employeeCount: 250,
    employeeRange: '201-500',
    revenue: 50000000,
    revenueRange: '$10M-$50M',
    foundedYear: 2015,
    fundingStage: 'Series B',
    headquarters: 'San Francisco, CA',
    country: 'United States',
    technologies: ['Salesforce', 'HubSpot', 'AWS'],
    signals: {
      recentFunding: { amount: 50000000, date: '2024-06', round: 'Series B' },
      hiringSignals: { isHiring: true, openRoles: 15 },
      growthIndicators: { employeeGrowth: 0.35, revenueGrowth: 0.5 },
    },
  };
  const contact = {
    bio: '20+ years in enterprise sales...',
    photoUrl: 'https://example.com/photo.jpg',
    seniority: 'VP',
    department: 'Sales',
    city: 'San Francisco',
    state: 'California',
    country: 'United States',
    timezone: 'America/Los_Angeles',
  };
  const free = { researchData: { any: [1, { deep: null }] }, customData: { crmId: 7 } };
  const p = plan(e, [full, { ...BASE, email: 'jane@acme.com', company, contact, ...free }]);
  assert.deepEqual(
    p.rows.map(shape).map((s) => [s.status, s.errors, s.warnings]),
    [
      ['ok', [], []],
      ['ok', [], []],
    ],
  );
  assert.deepEqual(p.rows[0].lead, {
    ...full,
    linkedInUrl: 'https://www.linkedin.com/in/johnsmith',
    companyLinkedInUrl: 'https://www.linkedin.com/company/acme',
  });
  assert.deepEqual(p.rows[1].lead, {
    ...BASE,
    email: 'jane@acme.com',
    company: { ...company, linkedinUrl: 'https://www.linkedin.com/company/acme' },
    contact,
    ...free,
    domain: 'acme.com',
  });
  assert.equal(p.requests.length, 2);
  assert.deepEqual(p.requests[1].body, p.rows[1].lead);
});

test('required fields: each missing one is missing_field on it; no missing_identity', async () => {
  const e = await engine();
  const p = plan(e, [
    {},
    { companyName: 'Acme', email: 'a@acme.com' },
    { ...BASE, email: '   ' }, // a blank cell is absent
    { ...BASE, email: null },
    { ...BASE, email: 'john@@acme.com' }, // invalid, not missing
    { ...BASE, email: 42 },
  ]);
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [
      ['companyName:missing_field', 'contactName:missing_field', 'email:missing_field'],
      ['contactName:missing_field'],
      ['email:missing_field'],
      ['email:missing_field'],
      ['email:invalid_email'],
      ['email:invalid_type'],
    ],
  );
  assert.ok(p.rows.every((r) => r.status === 'invalid'));
  assert.equal(p.requests.length, 0);
});

test('typed nested fields: errors carry the dotted path; valid siblings are kept', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      {
        ...BASE,
        email: 'a@acme.com',
        company: { employeeCount: '250', revenue: 1.5, foundedYear: 2015.5, technologies: ['AWS', 1], industry: 'SaaS' },
      },
      { ...BASE, email: 'b@acme.com', company: { signals: { hiringSignals: { isHiring: 'yes', openRoles: 2 } } } },
      { ...BASE, email: 'c@acme.com', company: 'Acme' },
      { ...BASE, email: 'd@acme.com', researchData: [1, 2] },
      { ...BASE, email: 'e@acme.com', contact: { photoUrl: 'not a url' }, company: { website: 'ftp://acme.com' } },
      { ...BASE, email: 'f@acme.com', company: { employeeCount: 250.0, signals: { growthIndicators: { employeeGrowth: 1 } } } },
    ],
    { strict: true },
  ); // strict: format errors stay errors (else warnings, issue 7)
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [
      ['company.employeeCount:invalid_type', 'company.foundedYear:invalid_type', 'company.technologies:invalid_type'],
      ['company.signals.hiringSignals.isHiring:invalid_type'],
      ['company:invalid_type'],
      ['researchData:invalid_type'],
      ['contact.photoUrl:invalid_url', 'company.website:invalid_url'],
      [],
    ],
  );
  assert.deepEqual(p.rows[0].lead.company, { revenue: 1.5, industry: 'SaaS' });
  assert.deepEqual(p.rows[1].lead.company, { signals: { hiringSignals: { openRoles: 2 } } });
  assert.equal(p.rows[5].status, 'ok');
  assert.deepEqual(p.rows[5].lead.company, { employeeCount: 250, signals: { growthIndicators: { employeeGrowth: 1 } } });
});

test('unknown keys are warned with their path and not sent; free JSON fields are not looked into', async () => {
  const e = await engine();
  const p = plan(e, [
    {
      ...BASE,
      email: 'a@acme.com',
      favouriteColour: 'teal',
      company: { industry: 'SaaS', ceo: 'Jane', signals: { vibes: 'good' } },
      contact: { shoeSize: 42 },
      extraContext: { anything: { goes: true } },
    },
  ]);
  const row = p.rows[0];
  assert.equal(row.status, 'ok');
  assert.deepEqual(codes(row.warnings), [
    'favouriteColour:unknown_field',
    'company.ceo:unknown_field',
    'company.signals.vibes:unknown_field',
    'contact.shoeSize:unknown_field',
  ]);
  assert.deepEqual(row.lead, {
    ...BASE,
    email: 'a@acme.com',
    company: { industry: 'SaaS', signals: {} },
    contact: {},
    extraContext: { anything: { goes: true } },
    domain: 'acme.com',
  });
});

test('domain: derived from the email, except free-mail; a given one is normalized and kept', async () => {
  const e = await engine();
  const p = plan(e, [
    { ...BASE, email: 'John@ACME.com' },
    { ...BASE, email: 'john@gmail.com' },
    { ...BASE, email: 'x@acme.com', domain: 'https://www.Soylent.fr/contact' },
    { ...BASE, email: 'y@acme.com', domain: 'gmail.com' },
    { ...BASE, email: 'z@gmail.com', domain: 'acme.io' },
    { ...BASE, email: 'w@acme.com', domain: 'soylent..fr' },
  ]);
  assert.deepEqual(
    p.rows.map((r) => r.lead.domain),
    ['acme.com', undefined, 'soylent.fr', 'gmail.com', 'acme.io', undefined],
  );
  // An invalid given domain is an optional field: left out with a warning (issue 7), not replaced.
  assert.deepEqual(
    p.rows.map((r) => codes(r.warnings)),
    [[], ['domain:freemail_domain'], [], ['domain:freemail_domain'], [], ['domain:invalid_domain']],
  );
  assert.deepEqual(
    p.rows.map((r) => r.status),
    ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  );
  const strict = plan(e, [{ ...BASE, email: 'w@acme.com', domain: 'soylent..fr' }], { strict: true });
  assert.deepEqual(codes(strict.rows[0].errors), ['domain:invalid_domain']);
  assert.equal(e.isFreeMailDomain('gmail.com'), true);
});

test('phone: E.164 from the row country, then defaultCountry; row country is not sent', async () => {
  const e = await engine();
  const rows = [
    { ...BASE, email: 'a@acme.com', phone: '07.53.71.43.02', country: 'fr' },
    { ...BASE, email: 'b@acme.com', phone: '(303) 514-0233' },
    { ...BASE, email: 'c@acme.com', phone: '+1 512-477-5071', country: 'FR' }, // + wins over any country
    { ...BASE, email: 'd@acme.com', phone: '(303) 514-0233', country: 'US' },
    { ...BASE, email: 'e@acme.com', phone: '0612345678', country: 'XX' }, // XX is no country: US applies, and 061 is no US area code
    { ...BASE, email: 'f@acme.com', phone: '+0 123 456' },
  ];
  const withDefault = plan(e, rows, { defaultCountry: 'US', strict: true }); // strict: else warnings (issue 7)
  assert.deepEqual(withDefault.rows.map((r) => r.lead.phone).slice(0, 4), ['+33753714302', '+13035140233', '+15124775071', '+13035140233']);
  assert.equal(withDefault.rows[5].lead.phone, undefined);
  assert.ok(withDefault.rows.every((r) => !('country' in r.lead)));
  assert.deepEqual(
    withDefault.rows.map((r) => codes(r.errors)),
    [[], [], [], [], ['phone:invalid_phone'], ['phone:invalid_phone']],
  );
  assert.deepEqual(codes(withDefault.rows[4].warnings), ['country:invalid_country'], 'an unknown country is a warning');
  const noDefault = plan(e, rows.slice(0, 2), { strict: true });
  assert.deepEqual(
    noDefault.rows.map((r) => codes(r.errors)),
    [[], ['phone:invalid_phone']],
  );
  // Without strict the lead keeps its other fields and goes out without the phone.
  const lax = plan(e, rows.slice(0, 2));
  assert.deepEqual(
    lax.rows.map((r) => [r.status, codes(r.warnings)]),
    [
      ['ok', []],
      ['ok', ['phone:invalid_phone']],
    ],
  );
  assert.equal(lax.rows[1].lead.phone, undefined);
});

test('LinkedIn fields: a profile where a profile is asked, a company page where a company is', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      {
        ...BASE,
        email: 'a@acme.com',
        linkedInUrl: 'de.linkedin.com/in/John-Smith/?trk=x',
        companyLinkedInUrl: 'linkedin.com/company/acme/',
        company: { linkedinUrl: 'https://www.linkedin.com/company/acme' },
      },
      { ...BASE, email: 'b@acme.com', linkedInUrl: 'https://www.linkedin.com/company/acme' },
      { ...BASE, email: 'c@acme.com', companyLinkedInUrl: 'https://www.linkedin.com/in/john' },
      { ...BASE, email: 'd@acme.com', company: { linkedinUrl: 'https://www.linkedin.com/in/john' } },
    ],
    { strict: true },
  ); // strict: format errors stay errors (else warnings, issue 7)
  assert.equal(p.rows[0].lead.linkedInUrl, 'https://www.linkedin.com/in/john-smith');
  assert.equal(p.rows[0].lead.companyLinkedInUrl, 'https://www.linkedin.com/company/acme');
  assert.deepEqual(
    p.rows.slice(1).map((r) => codes(r.errors)),
    [['linkedInUrl:invalid_linkedin_url'], ['companyLinkedInUrl:invalid_linkedin_url'], ['company.linkedinUrl:invalid_linkedin_url']],
  );
});

test('lengths: per-field limits in bytes give too_long', async () => {
  const e = await engine();
  const p = plan(e, [
    { ...BASE, email: 'a@acme.com', notes: 'n'.repeat(10000) },
    { ...BASE, email: 'b@acme.com', notes: 'n'.repeat(10001) },
    { ...BASE, email: 'c@acme.com', companyName: 'é'.repeat(101) }, // 202 bytes > 200
    { ...BASE, email: 'd@acme.com', companyName: 'é'.repeat(100) },
  ]);
  assert.deepEqual(
    p.rows.map((r) => codes(r.errors)),
    [[], ['notes:too_long'], ['companyName:too_long'], []],
  );
});

test('dedup on email: case and spaces, foldGmail only when asked, existing leads, invalid rows never match', async () => {
  const e = await engine();
  const rows = [
    { contactName: 'no company', email: 'first@acme.com' }, // invalid: not indexed
    { ...BASE, email: 'first@acme.com' },
    { ...BASE, email: '  FIRST@Acme.com ' },
    { ...BASE, email: 'john@gmail.com' },
    { ...BASE, email: 'J.o.h.n+news@gmail.com' },
    { ...BASE, email: 'taken@acme.com' },
  ];
  const existing = [{ ...BASE, email: 'TAKEN@acme.com' }];
  const p = plan(e, rows, { existing });
  assert.deepEqual(
    p.rows.map((r) => [r.status, r.duplicateOf, r.matchedOn]),
    [
      ['invalid', null, null],
      ['ok', null, null],
      ['duplicate', 1, 'email'],
      ['ok', null, null],
      ['ok', null, null],
      ['duplicate', 'existing', 'email'],
    ],
  );
  const folded = plan(e, rows, { existing, foldGmail: true });
  assert.deepEqual(
    folded.rows.map((r) => r.duplicateOf),
    [null, null, 1, null, 3, 'existing'],
  );
  assert.equal(folded.rows[4].lead.email, 'j.o.h.n+news@gmail.com', 'folding is for the key only');
  assert.deepEqual(
    folded.requests.map((r) => r.indexes),
    [[1], [3]],
  );
});

test('maxBodyBytes: a lead that alone exceeds it is invalid (too_long, field null)', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      { ...BASE, email: 'a@acme.com', notes: 'x'.repeat(500) },
      { ...BASE, email: 'b@acme.com' },
    ],
    { maxBodyBytes: 200 },
  );
  assert.deepEqual(
    p.rows.map((r) => [r.status, codes(r.errors)]),
    [
      ['invalid', ['null:too_long']],
      ['ok', []],
    ],
  );
  assert.deepEqual(
    p.requests.map((r) => r.indexes),
    [[1]],
  );
});

test('template: {{field}} and dotted {{company.industry}}; a missing one is a warning', async () => {
  const e = await engine();
  const p = plan(
    e,
    [
      { ...BASE, email: 'a@acme.com', company: { industry: 'SaaS' } },
      { ...BASE, email: 'b@acme.com', title: 'CEO' },
    ],
    {
      template: 'Hi {{contactName}}, {{ title }} in {{company.industry}}? {{not valid!}}',
    },
  );
  assert.deepEqual(
    p.rows.map((r) => [r.status, codes(r.warnings)]),
    [
      ['ok', ['title:template_variable_missing']],
      ['ok', ['company.industry:template_variable_missing']],
    ],
  );
});

test('batchSize cannot exceed the documented one lead per call', async () => {
  const e = await engine();
  assert.throws(
    () => e.plan('magnetite', [], { campaignId: CAMPAIGN, batchSize: 2 }),
    (x) => x.code === 'invalid_value' && x.option === 'batchSize',
  );
  assert.equal(plan(e, [], { batchSize: 1 }).requests.length, 0);
});

test('predictResponse: the documented success answer, one per request', async () => {
  const e = await engine();
  const p = plan(e, [
    { ...BASE, email: 'a@acme.com' },
    { ...BASE, email: 'bad' },
    { ...BASE, email: 'b@acme.com' },
  ]);
  assert.deepEqual(e.predictResponse('magnetite', p), [
    { status: 200, body: { success: true, prospectId: 'prospect_1', status: 'queued', message: 'Lead added to campaign and queued for outreach' } },
    { status: 200, body: { success: true, prospectId: 'prospect_2', status: 'queued', message: 'Lead added to campaign and queued for outreach' } },
  ]);
  assert.deepEqual(e.predictResponse('magnetite', { requests: [] }), []);
});

test('validateLead gives the same verdict as a plan row', async () => {
  const e = await engine();
  const rows = [
    { ...BASE, email: 'a@acme.com', phone: '07.53.71.43.02', country: 'FR', company: { x: 1 } },
    { ...BASE, email: 'john@gmail.com' },
    { email: 'bad' },
    'not an object',
    null,
  ];
  const p = plan(e, rows, { template: '{{title}}' });
  rows.forEach((row, i) => {
    const v = e.validateLead('magnetite', row, { template: '{{title}}' });
    assert.deepEqual(Object.keys(v), ['ok', 'lead', 'errors', 'warnings']);
    assert.equal(v.ok, p.rows[i].status === 'ok', `row ${i}`);
    assert.deepEqual([v.lead, v.errors, v.warnings], [p.rows[i].lead, p.rows[i].errors, p.rows[i].warnings], `row ${i}`);
  });
  assert.deepEqual(codes(p.rows[3].errors), ['null:invalid_type']);
});
