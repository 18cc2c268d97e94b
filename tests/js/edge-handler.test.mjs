// The edge function (leadroster/edge, npm/lib/edge.mjs) as a unit: Node's own
// Request and Response (the Fetch API it is written against), the engine from
// npm/. The same handler runs in workerd in edge-workerd.test.mjs; the packed
// package's leadroster/edge in edge-package.test.mjs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, tempDir } from '../support/workerd.mjs';

const UUID = '3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b';

const EDGE = pathToFileURL(path.join(REPO_ROOT, 'npm/lib/edge.mjs')).href;

// A body delivered in small pieces, as a network stream would.
function streamed(text, piece = 7) {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + piece));
      at += piece;
    },
  });
}

describe('leadroster/edge with Node Request/Response', () => {
  let handler;
  let mod;
  before(async () => {
    mod = await import(EDGE);
    const { load } = await import(pathToFileURL(path.join(REPO_ROOT, 'npm/index.mjs')).href);
    handler = mod.createHandler({ engine: () => load(), maxBodyBytes: 4096 });
  });

  const post = (pathAndQuery, body, type = 'application/json', init = {}) =>
    handler.fetch(
      new Request('http://edge.test' + pathAndQuery, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body,
        duplex: 'half',
        ...init,
      }),
    );

  const ROWS = [{ phone: '(303) 514-0233' }, { phone: '+13035140233' }, { phone: '+1 5' }];

  it('plans a JSON array, NDJSON and CSV to the same answer, streamed in small pieces', async () => {
    const q = `/plan?provider=reached&campaignId=${UUID}&defaultCountry=US`;
    const bodies = {
      'application/json': JSON.stringify(ROWS, null, 2),
      'application/x-ndjson': ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n',
      'text/csv; charset=utf-8': 'phone\n(303) 514-0233\n+13035140233\n+1 5\n',
    };
    const answers = [];
    for (const [type, text] of Object.entries(bodies)) {
      const res = await post(q, streamed(text), type);
      assert.equal(res.status, 200, type + ': ' + (await res.clone().text()));
      assert.match(res.headers.get('content-type'), /^application\/json/);
      answers.push(await res.json());
    }
    const [a] = answers;
    assert.deepEqual(a.summary, { total: 3, ok: 1, invalid: 1, duplicate: 1, requests: 1, minDurationSeconds: 0 });
    assert.deepEqual(a.requests, [
      { method: 'POST', path: `/v1/campaigns/${UUID}/leads`, headers: a.requests[0].headers, indexes: [0], body: { leads: [{ phone: '+13035140233' }] } },
    ]);
    assert.deepEqual(
      a.rows.map((r) => [r.index, r.status]),
      [
        [1, 'duplicate'],
        [2, 'invalid'],
      ],
    );
    assert.equal(a.rows[1].errors[0].code, 'invalid_phone');
    assert.deepEqual(a.problems, { rows: 2, listed: 2, truncated: false, codes: { duplicate: 1, invalid_phone: 1 } });
    // each row's 1-based line in its own body: the pretty JSON array, NDJSON, CSV (header = line 1)
    assert.deepEqual(
      answers.map((x) => x.rows.map((r) => r.line)),
      [
        [5, 8],
        [2, 3],
        [3, 4],
      ],
    );
    // the duplicate names the line of the row it duplicates, in the same body
    assert.deepEqual(
      answers.map((x) => x.rows.map((r) => r.duplicateOfLine)),
      [
        [2, null],
        [1, null],
        [2, null],
      ],
    );
    const noLines = (x) => ({ ...x, rows: x.rows.map(({ line, duplicateOfLine, ...r }) => r) });
    for (const other of answers.slice(1)) assert.deepEqual(noLines(other), noLines(a));
  });

  it('400 for bad JSON, with where it broke', async () => {
    const q = `/plan?provider=sendkit&campaignId=c`;
    for (const [body, re] of [
      ['[{"email":"a@b.co"},', /not closed/],
      ['{"email":"a@b.co"}', /expected '\['/],
      ['[{"email":"a@b.co"} {"email":"c@d.co"}]', /missing ','/],
      ['[{"email":"a@b.co"},]', /',' before '\]'/],
      ['[{"email":"a@b.co"}] x', /more text after/],
      ['', /empty body/],
      ['[{"email":"a@b.co"},{"email" "x"}]', /the lead on line 1 is not valid JSON/],
    ]) {
      const res = await post(q, body);
      assert.equal(res.status, 400, body);
      const { error } = await res.json();
      assert.equal(error.code, 'invalid_json', body);
      assert.match(error.message, re, body);
    }
    const csv = await post(q, 'email\n"unterminated\n', 'text/csv');
    assert.equal(csv.status, 400);
    assert.equal((await csv.json()).error.code, 'invalid_csv');
  });

  it('400 for an unknown provider and bad options; 415 for another content type', async () => {
    let res = await post('/plan?provider=nope&campaignId=c', '[]');
    assert.equal(res.status, 400);
    let { error } = await res.json();
    assert.equal(error.code, 'unknown_provider');
    assert.match(error.message, /provider must be one of magnetite/);
    res = await post('/plan?provider=sendpilot', '[]');
    assert.equal(res.status, 400);
    ({ error } = await res.json());
    assert.equal(error.code, 'invalid_options');
    assert.match(error.message, /campaignId/);
    res = await post('/plan?provider=sendkit&campaignId=c&batchSize=abc', '[]');
    assert.equal((await res.json()).error.option, 'batchSize');
    res = await post('/plan?provider=sendkit&campaignId=c&colour=red', '[]');
    assert.equal((await res.json()).error.code, 'unknown_option');
    res = await post('/plan?provider=sendkit&campaignId=c', '<x/>', 'application/xml');
    assert.equal(res.status, 415);
  });

  it('413 over the size limit, by Content-Length and while streaming', async () => {
    const big = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ email: `p${i}@acme.com` })));
    assert.ok(big.length > 4096);
    let res = await post('/plan?provider=sendkit&campaignId=c', big, 'application/json', {
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    });
    assert.equal(res.status, 413);
    res = await post('/plan?provider=sendkit&campaignId=c', streamed(big, 512)); // no length known up front
    assert.equal(res.status, 413);
    const { error } = await res.json();
    assert.equal(error.code, 'body_too_large');
    assert.equal(error.limit, 4096);
  });

  it('405 for another method, 404 for another path', async () => {
    let res = await handler.fetch(new Request('http://edge.test/plan?provider=sendkit'));
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
    res = await handler.fetch(new Request('http://edge.test/validate', { method: 'PUT', body: '{}' }));
    assert.equal(res.status, 405);
    res = await post('/nothing', '[]');
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error.code, 'not_found');
  });

  it('POST /validate checks one lead', async () => {
    let res = await post('/validate?provider=magnetite', JSON.stringify({ email: 'Jane@Acme.COM', companyName: 'Acme', contactName: 'Jane' }));
    assert.equal(res.status, 200);
    let v = await res.json();
    assert.equal(v.ok, true);
    assert.equal(v.lead.email, 'jane@acme.com');
    res = await post('/validate?provider=magnetite', JSON.stringify({ email: 'jane@' }));
    v = await res.json();
    assert.equal(res.status, 200);
    assert.equal(v.ok, false);
    assert.ok(v.errors.some((e) => e.field === 'email' && e.code === 'invalid_email'));
    res = await post('/validate?provider=magnetite', '{"email":');
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.code, 'invalid_json');
  });

  it('JsonArraySplitter keeps strings with brackets, commas and escapes whole', () => {
    const s = new mod.JsonArraySplitter();
    const text = '[ {"a":"x,]}\\"[", "b":[1,{"c":2}]} ,\n 3, "s" ,null]';
    const out = [];
    for (let i = 0; i < text.length; i += 3) out.push(...s.push(text.slice(i, i + 3)));
    s.end();
    assert.deepEqual(
      out.map((e) => JSON.parse(e)),
      JSON.parse(text),
    );
  });
});
