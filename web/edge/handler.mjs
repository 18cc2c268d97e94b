// An edge function over leadroster: a fetch handler (Request in, Response out)
// that runs wherever the standard Fetch API does: Cloudflare Workers / workerd,
// Vercel edge, Deno, Node 18+. `worker.mjs` beside this file is the workerd
// entry; tests/js/edge-handler.test.mjs drives it with Node's own Request.
//
//   POST /plan?provider=P&campaignId=ID[&defaultCountry=US&channel=..&batchSize=..&maxBodyBytes=..&template=..&foldGmail=true]
//        body: a JSON array of leads (application/json), NDJSON (application/x-ndjson,
//        application/ndjson, application/jsonl) or CSV with a header line (text/csv)
//        200 { summary, requests: [{ method, path, headers, indexes, body }], rows: [the rows not ok] }
//   POST /validate?provider=P[&defaultCountry=..&channel=..]   body: one lead as JSON
//        200 { ok, lead, errors, warnings }  (an invalid lead is data, not a failed request)
//   400 { error: { code, message, ... } } for input that cannot be read (bad JSON or CSV,
//       unknown provider, bad options); 413 over maxBodyBytes; 415 another content type;
//       405 another method on /plan or /validate; 404 any other path.
//
// The body is streamed through engine.createPlanner chunk by chunk: it is never
// held whole (only the response is built in memory). Each request's body is
// written into the response as the exact JSON text to send.

import { CsvReader, CsvError, leadMapper } from 'leadroster/csv';

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
const PUSH_ROWS = 2048; // JSON array elements per push into the planner

class BadInput extends Error {
  constructor(code, message, extra = {}) {
    super(message);
    this.code = code;
    this.extra = extra;
  }
}
class TooLarge extends Error {}

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

// Query parameters -> engine options (numbers and booleans typed; the engine checks ranges).
const NUMBER_OPTIONS = new Set(['batchSize', 'maxBodyBytes']);
const BOOLEAN_OPTIONS = new Set(['foldGmail']);
const STRING_OPTIONS = new Set(['campaignId', 'defaultCountry', 'channel', 'template']);
function optionsFrom(params) {
  const options = {};
  for (const [k, v] of params) {
    if (k === 'provider') continue;
    if (NUMBER_OPTIONS.has(k)) {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) throw new BadInput('invalid_option', `options.${k} must be a number; got ${JSON.stringify(v)}`, { option: k });
      options[k] = n;
    } else if (BOOLEAN_OPTIONS.has(k)) {
      if (v !== 'true' && v !== 'false') throw new BadInput('invalid_option', `options.${k} must be true or false; got ${JSON.stringify(v)}`, { option: k });
      options[k] = v === 'true';
    } else if (STRING_OPTIONS.has(k)) {
      options[k] = v;
    } else {
      throw new BadInput('unknown_option', `unknown query parameter ${JSON.stringify(k)}`, { option: k });
    }
  }
  return options;
}

// Reads the body chunk by chunk, counting bytes against the limit.
async function* chunks(request, max) {
  if (!request.body) return;
  const reader = request.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > max) throw new TooLarge();
      yield value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

// Splits a streamed JSON array into the source text of its elements, checking
// the array's own structure (brackets, commas, strings); each element's own
// syntax is checked by the engine. Element text never holds a raw line break
// outside strings once emitted (they are whitespace), so elements can be
// handed to the planner as NDJSON lines.
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
  }

  _error(message, i) {
    throw new BadInput('invalid_json', `the body is not a JSON array of leads: ${message} at character ${this.offset + i}`, {
      offset: this.offset + i,
    });
  }

  _emit(out, text) {
    const t = text.replace(/[\r\n]+/g, ' ').trim();
    out.push(t);
    this.count++;
  }

  push(text) {
    const out = [];
    let start = this.inElement ? 0 : -1; // start of the element's text within this chunk
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inElement) {
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (c === 92) this.escape = true; // backslash
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

function requestText(r) {
  const body = r.bodyText ?? JSON.stringify(r.body);
  return (
    `{"method":${JSON.stringify(r.method)},"path":${JSON.stringify(r.path)},"headers":${JSON.stringify(r.headers)},` +
    `"indexes":${JSON.stringify(r.indexes)},"body":${body}}`
  );
}

const NOT_JSON = /^the row is not valid JSON/;

async function plan(engine, request, url, max) {
  const provider = url.searchParams.get('provider');
  if (!engine.providers().includes(provider)) {
    return fail(400, 'unknown_provider', `provider must be one of ${engine.providers().join(', ')}; got ${JSON.stringify(provider)}`);
  }
  const kind = bodyKind(mediaType(request));
  if (!kind) {
    return fail(415, 'unsupported_media_type', 'send a JSON array (application/json), NDJSON (application/x-ndjson) or CSV (text/csv)');
  }
  const options = optionsFrom(url.searchParams);
  let planner;
  try {
    planner = engine.createPlanner(provider, options);
  } catch (e) {
    return fail(400, 'invalid_options', e.message);
  }
  const requests = [];
  const problems = [];
  const take = (part, jsonElements) => {
    for (const row of part.problems()) {  // ok rows and their bodies are never built
      if (jsonElements && row.errors.length && row.errors[0].field === null && NOT_JSON.test(row.errors[0].message)) {
        throw new BadInput('invalid_json', `lead ${row.index} of the array is not valid JSON: ${row.errors[0].message}`, { index: row.index });
      }
      problems.push(JSON.stringify(row));
    }
    for (const r of part.requests) requests.push(requestText(r));
  };
  try {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    if (kind === 'ndjson') {
      let rest = new Uint8Array(0);
      for await (const chunk of chunks(request, max)) {
        const nl = chunk.lastIndexOf(10);
        if (nl < 0) {
          rest = concat(rest, chunk);
          continue;
        }
        take(planner.pushNdjson(concat(rest, chunk.subarray(0, nl + 1))));
        rest = chunk.slice(nl + 1);
      }
      if (rest.length) take(planner.pushNdjson(rest));
    } else if (kind === 'json') {
      const splitter = new JsonArraySplitter();
      let batch = [];
      const flush = () => {
        if (batch.length) take(planner.pushNdjson(batch.join('\n')), true);
        batch = [];
      };
      for await (const chunk of chunks(request, max)) {
        for (const el of splitter.push(decoder.decode(chunk, { stream: true }))) {
          batch.push(el);
          if (batch.length >= PUSH_ROWS) flush();
        }
      }
      for (const el of splitter.push(decoder.decode())) batch.push(el);
      splitter.end();
      flush();
    } else {
      // Header names go to fields as engine.mapHeaders says (exact names,
      // aliases such as "E-mail" or "Company"); cells are typed by the fields.
      const reader = new CsvReader();
      let mapper = null;
      const onRecords = (recs) => {
        const rows = [];
        for (const r of recs) {
          if (mapper === null) {
            const mapped = engine.mapHeaders(provider, r.cells, { options: { channel: options.channel } });
            mapper = leadMapper(engine.describeProvider(provider, { channel: options.channel }), mapped);
            continue;
          }
          rows.push(mapper.toLead(r.cells));
        }
        if (rows.length) take(planner.push(rows));
      };
      for await (const chunk of chunks(request, max)) onRecords(reader.push(decoder.decode(chunk, { stream: true })));
      onRecords(reader.push(decoder.decode()));
      onRecords(reader.end());
    }
    const end = planner.finish();
    for (const r of end.requests) requests.push(requestText(r));
    return json(200, `{"summary":${JSON.stringify(end.summary)},"requests":[${requests.join(',')}],"rows":[${problems.join(',')}]}`);
  } catch (e) {
    if (e instanceof CsvError) return fail(400, 'invalid_csv', e.message, e.line ? { line: e.line } : {});
    throw e;
  } finally {
    planner.delete();
  }
}

function concat(a, b) {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

async function validate(engine, request, url, max) {
  const provider = url.searchParams.get('provider');
  if (!engine.providers().includes(provider)) {
    return fail(400, 'unknown_provider', `provider must be one of ${engine.providers().join(', ')}; got ${JSON.stringify(provider)}`);
  }
  const options = optionsFrom(url.searchParams);
  const parts = [];
  for await (const c of chunks(request, max)) parts.push(c);
  let lead;
  try {
    lead = JSON.parse(new TextDecoder().decode(parts.reduce(concat, new Uint8Array(0))));
  } catch (e) {
    return fail(400, 'invalid_json', 'the body is not one JSON lead: ' + e.message);
  }
  try {
    return json(200, engine.validateLead(provider, lead, options));
  } catch (e) {
    return fail(400, 'invalid_options', e.message);
  }
}

/**
 * options.engine: () => Promise<Engine> (e.g. () => load({ module })), called per request (load() caches).
 * options.maxBodyBytes: the largest body taken (default 16 MiB); more is a 413.
 */
export function createHandler({ engine: getEngine, maxBodyBytes } = {}) {
  maxBodyBytes = maxBodyBytes || DEFAULT_MAX_BODY;
  if (typeof getEngine !== 'function') throw new TypeError('createHandler: options.engine must be a function returning the engine');
  return {
    async fetch(request) {
      const url = new URL(request.url);
      const route = url.pathname === '/plan' ? plan : url.pathname === '/validate' ? validate : null;
      if (!route) return fail(404, 'not_found', `no route ${url.pathname}: POST /plan or POST /validate`);
      if (request.method !== 'POST') return fail(405, 'method_not_allowed', `${url.pathname} takes POST`, {}, { allow: 'POST' });
      const length = Number(request.headers.get('content-length'));
      if (Number.isFinite(length) && length > maxBodyBytes) {
        return fail(413, 'body_too_large', `the body is ${length} bytes; the limit is ${maxBodyBytes}`, { limit: maxBodyBytes });
      }
      try {
        return await route(await getEngine(), request, url, maxBodyBytes);
      } catch (e) {
        if (e instanceof TooLarge) return fail(413, 'body_too_large', `the body is over the limit of ${maxBodyBytes} bytes`, { limit: maxBodyBytes });
        if (e instanceof BadInput) return fail(400, e.code, e.message, e.extra);
        return fail(500, 'internal_error', (e && e.message) || String(e));
      }
    },
  };
}
