// A worker for bench/edge.mjs: plans the body (CSV, reached) `repeat` times
// with engine.planInput and answers the last summary. Timing repeat=11
// against repeat=1 from outside gives one engine call's time inside workerd
// (its clocks do not advance while a request runs, so it cannot time itself).
import wasm from 'leadroster/leadroster.wasm';
import { load } from 'leadroster';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const repeat = Math.min(50, Math.max(1, Number(url.searchParams.get('repeat')) || 1));
    const engine = await load({ module: wasm });
    const bytes = new Uint8Array(await request.arrayBuffer());
    const options = { campaignId: url.searchParams.get('campaignId'), defaultCountry: 'US', format: 'csv' };
    let summary = null;
    for (let i = 0; i < repeat; i++) summary = engine.planInput('reached', bytes, options).summary;
    return new Response(JSON.stringify(summary), { headers: { 'content-type': 'application/json' } });
  },
};
