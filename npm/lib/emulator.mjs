// `leadroster emulate`: a local HTTP server (Node's `http` only, 127.0.0.1 by
// default) that answers like each documented add-leads API of the engine's
// registry, with the engine inside. Nothing here names a provider: every
// route, auth scheme, batch limit and error body comes from
// engine.describeProvider() (path, leadPath, auth, batch, errors), and each
// answer from engine.emulateAnswer() (the provider file's `emulate` hook, on
// its predict, so emulator and planner agree). It serves the same paths and
// methods, checks the key where the provider takes it (header, Bearer, Basic
// password or query parameter; 401 without one), 404 for an unknown campaign,
// dedup against what the campaign holds (an engine Roster per campaign), the
// documented rate limits with X-RateLimit-* headers, GET/PATCH/DELETE on
// leadPath with the draft-only rule of a provider that freezes on launch,
// and injectable faults.
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

// A path template ("/v1/campaigns/{campaignId}/leads") as a regexp whose
// groups are its placeholders, in order; a trailing slash is allowed.
function pathRegExp(template) {
  const names = [];
  const re = template.replace(/\?.*$/, '').replace(/\{(\w+)\}|[.*+?^${}()|[\]\\/]/g, (m, name) => {
    if (name) {
      names.push(name);
      return '([^/]+)';
    }
    return '\\' + m;
  });
  return { re: new RegExp('^' + re.replace(/\\\/$/, '') + '\\/?$'), names };
}

// What the emulator serves for each provider, from describeProvider().
function providerTable(engine) {
  return engine.providers().map((id) => {
    const d = engine.describeProvider(id);
    return {
      id,
      d,
      add: pathRegExp(d.path),
      lead: d.leadPath ? pathRegExp(d.leadPath) : null,
      max: d.batch.max,
      oneLead: d.body === 'lead',
      channel: d.options.some((x) => x.name === 'channel'),
    };
  });
}

// The provider's error body: its template with the facts filled in.
function renderError(t, facts) {
  if (typeof t === 'string' && t.startsWith('$')) {
    const name = t.endsWith('?') ? t.slice(1, -1) : t.slice(1);
    return facts[name];
  }
  if (Array.isArray(t)) return t.map((x) => renderError(x, facts)).filter((x) => x !== undefined);
  if (t && typeof t === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(t)) {
      const r = renderError(v, facts);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return t;
}

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
  return { provider, id, status: status || undefined, channel };
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

function anyKey(headers, keys) {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization || '');
  return keys.has(headers['x-api-key']) || (bearer !== null && keys.has(bearer[1].trim()));
}

function isLoopbackHost(host) {
  const h = String(host)
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

// The key a request brings the way `a` ({scheme, name}) takes it, or undefined.
function keyIn(a, headers, url) {
  const auth = headers.authorization || '';
  if (a.scheme === 'header') return headers[a.name.toLowerCase()];
  if (a.scheme === 'query') return url.searchParams.has(a.name) ? url.searchParams.get(a.name) : undefined;
  if (a.scheme === 'bearer') {
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    return m ? m[1].trim() : undefined;
  }
  if (a.scheme === 'basic') {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
    if (!m) return undefined;
    const text = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return colon < 0 ? undefined : text.slice(colon + 1);
  }
  return undefined;
}

// Whether the request carries anything where the provider takes its key.
function bringsKey(d, headers, url) {
  return d.auth.some((a) => (a.scheme === 'bearer' || a.scheme === 'basic' ? headers.authorization !== undefined : keyIn(a, headers, url) !== undefined));
}

// The accepted key of the request, or null.
function acceptedKey(d, headers, url, keys) {
  for (const a of d.auth) {
    const k = keyIn(a, headers, url);
    if (k !== undefined && keys.has(k)) return k;
  }
  return null;
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
    const err = new Error(
      `host ${host} is not a loopback address: the emulator would answer (and serve its leads) to other machines; pass allowNonLoopback (--allow-non-loopback) to listen there anyway`,
    );
    err.code = 'non_loopback_host';
    throw err;
  }
  const table = providerTable(engine);
  const spec = new Map(table.map((t) => [t.id, t]));
  // The provider's error body for a status, from its describeProvider().errors.
  function errorBody(provider, status, code, message, extra = {}) {
    const e = spec.get(provider).d.errors;
    const facts = {
      status,
      statusText: http.STATUS_CODES[status] || 'Error',
      code: code || e.codes[String(status)] || e.defaultCode,
      message,
      index: extra.index,
      details: extra.details,
      retryAfter: extra.retryAfter,
    };
    return renderError(e.body, facts);
  }
  const campaigns = new Map(); // id -> campaign
  const buckets = new Map();
  const stats = {
    requests: 0,
    leadsReceived: 0,
    duplicatesReceived: 0,
    faults: { 429: 0, 500: 0, drop: 0, 'drop-after': 0 },
    leadsInLostAnswers: 0,
    rateLimited: 0,
    unauthorized: 0,
    leadsReceivedAgain: 0,
  };

  const limitOf = (provider) =>
    o.rateLimits && Object.prototype.hasOwnProperty.call(o.rateLimits, provider) ? o.rateLimits[provider] : addLimit(engine, provider);

  function addCampaign(c) {
    if (!engine.providers().includes(c.provider)) throw new Error(`unknown provider ${JSON.stringify(c.provider)} in campaign ${c.id}`);
    if (campaigns.has(c.id)) throw new Error(`campaign ${c.id} is given twice`);
    const t = spec.get(c.provider);
    const opts = {};
    if (t.channel && c.channel) opts.channel = c.channel;
    if (Array.isArray(c.leads) && c.leads.length) opts.existing = c.leads;
    const roster = engine.createRoster(c.provider, opts);
    const status = c.status || (t.d.freezesOnLaunch ? 'draft' : 'active');
    if (t.d.freezesOnLaunch && status !== 'draft') roster.launch();
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
    return {
      campaigns: s.campaigns.map((c) => ({
        provider: c.provider,
        id: c.id,
        status: c.status,
        channel: c.channel,
        leads: c.leads.map(({ id, status, ...lead }) => lead),
      })),
    };
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
    const lines = readFileSync(o.stateFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
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
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  // The providers whose add path (or lead path) this is, with the ids it carries.
  function route(method, path) {
    const hits = [];
    for (const t of table) {
      for (const [which, pr] of [
        ['add', t.add],
        ['lead', t.lead],
      ]) {
        const m = pr && pr.re.exec(path);
        if (!m) continue;
        const at = (name) => {
          const i = pr.names.indexOf(name);
          return i < 0 ? null : decodeURIComponent(m[i + 1]);
        };
        hits.push({ provider: t.id, which, id: at('campaignId'), leadId: at('leadId') });
        break;
      }
    }
    if (hits.length === 0) return null;
    return { providers: hits.map((h) => h.provider), hits };
  }

  let answered = 0; // add requests answered, the requestNumber of the next
  function addLeads(c, leads, res, extraHeaders) {
    const p = c.provider;
    const t = spec.get(p);
    if (t.d.freezesOnLaunch && c.status !== 'draft') {
      return send(res, 400, errorBody(p, 400, null, `campaign is ${c.status}: leads can only be changed on a draft campaign`), extraHeaders);
    }
    if (t.d.refusesBatchWithoutIdentity) {
      // the whole request is refused when a lead lacks its identity
      const options = c.channel ? { channel: c.channel } : {};
      const anyOf = engine.describeProvider(p, options).identity.anyOf;
      for (let i = 0; i < leads.length; i++) {
        const v = engine.validateLead(p, leads[i], options);
        if (v.errors.some((e) => e.code === 'missing_identity' || anyOf.includes(e.field))) {
          return send(res, 400, errorBody(p, 400, null, `leads[${i}]: ${anyOf.join(' or ')} is required and must be valid`, { index: i }), extraHeaders);
        }
      }
    }
    const rows = c.roster.add(leads);
    const added = rows.filter((r) => r.status === 'ok');
    const dups = rows.filter((r) => r.status === 'duplicate');
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
    const a = engine.emulateAnswer(p, { campaignId: c.id, leads, rows, requestNumber: answered++ });
    if (a.status >= 400) return send(res, a.status, errorBody(p, a.status, a.body.code, a.body.message, a.body), extraHeaders);
    return send(res, a.status, a.body, extraHeaders);
  }

  // GET (list) / PATCH / DELETE on a provider's leadPath.
  function manage(c, method, url, body, leadId, res) {
    const p = c.provider;
    if (method === 'GET') {
      const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : 50;
      const page = url.searchParams.has('page') ? Number(url.searchParams.get('page')) : 1;
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) return send(res, 400, errorBody(p, 400, null, 'limit must be an integer 1..200'));
      if (!Number.isInteger(page) || page < 1) return send(res, 400, errorBody(p, 400, null, 'page must be an integer >= 1'));
      const q = { page, limit };
      if (url.searchParams.has('status')) q.status = url.searchParams.get('status');
      const l = c.roster.list(q);
      return send(res, 200, { leads: l.leads.map((x) => ({ id: x.id, status: x.status, ...x.lead })), total: l.total, page: l.page, limit: l.limit });
    }
    if (method === 'PATCH') {
      const id = leadId || (body && (body.id || body.leadId));
      const fields = body && (body.fields || Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'id' && k !== 'leadId')));
      if (!id || !fields || typeof fields !== 'object') return send(res, 400, errorBody(p, 400, null, 'PATCH takes {id, fields}'));
      const r = c.roster.patch(String(id), fields);
      if (r.ok) {
        logChange({ op: 'patch', campaign: c.id, id: String(id), fields });
        return send(res, 200, { lead: r.lead });
      }
      return send(res, r.code === 'not_found' ? 404 : 400, errorBody(p, 400, r.code, r.message));
    }
    if (method === 'DELETE') {
      if (!body || typeof body !== 'object') return send(res, 400, errorBody(p, 400, null, 'DELETE takes {ids:[...]} (up to 500) or {all:true}'));
      const r = c.roster.remove(body);
      if (r.ok) {
        logChange({ op: 'remove', campaign: c.id, body });
        return send(res, 200, { removed: r.removed, notFound: r.notFound });
      }
      return send(res, 400, errorBody(p, 400, r.code, r.message));
    }
    return send(res, 405, errorBody(p, 405, null, `${method} is not allowed here`));
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
    // the campaign: from the path, or from the body's campaignId
    let c;
    let hit = r.hits[0];
    const inBody = (h) => h.id === null;
    // in the body: its campaignId, else any top-level string naming one of this provider's campaigns (an envelope's campaign_id / list_id)
    const idOf = (h) => {
      if (!inBody(h)) return h.id;
      if (!body || typeof body !== 'object') return undefined;
      if (typeof body.campaignId === 'string') return body.campaignId;
      return Object.values(body).find((v) => typeof v === 'string' && campaigns.has(v) && campaigns.get(v).provider === h.provider);
    };
    for (const h of r.hits) {
      const found = campaigns.get(idOf(h));
      if (found && found.provider === h.provider) {
        c = found;
        hit = h;
        break;
      }
    }
    if (!c && r.hits.length > 1) {
      // a path shared by several providers: answer 401 / 404 in the shape of one whose key matches
      hit = r.hits.find((h) => acceptedKey(spec.get(h.provider).d, req.headers, url, keys) !== null) || r.hits[0];
    }
    const provider = hit.provider;
    const d = spec.get(provider).d;
    const key = acceptedKey(d, req.headers, url, keys);
    if (key === null) {
      stats.unauthorized++;
      const missing = !bringsKey(d, req.headers, url);
      return send(res, 401, errorBody(provider, 401, missing ? d.errors.missingKeyCode : null, missing ? 'Missing API key' : 'Invalid API key'));
    }
    if (bad) return send(res, 400, errorBody(provider, 400, null, d.errors.invalidBatch || 'the body is not valid JSON'));
    if (!c) return send(res, 404, errorBody(provider, 404, null, 'Campaign not found'));
    if (hit.which === 'lead' || (req.method !== 'POST' && d.leadPath)) {
      if (req.method === 'POST' && hit.which === 'lead') return send(res, 405, errorBody(provider, 405, null, 'POST is not allowed here'));
      if (req.method !== 'GET' && d.freezesOnLaunch && c.status !== 'draft') {
        return send(res, 400, errorBody(provider, 400, null, `campaign is ${c.status}: leads can only be changed on a draft campaign`));
      }
      return manage(c, req.method, url, body, hit.leadId, res);
    }
    if (req.method !== 'POST') return send(res, 405, errorBody(provider, 405, null, `${req.method} is not allowed here`));
    // rate limit (per key and provider)
    let headers = {};
    const limit = limitOf(provider);
    if (limit) {
      const bucketKey = provider + '\u0000' + key;
      let b = buckets.get(bucketKey);
      if (!b) buckets.set(bucketKey, (b = new Bucket(limit, clock)));
      const tk = b.take();
      headers = tk.headers;
      if (!tk.ok) {
        stats.rateLimited++;
        const sec = Math.max(1, Math.ceil(tk.waitMs / 1000));
        return send(res, 429, errorBody(provider, 429, null, 'Rate limit exceeded', { retryAfter: sec }), { ...headers, 'Retry-After': String(sec) });
      }
    }
    // envelope validation
    let leads;
    const t = spec.get(provider);
    if (t.oneLead) {
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return send(
          res,
          400,
          errorBody(provider, 400, null, d.errors.invalidBatch || 'the body must be a lead object', {
            details: { field: null, expected: 'object', received: typeof body },
          }),
          headers,
        );
      }
      leads = [body];
    } else {
      // the batch: body.leads, or the body's one array (an envelope's own leads key)
      leads = body && typeof body === 'object' ? (Array.isArray(body.leads) ? body.leads : Object.values(body).find(Array.isArray) || null) : null;
      if (!leads || leads.length < 1 || leads.length > t.max) {
        return send(res, 400, errorBody(provider, 400, null, d.errors.invalidBatch || `leads must be an array of 1 to ${t.max} leads`), headers);
      }
    }
    return addLeads(c, leads, res, headers);
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
          const rt = route(req.method, new URL(req.url, 'http://x').pathname);
          const body = rt
            ? errorBody(rt.providers[0], 429, null, 'Rate limit exceeded (injected)', { retryAfter: Number(ra) })
            : { error: 'Rate limit exceeded (injected)' };
          return send(res, 429, body, { 'Retry-After': ra });
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
