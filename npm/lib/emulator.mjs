// `leadroster emulate`: a local HTTP server (Node's `http` only, 127.0.0.1 by
// default) that answers like the five documented add-leads APIs, with the
// engine inside: same paths and methods, the auth header checked against the
// keys it was given (401 without one), 404 for an unknown campaign, request
// validation with each provider's error bodies, dedup against what the
// campaign holds (an engine Roster per campaign), the documented success
// bodies (shaped by engine.predictResponse, so emulator and planner agree),
// magnetite's 409, the documented rate limits with X-RateLimit-* headers,
// puffle's GET/PATCH/DELETE and draft-only rule, and injectable faults.
//
// GET /_emulator/state shows what each campaign holds and what was received;
// ?leads=1 lists every lead and needs one of the keys (Authorization: Bearer
// or X-Api-Key). It listens on the loopback only unless allowNonLoopback.
// stats.leadsReceivedAgain counts the distinct leads a request brought that an
// earlier request had already added (a resend), not the campaign's seeds.
// With a state file, each change is appended to it as one line (O(change),
// not O(state)); the file is compacted to one snapshot line on close. Faults: {429, 500, drop, 'drop-after', latency,
// 'retry-after', seed}: drop closes the connection before the request is
// read as a whole; drop-after stores the leads and then closes it unanswered.
import http from 'node:http';
import { readFileSync, writeFileSync, renameSync, existsSync, appendFileSync } from 'node:fs';
import { addLimit, systemClock } from './pacer.mjs';

const PATHS = [
  // [provider, regexp on the path, campaign id from: 'path' | 'body']
  ['sendpilot', /^\/v1\/leads\/?$/, 'body'],
  ['reached', /^\/v1\/campaigns\/([^/]+)\/leads\/?$/, 'path'],
  ['sendkit', /^\/v1\/campaigns\/([^/]+)\/leads\/?$/, 'path'],
  ['magnetite', /^\/api\/campaigns\/([^/]+)\/leads\/?$/, 'path'],
  ['puffle', /^\/api\/campaigns\/([^/]+)\/leads(?:\/([^/]+))?\/?$/, 'path'],
  ['instantly', /^\/api\/v2\/leads\/add\/?$/, 'body'],
  ['smartlead', /^\/api\/v1\/campaigns\/([^/]+)\/leads\/?$/, 'path'],
  ['lemlist', /^\/api\/campaigns\/([^/]+)\/leads\/?$/, 'path'],
];
const MAX_LEADS = { sendpilot: 100, sendkit: 5000, puffle: 1000, reached: 10000, magnetite: 1, instantly: 1000, smartlead: 400, lemlist: 1 };
// Where a body-routed provider names its campaign.
const BODY_CAMPAIGN = { sendpilot: (b) => b.campaignId, instantly: (b) => b.campaign_id ?? b.list_id };
// The key of a body's leads array (smartlead's lead_list); magnetite's and lemlist's body is the lead.
const LEADS_KEY = { smartlead: 'lead_list' };
const SINGLE = new Set(['magnetite', 'lemlist']);

/** Parses "429=0.15,500=0.1,drop=0.05,drop-after=0.05,latency=50" into an object. */
export function parseFaults(text) {
  const out = {};
  if (!text) return out;
  for (const part of String(text).split(',')) {
    if (!part.trim()) continue;
    const [k, v] = part.split('=');
    const key = k.trim();
    if (!['429', '500', 'drop', 'drop-after', 'latency', 'retry-after', 'seed'].includes(key)) {
      throw new Error(`unknown fault ${JSON.stringify(key)} (429, 500, drop, drop-after, latency, retry-after, seed)`);
    }
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`fault ${key} needs a number >= 0`);
    if (['429', '500', 'drop', 'drop-after'].includes(key) && n > 1) throw new Error(`fault ${key} is a probability (0..1)`);
    out[key] = n;
  }
  return out;
}

/** "provider:id[:status[:channel]]" */
export function parseCampaign(text) {
  const [provider, id, status, channel] = String(text).split(':');
  if (!provider || !id) throw new Error(`--campaign takes provider:id[:status[:channel]], not ${JSON.stringify(text)}`);
  return { provider, id, status: status || (provider === 'puffle' ? 'draft' : 'active'), channel };
}

// A small seeded PRNG (mulberry32), so a fault run can be repeated.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- provider error bodies
function errorBody(provider, status, code, message, extra = {}) {
  switch (provider) {
    case 'magnetite': {
      const MC = { 400: 'INVALID_REQUEST', 401: 'INVALID_API_KEY', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'DUPLICATE_LEAD', 429: 'RATE_LIMIT_EXCEEDED', 500: 'INTERNAL_ERROR' };
      const body = { success: false, error: { code: code || MC[status] || 'ERROR', message } };
      if (extra.details) body.error.details = extra.details;
      if (extra.retryAfter !== undefined) body.retryAfter = extra.retryAfter;
      return body;
    }
    case 'sendpilot':
      return { statusCode: status, message, error: http.STATUS_CODES[status] || 'Error' };
    case 'reached': {
      const RC = { 400: 'bad_request', 401: 'unauthorized', 404: 'not_found', 429: 'rate_limited', 500: 'internal' };
      return { error: { code: code || RC[status] || 'internal', message } };
    }
    case 'sendkit': {
      const SC = { 400: 'VALIDATION_ERROR', 401: 'UNAUTHORIZED', 404: 'NOT_FOUND', 429: 'RATE_LIMITED', 500: 'INTERNAL_ERROR' };
      return { success: false, error: { code: code || SC[status] || 'ERROR', message } };
    }
    case 'instantly':
      return { statusCode: status, error: http.STATUS_CODES[status] || 'Error', message };
    case 'smartlead':
      // its document: 401 {message}; other errors {error}; 429 {error: {code, message, retry_after}}
      if (status === 401) return { message };
      if (status === 429) return { error: { code: 'RATE_LIMIT_EXCEEDED', message, retry_after: extra.retryAfter } };
      return { error: message };
    case 'lemlist':
      return message; // plain text (send() writes a string body as text/plain)
    default:
      return { error: message, ...(extra.index !== undefined ? { index: extra.index } : {}) };
  }
}

function anyKey(headers, keys) {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization || '');
  return keys.has(headers['x-api-key']) || (bearer !== null && keys.has(bearer[1].trim()));
}

function isLoopbackHost(host) {
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function basicPassword(headers) {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(headers.authorization || '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : text.slice(colon + 1);
}

function authorized(provider, headers, keys, url) {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization || '');
  const b = bearer ? bearer[1].trim() : null;
  if (provider === 'sendpilot') return keys.has(headers['x-api-key']);
  if (provider === 'sendkit') return keys.has(headers['x-api-key']) || keys.has(b);
  if (provider === 'smartlead') return keys.has(url && url.searchParams.get('api_key'));
  if (provider === 'lemlist') return keys.has(basicPassword(headers)) || keys.has(url && url.searchParams.get('access_token'));
  return keys.has(b);
}

function keyGiven(provider, headers, url) {
  if (provider === 'sendpilot') return !!headers['x-api-key'];
  if (provider === 'smartlead') return !!(url && url.searchParams.get('api_key'));
  return !!headers.authorization || !!headers['x-api-key'] || !!(url && url.searchParams.get('access_token'));
}

class Bucket {
  constructor(limit, clock) {
    this.limit = limit;
    this.clock = clock;
    this.capacity = limit.burst || limit.requests;
    this.perMs = limit.requests / (limit.windowSeconds * 1000);
    this.tokens = this.capacity;
    this.last = clock.now();
  }
  take() {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
    const ok = this.tokens >= 1 - 1e-9;
    if (ok) this.tokens -= 1;
    // Reset: when the next request will be allowed (a token bucket has no fixed window)
    const waitMs = this.tokens >= 1 - 1e-9 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
    return {
      ok,
      waitMs,
      headers: {
        'X-RateLimit-Limit': String(this.limit.requests),
        'X-RateLimit-Remaining': String(Math.max(0, Math.floor(this.tokens))),
        'X-RateLimit-Reset': String(Math.ceil((now + waitMs) / 1000)),
        'X-RateLimit-Window': String(this.limit.windowSeconds),
      },
    };
  }
}

/**
 * createEmulator({ engine, keys: [..], campaigns: [{provider,id,status,channel,leads?}],
 *   faults, stateFile, host, port, clock, rateLimits: {provider: limit|null} })
 * -> { listen(): Promise<{url, port}>, close(), state(withLeads) }
 */
export function createEmulator(o) {
  const engine = o.engine;
  const keys = new Set(o.keys || []);
  const faults = o.faults || {};
  const random = prng(faults.seed ?? 1);
  const clock = o.clock || systemClock;
  const host = o.host || '127.0.0.1';
  if (!isLoopbackHost(host) && o.allowNonLoopback !== true) {
    const err = new Error(`host ${host} is not a loopback address: the emulator would answer (and serve its leads) to other machines; pass allowNonLoopback (--allow-non-loopback) to listen there anyway`);
    err.code = 'non_loopback_host';
    throw err;
  }
  const campaigns = new Map(); // id -> campaign
  const buckets = new Map();
  const stats = { requests: 0, leadsReceived: 0, duplicatesReceived: 0, faults: { 429: 0, 500: 0, drop: 0, 'drop-after': 0 }, leadsInLostAnswers: 0, rateLimited: 0, unauthorized: 0, leadsReceivedAgain: 0 };

  const limitOf = (provider) =>
    o.rateLimits && Object.prototype.hasOwnProperty.call(o.rateLimits, provider) ? o.rateLimits[provider] : addLimit(engine, provider);

  function addCampaign(c) {
    if (!engine.providers().includes(c.provider)) throw new Error(`unknown provider ${JSON.stringify(c.provider)} in campaign ${c.id}`);
    if (campaigns.has(c.id)) throw new Error(`campaign ${c.id} is given twice`);
    const opts = {};
    if (c.provider === 'puffle' && c.channel) opts.channel = c.channel;
    if (c.provider === 'instantly' && c.channel === 'list') opts.target = 'list'; // an Instantly list, not a campaign
    if (Array.isArray(c.leads) && c.leads.length) opts.existing = c.leads;
    const roster = engine.createRoster(c.provider, opts);
    const status = c.status || (c.provider === 'puffle' ? 'draft' : 'active');
    if (c.provider === 'puffle' && status !== 'draft') roster.launch();
    campaigns.set(c.id, { provider: c.provider, id: c.id, status, channel: c.channel || null, roster, received: 0, addedIds: new Set(), againIds: new Set() });
  }

  function leadsOf(c) {
    const out = [];
    for (let page = 1; ; page++) {
      const l = c.roster.list({ page, limit: 200 });
      for (const x of l.leads) out.push({ id: x.id, status: x.status, ...x.lead });
      if (page * 200 >= l.total || l.leads.length === 0) break;
    }
    return out;
  }

  function state(withLeads) {
    return {
      campaigns: [...campaigns.values()].map((c) => {
        const s = { provider: c.provider, id: c.id, status: c.status, channel: c.channel, count: c.roster.size(), received: c.received };
        if (withLeads) s.leads = leadsOf(c);
        return s;
      }),
      stats,
    };
  }

  // ---- state file: a snapshot line, then one line per change
  function snapshot() {
    const s = state(true);
    return { campaigns: s.campaigns.map((c) => ({ provider: c.provider, id: c.id, status: c.status, channel: c.channel, leads: c.leads.map(({ id, status, ...lead }) => lead) })) };
  }
  function saveNow() {
    if (!o.stateFile) return;
    writeFileSync(o.stateFile + '.tmp', JSON.stringify(snapshot()) + '\n');
    renameSync(o.stateFile + '.tmp', o.stateFile);
  }
  let logging = false; // ops are appended once the state file holds a snapshot
  function logChange(op) {
    if (!o.stateFile || !logging) return;
    appendFileSync(o.stateFile, JSON.stringify(op) + '\n');
  }
  let seeds = o.campaigns || [];
  let ops = [];
  if (o.stateFile && existsSync(o.stateFile)) {
    const lines = readFileSync(o.stateFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const saved = JSON.parse(lines[0]);
    for (let i = 1; i < lines.length; i++) {
      try {
        ops.push(JSON.parse(lines[i]));
      } catch (e) {
        if (i < lines.length - 1) throw new Error(`${o.stateFile}: line ${i + 1} is not JSON`);
        // a torn last line: the change it held never got its answer
      }
    }
    const given = new Set(seeds.map((c) => c.id));
    seeds = seeds.map((c) => saved.campaigns.find((s) => s.id === c.id) || c).concat(saved.campaigns.filter((s) => !given.has(s.id)));
  }
  for (const c of seeds) addCampaign(c);
  for (const op of ops) {
    const c = campaigns.get(op.campaign);
    if (!c) continue;
    if (op.op === 'add') {
      for (const r of c.roster.add(op.leads)) if (r.status === 'ok') c.addedIds.add(r.id);
    } else if (op.op === 'patch') c.roster.patch(op.id, op.fields);
    else if (op.op === 'remove') c.roster.remove(op.body);
  }
  ops = null;
  if (o.stateFile) {
    saveNow(); // one snapshot line (the restored state, compacted) that the change lines follow
    logging = true;
  }

  // ---- answers
  function send(res, status, body, headers = {}) {
    const plain = typeof body === 'string';
    const text = body === undefined ? '' : plain ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': plain ? 'text/plain; charset=utf-8' : 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function route(method, path) {
    const hits = PATHS.map(([provider, re, from]) => [provider, re.exec(path), from]).filter(([, m]) => m);
    if (hits.length === 0) return null;
    const [provider, m, from] = hits[0];
    if (from === 'body') return { providers: [provider], id: null, from };
    let leadId = null;
    for (const [, mm] of hits) if (mm[2]) leadId = decodeURIComponent(mm[2]);
    return { providers: hits.map(([p]) => p), id: decodeURIComponent(m[1]), leadId, from };
  }

  // predicted success body for `n` new leads, counts filled in afterwards
  function predicted(c, leads) {
    const path = c.provider === 'sendpilot' ? '/v1/leads' : `/x/${c.id}/leads`;
    const body = SINGLE.has(c.provider) ? leads[0] || {} : c.provider === 'sendpilot' ? { campaignId: c.id, leads } : { [LEADS_KEY[c.provider] || 'leads']: leads };
    return engine.predictResponse(c.provider, { requests: [{ path, body }] })[0];
  }

  // The emails the other campaigns of this provider hold (instantly's skip_if_in_*, lemlist's deduplicate).
  function emailsElsewhere(c) {
    const out = new Set();
    for (const o of campaigns.values()) {
      if (o === c || o.provider !== c.provider) continue;
      for (const l of leadsOf(o)) if (typeof l.email === 'string') out.add(l.email.toLowerCase());
    }
    return out;
  }

  function addLeads(c, leads, res, extraHeaders, q = {}) {
    const p = c.provider;
    // Leads skipped before the roster sees them: in another campaign of the workspace.
    const skipped = new Set();
    if ((p === 'instantly' && (q.skipIfInWorkspace || q.skipIfInCampaign)) || (p === 'lemlist' && q.deduplicate)) {
      const elsewhere = emailsElsewhere(c);
      leads.forEach((l, i) => {
        if (l && typeof l.email === 'string' && elsewhere.has(l.email.toLowerCase())) skipped.add(i);
      });
    }
    if (skipped.size && p === 'lemlist') return send(res, 400, errorBody(p, 400, null, 'Lead already in another campaign (deduplicate)'), extraHeaders);
    const sentLeads = leads;
    const keptIndex = leads.map((_, i) => i).filter((i) => !skipped.has(i));
    if (skipped.size) leads = keptIndex.map((i) => sentLeads[i]);
    if (p === 'puffle') {
      if (c.status !== 'draft') return send(res, 400, errorBody(p, 400, null, `campaign is ${c.status}: leads can only be changed on a draft campaign`), extraHeaders);
      const channel = c.channel || 'email';
      for (let i = 0; i < leads.length; i++) {
        const v = engine.validateLead('puffle', leads[i], { channel });
        if (v.errors.some((e) => e.code === 'missing_identity' || (e.field === (channel === 'email' ? 'email' : 'linkedin_url')))) {
          return send(res, 400, errorBody(p, 400, null, `leads[${i}]: ${channel === 'email' ? 'email' : 'linkedin_url'} is required and must be valid`, { index: i }), extraHeaders);
        }
      }
    }
    const rows = c.roster.add(leads);
    const added = rows.filter((r) => r.status === 'ok');
    const dups = rows.filter((r) => r.status === 'duplicate');
    const invalid = rows.filter((r) => r.status === 'invalid');
    stats.leadsReceived += leads.length;
    stats.duplicatesReceived += dups.length;
    c.received += leads.length;
    for (const r of added) c.addedIds.add(r.id);
    for (const r of dups) {
      if (r.existingId && c.addedIds.has(r.existingId) && !c.againIds.has(r.existingId)) {
        c.againIds.add(r.existingId);
        stats.leadsReceivedAgain++;
      }
    }
    if (added.length) logChange({ op: 'add', campaign: c.id, leads: added.map((r) => leads[r.index]) });
    const pred = predicted(c, leads.slice(0, 1));
    const msg = (r) => r.errors.map((e) => e.message).join('; ');
    switch (p) {
      case 'magnetite': {
        if (invalid.length) {
          const e = invalid[0].errors[0] || {};
          return send(res, 400, errorBody(p, 400, 'INVALID_REQUEST', msg(invalid[0]), { details: { field: e.field, expected: e.code, received: null } }), extraHeaders);
        }
        if (dups.length) return send(res, 409, errorBody(p, 409, 'DUPLICATE_LEAD', 'Lead already exists in this campaign'), extraHeaders);
        return send(res, 201, { ...pred.body, prospectId: added[0].id }, extraHeaders);
      }
      case 'sendpilot': {
        const body = { ...pred.body, leadsAdded: added.length, duplicatesSkipped: dups.length, invalidEntries: invalid.length };
        if (invalid.length) body.errors = invalid.map((r) => ({ index: r.index, linkedinUrl: leads[r.index] && leads[r.index].linkedinUrl, message: msg(r) }));
        return send(res, 200, body, extraHeaders);
      }
      case 'reached': {
        const results = rows.map((r) =>
          r.status === 'ok'
            ? { lead_id: r.id, status: 'added' }
            : r.status === 'duplicate'
              ? { lead_id: r.existingId || null, status: 'already_in_campaign' }
              : { error: { code: 'bad_request', message: msg(r) } },
        );
        return send(res, 200, { data: { ...pred.body.data, campaign_id: c.id, results } }, extraHeaders);
      }
      case 'sendkit':
        return send(res, 200, { ...pred.body, data: { added: added.length, skipped: dups.length, errors: invalid.map((r) => ({ entry: leads[r.index], message: msg(r) })) } }, extraHeaders);
      case 'instantly': {
        const noEmail = invalid.filter((r) => !leads[r.index] || typeof leads[r.index].email !== 'string' || leads[r.index].email === '');
        return send(res, 200, {
          ...pred.body,
          total_sent: sentLeads.length,
          leads_uploaded: added.length,
          duplicated_leads: dups.length,
          skipped_count: skipped.size,
          invalid_email_count: invalid.length - (q.list ? noEmail.length : 0),
          incomplete_count: q.list ? noEmail.length : 0,
          remaining_in_plan: q.list ? null : 100000,
          created_leads: added.map((r) => ({ index: keptIndex[r.index], id: r.id, email: (leads[r.index] && leads[r.index].email) ?? null })),
        }, extraHeaders);
      }
      case 'smartlead':
        // its document's answer: counts only, no row named
        return send(res, 200, { ok: true, inserted_count: added.length, duplicate_count: dups.length, blocked_count: 0, invalid_count: invalid.length }, extraHeaders);
      case 'lemlist': {
        if (invalid.length) return send(res, 400, errorBody(p, 400, null, msg(invalid[0])), extraHeaders);
        if (dups.length) return send(res, 400, errorBody(p, 400, null, 'Lead already in the campaign'), extraHeaders);
        const lead = leads[0] || {};
        return send(res, 200, { ...pred.body, ...lead, _id: added[0].id, campaignId: c.id, isPaused: false }, extraHeaders);
      }
      default:
        return send(res, 200, { ...pred.body, imported: added.length, duplicates: dups.length }, extraHeaders);
    }
  }

  function puffleOther(c, method, url, body, leadId, res) {
    if (method === 'GET') {
      const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : 50;
      const page = url.searchParams.has('page') ? Number(url.searchParams.get('page')) : 1;
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) return send(res, 400, errorBody('puffle', 400, null, 'limit must be an integer 1..200'));
      if (!Number.isInteger(page) || page < 1) return send(res, 400, errorBody('puffle', 400, null, 'page must be an integer >= 1'));
      const q = { page, limit };
      if (url.searchParams.has('status')) q.status = url.searchParams.get('status');
      const l = c.roster.list(q);
      return send(res, 200, { leads: l.leads.map((x) => ({ id: x.id, status: x.status, ...x.lead })), total: l.total, page: l.page, limit: l.limit });
    }
    if (method === 'PATCH') {
      const id = leadId || (body && (body.id || body.leadId));
      const fields = body && (body.fields || Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'id' && k !== 'leadId')));
      if (!id || !fields || typeof fields !== 'object') return send(res, 400, errorBody('puffle', 400, null, 'PATCH takes {id, fields}'));
      const r = c.roster.patch(String(id), fields);
      if (r.ok) {
        logChange({ op: 'patch', campaign: c.id, id: String(id), fields });
        return send(res, 200, { lead: r.lead });
      }
      return send(res, r.code === 'not_found' ? 404 : 400, errorBody('puffle', 400, r.code, r.message));
    }
    if (method === 'DELETE') {
      if (!body || typeof body !== 'object') return send(res, 400, errorBody('puffle', 400, null, 'DELETE takes {ids:[...]} (up to 500) or {all:true}'));
      const r = c.roster.remove(body);
      if (r.ok) {
        logChange({ op: 'remove', campaign: c.id, body });
        return send(res, 200, { removed: r.removed, notFound: r.notFound });
      }
      return send(res, 400, errorBody('puffle', 400, r.code, r.message));
    }
    return send(res, 405, errorBody('puffle', 405, null, `${method} is not allowed here`));
  }

  async function handle(req, res, raw) {
    const url = new URL(req.url, 'http://emulator');
    if (url.pathname === '/_emulator/state' && req.method === 'GET') {
      const withLeads = url.searchParams.get('leads') === '1';
      if (withLeads && !anyKey(req.headers, keys)) {
        stats.unauthorized++;
        return send(res, 401, { error: 'the leads are listed only with one of the emulator keys (Authorization: Bearer KEY or X-Api-Key)' });
      }
      return send(res, 200, state(withLeads));
    }
    stats.requests++;
    const r = route(req.method, url.pathname);
    if (!r) return send(res, 404, { error: `no such endpoint: ${req.method} ${url.pathname}` });
    let body;
    const text = raw.toString('utf8');
    let bad = false;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch (_) {
        bad = true;
      }
    }
    // the campaign: from the path, or the body (sendpilot's campaignId, instantly's campaign_id / list_id)
    let c;
    let provider = r.providers[0];
    if (r.from === 'body') {
      c = body && typeof body === 'object' ? campaigns.get(BODY_CAMPAIGN[provider](body)) : undefined;
      if (c && c.provider !== provider) c = undefined;
    } else {
      c = campaigns.get(r.id);
      if (c && r.providers.includes(c.provider)) provider = c.provider;
      else c = undefined;
      if (!c && r.providers.length > 1) {
        // path shared by several providers: answer 401 / 404 in the shape of one whose key matches
        provider = r.providers.find((p) => authorized(p, req.headers, keys, url)) || r.providers[0];
      }
    }
    if (!authorized(provider, req.headers, keys, url)) {
      stats.unauthorized++;
      const missing = !keyGiven(provider, req.headers, url);
      return send(res, 401, errorBody(provider, 401, provider === 'magnetite' ? (missing ? 'MISSING_AUTHORIZATION' : 'INVALID_API_KEY') : null, missing ? 'Missing API key' : 'Invalid API key'));
    }
    if (bad) return send(res, 400, errorBody(provider, 400, null, provider === 'sendpilot' ? 'Validation failed' : 'the body is not valid JSON'));
    if (!c) return send(res, 404, errorBody(provider, 404, null, 'Campaign not found'));
    if (c.provider === 'puffle' && req.method !== 'POST') {
      if (req.method !== 'GET' && c.status !== 'draft') {
        return send(res, 400, errorBody('puffle', 400, null, `campaign is ${c.status}: leads can only be changed on a draft campaign`));
      }
      return puffleOther(c, req.method, url, body, r.leadId, res);
    }
    if (req.method !== 'POST') return send(res, 405, errorBody(c.provider, 405, null, `${req.method} is not allowed here`));
    // rate limit (per key and provider)
    let headers = {};
    const limit = limitOf(c.provider);
    if (limit) {
      const key = c.provider + '\u0000' + (req.headers.authorization || req.headers['x-api-key']);
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = new Bucket(limit, clock)));
      const t = b.take();
      headers = t.headers;
      if (!t.ok) {
        stats.rateLimited++;
        const s = Math.max(1, Math.ceil(t.waitMs / 1000));
        return send(res, 429, errorBody(c.provider, 429, null, 'Rate limit exceeded', { retryAfter: s }), { ...headers, 'Retry-After': String(s) });
      }
    }
    // envelope validation
    let leads;
    const q = {};
    if (c.provider === 'magnetite') {
      if (!body || typeof body !== 'object' || Array.isArray(body)) return send(res, 400, errorBody('magnetite', 400, 'INVALID_REQUEST', 'the body must be a lead object', { details: { field: null, expected: 'object', received: typeof body } }), headers);
      leads = [body];
    } else if (c.provider === 'lemlist') {
      // the body is optional and, when given, an object; ?deduplicate=true refuses an email another campaign holds
      if (body !== undefined && (!body || typeof body !== 'object' || Array.isArray(body))) return send(res, 400, errorBody('lemlist', 400, null, 'the body must be a JSON object'), headers);
      leads = [body || {}];
      q.deduplicate = url.searchParams.get('deduplicate') === 'true';
    } else {
      if (c.provider === 'instantly') {
        if (body && body.campaign_id !== undefined && body.list_id !== undefined) return send(res, 400, errorBody('instantly', 400, null, 'campaign_id and list_id cannot both be given'), headers);
        q.list = !!body && body.list_id !== undefined;
        q.skipIfInWorkspace = body && body.skip_if_in_workspace === true;
        q.skipIfInCampaign = body && body.skip_if_in_campaign === true;
      }
      const key = LEADS_KEY[c.provider] || 'leads';
      leads = body && Array.isArray(body[key]) ? body[key] : null;
      const max = MAX_LEADS[c.provider];
      if (!leads || leads.length < 1 || leads.length > max) {
        const m = c.provider === 'sendpilot' ? 'Validation failed' : c.provider === 'sendkit' ? 'Provide leads array, filters, or selectAll: true' : `leads must be an array of 1 to ${max} leads`;
        return send(res, 400, errorBody(c.provider, 400, null, m), headers);
      }
    }
    return addLeads(c, leads, res, headers, q);
  }

  function pickFault() {
    const x = random();
    let acc = 0;
    for (const f of ['429', '500', 'drop', 'drop-after']) {
      acc += faults[f] || 0;
      if (x < acc) return f;
    }
    return null;
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 64 << 20) req.destroy();
      else chunks.push(c);
    });
    req.on('end', async () => {
      try {
        if (faults.latency) await new Promise((r) => setTimeout(r, faults.latency));
        const fault = req.url.startsWith('/_emulator/') ? null : pickFault();
        if (fault) stats.faults[fault]++;
        if (fault === 'drop') return req.socket.destroy();
        if (fault === '429') {
          const ra = String(faults['retry-after'] ?? 1);
          const p = (route(req.method, new URL(req.url, 'http://x').pathname) || { providers: ['puffle'] }).providers[0];
          return send(res, 429, errorBody(p, 429, null, 'Rate limit exceeded (injected)', { retryAfter: Number(ra) }), { 'Retry-After': ra });
        }
        if (fault === '500') return send(res, 500, { error: { code: 'internal', message: 'injected fault' } });
        if (fault === 'drop-after') {
          // store the leads, lose the answer
          const before = stats.leadsReceived;
          const sink = { writeHead() {}, end() {} };
          await handle(req, sink, Buffer.concat(chunks));
          stats.leadsInLostAnswers += stats.leadsReceived - before;
          return req.socket.destroy();
        }
        await handle(req, res, Buffer.concat(chunks));
      } catch (e) {
        if (!res.headersSent) send(res, 500, { error: { code: 'internal', message: 'emulator error: ' + e.message } });
      }
    });
  });
  server.keepAliveTimeout = 5000;

  return {
    server,
    state,
    addCampaign,
    listen(port = o.port || 0) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const a = server.address();
          resolve({ url: `http://${host}:${a.port}`, port: a.port });
        });
      });
    },
    async close() {
      saveNow(); // compacts the change lines into one snapshot
      await new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections && server.closeAllConnections();
      });
      for (const c of campaigns.values()) c.roster.delete();
    },
  };
}
