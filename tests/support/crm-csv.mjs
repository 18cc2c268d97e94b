// A CRM-style CSV export (HubSpot-like headers), the input users have most:
// CRLF line endings, quoted cells with commas (and now and then a quote or a
// line break), national phone numbers with a country column, ~3% bad emails
// and ~8% duplicate contacts (the same email written another way). Seeded:
// the same (rows, seed) gives the same text. Used by the benchmark
// (bench/run.mjs) and tests/js/input-differential.test.mjs.

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CRM_HEADERS = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Company Name',
  'Job Title',
  'Country/Region',
  'City',
  'LinkedIn URL',
  'Website URL',
  'Lifecycle Stage',
  'Lead Status',
  'Create Date',
  'Contact owner',
  'Industry',
  'Number of Employees',
  'Annual Revenue',
];

const FIRST = ['Mary', 'James', 'Anne', 'Pierre', 'Sofia', 'Liam', 'Noah', 'Emma', 'Olivia', 'Hans', 'Chloé', 'José', 'Zoë', 'Mateo', 'Ava', 'Lucas'];
const LAST = ['Leroy', "O'Brien", 'Dupont', 'Martin', 'Smith', 'Müller', 'García', 'Rossi', 'Nguyen', 'Kowalski', 'Johnson', 'Brown', 'Lefèvre', 'Schmidt'];
const COMPANIES = [
  'Acme, Inc.',
  'Initech',
  'Soylent SA',
  'Globex Corporation',
  'Umbrella, LLC',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Wonka "Factory" Ltd',
  'Cyberdyne Systems',
];
const DOMAINS = ['acme.com', 'initech.com', 'soylent.fr', 'globex.com', 'umbrella.io', 'hooli.com', 'stark.co.uk', 'wayne.de', 'gmail.com', 'outlook.com'];
const TITLES = ['VP Sales', 'Head of Growth', 'CEO', 'Sales Manager, EMEA', 'CTO', 'Account Executive', 'Marketing Director'];
const STAGES = ['lead', 'subscriber', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity'];
const STATUS = ['New', 'Open', 'In progress', 'Attempted to contact', 'Connected'];
const INDUSTRY = ['Software', 'Retail', 'Energy', 'Financial Services', 'Manufacturing'];
const COUNTRIES = [
  { name: 'France', cities: ['Paris', 'Lyon'], phone: (d) => `0${6 + d(2)} ${d2(d)} ${d2(d)} ${d2(d)} ${d2(d)}` },
  { name: 'United States', cities: ['San Francisco', 'New York, NY'], phone: (d) => `(415) ${3 + d(6)}${d(10)}${d(10)}-${d(10)}${d(10)}${d(10)}${d(10)}` },
  {
    name: 'United Kingdom',
    cities: ['London', 'Leeds'],
    phone: (d) => `07${[4, 5, 7, 8, 9][d(5)]}${d(10)}${d(10)} ${d(10)}${d(10)}${d(10)}${d(10)}${d(10)}${d(10)}`,
  },
  { name: 'Germany', cities: ['Berlin', 'München'], phone: (d) => `0151 ${2 + d(7)}${d(10)}${d(10)}${d(10)}${d(10)}${d(10)}${d(10)}${d(10)}` },
];
function d2(d) {
  return `${d(10)}${d(10)}`;
}

function cell(s) {
  const t = String(s);
  return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}

function slug(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

export function crmCsv(rows, seed = 1) {
  const r = rng(seed);
  const d = (n) => Math.floor(r() * n);
  const pick = (a) => a[d(a.length)];
  const out = [CRM_HEADERS.map(cell).join(',')];
  const people = [];
  for (let i = 0; i < rows; i++) {
    let p;
    if (people.length > 10 && r() < 0.08) {
      // a duplicate: the same contact exported again, email written another way
      const q = people[d(people.length)];
      p = { ...q, email: r() < 0.5 ? q.email.toUpperCase() : ' ' + q.email + ' ', id: 100000 + i };
    } else {
      const first = pick(FIRST);
      const last = pick(LAST);
      const country = pick(COUNTRIES);
      let email = `${slug(first)}.${slug(last)}${i}@${pick(DOMAINS)}`;
      const bad = r() < 0.03;
      if (bad) email = pick([`${slug(first)}.${slug(last)}${i}@`, `${slug(first)} ${slug(last)}@acme.com`, `@${pick(DOMAINS)}`, `${slug(first)}@@acme.com`]);
      p = {
        id: 100000 + i,
        first,
        last,
        email,
        phone: r() < 0.85 ? country.phone(d) : '',
        company: pick(COMPANIES),
        title: pick(TITLES),
        country: country.name,
        city: pick(country.cities),
        linkedin: r() < 0.4 ? `https://www.linkedin.com/in/${slug(first)}-${slug(last)}-${i}` : '',
        website: r() < 0.5 ? `https://www.${pick(DOMAINS)}` : '',
        stage: pick(STAGES),
        status: pick(STATUS),
        created: `2024-${String(1 + d(12)).padStart(2, '0')}-${String(1 + d(28)).padStart(2, '0')} 10:${String(d(60)).padStart(2, '0')}`,
        owner: pick(['Dana Scully', 'Fox Mulder', '']),
        industry: pick(INDUSTRY),
        employees: String(10 + d(5000)),
        revenue: r() < 0.5 ? String(d(100) * 100000) : '',
      };
      if (!bad) people.push(p);
    }
    const notes = r() < 0.01 ? 'Met at "SaaStr",\r\nfollow up' : p.status;
    out.push(
      [
        p.id,
        p.first,
        p.last,
        p.email,
        p.phone,
        p.company,
        p.title,
        p.country,
        p.city,
        p.linkedin,
        p.website,
        p.stage,
        notes,
        p.created,
        p.owner,
        p.industry,
        p.employees,
        p.revenue,
      ]
        .map(cell)
        .join(','),
    );
  }
  return out.join('\r\n') + '\r\n';
}
