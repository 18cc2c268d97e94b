#!/usr/bin/env node
// Generates src/normalize/idna_tables.inc: the data of UTS #46 processing
// (src/normalize/idna.cpp) from Unicode's own tables, as shipped by npm
// packages pinned in tests/package.json:
//
//   cd tests && npm ci && cd .. && node scripts/gen-idna-tables.js
//
// - The IDNA mapping table: tr46's lib/mappingTable.json (Unicode's
//   IdnaMappingTable.txt; status valid, mapped, deviation, disallowed,
//   ignored per code point range).
// - General_Category=Mark (a label may not start with one): tr46's
//   combiningMarks regex (lib/regexes.js, from Unicode's data).
// - NFC (canonical decompositions, the canonical combining class order and
//   the composition exclusions): read off this Node's ICU, the normalizer tr46
//   itself runs (String.prototype.normalize), for the code points the mapping
//   table leaves valid: only those remain after mapping. The one-level
//   decomposition of c is (X, m) with NFD(c) = NFD(X) + m; c composes from
//   (X, m) when NFC(X + m) = c. The combining classes are kept as their
//   order (rank 1..n; 0 stays 0), found by asking NFD to reorder pairs of marks.
//
// Compact forms (the engine goes to WebAssembly, whose size is watched):
// - the mapping is a list of segments covering U+0000-U+10FFFF, each a start
//   and a kind: a run of one status (valid, disallowed, ignored, symbol); "delta" (every code point maps to cp + d);
//   "alternate" (even offsets map to cp + d, odd ones are valid: case pairs);
//   "strings" (each code point maps to its own string in a pool, UTF-8 with a
//   length byte). Binary-searched by start.
// - decompositions: one 64-bit word per valid code point that has one
//   (c, X, m, and whether NFC composes (X, m) back into c), sorted by c.
// - combining class ranks: ranges (start, length, rank) in 32 bits each.
'use strict';
const fs = require('fs');
const path = require('path');

const TR46 = path.join(__dirname, '../tests/node_modules/tr46');
const OUT = path.join(__dirname, '../src/normalize/idna_tables.inc');
const table = require(path.join(TR46, 'lib/mappingTable.json'));
const { combiningMarks } = require(path.join(TR46, 'lib/regexes.js'));
const tr46Pkg = require(path.join(TR46, 'package.json'));

const N = 0x110000;
const MAPPED = 1,
  VALID = 2,
  DISALLOWED = 3,
  DEVIATION = 6,
  IGNORED = 7;
const status = new Uint8Array(N).fill(DISALLOWED);
const mapping = new Array(N);
for (const row of table) {
  const [a, b] = Array.isArray(row[0]) ? row[0] : [row[0], row[0]];
  for (let c = a; c <= b; c++) {
    // Non-transitional processing: a deviation (ß, ς, ZWJ, ZWNJ) stays as it is.
    status[c] = row[1] === DEVIATION ? VALID : row[1];
    if (row[2] !== undefined) mapping[c] = row[2];
  }
}
for (let c = 0xd800; c < 0xe000; c++) status[c] = DISALLOWED;
// IDNA2008 (RFC 5892) admits letters, marks and digits only: the symbols and
// punctuation UTS #46 keeps valid (its "NV8" code points: emoji, ☃, ©, ...)
// are refused, as leadroster always did; the engine says so. Taken as the
// valid non-ASCII code points outside General_Category L, M and Nd (Node's
// Unicode data), less RFC 5892's exceptions and CONTEXTO code points.
const SYMBOL = 8;
const IDNA2008_EXCEPTIONS = new Set([0x00b7, 0x0375, 0x05f3, 0x05f4, 0x06fd, 0x06fe, 0x0f0b, 0x3007, 0x30fb]);
for (let c = 0x80; c < N; c++) {
  if (status[c] !== VALID || (c >= 0xd800 && c < 0xe000) || IDNA2008_EXCEPTIONS.has(c)) continue;
  if (!/[\p{L}\p{M}\p{Nd}]/u.test(String.fromCodePoint(c))) status[c] = SYMBOL;
}
// A mapping whose result the label checks refuse anyway (ASCII outside
// [a-z0-9.-], as in U+2474 -> "(1)", or a symbol) is stored as disallowed:
// the same answer, without its string.
for (let c = 0x80; c < N; c++) {
  if (status[c] !== MAPPED) continue;
  const refused = [...mapping[c]].some((ch) => {
    const k = ch.codePointAt(0);
    return k < 0x80 ? !/[a-z0-9.-]/.test(ch) : status[k] === SYMBOL || status[k] === DISALLOWED;
  });
  if (refused) status[c] = DISALLOWED;
}
const isValid = (c) => status[c] === VALID;
const cps = (s) => [...s].map((ch) => ch.codePointAt(0));

// ---- the mapping, as segments ----
const KIND = { valid: 0, disallowed: 1, ignored: 2, delta: 3, alternate: 4, strings: 5, symbol: 6 };
const single = (c) => (status[c] === MAPPED && cps(mapping[c]).length === 1 ? cps(mapping[c])[0] - c : null);
const runLength = (c) => {
  if (status[c] === MAPPED) return 0;
  let e = c;
  while (e + 1 < N && status[e + 1] === status[c]) e++;
  return e - c + 1;
};
const deltaLength = (c) => {
  const d = single(c);
  if (d === null || d < -32768 || d > 32767) return 0;
  let e = c;
  while (e + 1 < N && single(e + 1) === d) e++;
  return e - c + 1;
};
const alternateLength = (c) => {
  const d = single(c);
  if (d === null || d < -32768 || d > 32767) return 0;
  let e = c;
  while (e + 1 < N && ((e + 1 - c) % 2 === 1 ? isValid(e + 1) : single(e + 1) === d)) e++;
  return e - c + 1;
};
const segments = []; // [start, kind, payload]
const pool = [];
for (let c = 0; c < N;) {
  const run = runLength(c);
  if (run > 0) {
    const kind = status[c] === VALID ? KIND.valid : status[c] === IGNORED ? KIND.ignored : status[c] === SYMBOL ? KIND.symbol : KIND.disallowed;
    segments.push([c, kind, 0]);
    c += run;
    continue;
  }
  const dl = deltaLength(c),
    al = alternateLength(c);
  if (dl >= 2 || al >= 3) {
    if (al > dl) (segments.push([c, KIND.alternate, single(c)]), (c += al));
    else (segments.push([c, KIND.delta, single(c)]), (c += dl));
    continue;
  }
  const start = c;
  const offset = pool.length;
  while (c < N && status[c] === MAPPED && (c === start || (deltaLength(c) < 2 && alternateLength(c) < 3))) {
    const bytes = Buffer.from(mapping[c], 'utf8');
    if (bytes.length > 255) throw new Error(`mapping of U+${c.toString(16)} too long`);
    pool.push(bytes.length, ...bytes);
    c++;
  }
  if (offset > 32767) throw new Error('string pool over 32 KiB (offsets are int16)');
  segments.push([start, KIND.strings, offset]);
}
// Merge neighbours of one run kind (an empty strings segment cannot occur).
for (let i = segments.length - 1; i > 0; i--)
  if ((segments[i][1] <= KIND.ignored || segments[i][1] === KIND.symbol) && segments[i][1] === segments[i - 1][1]) segments.splice(i, 1);

// ---- NFC data, for valid code points ----
const nfd = (s) => s.normalize('NFD');
const nfc = (s) => s.normalize('NFC');
const str = (...c) => String.fromCodePoint(...c);
const isHangulSyllable = (c) => c >= 0xac00 && c <= 0xd7a3;
// Combining marks: a mark x has class > 0 if NFD moves it after U+0334
// (class 1) or U+0301 (class 230) before it.
const nonZero = [];
for (let c = 0; c < N; c++) {
  if (!isValid(c) || (c >= 0xd800 && c < 0xe000)) continue;
  const x = str(c);
  if (nfd(x) !== x) continue;
  if (nfd('a' + x + '\u0334') === 'a\u0334' + x || nfd('a\u0301' + x) === 'a' + x + '\u0301') nonZero.push(c);
}
// Order them: NFD puts y before x when class(y) < class(x).
const cmp = (x, y) => {
  if (nfd('a' + str(x) + str(y)) === 'a' + str(y) + str(x)) return 1;
  if (nfd('a' + str(y) + str(x)) === 'a' + str(x) + str(y)) return -1;
  return 0;
};
const sorted = [...nonZero].sort(cmp);
const rank = new Map();
let r = 0;
for (let i = 0; i < sorted.length; i++) {
  if (i === 0 || cmp(sorted[i - 1], sorted[i]) !== 0) r++;
  rank.set(sorted[i], r);
}
if (r > 255) throw new Error('too many combining classes');
const cccRanges = []; // [start, length, rank]
for (const c of [...rank.keys()].sort((a, b) => a - b)) {
  const last = cccRanges[cccRanges.length - 1];
  if (last && last[0] + last[1] === c && last[2] === rank.get(c) && last[1] < 255) last[1]++;
  else cccRanges.push([c, 1, rank.get(c)]);
}
// Decompositions of valid code points (Hangul syllables are algorithmic).
const decomps = []; // [c, X, m, composes]
for (let c = 0; c < N; c++) {
  if (!isValid(c) || isHangulSyllable(c) || (c >= 0xd800 && c < 0xe000)) continue;
  const x = str(c);
  if (nfc(x) !== x) throw new Error(`valid U+${c.toString(16)} is not NFC`);
  const d = cps(nfd(x));
  if (d.length === 1 && d[0] === c) continue;
  if (d.length < 2) throw new Error(`valid U+${c.toString(16)} has a singleton decomposition`);
  const m = d[d.length - 1];
  const X = cps(nfc(str(...d.slice(0, -1))));
  if (X.length !== 1 || nfd(str(X[0], m)) !== nfd(x)) throw new Error(`cannot split the decomposition of U+${c.toString(16)}`);
  decomps.push([c, X[0], m, nfc(str(X[0], m)) === x]);
}
// Every code point that a valid one decomposes into must be decomposable by
// the table too (or be its own decomposition).
const decompOf = new Map(decomps.map((d) => [d[0], d]));
for (const [c, X] of decomps) {
  const full = [];
  const go = (k) => (decompOf.has(k) ? (go(decompOf.get(k)[1]), full.push(decompOf.get(k)[2])) : full.push(k));
  go(c);
  if (str(...full) !== nfd(str(c))) throw new Error(`decomposition of U+${c.toString(16)} (via U+${X.toString(16)}) incomplete`);
}
// General_Category=Mark ranges (a label may not start with one).
const marks = [];
for (let c = 0; c < N; c++) {
  if (c >= 0xd800 && c < 0xe000) continue;
  if (!combiningMarks.test(str(c))) continue;
  const last = marks[marks.length - 1];
  if (last && last[1] === c - 1) last[1] = c;
  else marks.push([c, c]);
}

// ---- output ----
const hex = (n, w = 0) => '0x' + n.toString(16).padStart(w, '0');
const wrap = (items, per) => {
  let s = '';
  for (let i = 0; i < items.length; i += per) s += '  ' + items.slice(i, i + per).join(', ') + ',\n';
  return s;
};
// LEB128: 7 bits a byte, low first, the high bit set on all but the last.
const leb = (n) => {
  const bytes = [];
  for (; n >= 0x80; n = Math.floor(n / 0x80)) bytes.push(String((n % 0x80) | 0x80));
  bytes.push(String(n));
  return bytes;
};
const deltas = (list) => list.flatMap((v, i) => leb(v - (i ? list[i - 1] : 0)));
let out = `// GENERATED by scripts/gen-idna-tables.js from tr46 ${tr46Pkg.version} (Unicode ${tr46Pkg.unicodeVersion}
// IDNA mapping table and General_Category=Mark) and the NFC data of Node
// ${process.version}'s ICU ${process.versions.icu} (Unicode ${process.versions.unicode}).
// Do not edit: run \`node scripts/gen-idna-tables.js\`.
// ${segments.length} mapping segments, ${pool.length} bytes of mapping strings,
// ${decomps.length} decompositions, ${cccRanges.length} combining class ranges (${r} classes), ${marks.length} mark ranges.
// clang-format off
inline constexpr const char* kIdnaDataVersion = ${JSON.stringify(`tr46 ${tr46Pkg.version} (Unicode ${tr46Pkg.unicodeVersion}), NFC of ICU ${process.versions.icu} (Unicode ${process.versions.unicode})`)};
enum IdnaKind : uint32_t { kValid = 0, kDisallowed = 1, kIgnored = 2, kDelta = 3, kAlternate = 4, kStrings = 5, kSymbol = 6 };
// Each segment's start minus the one before (LEB128; idna.cpp decodes it once:
// deltas gzip to half the size of the starts), then each segment's kind.
inline constexpr unsigned kIdnaSegCount = ${segments.length};
inline constexpr unsigned char kIdnaSegStartCoded[] = {
${wrap(deltas(segments.map((s) => s[0])), 20)}};
inline constexpr uint8_t kIdnaSegKind[] = {
${wrap(
  segments.map((s) => String(s[1])),
  20,
)}};
// delta (kDelta, kAlternate) or offset into kIdnaPool (kStrings)
inline constexpr int16_t kIdnaSegPayload[] = {
${wrap(
  segments.map((s) => String(s[2])),
  12,
)}};
// per mapped code point of a kStrings segment, in order: a length byte, then UTF-8
inline constexpr unsigned char kIdnaPool[] = {
${wrap(
  pool.map((b) => String(b)),
  20,
)}};
// c | X << 21 | m << 42 | composes << 63, sorted by c: NFD(c) = NFD(X) + m
inline constexpr uint64_t kNfcDecomp[] = {
${wrap(
  decomps.map(([c, X, m, comp]) => hex((BigInt(comp ? 1 : 0) << 63n) | (BigInt(m) << 42n) | (BigInt(X) << 21n) | BigInt(c)) + 'u'),
  4,
)}};
// Combining class ranges (LEB128): start minus the previous start, length - 1;
// then the rank of each range's combining class.
inline constexpr unsigned kCccCount = ${cccRanges.length};
inline constexpr unsigned char kCccCoded[] = {
${wrap(
  cccRanges.flatMap((x, i) => [...leb(x[0] - (i ? cccRanges[i - 1][0] : 0)), ...leb(x[1] - 1)]),
  20,
)}};
inline constexpr uint8_t kCccRank[] = {
${wrap(
  cccRanges.map((x) => String(x[2])),
  20,
)}};
// General_Category=Mark ranges (LEB128): first minus the previous range's
// last, last - first.
inline constexpr unsigned kMarkCount = ${marks.length};
inline constexpr unsigned char kMarkCoded[] = {
${wrap(
  marks.flatMap((m, i) => [...leb(m[0] - (i ? marks[i - 1][1] : 0)), ...leb(m[1] - m[0])]),
  20,
)}};
// clang-format on
`;
fs.writeFileSync(OUT, out);
console.log(
  `wrote ${path.relative(process.cwd(), OUT)}: ${segments.length} segments, pool ${pool.length} B, ${decomps.length} decompositions, ${cccRanges.length} ccc ranges (${r} classes), ${marks.length} mark ranges`,
);
