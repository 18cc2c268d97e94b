// Loading the WebAssembly engine, shared by every entry point (index.mjs for
// Node, browser.mjs for browsers, workers, bundlers and edge runtimes).
//
// The entries decide where the .wasm comes from; this file instantiates it.
// The Emscripten glue is never left to find or fetch the .wasm itself: it gets
// `instantiateWasm` (so we compile, and say what failed and how to fix it) and
// always a `locateFile` (so it computes no URL of its own). Nothing here runs
// at import time: an entry may be imported where import.meta.url is undefined
// (workerd) or where compiling from bytes is forbidden (edge runtimes).

import { makeEngine } from './engine.mjs';

const FIX =
  'Pass load({ wasmUrl }) with the URL where your app serves leadroster.wasm (see the README: vite, webpack, esbuild), ' +
  'load({ module }) with a compiled WebAssembly.Module (edge runtimes: import the .wasm as a module), ' +
  'or load({ wasmBinary }) with its bytes.';

export class LoadError extends Error {
  constructor(message, { tried, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'LoadError';
    this.code = 'load_failed';
    /** What was tried: a URL, 'options.module', 'options.wasmBinary' or 'nothing'. */
    this.tried = tried;
  }
}

const reason = (e) => (e && e.message) || String(e);

function isModule(m) {
  return typeof WebAssembly !== 'undefined' && m instanceof WebAssembly.Module;
}

function isBytes(b) {
  return b instanceof ArrayBuffer || ArrayBuffer.isView(b);
}

// Checks load()'s options and says which source they name:
// { kind: 'module'|'binary'|'url'|'default', value }.
export function sourceOf(options) {
  if (options === undefined || options === null) return { kind: 'default' };
  if (typeof options !== 'object') throw new TypeError('load(options): options must be an object');
  const w = options.wasm;
  if (w !== undefined && w !== null && options.module == null && options.wasmBinary == null && !options.wasmUrl) {
    // The default import of 'leadroster/leadroster.wasm', whatever the tool made of it.
    if (typeof w === 'string' || (typeof URL !== 'undefined' && w instanceof URL)) return sourceOf({ wasmUrl: w });
    if (isBytes(w)) return sourceOf({ wasmBinary: w });
    return sourceOf({ module: w });
  }
  if (options.module !== undefined && options.module !== null) return { kind: 'module', value: options.module };
  if (options.wasmBinary !== undefined && options.wasmBinary !== null) {
    if (!isBytes(options.wasmBinary)) {
      throw new TypeError('load(options): options.wasmBinary must be an ArrayBuffer or a Uint8Array of leadroster.wasm');
    }
    return { kind: 'binary', value: options.wasmBinary };
  }
  if (options.wasmUrl !== undefined && options.wasmUrl !== null && options.wasmUrl !== '') {
    const u = options.wasmUrl;
    if (typeof u !== 'string' && !(typeof URL !== 'undefined' && u instanceof URL)) {
      throw new TypeError('load(options): options.wasmUrl must be a string or a URL');
    }
    return { kind: 'url', value: String(u) };
  }
  return { kind: 'default' };
}

// load() with a cache: the same arguments give the same engine (one instance
// per module / bytes object / URL / default); { fresh: true } always makes a
// new one (and does not replace the cached one). A failed load is not cached.
export function cachedLoader(create) {
  const byObject = new WeakMap();
  const byUrl = new Map();
  return function load(options) {
    let source;
    try {
      source = sourceOf(options);
    } catch (e) {
      return Promise.reject(e);
    }
    if (options && options.fresh) return create(source, options);
    const map = source.kind === 'module' || source.kind === 'binary' ? byObject : byUrl;
    const key = map === byObject ? source.value : source.kind + ':' + (source.value || '');
    let p = map.get(key);
    if (!p) {
      p = create(source, options || {});
      map.set(key, p);
      p.catch(() => {
        if (map.get(key) === p) map.delete(key);
      });
    }
    return p;
  };
}

// Fetches a .wasm URL and compiles it. Errors name the URL and the fix.
export async function fetchModule(url, fetchImpl = globalThis.fetch) {
  if (typeof fetchImpl !== 'function') {
    throw new LoadError(`leadroster: cannot fetch ${url}: this runtime has no fetch(). ${FIX}`, { tried: url });
  }
  let res;
  try {
    res = await fetchImpl(url, { credentials: 'same-origin' });
  } catch (e) {
    throw new LoadError(`leadroster: fetching leadroster.wasm from ${url} failed (${reason(e)}). ${FIX}`, { tried: url, cause: e });
  }
  if (!res.ok) {
    throw new LoadError(`leadroster: fetching leadroster.wasm from ${url} gave HTTP ${res.status}. ${FIX}`, { tried: url });
  }
  const type = (res.headers.get('content-type') || '').split(';')[0].trim();
  try {
    if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
      return await WebAssembly.compileStreaming(res);
    }
    return await WebAssembly.compile(await res.arrayBuffer());
  } catch (e) {
    throw new LoadError(`leadroster: ${url} (${type || 'no content type'}) is not a WebAssembly module leadroster can use (${reason(e)}). ${FIX}`, {
      tried: url,
      cause: e,
    });
  }
}

// Runs the Emscripten factory on a compiled module, bytes or a module promise
// and wraps the result as the engine. `locateFile` is always given, so the
// glue never computes a URL; `wasmUrl` (when known) is what it would report.
export async function instantiate(factory, source, wasmUrl) {
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  const what = source.kind === 'binary' ? 'options.wasmBinary' : source.kind === 'module' ? 'options.module' : wasmUrl;
  const moduleArg = {
    locateFile: () => wasmUrl || 'leadroster.wasm',
    instantiateWasm(imports, done) {
      Promise.resolve(source.value)
        .then((m) => {
          if (source.kind === 'module' && !isModule(m)) {
            throw new TypeError('options.module must be a WebAssembly.Module (e.g. the .wasm imported as a module)');
          }
          return WebAssembly.instantiate(m, imports);
        })
        .then((r) => done(r instanceof WebAssembly.Instance ? r : r.instance))
        .catch((e) => {
          if (e instanceof LoadError) return fail(e);
          const edge =
            source.kind === 'binary'
              ? ' (edge runtimes such as Cloudflare Workers forbid compiling WebAssembly from bytes: pass load({ module }) with the .wasm imported as a module)'
              : '';
          fail(new LoadError(`leadroster: ${what} cannot be instantiated: ${reason(e)}${edge}`, { tried: what, cause: e }));
        });
      return {};
    },
  };
  const ready = factory(moduleArg);
  return makeEngine(await Promise.race([ready, failed]));
}

export { FIX as LOAD_FIX };
