'use strict';
// Shared setup for the JS tests: one engine per test process, row assertions,
// plan invariants, and a deterministic generator of messy rows per provider.

const assert = require('node:assert/strict');
const path = require('node:path');

const NPM_DIR = path.resolve(__dirname, '../../npm');
const { load } = require(NPM_DIR);

let enginePromise = null;
/** The engine, loaded once per process. */
function engine() {
  if (!enginePromise) enginePromise = load();
  return enginePromise;
}

const PROVIDERS = ['magnetite', 'sendpilot', 'reached', 'sendkit', 'puffle'];
// Every registered provider, in the registry's order (PROVIDERS: those with a row generator below).
const ALL_PROVIDERS = [...PROVIDERS, 'instantly', 'smartlead', 'lemlist'];
const UUID_A = '3f1c2d4e-0000-4000-8000-00000000000a';
const UUID_B = '3f1c2d4e-0000-4000-8000-00000000000b';

// ---------------------------------------------------------------- assertions

/** ['field:code', ...] of a problem list (field null -> 'null'). */
function codes(problems) {
  return problems.map((p) => `${p.field}:${p.code}`);
}

/** The compact shape of a row: status, error and warning codes, duplicate link. */
function shape(row) {
  return {
    status: row.status,
    errors: codes(row.errors),
    warnings: codes(row.warnings),
    duplicateOf: row.duplicateOf,
    matchedOn: row.matchedOn,
  };
}

/** Every problem is { field: string|null, code: string, message: non-empty string }. */
function assertProblemShape(p) {
  assert.deepEqual(Object.keys(p), ['field', 'code', 'message']);
  assert.ok(p.field === null || typeof p.field === 'string');
  assert.equal(typeof p.code, 'string');
  assert.ok(typeof p.message === 'string' && p.message.length > 0);
}

const ROW_KEYS = ['index', 'status', 'lead', 'errors', 'warnings', 'duplicateOf', 'matchedOn'];

/**
 * Invariants every plan must keep, whatever the provider:
 * rows carry the documented keys; ok rows have no errors; invalid rows have some;
 * duplicates point back; every ok row is sent exactly once, in order, with the
 * row's lead as sent; requests have the provider's method/path/headers; the
 * summary counts the rows and the requests.
 */
function assertPlanInvariants(plan, { provider, path: reqPath, headers, maxPerRequest, maxBodyBytes, campaignId }) {
  const counts = { ok: 0, invalid: 0, duplicate: 0 };
  plan.rows.forEach((row, i) => {
    if (Object.keys(row).join() !== ROW_KEYS.join()) assert.deepEqual(Object.keys(row), ROW_KEYS);
    assert.equal(row.index, i);
    counts[row.status]++;
    row.errors.forEach(assertProblemShape);
    row.warnings.forEach(assertProblemShape);
    if (row.status === 'ok') assert.equal(row.errors.length, 0);
    if (row.status === 'invalid') assert.ok(row.errors.length > 0, `row ${i} invalid without errors`);
    if (row.status === 'duplicate') {
      assert.equal(row.errors.length, 0);
      assert.ok(row.duplicateOf === 'existing' || (Number.isInteger(row.duplicateOf) && row.duplicateOf < i));
      if (row.duplicateOf !== 'existing') assert.equal(plan.rows[row.duplicateOf].status, 'ok');
      assert.equal(typeof row.matchedOn, 'string');
    } else {
      assert.equal(row.duplicateOf, null);
      assert.equal(row.matchedOn, null);
    }
  });
  const sent = [];
  const headersJson = JSON.stringify(headers);
  for (const req of plan.requests) {
    assert.equal(Object.keys(req).join(), 'method,path,headers,body,bodyText,indexes');
    assert.deepEqual(JSON.parse(req.bodyText), req.body, 'bodyText is the body to send');
    assert.equal(req.method, 'POST');
    assert.equal(req.path, reqPath);
    if (JSON.stringify(req.headers) !== headersJson) assert.deepEqual(req.headers, headers);
    assert.ok(req.indexes.length >= 1 && req.indexes.length <= maxPerRequest);
    const leads = provider === 'magnetite' || provider === 'lemlist' ? [req.body] : req.body[provider === 'smartlead' ? 'lead_list' : 'leads'];
    assert.equal(leads.length, req.indexes.length);
    req.indexes.forEach((ix, k) => {
      if (JSON.stringify(leads[k]) !== JSON.stringify(plan.rows[ix].lead)) assert.deepEqual(leads[k], plan.rows[ix].lead);
    });
    if (provider === 'sendpilot') assert.deepEqual(Object.keys(req.body), ['campaignId', 'leads']);
    if (provider === 'sendpilot') assert.equal(req.body.campaignId, campaignId);
    if (['reached', 'sendkit', 'puffle'].includes(provider)) assert.deepEqual(Object.keys(req.body), ['leads']);
    if (maxBodyBytes) assert.ok(Buffer.byteLength(JSON.stringify(req.body)) <= maxBodyBytes);
    sent.push(...req.indexes);
  }
  const okIndexes = plan.rows.filter((r) => r.status === 'ok').map((r) => r.index);
  assert.deepEqual(sent, okIndexes, 'every ok row is sent once, in order');
  assert.deepEqual(plan.summary, {
    total: plan.rows.length,
    ok: counts.ok,
    invalid: counts.invalid,
    duplicate: counts.duplicate,
    requests: plan.requests.length,
    minDurationSeconds: minDurationSeconds(provider, plan.requests.length),
  });
}

// The documented add-lead rate limits (seeds/README.md): requests per window, burst.
const RATE_LIMITS = {
  magnetite: { requests: 10, windowSeconds: 60, burst: 5 },
  reached: { requests: 100, windowSeconds: 60, burst: 0 },
  instantly: { requests: 6000, windowSeconds: 60, burst: 100 },
  smartlead: { requests: 60, windowSeconds: 60, burst: 10 },
  lemlist: { requests: 20, windowSeconds: 2, burst: 0 },
};
/** The shortest time the limit allows `n` requests: a token bucket of `burst` (else `requests`) tokens. */
function minDurationSeconds(provider, n) {
  const l = RATE_LIMITS[provider];
  if (!l) return 0;
  const capacity = l.burst || l.requests;
  return n <= capacity ? 0 : Math.round(((n - capacity) * l.windowSeconds * 1000) / l.requests) / 1000;
}

/** assert.throws with an Error whose message matches `re`. */
function assertThrowsNaming(fn, re) {
  assert.throws(fn, (e) => e instanceof Error && re.test(e.message));
}

// ---------------------------------------------------------------- generator

/** mulberry32: small, seeded, deterministic. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeGen(seed) {
  const r = rng(seed);
  const g = {
    r,
    int: (n) => Math.floor(r() * n),
    chance: (p) => r() < p,
    pick: (arr) => arr[Math.floor(r() * arr.length)],
    // random upper-casing and padding: the same identity written another way
    messy(s) {
      let out = s;
      if (g.chance(0.3)) out = out.toUpperCase();
      else if (g.chance(0.3)) out = out.replace(/^./, (c) => c.toUpperCase());
      if (g.chance(0.2)) out = '  ' + out + ' ';
      return out;
    },
  };
  return g;
}

const FIRST = ['Mary', 'José', 'Zoë', 'Li', 'Ahmed', 'Ólafur', '美咲', 'Sam', "O'Neil", 'Anne-Marie'];
const LAST = ['Leroy', 'Müller', 'Nguyen', 'Smith', 'Đặng', 'García', 'Kowalski', '田中'];
const FREE = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com'];

function email(g, k) {
  if (k % 17 === 0) {
    // a Gmail address; foldGmail makes dotted / +tag spellings the same key
    const base = `person${k}`;
    const local = g.chance(0.5) ? base.slice(0, 3) + '.' + base.slice(3) : base + (g.chance(0.5) ? '+news' : '');
    return g.messy(`${local}@gmail.com`);
  }
  return g.messy(`person${k}@acme${k % 97}.com`);
}
function linkedin(g, k) {
  const slug = `person-${k}`;
  return g.pick([
    `https://www.linkedin.com/in/${slug}`,
    `linkedin.com/in/${slug.toUpperCase()}/`,
    `https://de.linkedin.com/in/${slug}?trk=public_profile`,
    `http://m.linkedin.com/in/${slug}/recent-activity/all/`,
    `www.linkedin.com/in/${slug}/?originalSubdomain=fr`,
  ]);
}
function phoneUS(g, k) {
  const exch = 200 + (Math.floor(k / 10000) % 700);
  const line = String(k % 10000).padStart(4, '0');
  return g.pick([`(303) ${exch}-${line}`, `+1 303 ${exch} ${line}`, `303.${exch}.${line}`, `+1-303-${exch}-${line}`]);
}
function hex24(k) {
  return ('665d4e5f6a7b' + k.toString(16).padStart(12, '0')).slice(-24);
}
function uuid(k) {
  return `6f1c2d4e-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
}

// Rows no provider accepts, sprinkled everywhere.
function junk(g) {
  return g.pick([null, 7, 'a string row', [], [{ email: 'x@y.z' }], true, {}]);
}

const ROW_MAKERS = {
  magnetite(g, k) {
    const row = { companyName: `Acme ${k % 500}`, contactName: `${g.pick(FIRST)} ${g.pick(LAST)}`, email: email(g, k) };
    if (g.chance(0.3)) row.title = g.pick(['VP Sales', 'CEO', 'Head of Growth']);
    if (g.chance(0.2)) Object.assign(row, { phone: `06 12 ${String(k % 100).padStart(2, '0')} 34 56`, country: 'fr' });
    if (g.chance(0.1)) row.linkedInUrl = linkedin(g, k);
    if (g.chance(0.1)) row.domain = g.chance(0.5) ? `https://www.Acme${k % 97}.com/about` : g.pick(FREE);
    if (g.chance(0.1)) row.company = { industry: 'Software', employeeCount: 10 + (k % 900), technologies: ['AWS'] };
    if (g.chance(0.05)) row.company = { employeeCount: '250', signals: { hiringSignals: { isHiring: 'yes' } } };
    if (g.chance(0.05)) row.researchData = { notes: [1, { deep: true }] };
    if (g.chance(0.05)) row.favouriteColour = 'teal';
    if (g.chance(0.03)) delete row.companyName;
    if (g.chance(0.03)) row.email = g.pick(['no-at-sign', 'a@@b.com', 'x@y', 42]);
    if (g.chance(0.01)) row.notes = 'n'.repeat(10001);
    return row;
  },
  sendpilot(g, k) {
    const row = { linkedinUrl: linkedin(g, k), firstName: g.pick(FIRST), lastName: g.pick(LAST) };
    if (g.chance(0.4)) row.company = `Acme ${k % 300}`;
    if (g.chance(0.5)) row.industry = g.pick(['SaaS', 'Fintech', 'Retail']);
    if (g.chance(0.2)) row.customScore = k % 100;
    if (g.chance(0.1)) row.vip = g.chance(0.5);
    if (g.chance(0.1)) row.icebreaker = 'Loved your talk on ' + 'AI '.repeat(1 + (k % 40));
    if (g.chance(0.03)) row.nested = { not: 'flat' };
    if (g.chance(0.03)) delete row.linkedinUrl;
    if (g.chance(0.02)) row.linkedinUrl = `https://www.linkedin.com/company/acme-${k}`;
    if (g.chance(0.02)) row.linkedinUrl = 'https://example.com/in/nobody';
    return row;
  },
  reached(g, k) {
    const row = {};
    const which = g.int(6);
    if (which <= 2) row.phone = phoneUS(g, k);
    if (which === 1 || which === 3 || which === 4) row.email = email(g, k);
    if (which === 2 || which === 4 || which === 5) row.lead_id = g.chance(0.3) ? uuid(k).toUpperCase() : uuid(k);
    if (g.chance(0.5)) row.first_name = g.pick(FIRST);
    if (g.chance(0.3)) row.company_name = `Acme ${k % 300}`;
    if (g.chance(0.1)) row.linkedin_url = linkedin(g, k);
    if (g.chance(0.03)) row.phone = g.pick(['12', '+0 123 456', 'call me']);
    if (g.chance(0.03)) row.lead_id = 'not-a-uuid';
    if (g.chance(0.03)) return { first_name: 'Nobody', title: 'no identity' };
    return row;
  },
  sendkit(g, k) {
    const row = {};
    if (g.chance(0.3)) row.leadId = g.chance(0.3) ? hex24(k).toUpperCase() : hex24(k);
    if (!row.leadId || g.chance(0.3)) row.email = email(g, k);
    if (g.chance(0.5)) row.firstName = g.pick(FIRST);
    if (g.chance(0.3)) row.companyName = `Acme ${k % 300}`;
    if (g.chance(0.05)) row.tags = ['vip'];
    if (g.chance(0.03)) row.leadId = hex24(k).slice(1);
    if (g.chance(0.03)) return { firstName: 'Nobody' };
    return row;
  },
  puffle(g, k) {
    const row = {};
    if (g.chance(0.85)) row.email = email(g, k);
    if (g.chance(0.85)) row.linkedin_url = linkedin(g, k);
    if (g.chance(0.5)) row.first_name = g.pick(FIRST);
    if (g.chance(0.3)) row.custom_fields = { industry: g.pick(['SaaS', 'Fintech']), deal: k % 1000 };
    if (g.chance(0.03)) row.linkedin_url = `https://www.linkedin.com/in/imported-${k}`;
    if (g.chance(0.03)) row.email = 'broken@';
    if (g.chance(0.02)) row.custom_fields = 'not an object';
    if (g.chance(0.02)) row.favourite = 'unknown column';
    return row;
  },
};

/**
 * n deterministic rows for a provider: mostly valid, with duplicates (the same
 * identity written differently), invalid rows and non-object rows.
 */
function generateRows(provider, n, seed = 1) {
  const g = makeGen(seed);
  const make = ROW_MAKERS[provider];
  const identities = Math.max(1, Math.floor(n * 0.7)); // ~30% of rows reuse an identity
  const rows = new Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = g.chance(0.01) ? junk(g) : make(g, g.int(identities));
    // now and then a lone UTF-16 surrogate in a key and a value
    if (g.chance(0.002) && rows[i] && typeof rows[i] === 'object' && !Array.isArray(rows[i])) rows[i]['note\udc00'] = 'x\ud800y';
  }
  return rows;
}

module.exports = {
  NPM_DIR,
  PROVIDERS,
  ALL_PROVIDERS,
  UUID_A,
  UUID_B,
  engine,
  codes,
  shape,
  assertProblemShape,
  assertPlanInvariants,
  assertThrowsNaming,
  rng,
  generateRows,
  hex24,
  uuid,
};
