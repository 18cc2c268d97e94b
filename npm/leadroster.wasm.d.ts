// `import wasm from 'leadroster/leadroster.wasm'`. What the import gives
// depends on the tool: a URL string (esbuild --loader:.wasm=file, webpack 5
// `type: 'asset/resource'`) or a compiled WebAssembly.Module (Cloudflare
// Workers / workerd, Vercel edge with `?module`). Hand it to load({ wasm }),
// which takes either.
import type { WasmSource } from './index.js';

declare const wasm: WasmSource;
export default wasm;
