'use strict';
// The one table of codes (src/codes.def, read through engine.codes()) against
// everything that repeats it: the code unions of npm/index.d.ts and
// npm/node.d.ts, the class npm/lib/errors.mjs throws, and README.md's table.
// Run: node --test tests/js/types-drift.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { engine } = require('./helpers');

const ROOT = path.resolve(__dirname, '../..');
const read = (...p) => fs.readFileSync(path.join(ROOT, ...p), 'utf8');

// The string literals of `export type <name> = ...;` in a .d.ts.
function unionOf(dts, name) {
  const m = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
  assert.ok(m, `declares ${name}`);
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]).sort();
}
const ofKind = (codes, kind) =>
  codes.all
    .filter((c) => c.kinds.includes(kind))
    .map((c) => c.code)
    .sort();

test('engine.codes().all: every code with its kinds, JS class and doc', async () => {
  const c = (await engine()).codes();
  assert.ok(Array.isArray(c.all) && c.all.length > 40);
  const names = c.all.map((x) => x.code);
  assert.equal(new Set(names).size, names.length);
  for (const x of c.all) {
    assert.ok(x.kinds.length > 0, x.code);
    assert.equal(typeof x.doc, 'string');
    assert.equal(x.jsClass !== null, x.kinds.includes('argument'), x.code);
  }
  // The JS-side codes are in the table too.
  for (const code of [
    'invalid_utf8',
    'redirect_refused',
    'insecure_base_url',
    'invalid_api_key',
    'retry_after_too_long',
    'answer_too_large',
    'journal_write_failed',
    'journal_locked',
    'journal_mismatch',
    'invalid_option',
  ]) {
    assert.ok(names.includes(code), code);
  }
  assert.deepEqual([...c.errors].sort(), ofKind(c, 'row_error'));
  assert.deepEqual([...c.argumentErrors].sort(), ofKind(c, 'argument'));
});

test('index.d.ts code unions are engine.codes()', async () => {
  const c = (await engine()).codes();
  const dts = read('npm', 'index.d.ts');
  assert.deepEqual(unionOf(dts, 'ErrorCode'), ofKind(c, 'row_error'));
  assert.deepEqual(unionOf(dts, 'WarningCode'), ofKind(c, 'row_warning'));
  assert.deepEqual(unionOf(dts, 'MappingWarningCode'), ofKind(c, 'mapping_warning'));
  assert.deepEqual(unionOf(dts, 'ArgumentErrorCode'), ofKind(c, 'argument'));
  assert.ok(unionOf(dts, 'ArgumentErrorCode').includes('invalid_option'));
  const kinds = [...new Set(c.all.flatMap((x) => x.kinds))].sort();
  assert.deepEqual(unionOf(dts, 'CodeKind'), kinds);
});

test('node.d.ts and csv.d.ts code unions are engine.codes()', async () => {
  const c = (await engine()).codes();
  const node = read('npm', 'node.d.ts');
  assert.deepEqual(unionOf(node, 'DeliveryErrorCode'), ofKind(c, 'delivery'));
  assert.deepEqual(unionOf(node, 'DeliveryRowCode'), ofKind(c, 'delivery_row'));
  assert.deepEqual(unionOf(node, 'LedgerErrorCode'), ofKind(c, 'ledger'));
  const csv = read('npm', 'lib', 'csv.d.ts');
  const m = /code:([^;]*);/.exec(csv);
  assert.deepEqual([...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]).sort(), ofKind(c, 'input'));
});

test('errors.mjs throws the class codes.def names, and holds no table of codes', async () => {
  const e = await engine();
  const { argumentError } = await import('../../npm/lib/errors.mjs');
  const classes = { TypeError, RangeError, Error };
  for (const x of e.codes().all.filter((y) => y.jsClass)) {
    const err = argumentError(x.code, 'm', 'opt');
    assert.equal(err.constructor, classes[x.jsClass], x.code);
    assert.equal(err.code, x.code);
    assert.equal(err.option, 'opt');
  }
  // The engine's own refusals carry the table's class.
  assert.throws(
    () => e.plan('sendkit', [], { campaignId: '..' }),
    (err) => err instanceof RangeError && err.code === 'invalid_option' && err.option === 'campaignId',
  );
  // Only the two helpers' own codes (typeError, throwCreateError) appear in errors.mjs.
  const src = read('npm', 'lib', 'errors.mjs').replace(/\/\/.*$/gm, '');
  const all = new Set(e.codes().all.map((x) => x.code));
  const named = [...src.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]).filter((s) => all.has(s));
  assert.deepEqual([...new Set(named)].sort(), ['internal_error', 'invalid_type']);
});

test("README's table of codes is scripts/readme-tables.mjs's output", async () => {
  const { codesTable, tableIn } = await import('../../scripts/readme-tables.mjs');
  const want = codesTable((await engine()).codes());
  const have = tableIn(read('README.md'));
  assert.ok(have, 'README.md has the codes markers');
  assert.equal(have, want, 'README.md is stale: run node scripts/readme-tables.mjs --write');
  for (const code of ['invalid_option', 'invalid_utf8', 'redirect_refused']) assert.ok(have.includes('`' + code + '`'), code);
});

// The keys of `export interface <name> ... { ... }` in a .d.ts (top-level members only).
function keysOf(dts, name) {
  const m = new RegExp(`export interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(dts);
  assert.ok(m, `declares ${name}`);
  return [...m[1].matchAll(/^  (\w+)\??:/gm)].map((x) => x[1]).sort();
}

test('index.d.ts LeadOptions / PlanOptions and node.d.ts PushOptions are engine.options()', async () => {
  const opts = (await engine()).options();
  const dts = read('npm', 'index.d.ts');
  const names = (scope) =>
    opts
      .filter((o) => o.scope === scope)
      .map((o) => o.name)
      .sort();
  assert.deepEqual(keysOf(dts, 'LeadOptions'), names('lead'));
  assert.deepEqual(keysOf(dts, 'PlanOptions'), names('plan'));
  const push = keysOf(read('npm', 'node.d.ts'), 'PushOptions');
  for (const o of opts) assert.ok(push.includes(o.name), `PushOptions has ${o.name}`);
});

test("README's table of options is scripts/readme-tables.mjs's output", async () => {
  const { optionsTable, tableIn, OPTIONS_BEGIN, OPTIONS_END } = await import('../../scripts/readme-tables.mjs');
  const want = optionsTable((await engine()).options());
  const have = tableIn(read('README.md'), OPTIONS_BEGIN, OPTIONS_END);
  assert.ok(have, 'README.md has the options markers');
  assert.equal(have, want, 'README.md is stale: run node scripts/readme-tables.mjs --write');
  assert.ok(have.includes('`--strict`'));
});
