// The engine object: a thin JS layer over the Embind module. Each call moves
// one UTF-8 JSON string across the boundary each way (per chunk for batches),
// which is far cheaper than converting objects field by field. The pieces
// live in modules: args.mjs (arguments <-> JSON), heap.mjs (bytes in the WASM
// heap), planner.mjs + lean.mjs (plan, planJson, createPlanner), roster.mjs.
import { toJson, docJson, fatalCheck, checkProvider, optionsJson, wellFormed, notString } from './args.mjs';
import { argumentError, registerCodes, throwCreateError, typeError } from './errors.mjs';
import { makeHeap } from './heap.mjs';
import { makePlanning } from './planner.mjs';
import { makeRosters } from './roster.mjs';
import { makeInputPlanning } from './input-planner.mjs';

const VALIDATOR_CACHE = 8;

export function makeEngine(M) {
  const version = M.version();
  const PROVIDERS = JSON.parse(M.providers()); // the engine's registry
  const CODES = JSON.parse(M.codes()); // src/codes.def
  registerCodes(CODES);
  const knownProvider = (provider) => checkProvider(PROVIDERS, provider);

  const heap = makeHeap(M);
  const { createPlanner, plan, planJson } = makePlanning(M, heap, knownProvider);
  const { createRoster } = makeRosters(M, heap, knownProvider);
  const { planInput, createInputPlanner } = makeInputPlanning(M, heap, knownProvider);
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

  return {
    version,
    providers: () => PROVIDERS.slice(),
    describeProvider(provider, options) {
      knownProvider(provider);
      return fatalCheck(M.describeProvider(provider, optionsJson(options)));
    },
    codes: () => JSON.parse(M.codes()),
    options: () => JSON.parse(M.options()),
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
    registrableDomain: (s) => (typeof s === 'string' ? JSON.parse(M.registrableDomain(wellFormed(s))) : notString('invalid_domain', 'domain')),
    isFreeMailDomain: (s) => typeof s === 'string' && M.isFreeMailDomain(wellFormed(s)),
    plan,
    planJson,
    createPlanner,
    planInput,
    createInputPlanner,
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
      const v = validatorFor(provider, options);
      const n = heap.withSmallText(text === undefined ? 'null' : text, (p, len) => v.checkBytes(p, len));
      return JSON.parse(heap.decode(v.outPointer(), n));
    },
    createRoster,
    predictResponse(provider, plan) {
      knownProvider(provider);
      if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.requests)) {
        throw typeError('plan must be the object plan() returned');
      }
      return fatalCheck(M.predictResponse(provider, docJson({ requests: plan.requests })));
    },
    // The emulator's answer to one add request: request {campaignId, leads,
    // rows: what a roster's add returned}; -> {status, body} (src/api/emulate.cpp).
    emulateAnswer(provider, request) {
      knownProvider(provider);
      if (request === null || typeof request !== 'object' || !Array.isArray(request.leads) || !Array.isArray(request.rows)) {
        throw typeError('request must be an object {campaignId, leads, rows}');
      }
      return fatalCheck(M.emulateAnswer(provider, toJson(request)));
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
