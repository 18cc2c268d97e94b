'use strict';
// Streaming equals batch: for every provider, 100,000 generated messy rows
// (seeded, deterministic: duplicates written differently, invalid rows,
// non-object rows, lone surrogates) give the same rows, requests and summary
// through plan(), through createPlanner().push() fed in uneven chunks, and
// through pushNdjson() fed the same rows as NDJSON in uneven line chunks (text
// and UTF-8 bytes).

const test = require('node:test');
const assert = require('node:assert/strict');
const { engine, generateRows, PROVIDERS, UUID_A, UUID_B, assertPlanInvariants } = require('./helpers');

const N = 100000;
const CHUNKS = [777, 5000, 1, 0, 4096, 4097, 12345, 3, 64, 9999];

// Options that exercise the batching paths: body caps, batch sizes, existing
// leads, templates, folding.
const OPTIONS = {
  magnetite: { campaignId: 'camp-m1', defaultCountry: 'FR', template: 'Hi {{contactName}} at {{company.industry}}' },
  sendpilot: { campaignId: 'camp_xyz789', maxBodyBytes: 20000, template: '{{industry}}' },
  reached: { campaignId: UUID_A, defaultCountry: 'US', batchSize: 250 },
  sendkit: { campaignId: 'camp-sk', foldGmail: true, existing: [{ email: 'person1@acme1.com' }] },
  puffle: {
    campaignId: UUID_B,
    channel: 'linkedin',
    template: '%first_name% %custom_fields.industry%',
    existing: [{ linkedin_url: 'https://www.linkedin.com/in/person-2' }, { email: 'person3@acme3.com' }],
  },
  instantly: { campaignId: UUID_A, batchSize: 250 },
  smartlead: { campaignId: '1234567', ignore_global_block_list: true },
  lemlist: { campaignId: 'cam_aa7uvyxECcni5KXBM' },
};

// The first differing row or request, so a failure says where.
function assertSameJson(actual, expected, what) {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  if (actual.length !== expected.length) assert.fail(`${what}: ${actual.length} items, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = JSON.stringify(actual[i]);
    const b = JSON.stringify(expected[i]);
    if (a !== b) assert.deepStrictEqual(JSON.parse(a), JSON.parse(b), `${what}[${i}] differs`);
  }
}

function pushChunked(planner, rows) {
  const out = { rows: [], requests: [] };
  let at = 0;
  for (let k = 0; at < rows.length; k++) {
    const size = CHUNKS[k % CHUNKS.length];
    const part = planner.push(rows.slice(at, at + size));
    at += size;
    for (const r of part.rows) out.rows.push(r);
    for (const r of part.requests) out.requests.push(r);
  }
  return out;
}

function pushNdjsonChunked(planner, rows) {
  const lines = rows.map((r) => JSON.stringify(r));
  const out = { rows: [], requests: [], lines: [], expectedLines: [] };
  let at = 0;
  let line = 1; // the line the next chunk starts on: the chunks are one input, lines counted across them
  for (let k = 0; at < lines.length; k++) {
    const size = CHUNKS[(k + 3) % CHUNKS.length];
    const n = Math.min(size, lines.length - at);
    let text = lines.slice(at, at + size).join(k % 2 ? '\r\n' : '\n');
    for (let j = 0; j < n; j++) out.expectedLines.push(line + j);
    line += n;
    if (k % 3 === 0) {
      text += '\n\n   \n'; // blank lines are skipped (and counted)
      // after a row the first '\n' ends that row's line: 2 blank lines; in an
      // empty chunk (size 0) all three are blank lines
      line += n ? 2 : 3;
    }
    at += size;
    // every other chunk goes in as UTF-8 bytes (a file chunk), the rest as text
    const part = planner.pushNdjson(k % 4 < 2 ? Buffer.from(text, 'utf8') : text);
    for (const r of part.rows) {
      out.lines.push(r.line);
      const { line: _l, duplicateOfLine: _d, ...rest } = r;
      out.rows.push(rest);
    }
    for (const r of part.requests) out.requests.push(r);
  }
  return out;
}

for (const provider of PROVIDERS) {
  test(`${provider}: plan() = chunked push() = chunked pushNdjson() on ${N} rows`, { timeout: 60000 }, async () => {
    const e = await engine();
    const rows = generateRows(provider, N, 20240611 + provider.length);
    const options = OPTIONS[provider];
    const whole = e.plan(provider, rows, options);

    // The generated data is messy enough to matter.
    const s = whole.summary;
    assert.equal(s.total, N);
    assert.ok(s.ok > N * 0.3 && s.invalid > N * 0.03 && s.duplicate > N * 0.1, JSON.stringify(s));
    assert.ok(s.requests > 1);
    assertPlanInvariants(whole, {
      provider,
      path: whole.requests[0].path,
      headers: whole.requests[0].headers,
      maxPerRequest: { magnetite: 1, sendpilot: 100, reached: 250, sendkit: 5000, puffle: 1000, instantly: 250, smartlead: 400, lemlist: 1 }[provider],
      maxBodyBytes: options.maxBodyBytes,
      campaignId: options.campaignId,
    });

    const p1 = e.createPlanner(provider, options);
    let chunked, end1;
    try {
      chunked = pushChunked(p1, rows);
      end1 = p1.finish();
    } finally {
      p1.delete();
    }
    assertSameJson(chunked.rows, whole.rows, 'push rows');
    assertSameJson([...chunked.requests, ...end1.requests], whole.requests, 'push requests');
    assert.deepStrictEqual(end1.summary, whole.summary);

    const p2 = e.createPlanner(provider, options);
    let nd, end2;
    try {
      nd = pushNdjsonChunked(p2, rows);
      end2 = p2.finish();
    } finally {
      p2.delete();
    }
    assert.deepStrictEqual(nd.lines, nd.expectedLines, 'pushNdjson: each row its line, counted across chunks');
    assertSameJson(nd.rows, whole.rows, 'pushNdjson rows');
    assertSameJson([...nd.requests, ...end2.requests], whole.requests, 'pushNdjson requests');
    assert.deepStrictEqual(end2.summary, whole.summary);
  });
}

test('requests come out as soon as their batch is full, not only at finish()', async () => {
  const e = await engine();
  const rows = generateRows('sendpilot', 5000, 3);
  const p = e.createPlanner('sendpilot', { campaignId: 'c' });
  try {
    const first = p.push(rows.slice(0, 2500));
    assert.ok(first.requests.length >= 10);
    for (const r of first.requests) assert.equal(r.body.leads.length, 100);
    const second = p.push(rows.slice(2500));
    const end = p.finish();
    assert.ok(end.requests.length <= 1, 'only the unfinished batch is left for finish()');
    const all = [...first.requests, ...second.requests, ...end.requests];
    assert.equal(
      all.reduce((n, r) => n + r.indexes.length, 0),
      end.summary.ok,
    );
  } finally {
    p.delete();
  }
});

test('a finished or deleted planner refuses more rows', async () => {
  const e = await engine();
  const p = e.createPlanner('sendkit', { campaignId: 'c' });
  p.push([{ email: 'a@x.com' }]);
  const end = p.finish();
  assert.equal(end.summary.total, 1);
  assert.throws(
    () => p.push([{ email: 'b@x.com' }]),
    (x) => x.code === 'invalid_state',
  );
  assert.throws(
    () => p.pushNdjson('{"email":"b@x.com"}'),
    (x) => x.code === 'invalid_state',
  );
  p.delete();
  p.delete(); // twice is harmless
  assert.throws(
    () => p.push([]),
    (x) => x.code === 'invalid_state',
  );
  assert.throws(
    () => p.finish(),
    (x) => x.code === 'invalid_state',
  );
});
