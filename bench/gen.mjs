#!/usr/bin/env node
// Deterministic generator of messy sales leads for the benchmark.
//
//   node bench/gen.mjs --n 100000 [--seed 20250101] [--out bench/data] [--providers sendpilot,reached,puffle]
//
// One logical dataset (same people, same messiness, same duplicates) is drawn
// once per row from a seeded PRNG (sfc32 seeded by splitmix32) and rendered
// with each provider's field names, into
//   <out>/<provider>-<N>.ndjson   one lead a line
//   <out>/<provider>-<N>.json     the same leads as one JSON array
// Same seed and N -> byte-identical files. Prints one JSON line with the
// ground truth of what was injected.
//
// Per row: first/last name (some non-ASCII, some padded), email (mixed case,
// padded, ~5% invalid, ~3% missing), LinkedIn URL in every form the normalizer
// accepts (http/https/none/'//', www./m./mobile./country subdomains, host
// case, trailing dot, /mwlite/, slug case, percent-encoded non-ASCII slug,
// trailing slash, /recent-activity/..., /details/..., tracking query,
// fragment, surrounding spaces; ~1% not a profile URL, ~1% missing), phone in
// national and international formats of the row's `country` (US/FR/GB/DE;
// ~2% unparseable, ~10% missing), company, title (0.5% over the 200-byte
// limit) and custom fields. ~10% of rows re-render an earlier person with
// every identity written differently (or only some identities shared).
//
// Field names per provider:
//   sendpilot  linkedinUrl firstName lastName company title + flat custom
//              fields (email, phone, country, source, score, tags, note)
//   reached    phone email first_name last_name company_name title
//              linkedin_url country (reached has no custom fields)
//   puffle     email linkedin_url first_name last_name company_name title
//              phone country custom_fields{source, score, tags[], note}
import fs from 'node:fs';
import path from 'node:path';

const PROVIDERS = ['sendpilot', 'reached', 'puffle'];

function parseArgs(argv) {
  const o = { n: 10000, seed: 20250101, out: path.join(path.dirname(new URL(import.meta.url).pathname), 'data'), providers: PROVIDERS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const eq = a.indexOf('=');
      return eq > 0 ? a.slice(eq + 1) : argv[++i];
    };
    if (a.startsWith('--n')) o.n = parseCount(v());
    else if (a.startsWith('--seed')) o.seed = parseInt(v(), 10);
    else if (a.startsWith('--out')) o.out = v();
    else if (a.startsWith('--providers')) o.providers = v().split(',');
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/gen.mjs --n N [--seed S] [--out DIR] [--providers sendpilot,reached,puffle]');
      process.exit(0);
    } else throw new Error('unknown argument ' + a);
  }
  for (const p of o.providers) if (!PROVIDERS.includes(p)) throw new Error('unknown provider ' + p);
  return o;
}

export function parseCount(s) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(String(s).replace(/_/g, ''));
  if (!m) throw new Error('bad count ' + s);
  return Math.round(parseFloat(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2]) ? 1e3 : 1e6));
}

// ---- PRNG
function splitmix32(a) {
  return () => {
    a |= 0;
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}
function sfc32(a, b, c, d) {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

// ---- vocabulary
const FIRST = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Pierre',
  'Marie',
  'Jean',
  'Camille',
  'Lucas',
  'Chloé',
  'Hugo',
  'Léa',
  'Oliver',
  'Amelia',
  'George',
  'Isla',
  'Harry',
  'Ava',
  'Lukas',
  'Emma',
  'Leon',
  'Mia',
  'Finn',
  'Hannah',
  'Noah',
  'Sofia',
  'José',
  'Zoë',
  'Björn',
  'Anaïs',
  'Raj',
  'Priya',
  'Wei',
  'Mei',
  'Jürgen',
  'François',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Taylor',
  'Wilson',
  'Evans',
  'Walker',
  'Wright',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Hoffmann',
  "O'Brien",
  'Nguyen',
  'Kim',
  'Patel',
  'Singh',
  'Chen',
  'van der Berg',
  'De La Cruz',
  'Łukasiewicz',
  'Øster',
  'Lefèvre',
];
const COMPANY = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Soylent',
  'Vandelay Industries',
  'Pied Piper',
  'Massive Dynamic',
  'Cyberdyne',
  'Tyrell',
  'Wonka',
  'Aperture Science',
  'Le Petit Café SARL',
  'Müller & Söhne GmbH',
  'Britannia Widgets Ltd',
  'Northwind',
  'Contoso',
];
const DOMAIN = [
  'acme.com',
  'globex.io',
  'initech.net',
  'umbrella.co',
  'hooli.xyz',
  'stark.com',
  'wayne.com',
  'soylent.fr',
  'vandelay.co.uk',
  'piedpiper.com',
  'massive.de',
  'cyberdyne.ai',
  'tyrell.com',
  'wonka.co.uk',
  'aperture.science',
  'gmail.com',
  'outlook.com',
  'yahoo.fr',
  'web.de',
  'hotmail.co.uk',
  'googlemail.com',
];
const TITLE = [
  'CEO',
  'CTO',
  'VP Sales',
  'Head of Growth',
  'Account Executive',
  'SDR',
  'Marketing Manager',
  'Founder',
  'Co-Founder & COO',
  'Directeur Commercial',
  'Geschäftsführer',
  'Head of Partnerships',
  'Senior Software Engineer',
  'Recruiter',
  'Chief Revenue Officer',
  'Business Development Rep',
];
const SOURCES = ['csv_import', 'chrome_ext', 'sales_nav', 'webhook', 'manual', 'api'];
const TAGS = ['hot', 'cold', 'warm', 'q3', 'enterprise', 'smb', 'event-2024', 'webinar', 'referral'];
const EVENTS = ['SaaStr', 'Web Summit', 'VivaTech', 'DMEXCO', 'Dreamforce'];
const COUNTRIES = ['US', 'US', 'US', 'FR', 'GB', 'DE'];
const US_AREA = ['212', '415', '646', '312', '617', '202', '305', '512', '206', '303', '404', '718', '917', '650'];
const LI_HOSTS = [
  'www.linkedin.com',
  'www.linkedin.com',
  'www.linkedin.com',
  'linkedin.com',
  'm.linkedin.com',
  'mobile.linkedin.com',
  'fr.linkedin.com',
  'uk.linkedin.com',
  'de.linkedin.com',
  'ca.linkedin.com',
  'WWW.LinkedIn.com',
  'LINKEDIN.COM',
  'www.linkedin.com.',
];
const LI_SCHEMES = ['https://', 'https://', 'https://', 'http://', '', '', '//'];
const LI_SUFFIX = ['', '', '/', '/', '/', '/recent-activity/all/', '/recent-activity/shares/', '/details/experience/', '/overlay/contact-info/', '/about'];
const LI_QUERY = [
  '',
  '',
  '',
  '',
  '?trk=public_profile_browsemap',
  '?originalSubdomain=fr',
  '?utm_source=share&utm_campaign=share_via&utm_content=profile&utm_medium=ios_app',
  '#experience',
  '?trk=people-guest_people_search-card&lipi=urn%3Ali%3Apage%3Ad_flagship3_profile_view_base',
];

export function makeGenerator(seed) {
  const sm = splitmix32(seed);
  const rnd = sfc32(sm(), sm(), sm(), sm());
  const ri = (n) => Math.floor(rnd() * n);
  const pick = (arr) => arr[ri(arr.length)];
  const chance = (p) => rnd() < p;
  const digits = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += ri(10);
    return s;
  };

  const ascii = (s) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[łŁ]/g, 'l')
      .replace(/[øØ]/g, 'o');
  const slugify = (s) =>
    ascii(s)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');

  function nsn(country) {
    switch (country) {
      case 'US':
        return pick(US_AREA) + (2 + ri(8)) + digits(2) + digits(4);
      case 'FR':
        return 6 + ri(2) + digits(8);
      case 'GB':
        return '7' + pick(['4', '5', '7', '8', '9']) + digits(8);
      default:
        return '1' + pick(['51', '52', '57', '60', '62', '70', '71', '76']) + digits(8);
    }
  }
  function formatPhone(n, country) {
    if (country === 'US') {
      const a = n.slice(0, 3),
        b = n.slice(3, 6),
        c = n.slice(6);
      return pick([`+1${n}`, `(${a}) ${b}-${c}`, `${a}.${b}.${c}`, `+1 ${a}-${b}-${c}`, `1-${a}-${b}-${c}`, `${a}-${b}-${c}`, `+1 (${a}) ${b} ${c}`]);
    }
    if (country === 'FR') {
      const pairs = ('0' + n).match(/../g);
      return pick([
        `+33${n}`,
        pairs.join(' '),
        `+33 ${n[0]} ${n.slice(1).match(/../g).join(' ')}`,
        pairs.join('.'),
        `0033 ${n[0]} ${n.slice(1).match(/../g).join(' ')}`,
        `+33 (0)${n[0]} ${n.slice(1).match(/../g).join(' ')}`,
        '0' + n,
      ]);
    }
    if (country === 'GB') {
      return pick([
        `+44${n}`,
        `0${n.slice(0, 4)} ${n.slice(4)}`,
        `+44 (0)${n.slice(0, 4)} ${n.slice(4)}`,
        `0${n}`,
        `+44 ${n.slice(0, 4)} ${n.slice(4)}`,
        `0044 ${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`,
      ]);
    }
    return pick([
      `+49${n}`,
      `0${n.slice(0, 3)} ${n.slice(3)}`,
      `+49 ${n.slice(0, 3)} ${n.slice(3)}`,
      `0${n.slice(0, 3)}/${n.slice(3)}`,
      `0049 ${n.slice(0, 3)} ${n.slice(3)}`,
      `+49 (0)${n.slice(0, 3)} ${n.slice(3, 7)}-${n.slice(7)}`,
    ]);
  }
  const BAD_PHONES = ['n/a', '12345', '+1 555', 'call me', '000', '+33 1', 'tbd', '+49 0000'];

  function encodeSlug(slug) {
    // percent-encode non-ASCII as LinkedIn's share links do, upper or lower hex
    const enc = encodeURIComponent(slug);
    return chance(0.5) ? enc : enc.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  }
  function formatLinkedin(slug) {
    let s = slug;
    if (/[^\x00-\x7f]/.test(s) && chance(0.5)) s = encodeSlug(s);
    const r = rnd();
    if (r < 0.12) s = s.toUpperCase();
    else if (r < 0.22) s = s.replace(/^./, (c) => c.toUpperCase());
    const prefix = chance(0.02) ? '/mwlite/in/' : '/in/';
    let url = `${pick(LI_SCHEMES)}${pick(LI_HOSTS)}${prefix}${s}${pick(LI_SUFFIX)}${pick(LI_QUERY)}`;
    if (chance(0.03)) url = '  ' + url + ' ';
    return url;
  }
  function badLinkedin(p) {
    return pick([
      `https://www.linkedin.com/company/${slugify(p.company)}`,
      'linkedin',
      `https://www.facebook.com/${p.slug}`,
      'https://www.linkedin.com/in/',
      `https://www.linkedin.com/feed/`,
      `linkedin.com/in/${p.slug}%2Fx`,
    ]);
  }
  function formatEmail(p) {
    let e = `${p.local}@${p.domain}`;
    const r = rnd();
    if (r < 0.15) e = e.toUpperCase();
    else if (r < 0.3) e = e.replace(/^./, (c) => c.toUpperCase()).replace(/@(.)/, (m, c) => '@' + c.toUpperCase());
    else if (r < 0.35) e = e.replace(/\.(\w)/, (m, c) => '.' + c.toUpperCase());
    if (chance(0.08)) e = pick([' ', '  ', '\t']) + e;
    if (chance(0.08)) e = e + pick([' ', '  ', '\t', ' \n']);
    return e;
  }
  function invalidEmail(p) {
    const l = p.local,
      d = p.domain;
    return pick([
      `${l}@`,
      `${l} ${l}@${d}`,
      `${l}@@${d}`,
      `${l}.${d}`,
      `${l}@${d.split('.')[0]}`,
      `@${d}`,
      `${l}@${d}.`,
      'n/a',
      `${l}@${d}@${d}`,
      `${l}..x@${d}`,
      `${l}@-${d}`,
      `mailto:${l}@${d} (work)`,
    ]);
  }
  const pad = (s) => (chance(0.04) ? ' ' + s + ' ' : s);

  const truth = {
    n: 0,
    duplicates: 0,
    dupAll: 0,
    dupLinkedin: 0,
    dupEmail: 0,
    dupPhone: 0,
    invalidEmail: 0,
    missingEmail: 0,
    badLinkedin: 0,
    missingLinkedin: 0,
    badPhone: 0,
    missingPhone: 0,
    overlongTitle: 0,
  };
  const POOL = 50000;
  const pool = new Array(POOL);
  let poolN = 0;

  function newPerson(i) {
    const first = pick(FIRST),
      last = pick(LAST);
    const country = pick(COUNTRIES);
    const id36 = i.toString(36);
    // some slugs keep their accents (LinkedIn allows them), others are ASCII
    const slugBase = chance(0.1) ? `${first}-${last}`.toLowerCase().replace(/[\s']+/g, '-') : slugify(`${first} ${last}`);
    return {
      first,
      last,
      country,
      company: pick(COMPANY),
      title: pick(TITLE),
      slug: `${slugBase}-${id36}${digits(2)}`,
      local: `${slugify(first).replace(/-/g, '')}.${slugify(last).replace(/-/g, '')}${id36}`,
      domain: pick(DOMAIN),
      nsn: nsn(country),
    };
  }

  // kind: null (new person) | 'all' | 'linkedin' | 'email' | 'phone' (the identities shared with `p`)
  function render(p, kind) {
    const fresh = kind && kind !== 'all' ? newPerson(Math.floor(rnd() * 1e9) + 1e9) : null;
    const src = (id) => (!kind || kind === 'all' || kind === id ? p : fresh);
    const lead = { first: pad(p.first), last: pad(p.last), country: src('phone').country };
    // email
    if (!kind && chance(0.05)) {
      lead.email = invalidEmail(p);
      truth.invalidEmail++;
    } else if (!kind && chance(0.03)) truth.missingEmail++;
    else lead.email = formatEmail(src('email'));
    // linkedin
    if (!kind && chance(0.01)) {
      lead.linkedin = badLinkedin(p);
      truth.badLinkedin++;
    } else if (!kind && chance(0.01)) truth.missingLinkedin++;
    else lead.linkedin = formatLinkedin(src('linkedin').slug);
    // phone
    if (!kind && chance(0.02)) {
      lead.phone = pick(BAD_PHONES);
      truth.badPhone++;
    } else if (!kind && chance(0.1)) truth.missingPhone++;
    else {
      const q = src('phone');
      lead.phone = formatPhone(q.nsn, q.country);
    }
    if (chance(0.1)) lead.country = lead.country.toLowerCase();
    lead.company = p.company;
    lead.title = p.title;
    if (!kind && chance(0.005)) {
      lead.title = 'X'.repeat(260);
      truth.overlongTitle++;
    }
    if (chance(0.7)) {
      const cf = { source: pick(SOURCES), score: ri(100) };
      if (chance(0.5)) cf.tags = [pick(TAGS), pick(TAGS)];
      if (chance(0.3)) cf.note = `Met at ${pick(EVENTS)} ${2020 + ri(5)}`;
      lead.custom = cf;
    }
    return lead;
  }

  function next(i) {
    truth.n++;
    if (poolN > 100 && chance(0.1)) {
      const p = pool[ri(Math.min(poolN, POOL))];
      const r = rnd();
      const kind = r < 0.6 ? 'all' : r < 0.75 ? 'linkedin' : r < 0.9 ? 'email' : 'phone';
      truth.duplicates++;
      truth['dup' + kind[0].toUpperCase() + kind.slice(1)]++;
      return render(p, kind);
    }
    const p = newPerson(i);
    pool[poolN % POOL] = p;
    poolN++;
    return render(p, null);
  }
  return { next, truth };
}

// ---- rendering per provider (key order as a CRM export would have it)
const put = (o, k, v) => {
  if (v !== undefined) o[k] = v;
};
export const RENDER = {
  sendpilot(l) {
    const o = {};
    put(o, 'linkedinUrl', l.linkedin);
    o.firstName = l.first;
    o.lastName = l.last;
    put(o, 'email', l.email);
    put(o, 'phone', l.phone);
    o.country = l.country;
    o.company = l.company;
    o.title = l.title;
    if (l.custom) {
      // sendpilot custom fields are flat: tags become one string
      o.source = l.custom.source;
      o.score = l.custom.score;
      put(o, 'tags', l.custom.tags && l.custom.tags.join(','));
      put(o, 'note', l.custom.note);
    }
    return JSON.stringify(o);
  },
  reached(l) {
    const o = {};
    put(o, 'phone', l.phone);
    put(o, 'email', l.email);
    o.first_name = l.first;
    o.last_name = l.last;
    o.company_name = l.company;
    o.title = l.title;
    put(o, 'linkedin_url', l.linkedin);
    o.country = l.country;
    return JSON.stringify(o);
  },
  puffle(l) {
    const o = {};
    put(o, 'email', l.email);
    put(o, 'linkedin_url', l.linkedin);
    o.first_name = l.first;
    o.last_name = l.last;
    o.company_name = l.company;
    o.title = l.title;
    put(o, 'phone', l.phone);
    o.country = l.country;
    put(o, 'custom_fields', l.custom);
    return JSON.stringify(o);
  },
};

export function dataPaths(dir, provider, n) {
  return { ndjson: path.join(dir, `${provider}-${n}.ndjson`), json: path.join(dir, `${provider}-${n}.json`) };
}

export function generate({ n, seed, out, providers }) {
  fs.mkdirSync(out, { recursive: true });
  const g = makeGenerator(seed);
  const sinks = providers.map((p) => {
    const files = dataPaths(out, p, n);
    const tmp = { ndjson: files.ndjson + '.tmp', json: files.json + '.tmp' };
    return { p, files, tmp, nd: fs.openSync(tmp.ndjson, 'w'), js: fs.openSync(tmp.json, 'w'), ndBuf: '', jsBuf: '[' };
  });
  for (let i = 0; i < n; i++) {
    const lead = g.next(i);
    for (const s of sinks) {
      const line = RENDER[s.p](lead);
      s.ndBuf += line + '\n';
      s.jsBuf += (i ? ',\n' : '\n') + line;
      if (s.ndBuf.length > 1 << 20) {
        fs.writeSync(s.nd, s.ndBuf);
        s.ndBuf = '';
      }
      if (s.jsBuf.length > 1 << 20) {
        fs.writeSync(s.js, s.jsBuf);
        s.jsBuf = '';
      }
    }
  }
  const result = { seed, ...g.truth, files: {} };
  for (const s of sinks) {
    fs.writeSync(s.nd, s.ndBuf);
    fs.writeSync(s.js, s.jsBuf + '\n]\n');
    fs.closeSync(s.nd);
    fs.closeSync(s.js);
    fs.renameSync(s.tmp.ndjson, s.files.ndjson);
    fs.renameSync(s.tmp.json, s.files.json);
    result.files[s.p] = {
      ndjson: s.files.ndjson,
      ndjsonBytes: fs.statSync(s.files.ndjson).size,
      json: s.files.json,
      jsonBytes: fs.statSync(s.files.json).size,
    };
  }
  fs.writeFileSync(path.join(out, `truth-${n}.json`), JSON.stringify(result, null, 1) + '\n');
  return result;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/gen.mjs')) {
  const o = parseArgs(process.argv.slice(2));
  console.log(JSON.stringify(generate(o)));
}
