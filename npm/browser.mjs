// Browser, worker, bundler and edge entry (ESM, no node: imports, nothing
// computed at import time). Where the .wasm comes from, first match wins:
//   load({ module })      a compiled WebAssembly.Module (edge runtimes: workerd,
//                         Vercel edge, Deno Deploy import the .wasm as a module)
//   load({ wasmBinary })  its bytes
//   load({ wasmUrl })     a URL to fetch (a bundler's asset URL, a CDN)
//   load()                dist/leadroster.wasm next to this file, found from
//                         import.meta.url (browsers, vite, webpack 5)
// The same arguments give the same engine; load({ fresh: true }) a new one.
import factory from './dist/leadroster-web.mjs';
import { cachedLoader, fetchModule, instantiate, LoadError, LOAD_FIX } from './lib/load.mjs';

function defaultUrl() {
  let base;
  try {
    base = import.meta.url;
  } catch (_) {
    base = undefined;
  }
  if (typeof base === 'string' && base !== '') {
    try {
      // Written out in full so that bundlers (webpack 5, vite) see the asset.
      return new URL('./dist/leadroster.wasm', import.meta.url).href;
    } catch (_) {
      // fall through: an unusable base URL
    }
  }
  throw new LoadError(
    `leadroster: no module/wasmBinary/wasmUrl given, and the .wasm's default URL cannot be computed here ` +
      `(import.meta.url is ${JSON.stringify(base)}). ${LOAD_FIX}`,
    { tried: 'nothing' },
  );
}

export const load = cachedLoader(async (source) => {
  if (source.kind === 'module' || source.kind === 'binary') return instantiate(factory, source);
  const url = source.kind === 'url' ? source.value : defaultUrl();
  return instantiate(factory, { kind: 'url', value: fetchModule(url) }, url);
});

export { LoadError };
export default { load };
