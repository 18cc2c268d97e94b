'use strict';
// Leak checks through the WASM package. engine.heapBytes() is the heap SIZE,
// which only grows; engine.heapUsedBytes() is what the engine has allocated
// and not freed (dlmalloc's mallinfo().uordblks), so a leak shows there.
// After a warm-up round (caches, first allocations), each phase must leave
// the bytes in use where they were, give or take SLACK.
//
// Run: node --test tests/js/memory.test.js   (about a minute)

const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('../../npm');

const SLACK = 64 * 1024;
const UUID = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const OPTIONS = {
  magnetite: { campaignId: 'camp_1', defaultCountry: 'FR' },
  sendpilot: { campaignId: 'camp_1', template: 'Hi {{firstName}} {{industry}}' },
  reached: { campaignId: UUID, defaultCountry: 'US', batchSize: 2 },
  sendkit: { campaignId: 'camp_1', foldGmail: true },
  puffle: { campaignId: UUID, channel: 'linkedin' },
};
const PROVIDERS = Object.keys(OPTIONS);

// A few leads per provider: valid, invalid, duplicate, with warnings.
function leadsFor(provider, n) {
  const k = `${n}`;
  switch (provider) {
    case 'magnetite':
      return [
        {
          companyName: 'Acme ' + k,
          contactName: 'Ann',
          email: `ann${k}@acme.com`,
          phone: '06 12 34 56 78',
          company: { website: 'acme.com', signals: { recentFunding: { amount: 1e6 } } },
          researchData: { a: [1, 2] },
        },
        { companyName: 'Acme', contactName: 'Bob', email: `ANN${k}@acme.com` },
        { companyName: 'X', email: 'not an email', unknown: true },
      ];
    case 'sendpilot':
      return [
        { linkedinUrl: `linkedin.com/in/ann-${k}`, firstName: 'Ann', industry: 'SaaS', score: 3 },
        { linkedinUrl: `https://www.linkedin.com/in/ANN-${k}/` },
        { linkedinUrl: 'linkedin.com/company/acme', nested: { no: 1 } },
      ];
    case 'reached':
      return [
        { phone: `(212) 555-${String(1000 + (n % 9000)).padStart(4, '0')}`, email: `a${k}@b.co`, lead_id: UUID },
        { email: `a${k}@b.co` },
        { phone: '12', first_name: 'x'.repeat(300) },
        {},
      ];
    case 'sendkit':
      return [{ leadId: '5F1A2B3C4D5E6F7A8B9C0D1E', email: `a.b+${k}@gmail.com` }, { email: `ab@googlemail.com` }, { leadId: 'zz' }];
    case 'puffle':
      return [
        { linkedin_url: `linkedin.com/in/p-${k}`, email: 'bad@', custom_fields: { x: 1 } },
        { linkedin_url: 'linkedin.com/in/imported-1' },
        { email: `a${k}@b.co` },
      ];
  }
  throw new Error(provider);
}

function rosterCycle(e, provider, n) {
  const roster = e.createRoster(provider, OPTIONS[provider]);
  try {
    const rows = roster.add(leadsFor(provider, n));
    const ok = rows.filter((r) => r.status === 'ok');
    if (ok.length) {
      roster.patch(ok[0].id, { title: 'CEO', first_name: 'Z' });
      roster.patch(ok[0].id, { email: 'nope' });
    }
    roster.list({ limit: 10 });
    roster.add(leadsFor(provider, n + 1));
    if (ok.length) roster.remove({ ids: [ok[0].id, 'missing'] });
    roster.launch();
    roster.add(leadsFor(provider, n + 2));
    if (n % 2) roster.remove({ all: true });
  } finally {
    roster.delete();
  }
}

function plannerCycle(e, provider, n) {
  const planner = e.createPlanner(provider, OPTIONS[provider]);
  try {
    planner.push(leadsFor(provider, n));
    planner.push(leadsFor(provider, n + 1).concat([1, null, 'x']));
    planner.pushNdjson(
      leadsFor(provider, n + 2)
        .map((l) => JSON.stringify(l))
        .join('\n') + '\nnot json\n',
    );
    if (n % 3) planner.finish(); // otherwise deleted with a batch still open
  } finally {
    planner.delete();
  }
}

let enginePromise;
const engine = () => (enginePromise ??= load());

function used(e) {
  return e.heapUsedBytes();
}

function assertNoGrowth(e, before, what) {
  const after = used(e);
  console.log(`# ${what}: ${before} -> ${after} bytes in use (heap ${e.heapBytes()})`);
  assert.ok(after <= before + SLACK, `${what}: bytes in use grew from ${before} to ${after}`);
}

test('heapUsedBytes is the allocated bytes, not the heap size', async () => {
  const e = await engine();
  assert.equal(typeof e.heapUsedBytes, 'function');
  // The engine's lookup tables (validators, the list-quality filters) are
  // built once, at their first use; build them before measuring.
  const warm = e.createRoster('reached', OPTIONS.reached);
  warm.add([{ email: 'warm@acme.com', first_name: 'x' }]);
  warm.delete();
  const a = used(e);
  assert.ok(a > 0 && a < e.heapBytes());
  // An open roster holding leads is visible, and gone once deleted.
  const roster = e.createRoster('reached', OPTIONS.reached);
  const rows = [];
  for (let i = 0; i < 2000; i++) rows.push({ email: `lead${i}@acme.com`, first_name: 'x'.repeat(100) });
  roster.add(rows);
  const b = used(e);
  assert.ok(b > a + 100_000, `2,000 leads held: ${a} -> ${b}`);
  roster.delete();
  assert.ok(used(e) <= a + SLACK);
});

test('1,000,000 validateLead calls leave the heap where it started', { timeout: 20 * 60 * 1000 }, async () => {
  const e = await engine();
  const leads = PROVIDERS.map((p) => [p, leadsFor(p, 7)]);
  for (const [p, ls] of leads) for (const l of ls) e.validateLead(p, l, OPTIONS[p]); // warm-up (validator cache)
  const before = used(e);
  const t0 = Date.now();
  let calls = 0;
  let oks = 0;
  while (calls < 1_000_000) {
    for (const [p, ls] of leads) {
      for (const l of ls) {
        if (e.validateLead(p, l, OPTIONS[p]).ok) oks++;
        calls++;
      }
    }
  }
  console.log(`# ${calls} validateLead calls in ${((Date.now() - t0) / 1000).toFixed(1)} s (${oks} ok)`);
  assert.ok(oks > 0 && oks < calls);
  assertNoGrowth(e, before, '1,000,000 validateLead');
});

test('1,000 createRoster / delete cycles (with adds) leave the heap where it started', async () => {
  const e = await engine();
  for (const p of PROVIDERS) rosterCycle(e, p, 0); // warm-up
  const before = used(e);
  for (let i = 0; i < 1000; i++) rosterCycle(e, PROVIDERS[i % PROVIDERS.length], i);
  assertNoGrowth(e, before, '1,000 roster cycles');
});

test('1,000 createPlanner / delete cycles (with pushes) leave the heap where it started', async () => {
  const e = await engine();
  for (const p of PROVIDERS) plannerCycle(e, p, 0); // warm-up
  const before = used(e);
  for (let i = 0; i < 1000; i++) plannerCycle(e, PROVIDERS[i % PROVIDERS.length], i);
  assertNoGrowth(e, before, '1,000 planner cycles');
  // plan() (its own planner) and the rest of the API too.
  const before2 = used(e);
  for (let i = 0; i < 1000; i++) {
    const p = PROVIDERS[i % PROVIDERS.length];
    const plan = e.plan(p, leadsFor(p, i), OPTIONS[p]);
    e.predictResponse(p, plan);
    e.normalizePhone('06 12 34 56 78', 'FR');
    e.normalizeLinkedInUrl('linkedin.com/in/x');
    e.sendkitFilterRequest('camp_1', { tags: ['a'] });
  }
  assertNoGrowth(e, before2, '1,000 plan() + predictResponse');
});

test('errors do not leak: bad options, fatal pushes, deleted handles', async () => {
  const e = await engine();
  const cycle = () => {
    assert.throws(() => e.createPlanner('reached', { campaignId: 'not-a-uuid' }));
    assert.throws(() => e.createRoster('puffle', { channel: 'fax' }));
    assert.throws(() => e.validateLead('nope', {}));
    const planner = e.createPlanner('sendkit', OPTIONS.sendkit);
    planner.finish();
    assert.throws(() => planner.push([{}]));
    planner.delete();
    assert.throws(() => planner.push([{}]));
    const roster = e.createRoster('magnetite', OPTIONS.magnetite);
    assert.throws(() => roster.add('nope'));
    roster.delete();
  };
  cycle();
  const before = used(e);
  for (let i = 0; i < 1000; i++) cycle();
  assertNoGrowth(e, before, '1,000 error cycles');
});
