// The engine object: a thin JS layer over the Embind module. Each call moves
// one UTF-8 JSON string across the boundary each way (per chunk for batches),
// which is far cheaper than converting objects field by field. The pieces
// live in modules: args.mjs (arguments <-> JSON), heap.mjs (bytes in the WASM
// heap), planner.mjs + lean.mjs (plan, planJson, createPlanner), roster.mjs.
import { toJson, docJson, fatalCheck, checkProvider, optionsJson, wellFormed, notString } from './args.mjs';
import { makeHeap } from './heap.mjs';
import { makePlanning } from './planner.mjs';
import { makeRosters } from './roster.mjs';

const VALIDATOR_CACHE = 8;

export function makeEngine(M) {
  const version = M.version();
  const PROVIDERS = JSON.parse(M.providers()); // the engine's registry
  const knownProvider = (provider) => checkProvider(PROVIDERS, provider);

  const heap = makeHeap(M);
  const { createPlanner, plan, planJson } = makePlanning(M, heap, knownProvider);
  const { createRoster } = makeRosters(M, heap, knownProvider);
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
        throw new Error('headers must be an array of strings');
      }
      if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) {
        throw new Error('the third argument must be an object { map, options }');
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
    planJson,
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
      const v = validatorFor(provider, options);
      const n = heap.withSmallText(text === undefined ? 'null' : text, (p, len) => v.checkBytes(p, len));
      return JSON.parse(heap.decode(v.outPointer(), n));
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
