// planInput() and createInputPlanner(): one input path for CSV, JSON arrays
// and NDJSON. The bytes go to the engine as they are (src/input/input_planner.h):
// the format is detected there (unless args.format names it), a CSV's header is
// mapped by the engine's mapHeaders (args.map applied) and each record becomes
// a lead in C++ (no JS object per row). Answers are the planner's lean ones
// (lean.mjs) plus `input`: { format, delimiter, mapping, lines, first, cells }.
import { argumentError, fatalCheck, throwCreateError, typeError } from './errors.mjs';
import { optionsJson } from './args.mjs';
import { makeRequests, RowSet, makeResult, lazy } from './lean.mjs';

const SLICE = 4 << 20; // bytes of one push inside planInput (bounds one answer)
const INPUT_ARGS = ['format', 'map', 'delimiter', 'cells'];

function asBytes(input, what) {
  if (typeof input === 'string') return new TextEncoder().encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw typeError(`${what} must be a string, Uint8Array or ArrayBuffer holding CSV, a JSON array of rows or NDJSON`);
}

// { format, map, delimiter, cells } and the plan options, from one object.
function splitArgs(args) {
  if (args === undefined || args === null) return { input: {}, options: undefined };
  if (typeof args !== 'object' || Array.isArray(args)) throw typeError('options must be an object');
  const input = {};
  const options = {};
  for (const k of Object.keys(args)) {
    if (INPUT_ARGS.includes(k)) {
      if (args[k] === undefined) continue;
      input[k] = k === 'map' && args[k] instanceof Map ? Object.fromEntries(args[k]) : args[k];
    } else options[k] = args[k];
  }
  return { input, options };
}

// The engine's fatal as the error to throw; a CSV error carries its line.
function check(text) {
  try {
    return fatalCheck(text);
  } catch (e) {
    const r = JSON.parse(text);
    if (r.fatal && r.fatal.line !== undefined) e.line = r.fatal.line;
    throw e;
  }
}

export function makeInputPlanning(M, heap, knownProvider) {
  function open(provider, args) {
    knownProvider(provider);
    const { input, options } = splitArgs(args);
    const handle = new M.InputPlanner(provider, optionsJson(options), JSON.stringify(input));
    throwCreateError(handle);
    return handle;
  }

  function lean(handle, bodyLength) {
    // a fatal is told by its first bytes (the head is decoded once, by readLean)
    const n = handle.headLength();
    if (heap.decode(handle.headPointer(), Math.min(n, 9)) === '{"fatal":') check(heap.decode(handle.headPointer(), n));
    return heap.readLean(handle, bodyLength);
  }

  function pushBytes(handle, bytes, keepOpen, heads) {
    for (let at = 0; at < bytes.length; at += SLICE) {
      const part = bytes.subarray(at, Math.min(bytes.length, at + SLICE));
      heads.push(heap.withBytes(part, (p, n) => lean(handle, handle.push(p, n, keepOpen))));
    }
  }

  // What the answers say about the input: format, delimiter, mapping, header, and each row's line.
  function inputOf(heads) {
    const info = { format: null, delimiter: null, mapping: null, header: null, first: 0, lines: [], cells: undefined };
    const cellTexts = [];
    let firstSet = false;
    for (const h of heads) {
      const i = h.input;
      if (!i) continue;
      if (i.format !== null && i.format !== undefined) info.format = i.format;
      if (i.delimiter) info.delimiter = i.delimiter;
      if (i.mapping) info.mapping = i.mapping;
      if (i.columns) info.columns = i.columns;
      if (i.header !== undefined) info.header = i.header;
      if (!firstSet && i.lines.length) {
        info.first = i.first;
        firstSet = true;
      }
      for (const l of i.lines) info.lines.push(l);
      if (i.cellsText) cellTexts.push(i.cellsText);
    }
    // row index -> cells, parsed at the first read (a caller that shows a few rows parses its part only)
    if (!cellTexts.length) info.cells = new Map();
    else
      lazy(info, 'cells', () => {
        const map = new Map();
        for (const text of cellTexts) for (const [index, cells] of JSON.parse(text)) map.set(index, cells);
        return map;
      });
    return info;
  }

  function answer(heads, first, extra) {
    const requests = [];
    const single = [];
    for (const h of heads) makeRequests(h, requests, single);
    const set = new RowSet(
      heads.filter((h) => h.rows),
      requests,
      single,
      first,
    );
    return { result: makeResult(set, requests, extra), count: set.count };
  }

  /**
   * Plans a whole input (CSV, JSON array or NDJSON bytes); args: the plan
   * options plus format ("csv" | "json" | "ndjson", else detected), map
   * ({Header: field | "-"}), delimiter and cells ("rejected" | "fix" | "all").
   */
  function planInput(provider, input, args) {
    knownProvider(provider);
    const bytes = asBytes(input, 'input');
    const handle = open(provider, args);
    try {
      const heads = [];
      pushBytes(handle, bytes, false, heads);
      heads.push(heap.withBytes(new Uint8Array(0), () => lean(handle, handle.end(false))));
      const end = lean(handle, handle.finish());
      const requests = [];
      const single = [];
      for (const h of heads) makeRequests(h, requests, single);
      makeRequests(end, requests, single);
      const set = new RowSet(heads, requests, single, 0);
      return makeResult(set, requests, { summary: end.summary, input: inputOf(heads) });
    } finally {
      handle.delete();
    }
  }

  /** The streaming form: push(chunk) as bytes arrive (cut anywhere), then finish(). */
  function createInputPlanner(provider, args) {
    const handle = open(provider, args);
    let next = 0;
    let deleted = false;
    let finished = false;
    const alive = () => {
      if (deleted) throw argumentError('invalid_state', 'this planner was deleted');
    };
    const one = (head) => {
      const { result, count } = answer([head], next, { input: inputOf([head]) });
      next += count;
      return result;
    };
    return {
      push(chunk) {
        alive();
        const bytes = asBytes(chunk, 'chunk');
        let head;
        heap.withBytes(bytes, (p, n) => (head = lean(handle, handle.push(p, n, true))));
        return one(head);
      },
      // The rows still held (a last line or record without its line end; a
      // JSON array must be closed by then), the last requests and the summary.
      finish() {
        alive();
        if (finished) fatalCheck(JSON.stringify({ fatal: { option: null, code: 'invalid_state', message: 'the planner is finished; create a new one' } }));
        finished = true;
        const last = one(lean(handle, handle.end(true)));
        const end = lean(handle, handle.finish());
        const requests = last.requests.slice();
        makeRequests(end, requests, []);
        const out = lazy({ rows: undefined, requests, summary: end.summary, input: last.input }, 'rows', () => last.rows);
        for (const k of ['row', 'problems', 'warned', 'lines'])
          Object.defineProperty(out, k, { value: last[k], enumerable: false, writable: true, configurable: true });
        return out;
      },
      delete() {
        if (!deleted) {
          deleted = true;
          handle.delete();
        }
      },
    };
  }

  return { planInput, createInputPlanner };
}
