// `leadroster report <journal> [--csv FILE]`: the per-row outcomes of a push,
// from its journal, as CSV next to the input's columns. Formula-safe: a cell
// starting with =, +, -, @, tab or CR gets a leading '.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readJournal } from './journal.mjs';
import { readRecords } from './input.mjs';
import { neutralizeFormula } from './csv.mjs';

export const formulaSafe = neutralizeFormula;

function csvCell(s) {
  const t = formulaSafe(s);
  return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}

/** Per-row outcomes from a journal: [{index, result, code?, message?}] (length = the plan's total). */
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
      rows[index] = row;
    });
  }
  for (let i = 0; i < total; i++) if (!rows[i]) rows[i] = { index: i, result: 'not_delivered', message: 'no answer journaled (never sent, or in flight when the run stopped)' };
  return rows;
}

export function countsOf(rows) {
  const c = { total: rows.length, added: 0, duplicateInFile: 0, duplicateAtProvider: 0, invalid: 0, rejected: 0, unknown: 0, notDelivered: 0 };
  const key = { added: 'added', duplicate_in_file: 'duplicateInFile', duplicate: 'duplicateAtProvider', invalid: 'invalid', rejected: 'rejected', unknown: 'unknown', not_delivered: 'notDelivered' };
  for (const r of rows) c[key[r.result] || 'unknown']++;
  return c;
}

/** Writes the CSV report (when options.csv) and returns {counts, rows, csv}. */
export async function writeReport(journalPath, options = {}) {
  const journal = readJournal(journalPath);
  const rows = outcomesOf(journal);
  const counts = countsOf(rows);
  if (options.csv) {
    const inputPath = options.input || journal.plan.input;
    let columns = [];
    let records = [];
    if (inputPath) ({ columns, records } = await readRecords(inputPath, { delimiter: journal.plan.delimiter || undefined }));
    const out = createWriteStream(options.csv);
    await once(out, 'open');
    const line = (cells) => cells.map(csvCell).join(',') + '\r\n';
    out.write(line(['row', ...columns, 'leadroster_result', 'leadroster_code', 'leadroster_message']));
    for (const r of rows) {
      const rec = records[r.index] || [];
      const cells = columns.map((_, k) => rec[k] ?? '');
      if (!out.write(line([String(r.index), ...cells, r.result, r.code || '', r.message || '']))) await once(out, 'drain');
    }
    await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  }
  return { counts, rows, csv: options.csv || null, fingerprint: journal.plan.fingerprint };
}
