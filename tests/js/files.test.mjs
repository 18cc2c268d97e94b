// Issue 16 §5: the files leadroster writes open in a spreadsheet and read back.
// - every CSV (check --rejected, check --cleaned, report --csv, the page's
//   downloads through the same npm/lib/export.mjs) starts with a UTF-8 BOM and
//   uses the input's delimiter (`,` for JSON / NDJSON inputs);
// - the file a user fixes: the input's columns in order, then leadroster_line,
//   leadroster_status, leadroster_codes, leadroster_problems,
//   leadroster_duplicate_of_line; rows with values left out are in it;
// - the cleaned file: the input's columns with the normalized values in place;
//   fed back through check / plan for the same provider it gives the same plan;
// - the formula guard (a leading ') is taken back off by leadroster's reader, so
//   guarded cells re-import as written; plain numbers (E.164) are not guarded.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const exp = await import(join(ROOT, 'npm', 'lib', 'export.mjs'));
const csv = await import(join(ROOT, 'npm', 'lib', 'csv.mjs'));
const dir = mkdtempSync(join(tmpdir(), 'leadroster-files-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args, opts = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT, ...opts });
const BOM = '\uFEFF';
// leadroster's own reader (BOM dropped, delimiter detected, the guard taken off)
const read = (text, delimiter) => csv.parseCsv(text, delimiter ? { delimiter } : {});
// the raw records as a spreadsheet sees them (no guard taken off): split on the delimiter, quotes honoured
function rawRecords(text, d) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'a UTF-8 byte-order mark first');
  const rows = [];
  let row = [];
  let cell = '';
  let q = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === d) (row.push(cell), (cell = ''));
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      ((row = []), (cell = ''), i++);
    } else cell += c;
  }
  assert.equal(cell, '', 'the file ends with CRLF');
  return rows;
}

// ------------------------------------------------------------ the writer

test('guardCell: formula starts get one apostrophe, plain numbers (E.164) none; unguardCell undoes it for every string', () => {
  const cases = [
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['+1 (415) 555-0100', "'+1 (415) 555-0100"],
    ['-dup', "'-dup"],
    ['@Acme', "'@Acme"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ["'=already", "''=already"],
    ["''+x", "'''+x"],
    ['+14155550100', '+14155550100'],
    ['-5', '-5'],
    ['+1.5', '+1.5'],
    ['plain', 'plain'],
    ["'quoted", "'quoted"],
    ['', ''],
    ['é=x', 'é=x'],
  ];
  for (const [x, want] of cases) {
    assert.equal(exp.guardCell(x), want, JSON.stringify(x));
    assert.equal(exp.unguardCell(exp.guardCell(x)), x, JSON.stringify(x));
  }
  // every string over a small alphabet of the characters that matter, up to length 4
  const alphabet = ["'", '=', '+', '-', '@', '\t', '1', 'a', ' '];
  let n = 0;
  const walk = (s) => {
    if (s.length > 0) {
      n++;
      if (exp.unguardCell(exp.guardCell(s)) !== s) assert.fail(`round trip of ${JSON.stringify(s)}`);
      const g = exp.guardCell(s);
      if (/^[=+\-@\t\r]/.test(g)) assert.ok(/^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(g), `${JSON.stringify(g)} starts a formula`);
    }
    if (s.length < 4) for (const c of alphabet) walk(s + c);
  };
  walk('');
  assert.ok(n > 7000);
  assert.equal(csv.neutralizeFormula('=1+1'), "'=1+1");
});

test('writeCsv: BOM first, the delimiter asked for, CRLF, quoted only when needed; parseCsv reads the same cells back', () => {
  const rows = [
    ['Prénom', 'Nom', 'Téléphone', 'Notes'],
    ['Maëlle', 'Girard', '+1 (415) 555-0100', 'a;b'],
    ['=cmd|x', ' lead space', '+33612345678', 'two\nlines "q"'],
  ];
  const semi = csv.writeCsv(rows, { delimiter: ';' });
  assert.ok(semi.startsWith(BOM + 'Prénom;Nom;Téléphone;Notes\r\n'), JSON.stringify(semi.slice(0, 40)));
  const raw = rawRecords(semi, ';');
  assert.deepEqual(raw[1], ['Maëlle', 'Girard', "'+1 (415) 555-0100", 'a;b']);
  assert.deepEqual(raw[2], ["'=cmd|x", ' lead space', '+33612345678', 'two\nlines "q"']);
  assert.ok(semi.includes(';"a;b"\r\n'), 'a cell holding the delimiter is quoted');
  assert.ok(semi.includes(';" lead space";'), 'leading white space is quoted');
  assert.deepEqual(read(semi), rows, 'leadroster reads its own file back as written (delimiter detected, guard off)');
  const comma = csv.writeCsv(rows);
  assert.ok(comma.startsWith(BOM + 'Prénom,Nom,'));
  assert.ok(comma.includes(',a;b\r\n'), 'no need to quote ; in a , file');
  assert.deepEqual(read(comma), rows);
  assert.equal(csv.writeCsv([['a']], { bom: false }), 'a\r\n');
  assert.equal(exp.outputDelimiter(null), ',');
  assert.equal(exp.outputDelimiter('\t'), '\t');
});

test('csvRecords tells the delimiter it detected', async () => {
  let got = null;
  for await (const _ of csv.csvRecords('a;b\r\n1;2\r\n', { onDelimiter: (d) => (got = d) }));
  assert.equal(got, ';');
  got = null;
  for await (const _ of csv.csvRecords('a|b\n1|2\n', { onDelimiter: (d) => (got = d) }));
  assert.equal(got, '|');
});

// ------------------------------------------------------------ check --rejected / --cleaned

// A French CRM export (`;`), for reached: row 3 has an invalid optional email
// (kept, value left out), row 5 a formula as a first name, row 6 repeats row 2's
// email in other case, row 7 has no identity at all.
const FRENCH =
  [
    'Prénom;Nom;Email;Téléphone;Société;Pays',
    'Maëlle;Girard;MAELLE.Girard@Free.FR;06 12 34 56 78;Acme;FR',
    'Jean;Dupont;maelle.girard81 @free.fr;06 98 76 54 32;Acme;FR',
    'Ann;Lee;ann@example.com;+1 (415) 555-0100;Globex;US',
    '"=HYPERLINK(""http://x"";""y"")";Bad;hyper@example.com;;Initech;FR',
    'Maëlle;Girard;maelle.girard@free.fr;;Acme;FR',
    ';;;;;FR',
  ].join('\r\n') + '\r\n';

function checkFiles(name, text, extra = []) {
  const input = join(dir, name);
  writeFileSync(input, text);
  const rejected = join(dir, name + '.rejected.csv');
  const cleaned = join(dir, name + '.cleaned' + (name.endsWith('.csv') ? '.csv' : name.slice(name.lastIndexOf('.'))));
  const r = cli(['check', input, '--provider', 'reached', '--default-country', 'FR', '--rejected', rejected, '--cleaned', cleaned, ...extra]);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return { input, rejected: readFileSync(rejected, 'utf8'), cleaned: readFileSync(cleaned, 'utf8'), cleanedFile: cleaned, out: r.stdout };
}

const checkJson = (file, extra = []) => {
  const r = cli(['check', file, '--provider', 'reached', '--default-country', 'FR', '--json', ...extra]);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout);
};

test("check --rejected: the input's delimiter, a BOM, its columns in order, each row's line and what is wrong per field (dropped values too)", () => {
  const { rejected, input } = checkFiles('french.csv', FRENCH);
  const raw = rawRecords(rejected, ';');
  assert.deepEqual(raw[0], ['Prénom', 'Nom', 'Email', 'Téléphone', 'Société', 'Pays', ...exp.REJECTED_COLUMNS]);
  assert.deepEqual(exp.REJECTED_COLUMNS, ['leadroster_line', 'leadroster_status', 'leadroster_codes', 'leadroster_problems', 'leadroster_duplicate_of_line']);
  const col = (name) => raw[0].indexOf(name);
  const byLine = new Map(raw.slice(1).map((r) => [r[col('leadroster_line')], r]));
  const truth = checkJson(input);
  // every invalid or duplicate row, and every ok row with a value left out, and nothing else
  const want = truth.rows
    .filter((r) => r.status !== 'ok' || (r.lead.email === undefined && r.warnings.some((w) => w.field === 'email')))
    .map((r) => String(r.line));
  assert.deepEqual([...byLine.keys()], want);
  assert.ok(want.includes('3') && want.includes('6') && want.includes('7'), want.join(','));
  // line 3: kept, its email left out
  const l3 = byLine.get('3');
  assert.deepEqual([l3[col('leadroster_status')], l3[col('leadroster_codes')]], ['ok', 'invalid_email']);
  assert.match(l3[col('leadroster_problems')], /^Email: invalid_email — ./, 'the column header names the field');
  assert.equal(l3[col('Email')], 'maelle.girard81 @free.fr', 'the cell as the user typed it');
  // line 6: a duplicate of line 2
  const l6 = byLine.get('6');
  assert.deepEqual([l6[col('leadroster_status')], l6[col('leadroster_codes')], l6[col('leadroster_duplicate_of_line')]], ['duplicate', 'duplicate', '2']);
  // line 7: invalid, its codes as the engine gives them
  const l7 = byLine.get('7');
  const t7 = truth.rows.find((r) => r.line === 7);
  assert.equal(l7[col('leadroster_status')], 'invalid');
  assert.equal(l7[col('leadroster_codes')], t7.errors.map((e) => e.code).join(' '));
  assert.equal(l7[col('Pays')], 'FR');
});

test('check --rejected on a JSON input: `,`, a BOM, the JSON keys as columns', () => {
  const rows = [{ email: 'a@example.com', firstName: 'A' }, { email: 'not an email', firstName: '=cmd' }, { email: 'A@example.com' }];
  const input = join(dir, 'leads.json');
  // one element a line: a JSON row's line is the line its element starts on (2, 3, 4)
  writeFileSync(input, '[\n' + rows.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n');
  const rejected = join(dir, 'leads.rejected.csv');
  const r = cli(['check', input, '--provider', 'sendkit', '--rejected', rejected]);
  assert.equal(r.status, 1, r.stderr);
  const raw = rawRecords(readFileSync(rejected, 'utf8'), ',');
  assert.deepEqual(raw[0], ['email', 'firstName', ...exp.REJECTED_COLUMNS]);
  assert.deepEqual(raw[1].slice(0, 3), ['not an email', "'=cmd", '3']);
  assert.equal(raw[1][3], 'invalid');
  assert.equal(raw[2][2], '4');
  assert.equal(raw[2][3], 'duplicate');
  assert.equal(raw[2][6], '2', 'duplicate of the element on line 2');
});

test("check --cleaned: the user's columns (Pays kept), normalized values in place; fed back through check and plan it gives the same plan", () => {
  const { cleaned, cleanedFile, input } = checkFiles('french2.csv', FRENCH);
  const raw = rawRecords(cleaned, ';');
  assert.deepEqual(raw[0], ['Prénom', 'Nom', 'Email', 'Téléphone', 'Société', 'Pays'], "the input's own header, no provider field names");
  const truth = checkJson(input);
  const ok = truth.rows.filter((r) => r.status === 'ok');
  assert.equal(raw.length - 1, ok.length, 'one line per ok row');
  const l2 = raw[1];
  assert.deepEqual(l2, ['Maëlle', 'Girard', ok[0].lead.email, ok[0].lead.phone, 'Acme', 'FR']);
  assert.equal(l2[2], 'maelle.girard@free.fr', 'email lowercased');
  assert.equal(l2[3], '+33612345678', 'phone in E.164, written as it is (a number, not a formula)');
  const l3 = raw[2];
  assert.equal(l3[2], '', 'the value left out is not in the cleaned file');
  const l4 = raw[3];
  assert.equal(l4[3], '+14155550100');
  const l5 = raw.find((r) => r[1] === 'Bad');
  assert.equal(l5[0], '\'=HYPERLINK("http://x";"y")', 'a formula name is guarded');
  // the round trip: the same leads, the same requests
  const again = checkJson(cleanedFile);
  assert.deepEqual(again.summary, { total: ok.length, ok: ok.length, invalid: 0, duplicate: 0, droppedValues: 0 });
  assert.deepEqual(
    again.rows.map((r) => r.lead),
    ok.map((r) => r.lead),
  );
  assert.ok(
    again.rows.every((r) => r.warnings.length === 0),
    'no value is left out of the cleaned file again',
  );
  const plan = (file) => {
    const p = cli([
      'plan',
      file,
      '--provider',
      'reached',
      '--campaign-id',
      'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      '--default-country',
      'FR',
      '--format',
      'json',
    ]);
    assert.equal(p.status, 0, p.stderr);
    return JSON.parse(p.stdout).requests.map((q) => ({ method: q.method, path: q.path, body: q.body }));
  };
  const before = plan(input);
  assert.ok(before.length > 0);
  assert.deepEqual(plan(cleanedFile), before);
});

test('check --cleaned and --rejected keep a tab or | delimiter; NDJSON in gives NDJSON leads that plan the same', () => {
  const tsv = FRENCH.replace(/;/g, '\t');
  const { rejected, cleaned } = checkFiles('french.tsv.csv', tsv);
  assert.ok(rejected.startsWith(BOM + 'Prénom\tNom\t'));
  assert.ok(cleaned.startsWith(BOM + 'Prénom\tNom\t'));
  const nd = [{ email: 'A@Example.com', phone: '06 12 34 56 78' }, { email: 'b@example.com' }].map((o) => JSON.stringify(o)).join('\n') + '\n';
  const r = checkFiles('leads.ndjson', nd);
  const leads = r.cleaned
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(leads[0].email, 'a@example.com');
  assert.deepEqual(
    checkJson(r.cleanedFile).rows.map((x) => x.lead),
    leads,
  );
});

// ------------------------------------------------------------ report --csv

test("report --csv: `;` in, `;` out, a BOM, the input's columns then leadroster_*; guarded cells re-import: checking the report gives the input's leads", async () => {
  const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
  const node = await import(join(ROOT, 'npm', 'node.mjs'));
  const engine = await load();
  const REACHED = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
  const KEY = 'key_files_test';
  const emu = node.createEmulator({ engine, keys: [KEY], campaigns: [{ provider: 'reached', id: REACHED }], rateLimits: { reached: null } });
  const { url } = await emu.listen(0);
  try {
    const input = join(dir, 'push.csv');
    writeFileSync(input, FRENCH);
    const journal = join(dir, 'push.journal');
    await node.push({ engine, provider: 'reached', campaignId: REACHED, file: input, baseUrl: url, apiKey: KEY, journal, defaultCountry: 'FR' });
    const out = join(dir, 'push.report.csv');
    const rep = cli(['report', journal, '--csv', out]);
    assert.equal(rep.status, 0, rep.stderr);
    const text = readFileSync(out, 'utf8');
    const raw = rawRecords(text, ';');
    assert.deepEqual(raw[0], [
      'Prénom',
      'Nom',
      'Email',
      'Téléphone',
      'Société',
      'Pays',
      'leadroster_line',
      'leadroster_row',
      'leadroster_result',
      'leadroster_code',
      'leadroster_message',
      'leadroster_dropped',
      'leadroster_dropped_messages',
      'leadroster_lead_id',
    ]);
    const ann = raw.find((r) => r[1] === 'Lee');
    assert.equal(ann[3], "'+1 (415) 555-0100", 'a cell starting with + is guarded');
    const col = (n) => raw[0].indexOf(n);
    const l3 = raw.find((r) => r[col('leadroster_line')] === '3');
    assert.equal(l3[col('leadroster_dropped')], 'email:invalid_email');
    assert.match(l3[col('leadroster_dropped_messages')], /^email: invalid_email — ./, 'the value left out, in plain words');
    // leadroster reads the report back as the input's cells (guard off), and its leadroster_* columns are not sent
    const back = read(text);
    const original = read(FRENCH);
    assert.deepEqual(
      back.map((r) => r.slice(0, 6)),
      original,
    );
    const a = checkJson(input);
    const b = checkJson(out);
    assert.deepEqual(
      b.rows.map((r) => r.lead),
      a.rows.map((r) => r.lead),
      'the report re-imports as the same leads',
    );
    assert.ok(
      b.mapping.mapping.filter((m) => m.header.startsWith('leadroster_')).every((m) => m.field === null || m.how === 'ignored'),
      JSON.stringify(b.mapping.mapping),
    );
    // an NDJSON input: `,` out, its keys as the columns
    const nd = join(dir, 'push.ndjson');
    writeFileSync(nd, '{"email":"nd1@example.com","phone":"+1 (415) 555-0101"}\n{"email":"nd2@example.com","first_name":"Zoé"}\n');
    const ndJournal = join(dir, 'push-nd.journal');
    await node.push({ engine, provider: 'reached', campaignId: REACHED, file: nd, baseUrl: url, apiKey: KEY, journal: ndJournal });
    const ndOut = join(dir, 'push-nd.report.csv');
    assert.equal(cli(['report', ndJournal, '--csv', ndOut]).status, 0);
    const ndRaw = rawRecords(readFileSync(ndOut, 'utf8'), ',');
    assert.deepEqual(ndRaw[0].slice(0, 4), ['email', 'phone', 'first_name', 'leadroster_line']);
    assert.deepEqual(ndRaw[1].slice(0, 5), ['nd1@example.com', "'+1 (415) 555-0101", '', '1', '0']);
    assert.deepEqual(ndRaw[2].slice(0, 4), ['nd2@example.com', '', 'Zoé', '2']);
  } finally {
    await emu.close();
  }
});
