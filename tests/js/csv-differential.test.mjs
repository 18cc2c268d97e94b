// The engine's CSV reader (src/input/csv_reader.cpp, through build/csv_records)
// against Papa Parse (npm/lib/vendor/papaparse.mjs), the oracle: the same
// records, start lines and quote flags on a corpus of quirky files and on
// generated input, whole and fed in chunks of 1 and 7 bytes.
//
// The package's reader (npm/lib/csv.mjs, CsvReader) is held to the same
// oracle, whole and in pieces of 1 and 7 characters; where Papa flags a
// record (stray or unclosed quote) it throws a CsvError at that record's line.
//
// The oracle: Papa guesses the line ending and the delimiter (among , ; tab |)
// on the text without its byte-order mark and its last line ending, then
// parses the text (with its last line ending); records of one empty cell
// (blank lines) are dropped; InvalidQuotes marks a record stray, MissingQuotes
// unclosed; a record's line is 1 + the line ends ("\n", "\r\n", bare "\r")
// before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from '../../npm/lib/vendor/papaparse.mjs';
import { CsvReader, CsvError, parseCsv } from '../../npm/lib/csv.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tool = join(root, 'build', 'csv_records');
const DELIMITERS = [',', ';', '\t', '|'];

function lineEnds(text, from, to) {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) n++;
    else if (c === 10 && !(i > 0 && text.charCodeAt(i - 1) === 13)) n++;
  }
  return n;
}

export function papaRecords(input) {
  const bom = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = input.slice(bom);
  let body = text;
  if (body.endsWith('\r\n')) body = body.slice(0, -2);
  else if (body.endsWith('\n') || body.endsWith('\r')) body = body.slice(0, -1);
  const guess = Papa.parse(body, { delimitersToGuess: DELIMITERS, skipEmptyLines: false, preview: 10 });
  const delimiter = guess.meta.delimiter || ',';
  const newline = guess.meta.linebreak || '\n';
  const records = [];
  let line = 1;
  let cursor = 0;
  Papa.parse(text, {
    delimiter,
    newline,
    skipEmptyLines: false,
    step(r) {
      const rec = { line, cells: r.data, stray: false, unclosed: false };
      for (const e of r.errors) {
        if (e.code === 'InvalidQuotes') rec.stray = true;
        if (e.code === 'MissingQuotes') rec.unclosed = true;
      }
      const end = r.meta.cursor;
      line += lineEnds(text, cursor, end);
      cursor = end;
      if (!(rec.cells.length === 1 && rec.cells[0] === '' && !rec.unclosed)) records.push(rec);
    },
  });
  return { delimiter, newline, records };
}

function engineRecords(texts, chunk) {
  const dir = mkdtempSync(join(tmpdir(), 'csvdiff-'));
  try {
    const file = join(dir, 'in.ndjson');
    writeFileSync(file, texts.map((t) => JSON.stringify(t)).join('\n') + '\n');
    const args = ['--ndjson', file];
    if (chunk) args.unshift('--chunk', String(chunk));
    const out = execFileSync(tool, args, { maxBuffer: 1 << 28 }).toString('utf8');
    return out
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const QUIRKY = [
  'email,name\r\na@x.com,"Doe, Jane"\r\nb@x.com,"say ""hi"""\r\n',
  'email;name\nx@y.com;"two\nlines"\nz@y.com;z\n',
  'a\tb\tc\n1\t2\t3\n',
  'a|b\n1|2\n',
  '\ufeffemail,first\r\na@b.co,A\r\n',
  'a,b\rc,d\r"e\rf",g\r',
  'a,b\n\n\n1,2\n\n',
  'a,b\n1,"x"  ,3\n"q"  \n',
  'a,b\n1,"unclosed\n2,3\n',
  'a,b\n1,"stray"x,"y"\n4,5\n',
  'a,b\n1,mid"quote,2\n',
  'h1,h2\r\n"c\r\nd",e\r\nf,g',
  'only\n',
  '',
  '"""",""\n"a""""b",c\n',
  'a,b\r\n1,2\n3,4\r\n',
  // CRLF file whose header has a quoted cell with a LF inside (normalize's first quirk)
  'a,"b\nc"\r\n1,2\r\n',
  '"a\nb",c\r\n1,2\r\n',
  '"a\nb","c"\r\n"1\r\n2",3\r\n',
  // bare CR line ends (old Mac Excel)
  'email,name\ra@x.com,Ann\rb@x.com,"Bob\rSmith"\r',
  'a;b\r1;2',
  // a stray quote, then a multi-line quoted field (normalize's third quirk)
  'a,b\n1,x"y\n2,"p\nq"\n3,4\n',
  'a,b\r\n1,x"y"z\r\n"p\r\nq",4\r\n5,6\r\n',
  'name,note\n"Ann","said ""no"", then left"\n"Bob",\u00a0"x"\u00a0\n',
  'a;b;c\n1;2\n3;4;5;6\n',
  'a,b\n"x"\t,y\n',
  'Email Address,First Name,Last Name,Phone Number,Country/Region\r\n' +
    '"jane@acme.com","Jane","O\'Neil","(415) 555-0134","United States"\r\n' +
    '" BOB@EXAMPLE.ORG ","Bob","Smith, Jr.","020 7946 0018","United Kingdom"\r\n',
  '\n\na,b\n1,2',
  'a,b\r\r\n1,2\r\n',
  '"a\r\nb",c\n1,2\n',
  'x,"y"z"w",v\n',
  'é,ü\n"ö",ß\n',
];

// Generated input: short texts over the characters that matter (seeded, deterministic).
function generated(count, seed) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const alphabet = ['a', 'b', 'x', '1', ',', ',', ';', '\t', '|', '"', '"', '"', '\r', '\n', '\n', '\r\n', ' ', 'é', '\u00a0'];
  const out = [];
  for (let k = 0; k < count; k++) {
    const len = 1 + Math.floor(rnd() * 40);
    let t = rnd() < 0.1 ? '\ufeff' : '';
    for (let i = 0; i < len; i++) t += alphabet[Math.floor(rnd() * alphabet.length)];
    out.push(t);
  }
  // CSV-shaped ones: a header and rows with quoted cells
  for (let k = 0; k < count / 4; k++) {
    const d = DELIMITERS[Math.floor(rnd() * 4)];
    const nl = ['\n', '\r\n', '\r'][Math.floor(rnd() * 3)];
    const cols = 1 + Math.floor(rnd() * 5);
    const rows = 1 + Math.floor(rnd() * 6);
    const lines = [];
    for (let r = 0; r <= rows; r++) {
      const cells = [];
      for (let c = 0; c < cols; c++) {
        const v = ['v', 'a b', 'x,y', 'q"q', 'l\nm', 'é', '', ' s '][Math.floor(rnd() * 8)];
        cells.push(rnd() < 0.5 || /[",;\t|\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
      }
      lines.push(cells.join(d));
    }
    out.push(lines.join(nl) + (rnd() < 0.7 ? nl : ''));
  }
  return out;
}

const ready = existsSync(tool);

test('the CSV reader reads quirky files and generated input as Papa Parse does', { skip: !ready && 'build/csv_records is not built' }, () => {
  const texts = [...QUIRKY, ...generated(Number(process.env.CSV_DIFF_COUNT) || 3000, Number(process.env.CSV_DIFF_SEED) || 20260101)];
  const whole = engineRecords(texts, 0);
  let records = 0;
  for (let i = 0; i < texts.length; i++) {
    const want = papaRecords(texts[i]);
    const got = whole[i];
    const what = JSON.stringify(texts[i]);
    assert.equal(got.delimiter, want.delimiter, `delimiter of ${what}`);
    assert.equal(got.newline, want.newline, `line ending of ${what}`);
    assert.deepEqual(got.records, want.records, `records of ${what}`);
    records += want.records.length;
  }
  console.log(`csv differential: ${texts.length} texts, ${records} records agree with Papa Parse`);
});

test('any chunk size gives the same records', { skip: !ready && 'build/csv_records is not built' }, () => {
  const texts = [...QUIRKY, ...generated(600, 7)];
  const whole = engineRecords(texts, 0);
  for (const chunk of [1, 7]) assert.deepEqual(engineRecords(texts, chunk), whole, `chunks of ${chunk} bytes`);
});

// The package's CsvReader fed `text` in pieces of `size` characters (0: whole).
function packageRecords(text, size) {
  const r = new CsvReader();
  const got = [];
  try {
    if (size) for (let i = 0; i < text.length; i += size) got.push(...r.push(text.slice(i, i + size)));
    else got.push(...r.push(text));
    got.push(...r.end());
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return { error: { code: e.code, line: e.line }, delimiter: r.delimiter, newline: r.newline };
  }
  return { records: got, delimiter: r.delimiter, newline: r.newline };
}

test("the package's CsvReader reads the corpus as Papa Parse does, in pieces of any size", () => {
  // (fewer generated texts than above: every reader asks Papa Parse for its guess, ~0.5 ms)
  const texts = [...QUIRKY, ...generated(Number(process.env.CSV_DIFF_COUNT) || 800, Number(process.env.CSV_DIFF_SEED) || 20260101)];
  let flagged = 0;
  for (const text of texts) {
    const want = papaRecords(text);
    const bad = want.records.find((r) => r.stray || r.unclosed);
    const expected = bad
      ? { error: { code: 'invalid_csv', line: bad.line }, delimiter: want.delimiter, newline: want.newline }
      : { records: want.records.map((r) => ({ line: r.line, cells: r.cells })), delimiter: want.delimiter, newline: want.newline };
    if (bad) flagged++;
    if (want.records.length === 0 && !bad) {
      // nothing to read: only the records must agree (no guess is needed)
      for (const size of [0, 1, 7]) assert.deepEqual(packageRecords(text, size).records, [], `records of ${JSON.stringify(text)}`);
      continue;
    }
    for (const size of [0, 1, 7]) assert.deepEqual(packageRecords(text, size), expected, `${JSON.stringify(text)} in pieces of ${size || 'all'}`);
  }
  console.log(`package csv reader: ${texts.length} texts agree with Papa Parse (${flagged} refused at the flagged record's line)`);
});

test("the package's CsvReader: the quirks of issue 16 section 7", () => {
  // CRLF file whose first quoted header cell holds an LF: the last header cell is c, not c\r
  assert.deepEqual(parseCsv('"a\nb",c\r\n1,2\r\n'), [
    ['a\nb', 'c'],
    ['1', '2'],
  ]);
  // bare CR line ends are line ends, and lines count them
  const r = new CsvReader();
  assert.deepEqual(
    [...r.push('email,name\ra@x.com,Ann\r\rb@x.com,"Bob\rSmith"\r'), ...r.end()],
    [
      { line: 1, cells: ['email', 'name'] },
      { line: 2, cells: ['a@x.com', 'Ann'] },
      { line: 4, cells: ['b@x.com', 'Bob\rSmith'] },
    ],
  );
  // a quote inside an unquoted cell, then a multi-line quoted field: read, not refused
  assert.deepEqual(parseCsv('a,b\n1,x"y\n2,"p\nq"\n3,4\n'), [
    ['a', 'b'],
    ['1', 'x"y'],
    ['2', 'p\nq'],
    ['3', '4'],
  ]);
  // still refused: a quoted field never closed, with its start line
  assert.throws(
    () => parseCsv('a,b\n1,"x\n2,3\n'),
    (e) => e instanceof CsvError && e.code === 'invalid_csv' && e.line === 2,
  );
});
