// The files leadroster writes for a spreadsheet: `check --rejected`,
// `check --cleaned`, `report --csv` and the demo page's downloads all go
// through here. No Node built-ins: the page's worker imports it too.
//
// What every CSV written here is:
// - UTF-8 with a byte-order mark (U+FEFF) first: Excel reads a file without
//   one in the machine's legacy code page (a French Excel shows "PrÃ©nom");
//   leadroster's own reader drops the mark.
// - the input's delimiter: a `;` file in gives `;` out (what a French or German
//   Excel expects); a JSON or NDJSON input gives `,`.
// - CRLF line ends; a cell is quoted when it holds the delimiter, a quote, CR,
//   LF, or starts or ends with white space.
// - formula-safe, and still re-importable: a cell a spreadsheet would run as a
//   formula (first character = + - @ tab or CR) gets one leading apostrophe,
//   except a plain number (`+33612345678`, `-5`, `+1.5`), which a spreadsheet
//   reads as a number, never as a formula; an E.164 phone is written as it is.
//   A cell that already starts with apostrophes before such a character gets
//   one more. leadroster's CSV reader undoes exactly that (one apostrophe off a
//   cell matching '+[=+\-@\t\r]), so a file written here and read back gives
//   the same cells: `unguardCell(guardCell(x)) === x` for every string x.

export const BOM = '\uFEFF';

const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;
const GUARDED = /^'+[=+\-@\t\r]/;

const text = (v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A cell as written for a spreadsheet: a leading apostrophe when it would start a formula. */
export function guardCell(value) {
  const s = text(value);
  if (s === '') return s;
  const c = s.charCodeAt(0);
  // fast path: most cells start with a letter or a digit
  if (c !== 39 && c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13) return s;
  if (!FORMULA_START.test(s) || PLAIN_NUMBER.test(s)) return s;
  return "'" + s;
}

/** The reader's side: a cell guardCell() wrote, back as it was. */
export function unguardCell(s) {
  return s.charCodeAt(0) === 39 && GUARDED.test(s) ? s.slice(1) : s;
}

/** The delimiter a file written for `inputDelimiter` uses (`,` for JSON inputs / unknown). */
export function outputDelimiter(inputDelimiter) {
  return inputDelimiter === ';' || inputDelimiter === '\t' || inputDelimiter === '|' || inputDelimiter === ',' ? inputDelimiter : ',';
}

/** One cell: guarded, then quoted when it must be. */
export function csvCell(value, delimiter = ',') {
  const s = guardCell(value);
  if (s === '') return s;
  let quote = s.includes('"') || s.includes('\n') || s.includes('\r') || s.includes(delimiter);
  if (!quote) {
    const a = s.charCodeAt(0);
    const z = s.charCodeAt(s.length - 1);
    quote = a === 32 || a === 9 || z === 32 || z === 9 || a === 0xfeff;
  }
  return quote ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** One record (CRLF-terminated). */
export function csvLine(cells, delimiter = ',') {
  let out = '';
  for (let i = 0; i < cells.length; i++) out += (i ? delimiter : '') + csvCell(cells[i], delimiter);
  return out + '\r\n';
}

/** rows: arrays of cells (the first is the header). options: {delimiter, bom = true}. */
export function csvText(rows, options = {}) {
  const d = outputDelimiter(options.delimiter);
  let out = options.bom === false ? '' : BOM;
  for (const r of rows) out += csvLine(r, d);
  return out;
}

// ---------------------------------------------------------------- rows

// Extra columns of the files leadroster writes. A leadroster CSV read back
// (a fixed rejected file) has them; the CLI and the page leave them out of the
// mapping (see isOwnColumn), so they are never sent as custom fields.
export const REJECTED_COLUMNS = ['leadroster_line', 'leadroster_status', 'leadroster_codes', 'leadroster_problems', 'leadroster_duplicate_of_line'];
export const isOwnColumn = (header) => /^leadroster_/i.test(String(header).trim());

function getPath(obj, path) {
  let o = obj;
  for (const k of path.split('.')) {
    if (o === null || typeof o !== 'object' || !Object.prototype.hasOwnProperty.call(o, k)) return undefined;
    o = o[k];
  }
  return o;
}

/**
 * The values the planner left out of a row it kept: [{field, code, message}].
 * The row's own `dropped` list when the engine gives one, else its warnings
 * marked `dropped`, else warnings on a field the lead went out without.
 */
export function droppedOf(row) {
  if (!row || row.status !== 'ok') return [];
  const messages = new Map((row.warnings || []).map((w) => [`${w.field}\u0000${w.code}`, w.message]));
  if (Array.isArray(row.dropped))
    return row.dropped.map((d) => ({ field: d.field, code: d.code, message: d.message ?? messages.get(`${d.field}\u0000${d.code}`) ?? '' }));
  // the engine marks each warning whose value is left out of the lead: dropped: true
  const out = [];
  for (const w of row.warnings || []) if (w.dropped === true) out.push({ field: w.field, code: w.code, message: w.message ?? '' });
  return out;
}

/** Whether a row goes in the file a user fixes: invalid, duplicate, or kept with values left out. */
export function needsFixing(row) {
  return row.status !== 'ok' || droppedOf(row).length > 0;
}

/**
 * The extra cells of a row in the file a user fixes, in REJECTED_COLUMNS order.
 * headerFor(field) names the input column of a field (null when none);
 * lineOf(index) gives a row's input line (for duplicate_of).
 */
export function rejectedCells(row, line, headerFor, lineOf) {
  const problems = row.status === 'invalid' ? row.errors || [] : row.status === 'ok' ? droppedOf(row) : [];
  const name = (p) => {
    const h = p.field === null || p.field === undefined ? null : headerFor(p.field);
    return h !== null && h !== undefined ? h : (p.field ?? '(row)');
  };
  let dupLine = '';
  let text = problems.map((p) => `${name(p)}: ${p.code} — ${p.message ?? ''}`).join(' | ');
  let codes = problems.map((p) => p.code).join(' ');
  if (row.status === 'duplicate') {
    codes = 'duplicate';
    if (row.duplicateOf === 'existing') text = `duplicate: already in the existing leads (same ${row.matchedOn})`;
    else {
      dupLine = String(lineOf(row.duplicateOf) ?? '');
      text = `duplicate: same ${row.matchedOn} as line ${dupLine}`;
    }
  }
  return [line === undefined || line === null ? '' : String(line), row.status, codes, text, dupLine];
}

/**
 * How to write a kept row back in the user's own columns with the values the
 * engine normalized (email, phone, LinkedIn URL, domain, ...). mapping is
 * engine.mapHeaders(...).mapping. Returns (cells, row) -> cells.
 * - a column mapped to a field gets the lead's value for that field when it is
 *   a string, number or boolean (the column the value came from: the first
 *   non-empty one in rank order, as leadMapper picks);
 * - a value the planner left out (a dropped invalid optional value) is emptied:
 *   the cleaned file holds what is sent;
 * - everything else (unmapped columns such as `Pays`, names split from a full
 *   name, lists, objects) keeps the input's cell as written.
 */
export function cleanedWriter(mapping) {
  const byField = new Map(); // field -> [columns] in rank order
  const entries = mapping.filter((m) => m.field !== null && m.how !== 'ignored' && !m.split && !m.part);
  entries.sort((a, b) => a.rank - b.rank || a.column - b.column);
  for (const m of entries) {
    if (!byField.has(m.field)) byField.set(m.field, []);
    byField.get(m.field).push(m.column);
  }
  return (cells, row) => {
    const out = cells.slice();
    const dropped = new Set(droppedOf(row).map((d) => d.field));
    for (const [field, columns] of byField) {
      const from = columns.find((c) => cells[c] !== undefined && cells[c].trim() !== '');
      if (from === undefined) continue;
      const v = getPath(row.lead, field);
      if (v === undefined) {
        if (dropped.has(field)) out[from] = '';
        continue;
      }
      if (typeof v === 'string') out[from] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[from] = String(v);
    }
    return out;
  };
}
