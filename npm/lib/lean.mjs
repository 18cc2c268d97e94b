// The lean planner answer, turned into plan()'s documented result lazily.
//
// The engine writes each lead once (in its request's body, or for a streaming
// push, in the answer's "open" list while its request is not complete), the
// invalid and duplicate rows in full, ok rows as index ranges and each
// distinct warning once. `rows` and each request's `body` are built on first
// access (then cached); `row(i)` builds one row without building the rest.

// Defines obj[key] as a value made on first read, then kept as a plain data
// property (assigning first replaces it too).
export function lazy(obj, key, make) {
  const settle = (value) => {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => settle(make()),
    set: settle,
  });
  return obj;
}

function hidden(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: false, configurable: true });
  return obj;
}

// The requests of a lean head: { method, path, headers, body (lazy), bodyText, indexes }.
// `single` collects, per request, true when the body is the lead itself, else
// the key of the body's leads array ("leads", or an envelope's own key).
export function makeRequests(head, out, single) {
  for (const r of head.requests) {
    const q = { method: r.method, path: r.path, headers: r.headers, body: undefined, bodyText: undefined, indexes: r.indexes };
    lazy(q, 'bodyText', () => r.bodyText);
    lazy(q, 'body', () => JSON.parse(q.bodyText));
    if (r.bodyUtf8) hidden(q, 'bodyUtf8', r.bodyUtf8); // the body's UTF-8 bytes, not decoded
    out.push(q);
    single.push(r.envelope === null ? true : r.leadsKey || 'leads');
  }
  return out;
}

// Appends a chunk's line runs ([index, line, ...]; line 0: unknown) to `all`,
// merging a run that only continues the last one.
export function addRuns(all, runs) {
  for (let i = 0; i + 1 < runs.length; i += 2) {
    const at = runs[i];
    const line = runs[i + 1];
    if (all.length) {
      const pa = all[all.length - 2];
      const pl = all[all.length - 1];
      if (pl === 0 ? line === 0 : line === pl + (at - pa)) continue;
    }
    all.push(at, line);
  }
  return all;
}

/** The input line of row `index` from line runs, or undefined. */
export function lineFromRuns(runs, index) {
  let lo = 0;
  let hi = (runs.length >> 1) - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[2 * mid] <= index) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0 || runs[2 * found + 1] === 0) return undefined;
  return runs[2 * found + 1] + (index - runs[2 * found]);
}

// A warning as the row lists it (its optional members kept).
function copyProblem(p) {
  return { ...p };
}

function lastLE(sorted, n, key, value) {
  // The last position p < n with key(p) <= value, or -1.
  let lo = 0,
    hi = n - 1,
    found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(mid) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

// The rows of one or more lean heads (pieces), whose ok leads are in
// `requests` (or their open lists).
export class RowSet {
  constructor(pieces, requests, single, first) {
    this.requests = requests;
    this.single = single;
    this.first = first;
    this.full = [];
    this.ok = []; // flat half-open ranges, ascending
    this.warn = null; // index -> [warning]
    this.open = null; // index -> lead text
    this.runs = []; // input lines: flat [index, line] runs, ascending (line 0: unknown)
    let count = 0;
    for (const h of pieces) {
      for (const r of h.rows) this.full.push(r);
      const runs = h.lines;
      if (runs) for (let i = 0; i < runs.length; i++) this.runs.push(runs[i]);
      count += h.rows.length;
      const ok = h.ok;
      for (let i = 0; i < ok.length; i += 2) {
        this.ok.push(ok[i], ok[i + 1]);
        count += ok[i + 1] - ok[i];
      }
      const ow = h.okWarnings;
      if (ow.length) {
        this.warn = this.warn || new Map();
        for (let i = 0; i < ow.length; i += 2) {
          const list = this.warn.get(ow[i]);
          if (list) list.push(h.warnings[ow[i + 1]]);
          else this.warn.set(ow[i], [h.warnings[ow[i + 1]]]);
        }
      }
      const texts = h.openTexts;
      if (texts && texts.length) {
        // The open leads are the last ok rows of the piece, in order.
        this.open = this.open || new Map();
        let k = texts.length - 1;
        for (let i = ok.length - 2; i >= 0 && k >= 0; i -= 2) {
          for (let idx = ok[i + 1] - 1; idx >= ok[i] && k >= 0; idx--) this.open.set(idx, texts[k--]);
        }
      }
    }
    this.count = count;
    this.cache = null; // row(i) results before rows is built
    this.built = null;
  }

  // The input line of row `index`, or undefined.
  lineOf(index) {
    const runs = this.runs;
    const p = lastLE(runs, runs.length >> 1, (q) => runs[2 * q], index);
    if (p < 0 || runs[2 * p + 1] === 0) return undefined;
    return runs[2 * p + 1] + (index - runs[2 * p]);
  }

  okRow(index, lead) {
    const w = this.warn && this.warn.get(index);
    const warnings = w ? w.map(copyProblem) : [];
    const line = this.lineOf(index);
    if (line === undefined) return { index, status: 'ok', lead, errors: [], warnings, duplicateOf: null, matchedOn: null };
    return { index, line, status: 'ok', lead, errors: [], warnings, duplicateOf: null, duplicateOfLine: null, matchedOn: null };
  }

  leadOf(index) {
    const reqs = this.requests;
    const r = lastLE(reqs, reqs.length, (p) => reqs[p].indexes[0], index);
    if (r >= 0) {
      const idx = reqs[r].indexes;
      const k = lastLE(idx, idx.length, (p) => idx[p], index);
      if (k >= 0 && idx[k] === index) return this.single[r] === true ? reqs[r].body : reqs[r].body[this.single[r]][k];
    }
    const text = this.open && this.open.get(index);
    return text === undefined ? undefined : JSON.parse(text);
  }

  isOk(index) {
    const ok = this.ok;
    const p = lastLE(ok, ok.length >> 1, (q) => ok[2 * q], index);
    return p >= 0 && index < ok[2 * p + 1];
  }

  row(i) {
    if (!Number.isInteger(i)) throw new TypeError('row(i): i must be an integer row index');
    if (this.built) return this.built[i - this.first];
    if (this.cache && this.cache.has(i)) return this.cache.get(i);
    let row;
    const full = this.full;
    const f = lastLE(full, full.length, (p) => full[p].index, i);
    if (f >= 0 && full[f].index === i) row = full[f];
    else if (this.isOk(i)) row = this.okRow(i, this.leadOf(i));
    else return undefined;
    (this.cache = this.cache || new Map()).set(i, row);
    return row;
  }

  all() {
    if (this.built) return this.built;
    const out = new Array(this.count);
    const first = this.first;
    for (const r of this.full) out[r.index - first] = r;
    const reqs = this.requests;
    let q = 0,
      k = 0;
    const ok = this.ok;
    for (let p = 0; p < ok.length; p += 2) {
      for (let i = ok[p]; i < ok[p + 1]; i++) {
        const cached = this.cache && this.cache.get(i);
        // Requests and ok rows both ascend: walk them together.
        while (q < reqs.length && (k >= reqs[q].indexes.length || reqs[q].indexes[k] < i)) {
          if (k >= reqs[q].indexes.length) {
            q++;
            k = 0;
          } else k++;
        }
        if (cached) {
          out[i - first] = cached;
          continue;
        }
        let lead;
        if (q < reqs.length && reqs[q].indexes[k] === i) lead = this.single[q] === true ? reqs[q].body : reqs[q].body[this.single[q]][k];
        else lead = this.open && this.open.has(i) ? JSON.parse(this.open.get(i)) : undefined;
        out[i - first] = this.okRow(i, lead);
      }
    }
    this.built = out;
    this.cache = null;
    return out;
  }
}

// { rows (lazy), requests, ...extra } with a non-enumerable row(i).
export function makeResult(set, requests, extra) {
  const result = { rows: undefined, requests };
  lazy(result, 'rows', () => set.all());
  if (extra) Object.assign(result, extra);
  hidden(result, 'row', (i) => set.row(i));
  // The rows that are not ok, as the engine sent them: no ok row, no body built.
  hidden(result, 'problems', () => set.full.slice());
  // Every row's input line as runs [index, line, ...] (line 0: unknown): row i of
  // a run (index, line) is on line + (i - index).
  hidden(result, 'lines', () => set.runs.slice());
  // The ok rows that carry warnings, as [{ index, line?, warnings }] in index order (no lead, no body built).
  hidden(result, 'warned', () =>
    set.warn
      ? [...set.warn]
          .sort((a, b) => a[0] - b[0])
          .map(([index, w]) => {
            const line = set.lineOf(index);
            return line === undefined ? { index, warnings: w.map(copyProblem) } : { index, line, warnings: w.map(copyProblem) };
          })
      : [],
  );
  return result;
}
