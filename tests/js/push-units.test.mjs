// Small in-process checks of the push building blocks: the pacer's server
// hints (X-RateLimit-Remaining/Reset, Retry-After pause) on an injected clock,
// minDurationSeconds, the emulator's --state save/restore, and fault parsing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { Pacer, manualClock, minDurationSeconds } = await import(join(ROOT, 'npm', 'lib', 'pacer.mjs'));
const { createEmulator, parseFaults, parseCampaign } = await import(join(ROOT, 'npm', 'lib', 'emulator.mjs'));
const { formulaSafe } = await import(join(ROOT, 'npm', 'lib', 'report.mjs'));
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));

test('pacer: Remaining 0 waits until Reset; a Retry-After pause holds every sender', async () => {
  const clock = manualClock(1_700_000_000_000);
  const p = new Pacer(null, clock);
  assert.equal(await p.acquire(), true);
  assert.equal(clock.now(), 1_700_000_000_000, 'no limit, no hint: no wait');
  p.observe(new Headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(1_700_000_000 + 30) }));
  await p.acquire();
  assert.equal(clock.now(), 1_700_000_030_000);
  p.observe({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '999' });
  const t = clock.now();
  await p.acquire();
  assert.equal(clock.now(), t, 'remaining > 0: no wait');
  p.pause(5000);
  await Promise.all([p.acquire(), p.acquire()]);
  assert.equal(clock.now(), t + 5000);
  const ac = new AbortController();
  p.pause(10000);
  ac.abort();
  assert.equal(await p.acquire(ac.signal), false, 'an aborted signal stops the wait');
});

test('pacer: a token bucket never grants more than burst + rate x elapsed', async () => {
  const clock = manualClock(0);
  const limit = { requests: 100, windowSeconds: 60, burst: 0 };
  const p = new Pacer(limit, clock);
  const times = [];
  for (let i = 0; i < 130; i++) {
    await p.acquire();
    times.push(clock.now());
  }
  assert.equal(times[99], 0, 'the first 100 at once (burst defaults to the window)');
  assert.equal(times[129], 30 * 600, 'then one every 600 ms');
  assert.equal(minDurationSeconds(limit, 130), 18);
  assert.equal(minDurationSeconds({ requests: 10, windowSeconds: 60, burst: 5 }, 100000), (100000 - 5) * 6);
  assert.equal(minDurationSeconds(null, 5), 0);
});

test('emulator: --state saves on close and restores on start; faults and campaigns parse', async () => {
  const engine = await load();
  const dir = mkdtempSync(join(tmpdir(), 'leadroster-emu-state-'));
  try {
    const stateFile = join(dir, 'state.json');
    const campaigns = [parseCampaign('sendkit:sk1'), parseCampaign('puffle:p1:draft:linkedin')];
    assert.deepEqual(campaigns[1], { provider: 'puffle', id: 'p1', status: 'draft', channel: 'linkedin' });
    let emu = createEmulator({ engine, keys: ['k'], campaigns, stateFile });
    let { url } = await emu.listen(0);
    const r = await fetch(`${url}/v1/campaigns/sk1/leads`, {
      method: 'POST',
      headers: { 'X-Api-Key': 'k', 'Content-Type': 'application/json' },
      body: JSON.stringify({ leads: [{ email: 'a@b.co' }, { email: 'c@d.co' }, { leadId: '665d4e5f6a7b8c9d0e1f2a3b' }] }),
    });
    assert.deepEqual((await r.json()).data, { added: 3, skipped: 0, errors: [] });
    await emu.close();
    assert.ok(existsSync(stateFile));
    emu = createEmulator({ engine, keys: ['k'], campaigns, stateFile });
    ({ url } = await emu.listen(0));
    const st = await (await fetch(`${url}/_emulator/state`)).json();
    assert.deepEqual(
      st.campaigns.map((c) => [c.id, c.count]),
      [
        ['sk1', 3],
        ['p1', 0],
      ],
    );
    const again = await fetch(`${url}/v1/campaigns/sk1/leads`, {
      method: 'POST',
      headers: { Authorization: 'Bearer k', 'Content-Type': 'application/json' },
      body: JSON.stringify({ leads: [{ email: 'A@b.co' }] }),
    });
    assert.deepEqual((await again.json()).data, { added: 0, skipped: 1, errors: [] });
    await emu.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(parseFaults('429=0.15,500=0.1,drop=0.05,drop-after=0.05,latency=50'), { 429: 0.15, 500: 0.1, drop: 0.05, 'drop-after': 0.05, latency: 50 });
  assert.throws(() => parseFaults('teapot=1'), /unknown fault/);
  assert.throws(() => parseFaults('429=2'), /probability/);
});

test('report cells are formula-safe', () => {
  assert.deepEqual(['=1+1', '+x', '-y', '@z', '\tt', '\rr', 'ok', '', '+14155550100', '-5'].map(formulaSafe), [
    "'=1+1",
    "'+x",
    "'-y",
    "'@z",
    "'\tt",
    "'\rr",
    'ok',
    '',
    '+14155550100',
    '-5',
  ]);
});
