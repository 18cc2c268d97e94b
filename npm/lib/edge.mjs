// leadroster/edge: an edge function over leadroster, a fetch handler (Request
// in, Response out) that runs wherever the standard Fetch API does: Cloudflare
// Workers / workerd, Vercel edge, Deno, Node 18+. Types: edge.d.ts.
//
//   POST /plan?provider=P&campaignId=ID[&defaultCountry=US&channel=..&batchSize=..&maxBodyBytes=..&template=..&foldGmail=true]
//        body: a JSON array of leads (application/json), NDJSON (application/x-ndjson,
//        application/ndjson, application/jsonl) or CSV with a header line (text/csv)
//        200 { summary, problems: { rows, listed, truncated, codes }, requests: [{ method, path, headers, indexes, body }],
//              rows: [the first maxProblems rows with something to tell: { index, line, status, errors, warnings, dropped,
//                     duplicateOf, duplicateOfLine, matchedOn }] }  (index: 0-based; line: the body's line, see planBody)
//   POST /validate?provider=P[&defaultCountry=..&channel=..]   body: one lead as JSON
//        200 { ok, lead, errors, warnings, dropped }  (an invalid lead is data, not a failed request)
//   400 { error: { code, message, ... } } for input that cannot be read (bad JSON or CSV,
//       invalid UTF-8, unknown provider, bad options); 413 over maxBodyBytes, maxRows or
//       maxAnswerBytes; 415 another content type; 405 another method; 404 any other path.
//
// Bounded: the body is read in pieces of at most PIECE bytes and planned as it
// arrives (never held whole); at most maxRows rows are taken; the answer lists
// the first maxProblems rows with problems and counts every problem by code;
// the requests' text is capped at maxAnswerBytes and the answer is streamed
// out piece by piece. Each request's body is written as the exact JSON text to send.

import { CsvError } from './csv.mjs';
import { Utf8Check, Utf8Error } from './utf8.mjs';

export const DEFAULT_LIMITS = Object.freeze({
  maxBodyBytes: 16 * 1024 * 1024,
  maxRows: 100_000,
  maxProblems: 1000,
  maxAnswerBytes: 16 * 1024 * 1024,
});
const PIECE = 64 * 1024; // bytes read (and decoded, checked, planned) at a time
const WHOLE_ANSWER = 4 * 1024 * 1024; // request bytes up to which the answer is sent as one array

class BadInput extends Error {
  constructor(code, message, extra = {}) {
    super(message);
    this.code = code;
    this.extra = extra;
  }
}
class OverLimit extends Error {
  constructor(code, message, limit) {
    super(message);
    this.code = code;
    this.limit = limit;
  }
}

function json(status, value, headers = {}) {
  return new Response(typeof value === 'string' ? value : JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
const fail = (status, code, message, extra = {}, headers = {}) => json(status, { error: { code, message, ...extra } }, headers);

function mediaType(request) {
  return (request.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
}

function bodyKind(type) {
  if (type === 'application/json' || type === 'text/json') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines') {
    return 'ndjson';
  }
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  return null;
}

// Query parameters -> engine options, typed by the engine's option table
// (engine.options(): integers and booleans typed; the engine checks ranges).
// An option whose value is a list of leads (existing) cannot be a query parameter.
function optionsFrom(params, engine) {
  const table = new Map(
    engine
      .options()
      .filter((o) => o.type !== 'array')
      .map((o) => [o.name, o]),
  );
  const options = {};
  for (const [k, v] of params) {
    if (k === 'provider') continue;
    const o = table.get(k);
    if (!o) throw new BadInput('unknown_option', `unknown query parameter ${JSON.stringify(k)}`, { option: k });
    if (o.type === 'integer') {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n))
        throw new BadInput('invalid_option', `options.${k} must be a number; got ${JSON.stringify(v)}`, { option: k });
      options[k] = n;
    } else if (o.type === 'boolean') {
      if (v !== 'true' && v !== 'false') throw new BadInput('invalid_option', `options.${k} must be true or false; got ${JSON.stringify(v)}`, { option: k });
      options[k] = v === 'true';
    } else {
      options[k] = v;
    }
  }
  return options;
}

// The body in pieces of about PIECE bytes (the runtime's smaller reads are
// joined: each piece is one engine call and one answer), counted against the
// limit and checked as UTF-8 (a bad byte is a 400 invalid_utf8 with its line).
async function* pieces(request, max) {
  if (!request.body) return;
  const utf8 = new Utf8Check('the body');
  const reader = request.body.getReader();
  let total = 0;
  let held = [];
  let heldBytes = 0;
  const take = () => {
    const out = held.length === 1 ? held[0] : joinBytes(held, heldBytes);
    held = [];
    heldBytes = 0;
    return out;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
      total += bytes.byteLength;
      if (total > max) throw new OverLimit('body_too_large', `the body is over the limit of ${max} bytes`, max);
      for (let at = 0; at < bytes.length; at += PIECE) {
        const piece = bytes.subarray(at, Math.min(bytes.length, at + PIECE));
        utf8.push(piece);
        held.push(piece);
        heldBytes += piece.length;
        if (heldBytes >= PIECE) yield take();
      }
    }
    if (heldBytes) yield take();
    utf8.end();
  } finally {
    reader.cancel().catch(() => {});
  }
}

export class JsonArraySplitter {
  constructor() {
    this.state = 0; // 0 before '[', 1 in the array, 2 after ']'
    this.depth = 0; // nesting inside the current element
    this.inString = false;
    this.escape = false;
    this.cur = ''; // text of the element so far
    this.inElement = false;
    this.expectValue = true; // after '[' or ','
    this.afterComma = false;
    this.offset = 0; // characters consumed so far
    this.count = 0;
    this.line = 1; // 1-based line of the next character
    this.startLine = 0; // line where the current element starts
    this.lines = []; // the line of each element the last push() returned
  }

  _error(message, i) {
    throw new BadInput('invalid_json', `the body is not a JSON array of leads: ${message} at character ${this.offset + i} (line ${this.line})`, {
      offset: this.offset + i,
      line: this.line,
    });
  }

  _emit(out, text) {
    const t = text.replace(/[\r\n]+/g, ' ').trim();
    out.push(t);
    this.lines.push(this.startLine);
    this.count++;
  }

  push(text) {
    const out = [];
    this.lines = [];
    let start = this.inElement ? 0 : -1; // start of the element's text within this chunk
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inElement) {
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (c === 92)
            this.escape = true; // backslash
          else if (c === 34) {
            this.inString = false;
            if (this.depth === 0) this.closed = true;
          } else if (c === 10 || c === 13) this._error('a line break inside a string', i);
          continue;
        }
        if (this.closed && c !== 44 && c !== 93 && c !== 32 && c !== 9 && c !== 10 && c !== 13) this._error("a missing ','", i);
        if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.depth++;
        else if ((c === 125 || c === 93) && this.depth > 0) {
          if (--this.depth === 0) this.closed = true;
        } else if (this.depth === 0 && (c === 44 || c === 93)) {
          this._emit(out, this.cur + text.slice(start, i));
          this.cur = '';
          this.inElement = false;
          this.expectValue = c === 44;
          this.afterComma = c === 44;
          if (c === 93) this.state = 2;
        } else if (c === 125) this._error("an unmatched '}'", i);
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13 || (c === 0xfeff && this.offset + i === 0)) continue;
      if (this.state === 0) {
        if (c !== 91) this._error("expected '['", i);
        this.state = 1;
        this.expectValue = true;
        continue;
      }
      if (this.state === 2) this._error('more text after the closing ]', i);
      if (c === 93) {
        if (this.afterComma) this._error("a ',' before ']'", i);
        this.state = 2;
        continue;
      }
      if (c === 44) this._error("a ',' where a lead was expected", i);
      if (!this.expectValue) this._error("a missing ','", i);
      // an element starts here
      this.inElement = true;
      this.closed = false; // the element's value is complete (a closing bracket or quote at depth 0)
      this.expectValue = false;
      this.afterComma = false;
      this.depth = 0;
      this.startLine = this.line;
      start = i;
      i--; // read this character as part of the element
    }
    if (this.inElement) this.cur += text.slice(start < 0 ? 0 : start);
    this.offset += text.length;
    return out;
  }

  end() {
    if (this.state === 0) this._error('an empty body (expected a JSON array)', 0);
    if (this.state === 1) this._error('the array is not closed', 0);
  }
}

const ENCODER = new TextEncoder();
const CLOSE = ENCODER.encode('}');
const COMMA = ENCODER.encode(',');

// A planned request as the UTF-8 pieces of its JSON: the body's bytes as the
// engine wrote them (never decoded to a string and encoded again).
function requestPieces(r) {
  const head = ENCODER.encode(
    `{"method":${JSON.stringify(r.method)},"path":${JSON.stringify(r.path)},"headers":${JSON.stringify(r.headers)},` +
      `"indexes":${JSON.stringify(r.indexes)},"body":`,
  );
  const body = r.bodyUtf8 instanceof Uint8Array ? r.bodyUtf8 : ENCODER.encode(r.bodyText ?? JSON.stringify(r.body));
  return [head, body, CLOSE];
}

// Pieces joined into one array of bytes.
function joinBytes(pieces, size) {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function concat(a, b) {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const NOT_JSON = /^the row is not valid JSON/;

/**
 * The values a row's warnings left out of the request (the engine marks those
 * warnings `dropped: true`): [{ field, code, message }].
 */
export function droppedOf(warnings) {
  const out = [];
  for (const w of warnings || []) if (w.dropped === true) out.push({ field: w.field, code: w.code, message: w.message });
  return out;
}

/**
 * Feeds the body to `planner` (engine.createInputPlanner with the format the
 * content type names: the engine reads a JSON array, NDJSON and CSV as the
 * bytes arrive, maps a CSV's header and types its cells) and hands each answer
 * to `sink.part(part, lines, jsonArray)` where lines[k] is the 1-based input
 * line of the part's k-th row. `sink.rows(n)` is told of every n rows read.
 * A JSON array the engine cannot split is a 400 invalid_json naming the byte
 * and line where it broke. Returns the planner's finish (requests, summary).
 */
export async function planBody(kind, bytePieces, planner, sink) {
  const feed = (part) => {
    const lines = part.input.lines;
    sink.rows(lines.length);
    sink.part(part, lines, kind === 'json');
  };
  let blank = kind === 'json'; // nothing but white space so far
  try {
    for await (const piece of bytePieces) {
      if (blank) blank = isBlank(piece);
      feed(planner.push(piece));
    }
    if (blank) throw new BadInput('invalid_json', 'the body is not a JSON array of leads: an empty body (expected a JSON array)', { line: 1 });
    const end = planner.finish();
    feed(end);
    return end;
  } catch (e) {
    // the engine's refusal of a JSON array it cannot split (code invalid_type, no option)
    if (kind === 'json' && e && e.code === 'invalid_type' && e.option == null) {
      throw new BadInput(
        'invalid_json',
        `the body is not a JSON array of leads: ${e.message.replace(/^rows: /, '')}`,
        e.line !== undefined ? { line: e.line } : {},
      );
    }
    throw e;
  }
}

function isBlank(bytes) {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

// The answer as it is built: request texts (capped), the first rows with
// problems, and counts of every problem by code.
class Answer {
  constructor(limits) {
    this.limits = limits;
    this.rowsIn = 0;
    this.parts = [];
    this.requestBytes = 0;
    this.requests = 0;
    this.listed = [];
    this.problemRows = 0;
    this.codes = Object.create(null);
  }
  rows(n) {
    this.rowsIn += n;
    if (this.rowsIn > this.limits.maxRows) {
      throw new OverLimit('too_many_rows', `the body has more than ${this.limits.maxRows} rows; send them in several requests`, this.limits.maxRows);
    }
  }
  request(r) {
    const pieces = requestPieces(r);
    for (const p of pieces) this.requestBytes += p.length;
    if (this.requestBytes > this.limits.maxAnswerBytes) {
      throw new OverLimit(
        'answer_too_large',
        `the requests planned for this body are over ${this.limits.maxAnswerBytes} bytes; send fewer rows per request`,
        this.limits.maxAnswerBytes,
      );
    }
    this.parts.push(pieces);
    this.requests++;
  }
  row(row, line, jsonArray) {
    if (jsonArray && row.errors.length && row.errors[0].field === null && NOT_JSON.test(row.errors[0].message)) {
      throw new BadInput('invalid_json', `the lead on line ${line} is not valid JSON: ${row.errors[0].message}`, { index: row.index, line });
    }
    this.problemRows++;
    for (const p of row.errors) this.codes[p.code] = (this.codes[p.code] || 0) + 1;
    for (const p of row.warnings) this.codes[p.code] = (this.codes[p.code] || 0) + 1;
    if (row.status === 'duplicate') this.codes.duplicate = (this.codes.duplicate || 0) + 1;
    if (this.listed.length < this.limits.maxProblems) {
      const out = { index: row.index, line: row.line ?? line, status: row.status };
      if (row.lead !== undefined) out.lead = row.lead;
      out.errors = row.errors;
      out.warnings = row.warnings;
      out.dropped = droppedOf(row.warnings);
      out.duplicateOf = row.duplicateOf ?? null;
      out.duplicateOfLine = row.duplicateOfLine ?? null;
      out.matchedOn = row.matchedOn ?? null;
      this.listed.push(JSON.stringify(out));
    }
  }
  part(part, lines, jsonArray, first) {
    // rows with something to tell: not ok (problems()) and ok with warnings (warned()), in index order
    const bad = part.problems();
    const warned = typeof part.warned === 'function' ? part.warned() : [];
    let a = 0;
    let b = 0;
    while (a < bad.length || b < warned.length) {
      const row =
        b >= warned.length || (a < bad.length && bad[a].index < warned[b].index)
          ? bad[a++]
          : { status: 'ok', errors: [], duplicateOf: null, matchedOn: null, ...warned[b++] };
      this.row(row, lines[row.index - first], jsonArray);
    }
    for (const r of part.requests) this.request(r);
  }
  // The answer as a stream of its pieces (never joined into one string).
  response(summary) {
    const problems = { rows: this.problemRows, listed: this.listed.length, truncated: this.listed.length < this.problemRows, codes: this.codes };
    // The answer's UTF-8 pieces in order: the head, the requests (comma-separated), the listed rows.
    const pieces = [ENCODER.encode(`{"summary":${JSON.stringify(summary)},"problems":${JSON.stringify(problems)},"requests":[`)];
    this.parts.forEach((request, k) => {
      if (k) pieces.push(COMMA);
      pieces.push(...request);
    });
    this.parts = [];
    pieces.push(ENCODER.encode(`],"rows":[${this.listed.join(',')}]}`));
    const headers = { 'content-type': 'application/json; charset=utf-8' };
    // An answer of up to WHOLE_ANSWER request bytes is sent as one array (a
    // stream's every pull is a trip through the runtime's stream machinery); a
    // larger one is streamed in chunks of about PIECE bytes, each piece let go
    // once sent (never all joined).
    if (this.requestBytes <= WHOLE_ANSWER) {
      let size = 0;
      for (const p of pieces) size += p.length;
      return new Response(joinBytes(pieces, size), { status: 200, headers });
    }
    let i = 0;
    const body = new ReadableStream({
      pull(c) {
        const chunk = [];
        let size = 0;
        while (i < pieces.length && size < PIECE) {
          chunk.push(pieces[i]);
          size += pieces[i].length;
          pieces[i++] = null;
        }
        if (size) c.enqueue(joinBytes(chunk, size));
        if (i >= pieces.length) c.close();
      },
    });
    return new Response(body, { status: 200, headers });
  }
}

function checkProvider(engine, url) {
  const provider = url.searchParams.get('provider');
  if (!engine.providers().includes(provider)) {
    throw new BadInput('unknown_provider', `provider must be one of ${engine.providers().join(', ')}; got ${JSON.stringify(provider)}`);
  }
  return provider;
}

async function plan(engine, request, url, limits) {
  const provider = checkProvider(engine, url);
  const kind = bodyKind(mediaType(request));
  if (!kind) {
    return fail(415, 'unsupported_media_type', 'send a JSON array (application/json), NDJSON (application/x-ndjson) or CSV (text/csv)');
  }
  const options = optionsFrom(url.searchParams, engine);
  let planner;
  try {
    planner = engine.createInputPlanner(provider, { ...options, format: kind });
  } catch (e) {
    return fail(400, 'invalid_options', e.message, e.option ? { option: e.option } : {});
  }
  const answer = new Answer(limits);
  let first = 0;
  const sink = {
    rows: (n) => answer.rows(n),
    part: (part, lines, jsonArray) => {
      answer.part(part, lines, jsonArray, first);
      first += lines.length;
    },
  };
  try {
    const end = await planBody(kind, pieces(request, limits.maxBodyBytes), planner, sink);
    return answer.response(end.summary);
  } catch (e) {
    if (e instanceof CsvError || (e && e.code === 'invalid_csv')) return fail(400, e.code || 'invalid_csv', e.message, e.line ? { line: e.line } : {});
    throw e;
  } finally {
    planner.delete();
  }
}

async function validate(engine, request, url, limits) {
  const provider = checkProvider(engine, url);
  const options = optionsFrom(url.searchParams, engine);
  const parts = [];
  for await (const c of pieces(request, limits.maxBodyBytes)) parts.push(c);
  let lead;
  try {
    lead = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(parts.reduce(concat, new Uint8Array(0))));
  } catch (e) {
    return fail(400, 'invalid_json', 'the body is not one JSON lead: ' + e.message);
  }
  let v;
  try {
    v = engine.validateLead(provider, lead, options);
  } catch (e) {
    return fail(400, 'invalid_options', e.message, e.option ? { option: e.option } : {});
  }
  return json(200, { ...v, dropped: droppedOf(v.warnings) });
}

function limit(value, name) {
  if (value === undefined || value === null) return DEFAULT_LIMITS[name];
  if (typeof value !== 'number' || !(value >= 1)) throw new TypeError(`createHandler: options.${name} must be a number >= 1; got ${String(value)}`);
  return value;
}

/**
 * options.engine: () => Promise<Engine> (e.g. () => load({ module })), called per request (load() caches).
 * options.maxBodyBytes: the largest body taken (default 16 MiB); more is a 413 body_too_large.
 * options.maxRows: the most rows a body may hold (default 100,000); more is a 413 too_many_rows.
 * options.maxProblems: rows with problems listed in the answer (default 1,000); every one is counted.
 * options.maxAnswerBytes: the most text of planned requests (default 16 MiB); more is a 413 answer_too_large.
 */
export function createHandler({ engine: getEngine, maxBodyBytes, maxRows, maxProblems, maxAnswerBytes } = {}) {
  if (typeof getEngine !== 'function') throw new TypeError('createHandler: options.engine must be a function returning the engine');
  const limits = {
    maxBodyBytes: limit(maxBodyBytes, 'maxBodyBytes'),
    maxRows: limit(maxRows, 'maxRows'),
    maxProblems: limit(maxProblems, 'maxProblems'),
    maxAnswerBytes: limit(maxAnswerBytes, 'maxAnswerBytes'),
  };
  return {
    limits,
    async fetch(request) {
      const url = new URL(request.url);
      const route = url.pathname === '/plan' ? plan : url.pathname === '/validate' ? validate : null;
      if (!route) return fail(404, 'not_found', `no route ${url.pathname}: POST /plan or POST /validate`);
      if (request.method !== 'POST') return fail(405, 'method_not_allowed', `${url.pathname} takes POST`, {}, { allow: 'POST' });
      const length = Number(request.headers.get('content-length'));
      if (Number.isFinite(length) && length > limits.maxBodyBytes) {
        return fail(413, 'body_too_large', `the body is ${length} bytes; the limit is ${limits.maxBodyBytes}`, { limit: limits.maxBodyBytes });
      }
      try {
        return await route(await getEngine(), request, url, limits);
      } catch (e) {
        if (e instanceof OverLimit) return fail(413, e.code, e.message, { limit: e.limit });
        if (e instanceof Utf8Error) return fail(400, e.code, e.message, { line: e.line, offset: e.offset });
        if (e instanceof BadInput) return fail(400, e.code, e.message, e.extra);
        return fail(500, 'internal_error', (e && e.message) || String(e));
      }
    },
  };
}
