// Browser, worker and edge entry (ESM). Browsers fetch the .wasm next to this
// file; edge runtimes pass a precompiled WebAssembly.Module: load({ module }).
import factory from './dist/leadroster-web.mjs';
import { instantiate } from './lib/engine.mjs';

export async function load(options = {}) {
  if (options.wasmBinary) return instantiate(factory, { wasmBinary: options.wasmBinary }, options);
  const url = options.wasmUrl || new URL('./dist/leadroster.wasm', import.meta.url).href;
  return instantiate(factory, { locateFile: () => url }, options);
}

export default { load };
