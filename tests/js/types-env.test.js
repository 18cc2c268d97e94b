'use strict';
// npm/index.d.ts and npm/leadroster.wasm.d.ts compile in the setups users
// have: a Node-only project (lib es2022 + @types/node, no DOM: no global
// WebAssembly or URL types there), a browser project (lib dom) and a worker
// project (lib webworker), each with skipLibCheck off so the package's own
// declarations are checked too.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'tests/node_modules/typescript/bin/tsc');

const USAGE = `import { load, LoadError, type Engine, type LoadOptions } from 'leadroster';
import wasm from 'leadroster/leadroster.wasm';
export async function main(): Promise<Engine> {
  const viaWasm = await load({ wasm });
  const fresh = await load({ fresh: true, wasmUrl: 'https://cdn.example/leadroster.wasm' });
  const opts: LoadOptions = { wasmBinary: new Uint8Array(8) };
  try {
    await load(opts);
  } catch (err) {
    if (err instanceof LoadError) {
      const tried: string | undefined = err.tried;
      void tried;
    }
  }
  // @ts-expect-error fresh is a boolean
  await load({ fresh: 'yes' });
  void fresh;
  return viaWasm;
}
`;

function compile(lib, types) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadroster-types-env-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(ROOT, 'npm'), path.join(dir, 'node_modules/leadroster'), 'dir');
    if (types.length) fs.symlinkSync(path.join(ROOT, 'tests/node_modules/@types'), path.join(dir, 'node_modules/@types'), 'dir');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true,"type":"module"}\n');
    fs.writeFileSync(path.join(dir, 'usage.ts'), USAGE);
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib, types, skipLibCheck: false, noEmit: true },
        files: ['usage.ts'],
      }),
    );
    return spawnSync(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const [name, lib, types] of [
  ['lib es2022 + @types/node (no DOM)', ['es2022'], ['node']],
  ['lib es2022 + dom', ['es2022', 'dom'], []],
  ['lib es2022 + webworker', ['es2022', 'webworker'], []],
]) {
  test(`the declarations compile under ${name}`, { timeout: 60000 }, () => {
    const r = compile(lib, types);
    assert.equal(r.status, 0, 'tsc reported errors:\n' + r.stdout + r.stderr);
  });
}

test('@types/node is installed for the Node-only check (else that check proves nothing)', () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'tests/node_modules/@types/node/package.json')));
});
