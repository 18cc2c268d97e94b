// The package as a new user gets it: `npm pack`, installed into an empty
// folder, then used from CommonJS, ESM, bundles made by esbuild, webpack 5
// and vite (each run in Chromium), and a Cloudflare Worker in workerd. Each
// browser bundle follows the README's recipe for its tool.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../browser/server.mjs';
import { launchChromium, runPage } from '../support/chromium.mjs';
import { REPO_ROOT, bundleWorker, devModule, startWorkerd, tempDir } from '../support/workerd.mjs';

const NPM_DIR = path.join(REPO_ROOT, 'npm');
const UUID = '3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b';
const EXPECTED = { dup: 0, body: { leads: [{ phone: '+13035140233' }] } };

// The app code each bundle runs: plan two rows, show the result in #out.
const appCode = (loadCall, imports = '') => `import { load } from 'leadroster';
${imports}
const out = document.getElementById('out');
(async () => {
  try {
    const e = await ${loadCall};
    const again = await ${loadCall};
    const plan = e.plan('reached', [{ phone: '(303) 514-0233' }, { phone: '+13035140233' }], { campaignId: '${UUID}', defaultCountry: 'US' });
    out.textContent = JSON.stringify({ v: e.version, cached: again === e, dup: plan.rows[1].duplicateOf, body: plan.requests[0].body });
  } catch (err) {
    out.textContent = 'ERROR ' + (err && err.message);
  }
  out.dataset.done = '1';
})();
`;
const html = (script, type = 'module') =>
  `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title><pre id="out"></pre><script type="${type}" src="${script}"></script>\n`;

describe('the packed package in an empty project', { timeout: 240_000 }, () => {
  let tmp;
  let app;
  let version;
  let files;
  let browser;

  before(() => {
    for (const f of ['dist/leadroster.wasm', 'dist/leadroster-web.mjs', 'dist/leadroster-node.cjs']) {
      if (!fs.existsSync(path.join(NPM_DIR, f))) throw new Error(`npm/${f} is missing: build first (scripts/build.sh)`);
    }
    tmp = tempDir('leadroster-consumers-');
    const env = { ...process.env, npm_config_cache: path.join(tmp.dir, 'cache'), npm_config_update_notifier: 'false' };
    const outDir = path.join(tmp.dir, 'out');
    fs.mkdirSync(outDir);
    const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: NPM_DIR, env, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
    version = info.version;
    files = info.files.map((f) => f.path).sort();
    app = path.join(tmp.dir, 'app');
    fs.mkdirSync(path.join(app, 'src'), { recursive: true });
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true,"type":"module"}\n');
    const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(outDir, info.filename)], {
      cwd: app,
      env,
      encoding: 'utf8',
    });
    assert.equal(install.status, 0, install.stdout + install.stderr);
  });

  after(async () => {
    await browser?.close().catch(() => {});
    tmp?.remove();
  });

  const chromium = async () => (browser ??= await launchChromium());

  async function runInChromium(dir, page = 'index.html') {
    const server = await startServer({ root: dir });
    try {
      const { text, problems } = await runPage(await chromium(), `${server.url}/${page}`);
      assert.doesNotMatch(text, /^ERROR/, text);
      assert.deepEqual(problems, []);
      const got = JSON.parse(text);
      assert.deepEqual({ dup: got.dup, body: got.body }, EXPECTED);
      assert.equal(got.v, version);
      assert.equal(got.cached, true, 'load() twice with the same arguments gives the same engine');
    } finally {
      await server.close();
    }
  }

  it('the tarball carries README, LICENSE, the types and the metadata', () => {
    for (const f of ['README.md', 'LICENSE', 'index.d.ts', 'leadroster.wasm.d.ts', 'browser.mjs', 'lib/load.mjs', 'lib/csv.mjs', 'dist/leadroster.wasm']) {
      assert.ok(files.includes(f), `${f} is in the tarball: ${files.join(', ')}`);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(app, 'node_modules/leadroster/package.json'), 'utf8'));
    assert.ok(pkg.keywords.length > 3);
    assert.equal(pkg.module, './browser.mjs', '"module" is the entry without node: imports');
    for (const c of ['workerd', 'worker', 'edge-light', 'deno', 'browser', 'default']) assert.equal(pkg.exports['.'][c], './browser.mjs', c);
    // the non-Node entry and what it imports: no node: modules, no top-level URL work
    for (const f of ['browser.mjs', 'lib/load.mjs', 'lib/engine.mjs', 'dist/leadroster-web.mjs']) {
      const text = fs.readFileSync(path.join(app, 'node_modules/leadroster', f), 'utf8');
      assert.doesNotMatch(text, /from ['"]node:|require\(['"]node:/, f);
      assert.doesNotMatch(text, /leadroster-web\.wasm/, `${f} names a file the package does not ship`);
    }
  });

  it('loads from CommonJS and ESM in Node (cached; fresh on request)', () => {
    const script = `const a = await lr.load(); const b = await lr.load(); const c = await lr.load({ fresh: true });
      const plan = a.plan('reached', [{ phone: '(303) 514-0233' }, { phone: '+13035140233' }], { campaignId: '${UUID}', defaultCountry: 'US' });
      console.log(JSON.stringify({ v: a.version, same: a === b, fresh: a !== c, dup: plan.rows[1].duplicateOf, body: plan.requests[0].body }));`;
    const runs = {
      cjs: spawnSync(
        process.execPath,
        ['--input-type=commonjs', '-e', `(async () => { const lr = require('leadroster'); ${script} })().catch((e) => { console.error(e); process.exit(1); })`],
        { cwd: app, encoding: 'utf8' },
      ),
      esm: spawnSync(process.execPath, ['--input-type=module', '-e', `import * as lr from 'leadroster'; ${script}`], { cwd: app, encoding: 'utf8' }),
    };
    for (const [name, r] of Object.entries(runs)) {
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      assert.deepEqual(JSON.parse(r.stdout), { v: version, same: true, fresh: true, ...EXPECTED }, name);
    }
  });

  it('esbuild bundle (README recipe: --loader:.wasm=file, load({ wasm })) runs in Chromium', async () => {
    const esbuild = devModule('esbuild');
    fs.writeFileSync(path.join(app, 'src/esbuild.js'), appCode('load({ wasm })', "import wasm from 'leadroster/leadroster.wasm';"));
    const dist = path.join(app, 'dist-esbuild');
    await esbuild.build({
      absWorkingDir: app,
      entryPoints: ['src/esbuild.js'],
      bundle: true,
      format: 'esm',
      loader: { '.wasm': 'file' },
      outdir: dist,
      logLevel: 'error',
    });
    assert.ok(
      fs.readdirSync(dist).some((f) => f.endsWith('.wasm')),
      'esbuild emitted the .wasm',
    );
    fs.writeFileSync(path.join(dist, 'index.html'), html('esbuild.js'));
    await runInChromium(dist);
  });

  it('esbuild bundle without the recipe fails with an error naming the URL and wasmUrl', async () => {
    const esbuild = devModule('esbuild');
    fs.writeFileSync(path.join(app, 'src/naive.js'), appCode('load()'));
    const dist = path.join(app, 'dist-naive');
    await esbuild.build({ absWorkingDir: app, entryPoints: ['src/naive.js'], bundle: true, format: 'esm', outdir: dist, logLevel: 'error' });
    fs.writeFileSync(path.join(dist, 'index.html'), html('naive.js'));
    const server = await startServer({ root: dist });
    try {
      const { text } = await runPage(await chromium(), `${server.url}/index.html`);
      assert.match(text, /^ERROR leadroster: fetching leadroster\.wasm from http:\/\/127\.0\.0\.1:\d+\/dist\/leadroster\.wasm gave HTTP 404/);
      assert.match(text, /load\(\{ wasmUrl \}\)/);
    } finally {
      await server.close();
    }
  });

  it('webpack 5 bundle (no configuration for the .wasm) runs in Chromium', async () => {
    const webpack = devModule('webpack');
    fs.writeFileSync(path.join(app, 'src/webpack.js'), appCode('load()'));
    const dist = path.join(app, 'dist-webpack');
    const stats = await new Promise((resolve, reject) =>
      webpack(
        {
          mode: 'production',
          context: app,
          entry: './src/webpack.js',
          output: { path: dist, filename: 'main.js' },
          target: 'web',
          devtool: false,
          optimization: { minimize: false }, // minifying the glue only costs test time
          performance: { hints: false },
          infrastructureLogging: { level: 'error' },
        },
        (err, s) => (err ? reject(err) : resolve(s)),
      ),
    );
    assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
    assert.ok(
      fs.readdirSync(dist).some((f) => f.endsWith('.wasm')),
      'webpack emitted the .wasm as an asset',
    );
    fs.writeFileSync(path.join(dist, 'index.html'), html('main.js', 'text/javascript'));
    await runInChromium(dist);
  });

  it('vite build (no configuration) runs in Chromium', async () => {
    const vite = await import(pathToFileURL(path.join(REPO_ROOT, 'tests/node_modules/vite/dist/node/index.js')).href);
    fs.writeFileSync(path.join(app, 'src/vite.js'), appCode('load()'));
    fs.writeFileSync(path.join(app, 'index.html'), html('/src/vite.js'));
    const dist = path.join(app, 'dist-vite');
    await vite.build({ root: app, configFile: false, logLevel: 'error', build: { outDir: dist, emptyOutDir: true } });
    assert.ok(
      fs.readdirSync(path.join(dist, 'assets')).some((f) => f.endsWith('.wasm')),
      'vite emitted the .wasm',
    );
    await runInChromium(dist);
  });

  it('a Cloudflare Worker (README recipe) runs in workerd; load() with nothing says what to pass', async () => {
    fs.writeFileSync(
      path.join(app, 'src/worker.js'),
      `import wasm from 'leadroster/leadroster.wasm';
import { load } from 'leadroster';
export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      const engine = url.searchParams.has('none') ? await load() : await load({ module: wasm });
      const again = await load({ module: wasm });
      return Response.json({ v: engine.version, cached: engine === again, email: engine.normalizeEmail(url.searchParams.get('email') ?? '') });
    } catch (e) {
      return new Response(e.name + ': ' + e.message, { status: 500 });
    }
  },
};
`,
    );
    const dir = path.join(tmp.dir, 'workerd');
    fs.mkdirSync(dir);
    await bundleWorker(path.join(app, 'src/worker.js'), dir, { absWorkingDir: app });
    const w = await startWorkerd({ dir, wasmPath: path.join(app, 'node_modules/leadroster/dist/leadroster.wasm') });
    try {
      const r = await fetch(`${w.url}/?email=${encodeURIComponent(' Mary@Acme.COM ')}`);
      const body = await r.text();
      assert.equal(r.status, 200, body + w.output());
      assert.deepEqual(JSON.parse(body), { v: version, cached: true, email: { ok: true, value: 'mary@acme.com', domain: 'acme.com' } });
      const none = await fetch(`${w.url}/?none`);
      const text = await none.text();
      assert.equal(none.status, 500);
      assert.match(text, /^LoadError: leadroster: no module\/wasmBinary\/wasmUrl given.*import\.meta\.url is undefined.*load\(\{ module \}\)/);
    } finally {
      await w.close();
    }
  });
});
