// Contract: every request body the planner builds for instantly validates against
// Instantly's published request schema (POST /api/v2/leads/add, vendored with its
// source in tests/fixtures/instantly/leads-add.json), and every answer example of
// that document goes through readAnswer (engine.readResponse).
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
const doc = JSON.parse(readFileSync(root + 'tests/fixtures/instantly/leads-add.json', 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(doc.requestSchema);

const CAMPAIGN = '019ffad2-9c4e-7be6-8364-ed444afb02d5';

function assertValid(body, what) {
  const ok = validate(body);
  assert.ok(ok, `${what}: ${JSON.stringify(validate.errors)}`);
}

// The schema can fail: a body it must refuse (both ids, an unknown lead key, a nested custom variable).
test('the vendored schema refuses what Instantly refuses', () => {
  assert.equal(validate({ campaign_id: CAMPAIGN, leads: [] }), false, 'minItems 1');
  assert.equal(validate({ campaign_id: CAMPAIGN, leads: [{ email: 'a@b.co', linkedin_url: 'x' }] }), false, 'additionalProperties false');
  assert.equal(validate({ campaign_id: CAMPAIGN, leads: [{ email: 'a@b.co', custom_variables: { a: { b: 1 } } }] }), false, 'flat custom variables');
  assert.equal(validate({ campaign_id: 'nope', leads: [{ email: 'a@b.co' }] }), false, 'uuid');
});

test('every body the planner builds validates: messy rows, every option, the CRM sample, a list', async () => {
  const e = await engine();
  const rows = [
    {
      email: 'John.Doe@Example.com',
      first_name: 'John',
      last_name: 'Doe',
      company_name: 'Example Inc.',
      job_title: 'VP',
      phone: '+1 415 555 0132',
      website: 'example.com/about',
      personalization: 'Hi',
      lt_interest_status: 1,
      pl_value_lead: 'High',
      assigned_to: '019ffad2-53a3-7590-935f-b4938179e96d',
      custom_variables: { a: 1, b: 'x', c: false, d: null },
    },
    { email: ' ann@ACME.io ', phone: '07 53 71 43 02', country: 'France', website: 'ftp://nope' },
    { email: 'x@y.z', custom_variables: { deep: { no: 1 } } },
    { email: 'dup@acme.io' },
    { email: 'DUP@acme.io' },
    { email: 'e@acme.io', extra: 'unknown key', lt_interest_status: 9 },
    { email: 'f@acme.io', first_name: 42 },
  ];
  const { readLeads } = await import('../../npm/lib/input.mjs');
  const crm = await readLeads(root + 'samples/crm-export.csv', 'instantly', { engine: e, options: { campaignId: CAMPAIGN } });
  assert.ok(crm.length >= 10);
  const optionSets = [
    {},
    {
      skip_if_in_workspace: true,
      skip_if_in_campaign: true,
      skip_if_in_list: false,
      verify_leads_on_import: true,
      blocklist_id: '019ffad2-9c4e-7be6-8364-ed46732be598',
      assigned_to: '019ffad2-9c4e-7be6-8364-ed4744ef5f11',
    },
    { target: 'list' },
    { batchSize: 2, defaultCountry: 'US' },
  ];
  let bodies = 0;
  for (const options of optionSets) {
    for (const input of [rows, crm]) {
      const p = e.plan('instantly', input, { campaignId: CAMPAIGN, ...options });
      assert.ok(p.requests.length > 0);
      for (const r of p.requests) {
        assertValid(r.body, JSON.stringify(options));
        assert.ok(!('campaign_id' in r.body && 'list_id' in r.body));
        bodies++;
      }
    }
  }
  assert.ok(bodies >= 8);
});

// An example object from a schema: its `example`, else one built from its properties' examples.
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
  if (Array.isArray(schema.examples)) return schema.examples[0];
  return undefined;
}

test('every answer example of the document goes through readAnswer as the document describes it', async () => {
  const e = await engine();
  const statuses = Object.keys(doc.responses);
  assert.deepEqual(statuses, ['200', '401', '402', '404', '429']);
  const ok = exampleOf(doc.responses['200'].schema);
  // the example: total_sent 10, leads_uploaded 7, created_leads naming index 0 only
  assert.equal(ok.total_sent, 10);
  const request = { indexes: Array.from({ length: ok.total_sent }, (_, i) => i) };
  const a = e.readResponse('instantly', request, 200, {}, JSON.stringify(ok));
  assert.equal(a.outcome, 'accepted');
  assert.equal(a.rows.length, 10);
  assert.equal(a.rows[0].result, 'added');
  assert.equal(a.rows[0].leadId, ok.created_leads[0].id);
  // 6 more uploaded, 1 blocklisted, 1 skipped, 1 invalid: mixed, no row named -> unknown, counts kept
  assert.deepEqual(
    a.rows.slice(1).map((r) => r.result),
    Array(9).fill('unknown'),
  );
  assert.equal(a.counts.leads_uploaded, 7);
  assert.equal(a.counts.in_blocklist, 1);
  for (const s of ['401', '402', '404', '429']) {
    const body = exampleOf(doc.responses[s].schema);
    assert.equal(body.statusCode, Number(s));
    const r = e.readResponse('instantly', { indexes: [0, 1] }, Number(s), {}, JSON.stringify(body));
    if (s === '429') {
      assert.equal(r.outcome, 'retry');
    } else {
      assert.equal(r.outcome, 'failed');
      assert.equal(r.error.code, { 401: 'unauthorized', 402: 'http_402', 404: 'not_found' }[s]);
      assert.ok(r.error.message.includes(body.message));
      assert.deepEqual(
        r.rows.map((x) => x.result),
        ['rejected', 'rejected'],
      );
    }
  }
});
