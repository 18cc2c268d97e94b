// Browser, worker and edge entry (ESM). Browsers fetch the .wasm next to this
// file; edge runtimes pass a precompiled WebAssembly.Module: load({ module }).
import factory from './dist/leadroster-web.mjs';
import { makeEngine } from './lib/engine.mjs';

export async function load(options = {}) {
  const moduleArg = {};
  // A module that fails to instantiate (not a WebAssembly.Module, wrong
  // imports or exports) rejects load() instead of leaving it pending.
  let failed = null;
  if (options.module) {
    failed = new Promise((_, reject) => {
      moduleArg.instantiateWasm = (imports, done) => {
        WebAssembly.instantiate(options.module, imports)
          .then((instance) => done(instance))
          .catch((e) => reject(new Error('load: options.module cannot be instantiated: ' + (e && e.message), { cause: e })));
        return {};
      };
    });
  } else if (options.wasmBinary) {
    moduleArg.wasmBinary = options.wasmBinary;
  } else {
    const url = options.wasmUrl || new URL('./dist/leadroster.wasm', import.meta.url).href;
    moduleArg.locateFile = () => url;
  }
  const ready = factory(moduleArg);
  return makeEngine(await (failed ? Promise.race([ready, failed]) : ready));
}

export default { load };
