#!/usr/bin/env node
// Generates src/normalize/public_suffix.inc from the Public Suffix List (its
// ICANN and its PRIVATE sections, as browsers use them). The source is the
// newest list the package registries offer: the copy npm's `tldts` ships
// (pinned in tests/package.json, updated with each list release), read from
// its suffix trie. A public_suffix_list.dat can be given instead (Debian's
// `publicsuffix` package: /usr/share/publicsuffix/public_suffix_list.dat):
//
//   cd tests && npm ci && cd .. && node scripts/gen-public-suffix.js [list.dat]
//
// The list's version is the tldts release (or the Debian package version) and
// its date that release's publication day, asked of the npm registry once here
// (`npm view tldts@V time`); both are compiled in (kPublicSuffixVersion,
// kPublicSuffixDate) and shown by describeProvider() and `leadroster --version`.
//
// Rules are written in their ASCII form (Unicode labels as punycode "xn--",
// converted with Node's url.domainToASCII), lowercased, deduplicated and
// sorted by bytes, so the engine binary-searches them. A rule keeps its
// marker: "*.ck" (wildcard), "!www.ck" (exception), "co.uk" (normal).
// They are written as ONE front-coded string (below), not as an array of
// std::string_view: in WebAssembly each view costs 8 bytes of pointer and
// length on top of its text (76 KB for this list, and hard to compress).
'use strict';
const fs = require('fs');
const path = require('path');
const { domainToASCII } = require('url');
const { execFileSync } = require('child_process');

const OUT = path.join(__dirname, '../src/normalize/public_suffix.inc');
const TLDTS = path.join(__dirname, '../tests/node_modules/tldts');

const rules = new Set();
let section = null;
let version = 'unknown version';
let date = '';
let from = '';

function addRule(rule) {
  let marker = '';
  let name = rule;
  if (name.startsWith('!')) {
    marker = '!';
    name = name.slice(1);
  } else if (name.startsWith('*.')) {
    marker = '*.';
    name = name.slice(2);
  }
  const ascii = /^[\x00-\x7f]*$/.test(name) ? name.toLowerCase() : domainToASCII(name);
  if (!ascii || name.includes('*')) throw new Error(`cannot convert rule ${JSON.stringify(rule)}`);
  rules.add(marker + ascii);
}

// tldts's flat trie (dist/cjs/src/data/trie.js): nodes with a flag (1 ICANN,
// 2 PRIVATE) end a rule; labels run from the top-level domain down; a "*"
// label is a wildcard; rules under exceptionsRoot are "!" rules.
function readTldts() {
  const t = require(path.join(TLDTS, 'dist/cjs/src/data/trie.js'));
  const { nodeFlags, edgeStart, edgeLength, edgeChild, labelText, rulesRoot, exceptionsRoot } = t;
  const offset = [];
  for (let e = 0, o = 0; e < edgeLength.length; e++) {
    offset.push(o);
    o += edgeLength[e];
  }
  const walk = (root, marker) => {
    const stack = [[root, []]];
    while (stack.length) {
      const [node, labels] = stack.pop();
      if (nodeFlags[node] && labels.length) addRule(marker + [...labels].reverse().join('.'));
      for (let e = edgeStart[node]; e < edgeStart[node + 1]; e++)
        stack.push([edgeChild[e], [...labels, labelText.slice(offset[e], offset[e] + edgeLength[e])]]);
    }
  };
  walk(rulesRoot, '');
  walk(exceptionsRoot, '!');
  section = 'tldts';
  const v = require(path.join(TLDTS, 'package.json')).version;
  version = 'tldts ' + v;
  from = `npm tldts ${v} (its suffix trie)`;
  try {
    const times = JSON.parse(execFileSync('npm', ['view', `tldts@${v}`, 'time', '--json'], { encoding: 'utf8', timeout: 60000 }));
    date = (times[v] || '').slice(0, 10);
  } catch (_) {
    /* offline: no date */
  }
}

function readDat(src) {
  const text = fs.readFileSync(src, 'utf8');
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.includes('===BEGIN ICANN DOMAINS===')) section = 'icann';
    if (line.includes('===BEGIN PRIVATE DOMAINS===')) section = 'private';
    const m = /^\/\/ VERSION: (\d{4}-\d\d-\d\d)/.exec(line);
    if (m) date = m[1];
    if (!line || line.startsWith('//')) continue;
    addRule(line.split(/\s/)[0]);
  }
  from = path.basename(src);
  // The list names its date in newer copies only; Debian's package names a version.
  try {
    version = 'publicsuffix ' + execFileSync('dpkg-query', ['-W', '-f=${Version}', 'publicsuffix'], { encoding: 'utf8' });
    if (!date) {
      const d = /^(\d{4})(\d\d)(\d\d)/.exec(version.split(' ')[1]);
      if (d) date = `${d[1]}-${d[2]}-${d[3]}`;
    }
  } catch (_) {
    /* not a Debian machine */
  }
}

const SRC = process.argv[2];
if (SRC) readDat(SRC);
else readTldts();
if (!/^\d{4}-\d\d-\d\d$/.test(date)) date = '';
if (!section || rules.size < 5000) throw new Error(`${from} does not look like the Public Suffix List`);
const sorted = [...rules].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));

for (const r of sorted) {
  // Plain printable ASCII only: the rules go into a C++ string literal as they are.
  if (!/^[\x21-\x7e]+$/.test(r) || /["\\]/.test(r)) throw new Error(`rule ${JSON.stringify(r)} cannot be written as it is`);
}

// Stored compactly (the engine goes to WebAssembly, whose size is watched):
// each rule with its labels reversed and its marker last ("uk.co", "ck.www!",
// "ck*"), those sorted, each written as one byte telling how many leading
// bytes it shares with the one before ('#' + n) and the rest, ended by '\n'.
// Neighbours then share their top-level domains: ~78 KB instead of ~158 KB,
// ~13 KB less once gzipped. public_suffix.cpp decodes it once, at first use,
// back to the sorted rules it binary-searches.
const reversed = sorted
  .map((r) => {
    let marker = '';
    let name = r;
    if (name.startsWith('!')) {
      marker = '!';
      name = name.slice(1);
    } else if (name.startsWith('*.')) {
      marker = '*';
      name = name.slice(2);
    }
    return name.split('.').reverse().join('.') + marker;
  })
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const MAX_SHARED = 0x7e - 0x23;
let coded = '';
let prev = '';
for (const r of reversed) {
  let k = 0;
  while (k < prev.length && k < r.length && k < MAX_SHARED && prev[k] === r[k]) k++;
  coded += String.fromCharCode(0x23 + k) + r.slice(k) + '\n';
  prev = r;
}
const cEscape = (t) => t.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

let out = `// GENERATED by scripts/gen-public-suffix.js from ${from}
// (the Public Suffix List of ${version}${date ? ', ' + date : ''}).
// Do not edit: run \`node scripts/gen-public-suffix.js\`.
// ${sorted.length} rules, ASCII (punycode): "*.x" wildcard, "!x" exception.
// Front-coded: labels reversed, marker last ("uk.co", "ck.www!", "ck*"),
// sorted; each entry is ('#' + bytes shared with the entry before), the
// rest, '\\n'. public_suffix.cpp decodes it once to the rules sorted by bytes.
constexpr char kPublicSuffixVersion[] = ${JSON.stringify(version)};
constexpr char kPublicSuffixDate[] = ${JSON.stringify(date)};
constexpr unsigned kPublicSuffixRuleCount = ${sorted.length};
constexpr char kPublicSuffixCoded[] =
`;
let line = '';
for (const entry of coded.split(/(?<=\n)/)) {
  const item = cEscape(entry);
  if (line && line.length + item.length > 98) {
    out += '"' + line + '"\n';
    line = '';
  }
  line += item;
}
out += '"' + line + '";\n';
fs.writeFileSync(OUT, out);
console.log(`wrote ${OUT}: ${sorted.length} rules (${version}${date ? ', ' + date : ''}), ${coded.length} bytes coded`);
