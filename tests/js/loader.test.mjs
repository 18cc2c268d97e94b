// load() in every entry: a cache (same arguments -> same engine, { fresh }
// -> a new one), every source (module, wasmBinary, wasmUrl, wasm) with no URL
// computed when a module or bytes are given, and load errors that name what
// was tried and the option to pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../browser/server.mjs';
import { REPO_ROOT } from '../support/workerd.mjs';

const NPM = path.join(REPO_ROOT, 'npm');
const WASM = path.join(NPM, 'dist/leadroster.wasm');
const entry = (f) => import(pathToFileURL(path.join(NPM, f)).href);

test('load() caches per source; { fresh: true } gives a new engine; a failed load is not cached', async () => {
  for (const f of ['index.mjs', 'browser.mjs']) {
    const { load } = await entry(f);
    const bytes = fs.readFileSync(WASM);
    const module = await WebAssembly.compile(bytes);
    const a = await load({ module });
    assert.equal(await load({ module }), a, `${f}: same module, same engine`);
    assert.equal(await load({ wasm: module }), a, `${f}: { wasm: module } is { module }`);
    const fresh = await load({ module, fresh: true });
    assert.notEqual(fresh, a, `${f}: fresh`);
    assert.equal(await load({ module }), a, `${f}: fresh does not replace the cached one`);
    const b = await load({ wasmBinary: bytes });
    assert.notEqual(b, a, `${f}: other bytes object, other engine`);
    assert.equal(await load({ wasmBinary: bytes }), b);
    // two engines are independent instances
    const pa = a.createPlanner('sendkit', { campaignId: 'c' });
    pa.push([{ email: 'x@acme.com' }]);
    assert.equal(fresh.plan('sendkit', [{ email: 'x@acme.com' }], { campaignId: 'c' }).rows[0].status, 'ok');
    pa.delete();
  }
  const { load } = await entry('index.mjs');
  assert.equal(await load(), await load());
  assert.equal(await load(), await load(undefined));
  await assert.rejects(load({ wasmUrl: '/nonexistent/leadroster.wasm' }), (e) => e.code === 'load_failed' && e.tried === '/nonexistent/leadroster.wasm');
  // the failure was not cached: the next call tries again (and fails again, freshly)
  await assert.rejects(
    load({ wasmUrl: '/nonexistent/leadroster.wasm' }),
    (e) => e.name === 'LoadError' && e.code === 'load_failed' && e.tried === '/nonexistent/leadroster.wasm',
  );
});

test('wasmUrl over HTTP: fetched once, errors name the URL, the status and the options to pass', async () => {
  let fetches = 0;
  const server = await startServer({ root: NPM, log: (m, u) => u.endsWith('.wasm') && fetches++ });
  try {
    for (const f of ['index.mjs', 'browser.mjs']) {
      const { load, LoadError } = await entry(f);
      fetches = 0;
      const url = `${server.url}/dist/leadroster.wasm`;
      const e = await load({ wasmUrl: url });
      assert.equal(await load({ wasmUrl: url }), e);
      assert.equal(await load({ wasm: url }), e, `${f}: { wasm: url } is { wasmUrl: url }`);
      assert.equal(fetches, 1, `${f}: one fetch for the cached engine`);
      assert.equal(e.normalizeEmail('A@B.CO').value, 'a@b.co');
      const missing = `${server.url}/dist/nope.wasm`;
      await assert.rejects(load({ wasmUrl: missing }), (err) => {
        assert.ok(err instanceof LoadError, f);
        assert.equal(err.code, 'load_failed');
        assert.equal(err.tried, missing);
        assert.match(err.message, new RegExp(`from ${missing.replace(/[.]/g, '\\.')} gave HTTP 404`));
        assert.match(err.message, /load\(\{ wasmUrl \}\).*load\(\{ module \}\).*load\(\{ wasmBinary \}\)/);
        return true;
      });
      // a file that is not WebAssembly
      // (the message, naming the URL and its content type, is what this test is about)
      const notWasm = `${server.url}/package.json`;
      await assert.rejects(
        load({ wasmUrl: notWasm }),
        (e) => e.code === 'load_failed' && e.tried === notWasm && /package\.json \(application\/json\) is not a WebAssembly module/.test(e.message),
      );
    }
  } finally {
    await server.close();
  }
});

test('bad options reject with TypeErrors naming the option; bad modules and bytes name theirs', async () => {
  for (const f of ['index.mjs', 'browser.mjs']) {
    const { load } = await entry(f);
    await assert.rejects(load('x'), (e) => e instanceof TypeError && /options must be an object/.test(e.message));
    await assert.rejects(load({ wasmBinary: 'abc' }), (e) => e instanceof TypeError && /options\.wasmBinary/.test(e.message));
    await assert.rejects(load({ wasmUrl: 42 }), (e) => e instanceof TypeError && /options\.wasmUrl/.test(e.message));
    await assert.rejects(load({ module: {} }), (e) => e.code === 'load_failed' && e.tried === 'options.module');
    // bytes an edge runtime refuses to compile: the message says to pass load({ module })
    await assert.rejects(
      load({ wasmBinary: new Uint8Array([1, 2, 3]) }),
      (e) => e.code === 'load_failed' && e.tried === 'options.wasmBinary' && /load\(\{ module \}\)/.test(e.message),
    );
  }
});

test('browser.mjs given a module or bytes never computes a URL or fetches', async () => {
  const { load } = await entry('browser.mjs');
  const realFetch = globalThis.fetch;
  const RealURL = globalThis.URL;
  let calls = 0;
  globalThis.fetch = () => {
    calls++;
    throw new Error('fetch called');
  };
  globalThis.URL = class extends RealURL {
    constructor(...a) {
      calls++;
      super(...a);
    }
  };
  try {
    const bytes = fs.readFileSync(WASM);
    const e1 = await load({ module: await WebAssembly.compile(bytes), fresh: true });
    const e2 = await load({ wasmBinary: bytes, fresh: true });
    assert.equal(e1.normalizeDomain('WWW.Acme.com').value, 'acme.com');
    assert.equal(e2.normalizeDomain('WWW.Acme.com').value, 'acme.com');
  } finally {
    globalThis.fetch = realFetch;
    globalThis.URL = RealURL;
  }
  assert.equal(calls, 0, 'no URL object made and no fetch');
});
