// Differential test: leadroster's normalizePhone (the WASM package) against
// libphonenumber-js on a deterministic corpus built from libphonenumber-js's
// own example numbers.
//
//   cd tests && npm install && cd .. && node --test tests/js/differential-phone.test.js
//
// Reference answer: parsePhoneNumberFromString(input, country) -> its E.164
// value when isPossible(), else "not possible". leadroster's answer: value when
// ok, else "not possible". Agreement must stay >= 99%; the disagreements we
// know about and accept are described in KNOWN (one line each).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parsePhoneNumberFromString, getExampleNumber, getCountryCallingCode } = require('libphonenumber-js');
const examples = require('libphonenumber-js/examples.mobile.json');

const NOT_POSSIBLE = 'not possible';
const MIN_AGREEMENT = 0.99;

// Accepted differences. `match(c)` gets a disagreeing case
// {input, country, ours, lib, kind} and says whether this entry explains it.
const KNOWN = [
  {
    name: 'nanp-leading-0-or-1',
    reason: 'rule: a +1 area code or exchange never starts with 0 or 1, so leadroster rejects such numbers; libphonenumber isPossible() checks the length only',
    match: (c) => c.ours === NOT_POSSIBLE && /^\+1(?:[01]\d{9}|\d{3}[01]\d{6})$/.test(c.lib),
  },
  {
    name: 'nanp-7-digit-local',
    reason:
      'rule: a 7-digit NANP number has no area code, so it cannot be made E.164; libphonenumber isPossible() accepts 7 digits because Canada lists a few 7-digit service numbers',
    match: (c) => c.ours === NOT_POSSIBLE && /^\+1\d{7}$/.test(c.lib),
  },
  {
    name: 'does-not-read-back',
    reason:
      'rule: leadroster rejects a result that would not read back as itself (a trunk prefix left after stripping one, or over 17 digits); libphonenumber returns it',
    match: (c) => {
      if (c.ours !== NOT_POSSIBLE || c.lib === NOT_POSSIBLE) return false;
      if (c.lib.length - 1 > 17) return true;
      const again = parsePhoneNumberFromString(c.lib);
      return !again || again.number !== c.lib;
    },
  },
  {
    name: 'cn-carrier-code',
    reason: 'China carrier-selection prefixes (1[12]xxx, 179xx: 2,100 literals) are not in the compact metadata; leadroster strips only the trunk prefix 0',
    // Only a Chinese number (+86..., or national under country CN) whose national
    // digits start with a carrier code, where libphonenumber's answer is exactly
    // the digits after it: any other +86 disagreement is a regression.
    match: (c) => {
      const plus = /^\s*\+\s*86/.test(c.input);
      if (!plus && (c.country !== 'CN' || /^\s*00/.test(c.input))) return false;
      const national = c.input.replace(/\D/g, '').slice(plus ? 2 : 0);
      const m = /^(?:1[12]\d{3}|179\d\d)(\d+)$/.exec(national);
      return m !== null && c.lib === '+86' + m[1];
    },
  },
  {
    name: 'idd-00-without-country',
    reason: 'rule: "00" is an international prefix when no default country is given; libphonenumber needs a country to know the dial-out prefix',
    match: (c) => !c.country && /^\s*00/.test(c.input) && c.lib === NOT_POSSIBLE,
  },
  {
    name: 'extension',
    reason: 'rule: extensions ("ext", "x", "#") are invalid_phone; libphonenumber parses them off the number',
    match: (c) => /[a-z#;]/i.test(c.input) && c.ours === NOT_POSSIBLE,
  },
];

// Countries in the corpus (>= 20), and the dial-out prefix a caller there uses.
const COUNTRIES = [
  'US',
  'CA',
  'FR',
  'GB',
  'DE',
  'ES',
  'IT',
  'NL',
  'BE',
  'CH',
  'AU',
  'IN',
  'BR',
  'MX',
  'JP',
  'CN',
  'RU',
  'SE',
  'PL',
  'ZA',
  'SG',
  'IE',
  'AT',
  'NZ',
  'KR',
  'PT',
  'DK',
  'NO',
  'FI',
  'HK',
  'IL',
  'TR',
  'KZ',
  'AR',
  'PH',
  'NG',
  'AE',
  'CZ',
  'GR',
  'JM',
];
const CALLERS = [
  ['FR', '00'],
  ['DE', '00'],
  ['GB', '00'],
  ['ES', '00'],
  ['IT', '00'],
  ['NL', '00'],
  ['US', '011'],
  ['CA', '011'],
  ['AU', '0011'],
  ['JP', '010'],
  ['RU', '810'],
  ['KR', '001'],
  ['IN', '00'],
  ['ZA', '00'],
  ['SG', '001'],
];
const NUMBERS_PER_COUNTRY = 14;

// mulberry32: small deterministic PRNG (never Math.random).
const { rng: prng } = require('./helpers.js');

function buildCorpus() {
  const rand = prng(0x1ead5);
  const int = (n) => Math.floor(rand() * n);
  const pick = (arr) => arr[int(arr.length)];
  const digit = () => String(int(10));
  const cases = [];
  const add = (input, country, kind) => cases.push({ input, country, kind });

  // Separators a spreadsheet might use between digit groups.
  const regroup = (digits, sep) => {
    let out = '';
    let i = 0;
    while (i < digits.length) {
      const n = 2 + int(3);
      out += (out ? sep : '') + digits.slice(i, i + n);
      i += n;
    }
    return out;
  };
  const mutateDigits = (s) => {
    const positions = [];
    for (let i = 0; i < s.length; i++) if (/\d/.test(s[i])) positions.push(i);
    const p = pick(positions.slice(1)); // keep the first digit (and any "+")
    switch (int(3)) {
      case 0:
        return ['mutation-drop', s.slice(0, p) + s.slice(p + 1)];
      case 1:
        return ['mutation-insert', s.slice(0, p) + digit() + s.slice(p)];
      default:
        return ['mutation-drop2', s.slice(0, p) + s.slice(p + 2).replace(/^\D*\d/, '')];
    }
  };

  for (const country of COUNTRIES) {
    const example = getExampleNumber(country, examples);
    const cc = getCountryCallingCode(country);
    const nsn = example.nationalNumber;
    for (let k = 0; k < NUMBERS_PER_COUNTRY; k++) {
      // Same leading digits (so the number stays in the example's range), random tail.
      const keep = Math.min(nsn.length - 3, 3 + int(2));
      let national = nsn.slice(0, keep);
      while (national.length < nsn.length) national += digit();
      const e164 = `+${cc}${national}`;
      const parsed = parsePhoneNumberFromString(e164);
      const fmtNational = parsed ? parsed.formatNational() : national;
      const fmtIntl = parsed ? parsed.formatInternational() : e164;
      const [caller, idd] = pick(CALLERS.filter(([c]) => c !== country));
      const other = pick(COUNTRIES);

      const variants = [
        ['e164', e164, pick([undefined, country, other])],
        ['intl', fmtIntl, pick([undefined, country, other])],
        ['intl-dashes', `+${cc}-${regroup(national, '-')}`, other],
        ['national', fmtNational, country],
        ['national-dots', fmtNational.replace(/[\s-]+/g, '.'), country],
        ['national-digits', fmtNational.replace(/\D/g, ''), country],
        ['national-regrouped', regroup(fmtNational.replace(/\D/g, ''), pick([' ', '-', '.', ' / '])), country],
        ['idd', `${idd} ${cc} ${regroup(national, ' ')}`, caller],
      ];
      if (k % 4 === 0) variants.push(['cc-no-plus', `${cc} ${regroup(national, ' ')}`, country]);
      for (const [kind, input, c] of variants) add(input, c, kind);

      // Mutations of a random variant: a digit dropped or added.
      for (let m = 0; m < 3; m++) {
        const [kind, input, c] = pick(variants);
        const [mkind, mutated] = mutateDigits(input);
        add(mutated, c, `${mkind}:${kind}`);
      }
    }
    // Too short and too long national numbers.
    add(nsn.slice(0, 3), country, 'invalid-short');
    add(`${nsn}${digit()}${digit()}${digit()}`, country, 'invalid-long');
  }

  // Rule-based differences, a few of each (see KNOWN).
  for (let k = 0; k < 8; k++) {
    const country = pick(COUNTRIES);
    const e164 = getExampleNumber(country, examples).number;
    add(`00 ${e164.slice(1)}`, undefined, 'idd-no-country');
    add(`${e164} ${pick(['ext', 'ext.', 'x', '#'])} ${1 + int(999)}`, pick([undefined, country]), 'extension');
  }

  // "+" followed by something that is not a calling code, or a bad length.
  for (let k = 0; k < 60; k++) {
    const tail = regroup(Array.from({ length: 6 + int(8) }, digit).join(''), ' ');
    const bad = pick(['0', '00', '28', '299', '999', '80', '89', '969', '388', '0' + digit()]);
    add(`+${bad} ${tail}`, pick([undefined, pick(COUNTRIES)]), 'invalid-plus');
  }
  return cases;
}

function reference(input, country) {
  let p;
  try {
    p = parsePhoneNumberFromString(input, country);
  } catch {
    p = undefined;
  }
  return p && p.isPossible() ? p.number : NOT_POSSIBLE;
}

test('normalizePhone agrees with libphonenumber-js', async () => {
  const { load } = require('../../npm');
  const engine = await load();

  const corpus = buildCorpus();
  assert.ok(new Set(corpus.map((c) => c.country).filter(Boolean)).size >= 20);

  let agree = 0;
  const known = new Map(KNOWN.map((k) => [k.name, []]));
  const unexplained = [];
  for (const c of corpus) {
    const r = engine.normalizePhone(c.input, c.country || '');
    assert.ok(r && typeof r.ok === 'boolean', `bad result for ${JSON.stringify(c.input)}`);
    if (!r.ok) assert.strictEqual(r.code, 'invalid_phone', `${JSON.stringify(c.input)}: ${r.code}`);
    const ours = r.ok ? r.value : NOT_POSSIBLE;
    const lib = reference(c.input, c.country);
    if (ours === lib) {
      agree++;
      continue;
    }
    const d = { ...c, ours, lib };
    const k = KNOWN.find((e) => e.match(d));
    (k ? known.get(k.name) : unexplained).push(d);
  }

  const rate = agree / corpus.length;
  console.log(`phone agreement: ${(100 * rate).toFixed(1)}% (n=${corpus.length})`);
  for (const k of KNOWN) {
    const list = known.get(k.name);
    if (!list.length) continue;
    console.log(`  known difference ${k.name}: ${list.length} case(s) - ${k.reason}`);
    for (const d of list.slice(0, 3)) console.log(`    ${JSON.stringify(d.input)} [${d.country || '-'}] ours=${d.ours} lib=${d.lib}`);
  }
  if (unexplained.length) {
    console.log(`  unexplained differences: ${unexplained.length}`);
    for (const d of unexplained.slice(0, 40)) console.log(`    ${d.kind}: ${JSON.stringify(d.input)} [${d.country || '-'}] ours=${d.ours} lib=${d.lib}`);
  }
  assert.ok(rate >= MIN_AGREEMENT, `agreement ${(100 * rate).toFixed(2)}% is below ${100 * MIN_AGREEMENT}%`);
  assert.strictEqual(unexplained.length, 0, 'every difference must be explained by an entry in KNOWN');
});

test('normalizePhone handles junk input without throwing', async () => {
  const { load } = require('../../npm');
  const engine = await load();
  const junk = [
    '',
    '+',
    '\u0000',
    '+33\u00006 12 34 56 78',
    '\uFFFD\uFFFD',
    '06 12 34 56 78 ext 12',
    '1'.repeat(1 << 20),
    'x'.repeat(1 << 20),
    '\u00A0'.repeat(1000),
  ];
  for (const s of junk) {
    const r = engine.normalizePhone(s, 'FR');
    assert.strictEqual(r.ok, false, JSON.stringify(s.slice(0, 20)));
    assert.strictEqual(r.code, 'invalid_phone');
  }
});
