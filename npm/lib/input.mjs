// Reads a file of leads for push/report: .csv, .ndjson/.jsonl or .json (else
// sniffed from the first character). NDJSON goes to the planner as bytes (the
// engine's byte path); JSON as lead objects; CSV through the same path as
// `plan` (csvLeadBatches: headers mapped by engine.mapHeaders, --map,
// --delimiter). Every byte read feeds a SHA-256 of the input, the journal's
// fingerprint of "the same input".
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { csvRecords } from './csv.mjs';
import { csvLeadBatches } from './cli/csv-input.mjs';
import { checkUtf8 } from './utf8.mjs';

const FORMAT_BY_EXT = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };
const PUSH_ROWS = 5000;

async function* once(buf) {
  yield buf;
}

function sniff(buf) {
  let i = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 0x5b ? 'json' : c === 0x7b ? 'ndjson' : 'csv';
  }
  return 'json';
}

async function readChunks(path, hash) {
  const chunks = [];
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(c);
    chunks.push(c);
  }
  return chunks;
}

export function formatOf(path, firstBytes) {
  return FORMAT_BY_EXT[extname(path).toLowerCase()] || sniff(firstBytes);
}

/**
 * Feeds a file to `planner` (push/pushNdjson) and returns {format, sha256, parts}
 * where parts are the planner's answers in order.
 */
export async function planFile(path, provider, planner, onPart, csv = {}) {
  const hash = createHash('sha256');
  const chunks = await readChunks(path, hash);
  const all = Buffer.concat(chunks);
  checkUtf8(all, path); // a byte that is not UTF-8: a Utf8Error (code invalid_utf8) with its line
  const format = formatOf(path, all.subarray(0, 64));
  if (format === 'ndjson') {
    // pieces of about 8 MB cut at a newline
    let start = 0;
    while (start < all.length) {
      let end = Math.min(all.length, start + (8 << 20));
      if (end < all.length) {
        const nl = all.lastIndexOf(10, end);
        end = nl > start ? nl + 1 : all.length;
      }
      onPart(planner.pushNdjson(all.subarray(start, end)));
      start = end;
    }
  } else if (format === 'csv') {
    for await (const b of csvLeadBatches(once(all), { ...csv, provider, name: path, batchRows: PUSH_ROWS })) {
      if (b.mapped) {
        if (csv.onMapping) csv.onMapping(b.mapped);
        continue;
      }
      onPart(planner.push(b.leads));
    }
  } else {
    let text = all.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const rows = text.trim() === '' ? [] : JSON.parse(text);
    if (!Array.isArray(rows)) throw new Error(`${path}: a .json input must be an array of leads`);
    for (let i = 0; i < rows.length; i += PUSH_ROWS) onPart(planner.push(rows.slice(i, i + PUSH_ROWS)));
  }
  return { format, sha256: hash.digest('hex') };
}

/** The input's rows as {columns, records, delimiter (CSV: as detected; JSON: null)} for the report: CSV cells as written, JSON rows flattened one level. */
export async function readRecords(path, options = {}) {
  const hash = createHash('sha256');
  const all = Buffer.concat(await readChunks(path, hash));
  checkUtf8(all, path);
  const format = formatOf(path, all.subarray(0, 64));
  if (format === 'csv') {
    // the same records csvLeadBatches turns into rows: the first is the header
    const recs = [];
    let delimiter = options.delimiter || ',';
    for await (const group of csvRecords(once(all), { delimiter: options.delimiter, onDelimiter: (d) => (delimiter = d) })) for (const r of group) recs.push(r.cells);
    const header = (recs[0] || []).map((s, k) => (k === 0 ? s.replace(/^\ufeff/, '') : s));
    return { columns: header, records: recs.slice(1), delimiter, sha256: hash.digest('hex') };
  }
  let rows;
  let text = all.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'ndjson') {
    rows = text.split('\n').filter((l) => l.trim() !== '').map((l) => {
      try {
        return JSON.parse(l);
      } catch (_) {
        return { _line: l };
      }
    });
  } else rows = JSON.parse(text);
  const columns = [];
  const seen = new Set();
  for (const r of rows) {
    if (r && typeof r === 'object' && !Array.isArray(r)) {
      for (const k of Object.keys(r)) if (!seen.has(k)) seen.add(k), columns.push(k);
    }
  }
  const cell = (v) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const records = rows.map((r) => (r && typeof r === 'object' ? columns.map((c) => cell(r[c])) : columns.map(() => '')));
  return { columns, records, delimiter: null, sha256: hash.digest('hex') };
}

/** Every lead of a file as objects (for --existing). */
export async function readLeads(path, provider, csv = {}) {
  const all = Buffer.concat(await readChunks(path, createHash('sha256')));
  checkUtf8(all, path);
  const format = formatOf(path, all.subarray(0, 64));
  let text = all.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'csv') {
    const out = [];
    for await (const b of csvLeadBatches(once(all), { ...csv, provider, name: path, batchRows: PUSH_ROWS })) if (b.leads) for (const l of b.leads) out.push(l);
    return out;
  }
  if (format === 'ndjson') return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  const rows = text.trim() === '' ? [] : JSON.parse(text);
  if (!Array.isArray(rows)) throw new Error(`${path}: a .json input must be an array of leads`);
  return rows;
}
