// The engine object: a thin JS layer over the Embind module. Each call moves
// one UTF-8 JSON string across the boundary each way (per chunk for batches),
// which is far cheaper than converting objects field by field.
import { argumentError, fatalCheck, throwCreateError, typeError } from './errors.mjs';

const CHUNK_ROWS = 4096; // rows per boundary crossing inside plan()
const VALIDATOR_CACHE = 8;

// JSON.stringify writes a lone UTF-16 surrogate as a \udXXX escape; the
// engine reads such an escape as U+FFFD, as the normalizers do for strings.
function toJson(value) {
  return JSON.stringify(value);
}

// Options, patch fields, remove arguments, filters and plans are read by the
// engine's document parser, which rejects a \udXXX escape of a lone surrogate
// ("options: not valid JSON", "fields must be a JSON object"): replace each
// with \ufffd. Escapes are matched left to right, so an escaped backslash
// followed by "ud800" is never misread.
function docJson(value) {
  const text = JSON.stringify(value);
  if (text === undefined || !/\\u[dD][89a-fA-F]/.test(text)) return text;
  return text.replace(/\\(u[dD][89a-fA-F][0-9a-fA-F]{2}|[^u])/g, (m, g) => (g.length === 5 ? '\\ufffd' : m));
}

function checkProvider(providers, provider) {
  if (typeof provider !== 'string' || !providers.includes(provider)) {
    const message = `provider must be one of ${providers.join(', ')}; got ${JSON.stringify(String(provider))}`;
    throw typeof provider === 'string' ? argumentError('unknown_provider', message) : typeError(message);
  }
}

function optionsJson(options) {
  if (options === undefined || options === null) return '{}';
  if (typeof options !== 'object' || Array.isArray(options)) throw typeError('options must be an object');
  try {
    return docJson(options);
  } catch (e) {
    throw typeError('options cannot be serialized to JSON: ' + e.message);
  }
}

// Serializes rows to one JSON array text. A row JSON.stringify cannot handle
// (a BigInt, a cycle) becomes a token the engine reports as invalid for that
// row; `unserializable` maps its position to the reason.
function rowsJson(rows, start, end, unserializable) {
  const slice = rows.slice(start, end);
  try {
    return toJson(slice);
  } catch (_) {
    const parts = new Array(slice.length);
    for (let i = 0; i < slice.length; i++) {
      try {
        const s = toJson(slice[i]);
        parts[i] = s === undefined ? 'null' : s;
      } catch (e) {
        parts[i] = '!';
        unserializable.set(start + i, e.message);
      }
    }
    return '[' + parts.join(',') + ']';
  }
}

function fixUnserializable(rows, unserializable, offset) {
  if (unserializable.size === 0) return;
  for (const row of rows) {
    const why = unserializable.get(row.index - offset);
    if (why !== undefined) row.errors[0].message = 'the row cannot be serialized to JSON: ' + why;
  }
}

// Lone UTF-16 surrogates cannot be encoded as UTF-8; replace them with U+FFFD
// before a string crosses into the engine.
const wellFormed = typeof String.prototype.toWellFormed === 'function' ? (s) => s.toWellFormed() : (s) => s;

function problemsMessage(text, what) {
  return typeof text === 'string' ? text : `${what} must be a string`;
}

function notString(code, what) {
  return { ok: false, code, message: problemsMessage(undefined, what) };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function makeEngine(M) {
  const version = M.version();
  const PROVIDERS = JSON.parse(M.providers()); // the engine's registry
  const knownProvider = (provider) => checkProvider(PROVIDERS, provider);

  // Big payloads cross the boundary as UTF-8 bytes in the WASM heap: the
  // input is encoded straight into a malloc'd buffer (a string) or copied (a
  // Uint8Array, e.g. a file chunk); the answer is decoded from the heap.
  function callWithBytes(input, call) {
    const isBytes = typeof input !== 'string';
    const capacity = isBytes ? input.length : input.length * 3;
    const ptr = M._malloc(capacity + 1);
    if (!ptr) throw new Error('out of WebAssembly memory for a ' + capacity + '-byte input');
    try {
      let length;
      if (isBytes) {
        M.HEAPU8.set(input, ptr);
        length = input.length;
      } else {
        length = encoder.encodeInto(input, M.HEAPU8.subarray(ptr, ptr + capacity)).written;
      }
      return call(ptr, length);
    } finally {
      M._free(ptr);
    }
  }
  function readAnswer(handle, length) {
    const ptr = handle.outPointer();
    const text = decoder.decode(M.HEAPU8.subarray(ptr, ptr + length));
    handle.releaseOut();
    return fatalCheck(text);
  }
  const validators = new Map(); // key -> LeadValidator handle (small LRU)

  function validatorFor(provider, options) {
    const key = provider + '\u0000' + optionsJson(options);
    let v = validators.get(key);
    if (v) {
      validators.delete(key);
      validators.set(key, v);
      return v;
    }
    v = new M.LeadValidator(provider, key.slice(provider.length + 1));
    throwCreateError(v);
    validators.set(key, v);
    if (validators.size > VALIDATOR_CACHE) {
      const [oldKey, old] = validators.entries().next().value;
      validators.delete(oldKey);
      old.delete();
    }
    return v;
  }

  function createPlanner(provider, options) {
    knownProvider(provider);
    const handle = new M.Planner(provider, optionsJson(options));
    throwCreateError(handle);
    const pending = new Map(); // ok rows waiting for their request: index -> lead
    let next = 0;
    let deleted = false;
    const alive = () => {
      if (deleted) throw argumentError('invalid_state', 'this planner was deleted');
    };
    const assemble = (requests) =>
      requests.map((r) => {
        const leads = r.indexes.map((i) => {
          const lead = pending.get(i);
          pending.delete(i);
          return lead;
        });
        const body = r.envelope === null ? leads[0] : Object.assign({}, r.envelope, { leads });
        return { method: r.method, path: r.path, headers: r.headers, body, indexes: r.indexes };
      });
    const take = (out) => {
      for (const row of out.rows) if (row.status === 'ok') pending.set(row.index, row.lead);
      return { rows: out.rows, requests: assemble(out.requests) };
    };
    return {
      push(rows) {
        alive();
        if (!Array.isArray(rows)) throw typeError('rows must be an array of leads');
        const out = { rows: [], requests: [] };
        for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
          const bad = new Map();
          const text = rowsJson(rows, i, Math.min(i + CHUNK_ROWS, rows.length), bad);
          const part = take(readAnswer(handle, callWithBytes(text, (p, n) => handle.pushJson(p, n))));
          fixUnserializable(part.rows, bad, next - i);
          for (const r of part.rows) out.rows.push(r);
          for (const r of part.requests) out.requests.push(r);
          next += Math.min(CHUNK_ROWS, rows.length - i);
        }
        return out;
      },
      pushNdjson(text) {
        alive();
        if (typeof text !== 'string' && !(text instanceof Uint8Array)) {
          throw typeError('text must be a string or a Uint8Array of NDJSON lines');
        }
        const part = take(readAnswer(handle, callWithBytes(text, (p, n) => handle.pushNdjson(p, n))));
        next += part.rows.length;
        return part;
      },
      finish() {
        alive();
        const out = readAnswer(handle, handle.finish());
        return { requests: assemble(out.requests), summary: out.summary };
      },
      delete() {
        if (!deleted) {
          deleted = true;
          pending.clear();
          handle.delete();
        }
      },
    };
  }

  function plan(provider, rows, options) {
    knownProvider(provider);
    if (!Array.isArray(rows)) throw typeError('rows must be an array of leads');
    const planner = createPlanner(provider, options);
    try {
      const out = planner.push(rows);
      const end = planner.finish();
      for (const r of end.requests) out.requests.push(r);
      return { rows: out.rows, requests: out.requests, summary: end.summary };
    } finally {
      planner.delete();
    }
  }

  function createRoster(provider, options) {
    knownProvider(provider);
    const handle = new M.Roster(provider, optionsJson(options));
    throwCreateError(handle);
    let deleted = false;
    const alive = () => {
      if (deleted) throw argumentError('invalid_state', 'this roster was deleted');
    };
    return {
      add(rows) {
        alive();
        if (!Array.isArray(rows)) throw typeError('rows must be an array of leads');
        const bad = new Map();
        const text = rowsJson(rows, 0, rows.length, bad);
        const out = readAnswer(handle, callWithBytes(text, (p, n) => handle.add(p, n)));
        fixUnserializable(out.rows, bad, 0);
        return out.rows;
      },
      list(query) {
        alive();
        return fatalCheck(handle.list(optionsJson(query)));
      },
      patch(id, fields) {
        alive();
        if (typeof id !== 'string') throw typeError('id must be a string');
        if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw typeError('fields must be an object');
        return fatalCheck(handle.patch(wellFormed(id), docJson(fields)));
      },
      remove(arg) {
        alive();
        if (arg === null || typeof arg !== 'object') throw typeError('remove takes { ids } or { all: true }');
        return fatalCheck(handle.remove(docJson(arg)));
      },
      launch() {
        alive();
        return fatalCheck(handle.launch());
      },
      size() {
        alive();
        return handle.size();
      },
      delete() {
        if (!deleted) {
          deleted = true;
          handle.delete();
        }
      },
    };
  }

  return {
    version,
    providers: () => PROVIDERS.slice(),
    describeProvider(provider, options) {
      knownProvider(provider);
      return fatalCheck(M.describeProvider(provider, optionsJson(options)));
    },
    codes: () => JSON.parse(M.codes()),
    mapHeaders(provider, headers, args) {
      knownProvider(provider);
      if (!Array.isArray(headers) || headers.some((h) => typeof h !== 'string')) {
        throw typeError('headers must be an array of strings');
      }
      if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) {
        throw typeError('the third argument must be an object { map, options }');
      }
      const a = {};
      if (args && args.map !== undefined && args.map !== null) {
        a.map = args.map instanceof Map ? Object.fromEntries(args.map) : args.map;
      }
      if (args && args.options !== undefined && args.options !== null) a.options = args.options;
      return fatalCheck(M.mapHeaders(provider, docJson(headers.map(wellFormed)), docJson(a)));
    },
    headerAliases: () => JSON.parse(M.headerAliases()),
    normalizeEmail: (s) => (typeof s === 'string' ? JSON.parse(M.normalizeEmail(wellFormed(s))) : notString('invalid_email', 'email')),
    normalizeLinkedInUrl: (s) =>
      typeof s === 'string' ? JSON.parse(M.normalizeLinkedInUrl(wellFormed(s))) : notString('invalid_linkedin_url', 'LinkedIn URL'),
    normalizePhone: (s, defaultCountry) => {
      if (typeof s !== 'string') return notString('invalid_phone', 'phone');
      if (defaultCountry !== undefined && defaultCountry !== null && typeof defaultCountry !== 'string') {
        return { ok: false, code: 'invalid_phone', message: 'defaultCountry must be an ISO 3166 alpha-2 string' };
      }
      return JSON.parse(M.normalizePhone(wellFormed(s), wellFormed(defaultCountry || '')));
    },
    normalizeDomain: (s) => (typeof s === 'string' ? JSON.parse(M.normalizeDomain(wellFormed(s))) : notString('invalid_domain', 'domain')),
    normalizeUuid: (s) => (typeof s === 'string' ? JSON.parse(M.normalizeUuid(wellFormed(s))) : notString('invalid_uuid', 'uuid')),
    isFreeMailDomain: (s) => typeof s === 'string' && M.isFreeMailDomain(wellFormed(s)),
    plan,
    createPlanner,
    validateLead(provider, lead, options) {
      knownProvider(provider);
      let text;
      try {
        text = toJson(lead);
      } catch (e) {
        return {
          ok: false,
          lead: {},
          errors: [{ field: null, code: 'invalid_type', message: 'the lead cannot be serialized to JSON: ' + e.message }],
          warnings: [],
        };
      }
      return JSON.parse(validatorFor(provider, options).check(text === undefined ? 'null' : text));
    },
    createRoster,
    predictResponse(provider, plan) {
      knownProvider(provider);
      if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.requests)) {
        throw typeError('plan must be the object plan() returned');
      }
      return fatalCheck(M.predictResponse(provider, docJson({ requests: plan.requests })));
    },
    // What the provider's answer to one request says about each of its rows
    // (the engine's src/api/response.cpp). headers: a fetch Headers, a plain
    // object or [name, value] pairs. Never throws on what the server sent.
    readResponse(provider, request, status, headers, bodyText, opts) {
      knownProvider(provider);
      if (request === null || typeof request !== 'object' || !Array.isArray(request.indexes)) {
        throw typeError('request must be a request of a plan (with indexes)');
      }
      if (!Number.isInteger(status) || status < 100 || status > 599) {
        throw argumentError(Number.isInteger(status) ? 'invalid_value' : 'invalid_type', 'status must be an HTTP status code (100..599)');
      }
      const h = {};
      if (headers && typeof headers.forEach === 'function' && !Array.isArray(headers)) headers.forEach((v, k) => (h[k.toLowerCase()] = String(v)));
      else if (Array.isArray(headers)) for (const [k, v] of headers) h[String(k).toLowerCase()] = String(v);
      else if (headers && typeof headers === 'object') for (const k of Object.keys(headers)) h[k.toLowerCase()] = String(headers[k]);
      const body = typeof request.bodyText === 'string' ? request.bodyText : request.body === undefined ? 'null' : toJson(request.body);
      const reqJson = '{"indexes":' + JSON.stringify(request.indexes) + ',"body":' + body + '}';
      const text = typeof bodyText === 'string' ? bodyText : bodyText == null ? '' : String(bodyText);
      const now = opts && typeof opts.now === 'number' ? opts.now : Date.now();
      return fatalCheck(M.readResponse(provider, wellFormed(reqJson), status, docJson(h), wellFormed(text), now));
    },
    sendkitFilterRequest(campaignId, filters) {
      if (typeof campaignId !== 'string' || campaignId === '') throw typeError('campaignId must be a non-empty string');
      if (filters === null || typeof filters !== 'object' || Array.isArray(filters)) throw typeError('filters must be an object');
      return fatalCheck(M.sendkitFilterRequest(wellFormed(campaignId), docJson(filters)));
    },
    sendkitSelectAllRequest(campaignId, excludeIds) {
      if (typeof campaignId !== 'string' || campaignId === '') throw typeError('campaignId must be a non-empty string');
      if (excludeIds !== undefined && !Array.isArray(excludeIds)) throw typeError('excludeIds must be an array');
      return fatalCheck(M.sendkitSelectAllRequest(wellFormed(campaignId), docJson(excludeIds || [])));
    },
    /** Bytes of the WASM heap in use by the engine (for leak tests). */
    heapBytes: () => M.HEAPU8.length,
    /** Bytes of the WASM heap allocated by the engine (malloc'd, not freed): the leak test measure. */
    heapUsedBytes: () => M.heapUsedBytes(),
  };
}
