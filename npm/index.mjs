// Node entry (ESM). The Emscripten 3.1.6 loader cannot fetch a file path on
// Node 20, so the .wasm bytes are read here and handed over as wasmBinary.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { makeEngine } from './lib/engine.mjs';

const require = createRequire(import.meta.url);
let wasmBytes = null;

export async function load(options = {}) {
  const factory = require('./dist/leadroster-node.cjs');
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
  } else {
    if (!options.wasmBinary && !wasmBytes) wasmBytes = readFileSync(new URL('./dist/leadroster.wasm', import.meta.url));
    moduleArg.wasmBinary = options.wasmBinary || wasmBytes;
  }
  const ready = factory(moduleArg);
  return makeEngine(await (failed ? Promise.race([ready, failed]) : ready));
}

export default { load };
