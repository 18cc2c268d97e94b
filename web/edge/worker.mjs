// The edge function (leadroster/edge) as a Cloudflare Worker (workerd): the
// .wasm arrives as a compiled WebAssembly.Module (wrangler's CompiledWasm
// rule, or a workerd config's `wasm = embed "leadroster.wasm"` module), handed
// to load({ module }). Bundle with esbuild --conditions=workerd,worker (wrangler
// does), the .wasm left external; tests/js/edge-workerd.test.mjs does exactly
// that. Limits come from the MAX_BODY_BYTES and MAX_ROWS bindings (defaults
// 16 MiB and 100,000 rows).
import wasm from 'leadroster/leadroster.wasm';
import { load } from 'leadroster';
import { createHandler } from 'leadroster/edge';

let handler = null;

export default {
  fetch(request, env) {
    handler ??= createHandler({
      engine: () => load({ module: wasm }),
      maxBodyBytes: Number(env && env.MAX_BODY_BYTES) || undefined,
      maxRows: Number(env && env.MAX_ROWS) || undefined,
    });
    return handler.fetch(request);
  },
};
