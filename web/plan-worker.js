// The demo page's planning worker (a module Web Worker): reads a dropped file
// (CSV, JSON array or NDJSON) in a stream, maps its columns to the provider's
// fields, plans it with the npm package's streaming planner, and keeps the
// results here. A CSV goes to the engine as bytes (engine.createInputPlanner:
// read, mapped with the user's choices and written as leads in C++; the
// engine hands back each row's cells for the grid); a JSON input's keys are
// renamed to the fields the user chose here, then planned. The page asks for windows of rows (for its virtualized grid),
// for a row's position under a filter, and for the downloads, so the main
// thread never holds or clones 100,000 rows.
//
// Workers have no import map: the package is imported by its path in the
// repository (the same files the page's `leadroster` maps to).
import { load } from '../npm/browser.mjs';
import { leadMapper } from '../npm/lib/rows.mjs';
import { Utf8Check } from '../npm/lib/utf8.mjs';
import { BOM, csvLine, outputDelimiter, REJECTED_COLUMNS, needsFixing, rejectedCells, cleanedWriter, isOwnColumn } from '../npm/lib/export.mjs';
import { JsonArraySplitter } from '../npm/lib/edge.mjs';

const PUSH_ROWS = 2000;
const enginePromise = load();

let data = null; // the last planned file

const post = (msg, transfer) => self.postMessage(msg, transfer || []);

// ---------------------------------------------------------------- reading

// The format the name says, else undefined: the engine tells it from the bytes.
function formatOfName(name) {
  const n = name.toLowerCase();
  if (n.endsWith('.csv') || n.endsWith('.tsv')) return 'csv';
  if (n.endsWith('.ndjson') || n.endsWith('.jsonl')) return 'ndjson';
  if (n.endsWith('.json')) return 'json';
  return undefined;
}

// The file's bytes, checked as UTF-8 on the way (a bad byte is an error naming its line, not a U+FFFD).
async function* byteChunks(file) {
  const reader = file.stream().getReader();
  const utf8 = new Utf8Check('the file');
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    utf8.push(value);
    yield { bytes: value, read };
  }
  utf8.end();
}

async function* textChunks(file) {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  const utf8 = new Utf8Check('the file'); // a byte that is not UTF-8 is an error naming its line, not a U+FFFD
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    utf8.push(value);
    yield { text: decoder.decode(value, { stream: true }), read };
  }
  utf8.end();
  const tail = decoder.decode();
  if (tail) yield { text: tail, read };
}

// The columns of a file: a CSV's header cells (read by the engine from the
// file's first 256 KiB), or the keys of the first JSON rows.
async function inspect(engine, file, provider, options) {
  const bytes = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  // the engine reads the start: its format, and a CSV's header as written
  const read = (part) => {
    const planner = engine.createInputPlanner(provider, { ...options, format: formatOfName(file.name), cells: 'rejected' });
    try {
      const a = planner.push(part);
      const b = a.input.format === 'csv' && !a.input.mapping ? planner.finish() : null;
      const info = b && b.input.mapping ? b.input : a.input;
      return { format: info.format || 'csv', columns: info.columns ? info.columns.map((c) => c.trim()) : null };
    } finally {
      planner.delete();
    }
  };
  let seen;
  try {
    seen = read(bytes);
  } catch (_) {
    // the cut ends inside a quoted cell: the first line alone
    const nl = bytes.indexOf(10);
    seen = read(nl > 0 ? bytes.subarray(0, nl + 1) : bytes);
  }
  const format = seen.format;
  if (format === 'csv') return { format, columns: seen.columns || [] };
  const head = new TextDecoder().decode(bytes);
  const keys = new Set();
  const objs = [];
  if (format === 'ndjson') {
    for (const line of head.split('\n').slice(0, 200)) {
      try {
        objs.push(JSON.parse(line));
      } catch (_) {
        /* a cut or bad line: skipped for the column list */
      }
    }
  } else {
    // up to 200 whole objects from the start of the array
    const re = /\{[^{}]*\}/g;
    let m;
    while ((m = re.exec(head)) && objs.length < 200) {
      try {
        objs.push(JSON.parse(m[0]));
      } catch (_) {
        /* nested or cut: skipped */
      }
    }
  }
  for (const o of objs) if (o && typeof o === 'object' && !Array.isArray(o)) for (const k of Object.keys(o)) keys.add(k);
  return { format, columns: [...keys] };
}

// Column -> field: the engine's mapHeaders (exact names, aliases, custom
// fields), with the user's choices as its `map` ("-" leaves a column out).
function mapColumns(engine, provider, columns, options, userMap) {
  const args = { options: { channel: options.channel } };
  // leadroster's own columns (a fixed rejected file read back) are never sent
  const map = {};
  for (const c of columns) if (isOwnColumn(c)) map[c] = '-';
  Object.assign(map, userMap || {});
  if (Object.keys(map).length) args.map = map;
  return engine.mapHeaders(provider, columns, args);
}

function suggestMapping(engine, provider, columns, options) {
  const m = mapColumns(engine, provider, columns, options);
  const fields = columns.map(() => null);
  const how = columns.map(() => '');
  for (const c of m.mapping) {
    if (c.column >= fields.length) continue;
    fields[c.column] = c.field;
    how[c.column] = c.split ? `split into ${c.split.first} + ${c.split.last}` : c.part ? `${c.how} (${c.part} name)` : c.how;
  }
  const warnings = m.warnings.map((w) => w.message).concat(m.missing.map((x) => x.message));
  return { fields, how, warnings };
}

function fieldList(engine, provider, options) {
  const d = engine.describeProvider(provider, { channel: options.channel });
  const paths = d.fields.map((f) => f.path);
  // a column maps to a value, not to an object that has listed members
  return d.fields
    .filter((f) => !((f.type === 'object' || f.type === 'freeObject') && paths.some((p) => p.startsWith(f.path + '.'))))
    .map((f) => ({ path: f.path, type: f.type }));
}

// ---------------------------------------------------------------- planning

function displayValue(v) {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function setPath(obj, path, value) {
  const parts = path.split('.');
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    if (!Object.prototype.hasOwnProperty.call(o, k) || typeof o[k] !== 'object' || o[k] === null) {
      Object.defineProperty(o, k, { value: {}, enumerable: true, writable: true, configurable: true });
    }
    o = o[k];
  }
  Object.defineProperty(o, parts[parts.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

async function plan(m) {
  // a JSON input whose keys all go to the fields they name is read by the engine as it is
  const asIs = m.format !== 'csv' && m.columns.every((c, i) => m.mapping[i] === c);
  if (m.format === 'csv' || asIs) return planBytes(m);
  return planJson(m);
}

// The file's bytes to the engine's input planner (a CSV: the user's choices as
// its map). The answers stay as the engine gave them (parts): a row object is
// built when the grid or a download asks for it; a JSON row's cells are read
// from its text then too.
async function planBytes({ file, format, provider, options, userMap, columns: keys }) {
  const engine = await enginePromise;
  const t0 = performance.now();
  const csv = format === 'csv';
  const planner = engine.createInputPlanner(provider, { ...options, format, map: csv ? userMap : undefined, cells: 'all' });
  const parts = []; // { first, count, result }
  const cells = [];
  const requests = [];
  const lists = { invalid: [], duplicate: [], ok: [], problems: [] };
  let info = null;
  let total = 0;
  let lastProgress = 0;
  const take = (part) => {
    const input = part.input;
    if (input.mapping) info = input;
    const count = input.lines.length;
    // (input.cells is parsed when a row's cells are first read: cellsAt)
    for (const q of part.requests) requests.push(q);
    if (!count) return;
    const first = input.first;
    parts.push({ first, count, result: part });
    let k = first;
    for (const r of part.problems()) {
      for (; k < r.index; k++) lists.ok.push(k);
      lists[r.status].push(r.index);
      k = r.index + 1;
    }
    for (; k < first + count; k++) lists.ok.push(k);
    for (const w of part.warned()) if (w.warnings.some((x) => x.dropped === true)) lists.problems.push(w.index);
    total = first + count;
  };
  try {
    for await (const { bytes, read } of byteChunks(file)) {
      take(planner.push(bytes));
      const now = performance.now();
      if (now - lastProgress > 80) {
        lastProgress = now;
        post({ type: 'progress', rows: total, bytes: read, total: file.size });
      }
    }
    const end = planner.finish();
    take(end);
    post({ type: 'progress', rows: total, bytes: file.size, total: file.size });
    let columns;
    let mapping;
    let headerFor;
    if (csv) {
      if (!info) throw new Error('the file is empty (a CSV needs a header line)');
      const mapper = leadMapper(engine.describeProvider(provider, { channel: options.channel }), info.mapping);
      columns = info.columns || info.mapping.mapping.map((x) => x.header);
      mapping = info.mapping.mapping;
      headerFor = mapper.headerFor;
    } else {
      // a JSON column is a key: its cells go back to the same field
      columns = keys;
      mapping = keys.map((c, i) => ({ column: i, header: c, field: c, rank: 0, how: 'user' }));
      headerFor = (field) => keys.find((k) => field === k || (field && field.startsWith(k + '.'))) ?? null;
    }
    data = {
      parts,
      cells,
      json: !csv,
      read: new Set(), // JSON rows whose cells were read from their text
      lists,
      requests,
      columns,
      summary: end.summary,
      total,
      delimiter: outputDelimiter(csv ? info.delimiter : null),
      mapping,
      headerFor,
    };
    post({
      type: 'planned',
      summary: end.summary,
      counts: { all: total, invalid: lists.invalid.length, duplicate: lists.duplicate.length, ok: lists.ok.length, problems: lists.problems.length },
      ms: Math.round(performance.now() - t0),
    });
  } finally {
    planner.delete();
  }
}

// A JSON array or NDJSON: each key renamed to the field the user chose for its column.
async function planJson({ file, format, provider, options, columns, mapping: chosen }) {
  const target = chosen.map((f) => (f === '' || f === '-' ? null : f));
  const mapping_ = (i) => target[i] ?? null;
  const engine = await enginePromise;
  const t0 = performance.now();
  const planner = engine.createPlanner(provider, options);
  const rows = [];
  const cells = [];
  const lines = []; // row index -> the input's line (CSV: where its record starts; NDJSON: its line)
  const requests = [];
  let delimiter = ',';
  let mapping = null; // engine.mapHeaders(...).mapping, CSV
  let headerFor = () => null;
  // problems: ok rows sent without some value the user gave (warnings marked dropped)
  const lists = { invalid: [], duplicate: [], ok: [], problems: [] };
  let lastProgress = 0;
  const take = (part) => {
    for (const r of part.rows) {
      rows[r.index] = r;
      lists[r.status].push(r.index);
      if (r.status === 'ok' && r.warnings.some((w) => w.dropped === true)) lists.problems.push(r.index);
    }
    for (const q of part.requests) requests.push(q);
  };
  const progress = (read, force) => {
    const now = performance.now();
    if (force || now - lastProgress > 80) {
      lastProgress = now;
      post({ type: 'progress', rows: cells.length, bytes: read, total: file.size });
    }
  };
  try {
    let batch = [];
    // the batch's rows are the last batch.length of `lines` (row index -> line): the engine gets their lines
    const flush = () => {
      if (batch.length) take(planner.push(batch, { lines: lines.slice(lines.length - batch.length) }));
      batch = [];
    };
    {
      // a JSON column is a key: its cells go back to the same field
      mapping = columns.map((c, i) => ({ column: i, header: c, field: mapping_(i), rank: 0, how: 'user' }));
      headerFor = (field) => {
        const i = mapping.findIndex((m) => m.field && (m.field === field || (field && field.startsWith(m.field + '.'))));
        return i < 0 ? null : columns[i];
      };
      // JSON values keep their types: each key goes to its column's chosen field
      const toRow = (value) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          cells.push([displayValue(value)]);
          return value;
        }
        cells.push(columns.map((c) => displayValue(value[c])));
        const o = {};
        for (const [k, v] of Object.entries(value)) {
          const i = columns.indexOf(k);
          const t = i < 0 ? k : target[i];
          if (t) setPath(o, t, v);
        }
        return o;
      };
      if (format === 'ndjson') {
        let rest = '';
        let lineNo = 0;
        for await (const { text, read } of textChunks(file)) {
          const textLines = (rest + text).split('\n');
          rest = textLines.pop();
          for (const line of textLines) {
            lineNo++;
            if (line.trim() === '') continue;
            lines.push(lineNo);
            let v;
            try {
              v = JSON.parse(line);
            } catch (e) {
              cells.push([line]);
              batch.push(line); // not an object: the engine reports the row invalid
              continue;
            }
            batch.push(toRow(v));
            if (batch.length >= PUSH_ROWS) flush();
          }
          progress(read);
        }
        if (rest.trim() !== '') {
          lines.push(lineNo + 1);
          try {
            batch.push(toRow(JSON.parse(rest)));
          } catch (_) {
            cells.push([rest]);
            batch.push(rest);
          }
        }
      } else {
        const whole = await file.text();
        const all = JSON.parse(whole);
        if (!Array.isArray(all)) throw new Error('the JSON file is not an array of leads');
        // each lead's line: where its element starts
        const splitter = new JsonArraySplitter();
        splitter.push(whole);
        const starts = splitter.lines;
        for (let k = 0; k < all.length; k++) {
          const v = all[k];
          lines.push(starts[k]);
          batch.push(toRow(v));
          if (batch.length >= PUSH_ROWS) {
            flush();
            progress(Math.round((cells.length / all.length) * file.size));
          }
        }
      }
    }
    flush();
    const end = planner.finish();
    for (const q of end.requests) requests.push(q);
    progress(file.size, true);
    data = { rows, cells, lists, requests, columns, summary: end.summary, lines, delimiter, mapping, headerFor };
    post({
      type: 'planned',
      summary: end.summary,
      counts: { all: rows.length, invalid: lists.invalid.length, duplicate: lists.duplicate.length, ok: lists.ok.length, problems: lists.problems.length },
      ms: Math.round(performance.now() - t0),
    });
  } finally {
    planner.delete();
  }
}

// ---------------------------------------------------------------- views

function listFor(filter) {
  return filter === 'all' ? null : data.lists[filter];
}

const rowCount = () => (data.rows ? data.rows.length : data.total);

// Row i's cells: a CSV's as the engine read them; a JSON row's values under its columns (read from its text once).
function cellsAt(i) {
  let c = data.cells[i];
  if (c === undefined && data.parts && !data.rows) {
    const p = partAt(i);
    c = p && p.result.input.cells.get(i);
    if (c !== undefined) data.cells[i] = c;
  }
  if (!data.json || !c || data.read.has(i)) return c;
  let value;
  try {
    value = JSON.parse(c[0]);
  } catch (_) {
    value = c[0];
  }
  const out = value === null || typeof value !== 'object' || Array.isArray(value) ? [displayValue(value)] : data.columns.map((k) => displayValue(value[k]));
  data.read.add(i);
  data.cells[i] = out;
  return out;
}

// The engine's answer (data.parts) that holds row i.
function partAt(i) {
  const parts = data.parts;
  let lo = 0;
  let hi = parts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = parts[mid];
    if (i < p.first) hi = mid - 1;
    else if (i >= p.first + p.count) lo = mid + 1;
    else return p;
  }
  return undefined;
}

// Row i: a JSON input's row as planned, or a CSV's from the engine's answer that holds it.
function rowAt(i) {
  if (data.rows) return data.rows[i];
  const p = partAt(i);
  return p ? p.result.row(i) : undefined;
}

function rowView(i) {
  const r = rowAt(i);
  return {
    index: i,
    line: r.line ?? null,
    status: r.status,
    cells: cellsAt(i),
    errors: r.errors,
    warnings: r.warnings,
    duplicateOf: r.duplicateOf,
    duplicateOfLine: r.duplicateOfLine ?? null,
    matchedOn: r.matchedOn,
    // the values left out of the lead (the row is still sent): [{ field, code, message }]
    dropped: r.warnings.filter((w) => w.dropped === true).map((w) => ({ field: w.field, code: w.code, message: w.message })),
  };
}

function windowOf({ filter, start, count }) {
  const list = listFor(filter);
  const total = list ? list.length : rowCount();
  const out = [];
  for (let k = start; k < Math.min(total, start + count); k++) out.push(rowView(list ? list[k] : k));
  return { total, rows: out };
}

function positionOf({ filter, index }) {
  const list = listFor(filter);
  if (!list) return index < rowCount() ? index : -1;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === index) return mid;
    if (list[mid] < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// ---------------------------------------------------------------- downloads

// The CSV downloads are written by the package's export.mjs, as the CLI's
// check --rejected / --cleaned: UTF-8 with a BOM, the input's delimiter (`,`
// for JSON inputs), formula cells guarded with a ' that leadroster reads back.

function download(kind) {
  if (kind === 'requests') {
    const parts = ['['];
    data.requests.forEach((q, i) => {
      const body = q.bodyText ?? JSON.stringify(q.body);
      parts.push(
        `${i ? ',' : ''}\n{"method":${JSON.stringify(q.method)},"path":${JSON.stringify(q.path)},"headers":${JSON.stringify(q.headers)},"body":${body}}`,
      );
    });
    parts.push('\n]\n');
    return { name: 'requests.json', blob: new Blob(parts, { type: 'application/json' }) };
  }
  const d = data.delimiter;
  const type = 'text/csv;charset=utf-8';
  if (kind === 'leads') {
    // the cleaned file: the ok rows in the input's own columns, normalized values in place
    const clean = cleanedWriter(data.mapping);
    const parts = [BOM + csvLine(data.columns, d)];
    for (const i of data.lists.ok)
      parts.push(
        csvLine(
          clean(
            data.columns.map((_, c) => cellsAt(i)[c] ?? ''),
            rowAt(i),
          ),
          d,
        ),
      );
    return { name: 'cleaned-leads.csv', blob: new Blob(parts, { type }) };
  }
  // the file a user fixes: invalid and duplicate rows and ok rows with values left
  // out, in input order, the input's cells as written, then what is wrong
  const parts = [BOM + csvLine([...data.columns, ...REJECTED_COLUMNS], d)];
  const lineOf = (i) => rowAt(i)?.line ?? '';
  // the rows to fix: invalid, duplicate, and ok rows with a value left out (no other ok row built)
  const fix = data.rows ? null : [...data.lists.invalid, ...data.lists.duplicate, ...data.lists.problems].sort((a, b) => a - b);
  const n = fix ? fix.length : rowCount();
  for (let k = 0; k < n; k++) {
    const i = fix ? fix[k] : k;
    const r = rowAt(i);
    if (!needsFixing(r)) continue;
    const cells = data.columns.map((_, c) => cellsAt(i)[c] ?? '');
    parts.push(csvLine([...cells, ...rejectedCells(r, r.line ?? '', data.headerFor, lineOf)], d));
  }
  return { name: 'rejected-rows.csv', blob: new Blob(parts, { type }) };
}

// ---------------------------------------------------------------- messages

self.onmessage = async (ev) => {
  const m = ev.data;
  try {
    if (m.type === 'inspect') {
      const engine = await enginePromise;
      const info = await inspect(engine, m.file, m.provider, m.options);
      const suggestion = suggestMapping(engine, m.provider, info.columns, m.options);
      post({ type: 'inspected', id: m.id, ...info, suggestion, fields: fieldList(engine, m.provider, m.options) });
    } else if (m.type === 'plan') {
      await plan(m);
    } else if (m.type === 'window') {
      post({ type: 'window', id: m.id, filter: m.filter, start: m.start, ...windowOf(m) });
    } else if (m.type === 'position') {
      post({ type: 'position', id: m.id, position: positionOf(m) });
    } else if (m.type === 'download') {
      post({ type: 'download', id: m.id, kind: m.kind, ...download(m.kind) });
    }
  } catch (e) {
    const message = (e && e.message) || String(e);
    post({ type: 'error', id: m.id, request: m.type, message });
  }
};

enginePromise.then(
  (e) => post({ type: 'ready', version: e.version }),
  (e) => post({ type: 'error', request: 'load', message: e.message }),
);
