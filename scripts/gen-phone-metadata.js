#!/usr/bin/env node
// Generates src/normalize/phone_metadata.inc from libphonenumber-js's metadata.min.json.
//
//   cd tests && npm install && cd .. && node scripts/gen-phone-metadata.js
//
// The output is a compact C++ table (constexpr arrays of POD structs, string
// literals only: no std::string, no static constructors) read by src/normalize/phone.cpp.
//
// libphonenumber-js stores each region as an array (metadata format v4):
//   [0] calling code            [1] international (IDD) prefix, a regex
//   [2] national number regex   [3] possible lengths
//   [4] formats                 [5] national (trunk) prefix
//   [6] national prefix formatting rule
//   [7] national prefix for parsing, a regex (defaults to [5])
//   [8] national prefix transform rule ("$1"-style replacement)
//   [9] ...  [10] leading digits (regions sharing a calling code: a regex a
//       national number's start must match to belong to this region)
//   [11] ...  [12] preferred IDD prefix when [1] allows several
// country_calling_codes maps a calling code to its regions, main region first;
// nonGeographic holds the "001" codes (+800, +808, +870, ...).
//
// Regexes become ordered lists of literal prefixes, in the order a JavaScript
// regex would try them (alternatives left to right, "?" greedy), so that
// "first literal that is a prefix of the digits" is what the regex matches.
// A regex that does not expand to a short finite list is replaced by a simple
// literal and the replacement is written as a comment next to the region.
'use strict';
const fs = require('fs');
const path = require('path');

const PKG_DIR = path.join(__dirname, '../tests/node_modules/libphonenumber-js');
const meta = require(path.join(PKG_DIR, 'metadata.min.json'));
const version = require(path.join(PKG_DIR, 'package.json')).version;
const OUT = path.join(__dirname, '../src/normalize/phone_metadata.inc');
const MAX_LITERALS = 700; // Argentina's mobile rewrite needs ~600

// ---- a tiny regex expander (digits, classes, groups, |, ?, {n}, {n,m}, $) ----
class TooComplex extends Error {}

function parseRegex(src) {
  let i = 0;
  function parseAlt() {
    const alts = [parseSeq()];
    while (src[i] === '|') {
      i++;
      alts.push(parseSeq());
    }
    return { t: 'alt', alts };
  }
  function parseSeq() {
    const items = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      let atom = parseAtom();
      for (;;) {
        if (src[i] === '?') {
          i++;
          atom = { t: 'rep', atom, min: 0, max: 1 };
        } else if (src[i] === '{') {
          const m = /^\{(\d+)(?:,(\d+))?\}/.exec(src.slice(i));
          if (!m) throw new TooComplex('quantifier');
          i += m[0].length;
          atom = { t: 'rep', atom, min: +m[1], max: m[2] === undefined ? +m[1] : +m[2] };
        } else if (src[i] === '*' || src[i] === '+') throw new TooComplex('unbounded');
        else break;
      }
      items.push(atom);
    }
    return { t: 'seq', items };
  }
  function parseAtom() {
    const c = src[i];
    if (c === '(') {
      let capture = true;
      i++;
      if (src.startsWith('?:', i)) {
        capture = false;
        i += 2;
      }
      const inner = parseAlt();
      if (src[i] !== ')') throw new TooComplex('paren');
      i++;
      return { t: 'group', capture, inner };
    }
    if (c === '[') {
      const end = src.indexOf(']', i);
      const body = src.slice(i + 1, end);
      i = end + 1;
      const digits = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          for (let d = +body[k]; d <= +body[k + 2]; d++) digits.push(String(d));
          k += 2;
        } else if (body[k] === '\\' && body[k + 1] === 'd') {
          for (let d = 0; d <= 9; d++) digits.push(String(d));
          k++;
        } else if (/\d/.test(body[k])) digits.push(body[k]);
        else throw new TooComplex('class');
      }
      return { t: 'set', chars: digits };
    }
    if (c === '\\' && src[i + 1] === 'd') {
      i += 2;
      return { t: 'set', chars: '0123456789'.split('') };
    }
    if (c === '$') {
      i++;
      return { t: 'end' };
    }
    if (/\d/.test(c)) {
      i++;
      return { t: 'set', chars: [c] };
    }
    throw new TooComplex('char ' + c);
  }
  const ast = parseAlt();
  if (i !== src.length) throw new TooComplex('trailing');
  return ast;
}

// Paths in JavaScript backtracking order:
//   {s: literal, caps: {groupNumber: captured literal}, end: anchored with "$"}.
// opaqueCaptures: a capturing group becomes one placeholder path (its content
// is not expanded), for regexes whose captured paths are dropped anyway.
function expand(root, opaqueCaptures = false) {
  let groupCount = 0;
  // Number capturing groups in source order, as JavaScript does.
  (function number(n) {
    if (n.t === 'group' && n.capture) n.index = ++groupCount;
    for (const k of n.alts || n.items || []) number(k);
    if (n.inner) number(n.inner);
    if (n.atom) number(n.atom);
  })(root);
  const limit = (list) => {
    if (list.length > MAX_LITERALS) throw new TooComplex('too many');
    return list;
  };
  const join = (a, b) => ({ s: a.s + b.s, caps: { ...a.caps, ...b.caps }, end: a.end || b.end });
  const EMPTY = { s: '', caps: {}, end: false };
  function go(node) {
    switch (node.t) {
      case 'alt':
        return limit(node.alts.flatMap(go));
      case 'seq': {
        let acc = [EMPTY];
        for (const it of node.items) {
          const next = go(it);
          const out = [];
          for (const x of acc)
            for (const y of next) {
              if (x.end && y.s) continue; // nothing can follow "$"
              out.push(join(x, y));
            }
          acc = limit(out);
        }
        return acc;
      }
      case 'group':
        if (node.capture && opaqueCaptures) return [{ s: '<capture>', caps: { [node.index]: null }, end: false }];
        return go(node.inner).map((p) => (node.capture ? { ...p, caps: { ...p.caps, [node.index]: p.s } } : p));
      case 'set':
        return node.chars.map((c) => ({ s: c, caps: {}, end: false }));
      case 'end':
        return [{ s: '', caps: {}, end: true }];
      case 'rep': {
        const one = go(node.atom);
        let out = [];
        for (let n = node.max; n >= node.min; n--) {
          // greedy: more repetitions first
          let acc = [EMPTY];
          for (let k = 0; k < n; k++) acc = limit(acc.flatMap((x) => one.map((y) => join(x, y))));
          out = limit(out.concat(acc));
        }
        return out;
      }
    }
    throw new Error('bad node');
  }
  return go(root);
}
const hasCapture = (p) => Object.keys(p.caps).length > 0;

// Ordered literal list for a prefix regex; stops at the first empty literal
// (an empty match makes the regex succeed without stripping anything).
// With a transform rule, a path through a capturing group is rewritten:
// "match>replacement" (Argentina: "01115>911" turns 011 15-xxxx into 9 11 xxxx).
function literalList(paths, transform) {
  const out = [];
  const seen = new Set();
  for (const p of paths) {
    if (p.end) throw new TooComplex('anchored');
    if (p.s === '') break;
    let entry = p.s;
    if (transform && hasCapture(p)) {
      entry += '>' + transform.replace(/\$(\d)/g, (_, n) => p.caps[n] || '');
    }
    if (!seen.has(p.s)) {
      seen.add(p.s);
      out.push(entry);
    }
  }
  return out;
}

// ---- per-region conversion ----
function lengthsMask(lengths) {
  let mask = 0;
  for (const l of lengths || []) if (l >= 1 && l <= 17) mask |= 1 << l;
  return mask >>> 0;
}

function convertIdd(region, a) {
  const notes = [];
  const idd = a[1];
  if (!idd) return { list: [], notes }; // non-geographic entries have none
  try {
    return { list: literalList(expand(parseRegex(idd))), notes };
  } catch (e) {
    const fallback = a[12] && /^\d+$/.test(a[12]) ? a[12] : (/^\d+/.exec(idd) || [''])[0];
    notes.push(`IDD pattern /${idd}/ not expanded (${e.message}); using literal "${fallback}"`);
    return { list: fallback ? [fallback] : [], notes };
  }
}

function convertNationalPrefix(region, a) {
  const notes = [];
  const np = a[5] || '';
  const npp = a[7] || np; // libphonenumber: parsing prefix defaults to the trunk prefix
  const transform = a[8] || '';
  let local = null;
  if (!npp) return { list: [], local, notes };
  let rest = npp;
  // NANP-style local numbers: "([457]\d{6})$|1" with transform "268$1" means
  // a 7-digit number starting with 4, 5 or 7 gets area code 268 in front.
  const lm = /^\(\[([0-9-]+)\]\\d\{(\d+)\}\)\$(?:\|(.*))?$/.exec(npp) || /^\((\d)\\d\{(\d+)\}\)\$(?:\|(.*))?$/.exec(npp);
  const tm = /^(\d*)\$1$/.exec(transform);
  if (lm && tm) {
    const set = parseRegex('[' + lm[1] + ']').alts[0].items[0].chars;
    let firstDigits = 0;
    for (const d of set) firstDigits |= 1 << +d;
    local = { length: +lm[2] + 1, firstDigits, area: tm[1] };
    rest = lm[3] || '';
  }
  if (!rest) return { list: [], local, notes };
  try {
    return { list: literalList(expand(parseRegex(rest)), transform), local, notes };
  } catch (e) {
    if (!transform) {
      notes.push(`national prefix for parsing /${npp}/ not expanded (${e.message}); stripping trunk prefix "${np}"`);
      return { list: np ? [np] : [], local, notes };
    }
  }
  // Too many rewriting paths (a capture of \d{n,m}): keep only the plain
  // prefixes, which strip the whole match.
  const paths = expand(parseRegex(rest), true);
  const dropped = paths.filter(hasCapture).length;
  const list = literalList(
    paths.filter((p) => !hasCapture(p)),
    '',
  );
  notes.push(
    `national prefix for parsing /${npp}/ -> "${transform}": ${dropped} rewriting path(s) too large to list; ` +
      (list.length ? `only plain prefixes kept` : `nothing stripped`),
  );
  return { list, local, notes };
}

const rows = [];
const allNotes = [];
// Non-geographic codes (+800, +808, ...) are only listed under nonGeographic.
const regionsByCode = { ...meta.country_calling_codes };
for (const cc of Object.keys(meta.nonGeographic || {})) regionsByCode[cc] = regionsByCode[cc] || ['001'];
const codes = Object.keys(regionsByCode).sort((x, y) => +x - +y);
for (const cc of codes) {
  const regions = regionsByCode[cc];
  regions.forEach((iso, idx) => {
    const a = iso === '001' ? meta.nonGeographic[cc] : meta.countries[iso];
    if (!a) throw new Error(`no metadata for ${iso} (+${cc})`);
    const idd = convertIdd(iso, a);
    const npfx = convertNationalPrefix(iso, a);
    const notes = [...idd.notes, ...npfx.notes];
    for (const n of notes) allNotes.push(`${iso} (+${cc}): ${n}`);
    rows.push({
      iso,
      cc: +cc,
      main: idx === 0,
      idd: idd.list.join('|'),
      np: a[5] || '',
      npp: npfx.list.join('|'),
      lengths: lengthsMask(a[3]),
      pattern: a[2],
      leading: regions.length > 1 ? a[10] || '' : '', // only read to pick among regions of one code
      local: npfx.local,
      notes,
    });
  });
}

// Digits, '|', '>' and regex syntax only: JSON quoting is valid C++ quoting.
const cstr = (s) => JSON.stringify(s);
let out = '';
out += `// GENERATED by scripts/gen-phone-metadata.js from libphonenumber-js ${version}\n`;
out += `// (metadata.min.json). Do not edit: run \`node scripts/gen-phone-metadata.js\`.\n`;
out += `//\n`;
out += `// One row per region (ISO 3166 alpha-2, or "001" for non-geographic codes),\n`;
out += `// sorted by calling code; the first row of each calling code is its main region.\n`;
out += `// Prefix lists are '|'-separated literals in the order libphonenumber's regex\n`;
out += `// would try them; the first one that prefixes the digits is the match.\n`;
out += `//   iso, callingCode, isMainForCode,\n`;
out += `//   intlPrefixes      international dial-out prefixes (from the IDD regex),\n`;
out += `//   nationalPrefix    trunk prefix as written in the metadata,\n`;
out += `//   nationalPrefixesForParsing  literals stripped from a national number;\n`;
out += `//                     "a>b" means prefix a is replaced by b,\n`;
out += `//   possibleLengths   bit n set = n-digit national number possible (n <= 17),\n`;
out += `//   localLength, localFirstDigits (bit d = first digit d), localAreaCode:\n`;
out += `//     a localLength-digit number starting with one of those digits gets\n`;
out += `//     localAreaCode in front (NANP islands, Jersey, Guernsey, ...),\n`;
out += `//   nationalNumberPattern  libphonenumber's national number regex (digits,\n`;
out += `//     [classes], \\d, groups, |, ?, {n}, {n,m}), used to decide whether a\n`;
out += `//     leading trunk prefix or calling code is part of the number,\n`;
out += `//   leadingDigits     libphonenumber's leading digits regex (same syntax) of a\n`;
out += `//     region sharing its calling code, "" when none: a national number whose\n`;
out += `//     start matches it belongs to this region (else the first region whose\n`;
out += `//     national pattern and lengths it fits, else the main region).\n`;
out += `//\n`;
out += `// Simplifications made by the generator (regexes with no short literal form):\n`;
for (const n of allNotes) out += `//   ${n}\n`;
out += `\n// clang-format off\n`;
out += `inline constexpr PhoneRegion kPhoneRegions[] = {\n`;
for (const r of rows) {
  const l = r.local || { length: 0, firstDigits: 0, area: '' };
  out +=
    `  {${cstr(r.iso)}, ${r.cc}, ${r.main}, ${cstr(r.idd)}, ${cstr(r.np)}, ${cstr(r.npp)}, ` +
    `0x${r.lengths.toString(16)}u, ${l.length}, 0x${l.firstDigits.toString(16)}, ${cstr(l.area)},\n   ${cstr(r.pattern)}, ${cstr(r.leading)}},` +
    (r.notes.length ? '  // simplified, see above' : '') +
    '\n';
}
out += `};\n// clang-format on\n`;
out += `inline constexpr const char* kPhoneMetadataVersion = ${cstr('libphonenumber-js ' + version)};\n`;

fs.writeFileSync(OUT, out);
console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${rows.length} regions, ${codes.length} calling codes, ${allNotes.length} notes`);
