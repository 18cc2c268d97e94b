'use strict';
// A provider is its file (src/providers/<id>.cpp) and a registry line: what
// lists providers elsewhere is held to engine.providers() here, and the page
// names none (it reads providers() / describeProvider()).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { engine, NPM_DIR } = require('./helpers');

const ROOT = path.resolve(__dirname, '../..');
const DTS = fs.readFileSync(path.join(NPM_DIR, 'index.d.ts'), 'utf8');

// The string literals of `export type Name = 'a' | 'b' ...;`.
function unionOf(name) {
  const m = new RegExp(`export type ${name} =([^;]+);`).exec(DTS);
  assert.ok(m, `index.d.ts has no type ${name}`);
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
}
// The keys of `export interface Name { key: ...; }` (top level only).
function keysOf(name) {
  const start = DTS.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, `index.d.ts has no interface ${name}`);
  const keys = [];
  let depth = 0;
  for (const line of DTS.slice(start).split('\n').slice(1)) {
    if (depth === 0 && /^\}/.test(line)) break;
    const k = depth === 0 && /^  (\w+)\??:/.exec(line);
    if (k) keys.push(k[1]);
    for (const c of line) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
  }
  return keys;
}

test('index.d.ts: ProviderId, RequestBodies and ResponseBodies list exactly engine.providers()', async () => {
  const e = await engine();
  const ids = [...e.providers()].sort();
  assert.deepEqual([...unionOf('ProviderId')].sort(), ids);
  assert.deepEqual([...keysOf('RequestBodies')].sort(), ids);
  assert.deepEqual([...keysOf('ResponseBodies')].sort(), ids);
});

test('index.d.ts: each RequestBodies entry has the body shape describeProvider gives', async () => {
  const e = await engine();
  const start = DTS.indexOf('export interface RequestBodies {');
  const block = DTS.slice(start, DTS.indexOf('\n}', start));
  for (const p of e.providers()) {
    const m = new RegExp(`\\n  ${p}: ([^;]+(?:;[^\\n]*)?)\\n`).exec(block + '\n');
    assert.ok(m, p);
    const shape = e.describeProvider(p).body;
    const t = m[1];
    if (shape === 'lead') assert.match(t, /^Lead\b/, p);
    else if (shape === 'campaignIdAndLeads') assert.match(t, /campaignId: string; leads: Lead\[\]/, p);
    else if (shape === 'envelope') assert.match(t, /^\{ .*\b\w+: Lead\[\]/, p);
    else assert.match(t, /^\{ leads: Lead\[\] \}/, p);
  }
});

// Layers one way: the engine takes a `const Provider&`; finding one by its id
// is the API's (src/api/lookup.h), so no engine file includes the registry,
// an API header or names the lookups.
test('src/engine/ never includes the registry or src/api/, nor looks a provider up by id', () => {
  const files = filesUnder('src/engine', ['.cpp', '.h', '.def']);
  assert.ok(files.length > 20, `only ${files.length} files`);
  const hits = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      if (
        /^\s*#\s*include\s*"(providers\/registry\.h|api\/[^"]*)"/.test(line) ||
        /\b(allProviders|findProvider|requireProvider|resolveProvider|createFor)\b/.test(line)
      )
        hits.push(`${file}:${i + 1} ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, []);
});

// Every file under dir (recursively), as [relative path, text].
function filesUnder(dir, exts) {
  const out = [];
  const walk = (d) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, ent.name);
      if (ent.isDirectory()) {
        if (ent.name !== 'node_modules' && ent.name !== 'dist' && ent.name !== 'vendor') walk(full);
      } else if (exts.some((x) => ent.name.endsWith(x))) out.push([path.relative(ROOT, full), fs.readFileSync(full, 'utf8')]);
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

// Where a provider id is written as a word (any case) in the text, as "file:line".
function mentions(files, ids) {
  const hits = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      for (const id of ids) if (new RegExp(`\\b${id}\\b`, 'i').test(line)) hits.push(`${file}:${i + 1} ${id}`);
    });
  }
  return hits;
}

test('the page (web/) names no provider: its list, form and samples come from the engine', async () => {
  const e = await engine();
  const files = filesUnder('web', ['.html', '.js', '.mjs']);
  assert.ok(files.some(([f]) => f === 'web/app.js'));
  assert.deepEqual(mentions(files, e.providers()), []);
});

test('no provider id in src/engine/, src/api/, npm/ or web/ (outside tests, samples, docs, index.d.ts)', async () => {
  const e = await engine();
  const files = [
    ...filesUnder('src/engine', ['.cpp', '.h']),
    ...filesUnder('src/api', ['.cpp', '.h']),
    ...filesUnder('npm', ['.mjs', '.cjs', '.js']),
    ...filesUnder('web', ['.html', '.js', '.mjs']),
  ];
  assert.ok(files.length > 30, `only ${files.length} files`);
  assert.deepEqual(mentions(files, e.providers()), []);
});
