// Browser, worker and edge entry (ESM). Browsers fetch the .wasm next to this
// file; edge runtimes pass a precompiled WebAssembly.Module: load({ module }).
import factory from './dist/leadroster-web.mjs';
import { makeEngine } from './lib/engine.mjs';

export async function load(options = {}) {
  const moduleArg = {};
  if (options.module) {
    moduleArg.instantiateWasm = (imports, done) => {
      WebAssembly.instantiate(options.module, imports).then((instance) => done(instance));
      return {};
    };
  } else if (options.wasmBinary) {
    moduleArg.wasmBinary = options.wasmBinary;
  } else {
    const url = options.wasmUrl || new URL('./dist/leadroster.wasm', import.meta.url).href;
    moduleArg.locateFile = () => url;
  }
  return makeEngine(await factory(moduleArg));
}

export default { load };
