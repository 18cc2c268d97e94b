// The engine's input path (engine.planInput / createInputPlanner: CSV read,
// mapped and typed in C++, src/input/) against the JS path it replaces:
// csvRecords (npm/lib/csv.mjs) -> engine.mapHeaders -> leadMapper
// (npm/lib/rows.mjs) -> engine.plan. The same rows (status, lead, errors,
// warnings, duplicates), the same request bodies and summary, and each row's
// input line, on the samples, on generated CRM-style exports and on quirky
// CSVs; a streamed input cut anywhere plans the same; JSON arrays and NDJSON
// through the same entry give what planJson gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { csvRecords } from '../../npm/lib/csv.mjs';
import { leadMapper } from '../../npm/lib/rows.mjs';
import { crmCsv } from '../support/crm-csv.mjs';

const require = createRequire(import.meta.url);
const { engine: loadEngine, UUID_A, UUID_B } = require('./helpers');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const OPTIONS = {
  magnetite: { campaignId: 'camp-m1', defaultCountry: 'FR' },
  sendpilot: { campaignId: 'camp_xyz789', maxBodyBytes: 20000 },
  reached: { campaignId: UUID_A, batchSize: 250 },
  sendkit: { campaignId: 'camp-sk', foldGmail: true },
  puffle: { campaignId: UUID_B, channel: 'linkedin' },
};
const PROVIDERS = Object.keys(OPTIONS);

// Today's JS path, as the CLI ran it before planInput.
async function jsPath(engine, provider, text, { map, delimiter, options }) {
  const records = [];
  for await (const group of csvRecords(text, { delimiter })) for (const r of group) records.push(r);
  if (records.length === 0) return { rows: [], requests: [], summary: engine.plan(provider, [], options).summary, lines: [], mapping: null };
  const headers = records[0].cells.map((h) => h.trim());
  const lookup = options.channel ? { channel: options.channel } : undefined;
  const mapped = engine.mapHeaders(provider, headers, { map, options: lookup });
  const mapper = leadMapper(engine.describeProvider(provider, lookup), mapped);
  const leads = records.slice(1).map((r) => mapper.toLead(r.cells));
  // rows carry their input line (and a duplicate its first's line): the records' lines go in with them
  const lines = records.slice(1).map((r) => r.line);
  const planner = engine.createPlanner(provider, options);
  try {
    const part = leads.length ? planner.push(leads, { lines }) : { rows: [], requests: [] };
    const end = planner.finish();
    return { rows: part.rows, requests: [...part.requests, ...end.requests], summary: end.summary, lines, mapping: mapped };
  } finally {
    planner.delete();
  }
}

function assertSameJson(actual, expected, what) {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  if (!Array.isArray(expected) || actual.length !== expected.length) assert.deepStrictEqual(actual, expected, what);
  for (let i = 0; i < expected.length; i++) {
    const a = JSON.stringify(actual[i]);
    const b = JSON.stringify(expected[i]);
    if (a !== b) assert.deepStrictEqual(JSON.parse(a), JSON.parse(b), `${what}[${i}] differs`);
  }
}

async function assertSamePlan(engine, provider, text, { map, delimiter, what } = {}) {
  const options = OPTIONS[provider];
  const want = await jsPath(engine, provider, text, { map, delimiter, options });
  const got = engine.planInput(provider, text, { ...options, format: 'csv', map, delimiter });
  const label = `${what} (${provider})`;
  assertSameJson(got.rows, want.rows, `${label} rows`);
  assertSameJson(
    got.requests.map((r) => r.bodyText),
    want.requests.map((r) => r.bodyText),
    `${label} bodies`,
  );
  assert.deepStrictEqual(got.summary, want.summary, `${label} summary`);
  assert.deepStrictEqual(got.input.lines, want.lines, `${label} lines`);
  if (want.mapping) assert.deepStrictEqual(got.input.mapping, want.mapping, `${label} mapping`);
  return got;
}

test('samples: the engine path plans the CSV samples as the JS path did, for every provider', async () => {
  const engine = await loadEngine();
  for (const name of ['crm-export.csv', 'reached.csv', 'magnetite.csv']) {
    const text = readFileSync(join(root, 'samples', name), 'utf8');
    for (const p of PROVIDERS) await assertSamePlan(engine, p, text, { what: name });
  }
});

test('generated CRM exports: same plan, lines and mapping on 3,000 rows for every provider', async () => {
  const engine = await loadEngine();
  const text = crmCsv(3000, 7);
  for (const p of PROVIDERS) {
    const got = await assertSamePlan(engine, p, text, { what: 'crm' });
    if (p === 'sendkit') {
      // email is sendkit's identity: the ~3% bad emails are invalid rows, the ~8% repeats duplicates
      assert.ok(got.summary.invalid > 30, 'the bad emails are invalid rows');
      assert.ok(got.summary.duplicate > 100, 'the repeated contacts are duplicates');
    }
  }
});

// Headers and cells that reach every typing and mapping rule.
const QUIRKY = {
  typed:
    'companyName,contactName,email,company.employeeCount,company.revenue,company.technologies,company.signals.hiringSignals.isHiring,company.foundedYear,company.signals.recentFunding.amount\n' +
    'Acme,Ann Lee,ann@acme.com, 250 ,1.50,Salesforce; HubSpot ;;AWS,TRUE,+2001,1e21\n' +
    'Beta,Bo Chen,bo@beta.com,007,-0,"a, b,,c",false,2e3,.5\n' +
    'Gamma,Cy Dee,cy@gamma.com,12.5,1e999,x,yes,-,123456789012345678901234\n' +
    'Delta,Di Eve,di@delta.com,  ,  ,  ,  ,,0.000001\n' +
    'Eps,Ed Fox,ed@eps.com,99999999999999999999,1E-7,;,False,0x10,-1.25e-3\n',
  names:
    'First Name,Last Name,Full Name,Email,Company\n' +
    'Ann,Lee,,ann@a.com,A\n' +
    ',,  Bo   van  Chen ,bo@b.com,B\n' +
    '  Cy ,,Cy Dee,cy@c.com,C\n' +
    ',Eve,,eve@e.com,E\n' +
    ',,Solo,solo@s.com,S\n',
  custom:
    'Email,Favourite Colour,Notes,Phone Number,Mobile Phone Number,Company,custom_fields.industry,customFields.tier,__proto__,constructor.prototype,2024,10\n' +
    'a@a.com,blue,"line one\nline two","+1 415 555 2671","+33 6 12 34 56 78",Acme,Software,gold,x,y,z,w\n' +
    'b@b.com,,,,,Beta,,,,,,\n',
  quoted:
    '\uFEFFEmail,Company,Title\r\n' +
    '"a@a.com","Acme, Inc.","VP ""Sales"""\r\n' +
    '\r\n' +
    '"b@b.com" ,Beta,"multi\r\nline"\r\n' +
    'c@c.com,Gamma\r\n' +
    'd@d.com,Delta,CTO,extra,cells\r\n' +
    '  ,  ,  \r\n' +
    'a@a.com,Acme again,dup',
  semicolons: 'email;company;phone;country\nann@a.fr;Soylent;06 12 34 56 78;France\nbo@b.de;Umbrella;0151 23456789;DE\n',
  tabs: 'email\tcompany\tlinkedin\nann@a.com\tAcme\tlinkedin.com/in/ann\n\tNo email\thttps://www.linkedin.com/in/bo-2/\n',
  empty: '',
  headerOnly: 'Email,Company\r\n',
};

test('quirky CSVs: typing, names, custom fields, quotes, delimiters and ragged rows give the JS path plan', async () => {
  const engine = await loadEngine();
  for (const [what, text] of Object.entries(QUIRKY)) for (const p of PROVIDERS) await assertSamePlan(engine, p, text, { what });
});

test('typing is really done: an integer field is a number, a list an array, a dotted header nests', async () => {
  const engine = await loadEngine();
  const got = engine.planInput('magnetite', QUIRKY.typed, { ...OPTIONS.magnetite, format: 'csv' });
  const lead = got.rows[0].lead;
  assert.equal(lead.company.employeeCount, 250);
  assert.equal(lead.company.revenue, 1.5);
  assert.deepEqual(lead.company.technologies, ['Salesforce', 'HubSpot', 'AWS']);
  assert.equal(lead.company.signals.hiringSignals.isHiring, true);
  const bad = got.rows[2];
  assert.equal(bad.status, 'invalid');
  assert.ok(bad.errors.some((e) => e.code === 'invalid_type' && e.field === 'company.employeeCount'));
});

test('--map: the user map applies in the engine, and a field the provider lacks is refused with option "map"', async () => {
  const engine = await loadEngine();
  const text = 'Work Mail,Org,Skip me\nann@a.com,Acme,x\n';
  for (const p of PROVIDERS) await assertSamePlan(engine, p, text, { what: 'map', map: { 'Work Mail': 'email', 'Skip me': '-' } });
  assert.throws(
    () => engine.planInput('reached', text, { ...OPTIONS.reached, map: { 'Work Mail': 'nope' } }),
    (e) => e.option === 'map' && e.code === 'invalid_value',
  );
  // an explicit delimiter
  await assertSamePlan(engine, 'reached', 'email|company\nann@a.com|Acme\n', { what: 'delimiter', delimiter: '|' });
});

test('a quote never closed is an invalid_csv error with its line', async () => {
  const engine = await loadEngine();
  assert.throws(
    () => engine.planInput('reached', 'email,company\nann@a.com,Acme\nbo@b.com,"Beta\n', { ...OPTIONS.reached }),
    (e) => e.code === 'invalid_csv' && e.line === 3,
  );
});

test('streamed in chunks cut anywhere (997 bytes, 4096, 65536, random): the same rows, requests and lines', async () => {
  const engine = await loadEngine();
  // over the 1 MiB the reader guesses the delimiter and line ending on, so records come out as chunks arrive
  const text = Buffer.from(crmCsv(6000, 11));
  assert.ok(text.length > 1 << 20);
  for (const p of ['reached', 'sendpilot']) {
    const whole = engine.planInput(p, text, OPTIONS[p]);
    assert.equal(whole.input.format, 'csv');
    for (const size of [997, 4096, 65536, 0]) {
      const planner = engine.createInputPlanner(p, OPTIONS[p]);
      const rows = [];
      const requests = [];
      const lines = [];
      let seed = 5;
      try {
        for (let at = 0; at < text.length;) {
          const n = size || 1 + ((seed = (seed * 1103515245 + 12345) >>> 0) % 20000);
          const part = planner.push(text.subarray(at, at + n));
          at += n;
          rows.push(...part.rows);
          requests.push(...part.requests);
          lines.push(...part.input.lines);
        }
        const end = planner.finish();
        rows.push(...end.rows);
        requests.push(...end.requests);
        lines.push(...end.input.lines);
        assert.deepStrictEqual(end.summary, whole.summary);
      } finally {
        planner.delete();
      }
      assertSameJson(rows, whole.rows, `${p} chunk ${size} rows`);
      assertSameJson(
        requests.map((r) => r.bodyText),
        whole.requests.map((r) => r.bodyText),
        `${p} chunk ${size} bodies`,
      );
      assert.deepStrictEqual(lines, whole.input.lines);
    }
  }
});

test('JSON arrays and NDJSON through the same entry: detected, planned as planJson plans them, with lines', async () => {
  const engine = await loadEngine();
  const leads = [{ email: 'a@a.com', companyName: 'A' }, { email: 'bad' }, { email: 'A@a.com' }, { linkedin_url: 'x' }];
  const arr = '\uFEFF [\n' + leads.map((l) => JSON.stringify(l)).join(',\n') + '\n]';
  const nd = leads.map((l) => JSON.stringify(l)).join('\n\n') + '\n';
  for (const p of PROVIDERS) {
    const want = engine.planJson(p, arr, OPTIONS[p]);
    const a = engine.planInput(p, arr, OPTIONS[p]);
    assert.equal(a.input.format, 'json');
    assertSameJson(a.rows, want.rows, `${p} json`);
    assert.deepStrictEqual(a.input.lines, [2, 3, 4, 5]);
    // NDJSON rows sit on other lines than the array's: planJson of the same NDJSON is the reference
    const wantNd = engine.planJson(p, nd, OPTIONS[p]);
    assertSameJson(
      wantNd.rows.map(({ line, duplicateOfLine, ...r }) => r),
      want.rows.map(({ line, duplicateOfLine, ...r }) => r),
      `${p} ndjson vs json`,
    );
    const n = engine.planInput(p, nd, OPTIONS[p]);
    assert.equal(n.input.format, 'ndjson');
    assertSameJson(n.rows, wantNd.rows, `${p} ndjson`);
    assert.deepStrictEqual(
      n.rows.map((r) => r.line),
      n.input.lines,
      `${p} ndjson row lines`,
    );
    assert.deepStrictEqual(n.input.lines, [1, 3, 5, 7]);
    // cut inside a line
    const planner = engine.createInputPlanner(p, OPTIONS[p]);
    const rows = [...planner.push(nd.slice(0, 20)).rows, ...planner.push(nd.slice(20, 50)).rows, ...planner.push(nd.slice(50)).rows];
    rows.push(...planner.finish().rows);
    planner.delete();
    assertSameJson(rows, wantNd.rows, `${p} ndjson streamed`);
  }
  // a blank input: no rows, whatever the format
  for (const blank of ['', ' \n\r\n', '\uFEFF']) {
    const r = engine.planInput('reached', blank, OPTIONS.reached);
    assert.equal(r.summary.total, 0);
  }
  assert.throws(
    () => engine.planInput('reached', '[{"email":"a@a.com"', OPTIONS.reached),
    (e) => e.code === 'invalid_type',
  );
  assert.throws(
    () => engine.planInput('reached', 'x', { ...OPTIONS.reached, format: 'xml' }),
    (e) => e.option === 'format',
  );
});

test('cells: "rejected" hands back the cells of the invalid and duplicate rows only', async () => {
  const engine = await loadEngine();
  const text = 'email,company\na@a.com,A\nbad,B\nA@a.com,C\nd@d.com,"D, Inc."\n';
  const r = engine.planInput('reached', text, { ...OPTIONS.reached, cells: 'rejected' });
  assert.deepStrictEqual(
    [...r.input.cells],
    [
      [1, ['bad', 'B']],
      [2, ['A@a.com', 'C']],
    ],
  );
});

test('cells: "fix" adds the ok rows sent without some value; with cells, input.columns is the header as written', async () => {
  const engine = await loadEngine();
  // line 2: a bad optional email next to a phone (kept, the email left out); line 4: invalid; line 5: a duplicate
  const text = 'Email , Phone\nx y@acme.com,+33612345678\nok@acme.com,+33612345679\nbad,\nOK@acme.com,\n';
  const r = engine.planInput('reached', text, { ...OPTIONS.reached, cells: 'fix' });
  assert.deepStrictEqual(
    [...r.input.cells].map(([i]) => i),
    [0, 2, 3],
  );
  assert.deepStrictEqual(r.input.cells.get(0), ['x y@acme.com', '+33612345678']);
  assert.deepStrictEqual(r.input.columns, ['Email ', ' Phone']);
  assert.equal(engine.planInput('reached', text, OPTIONS.reached).input.columns, undefined, 'no cells asked: no columns');
  assert.throws(
    () => engine.planInput('reached', text, { ...OPTIONS.reached, cells: 'some' }),
    (e) => e.option === 'cells',
  );
});

test('the columns leadroster adds to its own files (leadroster_*) are never sent, unless the map names one', async () => {
  const engine = await loadEngine();
  const text = 'email,leadroster_line,LeadRoster_Status,company\na@a.com,2,ok,Acme\n';
  const r = engine.planInput('sendkit', text, { campaignId: 'camp-sk' });
  const how = Object.fromEntries(r.input.mapping.mapping.map((m) => [m.header, m.how]));
  assert.equal(how.leadroster_line, 'ignored');
  assert.equal(how.LeadRoster_Status, 'ignored');
  assert.equal(r.rows[0].lead.leadroster_line, undefined);
  const mapped = engine.planInput('sendkit', text, { campaignId: 'camp-sk', map: { leadroster_line: 'companyName' } });
  assert.equal(mapped.input.mapping.mapping.find((m) => m.header === 'leadroster_line').how, 'user');
});
