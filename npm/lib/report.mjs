// `leadroster report <journal> [--csv FILE]`: the per-row outcomes of a push,
// from its journal, as CSV: the input's columns as written, then leadroster_*
// columns. Written by export.mjs: the input's delimiter (`,` for JSON inputs),
// UTF-8 with a BOM, formula cells guarded with a ' that leadroster's reader
// takes back off (a plain number such as +14155550100 is written as it is).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readJournal } from './journal.mjs';
import { readRecords } from './input.mjs';
import { BOM, csvLine, guardCell, outputDelimiter } from './export.mjs';
import { lineFromRuns } from './lean.mjs';

export const formulaSafe = guardCell;

/** The report's columns after the input's own. */
export const REPORT_COLUMNS = [
  'leadroster_line',
  'leadroster_row',
  'leadroster_result',
  'leadroster_code',
  'leadroster_message',
  'leadroster_dropped',
  'leadroster_dropped_messages',
  'leadroster_lead_id',
];

/**
 * Per-row outcomes from a journal: [{index, result, code?, message?, leadId?, dropped?, line?}]
 * (length = the plan's total).
 */
export function outcomesOf(journal) {
  const total = journal.plan.total || 0;
  const rows = new Array(total);
  for (const v of journal.verdicts) rows[v.index] = v;
  const ns = [...journal.requests.keys()].sort((a, b) => a - b);
  for (const n of ns) {
    const line = journal.requests.get(n);
    const problems = new Map((line.problems || []).map((p) => [p.index, p]));
    line.indexes.forEach((index, k) => {
      const row = { index, result: line.results[k] };
      const p = problems.get(index);
      if (p && p.code) row.code = p.code;
      if (p && p.message) row.message = p.message;
      if (line.ids && line.ids[k]) row.leadId = line.ids[k];
      if (row.result === 'not_delivered' && line.error && !row.code) {
        row.code = line.error.code;
        row.message = line.error.message;
      }
      rows[index] = row;
    });
  }
  for (let i = 0; i < total; i++)
    if (!rows[i]) rows[i] = { index: i, result: 'not_delivered', message: 'no answer journaled (never sent, or in flight when the run stopped)' };
  for (const d of journal.dropped || []) {
    const row = rows[d.index];
    if (!row) continue;
    row.dropped = d.dropped;
    if (d.line !== undefined) row.line = d.line;
  }
  // every row's input line, from the plan's line runs (journals since lines were added)
  const runs = journal.plan.lines;
  if (Array.isArray(runs) && runs.length) {
    for (const row of rows) {
      if (row.line !== undefined) continue;
      const l = lineFromRuns(runs, row.index);
      if (l !== undefined) row.line = l;
    }
  }
  return rows;
}

export function countsOf(rows) {
  const c = {
    total: rows.length,
    added: 0,
    duplicateInFile: 0,
    alreadyInCampaign: 0,
    resent: 0,
    duplicateAtProvider: 0,
    invalid: 0,
    suppressed: 0,
    rejected: 0,
    unknown: 0,
    notDelivered: 0,
    droppedValues: 0,
  };
  const key = {
    added: 'added',
    duplicate_in_file: 'duplicateInFile',
    already_in_campaign: 'alreadyInCampaign',
    duplicate: 'alreadyInCampaign',
    resent: 'resent',
    invalid: 'invalid',
    suppressed: 'suppressed',
    rejected: 'rejected',
    unknown: 'unknown',
    not_delivered: 'notDelivered',
  };
  for (const r of rows) {
    c[key[r.result] || 'unknown']++;
    if (r.dropped) c.droppedValues += r.dropped.length;
  }
  c.duplicateAtProvider = c.alreadyInCampaign + c.resent;
  return c;
}

// The 1-based line of a row in its input: the engine's when it gave one, else
// for CSV the spreadsheet row (the header is line 1, one record a line) and
// for NDJSON the line (one lead a line); none for a JSON array.
function lineOf(row, format) {
  if (row.line !== undefined && row.line !== null) return String(row.line);
  if (format === 'csv') return String(row.index + 2);
  if (format === 'ndjson') return String(row.index + 1);
  return '';
}

/** Writes the CSV report (when options.csv) and returns {counts, rows, csv, recovered}. */
export async function writeReport(journalPath, options = {}) {
  const journal = readJournal(journalPath);
  const rows = outcomesOf(journal);
  const counts = countsOf(rows);
  if (options.csv) {
    const inputPath = options.input || journal.plan.input;
    let columns = [];
    let records = [];
    let delimiter = ',';
    if (inputPath) ({ columns, records, delimiter } = await readRecords(inputPath, { delimiter: journal.plan.delimiter || undefined }));
    const d = outputDelimiter(delimiter);
    const format = journal.plan.format || (inputPath && /\.csv$/i.test(inputPath) ? 'csv' : null);
    const out = createWriteStream(options.csv);
    await once(out, 'open');
    out.write(BOM + csvLine([...columns, ...REPORT_COLUMNS], d));
    let chunk = '';
    for (const r of rows) {
      const rec = records[r.index] || [];
      const cells = columns.map((_, k) => rec[k] ?? '');
      const dropped = (r.dropped || []).map((x) => `${x.field}:${x.code}`).join(' ');
      const droppedMessages = (r.dropped || []).map((x) => `${x.field}: ${x.code} — ${x.message ?? ''}`).join(' | ');
      chunk += csvLine([...cells, lineOf(r, format), String(r.index), r.result, r.code || '', r.message || '', dropped, droppedMessages, r.leadId || ''], d);
      if (chunk.length > 1 << 16) {
        const ok = out.write(chunk);
        chunk = '';
        if (!ok) await once(out, 'drain');
      }
    }
    if (chunk) out.write(chunk);
    await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  }
  const recovered =
    journal.torn || journal.damaged.length
      ? { tornLine: journal.torn ? journal.torn.line : null, tornBytes: journal.torn ? journal.torn.bytes : 0, damagedLines: journal.damaged }
      : null;
  return { counts, rows, csv: options.csv || null, fingerprint: journal.plan.fingerprint, recovered };
}
