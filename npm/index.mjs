// Node entry (ESM). The Emscripten 3.1.6 loader cannot fetch a file path on
// Node 20, so the .wasm bytes are read here (or taken from options). The same
// arguments give the same engine; load({ fresh: true }) a new one.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cachedLoader, fetchModule, instantiate, LoadError, LOAD_FIX } from './lib/load.mjs';

const require = createRequire(import.meta.url);
const DEFAULT_WASM = new URL('./dist/leadroster.wasm', import.meta.url);

function readWasm(where) {
  try {
    return readFileSync(where);
  } catch (e) {
    throw new LoadError(`leadroster: cannot read ${where instanceof URL ? fileURLToPath(where) : where} (${e.code || e.message}). ${LOAD_FIX}`, {
      tried: String(where),
      cause: e,
    });
  }
}

export const load = cachedLoader(async (source) => {
  const factory = require('./dist/leadroster-node.cjs');
  if (source.kind === 'module' || source.kind === 'binary') return instantiate(factory, source);
  if (source.kind === 'url' && /^https?:/i.test(source.value)) {
    return instantiate(factory, { kind: 'url', value: fetchModule(source.value) }, source.value);
  }
  const where = source.kind === 'url' ? (/^file:/i.test(source.value) ? new URL(source.value) : source.value) : DEFAULT_WASM;
  const bytes = readWasm(where);
  return instantiate(factory, { kind: 'binary', value: bytes }, String(where));
});

export { LoadError };
export default { load };
