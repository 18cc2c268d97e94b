'use strict';
// The npm package as users get it: the CJS, ESM and browser/edge entries load
// and work; the normalizers never throw; bad arguments throw an Error naming
// the argument; rows JSON cannot express become per-row errors; and `npm pack`
// gives a tarball that installs offline and works through require and import.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const { engine, codes, NPM_DIR, PROVIDERS, UUID_A, UUID_B } = require('./helpers');

const WASM = path.join(NPM_DIR, 'dist/leadroster.wasm');

// A small end-to-end use of an engine, whichever entry loaded it.
function smoke(e) {
  assert.equal(typeof e.version, 'string');
  assert.match(e.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(e.providers(), PROVIDERS);
  assert.deepEqual(e.normalizeEmail('  Mary.Leroy@Soylent.FR '), { ok: true, value: 'mary.leroy@soylent.fr', domain: 'soylent.fr' });
  const plan = e.plan('sendpilot', [{ linkedinUrl: 'de.linkedin.com/in/Mary-Leroy-090/?originalSubdomain=fr' }], { campaignId: 'c1' });
  assert.equal(plan.requests[0].body.leads[0].linkedinUrl, 'https://www.linkedin.com/in/mary-leroy-090');
}

// ---------------------------------------------------------------- entries

test('CommonJS: require("npm").load() works', async () => {
  const cjs = require(NPM_DIR);
  assert.equal(typeof cjs.load, 'function');
  assert.equal(cjs.default.load, cjs.load);
  smoke(await cjs.load());
});

test('ESM: import("npm/index.mjs") works (named and default export)', async () => {
  const mod = await import(pathToFileURL(path.join(NPM_DIR, 'index.mjs')).href);
  smoke(await mod.load());
  smoke(await mod.default.load());
  // and with the bytes or a compiled module handed over
  const bytes = fs.readFileSync(WASM);
  smoke(await mod.load({ wasmBinary: bytes }));
  smoke(await mod.load({ module: await WebAssembly.compile(bytes) }));
});

test('browser.mjs in Node with a precompiled module (the edge-runtime path)', async () => {
  const mod = await import(pathToFileURL(path.join(NPM_DIR, 'browser.mjs')).href);
  const bytes = fs.readFileSync(WASM);
  const e = await mod.load({ module: await WebAssembly.compile(bytes) });
  smoke(e);
  smoke(await mod.load({ wasmBinary: new Uint8Array(bytes) }));
  smoke(await mod.default.load({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }));
});

test('load() with a module that cannot serve as the engine rejects (no hang, no crash)', async () => {
  const empty = await WebAssembly.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  for (const entry of ['index.mjs', 'browser.mjs']) {
    const mod = await import(pathToFileURL(path.join(NPM_DIR, entry)).href);
    const refused = (e) => e.name === 'LoadError' && e.code === 'load_failed' && e.tried === 'options.module';
    await assert.rejects(mod.load({ module: empty }), refused, entry);
    await assert.rejects(mod.load({ module: { not: 'a module' } }), refused, entry);
  }
});

test('engine.providers() lists the registered providers and returns a fresh array', async () => {
  const e = await engine();
  const list = e.providers();
  assert.deepEqual(list, PROVIDERS);
  list.push('mutated');
  assert.equal(e.providers().length, PROVIDERS.length);
});

// ---------------------------------------------------------------- normalizers never throw

const FIVE_MB = 5 * 1024 * 1024;
const NASTY = [
  undefined,
  null,
  0,
  42,
  -1.5,
  NaN,
  Infinity,
  true,
  10n,
  Symbol('s'),
  {},
  [],
  ['a@b.co'],
  { toString: () => 'a@b.co' },
  {
    toString() {
      throw new Error('boom');
    },
  },
  () => 'x',
  new String('a@b.co'),
  '',
  ' ',
  '\u0000',
  'a\u0000b@c.com',
  '\ud800',
  '\udfff@x.com',
  'a\ud800@x.com',
  'https://www.linkedin.com/in/\udc00x',
  '+33 6\ud800 12 34 56 78',
  '😀@😀.com',
  '\u202e@\u202d.com',
  'x'.repeat(FIVE_MB),
  'a@' + 'b'.repeat(FIVE_MB) + '.com',
  '+1' + '5'.repeat(FIVE_MB),
  'https://www.linkedin.com/in/' + 'x'.repeat(FIVE_MB),
  'https://' + 'a.'.repeat(FIVE_MB / 2) + 'com',
  '\ud800'.repeat(1000),
];

const NORMALIZERS = {
  normalizeEmail: 'invalid_email',
  normalizeLinkedInUrl: 'invalid_linkedin_url',
  normalizePhone: 'invalid_phone',
  normalizeDomain: 'invalid_domain',
  normalizeUuid: 'invalid_uuid',
};

function assertResult(r, code, what) {
  assert.equal(typeof r, 'object', what);
  assert.ok(r !== null, what);
  if (r.ok === true) {
    assert.equal(typeof r.value, 'string', what);
  } else {
    assert.equal(r.ok, false, what);
    assert.equal(r.code, code, what);
    assert.ok(typeof r.message === 'string' && r.message.length > 0, what);
  }
}

test('normalizers never throw, whatever the input', { timeout: 60000 }, async () => {
  const e = await engine();
  for (const [fn, code] of Object.entries(NORMALIZERS)) {
    NASTY.forEach((input, i) => {
      const what = `${fn}(NASTY[${i}])`;
      let r;
      assert.doesNotThrow(() => {
        r = e[fn](input);
      }, what);
      assertResult(r, code, what);
      if (typeof input !== 'string') assert.equal(r.ok, false, what + ' of a non-string');
    });
  }
  for (const country of [undefined, null, '', 'FR', 'fr', 'ZZ', 'FRA', 42, {}, '\ud800', 'x'.repeat(FIVE_MB)]) {
    let r;
    assert.doesNotThrow(() => {
      r = e.normalizePhone('06 12 34 56 78', country);
    });
    assertResult(r, 'invalid_phone', `normalizePhone(_, ${String(country).slice(0, 10)})`);
  }
  for (const input of NASTY) {
    let r;
    assert.doesNotThrow(() => {
      r = e.isFreeMailDomain(input);
    });
    assert.equal(typeof r, 'boolean');
  }
});

test('normalizers answer { ok: false, code } for bad values and { ok: true, value } for good ones', async () => {
  const e = await engine();
  const bad = {
    normalizeEmail: ['mary@@soylent.fr', 'mary@soylent', 'no-at-sign', 'a b@c.com', 'a@' + 'b'.repeat(300) + '.com', 'a\ud800@x.com'],
    normalizeLinkedInUrl: ['https://www.linkedin.com/talent/profile/AEMAAA', 'https://example.com/in/x', 'linkedin', 'https://www.linkedin.com/in/'],
    normalizePhone: ['+0 123 456', 'call me', '12', '+999 1234 5678'],
    normalizeDomain: ['soylent..fr', 'localhost', '-a.com', 'a_b.com', ''],
    normalizeUuid: ['nope', '3f1c2d4e-0000-4000-8000-00000000000', '3f1c2d4e-0000-4000-8000-00000000000g'],
  };
  for (const [fn, inputs] of Object.entries(bad)) {
    for (const s of inputs) {
      const r = e[fn](s);
      assert.equal(r.ok, false, `${fn}(${JSON.stringify(s).slice(0, 40)}) should fail`);
      assert.deepEqual(Object.keys(r), ['ok', 'code', 'message']);
      assert.equal(r.code, NORMALIZERS[fn]);
    }
  }
  assert.deepEqual(e.normalizeLinkedInUrl('de.linkedin.com/in/Mary-Leroy-090/?originalSubdomain=fr'), {
    ok: true,
    value: 'https://www.linkedin.com/in/mary-leroy-090',
    kind: 'profile',
  });
  assert.deepEqual(e.normalizeLinkedInUrl('linkedin.com/company/acme/'), {
    ok: true,
    value: 'https://www.linkedin.com/company/acme',
    kind: 'company',
  });
  assert.deepEqual(e.normalizePhone('07.53.71.43.02', 'FR'), { ok: true, value: '+33753714302' });
  assert.deepEqual(e.normalizePhone('07.53.71.43.02', 'fr'), { ok: true, value: '+33753714302' });
  assert.equal(e.normalizePhone('07.53.71.43.02').ok, false, 'a national number needs a default country');
  assert.deepEqual(e.normalizeDomain('https://www.Soylent.fr/contact'), { ok: true, value: 'soylent.fr' });
  assert.deepEqual(e.normalizeUuid('3F1C2D4E00004000800000000000000A'), { ok: true, value: UUID_A });
  assert.equal(e.isFreeMailDomain('gmail.com'), true);
  assert.equal(e.isFreeMailDomain(' GMAIL.com '), true);
  assert.equal(e.isFreeMailDomain('soylent.fr'), false);
});

// ---------------------------------------------------------------- bad arguments

test('bad arguments throw an Error with its code, naming the option (err.option) or the argument', async () => {
  const e = await engine();
  const ok = { campaignId: 'c1' };
  const uuidOk = { campaignId: UUID_A };
  // [call, err.code, err.option, what the message names when no option does]
  const cases = [
    [() => e.plan('mailchimp', [], ok), 'unknown_provider', null, /provider/],
    [() => e.plan(undefined, [], ok), 'invalid_type', null, /provider/],
    [() => e.plan('SENDKIT', [], ok), 'unknown_provider', null, /provider/],
    [() => e.plan('sendkit', 'rows', ok), 'invalid_type', null, /rows/],
    [() => e.plan('sendkit', null, ok), 'invalid_type', null, /rows/],
    [() => e.plan('sendkit', { length: 1, 0: {} }, ok), 'invalid_type', null, /rows/],
    [() => e.plan('sendkit', [], 'c1'), 'invalid_type', null, /options/],
    [() => e.plan('sendkit', [], []), 'invalid_type', null, /options/],
    [() => e.plan('sendkit', []), 'missing_field', 'campaignId', /campaignId/],
    [() => e.plan('sendkit', [], { campaignId: 5 }), 'invalid_type', 'campaignId', /options\.campaignId/],
    [() => e.plan('reached', [], ok), 'invalid_value', 'campaignId', /options\.campaignId.*uuid/],
    [() => e.plan('puffle', [], ok), 'invalid_value', 'campaignId', /options\.campaignId.*uuid/],
    [() => e.plan('sendpilot', [], { ...ok, batchSize: 101 }), 'invalid_value', 'batchSize', /options\.batchSize/],
    [() => e.plan('sendpilot', [], { ...ok, batchSize: 0 }), 'invalid_value', 'batchSize', /options\.batchSize/],
    [() => e.plan('sendpilot', [], { ...ok, batchSize: 2.5 }), 'invalid_value', 'batchSize', /options\.batchSize/],
    [() => e.plan('magnetite', [], { ...ok, batchSize: 2 }), 'invalid_value', 'batchSize', /options\.batchSize/],
    [() => e.plan('reached', [], { ...uuidOk, batchSize: 10001 }), 'invalid_value', 'batchSize', /options\.batchSize/],
    [() => e.plan('sendkit', [], { ...ok, maxBodyBytes: 10 }), 'invalid_value', 'maxBodyBytes', /options\.maxBodyBytes/],
    [() => e.plan('sendkit', [], { ...ok, maxBodyBytes: 'big' }), 'invalid_type', 'maxBodyBytes', /options\.maxBodyBytes/],
    [() => e.plan('sendkit', [], { ...ok, defaultCountry: 'ZZ' }), 'invalid_value', 'defaultCountry', /options\.defaultCountry/],
    [() => e.plan('sendkit', [], { ...ok, defaultCountry: 33 }), 'invalid_type', 'defaultCountry', /options\.defaultCountry/],
    [() => e.plan('puffle', [], { campaignId: UUID_B, channel: 'sms' }), 'invalid_value', 'channel', /options\.channel/],
    [() => e.plan('sendkit', [], { ...ok, existing: {} }), 'invalid_type', 'existing', /options\.existing/],
    [() => e.plan('sendkit', [], { ...ok, foldGmail: 'yes' }), 'invalid_type', 'foldGmail', /options\.foldGmail/],
    [() => e.plan('sendkit', [], { ...ok, template: 5 }), 'invalid_type', 'template', /options\.template/],
    [() => e.plan('sendkit', [], { ...ok, big: 1n }), 'invalid_type', null, /options/],
    [() => e.createPlanner('nope', ok), 'unknown_provider', null, /provider/],
    [() => e.createPlanner('sendkit', ok).push('x'), 'invalid_type', null, /rows/],
    [() => e.createPlanner('sendkit', ok).pushNdjson(['{}']), 'invalid_type', null, /text/],
    [() => e.createRoster(42), 'invalid_type', null, /provider/],
    [() => e.createRoster('puffle', { channel: 'fax' }), 'invalid_value', 'channel', /options\.channel/],
    [() => e.createRoster('puffle').add({}), 'invalid_type', null, /rows/],
    [() => e.createRoster('puffle').patch(5, {}), 'invalid_type', null, /id/],
    [() => e.createRoster('puffle').patch('x', null), 'invalid_type', null, /fields/],
    [() => e.createRoster('puffle').patch('x', ['a']), 'invalid_type', null, /fields/],
    [() => e.createRoster('puffle').remove(null), 'invalid_type', null, /ids|all/],
    [() => e.createRoster('puffle').list({ limit: 500 }), 'invalid_value', 'limit', /limit/],
    [() => e.createRoster('puffle').list({ page: 0 }), 'invalid_value', 'page', /page/],
    [() => e.createRoster('puffle').list({ status: 5 }), 'invalid_type', 'status', /status/],
    [() => e.validateLead('nope', {}), 'unknown_provider', null, /provider/],
    [() => e.validateLead('sendkit', {}, { batchSize: 'x' }), 'invalid_type', 'batchSize', /batchSize/],
    [() => e.predictResponse('nope', { requests: [] }), 'unknown_provider', null, /provider/],
    [() => e.predictResponse('sendkit', null), 'invalid_type', null, /plan/],
    [() => e.predictResponse('sendkit', { requests: 'x' }), 'invalid_type', null, /plan/],
    [() => e.predictResponse('sendkit', { requests: [{ path: '/x' }] }), 'invalid_type', null, /plan\.requests\[0\]/],
    [() => e.sendkitFilterRequest('', { tags: ['a'] }), 'invalid_type', null, /campaignId/],
    [() => e.sendkitFilterRequest(5, { tags: ['a'] }), 'invalid_type', null, /campaignId/],
    [() => e.sendkitFilterRequest('c', ['a']), 'invalid_type', null, /filters/],
    [() => e.sendkitFilterRequest('c', null), 'invalid_type', null, /filters/],
    [() => e.sendkitSelectAllRequest('', []), 'invalid_type', null, /campaignId/],
    [() => e.sendkitSelectAllRequest('c', 'id'), 'invalid_type', null, /excludeIds/],
  ];
  cases.forEach(([fn, code, option, re], i) => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof Error, `case ${i}: an Error`);
      assert.equal(err.code, code, `case ${i} (${re}): code`);
      assert.equal(err.option, option, `case ${i} (${re}): option`);
      // an argument that is not an option (provider, rows, id...) is named by the message only
      if (option === null) assert.match(err.message, re, `case ${i}`);
      return;
    }
    assert.fail(`case ${i} (${re}) did not throw`);
  });
});

test('a deleted roster refuses calls; delete twice is harmless', async () => {
  const e = await engine();
  const r = e.createRoster('sendkit');
  r.delete();
  r.delete();
  assert.throws(
    () => r.add([]),
    (x) => x.code === 'invalid_state',
  );
  assert.throws(
    () => r.size(),
    (x) => x.code === 'invalid_state',
  );
});

// ---------------------------------------------------------------- rows JSON cannot express

test('rows JSON cannot express are invalid one by one, with the right index across chunks', async () => {
  const e = await engine();
  const rows = [];
  for (let i = 0; i < 9000; i++) rows.push({ email: `p${i}@acme.com` });
  const cycle = { email: 'cycle@acme.com' };
  cycle.self = cycle;
  rows[5000] = { email: 'big@acme.com', n: 1n }; // in plan()'s second 4096-row chunk
  rows[8200] = cycle; // in the third
  rows[10] = undefined;
  rows[11] = () => 1;
  const plan = e.plan('sendkit', rows, { campaignId: 'c' });
  const bad = plan.rows.filter((r) => r.status === 'invalid');
  assert.deepEqual(
    bad.map((r) => r.index),
    [10, 11, 5000, 8200],
  );
  assert.match(plan.rows[5000].errors[0].message, /cannot be serialized.*BigInt/);
  assert.match(plan.rows[8200].errors[0].message, /cannot be serialized.*circular/i);
  assert.match(plan.rows[10].errors[0].message, /not null/);
  for (const r of bad) assert.deepEqual([r.errors[0].field, r.errors[0].code], [null, 'invalid_type']);
  assert.equal(plan.summary.ok, 8996);

  // the same through a planner that has already seen rows (offsets move)
  const p = e.createPlanner('sendkit', { campaignId: 'c' });
  try {
    p.push(rows.slice(0, 123));
    const part = p.push([{ email: 'a@b.co' }, { email: 'c@d.co', n: 2n }]);
    assert.deepEqual(
      part.rows.map((r) => [r.index, r.status]),
      [
        [123, 'ok'],
        [124, 'invalid'],
      ],
    );
    assert.match(part.rows[1].errors[0].message, /BigInt/);
  } finally {
    p.delete();
  }

  const r = e.createRoster('sendkit');
  const added = r.add([{ email: 'x@acme.com', n: 3n }, { email: 'y@acme.com' }]);
  assert.deepEqual(
    added.map((x) => x.status),
    ['invalid', 'ok'],
  );
  assert.match(added[0].errors[0].message, /BigInt/);
  r.delete();
  const v = e.validateLead('sendkit', cycle);
  assert.equal(v.ok, false);
  assert.deepEqual([v.errors[0].field, v.errors[0].code], [null, 'invalid_type']);
});

test('a lone surrogate in a row becomes U+FFFD instead of making the row invalid', async () => {
  const e = await engine();
  const row = { email: 'mary@acme.com', firstName: 'Ma\ud800ry', ['note\udc00']: 'x' };
  const plan = e.plan('sendkit', [row, { email: 'pa\\ud800ul@acme.com' }], { campaignId: 'c' });
  assert.equal(plan.rows[0].status, 'ok', JSON.stringify(plan.rows[0].errors));
  assert.equal(plan.rows[0].lead.firstName, 'Ma\ufffdry');
  assert.deepEqual(
    plan.rows[0].warnings.map((w) => [w.field, w.code]),
    [['note\ufffd', 'unknown_field']],
  );
  // a real backslash followed by "ud800" is text, not an escape
  assert.equal(plan.rows[1].status, 'invalid');
  assert.match(plan.rows[1].errors[0].message, /email/);
  assert.equal(e.validateLead('sendkit', row).ok, true);
  const p = e.createPlanner('sendkit', { campaignId: 'c' });
  try {
    const nd = p.pushNdjson(JSON.stringify(row) + '\n' + '{"email":"b@acme.com","firstName":"\ud800"}');
    assert.deepEqual(
      nd.rows.map((r) => r.status),
      ['ok', 'ok'],
    );
    assert.equal(nd.rows[1].lead.firstName, '\ufffd');
  } finally {
    p.delete();
  }
  const roster = e.createRoster('puffle');
  const [added] = roster.add([{ email: 'x@acme.com', first_name: '\udfff' }]);
  assert.equal(added.status, 'ok');
  assert.equal(roster.patch(added.id, { first_name: 'A\ud800' }).lead.first_name, 'A\ufffd');
  assert.deepEqual(roster.remove({ ids: ['\ud800'] }), { ok: true, removed: 0, notFound: ['\ufffd'] });
  roster.delete();
  // documents read whole (options, filters) take them too
  const t = e.plan('puffle', [{ email: 'a@acme.com' }], { campaignId: UUID_B, template: '%first_name% \ud800', existing: [{ email: 'b\udc00@acme.com' }] });
  assert.deepEqual(codes(t.rows[0].warnings), ['first_name:template_variable_missing']);
  assert.equal(e.sendkitFilterRequest('c', { search: 'x\ud800' }).request.body.filters.search, 'x\ufffd');
});

test('the WASM heap does not grow over repeated plans, planners and rosters', async () => {
  const e = await engine();
  const rows = [];
  for (let i = 0; i < 500; i++) rows.push({ email: `p${i % 400}@acme.com`, firstName: 'x'.repeat(i % 50) });
  const cycle = () => {
    e.plan('sendkit', rows, { campaignId: 'c' });
    const r = e.createRoster('puffle');
    r.add(rows);
    r.delete();
    e.validateLead('puffle', rows[0], { template: `%first_name% ${Math.random()}` }); // new validator each time
  };
  for (let i = 0; i < 20; i++) cycle();
  const before = e.heapBytes();
  const usedBefore = e.heapUsedBytes();
  for (let i = 0; i < 100; i++) cycle();
  assert.equal(e.heapBytes(), before);
  // the validator cache holds 8 entries; allow it and nothing that grows per call
  assert.ok(e.heapUsedBytes() - usedBefore < 64 * 1024, `${e.heapUsedBytes() - usedBefore} bytes kept`);
});

// ---------------------------------------------------------------- npm pack

test('npm pack gives a tarball that installs offline and works via require and import', { timeout: 90000 }, (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leadroster-pack-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const env = { ...process.env, npm_config_cache: path.join(tmp, 'cache'), npm_config_update_notifier: 'false' };
  const outDir = path.join(tmp, 'out');
  fs.mkdirSync(outDir);

  const pack = spawnSync(npm, ['pack', '--json', '--pack-destination', outDir], { cwd: NPM_DIR, env, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
  const files = info.files.map((f) => f.path).sort();
  for (const f of [
    'package.json',
    'index.cjs',
    'index.mjs',
    'browser.mjs',
    'index.d.ts',
    'lib/engine.mjs',
    'dist/leadroster.wasm',
    'dist/leadroster-node.cjs',
    'dist/leadroster-web.mjs',
  ]) {
    assert.ok(files.includes(f), `${f} is in the tarball`);
  }
  // node_modules ships only for the bundled runtime dependency (cli-progress, pinned by npm/package-lock.json)
  const bundled = new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(NPM_DIR, 'package-lock.json'), 'utf8')).packages).filter(Boolean));
  for (const f of files) {
    if (f.startsWith('node_modules/') && bundled.has(f.split('/').slice(0, 2).join('/'))) continue;
    assert.doesNotMatch(f, /\.(cpp|h|test\.js)$|node_modules|^src\//, `${f} should not ship`);
  }
  const tgz = path.join(outDir, info.filename);
  assert.ok(fs.existsSync(tgz));

  const app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true}\n');
  const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', tgz], { cwd: app, env, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  assert.ok(fs.existsSync(path.join(app, 'node_modules/leadroster/dist/leadroster.wasm')));

  const script = (mod) => `
    const e = await ${mod}.load();
    const plan = e.plan('reached', [{ phone: '(303) 514-0233' }, { phone: '+13035140233' }], { campaignId: '${UUID_A}', defaultCountry: 'US' });
    if (plan.rows[1].duplicateOf !== 0) throw new Error('dedup');
    console.log(JSON.stringify({ v: e.version, body: plan.requests[0].body }));`;
  const cjs = spawnSync(
    process.execPath,
    ['-e', `(async () => { ${script("require('leadroster')")} })().catch((e) => { console.error(e); process.exit(1); })`],
    { cwd: app, encoding: 'utf8' },
  );
  const esm = spawnSync(process.execPath, ['--input-type=module', '-e', `import * as lr from 'leadroster'; ${script('lr')}`], { cwd: app, encoding: 'utf8' });
  const esmDefault = spawnSync(process.execPath, ['--input-type=module', '-e', `import lr from 'leadroster'; ${script('lr')}`], { cwd: app, encoding: 'utf8' });
  const expected = { v: info.version, body: { leads: [{ phone: '+13035140233' }] } };
  for (const [name, run] of [
    ['require', cjs],
    ['import', esm],
    ['import default', esmDefault],
  ]) {
    assert.equal(run.status, 0, `${name}: ${run.stderr}`);
    assert.deepEqual(JSON.parse(run.stdout), expected, name);
  }
  // the subpath exports resolve
  const sub = spawnSync(process.execPath, ['-e', "console.log(require.resolve('leadroster/leadroster.wasm'), require('leadroster/package.json').name)"], {
    cwd: app,
    encoding: 'utf8',
  });
  assert.equal(sub.status, 0, sub.stderr);
  assert.match(sub.stdout, /node_modules[\\/]leadroster[\\/]dist[\\/]leadroster\.wasm leadroster/);
  // leadroster/node (push, emulator) and its bundled progress bar load from the installed package
  const node = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import { push, createEmulator } from 'leadroster/node'; import { createRequire } from 'node:module'; const r = createRequire(import.meta.resolve('leadroster/node')); r('cli-progress'); console.log(typeof push, typeof createEmulator)",
    ],
    { cwd: app, encoding: 'utf8' },
  );
  assert.equal(node.status, 0, node.stderr);
  assert.equal(node.stdout.trim(), 'function function');
});
