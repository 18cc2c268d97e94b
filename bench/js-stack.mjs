#!/usr/bin/env node
// The hand-written JS stack the issue compares against: what a Node developer
// writes to check a CRM export before sending it (papaparse + validator's
// isEmail + libphonenumber-js + a Set for duplicates, batches of 100 as JSON
// bodies). Run on the same file as `leadroster check` (bench/csv.mjs).
//
//   node bench/js-stack.mjs FILE.csv
//
// Prints {"ms","cpuMs","rows","ok","invalid","duplicate","requests"}; ms from
// the file read to the last body (module loading not included).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const Papa = require('papaparse');
const validator = require('validator');
const { parsePhoneNumberFromString } = require('libphonenumber-js');

const COUNTRY = { France: 'FR', 'United States': 'US', 'United Kingdom': 'GB', Germany: 'DE' };
const t0 = performance.now();
const c0 = process.cpuUsage();
const text = fs.readFileSync(process.argv[2], 'utf8');
const { data } = Papa.parse(text, { header: true, skipEmptyLines: true });
const seen = new Set();
const leads = [];
let invalid = 0;
let duplicate = 0;
for (const r of data) {
  const email = (r['Email'] || '').trim().toLowerCase();
  if (!validator.isEmail(email)) {
    invalid++;
    continue;
  }
  let phone;
  if (r['Phone Number']) {
    const p = parsePhoneNumberFromString(r['Phone Number'], COUNTRY[r['Country/Region']]);
    if (p && p.isValid()) phone = p.number;
  }
  if (seen.has(email)) {
    duplicate++;
    continue;
  }
  seen.add(email);
  leads.push({
    email,
    first_name: r['First Name'],
    last_name: r['Last Name'],
    company_name: r['Company Name'],
    title: r['Job Title'],
    phone,
    linkedin_url: r['LinkedIn URL'] || undefined,
    country: COUNTRY[r['Country/Region']],
  });
}
const bodies = [];
for (let i = 0; i < leads.length; i += 100) bodies.push(JSON.stringify({ leads: leads.slice(i, i + 100) }));
const c = process.cpuUsage(c0);
console.log(
  JSON.stringify({
    ms: performance.now() - t0,
    cpuMs: (c.user + c.system) / 1000,
    rows: data.length,
    ok: leads.length,
    invalid,
    duplicate,
    requests: bodies.length,
  }),
);
