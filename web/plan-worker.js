// The demo page's planning worker (a module Web Worker): reads a dropped file
// (CSV, JSON array or NDJSON) in a stream, maps its columns to the provider's
// fields, plans it with the npm package's streaming planner, and keeps the
// results here. The page asks for windows of rows (for its virtualized grid),
// for a row's position under a filter, and for the downloads, so the main
// thread never holds or clones 100,000 rows.
//
// Workers have no import map: the package is imported by its path in the
// repository (the same files the page's `leadroster` maps to).
import { load } from '../npm/browser.mjs';
import { CsvReader, CsvError, leadMapper } from '../npm/lib/csv.mjs';
import { Utf8Check } from '../npm/lib/utf8.mjs';
import { BOM, csvLine, outputDelimiter, REJECTED_COLUMNS, needsFixing, rejectedCells, cleanedWriter, isOwnColumn } from '../npm/lib/export.mjs';
import { JsonArraySplitter } from '../npm/lib/edge.mjs';

const PUSH_ROWS = 2000;
const enginePromise = load();

let data = null; // the last planned file

const post = (msg, transfer) => self.postMessage(msg, transfer || []);

// ---------------------------------------------------------------- reading

function formatOf(name, head) {
  const n = name.toLowerCase();
  if (n.endsWith('.csv') || n.endsWith('.tsv')) return 'csv';
  if (n.endsWith('.ndjson') || n.endsWith('.jsonl')) return 'ndjson';
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[')) return 'json';
  if (t.startsWith('{')) return 'ndjson';
  return 'csv';
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

// The columns of a file: CSV header cells, or the keys of the first JSON rows.
async function inspect(file) {
  const head = await file.slice(0, 256 * 1024).text();
  const format = formatOf(file.name, head);
  let columns = [];
  if (format === 'csv') {
    // the header is the first record; the reader gives records only once it has
    // 1 MiB or the end (its guess), so the start of a bigger file is read as a
    // whole text: up to its last line end, else its first line
    const firstRecord = (text) => {
      const r = new CsvReader();
      const recs = [...r.push(text), ...r.end()];
      return recs.length ? recs[0].cells : [];
    };
    let header;
    if (file.size <= head.length) header = firstRecord(head);
    else {
      const cut = head.lastIndexOf('\n');
      try {
        header = firstRecord(cut > 0 ? head.slice(0, cut + 1) : head);
      } catch (_) {
        const nl = head.indexOf('\n');
        header = firstRecord(nl > 0 ? head.slice(0, nl + 1) : head);
      }
    }
    columns = header.map((c) => c.trim());
  } else {
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
    columns = [...keys];
  }
  return { format, columns };
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

async function plan({ file, format, provider, options, columns, userMap, mapping: chosen }) {
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
    if (format === 'csv') {
      // the engine's mapping (with the user's choices) and field types make the leads
      const mapped = mapColumns(engine, provider, columns, options, userMap);
      const mapper = leadMapper(engine.describeProvider(provider, { channel: options.channel }), mapped);
      mapping = mapped.mapping;
      headerFor = mapper.headerFor;
      const reader = new CsvReader();
      let header = true;
      const onRecords = (recs) => {
        for (const r of recs) {
          if (header) {
            header = false;
            continue;
          }
          cells.push(r.cells);
          lines.push(r.line);
          batch.push(mapper.toLead(r.cells));
          if (batch.length >= PUSH_ROWS) flush();
        }
      };
      for await (const { text, read } of textChunks(file)) {
        onRecords(reader.push(text));
        progress(read);
      }
      onRecords(reader.end());
      delimiter = outputDelimiter(reader.delimiter);
    } else {
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

function rowView(i) {
  const r = data.rows[i];
  return {
    index: i,
    line: r.line ?? null,
    status: r.status,
    cells: data.cells[i],
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
  const total = list ? list.length : data.rows.length;
  const out = [];
  for (let k = start; k < Math.min(total, start + count); k++) out.push(rowView(list ? list[k] : k));
  return { total, rows: out };
}

function positionOf({ filter, index }) {
  const list = listFor(filter);
  if (!list) return index < data.rows.length ? index : -1;
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
      parts.push(`${i ? ',' : ''}\n{"method":${JSON.stringify(q.method)},"path":${JSON.stringify(q.path)},"headers":${JSON.stringify(q.headers)},"body":${body}}`);
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
    for (const i of data.lists.ok) parts.push(csvLine(clean(data.columns.map((_, c) => data.cells[i][c] ?? ''), data.rows[i]), d));
    return { name: 'cleaned-leads.csv', blob: new Blob(parts, { type }) };
  }
  // the file a user fixes: invalid and duplicate rows and ok rows with values left
  // out, in input order, the input's cells as written, then what is wrong
  const parts = [BOM + csvLine([...data.columns, ...REJECTED_COLUMNS], d)];
  const lineOf = (i) => data.lines[i] ?? '';
  for (let i = 0; i < data.rows.length; i++) {
    const r = data.rows[i];
    if (!needsFixing(r)) continue;
    const cells = data.columns.map((_, c) => data.cells[i][c] ?? '');
    parts.push(csvLine([...cells, ...rejectedCells(r, lineOf(i), data.headerFor, lineOf)], d));
  }
  return { name: 'rejected-rows.csv', blob: new Blob(parts, { type }) };
}

// ---------------------------------------------------------------- messages

self.onmessage = async (ev) => {
  const m = ev.data;
  try {
    if (m.type === 'inspect') {
      const engine = await enginePromise;
      const info = await inspect(m.file);
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
    const message = e instanceof CsvError ? e.message : (e && e.message) || String(e);
    post({ type: 'error', id: m.id, request: m.type, message });
  }
};

enginePromise.then(
  (e) => post({ type: 'ready', version: e.version }),
  (e) => post({ type: 'error', request: 'load', message: e.message }),
);
