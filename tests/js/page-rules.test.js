'use strict';
// Issue 7 through the package: optional invalid fields (warnings, strict:
// true makes them errors), campaign ids in paths, registrable domains by the
// Public Suffix List, IDN email addresses, sendkit filter/select-all
// predictions, summary.minDurationSeconds and the CLI's report of it.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const { engine, codes, UUID_A } = require('./helpers');

test('an invalid optional field is dropped with a warning; strict: true makes it an error', async () => {
  const e = await engine();
  const m = e.validateLead('magnetite', { companyName: 'A', contactName: 'B', email: 'a@acme.com', phone: '415-555-0100' });
  assert.equal(m.ok, true, JSON.stringify(m));
  assert.deepEqual(codes(m.warnings), ['phone:invalid_phone']);
  assert.ok(!('phone' in m.lead));
  const r = e.validateLead('reached', { email: 'marie@techco.fr', phone: '06 98 76 54 32' });
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(r.lead, { email: 'marie@techco.fr' });
  const strict = e.validateLead('reached', { email: 'marie@techco.fr', phone: '06 98 76 54 32' }, { strict: true });
  assert.equal(strict.ok, false);
  assert.deepEqual(codes(strict.errors), ['phone:invalid_phone']);
  // A spreadsheet of national numbers without defaultCountry keeps its leads.
  const rows = Array.from({ length: 5 }, (_, i) => ({ email: `u${i}@acme.fr`, phone: `06 98 76 54 3${i}` }));
  const p = e.plan('reached', rows, { campaignId: UUID_A });
  assert.deepEqual(
    p.rows.map((x) => x.status),
    ['ok', 'ok', 'ok', 'ok', 'ok'],
  );
  assert.equal(p.requests[0].body.leads.length, 5);
});

test('campaign ids are percent-encoded path segments; dot segments, control characters and padding refused', async () => {
  const e = await engine();
  const lead = [{ email: 'a@acme.com' }];
  const pathOf = (id) => e.plan('sendkit', lead, { campaignId: id }).requests[0].path;
  assert.equal(pathOf('../admin'), '/v1/campaigns/..%2Fadmin/leads');
  assert.equal(pathOf('x?y=1'), '/v1/campaigns/x%3Fy%3D1/leads');
  assert.equal(pathOf('a/b'), '/v1/campaigns/a%2Fb/leads');
  assert.equal(pathOf('x#y'), '/v1/campaigns/x%23y/leads');
  assert.equal(pathOf('camp 1'), '/v1/campaigns/camp%201/leads');
  for (const id of ['..', '.', 'camp_1 ', ' camp_1', 'a\u0000b', 'a\nb', 'a\u0085b']) {
    assert.throws(
      () => e.plan('sendkit', lead, { campaignId: id }),
      (err) => err instanceof RangeError && err.code === 'invalid_option' && err.option === 'campaignId' && /campaignId/.test(err.message),
      JSON.stringify(id),
    );
  }
  const f = e.sendkitFilterRequest('a/b', { tags: ['x'] });
  assert.equal(f.request.path, '/v1/campaigns/a%2Fb/leads');
  assert.equal(e.sendkitSelectAllRequest('x#y').request.path, '/v1/campaigns/x%23y/leads');
  assert.throws(
    () => e.sendkitSelectAllRequest('..'),
    (x) => x.code === 'invalid_option' && x.option === 'campaignId',
  );
  const m = e.plan('magnetite', [{ companyName: 'A', contactName: 'B', email: 'a@acme.com' }], { campaignId: 'x?y' });
  assert.equal(m.requests[0].path, '/api/campaigns/x%3Fy/leads');
});

test('registrableDomain by the Public Suffix List; magnetite derives the registrable domain', async () => {
  const e = await engine();
  assert.deepEqual(e.registrableDomain('mail.acme.co.uk'), { ok: true, value: 'acme.co.uk' });
  assert.equal(e.registrableDomain('https://www.shop.acme.com/x').value, 'acme.com');
  assert.equal(e.registrableDomain('a.b.example.kawasaki.jp').value, 'b.example.kawasaki.jp'); // *.kawasaki.jp
  assert.equal(e.registrableDomain('www.city.kawasaki.jp').value, 'city.kawasaki.jp'); // !city.kawasaki.jp
  assert.equal(e.registrableDomain('x.acme.github.io').value, 'acme.github.io');
  assert.equal(e.registrableDomain('unknowntld-host.acme.zz').value, 'acme.zz'); // the "*" rule
  assert.equal(e.registrableDomain('co.uk').code, 'invalid_domain');
  assert.equal(e.registrableDomain(42).code, 'invalid_domain');
  const v = e.validateLead('magnetite', { companyName: 'A', contactName: 'B', email: 'ann@mail.acme.co.uk' });
  assert.equal(v.lead.domain, 'acme.co.uk');
});

test('IDN emails are sent as punycode and dedup with their punycode form', async () => {
  const e = await engine();
  assert.deepEqual(e.normalizeEmail('info@müller.de'), { ok: true, value: 'info@xn--mller-kva.de', domain: 'xn--mller-kva.de' });
  assert.equal(e.normalizeEmail('Info@MÜLLER.de').value, 'info@xn--mller-kva.de');
  assert.equal(e.normalizeEmail('a@bücher.example').value, 'a@xn--bcher-kva.example');
  assert.equal(e.normalizeEmail('a@пример.рф').value, 'a@xn--e1afmkfd.xn--p1ai');
  assert.equal(e.normalizeEmail('a@ПРИМЕР.РФ').value, 'a@xn--e1afmkfd.xn--p1ai');
  assert.equal(e.normalizeEmail('a@例え.テスト').value, 'a@xn--r8jz45g.xn--zckzah');
  assert.equal(e.normalizeEmail('a@faß.de').value, 'a@xn--fa-hia.de'); // non-transitional: ß stays
  assert.equal(e.normalizeEmail('a@xn--mller-kva.de').value, 'a@xn--mller-kva.de');
  assert.equal(e.normalizeEmail('a@münchen。de').code, 'invalid_email'); // an address is not rewritten beyond IDN
  assert.equal(e.normalizeDomain('münchen。de').value, 'xn--mnchen-3ya.de'); // a host: UTS #46 reads it as '.'
  assert.equal(e.normalizeEmail('a@mu\u0308ller.de').value, 'a@xn--mller-kva.de'); // UTS #46 normalizes to NFC
  for (const bad of ['a@☃.com', 'a@xn--zz-.de', 'a@xn--abc.de', 'a@ex\u00a0ample.de', 'a@😀.com']) {
    assert.equal(e.normalizeEmail(bad).code, 'invalid_email', bad);
  }
  assert.equal(e.normalizeDomain('https://www.müller.de/kontakt').value, 'xn--mller-kva.de');
  const p = e.plan('puffle', [{ email: 'info@müller.de' }, { email: 'INFO@xn--mller-kva.de' }], {
    campaignId: UUID_A,
    channel: 'email',
  });
  assert.deepEqual(
    p.rows.map((r) => r.status),
    ['ok', 'duplicate'],
  );
  assert.equal(p.requests[0].body.leads[0].email, 'info@xn--mller-kva.de');
});

test('sendkit filter and select-all predictions have matched (the page: {added, skipped, matched})', async () => {
  const e = await engine();
  const f = e.sendkitFilterRequest('c1', { leadIds: ['665d4e5f6a7b8c9d0e1f2a3b', '665d4e5f6a7b8c9d0e1f2a3c'] });
  const [answer] = e.predictResponse('sendkit', { requests: [f.request] });
  assert.deepEqual(answer, { status: 200, body: { success: true, data: { added: 2, skipped: 0, matched: 2 } } });
  const all = e.sendkitSelectAllRequest('c1');
  const [a2] = e.predictResponse('sendkit', { requests: [all.request] });
  assert.deepEqual(Object.keys(a2.body.data), ['added', 'skipped', 'matched']);
});

test('summary.minDurationSeconds in every plan, and in the CLI report', async () => {
  const e = await engine();
  const rows = Array.from({ length: 30 }, (_, i) => ({ companyName: 'A', contactName: 'B', email: `u${i}@acme.com` }));
  const p = e.plan('magnetite', rows, { campaignId: 'c1' });
  assert.equal(p.summary.requests, 30);
  assert.equal(p.summary.minDurationSeconds, 150);
  assert.equal(e.plan('sendpilot', [], { campaignId: 'c1' }).summary.minDurationSeconds, 0);
  const pl = e.createPlanner('reached', { campaignId: UUID_A, batchSize: 1 });
  pl.push(Array.from({ length: 101 }, (_, i) => ({ email: `u${i}@acme.com` })));
  assert.equal(pl.finish().summary.minDurationSeconds, 0.6);
  pl.delete();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-i7-'));
  try {
    const csv = path.join(dir, 'leads.csv');
    fs.writeFileSync(csv, 'companyName,contactName,email\n' + rows.map((r) => `A,B,${r.email}`).join('\n') + '\n');
    const cli = path.resolve(__dirname, '../../npm/cli.mjs');
    const r = spawnSync(process.execPath, [cli, 'plan', '--format', 'report', '--provider', 'magnetite', '--campaign-id', 'c1', csv], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const last = r.stdout.trimEnd().split('\n').pop();
    assert.equal(last, "summary: total 30, ok 30, invalid 0, duplicate 0, requests 30, at least 150 s (2 min 30 s) at magnetite's documented rate limit");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
