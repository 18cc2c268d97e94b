// What push says about every row (issue 16 §1, §2, §4): plan options checked
// by the engine exactly as plan() does, `already_in_campaign` vs `resent`,
// the provider's lead id, values left out, the journal per input + provider +
// campaign, a refused --resume that names what differs, a cancelled push.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { load } = await import(join(ROOT, 'npm', 'index.mjs'));
const node = await import(join(ROOT, 'npm', 'node.mjs'));
const { defaultJournalPath } = await import(join(ROOT, 'npm', 'lib', 'push.mjs'));
const engine = await load();
const dir = mkdtempSync(join(tmpdir(), 'leadroster-outcomes-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'key_' + randomBytes(8).toString('hex');
const REACHED = 'c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

async function emulator(campaigns, extra = {}) {
  const emu = node.createEmulator({ engine, keys: [KEY], campaigns, ...extra });
  const { url } = await emu.listen(0);
  return { emu, url };
}

test('push() checks plan options with the engine, exactly like plan: unknown_option / invalid_value with err.option; nothing sent', async () => {
  let calls = 0;
  const fetch = async () => {
    calls++;
    throw new Error('must not be called');
  };
  const o = {
    engine,
    provider: 'reached',
    campaignId: REACHED,
    rows: [{ email: 'a@b.co', phone: '0612345678' }],
    baseUrl: 'http://127.0.0.1:9',
    apiKey: KEY,
    journal: false,
    fetch,
  };
  const planErr = (() => {
    try {
      engine.plan('reached', o.rows, { campaignId: REACHED, defaultCountyr: 'US' });
    } catch (e) {
      return e;
    }
  })();
  await assert.rejects(
    node.push({ ...o, defaultCountyr: 'US' }),
    (e) => e.code === planErr.code && e.option === 'defaultCountyr' && e.constructor === planErr.constructor,
  );
  await assert.rejects(node.push({ ...o, batchSize: 0 }), (e) => e.code === 'invalid_value' && e.option === 'batchSize');
  await assert.rejects(node.push({ ...o, defaultCountry: 'ZZ' }), (e) => e.code === 'invalid_value' && e.option === 'defaultCountry');
  assert.equal(calls, 0);
});

test('push() takes strict: a bad optional value makes the row invalid instead of left out', async () => {
  const { emu, url } = await emulator([{ provider: 'reached', id: REACHED }]);
  try {
    const rows = [{ email: 'bad @x.fr', phone: '+33612345678' }, { email: 'ok@x.fr' }];
    const loose = await node.push({ engine, provider: 'reached', campaignId: REACHED, rows, baseUrl: url, apiKey: KEY, journal: false });
    assert.deepEqual(
      loose.rows.map((r) => r.result),
      ['added', 'added'],
    );
    assert.deepEqual(loose.rows[0].dropped, [{ field: 'email', code: 'invalid_email' }]);
    assert.equal(loose.rows[1].dropped, undefined);
    assert.equal(loose.summary.droppedValues, 1);
    const strict = await node.push({
      engine,
      provider: 'reached',
      campaignId: REACHED,
      rows: [{ email: 'bad2 @x.fr', phone: '+33612345679' }],
      baseUrl: url,
      apiKey: KEY,
      journal: false,
      strict: true,
    });
    assert.deepEqual([strict.rows[0].result, strict.rows[0].code], ['invalid', 'invalid_email']);
  } finally {
    await emu.close();
  }
});

test('a push cancelled by onPlan resolves {summary: null, rows: [], cancelled: true}', async () => {
  const r = await node.push({
    engine,
    provider: 'sendkit',
    campaignId: 'c',
    rows: [{ email: 'a@b.co' }],
    baseUrl: 'http://127.0.0.1:9',
    apiKey: KEY,
    journal: false,
    onPlan: () => false,
  });
  assert.deepEqual(r, { summary: null, rows: [], cancelled: true });
});

test('duplicates at the provider: already_in_campaign (never sent by this push) vs resent (its answer was lost); the provider lead id per row', async () => {
  const seeded = { email: 'seed@x.co' };
  const { emu, url } = await emulator([{ provider: 'reached', id: REACHED, leads: [seeded] }]);
  try {
    let n = 0;
    // the first request reaches the provider, then its answer is lost
    const lossy = async (u, init) => {
      const res = await fetch(u, init);
      if (n++ === 0) {
        await res.arrayBuffer();
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return res;
    };
    const rows = [{ email: 'a@x.co' }, { email: 'b@x.co' }, seeded, { email: 'c@x.co' }];
    const journal = join(dir, 'dup.journal');
    const r = await node.push({
      engine,
      provider: 'reached',
      campaignId: REACHED,
      rows,
      baseUrl: url,
      apiKey: KEY,
      journal,
      batchSize: 2,
      concurrency: 1,
      fetch: lossy,
      baseDelayMs: 1,
    });
    assert.deepEqual(
      r.rows.map((x) => x.result),
      ['resent', 'resent', 'already_in_campaign', 'added'],
    );
    assert.deepEqual([r.summary.resent, r.summary.alreadyInCampaign, r.summary.duplicateAtProvider, r.summary.added], [2, 1, 3, 1]);
    assert.equal(r.summary.lostAnswers, 1);
    assert.equal(emu.state().stats.leadsReceivedAgain, 2, 'the emulator got a and b twice, and the seed only once');
    assert.equal(node.exitCodeOf(r.summary), 0);
    // the provider's id for each lead (reached answers lead_id per entry)
    const held = new Map(emu.state(true).campaigns[0].leads.map((l) => [l.email, l.id]));
    r.rows.forEach((x, i) => assert.equal(x.leadId, held.get(rows[i].email), `row ${i}`));
    // ... in the journal and the report
    const rep = await node.writeReport(journal, {});
    assert.deepEqual(
      rep.rows.map((x) => [x.result, x.leadId]),
      r.rows.map((x) => [x.result, x.leadId]),
    );
    assert.deepEqual([rep.counts.resent, rep.counts.alreadyInCampaign], [2, 1]);
  } finally {
    await emu.close();
  }
});

test('magnetite: prospectId is the row leadId', async () => {
  const limit = { requests: 1000, windowSeconds: 1, burst: 1000 };
  const { emu, url } = await emulator([{ provider: 'magnetite', id: 'm1' }], { rateLimits: { magnetite: limit } });
  try {
    const r = await node.push({
      engine,
      provider: 'magnetite',
      campaignId: 'm1',
      rows: [{ companyName: 'A', contactName: 'B C', email: 'b@a.co' }],
      baseUrl: url,
      apiKey: KEY,
      journal: false,
      rateLimit: limit,
    });
    assert.equal(r.rows[0].result, 'added');
    assert.equal(r.rows[0].leadId, emu.state(true).campaigns[0].leads[0].id);
  } finally {
    await emu.close();
  }
});

test('the default journal is per input + provider + campaign: one file to sendpilot, then to reached, no flags; report --csv columns', async () => {
  const { emu, url } = await emulator([
    { provider: 'sendpilot', id: 'camp/1' },
    { provider: 'reached', id: REACHED },
  ]);
  try {
    const file = join(dir, 'both.csv');
    writeFileSync(file, 'Email,LinkedIn,Phone\r\nann@x.co,https://www.linkedin.com/in/ann,\r\n"bob @x.co",https://www.linkedin.com/in/bob,+33612345678\r\n');
    const a = await node.push({ engine, provider: 'sendpilot', campaignId: 'camp/1', file, baseUrl: url, apiKey: KEY });
    const b = await node.push({ engine, provider: 'reached', campaignId: REACHED, file, baseUrl: url, apiKey: KEY });
    assert.equal(a.summary.added, 2);
    assert.equal(b.summary.added, 2);
    assert.notEqual(a.summary.journal, b.summary.journal);
    assert.equal(b.summary.journal, defaultJournalPath(file, 'reached', REACHED));
    assert.ok(existsSync(a.summary.journal) && existsSync(b.summary.journal));
    assert.ok(!a.summary.journal.includes('camp/1'), 'a campaign id is made safe for a file name');
    // report --csv: the input's columns, then line, row, result, code, message, dropped, lead id
    const out = join(dir, 'both.report.csv');
    await node.writeReport(b.summary.journal, { csv: out });
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const head = lines[0].split(',');
    assert.deepEqual(head, [
      'Email',
      'LinkedIn',
      'Phone',
      'leadroster_line',
      'leadroster_row',
      'leadroster_result',
      'leadroster_code',
      'leadroster_message',
      'leadroster_dropped',
      'leadroster_dropped_messages',
      'leadroster_lead_id',
    ]);
    const bob = lines[2].split(',');
    assert.equal(bob[head.indexOf('leadroster_line')], '3', 'the spreadsheet row');
    assert.equal(bob[head.indexOf('leadroster_result')], 'added');
    assert.equal(bob[head.indexOf('leadroster_dropped')], 'email:invalid_email');
    assert.ok(bob[head.indexOf('leadroster_lead_id')].length > 0);
  } finally {
    await emu.close();
  }
});

test('a refused --resume names what differs: input, provider, campaign, which option', async () => {
  const { emu, url } = await emulator([
    { provider: 'sendkit', id: 'k1' },
    { provider: 'sendkit', id: 'k2' },
  ]);
  try {
    const file = join(dir, 'differs.ndjson');
    writeFileSync(file, '{"email":"a@b.co"}\n{"email":"c@d.co"}\n');
    const journal = join(dir, 'differs.journal');
    const o = { engine, provider: 'sendkit', campaignId: 'k1', file, baseUrl: url, apiKey: KEY, journal, batchSize: 1 };
    await node.push(o);
    const differs = async (change) => {
      try {
        await node.push({ ...o, resume: true, ...change });
      } catch (e) {
        assert.equal(e.code, 'journal_mismatch');
        return e.differs;
      }
      assert.fail('resume was not refused');
    };
    assert.deepEqual(
      (await differs({ batchSize: 2 })).map((d) => [d.what, d.journal, d.now]),
      [
        ['option batchSize', 1, 2],
        ['requests', 2, 1],
      ],
    );
    assert.deepEqual(
      (await differs({ campaignId: 'k2' })).map((d) => d.what),
      ['campaignId'],
    );
    assert.deepEqual(
      (await differs({ defaultCountry: 'FR' })).map((d) => [d.what, d.journal, d.now]),
      [['option defaultCountry', undefined, 'FR']],
    );
    writeFileSync(file, '{"email":"a@b.co"}\n{"email":"e@f.co"}\n');
    assert.deepEqual(
      (await differs({})).map((d) => d.what),
      ['input'],
    );
    const same = await node.push({ ...o, resume: true, file, journal: join(dir, 'other.journal') });
    assert.equal(same.summary.requestsResumed, 0);
  } finally {
    await emu.close();
  }
});
