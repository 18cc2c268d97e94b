'use strict';
// The lean answer keeps plan()'s contract: for every provider, on the
// benchmark's generated files (small sizes) and on the tests' messy rows, the
// lazily built result of plan(), planJson() (JSON array text, NDJSON bytes,
// ArrayBuffer) and the streaming planner deep-equals the eager result the
// package built before (the engine's full answer, every row and lead parsed,
// bodies assembled from the rows' leads), row(i) gives the same rows without
// building the rest, and every request's bodyText is the JSON of its body.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { engine, generateRows, PROVIDERS, UUID_A, UUID_B } = require('./helpers');

const ROOT = path.resolve(__dirname, '../..');
const N = 3000;
const OPTIONS = {
  magnetite: { campaignId: 'camp-m1', defaultCountry: 'FR', template: 'Hi {{contactName}} at {{company.industry}}' },
  sendpilot: { campaignId: 'camp_xyz789', maxBodyBytes: 20000, template: '{{industry}} {{firstName}}' },
  reached: { campaignId: UUID_A, defaultCountry: 'US', batchSize: 250 },
  sendkit: { campaignId: 'camp-sk', foldGmail: true, existing: [{ email: 'person1@acme1.com' }] },
  puffle: {
    campaignId: UUID_B,
    channel: 'linkedin',
    template: '%first_name% %custom_fields.industry%',
    existing: [{ linkedin_url: 'https://www.linkedin.com/in/person-2' }, { email: 'person3@acme3.com' }],
  },
  instantly: { campaignId: UUID_A, batchSize: 250 },
  smartlead: { campaignId: '1234567', ignore_global_block_list: true },
  lemlist: { campaignId: 'cam_aa7uvyxECcni5KXBM' },
};

// The raw Embind module, for the eager reference.
let rawPromise = null;
function raw() {
  if (!rawPromise) {
    const factory = require(path.join(ROOT, 'npm/dist/leadroster-node.cjs'));
    rawPromise = factory({ wasmBinary: fs.readFileSync(path.join(ROOT, 'npm/dist/leadroster.wasm')) });
  }
  return rawPromise;
}

// What plan() / push() returned before the lean answer: the engine's full
// answer (every row with its lead) parsed, bodies built from the rows' leads.
function eagerPlanner(M, provider, options) {
  const h = new M.Planner(provider, JSON.stringify(options));
  assert.equal(h.createError(), '');
  const pending = new Map();
  const dec = new TextDecoder();
  const call = (text, fn) => {
    const bytes = new TextEncoder().encode(text);
    const p = M._malloc(bytes.length + 1);
    M.HEAPU8.set(bytes, p);
    const n = fn(p, bytes.length);
    M._free(p);
    const out = JSON.parse(dec.decode(M.HEAPU8.subarray(h.outPointer(), h.outPointer() + n)));
    h.releaseOut();
    return out;
  };
  const assemble = (requests) =>
    requests.map((r) => {
      const leads = r.indexes.map((i) => {
        const lead = pending.get(i);
        pending.delete(i);
        return lead;
      });
      const body = r.envelope === null ? leads[0] : Object.assign({}, r.envelope, { [r.leadsKey || 'leads']: leads });
      return { method: r.method, path: r.path, headers: r.headers, body, indexes: r.indexes };
    });
  return {
    push(rows) {
      const out = call(JSON.stringify(rows), (p, n) => h.pushJson(p, n));
      for (const row of out.rows) if (row.status === 'ok') pending.set(row.index, row.lead);
      return { rows: out.rows, requests: assemble(out.requests) };
    },
    finish() {
      const n = h.finish();
      const out = JSON.parse(dec.decode(M.HEAPU8.subarray(h.outPointer(), h.outPointer() + n)));
      const result = { requests: assemble(out.requests), summary: out.summary };
      h.delete();
      return result;
    },
  };
}

function eagerPlan(M, provider, rows, options) {
  const p = eagerPlanner(M, provider, options);
  const out = p.push(rows);
  const end = p.finish();
  return { rows: out.rows, requests: out.requests.concat(end.requests), summary: end.summary };
}

// Every request's bodyText is compact JSON of its body; then bodyText is set
// aside so the rest compares with the eager result.
function withoutBodyText(requests) {
  return requests.map((q) => {
    assert.equal(typeof q.bodyText, 'string');
    assert.deepEqual(JSON.parse(q.bodyText), q.body);
    const { bodyText, ...rest } = q;
    return rest;
  });
}

// A row without its input line (text inputs have lines; rows given as objects do not).
function noLine(row) {
  if (!row || row.line === undefined) return row;
  const { line, duplicateOfLine, ...rest } = row;
  return rest;
}

// lines: the lazy plan's input was text with lines (`line` is lineOf(row), checked, then left out of the compare).
function assertSamePlan(lazyPlan, eager, what, lineOf) {
  const strip = (r) => {
    if (!lineOf) return r;
    assert.equal(r.line, lineOf(r), `${what}: row ${r.index} line`);
    return noLine(r);
  };
  // row(i) first, before rows is built.
  for (const i of [0, 1, Math.floor(eager.rows.length / 2), eager.rows.length - 1]) {
    if (i >= 0 && i < eager.rows.length) assert.deepEqual(strip(lazyPlan.row(i)), eager.rows[i], `${what}: row(${i})`);
  }
  assert.equal(lazyPlan.row(eager.rows.length), undefined);
  assert.deepEqual(Object.keys(lazyPlan), ['rows', 'requests', 'summary']);
  assert.deepEqual(lineOf ? lazyPlan.rows.map(strip) : lazyPlan.rows, eager.rows, `${what}: rows`);
  assert.deepEqual(withoutBodyText(lazyPlan.requests), eager.requests, `${what}: requests`);
  assert.deepEqual(lazyPlan.summary, eager.summary, `${what}: summary`);
  for (let i = 0; i < eager.rows.length; i += 97) assert.equal(lazyPlan.row(i), lazyPlan.rows[i]);
}

// The benchmark's generator, into a temporary folder.
let benchDir = null;
async function benchFiles() {
  if (!benchDir) {
    benchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadroster-lean-'));
    const { generate } = await import(path.join(ROOT, 'bench/gen.mjs'));
    generate({ n: N, seed: 20250101, out: benchDir, providers: ['sendpilot', 'reached', 'puffle'] });
  }
  return benchDir;
}
test.after(() => {
  if (benchDir) fs.rmSync(benchDir, { recursive: true, force: true });
});

const BENCH_OPTIONS = {
  sendpilot: { campaignId: 'camp_bench' },
  reached: { campaignId: UUID_A, defaultCountry: 'US' },
  puffle: { campaignId: UUID_B, channel: 'email' },
};

for (const provider of Object.keys(BENCH_OPTIONS)) {
  test(`${provider}: bench file: plan, planJson (array text, NDJSON bytes, ArrayBuffer) = eager`, async () => {
    const e = await engine();
    const M = await raw();
    const dir = await benchFiles();
    const jsonText = fs.readFileSync(path.join(dir, `${provider}-${N}.json`), 'utf8');
    const ndjson = fs.readFileSync(path.join(dir, `${provider}-${N}.ndjson`));
    const rows = JSON.parse(jsonText);
    const options = BENCH_OPTIONS[provider];
    const eager = eagerPlan(M, provider, rows, options);
    assert.ok(eager.summary.ok > 0 && eager.summary.invalid > 0 && eager.summary.duplicate > 0);
    // problems(): the rows that are not ok, read before rows is built (it stays unbuilt)
    const first = e.plan(provider, rows, options);
    const problems = first.problems();
    assert.equal(typeof Object.getOwnPropertyDescriptor(first, 'rows').get, 'function', 'rows still lazy');
    assert.deepEqual(
      problems,
      eager.rows.filter((r) => r.status !== 'ok'),
    );
    assert.equal(problems.length, eager.summary.invalid + eager.summary.duplicate);
    assertSamePlan(first, eager, 'plan');
    // bench/gen.mjs writes "[" then one element a line (element i on line i + 2); NDJSON one lead a line
    assert.equal(jsonText.split('\n').length, rows.length + 3);
    assertSamePlan(e.planJson(provider, jsonText, options), eager, 'planJson(text)', (r) => r.index + 2);
    assertSamePlan(e.planJson(provider, new Uint8Array(ndjson), options), eager, 'planJson(ndjson bytes)', (r) => r.index + 1);
    const ab = ndjson.buffer.slice(ndjson.byteOffset, ndjson.byteOffset + ndjson.byteLength);
    assertSamePlan(e.planJson(provider, ab, options), eager, 'planJson(ArrayBuffer)', (r) => r.index + 1);
  });
}

for (const provider of PROVIDERS) {
  test(`${provider}: messy rows: plan and the streaming planner = eager, warnings shared once`, async () => {
    const e = await engine();
    const M = await raw();
    const rows = generateRows(provider, N, 7).map((r) => r);
    const options = OPTIONS[provider];
    const eager = eagerPlan(M, provider, rows, options);
    assertSamePlan(e.plan(provider, rows, options), eager, 'plan');

    // Streaming: uneven chunks, the answers compared chunk by chunk; rows of a
    // chunk read only after later pushes (their leads must still be there).
    const lazyP = e.createPlanner(provider, options);
    const eagerP = eagerPlanner(M, provider, options);
    const answers = [];
    let at = 0;
    for (const size of [1, 700, 0, 4097, 333]) {
      const chunk = rows.slice(at, at + size);
      at += size;
      answers.push([lazyP.push(chunk), eagerP.push(chunk)]);
    }
    const ndjsonRest = rows
      .slice(at)
      .map((r) => JSON.stringify(r) ?? 'null')
      .join('\n');
    const rest = lazyP.pushNdjson(ndjsonRest);
    const eagerRest = eagerP.push(rows.slice(at));
    answers.push([rest, eagerRest]);
    for (const [l, g] of answers) {
      // (the NDJSON rest has lines: its rows are compared without them)
      assert.deepEqual(
        l.problems().map(noLine),
        g.rows.filter((r) => r.status !== 'ok'),
      );
      if (g.rows.length) assert.deepEqual(noLine(l.row(g.rows[0].index)), g.rows[0]);
      assert.deepEqual(l.rows.map(noLine), g.rows);
      assert.deepEqual(withoutBodyText(l.requests), g.requests);
    }
    const lf = lazyP.finish();
    const gf = eagerP.finish();
    assert.deepEqual(withoutBodyText(lf.requests), gf.requests);
    assert.deepEqual(lf.summary, gf.summary);
    lazyP.delete();
  });
}

test('the lean answer writes a distinct warning once and ok leads only in bodies', async () => {
  const M = await raw();
  const h = new M.Planner('sendpilot', JSON.stringify({ campaignId: 'c', template: '{{industry}}' }));
  const rows = [];
  for (let i = 0; i < 50; i++) rows.push({ linkedinUrl: `https://linkedin.com/in/person-${i}`, firstName: 'Ann' });
  const bytes = new TextEncoder().encode(JSON.stringify(rows));
  const p = M._malloc(bytes.length);
  M.HEAPU8.set(bytes, p);
  const bodyLen = h.pushLean(p, bytes.length, false, true);
  M._free(p);
  const dec = new TextDecoder();
  const head = JSON.parse(dec.decode(M.HEAPU8.subarray(h.headPointer(), h.headPointer() + h.headLength())));
  const body = dec.decode(M.HEAPU8.subarray(h.outPointer(), h.outPointer() + bodyLen));
  assert.deepEqual(head.rows, []);
  assert.deepEqual(head.ok, [0, 50]);
  assert.equal(head.warnings.length, 1);
  assert.equal(head.warnings[0].code, 'template_variable_missing');
  assert.equal(head.okWarnings.length, 100);
  assert.equal(head.requests.length, 0); // batch of 100 not full yet
  assert.equal(head.open.length, 50); // the open leads, each once
  assert.equal((body.match(/person-/g) || []).length, 50);
  assert.ok(!/person-/.test(JSON.stringify(head)));
  h.delete();
});
