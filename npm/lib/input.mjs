// Reads a file of leads for push/report: .csv, .ndjson/.jsonl or .json (else
// sniffed from the first character). NDJSON goes to the planner as bytes (the
// engine's byte path); CSV and JSON as lead objects. Every byte read feeds a
// SHA-256 of the input, the journal's fingerprint of "the same input".
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { CsvObjectReader, CsvParser } from './csv.mjs';
import { csvOptionsFor } from './csv-types.mjs';

const FORMAT_BY_EXT = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };
const PUSH_ROWS = 5000;

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
export async function planFile(path, provider, planner, onPart) {
  const hash = createHash('sha256');
  const chunks = await readChunks(path, hash);
  const all = Buffer.concat(chunks);
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
    const reader = new CsvObjectReader(csvOptionsFor(provider));
    const rows = reader.push(all.toString('utf8')).concat(reader.end());
    for (let i = 0; i < rows.length; i += PUSH_ROWS) onPart(planner.push(rows.slice(i, i + PUSH_ROWS)));
  } else {
    let text = all.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const rows = text.trim() === '' ? [] : JSON.parse(text);
    if (!Array.isArray(rows)) throw new Error(`${path}: a .json input must be an array of leads`);
    for (let i = 0; i < rows.length; i += PUSH_ROWS) onPart(planner.push(rows.slice(i, i + PUSH_ROWS)));
  }
  return { format, sha256: hash.digest('hex') };
}

/** The input's rows as [columns, records] for the report: CSV cells as written, JSON rows flattened one level. */
export async function readRecords(path) {
  const hash = createHash('sha256');
  const all = Buffer.concat(await readChunks(path, hash));
  const format = formatOf(path, all.subarray(0, 64));
  if (format === 'csv') {
    const p = new CsvParser({});
    const recs = p.push(all.toString('utf8')).concat(p.end());
    const blank = (r) => r.every((c) => c === '');
    let i = 0;
    while (i < recs.length && blank(recs[i])) i++;
    const header = (recs[i] || []).map((s, k) => (k === 0 ? s.replace(/^\ufeff/, '') : s));
    const records = recs.slice(i + 1).filter((r) => !blank(r));
    return { columns: header, records, sha256: hash.digest('hex') };
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
  return { columns, records, sha256: hash.digest('hex') };
}

/** Every lead of a file as objects (for --existing). */
export async function readLeads(path, provider) {
  const all = Buffer.concat(await readChunks(path, createHash('sha256')));
  const format = formatOf(path, all.subarray(0, 64));
  let text = all.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'csv') {
    const reader = new CsvObjectReader(csvOptionsFor(provider));
    return reader.push(text).concat(reader.end());
  }
  if (format === 'ndjson') return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
  const rows = text.trim() === '' ? [] : JSON.parse(text);
  if (!Array.isArray(rows)) throw new Error(`${path}: a .json input must be an array of leads`);
  return rows;
}
