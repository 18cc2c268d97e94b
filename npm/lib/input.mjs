// Reads a file of leads for push/report. For planning (push, --existing) the
// bytes go to the engine's input planner as they are (engine.createInputPlanner:
// format by the file name, else detected by the engine; CSV read, mapped and
// typed in C++, --map, --delimiter). readRecords gives the report the input's
// cells. Every byte read feeds a SHA-256 of the input, the journal's
// fingerprint of "the same input".
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { csvRecords } from './csv.mjs';
import { checkUtf8 } from './utf8.mjs';

const FORMAT_BY_EXT = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };
const PUSH_BYTES = 1 << 20; // bytes a push

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

/** The format a file's name says (.csv, .json, .ndjson/.jsonl), else undefined: the engine tells it. */
export function formatOfName(path) {
  return FORMAT_BY_EXT[extname(path).toLowerCase()];
}

/**
 * Feeds a file to `planner` (engine.createInputPlanner: the engine detects
 * the format unless the name says it, reads a CSV and maps its header) in
 * chunks of 1 MiB, each answer to onPart, the last one the planner's finish.
 * Returns {format, sha256, end} (end: finish's answer).
 */
export async function planFile(path, planner, onPart, { onMapping } = {}) {
  const hash = createHash('sha256');
  const chunks = await readChunks(path, hash);
  const all = Buffer.concat(chunks);
  checkUtf8(all, path); // a byte that is not UTF-8: a Utf8Error (code invalid_utf8) with its line
  let format = null;
  const take = (part) => {
    if (part.input.format) format = part.input.format;
    if (part.input.mapping && onMapping) onMapping(part.input.mapping);
    onPart(part);
  };
  let end;
  try {
    for (let at = 0; at < all.length; at += PUSH_BYTES) take(planner.push(all.subarray(at, Math.min(all.length, at + PUSH_BYTES))));
    end = planner.finish();
    take(end);
  } catch (e) {
    // the input's own faults (a quote never closed, a broken JSON array, a --map the header refuses)
    if (e && typeof e.option !== 'undefined') {
      const err = new Error(e.message);
      err.code = e.code;
      if (e.line !== undefined) err.line = e.line;
      throw err;
    }
    throw e;
  }
  return { format: format || 'json', sha256: hash.digest('hex'), end };
}

/** The input's rows as {columns, records, delimiter (CSV: as detected; JSON: null)} for the report: CSV cells as written, JSON rows flattened one level. */
export async function readRecords(path, options = {}) {
  const hash = createHash('sha256');
  const all = Buffer.concat(await readChunks(path, hash));
  checkUtf8(all, path);
  const format = formatOf(path, all.subarray(0, 64));
  if (format === 'csv') {
    // the records the engine's CSV reader gives (tests/js/csv-differential.test.mjs): the first is the header
    const recs = [];
    let delimiter = options.delimiter || ',';
    for await (const group of csvRecords(once(all), { delimiter: options.delimiter, onDelimiter: (d) => (delimiter = d) }))
      for (const r of group) recs.push(r.cells);
    const header = (recs[0] || []).map((s, k) => (k === 0 ? s.replace(/^\ufeff/, '') : s));
    return { columns: header, records: recs.slice(1), delimiter, sha256: hash.digest('hex') };
  }
  let rows;
  let text = all.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'ndjson') {
    rows = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
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
      for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), columns.push(k));
    }
  }
  const cell = (v) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const records = rows.map((r) => (r && typeof r === 'object' ? columns.map((c) => cell(r[c])) : columns.map(() => '')));
  return { columns, records, delimiter: null, sha256: hash.digest('hex') };
}

/**
 * Every lead of a file as objects (for --existing): the leads the engine reads
 * from it (CSV mapped and typed as for planning; invalid rows left out).
 * csv: { engine, options: { campaignId, channel? }, map, delimiter }.
 */
export async function readLeads(path, provider, csv = {}) {
  const { engine, options = {}, map, delimiter } = csv;
  const planner = engine.createInputPlanner(provider, { ...options, format: formatOfName(path), map, delimiter });
  const out = [];
  try {
    await planFile(path, planner, (part) => {
      for (const r of part.rows) if (r.status !== 'invalid') out.push(r.lead);
    });
  } finally {
    planner.delete();
  }
  return out;
}
