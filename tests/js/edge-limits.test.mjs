// leadroster/edge bounded (issue 17): rows and answer size capped, the first
// maxProblems rows listed with exact counts per code, peak memory of the
// largest bodies measured in a child with --max-old-space-size=128; invalid
// UTF-8 is a 400 invalid_utf8 with its line in every body format; each listed
// row carries its 1-based line and the values left out of it (dropped).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/workerd.mjs';

const EDGE = pathToFileURL(path.join(REPO_ROOT, 'npm/lib/edge.mjs')).href;
const INDEX = pathToFileURL(path.join(REPO_ROOT, 'npm/index.mjs')).href;
const UUID = '3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b';
const MiB = 1024 * 1024;

// A body generated piece by piece (never held whole), as a network stream.
function generated(total, open, row, sep, close) {
  const enc = new TextEncoder();
  let sent = 0;
  let i = 0;
  let state = 0;
  return new ReadableStream({
    pull(c) {
      if (state === 2) return c.close();
      let s = state === 0 ? open : '';
      state = 1;
      while (s.length < 65536 && sent + s.length < total - 64) s += (i++ > 0 ? sep : '') + row(i);
      sent += s.length;
      if (sent >= total - 64) {
        s += close;
        state = 2;
      }
      c.enqueue(enc.encode(s));
    },
  });
}

describe('leadroster/edge limits', { timeout: 120_000 }, () => {
  let mod;
  let load;
  before(async () => {
    mod = await import(EDGE);
    ({ load } = await import(INDEX));
  });
  const handler = (limits = {}) => mod.createHandler({ engine: () => load(), ...limits });
  const post = (h, query, body, type) =>
    h.fetch(new Request('http://edge.test' + query, { method: 'POST', headers: { 'content-type': type }, body, duplex: 'half' }));

  it('1,000,000 rows of {} (3 MB NDJSON) is a 413 too_many_rows, quickly', async () => {
    const t0 = performance.now();
    const res = await post(
      handler(),
      '/plan?provider=sendkit&campaignId=c',
      generated(3 * 1_000_000, '', () => '{}', '\n', '\n'),
      'application/x-ndjson',
    );
    const { error } = await res.json();
    assert.equal(res.status, 413);
    assert.equal(error.code, 'too_many_rows');
    assert.equal(error.limit, 100_000);
    assert.ok(performance.now() - t0 < 30_000, `${performance.now() - t0} ms`);
  });

  it('16 MiB of {} as a JSON array is a 413 too_many_rows, quickly', async () => {
    const t0 = performance.now();
    const res = await post(
      handler(),
      '/plan?provider=sendkit&campaignId=c',
      generated(16 * MiB, '[', () => '{}', ',', ']'),
      'application/json',
    );
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, 'too_many_rows');
    assert.ok(performance.now() - t0 < 30_000, `${performance.now() - t0} ms`);
  });

  it('past maxProblems the answer lists the first rows and counts every problem by code', async () => {
    const h = handler({ maxRows: 300_000, maxProblems: 50 });
    // 200,000 rows: every 4th a lead, the rest {} (missing_identity); every 8th a duplicate of the lead before it
    const row = (i) => (i % 4 === 0 ? `{"email":"p${i % 8 === 0 ? i - 4 : i}@acme.com"}` : '{}');
    const res = await post(h, '/plan?provider=sendkit&campaignId=c', generated(200_000 * 10, '', row, '\n', '\n'), 'application/x-ndjson');
    const text = await res.text();
    assert.equal(res.status, 200, text.slice(0, 300));
    const out = JSON.parse(text);
    const n = out.summary.total;
    assert.ok(n > 150_000, String(n));
    const missing = n - Math.floor(n / 4);
    assert.equal(out.summary.invalid, missing);
    assert.deepEqual(out.problems, {
      rows: out.summary.invalid + out.summary.duplicate,
      listed: 50,
      truncated: true,
      codes: { missing_identity: missing, duplicate: out.summary.duplicate },
    });
    assert.equal(out.rows.length, 50);
    assert.deepEqual(
      out.rows.slice(0, 3).map((r) => [r.index, r.line, r.status, r.errors[0]?.code]),
      [
        [0, 1, 'invalid', 'missing_identity'],
        [1, 2, 'invalid', 'missing_identity'],
        [2, 3, 'invalid', 'missing_identity'],
      ],
    );
    assert.ok(text.length < 2 * MiB, `${text.length} bytes`);
  });

  it('the requests past maxAnswerBytes are a 413 answer_too_large', async () => {
    const h = handler({ maxAnswerBytes: 100_000 });
    const rows = Array.from({ length: 5000 }, (_, i) => ({ email: `person.${i}@acme.com` }));
    const res = await post(h, '/plan?provider=sendkit&campaignId=c', JSON.stringify(rows), 'application/json');
    assert.equal(res.status, 413);
    const { error } = await res.json();
    assert.equal(error.code, 'answer_too_large');
    assert.equal(error.limit, 100_000);
  });

  it('an answer of more than 4 MB of requests is streamed in pieces, and is the whole answer', async () => {
    const rows = Array.from({ length: 90_000 }, (_, i) => ({ email: `person.with.a.longer.name.${i}@acme${i % 97}.com` }));
    const res = await post(handler(), `/plan?provider=puffle&batchSize=100&campaignId=${UUID}`, JSON.stringify(rows), 'application/json');
    assert.equal(res.status, 200);
    const reader = res.body.getReader();
    const chunks = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    const bytes = Buffer.concat(chunks);
    assert.ok(bytes.length > 4 * MiB, `${bytes.length} bytes`);
    assert.ok(chunks.length > 10, `${chunks.length} chunks of ${bytes.length} bytes: streamed, not one array`);
    const out = JSON.parse(bytes.toString('utf8'));
    assert.equal(out.summary.ok, 90_000);
    assert.equal(out.requests.length, out.summary.requests);
    assert.equal(
      out.requests.reduce((n, q) => n + q.body.leads.length, 0),
      90_000,
    );
    assert.deepEqual(out.requests.at(-1).body.leads.at(-1), { email: 'person.with.a.longer.name.89999@acme80.com' });
  });

  it('createHandler refuses a limit that is not a number >= 1', () => {
    for (const bad of [0, -1, '10', NaN]) assert.throws(() => handler({ maxRows: bad }), TypeError);
    assert.deepEqual(handler({ maxRows: 5 }).limits, { ...mod.DEFAULT_LIMITS, maxRows: 5 });
  });

  it('peak memory stays under 128 MB for the largest bodies (a child with --max-old-space-size=128)', (t) => {
    // Each case in its own process: RSS growth from just before the request to the process's peak.
    const script = `
      const { createHandler } = await import(${JSON.stringify(EDGE)});
      const { load } = await import(${JSON.stringify(INDEX)});
      const [total, kind, what, maxRows] = JSON.parse(process.argv[1]);
      const engine = await load();
      const h = createHandler({ engine: () => engine, maxRows });
      ${generated.toString()}
      const row = what === 'empty' ? () => '{}' : (i) => '{"email":"person.' + i + '@acme' + (i % 97) + '.com","firstName":"P' + i + '","companyName":"Acme ' + (i % 97) + '"}';
      const body = kind === 'json' ? generated(total, '[', row, ',', ']') : generated(total, '', row, '\\n', '\\n');
      const rss0 = process.memoryUsage().rss;
      const t0 = performance.now();
      const res = await h.fetch(new Request('http://x/plan?provider=sendkit&campaignId=c', { method: 'POST', headers: { 'content-type': kind === 'json' ? 'application/json' : 'application/x-ndjson' }, body, duplex: 'half' }));
      let bytes = 0;
      for await (const c of res.body) bytes += c.length;
      console.log(JSON.stringify({ status: res.status, bytes, ms: Math.round(performance.now() - t0), grewMB: (process.resourceUsage().maxRSS * 1024 - rss0) / 2 ** 20 }));`;
    const cases = [
      // 16 MiB of {} (refused at 100,000 rows)
      [16 * MiB - 1, 'json', 'empty', undefined, 413],
      // about the largest accepted body: ~92,000 leads (7.5 MB), a ~9 MB answer
      [100_000 * 75, 'ndjson', 'leads', undefined, 200],
      // 16 MiB of leads with the row cap lifted: planned up to the answer cap
      [16 * MiB - 1, 'json', 'leads', 1_000_000, 413],
    ];
    for (const [total, kind, what, maxRows, status] of cases) {
      const r = spawnSync(process.execPath, ['--max-old-space-size=128', '--input-type=module', '-e', script, JSON.stringify([total, kind, what, maxRows])], {
        encoding: 'utf8',
        timeout: 90_000,
      });
      assert.equal(r.status, 0, r.stderr);
      const m = JSON.parse(r.stdout);
      assert.equal(m.status, status, JSON.stringify(m));
      assert.ok(m.grewMB < 128, JSON.stringify(m));
      t.diagnostic(`${kind} ${what} ${total} bytes -> ${m.status}, ${m.bytes} bytes answered in ${m.ms} ms, RSS grew ${m.grewMB.toFixed(1)} MB`);
    }
  });
});

describe('leadroster/edge: invalid UTF-8 is a 400 with its line', () => {
  let h;
  before(async () => {
    const mod = await import(EDGE);
    const { load } = await import(INDEX);
    h = mod.createHandler({ engine: () => load() });
  });
  const bytes = (...parts) => {
    const out = [];
    for (const p of parts) out.push(...(typeof p === 'string' ? new TextEncoder().encode(p) : p));
    return new Uint8Array(out);
  };
  // A body in pieces of `n` bytes (multi-byte characters cut between pieces).
  const inPieces = (u8, n = 3) =>
    new ReadableStream({
      start(c) {
        for (let i = 0; i < u8.length; i += n) c.enqueue(u8.slice(i, i + n));
        c.close();
      },
    });
  const post = (query, body, type) =>
    h.fetch(new Request('http://edge.test' + query, { method: 'POST', headers: { 'content-type': type }, body, duplex: 'half' }));

  const PLAN = `/plan?provider=puffle&batchSize=100&campaignId=${UUID}`;
  const BAD = [0xc3, 0x28]; // a lead byte followed by no continuation
  const cases = [
    ['application/json', bytes('[\n{"email":"ann@acme.com"},\n{"email":"b', BAD, 'b@acme.com"}\n]'), 3, 39],
    ['application/x-ndjson', bytes('{"email":"ann@acme.com"}\n\n{"email":"', [0xff], '@acme.com"}\n'), 3, 36],
    ['text/csv', bytes('email,first_name\nann@acme.com,Ann\nbob@acme.com,B', [0xed, 0xa0, 0x80], 'b\n'), 3, 48], // a surrogate
    ['text/csv', bytes('email\nann@acme.com\nbob@acme.com,', [0xe2, 0x82]), 3, 32], // cut short at the end
  ];
  for (const [type, body, line, offset] of cases) {
    it(`${type}: line ${line}, byte ${offset}, whole and in 3-byte pieces`, async () => {
      for (const b of [body, inPieces(body)]) {
        const res = await post(PLAN, b, type);
        assert.equal(res.status, 400);
        const { error } = await res.json();
        assert.equal(error.code, 'invalid_utf8');
        assert.equal(error.line, line);
        assert.equal(error.offset, offset);
      }
    });
  }

  it('/validate: a lead with invalid UTF-8 is a 400 invalid_utf8', async () => {
    const res = await post('/validate?provider=puffle&channel=email', bytes('{"email":"a', [0x80], '@acme.com"}'), 'application/json');
    assert.equal(res.status, 400);
    const { error } = await res.json();
    assert.equal(error.code, 'invalid_utf8');
    assert.equal(error.line, 1);
    assert.equal(error.offset, 11);
  });

  it('valid multi-byte text cut between pieces is read as written', async () => {
    const text = 'email,first_name\nzoë@acme.com,Zoë 😀\n';
    const res = await post(PLAN, inPieces(new TextEncoder().encode(text), 1), 'text/csv');
    assert.equal(res.status, 200);
    const out = await res.json();
    assert.equal(out.requests[0].body.leads[0].first_name, 'Zoë 😀');
  });
});

describe('leadroster/edge rows: line and dropped values', () => {
  it('an ok row whose optional values were left out is listed with dropped [{field, code}] and its line', async () => {
    const mod = await import(EDGE);
    const { load } = await import(INDEX);
    const h = mod.createHandler({ engine: () => load() });
    const csv = 'Phone,Email,Country\n(303) 514-0233,maelle.girard81 @free.fr,US\n+1 415 555 0100,ok@acme.com,Atlantis\n';
    const res = await h.fetch(
      new Request(`http://edge.test/plan?provider=reached&campaignId=${UUID}&defaultCountry=US`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv,
      }),
    );
    assert.equal(res.status, 200);
    const out = await res.json();
    assert.equal(out.summary.ok, 2);
    const fc = (list) => list.map(({ field, code }) => ({ field, code }));
    assert.deepEqual(
      out.rows.map((r) => [r.index, r.line, r.status, fc(r.dropped)]),
      [
        [0, 2, 'ok', [{ field: 'email', code: 'invalid_email' }]],
        // a country is never sent: an unknown one is a warning (phones use the default country), nothing is dropped
        [1, 3, 'ok', []],
      ],
    );
    assert.equal(out.rows[1].warnings[0].code, 'invalid_country');
    assert.equal(typeof out.rows[0].dropped[0].message, 'string', 'each dropped value says why in plain words');
    assert.equal(out.problems.codes.invalid_email, 1);
    // the phone went out; the bad email did not
    assert.deepEqual(out.requests[0].body.leads[0].phone, '+13035140233');
    assert.equal(out.requests[0].body.leads[0].email, undefined);
    // /validate says the same
    const v = await (
      await h.fetch(
        new Request('http://edge.test/validate?provider=reached&defaultCountry=US', { method: 'POST', body: '{"phone":"(303) 514-0233","email":"x @y.fr"}' }),
      )
    ).json();
    assert.equal(v.ok, true);
    assert.deepEqual(fc(v.dropped), [{ field: 'email', code: 'invalid_email' }]);
  });

  it("droppedOf follows the engine's dropped flag on each warning", async () => {
    const { droppedOf } = await import(EDGE);
    assert.deepEqual(
      droppedOf([
        { field: 'domain', code: 'freemail_domain', message: 'm' },
        { field: 'x', code: 'unknown_field', message: 'n' },
      ]),
      [],
    );
    assert.deepEqual(
      droppedOf([
        { field: 'x', code: 'unknown_field', message: 'n', dropped: true },
        { field: 'd', code: 'freemail_domain', message: 'm' },
      ]),
      [{ field: 'x', code: 'unknown_field', message: 'n' }],
    );
  });
});
