// The emulator names no provider: its routes, batch limits, auth schemes and
// error bodies come from describeProvider(), its answers from emulateAnswer().
// A provider the emulator has never heard of (here "acme": an engine whose
// registry holds one more provider, backed by one of the real ones, with its
// own path, auth scheme and error body) is served as described.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const { createEmulator } = await import(join(ROOT, 'npm', 'lib', 'emulator.mjs'));
const real = await load();

// A real provider with a {leads} body and no draft rule, to run "acme" on.
const BASE = real
  .providers()
  .find((p) => real.describeProvider(p).body === 'leads' && !real.describeProvider(p).refusesBatchWithoutIdentity && !real.describeProvider(p).freezesOnLaunch);

// An engine with "acme" added: described as BASE but with `change` applied, and run as BASE.
function withAcme(change) {
  const as = (p) => (p === 'acme' ? BASE : p);
  return {
    ...real,
    providers: () => [...real.providers(), 'acme'],
    describeProvider(p, o) {
      const d = real.describeProvider(as(p), o);
      return p === 'acme' ? { ...d, id: 'acme', ...change } : d;
    },
    createRoster: (p, o) => real.createRoster(as(p), o),
    validateLead: (p, l, o) => real.validateLead(as(p), l, o),
    emulateAnswer: (p, r) => real.emulateAnswer(as(p), r),
  };
}

const lead = (k) => ({ email: `p${k}@acme-corp.com`, first_name: 'A', firstName: 'A' });

async function served(change, fn) {
  const engine = withAcme(change);
  const emu = createEmulator({ engine, keys: ['k1'], campaigns: [{ provider: 'acme', id: 'c1' }], rateLimits: { acme: null } });
  const { url } = await emu.listen(0);
  try {
    await fn(url);
  } finally {
    await emu.close();
  }
}

test('a provider known only by its description: its path, batch limit, query-parameter key and error body', { skip: !BASE }, async () => {
  const change = {
    path: '/acme/v9/lists/{campaignId}/import',
    batch: { min: 1, max: 3, default: 3 },
    auth: [{ scheme: 'query', name: 'api_key' }],
    errors: {
      body: { ok: false, problem: { kind: '$code', text: '$message', http: '$status' } },
      codes: { 401: 'NO_KEY', 404: 'NO_LIST' },
      defaultCode: 'OOPS',
      missingKeyCode: null,
      invalidBatch: null,
    },
  };
  await served(change, async (url) => {
    const post = (path, body) => fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    // no key, a wrong key: 401 in acme's shape
    let r = await post('/acme/v9/lists/c1/import', { leads: [lead(1)] });
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), { ok: false, problem: { kind: 'NO_KEY', text: 'Missing API key', http: 401 } });
    r = await post('/acme/v9/lists/c1/import?api_key=nope', { leads: [lead(1)] });
    assert.equal(r.status, 401);
    // the key in the query parameter: the leads are added
    r = await post('/acme/v9/lists/c1/import?api_key=k1', { leads: [lead(1), lead(2)] });
    assert.equal(r.status, 200);
    const got = await r.json();
    const reading = real.readResponse(BASE, { indexes: [0, 1], body: { leads: [lead(1), lead(2)] } }, 200, {}, JSON.stringify(got));
    assert.deepEqual(
      reading.rows.map((x) => x.result),
      ['added', 'added'],
    );
    // batch.max from the description
    r = await post('/acme/v9/lists/c1/import?api_key=k1', { leads: [lead(3), lead(4), lead(5), lead(6)] });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).problem.kind, 'OOPS');
    // an unknown campaign: 404 in acme's shape
    r = await post('/acme/v9/lists/c2/import?api_key=k1', { leads: [lead(7)] });
    assert.equal(r.status, 404);
    assert.equal((await r.json()).problem.kind, 'NO_LIST');
    // the old path of the base provider is not acme's
    const state = await (await fetch(`${url}/_emulator/state`)).json();
    assert.equal(state.campaigns[0].count, 2);
  });
});

test('Basic auth with the key as password, and a header key, from the description', { skip: !BASE }, async () => {
  const basic = (user, key) => 'Basic ' + Buffer.from(`${user}:${key}`).toString('base64');
  await served({ path: '/acme/{campaignId}/leads', auth: [{ scheme: 'basic', name: 'Authorization' }] }, async (url) => {
    const post = (headers) =>
      fetch(`${url}/acme/c1/leads`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ leads: [lead(1)] }),
      });
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ Authorization: 'Bearer k1' })).status, 401);
    assert.equal((await post({ Authorization: basic('', 'nope') })).status, 401);
    assert.equal((await post({ Authorization: basic('', 'k1') })).status, 200);
  });
  await served({ path: '/acme/{campaignId}/leads', auth: [{ scheme: 'header', name: 'X-Acme-Token' }] }, async (url) => {
    const post = (headers) =>
      fetch(`${url}/acme/c1/leads`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ leads: [lead(1)] }),
      });
    assert.equal((await post({ 'X-Api-Key': 'k1' })).status, 401);
    assert.equal((await post({ 'X-Acme-Token': 'k1' })).status, 200);
  });
});

test('every registered provider describes where its key goes and how its errors look', () => {
  for (const p of real.providers()) {
    const d = real.describeProvider(p);
    assert.ok(d.auth.length >= 1, p);
    for (const a of d.auth) assert.ok(['header', 'bearer', 'basic', 'query'].includes(a.scheme) && a.name, p);
    assert.equal(typeof d.errors.body, 'object', p);
    assert.ok(JSON.stringify(d.errors.body).includes('$message'), p);
  }
});

test('emulateAnswer: the provider file answers for the rows its campaign made', () => {
  for (const p of real.providers()) {
    const d = real.describeProvider(p);
    const leads = d.body === 'lead' ? [{ email: 'a@b.co' }] : [{ email: 'a@b.co' }, { email: 'c@d.co' }];
    const rows = leads.map((_, i) => ({ index: i, status: 'ok', id: `id${i}`, errors: [], warnings: [] }));
    const ok = real.emulateAnswer(p, { campaignId: 'c1', leads, rows });
    assert.ok(ok.status >= 200 && ok.status < 300, p);
    // what the engine reads from that answer: every row added
    const reading = real.readResponse(
      p,
      { indexes: leads.map((_, i) => i), body: d.body === 'lead' ? leads[0] : { leads } },
      ok.status,
      {},
      JSON.stringify(ok.body),
    );
    assert.deepEqual(
      reading.rows.map((r) => r.result),
      leads.map(() => 'added'),
      p,
    );
    // a duplicate row is read back as a duplicate (or the request as refused)
    const dup = real.emulateAnswer(p, {
      campaignId: 'c1',
      leads: [leads[0]],
      rows: [{ index: 0, status: 'duplicate', existingId: 'id0', errors: [], warnings: [] }],
    });
    if (dup.status >= 400) assert.equal(typeof dup.body.message, 'string', p);
    else {
      const r = real.readResponse(p, { indexes: [0], body: d.body === 'lead' ? leads[0] : { leads: [leads[0]] } }, dup.status, {}, JSON.stringify(dup.body));
      assert.deepEqual(
        r.rows.map((x) => x.result),
        ['duplicate'],
        p,
      );
    }
  }
  assert.throws(
    () => real.emulateAnswer(real.providers()[0], { leads: 'no' }),
    (e) => e.code === 'invalid_type' || e instanceof TypeError,
  );
});
