// Runs workerd (the `workerd` npm package's binary, tests/node_modules) on
// 127.0.0.1 with one worker: an ES module bundle plus leadroster.wasm as a
// wasm module (arrives as a WebAssembly.Module, as in Cloudflare Workers).
// Bundles with esbuild the way wrangler does (conditions workerd, worker).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireDev = createRequire(path.join(REPO_ROOT, 'tests', 'package.json'));

export function devModule(name) {
  try {
    return requireDev(name);
  } catch (e) {
    throw new Error(`${name} is not installed in tests/node_modules (run scripts/install-deps.sh): ${e.message}`);
  }
}

export function workerdBinary() {
  // The package's bin is a Node launcher; its main export is the binary's path.
  return devModule('workerd').default ?? devModule('workerd');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Bundles `entry` for workerd into dir/worker.mjs; any .wasm import becomes the module "leadroster.wasm". */
export async function bundleWorker(entry, dir, { nodePaths = [], absWorkingDir } = {}) {
  const esbuild = devModule('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    outfile: path.join(dir, 'worker.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    nodePaths,
    absWorkingDir,
    logLevel: 'error',
    plugins: [
      {
        name: 'wasm-module',
        setup(b) {
          b.onResolve({ filter: /\.wasm$/ }, () => ({ path: './leadroster.wasm', external: true }));
        },
      },
    ],
  });
  return path.join(dir, 'worker.mjs');
}

/**
 * Starts workerd serving dir/worker.mjs (+ wasmPath as "leadroster.wasm").
 * Resolves to { url, close(), output() } once it answers HTTP.
 */
export async function startWorkerd({ dir, wasmPath, bindings = {}, timeoutMs = 30_000 }) {
  copyFileSync(wasmPath, path.join(dir, 'leadroster.wasm'));
  const port = await freePort();
  const binds = Object.entries(bindings)
    .map(([k, v]) => `(name = ${JSON.stringify(k)}, text = ${JSON.stringify(String(v))})`)
    .join(', ');
  writeFileSync(
    path.join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "leadroster.wasm", wasm = embed "leadroster.wasm"),
  ],
  bindings = [ ${binds} ],
  compatibilityDate = "2024-09-23",
);
`,
  );
  let out = '';
  const child = spawn(workerdBinary(), ['serve', path.join(dir, 'config.capnp'), '--verbose'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const url = `http://127.0.0.1:${port}`;
  const close = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`workerd exited (${JSON.stringify(exited)}) before answering:\n${out}`);
    try {
      await fetch(url + '/__ping', { signal: AbortSignal.timeout(2000) });
      break;
    } catch (_) {
      if (Date.now() > deadline) {
        await close();
        throw new Error(`workerd did not answer on ${url} within ${timeoutMs} ms:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, close, output: () => out };
}

export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
