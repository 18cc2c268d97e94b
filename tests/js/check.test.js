'use strict';
// describeProvider / codes drift, header mapping through the package, the CSV
// module (leadroster/csv) and `leadroster check`. Run: node --test tests/js/check.test.js

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { engine } = require('./helpers');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'npm', 'cli.mjs');
const CRM = path.join(ROOT, 'samples', 'crm-export.csv');
const csvModule = () => import('../../npm/lib/csv.mjs');

function run(args, opts = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input: opts.input, maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp;
test.before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leadroster-check-'));
});
test.after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------- drift

// The string literals of a union type in index.d.ts.
function unionOf(dts, name) {
  const m = new RegExp(`export type ${name} =([^;]*);`).exec(dts);
  assert.ok(m, `index.d.ts declares ${name}`);
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]);
}

test("drift: provider ids and codes in npm/index.d.ts are the engine's", async () => {
  const e = await engine();
  const dts = fs.readFileSync(path.join(ROOT, 'npm', 'index.d.ts'), 'utf8');
  assert.deepEqual(unionOf(dts, 'ProviderId'), e.providers());
  const c = e.codes();
  assert.deepEqual(unionOf(dts, 'ErrorCode').sort(), [...c.errors].sort());
  assert.deepEqual(unionOf(dts, 'WarningCode').sort(), [...c.warnings].sort());
  assert.deepEqual(unionOf(dts, 'MappingWarningCode').sort(), [...c.mappingWarnings].sort());
});

test('drift: nothing in npm/ lists provider ids or provider field names by hand', async () => {
  const e = await engine();
  const names = new Set(e.providers());
  for (const id of e.providers()) {
    for (const f of e.describeProvider(id).fields) if (/[A-Z_.]/.test(f.path)) names.add(f.path);
  }
  const files = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) {
        if (!['dist', 'vendor', 'node_modules'].includes(ent.name)) walk(p);
      } else if (/\.(mjs|cjs|js)$/.test(ent.name)) files.push(p);
    }
  };
  walk(path.join(ROOT, 'npm'));
  assert.ok(files.length >= 5);
  // The emulator stands in for the five live APIs: their routes, auth headers and
  // error bodies are each provider's wire behaviour, so it names them (its success
  // bodies and limits still come from the engine: predictResponse, describeProvider).
  const wireEmulators = new Set([path.join(ROOT, 'npm', 'lib', 'emulator.mjs')]);
  for (const file of files.filter((f) => !wireEmulators.has(f))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [, lit] of text.matchAll(/['"`]([A-Za-z_][\w.]*)['"`]/g)) {
      assert.ok(!names.has(lit), `${path.relative(ROOT, file)} names ${JSON.stringify(lit)}: read it from the engine instead`);
    }
  }
});

test('describeProvider: the documented shape for every provider', async () => {
  const e = await engine();
  for (const id of e.providers()) {
    const d = e.describeProvider(id);
    assert.deepEqual(Object.keys(d).sort(), [
      'auth',
      'batch',
      'body',
      'customFields',
      'customFieldsIn',
      'emailLists',
      'errors',
      'fields',
      'freezesOnLaunch',
      'headers',
      'id',
      'identity',
      'leadPath',
      'leadsKey',
      'method',
      'name',
      'options',
      'path',
      'publicSuffixList',
      'rateLimits',
      'refusesBatchWithoutIdentity',
      'template',
    ]);
    assert.equal(d.id, id);
    if (d.body === 'lead') assert.equal(d.leadsKey, null, id);
    else assert.ok(typeof d.leadsKey === 'string' && d.leadsKey.length > 0, id);
    assert.ok(d.fields.length > 0);
    for (const f of d.fields) {
      assert.deepEqual(Object.keys(f).sort(), ['description', 'format', 'maxLength', 'path', 'required', 'send', 'type']);
      assert.ok(f.description.length > 3, `${id}.${f.path} has a description`);
    }
    assert.ok(d.options.some((o) => o.name === 'batchSize' && o.max === d.batch.max));
  }
  assert.deepEqual(e.describeProvider('puffle', { channel: 'linkedin' }).identity.anyOf, ['linkedin_url']);
  assert.deepEqual(e.describeProvider('magnetite').rateLimits, [{ scope: 'add', requests: 10, windowSeconds: 60, burst: 5, per: 'key' }]);
  assert.throws(
    () => e.describeProvider('nope'),
    (x) => x.code === 'unknown_provider',
  );
});

test("mapHeaders through the package: the issue's CRM headers map for every provider", async () => {
  const e = await engine();
  const headers = ['First Name', 'Last Name', 'Email Address', 'Company', 'Job Title', 'LinkedIn Profile', 'Phone Number', 'Country'];
  for (const id of e.providers()) {
    const m = e.mapHeaders(id, headers);
    assert.deepEqual(m.missing, [], id);
    assert.equal(m.mapping.length, headers.length);
    for (const x of m.mapping) assert.ok(['alias', 'exact', 'custom', 'ignored'].includes(x.how));
  }
  const sp = e.mapHeaders('sendpilot', headers);
  assert.deepEqual(
    sp.mapping.filter((x) => x.how === 'custom').map((x) => x.field),
    ['email', 'phone', 'country'],
  );
  assert.ok(sp.warnings.some((w) => w.code === 'custom_columns' && w.headers.includes('Email Address')));
  assert.throws(
    () => e.mapHeaders('reached', 'Email'),
    (x) => x instanceof TypeError && x.code === 'invalid_type',
  );
  assert.equal(e.mapHeaders('reached', ['Emial'], { map: new Map([['Emial', 'email']]) }).mapping[0].how, 'user');
});

// ---------------------------------------------------------------- CSV module

test('csv: ; and tab and | delimiters detected, --delimiter forces one', async () => {
  const { parseCsv, CsvReader, CsvError } = await csvModule();
  assert.deepEqual(parseCsv('Email;Name\na@b.com;"Ann; Lee"\n'), [
    ['Email', 'Name'],
    ['a@b.com', 'Ann; Lee'],
  ]);
  assert.deepEqual(parseCsv('Email\tName\na@b.com\tAnn\n'), [
    ['Email', 'Name'],
    ['a@b.com', 'Ann'],
  ]);
  assert.deepEqual(parseCsv('Email|Name\na@b.com|Ann\n'), [
    ['Email', 'Name'],
    ['a@b.com', 'Ann'],
  ]);
  assert.deepEqual(parseCsv('a;b,c\n1;2,3\n', { delimiter: ',' }), [
    ['a;b', 'c'],
    ['1;2', '3'],
  ]);
  const r = new CsvReader();
  r.push('x;y\n');
  r.end(); // guessed on the first 1 MiB or the whole text
  assert.equal(r.delimiter, ';');
  assert.throws(
    () => new CsvReader({ delimiter: ':' }),
    (e) => e instanceof CsvError && e.code === 'invalid_csv' && e.line === undefined,
  );
});

test('csv: BOM + CRLF, quoted newlines keep line numbers, cells stay strings', async () => {
  const { CsvReader, parseCsv } = await csvModule();
  const text = '\uFEFFEmail,Notes,Phone\r\n"a@b.com","He said ""hi""\r\nthen left",0612\r\n\r\nc@d.com,"x",007\r\n';
  const r = new CsvReader();
  const recs = [...r.push(text), ...r.end()];
  assert.deepEqual(recs, [
    { line: 1, cells: ['Email', 'Notes', 'Phone'] },
    { line: 2, cells: ['a@b.com', 'He said "hi"\r\nthen left', '0612'] },
    { line: 5, cells: ['c@d.com', 'x', '007'] },
  ]);
  // pieces of any size give the same records
  for (const size of [1, 2, 5, 13]) {
    const p = new CsvReader();
    const got = [];
    for (let i = 0; i < text.length; i += size) got.push(...p.push(text.slice(i, i + size)));
    got.push(...p.end());
    assert.deepEqual(got, recs, `pieces of ${size}`);
  }
  assert.deepEqual(
    parseCsv('a,b\n1,2'),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
    'no final newline',
  );
});

test('csv: an unclosed quote is a CsvError naming the line', async () => {
  const { parseCsv, CsvError } = await csvModule();
  assert.throws(
    () => parseCsv('a,b\n1,2\n3,"open\n4,5\n'),
    (e) => e instanceof CsvError && e.line === 3,
  );
});

test('csv: writing neutralizes formulas and quotes as needed', async () => {
  const { writeCsv, parseCsv, neutralizeFormula } = await csvModule();
  const rows = [
    ['a', 'b'],
    ['=SUM(A1)', '+33 6'],
    ['-2', '@x'],
    ['\tt', 'plain, "quoted"\nline'],
  ];
  const text = writeCsv(rows);
  assert.ok(text.startsWith("\uFEFFa,b\r\n'=SUM(A1),'+33 6\r\n-2,'@x\r\n"), 'guarded, a plain number as it is');
  assert.deepEqual(parseCsv(text), rows, 'the reader takes the guard back off');
  assert.equal(neutralizeFormula('=1'), "'=1");
  assert.equal(neutralizeFormula('ok'), 'ok');
});

test('csv: leadMapper types, nests, splits names and keeps __proto__ as data', async () => {
  const { leadMapper } = await csvModule();
  const e = await engine();
  const headers = ['Full Name', 'Email', 'company.employeeCount', 'company.technologies', '__proto__.x', 'Mobile', 'Phone'];
  const mapped = e.mapHeaders('magnetite', headers);
  const m = leadMapper(e.describeProvider('magnetite'), mapped);
  const lead = m.toLead(['Ann Lee', 'a@b.com', '0250', 'AWS; HubSpot', 'y', '', '+33 6 12 34 56 78']);
  assert.equal(lead.contactName, 'Ann Lee');
  assert.deepEqual(lead.company, { employeeCount: 250, technologies: ['AWS', 'HubSpot'] });
  assert.equal(lead.phone, '+33 6 12 34 56 78', 'the first non-empty phone column');
  assert.equal({}.x, undefined);
  assert.equal(m.headerFor('contactName'), 'Full Name');
  const sp = leadMapper(e.describeProvider('sendpilot'), e.mapHeaders('sendpilot', ['Name', 'First Name', 'LinkedIn']));
  assert.deepEqual(sp.toLead(['Ann Marie Lee', '', 'x']), { linkedinUrl: 'x', firstName: 'Ann', lastName: 'Marie Lee' });
  assert.deepEqual(sp.toLead(['Ann Marie Lee', 'Annie', 'x']), { firstName: 'Annie', linkedinUrl: 'x', lastName: 'Marie Lee' });
});

test('csv: CsvObjectReader keys objects by the headers as written (web/edge)', async () => {
  const { CsvObjectReader } = await csvModule();
  const r = new CsvObjectReader({ nest: (h) => h.startsWith('custom_fields.'), types: { n: 'integer' } });
  const text = 'email;custom_fields.industry;company.name;n\nx@y.com;Retail;Acme;0042;extra\n\n;;;\n';
  const got = [];
  for (let i = 0; i < text.length; i += 3) got.push(...r.push(text.slice(i, i + 3)));
  got.push(...r.end());
  assert.deepEqual(got, [{ email: 'x@y.com', custom_fields: { industry: 'Retail' }, 'company.name': 'Acme', n: 42, _extra_5: 'extra' }]);
});

// ---------------------------------------------------------------- leadroster check

const EMAIL_PROVIDERS = ['magnetite', 'reached', 'sendkit', 'puffle', 'instantly', 'smartlead', 'lemlist'];

test('check: the CRM export, each provider, no renaming', async () => {
  const e = await engine();
  for (const provider of e.providers()) {
    const r = run(['check', CRM, '--provider', provider, '--json']);
    assert.equal(r.code, 1, `${provider}: some rows are invalid or duplicate\n${r.stderr}`);
    const out = JSON.parse(r.stdout);
    assert.equal(out.summary.total, 20, provider);
    assert.deepEqual(out.mapping.missing, [], provider);
    const byLine = new Map(out.rows.map((x) => [x.line, x]));
    // line 8 repeats Mary Leroy of line 2 (email in another case, same LinkedIn and phone)
    assert.equal(byLine.get(8).status, 'duplicate', provider);
    assert.equal(byLine.get(8).duplicateOfLine, 2, provider);
    // line 6: priya.nair@@acme.com
    if (EMAIL_PROVIDERS.includes(provider)) {
      // Invalid where the email is the row's identity; where another identity
      // (the phone) carries the row, the bad email is left out with a warning (issue 7).
      const row6 = byLine.get(6);
      const problems = row6.status === 'invalid' ? row6.errors : row6.warnings;
      assert.ok(['invalid', 'ok'].includes(row6.status), provider);
      const err = problems.find((x) => x.code === 'invalid_email');
      assert.ok(err, provider + ' ' + JSON.stringify(row6));
      assert.equal(err.header, 'Email Address', provider);
      if (provider === 'magnetite') assert.equal(row6.status, 'invalid', 'magnetite requires the email');
    } else {
      assert.equal(byLine.get(6).status, 'ok', 'sendpilot does not read emails');
    }
    // line 17: country "Narnia" is a warning, never an error
    assert.ok(byLine.get(17).warnings.some((w) => w.code === 'invalid_country' && w.header === 'Country') || provider === 'sendpilot', provider);
    // line 2: France + a national number -> E.164
    if (provider !== 'sendpilot' && provider !== 'sendkit') assert.equal(byLine.get(2).lead.phone ?? byLine.get(2).lead.phone_number, '+33753714302', provider);
  }
});

test('check: report lines carry the file line and the header; --quiet hides the mapping', () => {
  const r = run(['check', CRM, '--provider', 'magnetite']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /mapping \(columns -> magnetite fields\)/);
  assert.match(r.stdout, /Email Address\s+-> email\s+alias/);
  assert.match(r.stdout, /line 6: "Email Address": invalid_email/);
  assert.match(r.stdout, /line 8: duplicate of line 2/);
  assert.match(r.stdout, /summary: total 20/);
  const q = run(['check', CRM, '--provider', 'magnetite', '--quiet']);
  assert.doesNotMatch(q.stdout, /mapping/);
});

test('check: exit 0 when every row is ok, 2 on unusable input or arguments', () => {
  const good = path.join(tmp, 'good.csv');
  fs.writeFileSync(good, 'E-mail;Nom;Société\nann@acme.fr;Lee;Acme\nbob@acme.fr;Roe;Acme\n');
  const ok = run(['check', good, '--provider', 'sendkit']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /ok 2/);
  assert.equal(run(['check', good, '--provider', 'nope']).code, 2);
  assert.equal(run(['check', path.join(tmp, 'missing.csv'), '--provider', 'sendkit']).code, 2);
  assert.equal(run(['check', good]).code, 2);
  const broken = path.join(tmp, 'broken.csv');
  fs.writeFileSync(broken, 'Email,Name\na@b.com,"open\n');
  const b = run(['check', broken, '--provider', 'sendkit']);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /line 2/);
  assert.equal(run(['check', good, '--provider', 'sendkit', '--map', 'Nom=nonsense']).code, 2);
});

test('check: --map, --map-file and --delimiter', () => {
  const f = path.join(tmp, 'odd.csv');
  fs.writeFileSync(f, 'Courriel perso|Who\nann@acme.fr|Ann\n');
  const plain = run(['check', f, '--provider', 'sendkit', '--json']);
  assert.equal(plain.code, 1, 'no identity column without a map');
  const mapped = run(['check', f, '--provider', 'sendkit', '--map', 'Courriel perso=email', '--map', 'Who=firstName', '--json']);
  assert.equal(mapped.code, 0, mapped.stderr);
  assert.equal(JSON.parse(mapped.stdout).mapping.mapping[0].how, 'user');
  const mapFile = path.join(tmp, 'map.txt');
  fs.writeFileSync(mapFile, '# my export\nCourriel perso=email\n');
  assert.equal(run(['check', f, '--provider', 'sendkit', '--map-file', mapFile]).code, 0);
  const forced = run(['check', f, '--provider', 'sendkit', '--delimiter', ',', '--map', 'Courriel perso|Who=email']);
  assert.equal(forced.code, 1, 'one column named "Courriel perso|Who" holding "ann@acme.fr|Ann" is not an email');
});

test('check: --rejected writes the bad rows with their errors, formulas neutralized', () => {
  const f = path.join(tmp, 'formula.csv');
  fs.writeFileSync(f, 'Email,Company,Notes\n=HYPERLINK("http://x"),Acme,"+1 line\nnext"\nok@acme.com,Acme,fine\nOK@acme.com,@Acme,-dup\n');
  const rejectedFile = path.join(tmp, 'rejected.csv');
  const r = run(['check', f, '--provider', 'sendkit', '--rejected', rejectedFile]);
  assert.equal(r.code, 1, r.stderr);
  const text = fs.readFileSync(rejectedFile, 'utf8');
  assert.ok(!/(^|,)=HYPERLINK/m.test(text), 'no cell starts with =');
  assert.ok(text.includes("'=HYPERLINK"), 'the formula cell carries the guard');
  assert.ok(text.includes('"\'+1 line\nnext"') && text.includes(",'@Acme,"));
  return csvModule().then(({ parseCsv }) => {
    // leadroster's reader takes the guard back off: the cells as the input had them
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], [
      'Email',
      'Company',
      'Notes',
      'leadroster_line',
      'leadroster_status',
      'leadroster_codes',
      'leadroster_problems',
      'leadroster_duplicate_of_line',
    ]);
    assert.equal(rows.length, 3);
    assert.equal(rows[1][0], '=HYPERLINK("http://x")');
    assert.equal(rows[1][2], '+1 line\nnext');
    assert.deepEqual(rows[1].slice(3, 6), ['2', 'invalid', 'invalid_email']);
    assert.match(rows[1][6], /^Email: invalid_email — /);
    assert.equal(rows[2][1], '@Acme');
    assert.deepEqual(rows[2].slice(3, 6), ['5', 'duplicate', 'duplicate']);
    assert.equal(rows[2][7], '4', 'duplicate of line 4 (the quoted newline makes ok@acme.com line 4)');
  });
});

test('check: 100,000 rows streamed', { timeout: 120000 }, () => {
  const f = path.join(tmp, 'big.csv');
  const lines = ['Work Email;First Name;Company'];
  for (let i = 0; i < 100000; i++) lines.push(`user${i}@acme${i % 97}.com;Name ${i};Acme`);
  lines[50001] = 'not-an-email;X;Y';
  fs.writeFileSync(f, lines.join('\r\n') + '\r\n');
  const r = run(['check', f, '--provider', 'sendkit', '--quiet']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /line 50002: "Work Email": invalid_email/);
  assert.match(r.stdout, /summary: total 100000, ok 99999, invalid 1, duplicate 0/);
});

test('plan: the CRM export for each provider exits 0 and prints the mapping first', async () => {
  const e = await engine();
  for (const provider of e.providers()) {
    const campaign =
      e.describeProvider(provider).options.find((o) => o.name === 'campaignId').format === 'uuid' ? '3f1c2d4e-0000-4000-8000-00000000000a' : 'camp_1';
    const r = run(['plan', CRM, '--provider', provider, '--campaign-id', campaign, '--format', 'report']);
    assert.equal(r.code, 0, `${provider}: ${r.stderr}`);
    assert.ok(r.stdout.indexOf('mapping') < r.stdout.indexOf('summary:'), provider);
    assert.match(r.stdout, /summary: total 20/);
  }
  const h = run(['plan', '--help']);
  assert.match(h.stdout, /0 the plan ran \(also when rows are invalid/);
});

test('providers and describe read the engine', async () => {
  const e = await engine();
  const p = run(['providers']);
  assert.equal(p.code, 0);
  assert.equal(p.stdout.trim().split('\n').length, e.providers().length);
  const d = run(['describe', 'magnetite']);
  assert.equal(d.code, 0);
  assert.match(d.stdout, /company\.employeeCount\s+integer/);
  assert.match(d.stdout, /rate limits: 10 add requests per 60s \(burst 5\)/);
  assert.equal(run(['describe', 'nope']).code, 2);
  assert.deepEqual(JSON.parse(run(['describe', 'puffle', '--json', '--channel', 'linkedin']).stdout), e.describeProvider('puffle', { channel: 'linkedin' }));
});
