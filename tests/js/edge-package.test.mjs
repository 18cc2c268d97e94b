// leadroster/edge as users get it: `npm pack` ships lib/edge.mjs (+ its types
// and what it imports), the tarball installs offline, `import('leadroster/edge')`
// from the installed copy plans a body, and its types compile under tsc --strict.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, tempDir } from '../support/workerd.mjs';

const NPM_DIR = path.join(REPO_ROOT, 'npm');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('leadroster/edge from the packed tarball', { timeout: 120_000 }, () => {
  let t;
  let app;
  let files;
  let env;
  before(() => {
    t = tempDir('leadroster-edge-pack-');
    env = { ...process.env, npm_config_cache: path.join(t.dir, 'cache'), npm_config_update_notifier: 'false' };
    const out = path.join(t.dir, 'out');
    fs.mkdirSync(out);
    const pack = spawnSync(npm, ['pack', '--json', '--pack-destination', out], { cwd: NPM_DIR, env, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
    files = info.files.map((f) => f.path);
    app = path.join(t.dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true,"type":"module"}\n');
    const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', path.join(out, info.filename)], { cwd: app, env, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stdout + install.stderr);
  });
  after(() => t?.remove());

  it('the tarball holds the handler, its types and what it imports', () => {
    for (const f of ['lib/edge.mjs', 'lib/edge.d.ts', 'lib/utf8.mjs', 'lib/csv.mjs']) assert.ok(files.includes(f), `${f} is in the tarball`);
    const pkg = JSON.parse(fs.readFileSync(path.join(app, 'node_modules/leadroster/package.json'), 'utf8'));
    assert.deepEqual(pkg.exports['./edge'], { types: './lib/edge.d.ts', default: './lib/edge.mjs' });
  });

  it("import('leadroster/edge') from the installed copy plans a body", () => {
    const script = `
      const { createHandler, DEFAULT_LIMITS } = await import('leadroster/edge');
      const { load } = await import('leadroster');
      const handler = createHandler({ engine: () => load() });
      const res = await handler.fetch(new Request('http://edge.test/plan?provider=reached&campaignId=3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b&defaultCountry=US', {
        method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Phone,Email\\n(303) 514-0233,jane@\\n+13035140233,\\n',
      }));
      const out = await res.json();
      console.log(JSON.stringify({ status: res.status, limits: DEFAULT_LIMITS, summary: out.summary, rows: out.rows.map((r) => [r.line, r.status, r.dropped]) }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const got = JSON.parse(run.stdout);
    assert.equal(got.status, 200);
    assert.deepEqual(got.limits, { maxBodyBytes: 16 * 1024 * 1024, maxRows: 100_000, maxProblems: 1000, maxAnswerBytes: 16 * 1024 * 1024 });
    assert.equal(got.summary.ok, 1);
    assert.equal(got.summary.duplicate, 1);
    // line 2: the bad optional email was left out (dropped), the phone sent; line 3 is its duplicate
    assert.deepEqual(got.rows, [
      [2, 'ok', [{ field: 'email', code: 'invalid_email', message: "email has nothing after the '@'; left out, the lead is sent without it" }]],
      [3, 'duplicate', []],
    ]);
  });

  it('its types compile under tsc --strict', () => {
    const tsc = path.join(REPO_ROOT, 'tests/node_modules/typescript/bin/tsc');
    fs.writeFileSync(
      path.join(app, 'use.mts'),
      `import { createHandler, droppedOf, type EdgePlanAnswer, type EdgeError } from 'leadroster/edge';
import { load } from 'leadroster';
const h = createHandler({ engine: () => load(), maxRows: 10, maxProblems: 5 });
export async function f(r: Request): Promise<number> {
  const res = await h.fetch(r);
  if (res.status !== 200) return ((await res.json()) as EdgeError).error.line ?? 0;
  const a = (await res.json()) as EdgePlanAnswer;
  return a.rows[0].line + a.problems.rows + droppedOf(a.rows[0].warnings).length + h.limits.maxRows;
}
// @ts-expect-error engine is required
createHandler({});
`,
    );
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2022', 'dom'],
          types: [],
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['use.mts'],
      }),
    );
    const r = spawnSync(process.execPath, [tsc, '-p', app], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
