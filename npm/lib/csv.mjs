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
// - the line ending ("\n", "\r\n" or a bare "\r", as old Mac Excel writes) and
//   the delimiter are guessed once, by Papa Parse, on the first 1 MiB of text
//   (a shorter whole text without its last line ending), so that pieces of any
//   size give the records Papa Parse gives for the whole text; records are then
//   read with Papa Parse's rules, step for step as the engine's C++ reader
//   (src/input/csv_reader.cpp) reads them: a field starting with " is quoted
//   and closes at a " followed by white space and the delimiter or line end;
//   a " elsewhere in an unquoted field is data;
// - a quoted field never closed, or a quote inside a quoted field that neither
//   closes it nor is doubled (Papa Parse's MissingQuotes / InvalidQuotes), is a
//   CsvError (invalid_csv) with the record's start line;
// - streaming: CsvReader.push(text) takes pieces of any size and returns the
//   records completed so far (none before 1 MiB or end(), for the guess),
//   end() the rest. csvRecords() does the same over a string, a Blob/File, a
//   ReadableStream or any (async) iterable of strings or bytes.
// - a cell leadroster's writer guarded against formulas ('=..., '+..., see
//   export.mjs) is read back without that one apostrophe.
//
// Writing: writeCsv() (export.mjs): UTF-8 BOM, quotes as needed, formula guard.
import Papa from './vendor/papaparse.mjs';
import { typed, setPath } from './rows.mjs';
import { Utf8Check, Utf8Error, asBytes } from './utf8.mjs';
import { guardCell, unguardCell, csvText } from './export.mjs';

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

// Lines a record spans in text[from, to): "\n", and a "\r" (a "\r\n" counts
// at its "\r"); `prevCR`: text[from - 1] was a "\r".
function countLines(text, from, to, prevCR) {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) n++;
    else if (c === 10 && !(i === from ? prevCR : text.charCodeAt(i - 1) === 13)) n++;
  }
  return n;
}

const SPACE = /\s/; // JavaScript white space (String.prototype.trim's)

// One record of `t` from `pos`, read as Papa Parse's Parser reads it (the same
// steps as src/input/csv_reader.cpp). Returns null when the record is not
// complete yet (not `final`), else { cells, next, stray, unclosed }.
function readRecord(t, pos, final, d, nl) {
  const n = t.length;
  const nl0 = nl.charCodeAt(0);
  const dc = d.charCodeAt(0);
  const cells = [];
  let stray = false;
  // 1: a line ending at i; 0: not one; -1: cannot tell yet.
  const newlineAt = (i) => {
    if (t.charCodeAt(i) !== nl0) return 0;
    if (nl.length === 1) return 1;
    if (i + 1 < n) return t.charCodeAt(i + 1) === 10 ? 1 : 0;
    return final ? 0 : -1;
  };
  for (;;) {
    if (pos < n && t.charCodeAt(pos) === 34) {
      const start = pos + 1;
      let q = pos;
      for (;;) {
        q = t.indexOf('"', q + 1);
        if (q < 0) {
          if (!final) return null;
          // Papa's MissingQuotes: the rest of the input, as written.
          cells.push(t.slice(start));
          return { cells, next: n, stray, unclosed: true };
        }
        if (q === n - 1) {
          if (!final) return null;
          cells.push(t.slice(start, q).replace(/""/g, '"'));
          return { cells, next: n, stray, unclosed: false };
        }
        if (t.charCodeAt(q + 1) === 34) {
          q++;
          continue;
        }
        // After the closing quote: white space, then the delimiter or a line ending.
        let j = q + 1;
        let closes = 0; // 1 delimiter, 2 line ending, -1 something else
        while (j < n) {
          const c = t.charCodeAt(j);
          if (c === dc) {
            closes = 1;
            break;
          }
          const at = newlineAt(j);
          if (at < 0) return null;
          if (at > 0) {
            closes = 2;
            break;
          }
          if (SPACE.test(t[j])) {
            j++;
            continue;
          }
          closes = -1;
          break;
        }
        if (closes === 0 && !final) return null;
        if (closes <= 0) {
          // Papa's InvalidQuotes: the quote is data; look for the next one.
          stray = true;
          q++;
          continue;
        }
        cells.push(t.slice(start, q).replace(/""/g, '"'));
        if (closes === 1) {
          pos = j + 1;
          break;
        }
        return { cells, next: j + nl.length, stray, unclosed: false };
      }
      continue;
    }
    // An unquoted field: up to the delimiter or the line ending.
    let i = pos;
    for (; ; i++) {
      if (i >= n) {
        if (!final) return null;
        cells.push(t.slice(pos));
        return { cells, next: n, stray, unclosed: false };
      }
      const c = t.charCodeAt(i);
      if (c === dc) break;
      if (c === nl0) {
        const at = newlineAt(i);
        if (at < 0) return null;
        if (at > 0) {
          cells.push(t.slice(pos, i));
          return { cells, next: i + nl.length, stray, unclosed: false };
        }
      }
    }
    cells.push(t.slice(pos, i));
    pos = i + 1;
  }
}

// The prefix the line ending and the delimiter are guessed on (Papa Parse's own limit).
export const GUESS_CHARS = 1 << 20;

export class CsvReader {
  constructor(options = {}) {
    this.delimiter = checkDelimiter(options.delimiter);
    this.newline = '';
    this.text = ''; // unread text from this.pos
    this.pos = 0;
    this.line = 1; // line at this.pos
    this.prevCR = false; // the char before this.pos was a "\r"
    this.retryAt = 0; // an incomplete record: read again once this.text is this long
    this.started = false;
    this.final = false;
  }

  // Records completed by this piece: [{ line, cells }].
  push(piece) {
    if (typeof piece !== 'string') throw new TypeError('CsvReader.push takes a string');
    if (!this.started && piece.length > 0) {
      this.started = true;
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    }
    if (this.pos > 0) {
      this.text = this.text.slice(this.pos);
      this.retryAt = Math.max(0, this.retryAt - this.pos);
      this.pos = 0;
    }
    this.text += piece;
    return this._records();
  }

  end() {
    this.final = true;
    return this._records();
  }

  // The line ending and the delimiter, guessed once by Papa Parse on the first
  // GUESS_CHARS of the text (a whole shorter text without its last line ending).
  _guess() {
    let prefix = this.text.slice(0, GUESS_CHARS);
    if (this.final && this.text.length <= GUESS_CHARS) {
      if (prefix.endsWith('\r\n')) prefix = prefix.slice(0, -2);
      else if (prefix.endsWith('\n') || prefix.endsWith('\r')) prefix = prefix.slice(0, -1);
    }
    const config = { preview: 10, skipEmptyLines: false, dynamicTyping: false, header: false };
    if (this.delimiter) config.delimiter = this.delimiter;
    else config.delimitersToGuess = DELIMITERS;
    const meta = Papa.parse(prefix, config).meta;
    this.newline = meta.linebreak || '\n';
    if (!this.delimiter) this.delimiter = meta.delimiter || ',';
  }

  _records() {
    const out = [];
    if (!this.newline) {
      if (!this.final && this.text.length < GUESS_CHARS) return out;
      this._guess();
    }
    const t = this.text;
    while (this.pos < t.length) {
      if (!this.final && t.length < this.retryAt) break;
      const r = readRecord(t, this.pos, this.final, this.delimiter, this.newline);
      if (r === null) {
        // Read this record again once the unread text has doubled (linear overall).
        this.retryAt = this.pos + 2 * (t.length - this.pos);
        break;
      }
      this.retryAt = 0;
      const line = this.line;
      this.line += countLines(t, this.pos, r.next, this.prevCR);
      this.prevCR = r.next > this.pos && t.charCodeAt(r.next - 1) === 13;
      this.pos = r.next;
      if (r.unclosed) throw new CsvError('a quoted field is not closed', line);
      if (r.stray) throw new CsvError('a quote inside a quoted field is neither doubled nor followed by the delimiter or the line end', line);
      if (r.cells.length === 1 && r.cells[0] === '') continue; // a blank line
      const cells = r.cells;
      // the formula guard leadroster's writer adds (export.mjs) comes back off
      for (let k = 0; k < cells.length; k++) if (cells[k].charCodeAt(0) === 39) cells[k] = unguardCell(cells[k]);
      out.push({ line, cells });
    }
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
  let told = false;
  const tell = () => {
    if (!told && reader.delimiter && options.onDelimiter) {
      told = true;
      options.onDelimiter(reader.delimiter);
    }
  };
  for await (const piece of piecesOf(source)) {
    const got = reader.push(piece);
    tell();
    if (got.length > 0) yield got;
  }
  const rest = reader.end();
  tell();
  if (rest.length > 0) yield rest;
}

// ---------------------------------------------------------------- writing
// (the rules are in export.mjs: BOM, the input's delimiter, the formula guard)

/** A cell as written to a CSV a spreadsheet will open: formulas neutralized (see export.mjs guardCell). */
export function neutralizeFormula(cell) {
  return guardCell(cell);
}

// rows: arrays of cells; the first is the header. Returns CSV text (CRLF),
// with a UTF-8 byte-order mark first unless options.bom === false.
export function writeCsv(rows, options = {}) {
  return csvText(rows, { delimiter: checkDelimiter(options.delimiter) || ',', bom: options.bom });
}

export { guardCell, unguardCell, csvLine, BOM } from './export.mjs';

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
