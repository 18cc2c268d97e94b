// Contract: every request body the planner builds for smartlead validates against
// SmartLead's published request schema (addLeadsToCampaign, vendored with its source
// in tests/fixtures/smartlead/add-leads.json), the key goes in the documented query
// parameter, and every answer example of the document goes through readAnswer.
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
const doc = JSON.parse(readFileSync(root + 'tests/fixtures/smartlead/add-leads.json', 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(doc.requestSchema);

test('the vendored schema refuses what SmartLead refuses', () => {
  assert.equal(validate({ lead_list: [{ first_name: 'x' }] }), false, 'email required');
  assert.equal(validate({ lead_list: Array(401).fill({ email: 'a@b.co' }) }), false, 'maxItems 400');
  assert.equal(validate({ settings: {} }), false, 'lead_list required');
});

test('every body the planner builds validates, and the key is the api_key query parameter', async () => {
  const e = await engine();
  const { readLeads } = await import('../../npm/lib/input.mjs');
  const crm = await readLeads(root + 'samples/crm-export.csv', 'smartlead', { engine: e, options: { campaignId: '1' } });
  const rows = [
    {
      email: 'A@B.co',
      first_name: 'A',
      last_name: 'B',
      company_name: 'C',
      phone_number: '+33 1 42 68 53 00',
      website: 'b.co',
      location: 'Paris',
      linkedin_profile: 'linkedin.com/in/ab',
      custom_fields: { x: 1, y: 'z', n: null },
    },
    { email: 'bad@@b.co' },
    { first_name: 'no email' },
    { email: 'c@b.co', custom_fields: { deep: [1] } },
    { email: 'd@b.co', unknown_key: 1 },
  ];
  const keyParam = doc.parameters.find((p) => p.in === 'query');
  assert.equal(keyParam.name, 'api_key');
  let n = 0;
  for (const options of [
    {},
    { ignore_global_block_list: true, ignore_unsubscribe_list: true, ignore_duplicate_leads_in_other_campaign: false, ignore_community_bounce_list: true },
    { batchSize: 3 },
  ]) {
    for (const input of [rows, crm]) {
      const p = e.plan('smartlead', input, { campaignId: '1', ...options });
      for (const r of p.requests) {
        assert.ok(validate(r.body), JSON.stringify(validate.errors));
        const url = new URL(r.path, 'https://server.smartlead.ai');
        assert.equal(url.pathname, '/api/v1/campaigns/1/leads');
        assert.equal(url.searchParams.get(keyParam.name), 'YOUR_API_KEY');
        n++;
      }
    }
  }
  assert.ok(n >= 6);
});

function exampleOf(schema) {
  if (schema.example !== undefined) return schema.example;
  if (schema.type === 'object' && schema.properties) {
    const out = {};
    for (const [k, s] of Object.entries(schema.properties)) {
      const v = exampleOf(s);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return undefined;
}

test('every answer example of the document goes through readAnswer', async () => {
  const e = await engine();
  const req = { indexes: [0, 1, 2] };
  // 200: its schema gives only ok's example; the counts are integers: each count covering all three
  const base = exampleOf(doc.responses['200'].schema);
  assert.deepEqual(base, { ok: true });
  assert.equal(e.readResponse('smartlead', req, 200, {}, JSON.stringify(base)).error.code, 'unexpected_body');
  const kinds = { inserted_count: 'added', duplicate_count: 'duplicate', blocked_count: 'rejected' };
  for (const [k, result] of Object.entries(kinds)) {
    const body = { ...base, inserted_count: 0, duplicate_count: 0, blocked_count: 0, [k]: 3 };
    const a = e.readResponse('smartlead', req, 200, {}, JSON.stringify(body));
    assert.deepEqual(
      a.rows.map((r) => r.result),
      [result, result, result],
      k,
    );
    assert.equal(a.counts[k], 3);
  }
  for (const s of ['400', '401', '422', '500']) {
    const r = doc.responses[s];
    const body = r.example || exampleOf(r.schema);
    const a = e.readResponse('smartlead', req, Number(s), {}, JSON.stringify(body));
    if (s === '500') assert.equal(a.outcome, 'retry');
    else {
      assert.equal(a.outcome, 'failed', s);
      assert.ok(a.error.message.includes(body.error || body.message), s);
      assert.deepEqual(
        a.rows.map((x) => x.result),
        ['rejected', 'rejected', 'rejected'],
      );
    }
  }
  const rl = e.readResponse('smartlead', req, 429, {}, JSON.stringify(doc.rateLimitError.example));
  assert.equal(rl.outcome, 'retry');
});
