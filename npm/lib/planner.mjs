import { argumentError, fatalCheck, throwCreateError, typeError } from './errors.mjs';
// plan(), planJson() and the streaming planner over the engine's lean answer
// (see lean.mjs for how the documented result is built from it).
import { optionsJson, rowsJson, fixUnserializable } from './args.mjs';
import { makeRequests, RowSet, makeResult } from './lean.mjs';

export const CHUNK_ROWS = 4096; // rows per boundary crossing

export function makePlanning(M, heap, knownProvider) {
  function open(provider, options) {
    knownProvider(provider);
    const handle = new M.Planner(provider, optionsJson(options));
    throwCreateError(handle);
    return handle;
  }

  // The input lines of the next rows pushed (lines[from, to)), for the engine.
  function giveLines(handle, lines, from, to) {
    const n = to - from;
    const ptr = M._malloc(4 * n + 4);
    if (!ptr) throw new Error('out of WebAssembly memory for ' + n + ' lines');
    try {
      const view = new Uint32Array(M.HEAPU8.buffer, ptr, n);
      for (let k = 0; k < n; k++) view[k] = lines[from + k];
      handle.setLines(ptr, n);
    } finally {
      M._free(ptr);
    }
  }

  // `lines`: undefined, or one input line (an integer >= 1) per row.
  function checkLines(lines, count, what) {
    if (lines === undefined) return undefined;
    if (!Array.isArray(lines) || lines.length !== count) throw typeError(`options.lines must be an array of ${count} line numbers, one per ${what}`);
    for (const l of lines) {
      if (!Number.isInteger(l) || l < 1 || l > 0xffffffff) throw typeError('options.lines: each line must be an integer from 1');
    }
    return lines;
  }

  // Pushes a JS array of rows in chunks; returns the lean heads.
  function pushRows(handle, rows, keepOpen, first, lines) {
    const heads = [];
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      const bad = new Map();
      if (lines) giveLines(handle, lines, i, Math.min(i + CHUNK_ROWS, rows.length));
      const text = rowsJson(rows, i, Math.min(i + CHUNK_ROWS, rows.length), bad);
      const head = heap.readLean(
        handle,
        heap.withBytes(text, (p, n) => handle.pushLean(p, n, false, keepOpen)),
      );
      fixUnserializable(head.rows, bad, first);
      heads.push(head);
    }
    return heads;
  }

  function collect(heads, requests, single) {
    for (const h of heads) makeRequests(h, requests, single);
  }

  function finishInto(handle, requests, single) {
    const end = heap.readLean(handle, handle.finishLean());
    makeRequests(end, requests, single);
    return end.summary;
  }

  function createPlanner(provider, options) {
    const handle = open(provider, options);
    let next = 0;
    let deleted = false;
    const alive = () => {
      if (deleted) throw argumentError('invalid_state', 'this planner was deleted');
    };
    const answer = (heads, first) => {
      const requests = [];
      const single = [];
      collect(heads, requests, single);
      const set = new RowSet(heads, requests, single, first);
      next = first + set.count;
      return makeResult(set, requests);
    };
    return {
      // push(rows, { lines }): lines, when given, are the rows' input lines (e.g. CSV records' line).
      push(rows, pushOptions) {
        alive();
        if (!Array.isArray(rows)) throw typeError('rows must be an array of leads');
        const lines = checkLines(pushOptions && pushOptions.lines, rows.length, 'row');
        return answer(pushRows(handle, rows, true, next, lines), next);
      },
      // Each text is the next lines of one NDJSON input: rows get their line in it
      // (counted across calls), unless { lines } gives one per non-blank line.
      pushNdjson(text, pushOptions) {
        alive();
        if (typeof text !== 'string' && !(text instanceof Uint8Array)) {
          throw typeError('text must be a string or a Uint8Array of NDJSON lines');
        }
        const given = pushOptions && pushOptions.lines;
        if (given !== undefined) {
          checkLines(given, given.length, 'non-blank line');
          giveLines(handle, given, 0, given.length);
        }
        const head = heap.readLean(
          handle,
          heap.withBytes(text, (p, n) => handle.pushLean(p, n, true, true)),
        );
        return answer([head], next);
      },
      finish() {
        alive();
        const requests = [];
        const summary = finishInto(handle, requests, []);
        return { requests, summary };
      },
      delete() {
        if (!deleted) {
          deleted = true;
          handle.delete();
        }
      },
    };
  }

  function result(heads, handle) {
    const requests = [];
    const single = [];
    collect(heads, requests, single);
    const summary = finishInto(handle, requests, single);
    return makeResult(new RowSet(heads, requests, single, 0), requests, { summary });
  }

  function plan(provider, rows, options) {
    knownProvider(provider);
    if (!Array.isArray(rows)) throw typeError('rows must be an array of leads');
    const handle = open(provider, options);
    try {
      return result(pushRows(handle, rows, false, 0), handle);
    } finally {
      handle.delete();
    }
  }

  // The rows as bytes or text (a JSON array, or NDJSON: detected by the first
  // character that is not whitespace), never parsed or serialized in JS.
  function planJson(provider, input, options) {
    knownProvider(provider);
    let bytes = input;
    if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
    else if (ArrayBuffer.isView(input) && !(input instanceof Uint8Array)) {
      bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    }
    if (typeof bytes !== 'string' && !(bytes instanceof Uint8Array)) {
      throw typeError('input must be a string, Uint8Array or ArrayBuffer holding a JSON array of rows or NDJSON');
    }
    const handle = open(provider, options);
    try {
      return heap.withBytes(bytes, (p, n) => {
        const err = handle.setInput(p, n);
        if (err) fatalCheck(err);
        const heads = [];
        while (!handle.inputDone()) heads.push(heap.readLean(handle, handle.pushNext(CHUNK_ROWS, false)));
        return result(heads, handle);
      });
    } finally {
      handle.delete();
    }
  }

  return { createPlanner, plan, planJson };
}
