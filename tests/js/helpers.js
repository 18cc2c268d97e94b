'use strict';
// Shared setup for the JS tests: one engine per test process, row assertions,
// plan invariants, and a deterministic generator of messy rows for any
// provider, built from engine.describeProvider() (no provider is named here).

const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const NPM_DIR = path.resolve(__dirname, '../../npm');
const { load } = require(NPM_DIR);

let enginePromise = null;
let loaded = null; // the engine once engine() has resolved
/** The engine, loaded once per process. */
function engine() {
  if (!enginePromise) enginePromise = load().then((e) => (loaded = e));
  return enginePromise;
}

// The engine's registry, known when this file is required (test names are
// made from it before any engine loads): asked of the engine in a child.
const PROVIDERS = JSON.parse(
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(NPM_DIR)}).load().then((e) => process.stdout.write(JSON.stringify(e.providers())))`], {
    encoding: 'utf8',
  }),
);
const descriptions = new Map();
/** engine.describeProvider(provider, options), cached; needs `await engine()` first. */
function description(provider, options = {}) {
  if (!loaded) throw new Error('await engine() before describing a provider');
  const key = provider + '\u0000' + JSON.stringify(options);
  if (!descriptions.has(key)) descriptions.set(key, loaded.describeProvider(provider, options));
  return descriptions.get(key);
}
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

/** Every problem is { field: string|null, code: string, message: non-empty string }, then
 *  optionally dropped: true (the value is left out of the request) and hint: string. */
function assertProblemShape(p) {
  const keys = Object.keys(p);
  assert.deepEqual(keys.slice(0, 3), ['field', 'code', 'message']);
  for (const k of keys.slice(3)) assert.ok(k === 'dropped' || k === 'hint', `unexpected problem key ${k}`);
  if ('dropped' in p) assert.equal(p.dropped, true);
  if ('hint' in p) assert.ok(typeof p.hint === 'string' && p.hint.length > 0);
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
    const shapeOfBody = description(provider).body;
    const leads = shapeOfBody === 'lead' ? [req.body] : req.body[Object.keys(req.body).find((k) => Array.isArray(req.body[k]))];
    assert.equal(leads.length, req.indexes.length);
    req.indexes.forEach((ix, k) => {
      if (JSON.stringify(leads[k]) !== JSON.stringify(plan.rows[ix].lead)) assert.deepEqual(leads[k], plan.rows[ix].lead);
    });
    if (shapeOfBody === 'campaignIdAndLeads') assert.deepEqual(Object.keys(req.body), ['campaignId', 'leads']);
    if (shapeOfBody === 'campaignIdAndLeads') assert.equal(req.body.campaignId, campaignId);
    if (shapeOfBody === 'leads') assert.deepEqual(Object.keys(req.body), ['leads']);
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

/** The shortest time the documented add limit allows `n` requests: a token bucket of `burst` (else `requests`) tokens. */
function minDurationSeconds(provider, n) {
  const l = description(provider).rateLimits.find((x) => x.scope === 'add');
  if (!l) return 0;
  const capacity = l.burst || l.requests;
  return n <= capacity ? 0 : Math.round(((n - capacity) * l.windowSeconds * 1000) / l.requests) / 1000;
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

const WORDS = ['VP Sales', 'CEO', 'Head of Growth', 'Acme', 'Globex', 'Initech'];

// A value of the field's format: usually valid, written messily.
function formatValue(g, f, k) {
  switch (f.format) {
    case 'email':
      return email(g, k);
    case 'linkedinProfile':
      return linkedin(g, k);
    case 'linkedinCompany':
      return `https://www.linkedin.com/company/acme-${k % 300}`;
    case 'phone':
      return phoneUS(g, k);
    case 'uuid':
      return g.chance(0.3) ? uuid(k).toUpperCase() : uuid(k);
    case 'hexId24':
      return g.chance(0.3) ? hex24(k).toUpperCase() : hex24(k);
    case 'domain':
      return g.chance(0.5) ? `https://www.Acme${k % 97}.com/about` : g.pick(FREE);
    case 'url':
      return `https://acme${k % 97}.com`;
    case 'country':
      return g.pick(['fr', 'US', 'Germany']);
    default:
      return null;
  }
}
// A value of the field's type (strings get names and words).
function typedValue(g, f, k) {
  const v = formatValue(g, f, k);
  if (v !== null) return v;
  switch (f.type) {
    case 'integer':
      return 10 + (k % 900);
    case 'number':
      return (k % 1000) / 10;
    case 'boolean':
      return g.chance(0.5);
    case 'stringArray':
      return ['AWS'];
    case 'freeObject':
    case 'any':
      return { notes: [1, { deep: true }] };
    case 'scalar':
      return g.pick(['x', 3, true, null]);
    case 'object':
      return undefined;
    default:
      return /name/i.test(f.path) ? `${g.pick(FIRST)} ${g.pick(LAST)}` : `${g.pick(WORDS)} ${k % 500}`;
  }
}
// A value the field refuses.
function wrongValue(g, f) {
  if (f.format) return g.pick(['no-at-sign', 'x@y', 'call me', 'not-a-uuid', 'https://example.com/in/nobody', 42]);
  if (f.type === 'string') return g.chance(0.5) ? 'n'.repeat((f.maxLength || 200) + 1) : { not: 'a string' };
  if (f.type === 'integer' || f.type === 'number') return g.pick(['many', '250']);
  return 'not ' + f.type;
}
function setPath(row, p, v) {
  const parts = p.split('.');
  let o = row;
  for (const k of parts.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k];
  }
  o[parts[parts.length - 1]] = v;
}

// One row for the provider: its identities (one or more, now and then none),
// its required fields, some optional fields, custom fields where it has them,
// and now and then a value it refuses or a field it does not know.
function describedRow(g, d, k) {
  const row = {};
  const byPath = new Map(d.fields.map((f) => [f.path, f]));
  const ids = d.identity.anyOf.map((p) => byPath.get(p)).filter(Boolean);
  const keys = d.identity.dedupKeys.map((x) => byPath.get(x.field)).filter(Boolean);
  if (ids.length) {
    const first = ids[g.int(ids.length)];
    row[first.path] = typedValue(g, first, k);
  }
  for (const f of keys) if (row[f.path] === undefined && g.chance(0.4)) row[f.path] = typedValue(g, f, k);
  for (const f of d.fields) {
    if (row[f.path] !== undefined || f.path.split('.').length > 3) continue;
    if (f.required) setPath(row, f.path, typedValue(g, f, k));
    else if (g.chance(0.08)) {
      const v = typedValue(g, f, k);
      if (v !== undefined) setPath(row, f.path, v);
    }
  }
  if (d.customFields) {
    if (d.customFieldsIn) {
      if (g.chance(0.3)) row[d.customFieldsIn] = { industry: g.pick(['SaaS', 'Fintech']), deal: k % 1000 };
      if (g.chance(0.02)) row[d.customFieldsIn] = 'not an object';
    } else {
      if (g.chance(0.5)) row.industry = g.pick(['SaaS', 'Fintech', 'Retail']);
      if (g.chance(0.2)) row.customScore = k % 100;
      if (g.chance(0.03)) row.nested = { not: 'flat' };
    }
  }
  if (g.chance(0.05)) row.favouriteColour = 'teal';
  if (g.chance(0.03)) {
    const f = d.fields[g.int(d.fields.length)];
    if (!f.path.includes('.') && f.type !== 'object') row[f.path] = wrongValue(g, f);
  }
  if (g.chance(0.03)) for (const f of ids) delete row[f.path];
  return row;
}

/**
 * n deterministic rows for a provider: mostly valid, with duplicates (the same
 * identity written differently), invalid rows and non-object rows.
 */
function generateRows(provider, n, seed = 1) {
  const g = makeGen(seed);
  const d = description(provider);
  const make = (gen, k) => describedRow(gen, d, k);
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
  UUID_A,
  UUID_B,
  engine,
  codes,
  shape,
  assertProblemShape,
  assertPlanInvariants,
  rng,
  generateRows,
  description,
  hex24,
  uuid,
};
