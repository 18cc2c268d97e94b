// The emulator's own hardening (issue 17, minor items): loopback only unless
// asked, the lead listing behind a key, and a state file written per change
// (appended) rather than rewritten whole.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'npm', 'cli.mjs');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const { createEmulator } = await import(join(ROOT, 'npm', 'lib', 'emulator.mjs'));
const engine = await load();
const dir = mkdtempSync(join(tmpdir(), 'leadroster-emu-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const PUFFLE = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';

test('emulate listens on the loopback only unless --allow-non-loopback', () => {
  for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
    assert.throws(
      () => createEmulator({ engine, keys: ['k'], host }),
      (e) => e.code === 'non_loopback_host',
    );
    const r = spawnSync(process.execPath, [CLI, 'emulate', '--key', 'k', '--host', host, '--port', '0'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 2, r.stderr);
  }
  for (const host of ['127.0.0.1', 'localhost', '::1']) createEmulator({ engine, keys: ['k'], host });
  createEmulator({ engine, keys: ['k'], host: '0.0.0.0', allowNonLoopback: true });
});

test('/_emulator/state?leads=1 needs one of the keys; the counts do not', async () => {
  const emu = createEmulator({ engine, keys: ['k1'], campaigns: [{ provider: 'sendkit', id: 'sk', leads: [{ email: 'a@b.co' }] }] });
  const { url } = await emu.listen(0);
  try {
    assert.equal((await fetch(`${url}/_emulator/state?leads=1`)).status, 401);
    assert.equal((await fetch(`${url}/_emulator/state?leads=1`, { headers: { Authorization: 'Bearer nope' } })).status, 401);
    for (const headers of [{ Authorization: 'Bearer k1' }, { 'X-Api-Key': 'k1' }]) {
      const r = await fetch(`${url}/_emulator/state?leads=1`, { headers });
      assert.equal(r.status, 200);
      assert.equal((await r.json()).campaigns[0].leads.length, 1);
    }
    const open = await (await fetch(`${url}/_emulator/state`)).json();
    assert.equal(open.campaigns[0].count, 1);
    assert.equal(open.campaigns[0].leads, undefined);
  } finally {
    await emu.close();
  }
});

test('--state appends one line per change (the snapshot is not rewritten), restores adds, patches and deletes', { timeout: 60000 }, async () => {
  const stateFile = join(dir, 'state.ndjson');
  const seed = Array.from({ length: 20000 }, (_, i) => ({ email: `seed${i}@example.com` }));
  let emu = createEmulator({
    engine,
    keys: ['k'],
    campaigns: [
      { provider: 'sendkit', id: 'sk', leads: seed },
      { provider: 'puffle', id: PUFFLE },
    ],
    stateFile,
  });
  let { url } = await emu.listen(0);
  const post = (path, body, method = 'POST') =>
    fetch(url + path, { method, headers: { Authorization: 'Bearer k', 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const snapshotBytes = statSync(stateFile).size;
  const firstLine = readFileSync(stateFile, 'utf8').split('\n')[0];
  const t0 = Date.now();
  for (let i = 0; i < 50; i++) await post('/v1/campaigns/sk/leads', { leads: [{ email: `new${i}@example.com` }] });
  const ms = Date.now() - t0;
  await post(`/api/campaigns/${PUFFLE}/leads`, { leads: [{ email: 'p1@x.co' }, { email: 'p2@x.co' }, { email: 'p3@x.co' }] });
  const list = await fetch(`${url}/api/campaigns/${PUFFLE}/leads`, { headers: { Authorization: 'Bearer k' } }).then((r) => r.json());
  await post(`/api/campaigns/${PUFFLE}/leads`, { id: list.leads[0].id, fields: { first_name: 'Ann' } }, 'PATCH');
  await post(`/api/campaigns/${PUFFLE}/leads`, { ids: [list.leads[1].id] }, 'DELETE');
  const text = readFileSync(stateFile, 'utf8');
  const lines = text.split('\n').filter(Boolean);
  assert.equal(lines[0], firstLine, 'the snapshot line is left as it was');
  assert.equal(lines.length, 1 + 50 + 1 + 1 + 1, 'one line per change');
  assert.ok(text.length - snapshotBytes < 10000, `${text.length - snapshotBytes} bytes appended for 53 small changes`);
  console.log(`# emulator-state 20,000 seeded leads: 50 adds in ${ms} ms, ${text.length - snapshotBytes} bytes appended (snapshot ${snapshotBytes} bytes)`);
  // killed without close(): a restart replays the lines
  emu.server.closeAllConnections();
  emu.server.close();
  emu = createEmulator({ engine, keys: ['k'], campaigns: [], stateFile });
  ({ url } = await emu.listen(0));
  try {
    const st = emu.state(true);
    const sk = st.campaigns.find((c) => c.id === 'sk');
    const pf = st.campaigns.find((c) => c.id === PUFFLE);
    assert.equal(sk.count, 20050);
    assert.deepEqual(
      pf.leads.map((l) => [l.email, l.first_name]),
      [
        ['p1@x.co', 'Ann'],
        ['p3@x.co', undefined],
      ],
    );
  } finally {
    await emu.close();
  }
  assert.equal(readFileSync(stateFile, 'utf8').split('\n').filter(Boolean).length, 1, 'compacted on close');
});
