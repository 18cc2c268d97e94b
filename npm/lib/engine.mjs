// The engine object: a thin JS layer over the Embind module. Each call moves
// one UTF-8 JSON string across the boundary each way (per chunk for batches),
// which is far cheaper than converting objects field by field.
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

function fatalCheck(json) {
  const r = JSON.parse(json);
  if (r !== null && typeof r === 'object' && !Array.isArray(r) && typeof r.fatal === 'string') {
    throw new Error(r.fatal);
  }
  return r;
}

function checkProvider(providers, provider) {
  if (typeof provider !== 'string' || !providers.includes(provider)) {
    throw new Error(`provider must be one of ${providers.join(', ')}; got ${JSON.stringify(String(provider))}`);
  }
}

function optionsJson(options) {
  if (options === undefined || options === null) return '{}';
  if (typeof options !== 'object' || Array.isArray(options)) throw new Error('options must be an object');
  try {
    return docJson(options);
  } catch (e) {
    throw new Error('options cannot be serialized to JSON: ' + e.message);
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
    const err = v.createError();
    if (err) {
      v.delete();
      throw new Error(err);
    }
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
    const err = handle.createError();
    if (err) {
      handle.delete();
      throw new Error(err);
    }
    const pending = new Map(); // ok rows waiting for their request: index -> lead
    let next = 0;
    let deleted = false;
    const alive = () => {
      if (deleted) throw new Error('this planner was deleted');
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
        if (!Array.isArray(rows)) throw new Error('rows must be an array of leads');
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
          throw new Error('text must be a string or a Uint8Array of NDJSON lines');
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
    if (!Array.isArray(rows)) throw new Error('rows must be an array of leads');
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
    const err = handle.createError();
    if (err) {
      handle.delete();
      throw new Error(err);
    }
    let deleted = false;
    const alive = () => {
      if (deleted) throw new Error('this roster was deleted');
    };
    return {
      add(rows) {
        alive();
        if (!Array.isArray(rows)) throw new Error('rows must be an array of leads');
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
        if (typeof id !== 'string') throw new Error('id must be a string');
        if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new Error('fields must be an object');
        return fatalCheck(handle.patch(wellFormed(id), docJson(fields)));
      },
      remove(arg) {
        alive();
        if (arg === null || typeof arg !== 'object') throw new Error('remove takes { ids } or { all: true }');
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
    registrableDomain: (s) =>
      typeof s === 'string' ? JSON.parse(M.registrableDomain(wellFormed(s))) : notString('invalid_domain', 'domain'),
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
        throw new Error('plan must be the object plan() returned');
      }
      return fatalCheck(M.predictResponse(provider, docJson({ requests: plan.requests })));
    },
    sendkitFilterRequest(campaignId, filters) {
      if (typeof campaignId !== 'string' || campaignId === '') throw new Error('campaignId must be a non-empty string');
      if (filters === null || typeof filters !== 'object' || Array.isArray(filters)) throw new Error('filters must be an object');
      return fatalCheck(M.sendkitFilterRequest(wellFormed(campaignId), docJson(filters)));
    },
    sendkitSelectAllRequest(campaignId, excludeIds) {
      if (typeof campaignId !== 'string' || campaignId === '') throw new Error('campaignId must be a non-empty string');
      if (excludeIds !== undefined && !Array.isArray(excludeIds)) throw new Error('excludeIds must be an array');
      return fatalCheck(M.sendkitSelectAllRequest(wellFormed(campaignId), docJson(excludeIds || [])));
    },
    /** Bytes of the WASM heap in use by the engine (for leak tests). */
    heapBytes: () => M.HEAPU8.length,
    /** Bytes of the WASM heap allocated by the engine (malloc'd, not freed): the leak test measure. */
    heapUsedBytes: () => M.heapUsedBytes(),
  };
}

// Runs an Emscripten module factory and wraps the result. `moduleArg` is what
// the entry point chose (wasmBinary, locateFile); options.module (a compiled
// WebAssembly.Module, as edge runtimes provide) takes precedence. A module
// that fails to instantiate rejects instead of leaving load() pending.
export async function instantiate(factory, moduleArg, options = {}) {
  let failed = null;
  if (options.module) {
    moduleArg = {};
    failed = new Promise((_, reject) => {
      moduleArg.instantiateWasm = (imports, done) => {
        WebAssembly.instantiate(options.module, imports)
          .then((instance) => done(instance))
          .catch((e) => reject(new Error('load: options.module cannot be instantiated: ' + (e && e.message), { cause: e })));
        return {};
      };
    });
  }
  const ready = factory(moduleArg);
  return makeEngine(await (failed ? Promise.race([ready, failed]) : ready));
}
