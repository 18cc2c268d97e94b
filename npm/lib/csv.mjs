// leadroster/csv: CSV in and out for the CLI and the demo page, on Papa Parse
// (vendored as lib/vendor/papaparse.mjs). Runs in Node, browsers and Web Workers:
// no Node built-ins here.
//
// Reading:
// - the delimiter is detected among , ; tab | (Papa Parse's guesser, on the first
//   piece of text) unless one is given;
// - a UTF-8 byte-order mark at the start is dropped;
// - quoted fields may hold delimiters, quotes ("") and newlines;
// - every cell is a string (no type guessing: phones and ids keep leading zeros);
// - each record carries the file's line number where it starts (1-based), so a
//   report can point at the line a user sees in an editor; blank lines are skipped;
// - streaming: CsvReader.push(text) takes pieces of any size and returns the
//   records completed so far (it cuts the text at the last newline outside quotes
//   and hands the complete part to Papa Parse), end() the rest. csvRecords()
//   does the same over a string, a Blob/File, a ReadableStream or any (async)
//   iterable of strings or bytes.
//
// Writing: writeCsv() quotes as needed and neutralizes formula injection: a cell
// starting with = + - @ tab or CR gets a leading ' (Papa Parse's escapeFormulae).
import Papa from './vendor/papaparse.mjs';
import { typed, setPath } from './rows.mjs';
import { Utf8Check, Utf8Error, asBytes } from './utf8.mjs';

export const DELIMITERS = [',', ';', '\t', '|'];

export class CsvError extends Error {
  constructor(message, line, code = 'invalid_csv') {
    super(line ? `CSV line ${line}: ${message}` : message);
    this.name = 'CsvError';
    this.line = line;
    this.code = code; // 'invalid_csv', or 'invalid_utf8' for bytes that are not UTF-8
  }
}

function checkDelimiter(d) {
  if (d === undefined || d === null || d === '') return '';
  if (d === 'tab' || d === '\\t') return '\t';
  if (!DELIMITERS.includes(d)) throw new CsvError(`delimiter must be one of , ; tab |, not ${JSON.stringify(d)}`);
  return d;
}

// Lines a record spans: 1 + the newlines inside its cells (CRLF counts once).
function linesIn(cells) {
  let n = 1;
  for (const c of cells) {
    for (let i = 0; i < c.length; i++) {
      const ch = c.charCodeAt(i);
      if (ch === 10) n++;
      else if (ch === 13 && c.charCodeAt(i + 1) !== 10) n++;
    }
  }
  return n;
}

function isBlank(cells) {
  return cells.length === 1 && cells[0] === '';
}

export class CsvReader {
  constructor(options = {}) {
    this.delimiter = checkDelimiter(options.delimiter);
    this.newline = '';
    this.text = '';
    this.scanned = 0; // chars of this.text already scanned for quotes
    this.inQuotes = false; // quote parity at this.scanned
    this.lastBoundary = -1; // index of the last newline outside quotes in this.text
    this.line = 1;
    this.started = false;
  }

  // Records completed by this piece: [{ line, cells }].
  push(piece) {
    if (typeof piece !== 'string') throw new TypeError('CsvReader.push takes a string');
    if (!this.started && piece.length > 0) {
      this.started = true;
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    }
    this.text += piece;
    // Scan the new text for newlines outside quotes (quote parity: "" toggles twice).
    const t = this.text;
    let inQ = this.inQuotes;
    for (let i = this.scanned; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 34) inQ = !inQ;
      else if (c === 10 && !inQ) this.lastBoundary = i;
    }
    this.inQuotes = inQ;
    this.scanned = t.length;
    if (this.lastBoundary < 0) return [];
    // Everything up to the last newline outside quotes is complete; the rest
    // starts outside quotes, so the parity found for the whole text is its own.
    const cut = this.lastBoundary;
    const complete = t.slice(0, cut + 1);
    this.text = t.slice(cut + 1);
    this.scanned = this.text.length;
    this.lastBoundary = -1;
    return this._parse(complete, false);
  }

  end() {
    const rest = this.text;
    this.text = '';
    this.scanned = 0;
    if (rest === '') return [];
    return this._parse(rest, true);
  }

  _parse(text, last) {
    if (!this.newline) {
      const nl = text.indexOf('\n');
      this.newline = nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
    }
    // Drop the final record separator so Papa Parse does not add an empty record.
    let body = text;
    if (body.endsWith('\r\n')) body = body.slice(0, -2);
    else if (body.endsWith('\n')) body = body.slice(0, -1);
    else if (!last) throw new Error('internal: a complete piece ends with a newline');
    if (body === '') {
      this.line += 1; // one blank line
      return [];
    }
    const config = { newline: this.newline, skipEmptyLines: false, dynamicTyping: false, header: false };
    if (this.delimiter) config.delimiter = this.delimiter;
    else config.delimitersToGuess = DELIMITERS;
    const result = Papa.parse(body, config);
    if (!this.delimiter) this.delimiter = result.meta.delimiter || ',';
    const out = [];
    let line = this.line;
    for (let i = 0; i < result.data.length; i++) {
      const cells = result.data[i];
      if (!isBlank(cells)) out.push({ line, cells });
      line += linesIn(cells);
    }
    for (const e of result.errors) {
      if (e.code === 'MissingQuotes' || e.code === 'InvalidQuotes') {
        const at = e.row !== undefined && out[e.row] ? out[e.row].line : this.line;
        throw new CsvError('a quoted field is not closed', at);
      }
    }
    this.line = line;
    return out;
  }
}

// Whole text -> array of records (arrays of strings), blank lines skipped.
export function parseCsv(text, options = {}) {
  const r = new CsvReader(options);
  return [...r.push(text), ...r.end()].map((x) => x.cells);
}

const decoderFor = () => new TextDecoder('utf-8');

async function* piecesOf(source) {
  if (typeof source === 'string') {
    yield source;
    return;
  }
  const decoder = decoderFor();
  // bytes are checked as UTF-8 first: a bad byte is a CsvError (code invalid_utf8) with its line, never a U+FFFD
  const utf8 = new Utf8Check('the CSV');
  const checked = (f) => {
    try {
      f();
    } catch (e) {
      if (e instanceof Utf8Error) throw new CsvError(`not valid UTF-8 (byte ${e.offset}); save the file as UTF-8`, e.line, e.code);
      throw e;
    }
  };
  const text = (chunk) => {
    if (typeof chunk === 'string') return chunk;
    const bytes = asBytes(chunk);
    checked(() => utf8.push(bytes));
    return decoder.decode(bytes, { stream: true });
  };
  if (typeof Blob !== 'undefined' && source instanceof Blob) source = source.stream();
  if (source && typeof source.getReader === 'function') {
    const reader = source.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        yield text(value);
      }
    } finally {
      reader.releaseLock();
    }
  } else if (source && (source[Symbol.asyncIterator] || source[Symbol.iterator])) {
    for await (const chunk of source) yield text(chunk);
  } else {
    throw new TypeError('csvRecords: the source must be a string, a Blob, a ReadableStream or an iterable of chunks');
  }
  checked(() => utf8.end());
  const tail = decoder.decode();
  if (tail) yield tail;
}

// Streams records: yields arrays of { line, cells } as pieces arrive.
// `onDelimiter(d)` is called once the delimiter is known.
export async function* csvRecords(source, options = {}) {
  const reader = new CsvReader(options);
  for await (const piece of piecesOf(source)) {
    const got = reader.push(piece);
    if (got.length > 0) yield got;
  }
  const rest = reader.end();
  if (rest.length > 0) yield rest;
}

// ---------------------------------------------------------------- writing

const FORMULA = /^[=+\-@\t\r]/;

// A cell as written to a CSV a spreadsheet will open: formulas neutralized.
export function neutralizeFormula(cell) {
  const s = cell === undefined || cell === null ? '' : String(cell);
  return FORMULA.test(s) ? "'" + s : s;
}

// rows: arrays of cells; the first is the header. Returns CSV text (CRLF).
export function writeCsv(rows, options = {}) {
  return (
    Papa.unparse(
      rows.map((r) => r.map((c) => (c === undefined || c === null ? '' : String(c)))),
      { delimiter: checkDelimiter(options.delimiter) || ',', newline: '\r\n', escapeFormulae: FORMULA, quotes: false },
    ) + '\r\n'
  );
}

export { leadMapper } from './rows.mjs';

// Records to objects keyed by the header names as written (no mapping): for
// callers that already use the provider's field names (the handler in leadroster/edge maps headers instead). The first
// record is the header (names trimmed); empty cells are absent; a dotted header
// nests when nest(header) says so; `types` names a column's type ('integer',
// 'number', 'boolean', 'string[]'); cells beyond the header are kept as
// _extra_<column> (1-based).
export class CsvObjectReader {
  constructor(options = {}) {
    this.reader = new CsvReader(options);
    this.nest = options.nest || (() => false);
    this.types = options.types || {};
    this.header = null;
  }
  push(text) {
    return this._objects(this.reader.push(text));
  }
  end() {
    return this._objects(this.reader.end());
  }
  _objects(records) {
    const out = [];
    for (const { cells } of records) {
      if (this.header === null) {
        this.header = cells.map((h) => h.trim());
        continue;
      }
      const o = {};
      let any = false;
      cells.forEach((cell, i) => {
        if (cell === '') return;
        const name = i < this.header.length ? this.header[i] : `_extra_${i + 1}`;
        if (name === '') return;
        const type = Object.prototype.hasOwnProperty.call(this.types, name) ? this.types[name] : undefined;
        const value = type ? typed(type, cell) : cell;
        if (this.nest(name)) setPath(o, name, value);
        else Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
        any = true;
      });
      if (any) out.push(o);
    }
    return out;
  }
}

