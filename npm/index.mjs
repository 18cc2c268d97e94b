// Node entry (ESM). The Emscripten 3.1.6 loader cannot fetch a file path on
// Node 20, so the .wasm bytes are read here and handed over as wasmBinary.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { instantiate } from './lib/engine.mjs';

const require = createRequire(import.meta.url);
let wasmBytes = null;

export async function load(options = {}) {
  const factory = require('./dist/leadroster-node.cjs');
  let wasmBinary = options.wasmBinary;
  if (!wasmBinary && !options.module) {
    if (!wasmBytes) wasmBytes = readFileSync(new URL('./dist/leadroster.wasm', import.meta.url));
    wasmBinary = wasmBytes;
  }
  return instantiate(factory, { wasmBinary }, options);
}

export default { load };
