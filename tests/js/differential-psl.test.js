'use strict';
// Differential test: the engine's registrable domains (src/normalize/
// public_suffix.cpp, the list compiled in by scripts/gen-public-suffix.js)
// against tldts (npm, pinned in tests/package.json: the package the list is
// generated from) with its private section on, as the engine has it. Probes:
// every rule of the list with one and two labels in front, and the rule itself.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const tldts = require('tldts');
const { load } = require('../../npm');

// The rules of the list, read off tldts's suffix trie as scripts/gen-public-suffix.js does.
function rules() {
  const t = require(path.join(path.dirname(require.resolve('tldts')), 'src/data/trie.js'));
  const offset = [];
  for (let e = 0, o = 0; e < t.edgeLength.length; e++) (offset.push(o), (o += t.edgeLength[e]));
  const out = [];
  const walk = (root, marker) => {
    const stack = [[root, []]];
    while (stack.length) {
      const [node, labels] = stack.pop();
      if (t.nodeFlags[node] && labels.length) out.push(marker + [...labels].reverse().join('.'));
      for (let e = t.edgeStart[node]; e < t.edgeStart[node + 1]; e++)
        stack.push([t.edgeChild[e], [...labels, t.labelText.slice(offset[e], offset[e] + t.edgeLength[e])]]);
    }
  };
  walk(t.rulesRoot, '');
  walk(t.exceptionsRoot, '!');
  return out;
}

test('registrableDomain agrees with tldts on every rule of the list', async () => {
  const engine = await load();
  const probes = new Set(['x.nom.ad', 'nom.ad', 'shop.amusement.aero', 'a.b.c.acme.co.uk', 'x.acme.github.io']);
  for (const r of rules()) {
    const name = r.replace(/^!|^\*\./, '');
    if (/[^\x00-\x7f]/.test(name)) continue; // the trie holds its punycode form too
    probes.add(name);
    probes.add('shop.' + name);
    probes.add('a.shop.' + name);
  }
  let same = 0;
  const differ = [];
  for (const host of probes) {
    const want = tldts.getDomain(host, { allowPrivateDomains: true });
    const got = engine.registrableDomain(host);
    const mine = got.ok ? got.value : null;
    // tldts gives no domain for a public suffix; the engine refuses it (invalid_domain)
    if (mine === want || (mine === null && want === null)) same++;
    else if (got.ok || got.code !== 'invalid_domain' || want !== null) differ.push({ host, ours: got.ok ? mine : got.message, tldts: want });
  }
  console.log(`psl: ${same}/${probes.size} probes agree with tldts`);
  for (const d of differ.slice(0, 10)) console.log('  DIFFERS', JSON.stringify(d));
  assert.ok(probes.size > 30000);
  assert.deepEqual(differ, []);
  const d = engine.describeProvider(engine.providers()[0]).publicSuffixList;
  assert.equal(
    d.version,
    'tldts ' + JSON.parse(require('node:fs').readFileSync(path.join(path.dirname(require.resolve('tldts')), '../../package.json'), 'utf8')).version,
  );
  assert.match(d.date, /^\d{4}-\d\d-\d\d$/);
});
