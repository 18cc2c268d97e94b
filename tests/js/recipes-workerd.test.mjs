// npm/README.md's workerd recipes, tested as written (issue 16 §6): the
// snippets marked `<!-- recipe: dir/file -->` are copied into an app whose
// node_modules/leadroster is the package, the build line runs as it reads
// (`npx ` dropped: esbuild is run from tests/node_modules/.bin, no registry),
// and workerd serves the config. The one change made to a snippet: the
// config's socket 127.0.0.1:8787 becomes a free port on 127.0.0.1.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO_ROOT, tempDir, workerdBinary } from '../support/workerd.mjs';

const UUID = '3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b';

// { 'workerd/worker.mjs': text, ... } from the README's marked fenced blocks.
function recipes(readme) {
  const out = {};
  const re = /<!-- recipe: ([\w./-]+) -->\n```\w*\n([\s\S]*?)\n```/g;
  for (let m; (m = re.exec(readme));) out[m[1]] = m[2] + '\n';
  return out;
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

// Builds and serves one recipe app; resolves to { url, close }.
async function serve(dir, files, config, build) {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'npm'), path.join(dir, 'node_modules/leadroster'), 'dir');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const line = build.trim().replace(/^npx /, '');
  const env = { ...process.env, PATH: path.join(REPO_ROOT, 'tests/node_modules/.bin') + path.delimiter + process.env.PATH };
  const b = spawnSync('sh', ['-c', line], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(b.status, 0, `${line}\n${b.stdout}${b.stderr}`);
  const port = await freePort();
  assert.match(config, /address = "127\.0\.0\.1:8787"/);
  fs.writeFileSync(path.join(dir, 'config.capnp'), config.replace('127.0.0.1:8787', `127.0.0.1:${port}`));
  let out = '';
  const child = spawn(workerdBinary(), ['serve', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  const close = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exited) throw new Error('workerd exited:\n' + out);
    try {
      await fetch(url + '/', { signal: AbortSignal.timeout(2000) });
      break;
    } catch (_) {
      if (i >= 300) {
        await close();
        throw new Error('workerd did not answer:\n' + out);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, close, output: () => out };
}

describe("npm/README.md's workerd recipes, as written", { timeout: 180_000 }, () => {
  const R = recipes(fs.readFileSync(path.join(REPO_ROOT, 'npm/README.md'), 'utf8'));
  let t;
  const servers = [];
  before(() => (t = tempDir('leadroster-recipes-')));
  after(async () => {
    for (const s of servers) await s.close();
    t?.remove();
  });

  it('the README holds the four snippets', () => {
    assert.deepEqual(Object.keys(R).sort(), ['csv-upload/worker.mjs', 'workerd/build.sh', 'workerd/config.capnp', 'workerd/worker.mjs']);
    assert.match(R['workerd/build.sh'], /--loader:\.wasm=copy/);
    assert.match(R['workerd/build.sh'], /--conditions=workerd,worker/);
  });

  it('the leadroster/edge worker: built by the README line, served by the README config', async () => {
    const s = await serve(path.join(t.dir, 'edge'), { 'worker.mjs': R['workerd/worker.mjs'] }, R['workerd/config.capnp'], R['workerd/build.sh']);
    servers.push(s);
    const res = await fetch(`${s.url}/plan?provider=reached&campaignId=${UUID}&defaultCountry=US`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'Phone,Email\n(303) 514-0233,maelle.girard81 @free.fr\n+13035140233,\n',
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    assert.equal(res.status, 200, text + s.output());
    const out = JSON.parse(text);
    assert.deepEqual(out.summary, { total: 2, ok: 1, invalid: 0, duplicate: 1, requests: 1, minDurationSeconds: 0 });
    assert.deepEqual(out.requests[0].body, { leads: [{ phone: '+13035140233' }] });
    assert.deepEqual(
      out.rows.map((r) => [r.line, r.status, r.dropped]),
      [
        [2, 'ok', [{ field: 'email', code: 'invalid_email', message: 'email contains a space; left out, the lead is sent without it' }]],
        [3, 'duplicate', []],
      ],
    );
    const v = await fetch(`${s.url}/validate?provider=magnetite`, { method: 'POST', body: '{"email":"jane@"}', signal: AbortSignal.timeout(30_000) });
    assert.equal(v.status, 200);
    assert.equal((await v.json()).ok, false);
  });

  it('the CSV upload worker: mapped headers, lines, invalid UTF-8 refused with its line', async () => {
    const s = await serve(path.join(t.dir, 'csv'), { 'worker.mjs': R['csv-upload/worker.mjs'] }, R['workerd/config.capnp'], R['workerd/build.sh']);
    servers.push(s);
    const upload = (body) =>
      fetch(`${s.url}/upload?campaignId=${UUID}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body, signal: AbortSignal.timeout(30_000) });
    const res = await upload('Phone,E-mail,First name\n(303) 514-0233,jane@acme.com,Jane\n+13035140233,,Dup\n+1 5,,Bad\n');
    const text = await res.text();
    assert.equal(res.status, 200, text + s.output());
    const out = JSON.parse(text);
    assert.deepEqual(out.summary, { total: 3, ok: 1, invalid: 1, duplicate: 1, requests: 1, minDurationSeconds: 0 });
    assert.deepEqual(out.requests, [{ leads: [{ email: 'jane@acme.com', first_name: 'Jane', phone: '+13035140233' }] }]);
    assert.deepEqual(
      out.problems.map((p) => [p.line, p.status, p.errors.map((e) => e.code)]),
      [
        [3, 'duplicate', []],
        [4, 'invalid', ['invalid_phone']],
      ],
    );
    const bad = await upload(new Uint8Array([...new TextEncoder().encode('Phone\n+13035140233\n'), 0xe9, 10]));
    assert.equal(bad.status, 400);
    const { error } = await bad.json();
    assert.equal(error.code, 'invalid_utf8');
    assert.equal(error.line, 3);
  });
});
