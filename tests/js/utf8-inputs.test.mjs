// Invalid UTF-8 is refused with its line wherever the package reads bytes
// (issue 17): the streaming check itself (lib/utf8.mjs), csvRecords over bytes,
// push's file reader (lib/input.mjs), and the CLI's plan and check on JSON,
// NDJSON and CSV files. Before, each of them replaced the byte with U+FFFD.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, tempDir } from '../support/workerd.mjs';

const lib = (f) => pathToFileURL(path.join(REPO_ROOT, 'npm/lib', f)).href;
const CLI = path.join(REPO_ROOT, 'npm/cli.mjs');
const UUID = '3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b';
const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('Utf8Check', () => {
  let Utf8Check;
  before(async () => ({ Utf8Check } = await import(lib('utf8.mjs'))));
  const run = (chunks) => {
    const c = new Utf8Check();
    try {
      for (const ch of chunks) c.push(Uint8Array.from(ch));
      c.end();
      return 'ok';
    } catch (e) {
      assert.equal(e.code, 'invalid_utf8');
      return [e.line, e.offset];
    }
  };
  it('takes UTF-8, split anywhere', () => {
    const text = [...Buffer.from('a\nzoë 😀 €\u{10FFFF}\n')];
    for (let cut = 0; cut <= text.length; cut++) assert.equal(run([text.slice(0, cut), text.slice(cut)]), 'ok', String(cut));
  });
  it('names the line and byte of the first bad sequence', () => {
    assert.deepEqual(run([[0x61, 10, 0x62, 0xff]]), [2, 3]); // never in UTF-8
    assert.deepEqual(run([[10, 10, 0xc3], [0x28]]), [3, 2]); // lead byte, no continuation (split)
    assert.deepEqual(run([[0xc0, 0x80]]), [1, 0]); // overlong
    assert.deepEqual(run([[0xe0, 0x80, 0x80]]), [1, 0]); // overlong
    assert.deepEqual(run([[0xed, 0xa0, 0x80]]), [1, 0]); // a surrogate
    assert.deepEqual(run([[0xf4, 0x90, 0x80, 0x80]]), [1, 0]); // past U+10FFFF
    assert.deepEqual(run([[0x61, 0x80]]), [1, 1]); // a stray continuation byte
    assert.deepEqual(run([[0x61, 10, 0xf0, 0x9f, 0x98]]), [2, 2]); // cut short at the end
    assert.deepEqual(run([[0xc3, 10]]), [1, 0]); // a newline is no continuation
  });
});

describe('package byte inputs', () => {
  let t;
  before(() => (t = tempDir('leadroster-utf8-')));
  after(() => t.remove());
  const file = (name, content) => {
    const p = path.join(t.dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const BAD_CSV = bytes('email,first_name\nann@acme.com,Ann\nbob@acme.com,B', [0xe9], 'b\n'); // latin-1 é
  const BAD_JSON = bytes('[\n{"email":"ann@acme.com"},\n{"email":"b', [0xe9], 'b@acme.com"}\n]\n');
  const BAD_NDJSON = bytes('{"email":"ann@acme.com"}\n\n{"email":"b', [0xe9], 'b@acme.com"}\n');

  it('csvRecords over bytes rejects with a CsvError invalid_utf8 and the line', async () => {
    const { csvRecords } = await import(lib('csv.mjs'));
    const pieces = [BAD_CSV.subarray(0, 40), BAD_CSV.subarray(40)];
    await assert.rejects(
      (async () => {
        for await (const _ of csvRecords(pieces)) void _;
      })(),
      (e) => e.name === 'CsvError' && e.code === 'invalid_utf8' && e.line === 3,
    );
    // text already decoded is taken as it is; good bytes read as written
    const got = [];
    for await (const g of csvRecords([Buffer.from('email\nzoë@acme.com\n')])) got.push(...g.map((r) => r.cells));
    assert.deepEqual(got, [['email'], ['zoë@acme.com']]);
  });

  it("push's file reader (planFile) rejects a file with its line", async () => {
    const { planFile } = await import(lib('input.mjs'));
    const { load } = await import(pathToFileURL(path.join(REPO_ROOT, 'npm/index.mjs')).href);
    const engine = await load();
    for (const [name, content] of [
      ['a.json', BAD_JSON],
      ['a.ndjson', BAD_NDJSON],
      ['a.csv', BAD_CSV],
    ]) {
      const planner = engine.createPlanner('puffle', { campaignId: UUID });
      try {
        await assert.rejects(
          planFile(file(name, content), 'puffle', planner, () => {}, { engine, options: {} }),
          (e) => e.code === 'invalid_utf8' && e.line === 3,
          name,
        );
      } finally {
        planner.delete();
      }
    }
  });

  it('the CLI: plan exits 1 and check exits 2, naming the line, for JSON, NDJSON and CSV', () => {
    for (const [name, content] of [
      ['b.json', BAD_JSON],
      ['b.ndjson', BAD_NDJSON],
      ['b.csv', BAD_CSV],
    ]) {
      const p = file(name, content);
      const plan = spawnSync(process.execPath, [CLI, 'plan', '--provider', 'puffle', '--campaign-id', UUID, '--format', 'json', p], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(plan.status, 1, `plan ${name}: ${plan.stdout.slice(0, 300)} ${plan.stderr}`);
      assert.match(plan.stderr, /not valid UTF-8/, name);
      assert.match(plan.stderr, /line 3\b/, name);
      const check = spawnSync(process.execPath, [CLI, 'check', '--provider', 'puffle', p], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(check.status, 2, `check ${name}: ${check.stdout.slice(0, 300)} ${check.stderr}`);
      assert.match(check.stderr, /not valid UTF-8/, name);
      assert.match(check.stderr, /line 3\b/, name);
    }
    // stdin too
    const r = spawnSync(process.execPath, [CLI, 'plan', '--provider', 'puffle', '--campaign-id', UUID, '--input-format', 'ndjson', '--format', 'json', '-'], {
      input: BAD_NDJSON,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /line 3/);
  });
});
