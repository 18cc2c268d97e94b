'use strict';
// Hostile inputs through the WASM package: every one must come back as an
// error (a thrown Error or an invalid row) or a report by row index, never a
// crash of the module, a hang or a polluted Object.prototype.
//
// Run: node --test tests/js/hostile.test.js   (about a minute: 10,000,000 rows)

const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('../../npm');

const UUID = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const OPTIONS = {
  magnetite: { campaignId: 'camp_1' },
  sendpilot: { campaignId: 'camp_1' },
  reached: { campaignId: UUID },
  sendkit: { campaignId: 'camp_1' },
  puffle: { campaignId: UUID },
};
// A lead each provider accepts.
const GOOD = {
  magnetite: { companyName: 'Acme', contactName: 'Ann Lee', email: 'ann@acme.com' },
  sendpilot: { linkedinUrl: 'https://www.linkedin.com/in/ann-lee' },
  reached: { email: 'ann@acme.com' },
  sendkit: { email: 'ann@acme.com' },
  puffle: { email: 'ann@acme.com' },
};
// What an empty row {} is: every required field missing, or the row has no identity.
const EMPTY_ROW_ERRORS = {
  magnetite: [
    { field: 'companyName', code: 'missing_field' },
    { field: 'contactName', code: 'missing_field' },
    { field: 'email', code: 'missing_field' },
  ],
  sendpilot: [{ field: 'linkedinUrl', code: 'missing_field' }],
  reached: [{ field: null, code: 'missing_identity' }],
  sendkit: [{ field: null, code: 'missing_identity' }],
  puffle: [{ field: null, code: 'missing_identity' }],
};
const PROVIDERS = Object.keys(OPTIONS);

let enginePromise;
const engine = () => (enginePromise ??= load());

// A planner answer is well formed: one row per input, indexed from `first`.
function assertRows(out, count, first = 0) {
  assert.equal(out.rows.length, count, 'one row result per input row');
  out.rows.forEach((r, i) => {
    assert.equal(r.index, first + i, 'rows come back by index');
    assert.ok(['ok', 'invalid', 'duplicate'].includes(r.status), `status ${r.status}`);
    if (r.status === 'invalid') assert.ok(r.errors.length > 0, 'an invalid row says why');
    else assert.equal(r.errors.length, 0);
  });
}

function planOne(e, provider, rows) {
  const planner = e.createPlanner(provider, OPTIONS[provider]);
  try {
    const out = planner.push(rows);
    const end = planner.finish();
    return { rows: out.rows, requests: out.requests.concat(end.requests), summary: end.summary };
  } finally {
    planner.delete();
  }
}

function assertNotPolluted() {
  assert.equal({}.polluted, undefined, 'Object.prototype was polluted');
  assert.equal({}.batchSize, undefined, 'Object.prototype was polluted');
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
}

test('a 50 MB string field is an error on that field, and the engine goes on', async () => {
  const e = await engine();
  const huge = 'x'.repeat(50 * 1024 * 1024);
  for (const provider of ['magnetite', 'puffle']) {
    const field = provider === 'magnetite' ? 'notes' : 'first_name';
    const rows = [{ ...GOOD[provider], [field]: huge }, GOOD[provider]];
    const out = planOne(e, provider, rows);
    assertRows(out, 2);
    assert.equal(out.rows[0].status, 'invalid');
    assert.deepEqual(
      out.rows[0].errors.map((x) => [x.field, x.code]),
      [[field, 'too_long']],
    );
    assert.ok(out.rows[0].errors[0].message.length < 300, 'the message does not echo the value');
    assert.equal(out.rows[1].status, 'ok');
    const v = e.validateLead(provider, { ...GOOD[provider], [field]: huge }, OPTIONS[provider]);
    assert.equal(v.ok, false);
    assert.equal(v.errors[0].code, 'too_long');
  }
  // A huge free-form value (passed through, no length rule) and a huge unknown key.
  const free = e.validateLead('magnetite', { ...GOOD.magnetite, customData: { blob: huge } });
  assert.equal(typeof free.ok, 'boolean');
  const key = e.validateLead('magnetite', { ...GOOD.magnetite, [huge]: 1 });
  assert.equal(typeof key.ok, 'boolean');
  // The same text as NDJSON.
  const planner = e.createPlanner('reached', OPTIONS.reached);
  try {
    const out = planner.pushNdjson(JSON.stringify({ email: 'a@b.co', first_name: huge }) + '\n{"email":"c@d.co"}\n');
    assertRows(out, 2);
    assert.equal(out.rows[0].errors[0].code, 'too_long');
    assert.equal(out.rows[1].status, 'ok');
  } finally {
    planner.delete();
  }
});

function nested(depth, leaf) {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

test('a 1,000-deep nested row is an invalid_type error by index', async () => {
  const e = await engine();
  const deep = nested(1000, 'x');
  for (const provider of PROVIDERS) {
    const rows = [GOOD[provider], { ...GOOD[provider], customData: deep, custom_fields: deep }, deep, GOOD[provider]];
    const out = planOne(e, provider, rows);
    assertRows(out, 4);
    for (const i of [1, 2]) {
      assert.equal(out.rows[i].status, 'invalid', `${provider} row ${i}`);
      assert.equal(out.rows[i].errors[0].code, 'invalid_type');
      assert.equal(out.rows[i].errors[0].field, null);
    }
    assert.equal(out.rows[0].status, 'ok');
    assert.equal(out.rows[3].status, 'duplicate');
    assert.equal(out.rows[3].duplicateOf, 0);
  }
  // As NDJSON and as a single lead.
  const planner = e.createPlanner('sendkit', OPTIONS.sendkit);
  try {
    const text = ['{"email":"a@b.co"}', JSON.stringify(deep), '['.repeat(100000), '{"email":"c@d.co"}'].join('\n');
    const out = planner.pushNdjson(text);
    assertRows(out, 4);
    assert.deepEqual(
      out.rows.map((r) => r.status),
      ['ok', 'invalid', 'invalid', 'ok'],
    );
  } finally {
    planner.delete();
  }
  const v = e.validateLead('magnetite', deep);
  assert.equal(v.ok, false);
  assert.equal(v.errors[0].code, 'invalid_type');
});

test('invalid UTF-8 (lone surrogates, U+FFFD) through pushNdjson: one report per line, by index', async () => {
  const e = await engine();
  const lines = [
    '{"email":"a@acme.com","first_name":"\uD800"}', // lone high surrogate in a value
    '{"email":"b@acme.com","first_name":"x\uDC00y"}', // lone low surrogate
    '{"email":"c@acme.com"} \uD83D', // lone surrogate at the end of the line
    '{"email":"\uFFFD@acme.com"}', // U+FFFD in an identity
    '{"email":"d@acme.com","first_name":"\uFFFD\uFFFD"}',
    '{"\uD800":"key"}',
    '{"email":"e@acme.com"}',
  ];
  for (const provider of ['reached', 'puffle']) {
    const planner = e.createPlanner(provider, OPTIONS[provider]);
    try {
      const out = planner.pushNdjson(lines.join('\n'));
      assertRows(out, lines.length);
      const by = out.rows.map((r) => r.status);
      assert.equal(by[6], 'ok', 'the row after the bad ones is read on its own');
      assert.equal(by[3], 'invalid', 'U+FFFD is not allowed in an email');
      assert.equal(out.rows[3].errors[0].code, 'invalid_email');
      for (const r of out.rows) {
        // Whatever the engine kept is well-formed text.
        assert.equal(JSON.stringify(r.lead).includes('\\ud8'), false);
        if (r.status === 'ok') for (const v of Object.values(r.lead)) if (typeof v === 'string') assert.ok(v.isWellFormed());
      }
      const end = planner.finish();
      assert.equal(end.summary.total, lines.length);
    } finally {
      planner.delete();
    }
  }
  // Through push (JSON.stringify escapes lone surrogates as \udXXX).
  const out = planOne(e, 'reached', [{ email: 'a@acme.com', first_name: '\uD800' }, { email: '\uDC00@x.com' }]);
  assertRows(out, 2);
  assert.equal(out.rows[1].status, 'invalid');
  // Raw bytes that are not UTF-8, when pushNdjson takes bytes.
  const planner = e.createPlanner('reached', OPTIONS.reached);
  try {
    const bytes = Buffer.concat([
      Buffer.from('{"email":"a@acme.com","first_name":"'),
      Buffer.from([0xff, 0xc0, 0x80, 0xed, 0xa0, 0x80]),
      Buffer.from('"}\n{"email":"b@acme.com"}\n'),
    ]);
    let res;
    try {
      res = planner.pushNdjson(new Uint8Array(bytes));
    } catch (err) {
      assert.match(err.message, /string/); // this version takes strings only
    }
    if (res) {
      assertRows(res, 2);
      assert.equal(res.rows[0].status, 'invalid');
      assert.equal(res.rows[1].status, 'ok');
    }
  } finally {
    planner.delete();
  }
});

test('NUL bytes in every field are reported, not truncated', async () => {
  const e = await engine();
  const nul = (s) => s + '\u0000' + s;
  const rows = {
    magnetite: {
      companyName: nul('Acme'),
      contactName: nul('Ann'),
      email: nul('a@b.co'),
      phone: nul('+33612345678'),
      domain: nul('acme.com'),
      linkedInUrl: nul('linkedin.com/in/x'),
      notes: nul('n'),
      country: nul('FR'),
    },
    sendpilot: { linkedinUrl: nul('linkedin.com/in/x'), firstName: nul('A'), [nul('custom')]: nul('v') },
    reached: { phone: nul('+1 212 555 0100'), email: nul('a@b.co'), lead_id: nul(UUID), first_name: nul('A') },
    sendkit: { leadId: nul('5f1a2b3c4d5e6f7a8b9c0d1e'), email: nul('a@b.co'), firstName: nul('A') },
    puffle: { email: nul('a@b.co'), linkedin_url: nul('linkedin.com/in/x'), first_name: nul('A'), custom_fields: { [nul('k')]: nul('v') } },
  };
  for (const provider of PROVIDERS) {
    const out = planOne(e, provider, [rows[provider], GOOD[provider]]);
    assertRows(out, 2);
    assert.equal(out.rows[0].status, 'invalid', provider);
    assert.equal(out.rows[1].status, 'ok', provider);
    // A NUL that is kept (free text) is kept whole: nothing after it is lost.
    for (const [k, v] of Object.entries(out.rows[0].lead)) {
      if (typeof v === 'string' && v.includes('\u0000')) assert.equal(v, rows[provider][k], `${provider}.${k}`);
    }
    const v = e.validateLead(provider, rows[provider], OPTIONS[provider]);
    assert.equal(v.ok, false);
  }
  // Raw NUL bytes in NDJSON text (not valid JSON inside a string).
  const planner = e.createPlanner('sendkit', OPTIONS.sendkit);
  try {
    const out = planner.pushNdjson('{"email":"a\u0000@b.co"}\n\u0000\n{"email":"c@d.co","firstName":"\u0000"}\n{"email":"e@f.co"}');
    assertRows(out, 4);
    assert.deepEqual(
      out.rows.map((r) => r.status),
      ['invalid', 'invalid', 'invalid', 'ok'],
    );
  } finally {
    planner.delete();
  }
  // Normalizers.
  for (const [fn, arg] of [
    ['normalizeEmail', 'a\u0000@b.co'],
    ['normalizePhone', '+33\u0000612345678'],
    ['normalizeLinkedInUrl', 'linkedin.com/in/a\u0000b'],
    ['normalizeDomain', 'acme\u0000.com'],
    ['normalizeUuid', UUID + '\u0000'],
  ]) {
    assert.equal(e[fn](arg).ok, false, fn);
  }
});

test('__proto__ in a row and in options: no prototype pollution', async () => {
  const e = await engine();
  const rowText = (provider) => JSON.stringify(GOOD[provider]).replace(/^\{/, '{"__proto__":{"polluted":"yes","email":"evil@x.com"},');
  const scalarRowText = (provider) => JSON.stringify(GOOD[provider]).replace(/^\{/, '{"__proto__":"yes",');
  for (const provider of PROVIDERS) {
    for (const make of [rowText, scalarRowText]) {
      const row = JSON.parse(make(provider)); // own property "__proto__", as JSON.parse makes it
      assert.ok(Object.prototype.hasOwnProperty.call(row, '__proto__'));
      const out = planOne(e, provider, [row]);
      assertRows(out, 1);
      const r = out.rows[0];
      const kept = Object.prototype.hasOwnProperty.call(r.lead, '__proto__');
      const reported = r.errors.concat(r.warnings).some((p) => p.field === '__proto__');
      assert.ok(kept || reported, `${provider}: __proto__ is an own property of the lead or reported`);
      assert.equal(Object.getPrototypeOf(r.lead), Object.prototype, 'the lead keeps its prototype');
      assert.notEqual(r.lead.email, 'evil@x.com');
      for (const req of out.requests) assert.equal(Object.getPrototypeOf(req.body), Object.prototype);
      const v = e.validateLead(provider, row, OPTIONS[provider]);
      assert.equal(Object.getPrototypeOf(v.lead), Object.prototype);
      // NDJSON, and the roster.
      const planner = e.createPlanner(provider, OPTIONS[provider]);
      try {
        assertRows(planner.pushNdjson(make(provider)), 1);
      } finally {
        planner.delete();
      }
      const roster = e.createRoster(provider, OPTIONS[provider]);
      try {
        const added = roster.add([row]);
        assert.equal(added.length, 1);
        if (added[0].id) {
          const patched = roster.patch(added[0].id, JSON.parse('{"__proto__":{"polluted":"yes"}}'));
          assert.equal(typeof patched.ok, 'boolean');
        }
        assert.equal(typeof roster.list({}).total, 'number');
      } finally {
        roster.delete();
      }
      assertNotPolluted();
    }
  }
  // In options: an own "__proto__" key (as JSON.parse makes it) is an unknown
  // option: refused with a RangeError, and nothing is polluted.
  for (const provider of PROVIDERS) {
    const options = JSON.parse(JSON.stringify(OPTIONS[provider]).replace(/^\{/, '{"__proto__":{"polluted":"yes","batchSize":0,"campaignId":null},'));
    const out = planOne(e, provider, [GOOD[provider]]);
    assert.equal(out.rows[0].status, 'ok');
    const refused = (err) => err instanceof RangeError && err.code === 'unknown_option' && err.option === '__proto__';
    assert.throws(() => e.createPlanner(provider, options), refused);
    assert.throws(() => e.validateLead(provider, GOOD[provider], options), refused);
    assert.throws(() => e.createRoster(provider, options), refused);
    assertNotPolluted();
  }
});

test('rows that are a number, a string, an array or null are invalid_type by index', async () => {
  const e = await engine();
  const odd = [42, 'a@b.co', [GOOD.reached], null, true, undefined, -0, 1e308, '', {}];
  for (const provider of PROVIDERS) {
    const rows = [GOOD[provider], ...odd, GOOD[provider]];
    const out = planOne(e, provider, rows);
    assertRows(out, rows.length);
    for (let i = 1; i <= odd.length; i++) {
      assert.equal(out.rows[i].status, 'invalid', `${provider} row ${i}`);
      if (i < odd.length) {
        assert.deepEqual([out.rows[i].errors[0].field, out.rows[i].errors[0].code], [null, 'invalid_type']);
      }
    }
    assert.equal(out.rows[0].status, 'ok');
    assert.equal(out.rows.at(-1).status, 'duplicate');
    assert.equal(out.summary.total, rows.length);
    for (const lead of odd) assert.equal(e.validateLead(provider, lead, OPTIONS[provider]).ok, false);
  }
  // NDJSON lines of every JSON type.
  const planner = e.createPlanner('reached', OPTIONS.reached);
  try {
    const out = planner.pushNdjson('1\n"x"\n[]\nnull\ntrue\n{}\n{"email":"a@b.co"}');
    assertRows(out, 7);
    assert.deepEqual(
      out.rows.map((r) => r.status),
      ['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'ok'],
    );
  } finally {
    planner.delete();
  }
  // Not arrays at all: an Error, not a crash.
  const p2 = e.createPlanner('reached', OPTIONS.reached);
  try {
    for (const bad of [42, 'x', null, {}, undefined]) assert.throws(() => p2.push(bad), Error);
    assert.throws(() => p2.pushNdjson(42), Error);
    assert.equal(p2.finish().summary.total, 0);
  } finally {
    p2.delete();
  }
});

test('10,000,000 rows of {} through createPlanner, 100,000 a push', { timeout: 30 * 60 * 1000 }, async () => {
  // A module of its own: the heap never shrinks, so the 50 MB test must not count here.
  const e = await load({ fresh: true }); // load() alone returns the cached engine the other tests grew
  const heapBefore = e.heapBytes();
  const TOTAL = 10_000_000;
  const CHUNK = 100_000;
  const chunk = new Array(CHUNK);
  for (let i = 0; i < CHUNK; i++) chunk[i] = {};
  // Each provider's expectation is checked on its own rows; the 10,000,000
  // rows are shared between the five planners (2,000,000 each).
  const perProvider = TOTAL / PROVIDERS.length;
  const t0 = process.hrtime.bigint();
  let total = 0;
  for (const provider of PROVIDERS) {
    const want = EMPTY_ROW_ERRORS[provider];
    const planner = e.createPlanner(provider, OPTIONS[provider]);
    try {
      for (let done = 0; done < perProvider; done += CHUNK) {
        const out = planner.push(chunk);
        assert.equal(out.rows.length, CHUNK, 'one result per row in the chunk');
        assert.equal(out.requests.length, 0);
        for (let i = 0; i < CHUNK; i++) {
          const r = out.rows[i];
          if (r.index !== done + i || r.status !== 'invalid' || r.errors.length !== want.length) {
            assert.fail(`${provider} row ${done + i}: ${JSON.stringify(r)}`);
          }
          for (let k = 0; k < want.length; k++) {
            if (r.errors[k].field !== want[k].field || r.errors[k].code !== want[k].code) {
              assert.fail(`${provider} row ${done + i}: ${JSON.stringify(r.errors)}`);
            }
          }
        }
        total += out.rows.length;
      }
      const end = planner.finish();
      assert.deepEqual(end.summary, { total: perProvider, ok: 0, invalid: perProvider, duplicate: 0, requests: 0, minDurationSeconds: 0 });
      assert.equal(end.requests.length, 0);
    } finally {
      planner.delete();
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  assert.equal(total, TOTAL);
  const used = typeof e.heapUsedBytes === 'function' ? `, ${e.heapUsedBytes()} bytes in use` : '';
  console.log(
    `# 10,000,000 rows of {}: ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)} rows/s); ` +
      `WASM heap ${e.heapBytes()} bytes (${heapBefore} at start)${used}`,
  );
  assert.ok(seconds < 600, `10,000,000 rows took ${seconds.toFixed(0)} s`);
  // Memory is bounded by one chunk's answer, not by the rows seen.
  assert.ok(e.heapBytes() <= 256 * 1024 * 1024, `the WASM heap grew to ${e.heapBytes()} bytes`);
});
