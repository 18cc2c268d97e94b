// A small RFC 4180 CSV reader for lead files, with no dependencies.
//
// - Fields may be quoted; inside quotes, "" is a quote and commas, CR and LF
//   are data. Records end with LF, CRLF or a lone CR.
// - A UTF-8 byte-order mark at the start is dropped (it never reaches the
//   first header name).
// - Every cell stays a string: no type guessing, so phones and ids keep their
//   leading zeros. Types are only applied when the caller names a column's type
//   (see `types` below), never guessed from the text.
// - Streaming: CsvParser.push() takes text in pieces of any size (a piece may
//   end inside a quoted field or between CR and LF) and returns the records
//   that are complete so far; end() returns the last one.
//
// Records to lead objects (csvObjects / CsvObjectReader):
// - the first record is the header; header names are trimmed;
// - empty cells become absent fields (not "" and not null);
// - a dotted header builds nested objects when `nest(header)` says so
//   (magnetite's company.industry, puffle's custom_fields.x);
// - cells beyond the header are kept under `_extra_<column>` (1-based), so no
//   data is dropped silently; empty ones are ignored;
// - rows whose cells are all empty (blank lines) are skipped.

export class CsvError extends Error {
  constructor(message, line) {
    super(line ? `CSV line ${line}: ${message}` : message);
    this.name = 'CsvError';
    this.line = line;
  }
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;

export class CsvParser {
  constructor(options = {}) {
    this.delimiter = (options.delimiter || ',').charCodeAt(0);
    this.field = '';
    this.record = [];
    this.inQuotes = false;
    this.quoteSeen = false; // in quotes, the last char was a quote (end or first half of "")
    this.pendingCR = false; // the last piece ended with CR outside quotes
    this.started = false; // BOM check done
    this.line = 1; // physical line, for error messages
    this.quoteLine = 0;
    this.fieldStarted = false; // the current field has content or quotes
  }

  // Returns the records completed by this piece of text (arrays of strings).
  push(text) {
    if (typeof text !== 'string') throw new TypeError('CsvParser.push takes a string');
    const out = [];
    let i = 0;
    const n = text.length;
    if (!this.started && n > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.pendingCR && i < n) {
      this.pendingCR = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    const d = this.delimiter;
    let runStart = -1; // start of a run of plain characters appended at once
    const flushRun = (end) => {
      if (runStart >= 0) {
        this.field += text.slice(runStart, end);
        runStart = -1;
      }
    };
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === QUOTE) {
            this.field += '"';
            continue;
          }
          this.inQuotes = false; // the quote closed the field; fall through to unquoted handling
        } else if (c === QUOTE) {
          flushRun(i);
          this.quoteSeen = true;
          continue;
        } else {
          if (c === LF) this.line++;
          if (runStart < 0) runStart = i;
          continue;
        }
      }
      // outside quotes
      if (c === d) {
        flushRun(i);
        this.record.push(this.field);
        this.field = '';
        this.fieldStarted = false;
      } else if (c === LF || c === CR) {
        flushRun(i);
        this.record.push(this.field);
        out.push(this.record);
        this.record = [];
        this.field = '';
        this.fieldStarted = false;
        this.line++;
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else {
            this.pendingCR = true;
          }
        }
      } else if (c === QUOTE && !this.fieldStarted) {
        flushRun(i);
        this.inQuotes = true;
        this.fieldStarted = true;
        this.quoteLine = this.line;
      } else {
        // A quote inside an unquoted field, or text after a closing quote, is
        // kept as data (lenient, like most spreadsheet exports expect).
        this.fieldStarted = true;
        if (runStart < 0) runStart = i;
      }
    }
    flushRun(n);
    return out;
  }

  // Ends the input; returns the last record, if any. Throws CsvError on an unclosed quote.
  end() {
    if (this.inQuotes && !this.quoteSeen) {
      throw new CsvError('a quoted field is not closed before the end of the input', this.quoteLine);
    }
    this.inQuotes = false;
    this.quoteSeen = false;
    this.pendingCR = false;
    if (this.fieldStarted || this.field !== '' || this.record.length > 0) {
      this.record.push(this.field);
      const r = this.record;
      this.record = [];
      this.field = '';
      this.fieldStarted = false;
      return [r];
    }
    return [];
  }
}

/** Parses a whole CSV text into records (arrays of strings). */
export function parseCsv(text, options) {
  const p = new CsvParser(options);
  const out = p.push(text);
  for (const r of p.end()) out.push(r);
  return out;
}

function isBlankRecord(cells) {
  for (const c of cells) if (c !== '') return false;
  return true;
}

// Converts a cell to the type the caller declared for its column. A cell that
// does not read as that type stays a string, so the engine reports it
// (invalid_type, with the field path) instead of it being silently changed.
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export function convertCell(value, type) {
  if (!type || type === 'string') return value;
  const t = value.trim();
  switch (type) {
    case 'integer':
      return INTEGER.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : value;
    case 'number':
      return NUMBER.test(t) ? Number(t) : value;
    case 'boolean':
      if (/^true$/i.test(t)) return true;
      if (/^false$/i.test(t)) return false;
      return value;
    case 'string[]': {
      if (t.startsWith('[')) {
        try {
          const a = JSON.parse(t);
          if (Array.isArray(a)) return a;
        } catch (_) {
          /* fall through to the list form */
        }
      }
      return t
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
    }
    case 'object':
      if (t.startsWith('{')) {
        try {
          const o = JSON.parse(t);
          if (o !== null && typeof o === 'object' && !Array.isArray(o)) return o;
        } catch (_) {
          /* stays a string */
        }
      }
      return value;
    default:
      return value;
  }
}

// Own properties only, defined rather than assigned, so a header such as
// `__proto__.x` is plain data and never reaches Object.prototype.
function own(o, k) {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}
function put(o, k, v) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function setPath(obj, parts, value) {
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    const cur = own(o, k);
    if (cur === undefined) {
      put(o, k, {});
    } else if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) {
      // A plain column already holds a value here: keep it (the engine reports
      // its type), and leave the nested cell out.
      return;
    }
    o = own(o, k);
  }
  const last = parts[parts.length - 1];
  const cur = own(o, last);
  if (cur !== undefined && cur !== null && typeof cur === 'object' && !Array.isArray(cur)) return;
  put(o, last, value);
}

// Prepares a header for turning records into objects.
// options.nest(name) -> boolean: build nested objects for this dotted name.
// options.types: { 'company.employeeCount': 'integer', ... } (see convertCell).
export function compileHeader(headerCells, options = {}) {
  const nest = typeof options.nest === 'function' ? options.nest : () => false;
  const types = options.types || {};
  return headerCells.map((raw) => {
    const name = raw.trim();
    if (name === '') return null;
    const parts = name.includes('.') && nest(name) ? name.split('.') : null;
    if (parts && parts.some((p) => p === '')) return { name, parts: null, type: types[name] };
    return { name, parts, type: types[name] };
  });
}

/** One record as a lead object under a compiled header (null for a blank record). */
export function recordToObject(columns, cells) {
  if (isBlankRecord(cells)) return null;
  const obj = {};
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === '') continue; // empty cells are absent fields
    const col = i < columns.length ? columns[i] : undefined;
    if (col === null) continue; // a column without a header name
    if (col === undefined) {
      put(obj, '_extra_' + (i + 1), cell);
      continue;
    }
    const value = convertCell(cell, col.type);
    if (col.parts) setPath(obj, col.parts, value);
    else if (own(obj, col.name) === undefined) put(obj, col.name, value);
  }
  return obj;
}

/** Streaming: CSV text in pieces -> lead objects, using the first record as the header. */
export class CsvObjectReader {
  constructor(options = {}) {
    this.options = options;
    this.parser = new CsvParser(options);
    this.columns = null;
    this.header = null;
  }

  _convert(records) {
    const out = [];
    for (const r of records) {
      if (this.columns === null) {
        if (isBlankRecord(r)) continue; // blank lines before the header
        this.header = r.map((s) => s.trim());
        this.columns = compileHeader(r, this.options);
        continue;
      }
      const o = recordToObject(this.columns, r);
      if (o !== null) out.push(o);
    }
    return out;
  }

  push(text) {
    return this._convert(this.parser.push(text));
  }

  end() {
    return this._convert(this.parser.end());
  }
}

/** Parses a whole CSV text into lead objects (first record = header). */
export function csvObjects(text, options) {
  const r = new CsvObjectReader(options);
  const out = r.push(text);
  for (const o of r.end()) out.push(o);
  return out;
}

export default { CsvParser, CsvObjectReader, CsvError, parseCsv, csvObjects, compileHeader, recordToObject, convertCell };
