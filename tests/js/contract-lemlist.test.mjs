// Contract: every request body the planner builds for lemlist validates against
// the request schema written from lemlist's documents (tests/fixtures/lemlist/,
// with its sources), auth is Basic with the key as password, and the document's
// answer example and error statuses go through readAnswer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');
const { engine } = require('./helpers.js');

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = JSON.parse(readFileSync(root + 'tests/fixtures/lemlist/create-lead-in-campaign.json', 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(doc.requestSchema);
const CAMPAIGN = 'cam_aa7uvyxECcni5KXBM';

test('the schema refuses a nested custom variable and a non-string field', () => {
  assert.equal(validate({ email: 'a@b.co', tags: ['x'] }), false);
  assert.equal(validate({ firstName: 3 }), false);
});

test('every body the planner builds validates; one lead per request; the deduplicate flag in the query', async () => {
  const e = await engine();
  const { readLeads } = await import('../../npm/lib/input.mjs');
  const crm = await readLeads(root + 'samples/crm-export.csv', 'lemlist', { engine: e, options: { campaignId: CAMPAIGN } });
  const rows = [
    {
      email: 'Richard@PiedPiper.com',
      firstName: 'Richard',
      picture: 'https://x.co/p.jpg',
      companyDomain: 'piedpiper.com',
      custom1: 'x',
      n: 2,
      b: true,
      z: null,
    },
    { email: 'x@y.co', tags: ['a'] },
    { linkedinUrl: 'https://www.linkedin.com/in/only' },
    { email: 'bad', picture: 'ftp://no' },
  ];
  let n = 0;
  for (const options of [{}, { deduplicate: true }, { deduplicate: false, findEmail: true, verifyEmail: true, linkedinEnrichment: false }]) {
    for (const input of [rows, crm]) {
      const p = e.plan('lemlist', input, { campaignId: CAMPAIGN, ...options });
      for (const r of p.requests) {
        assert.equal(r.indexes.length, 1);
        assert.ok(validate(r.body), JSON.stringify(validate.errors) + JSON.stringify(r.body));
        const url = new URL(r.path, 'https://api.lemlist.com');
        assert.equal(url.pathname, doc.path.replace('{campaignId}', CAMPAIGN));
        for (const [k, v] of Object.entries(options)) assert.equal(url.searchParams.get(k), String(v));
        for (const k of url.searchParams.keys()) assert.ok(k in doc.query, k);
        n++;
      }
    }
  }
  assert.ok(n > 30);
});

test("the document's answer example is an added lead with its _id; its error statuses fail or retry", async () => {
  const e = await engine();
  const ex = doc.responses['200'].example;
  const a = e.readResponse('lemlist', { indexes: [3] }, 200, {}, JSON.stringify(ex));
  assert.deepEqual(a.rows, [{ index: 3, result: 'added', leadId: ex._id }]);
  for (const [s, text] of Object.entries(doc.errors)) {
    const r = e.readResponse('lemlist', { indexes: [3] }, Number(s), {}, text);
    if (s === '429' || Number(s) >= 500) assert.equal(r.outcome, 'retry', s);
    else {
      assert.equal(r.outcome, 'failed', s);
      assert.equal(r.rows[0].result, 'rejected', s);
    }
  }
});
