// push(): plans a file (or rows) with the engine and delivers the requests to
// the provider: Node's fetch, retries with exponential backoff and full jitter
// (honouring Retry-After), pacing to the documented limits, an fsync'd journal
// and --resume. The CLI (lib/cli/push.mjs) is a thin layer over it.
//
// Guarantees: every row ends with a known outcome or `not_delivered`; a
// request journaled as settled is never sent again; the API key is only ever
// put in the outgoing headers (never in an error, the journal, the summary).
import { createHash } from 'node:crypto';
import { Pacer, addLimit, minDurationSeconds, systemClock } from './pacer.mjs';
import { Journal, JournalError, readJournal, settled, sameFingerprint, journalExists, JOURNAL_VERSION } from './journal.mjs';
import { planFile } from './input.mjs';

export class PushError extends Error {
  /** code: no_api_key | bad_argument | unknown_provider | unreadable_input | journal_mismatch | journal_exists */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const PLAN_OPTION_NAMES = ['defaultCountry', 'channel', 'batchSize', 'maxBodyBytes', 'template', 'foldGmail', 'existing'];

function redactor(key) {
  if (!key) return (s) => s;
  return (s) => (typeof s === 'string' && s.includes(key) ? s.split(key).join('[redacted]') : s);
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

// Fills the placeholders of the engine's request headers with the key.
function realHeaders(headers, key) {
  const out = {};
  for (const [name, value] of Object.entries(headers || {})) {
    out[name] = typeof value === 'string' ? value.replace(/YOUR_API_(KEY|TOKEN)/g, key) : value;
  }
  if (!Object.keys(out).some((k) => k.toLowerCase() === 'content-type')) out['Content-Type'] = 'application/json';
  return out;
}

function backoffMs(attempt, base, cap, random) {
  return random() * Math.min(cap, base * 2 ** (attempt - 1));
}

// The network errors worth retrying: anything fetch throws that is not our own abort.
function networkError(e) {
  const c = e && (e.cause || e);
  return (c && (c.code || c.name)) || (e && e.name) || 'network_error';
}

/** Loads the engine the package ships (same as `load()` from 'leadroster'). */
async function defaultEngine() {
  const { load } = await import('../index.mjs');
  return load();
}

/**
 * @param {object} o provider, campaignId, rows | file, baseUrl, apiKey, journal (path | false),
 *   resume, concurrency (2), maxAttempts (6), signal, onProgress, onPlan, clock, fetch, random,
 *   timeoutMs (30000), baseDelayMs (500), maxDelayMs (60000), rateLimit (overrides the engine's),
 *   engine, map ({Header: field}) and delimiter for CSV files (as `plan --map/--delimiter`),
 *   ...plan options (defaultCountry, channel, batchSize, maxBodyBytes, template, foldGmail, existing)
 */
export async function push(o = {}) {
  if (o === null || typeof o !== 'object') throw new PushError('bad_argument', 'push takes an options object');
  const apiKey = o.apiKey;
  if (typeof apiKey !== 'string' || apiKey === '') throw new PushError('no_api_key', 'apiKey is required (a non-empty string)');
  const redact = redactor(apiKey);
  const engine = o.engine || (await defaultEngine());
  const provider = o.provider;
  if (!engine.providers().includes(provider)) {
    throw new PushError('unknown_provider', `provider must be one of ${engine.providers().join(', ')}; got ${JSON.stringify(String(provider))}`);
  }
  if (typeof o.campaignId !== 'string' || o.campaignId === '') throw new PushError('bad_argument', 'campaignId is required');
  let base;
  try {
    base = new URL(o.baseUrl);
    if (!/^https?:$/.test(base.protocol)) throw new Error('not http(s)');
  } catch (_) {
    throw new PushError('bad_argument', `baseUrl must be an http(s) URL, not ${JSON.stringify(String(o.baseUrl))}`);
  }
  const concurrency = o.concurrency ?? 2;
  const maxAttempts = o.maxAttempts ?? 6;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new PushError('bad_argument', 'concurrency must be an integer 1..64');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) throw new PushError('bad_argument', 'maxAttempts must be an integer 1..100');
  if ((o.rows === undefined) === (o.file === undefined)) throw new PushError('bad_argument', 'give exactly one of rows or file');
  if (o.rows !== undefined && !Array.isArray(o.rows)) throw new PushError('bad_argument', 'rows must be an array of leads');
  const clock = o.clock || systemClock;
  const doFetch = o.fetch || globalThis.fetch;
  const random = o.random || Math.random;
  const timeoutMs = o.timeoutMs ?? 30000;
  const baseDelayMs = o.baseDelayMs ?? 500;
  const maxDelayMs = o.maxDelayMs ?? 60000;
  const signal = o.signal;

  // ---- plan
  const options = { campaignId: o.campaignId };
  for (const k of PLAN_OPTION_NAMES) if (o[k] !== undefined) options[k] = o[k];
  let planner;
  try {
    planner = engine.createPlanner(provider, options);
  } catch (e) {
    throw new PushError('bad_argument', e.message);
  }
  const verdicts = []; // rows the planner kept back: invalid, duplicate in the file
  const requests = [];
  let total = 0;
  const take = (part) => {
    // Only the rows kept back: ok rows and their bodies are never built (the
    // requests are sent as their bodyText).
    for (const r of part.problems()) {
      if (r.status === 'invalid') {
        const e = r.errors[0] || {};
        verdicts.push({ index: r.index, result: 'invalid', code: e.code, message: redact(String(e.message ?? '')) });
      } else if (r.status === 'duplicate') {
        verdicts.push({ index: r.index, result: 'duplicate_in_file', code: 'duplicate', message: `same lead as row ${r.duplicateOf}` });
      }
    }
    for (const q of part.requests) requests.push(q);
  };
  let inputHash;
  try {
    if (o.file !== undefined) {
      try {
        inputHash = (await planFile(o.file, provider, planner, take, { engine, options, map: o.map, delimiter: o.delimiter, onMapping: o.onMapping })).sha256;
      } catch (e) {
        throw new PushError('unreadable_input', `${o.file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      }
    } else {
      take(planner.push(o.rows));
      inputHash = sha256(JSON.stringify(o.rows));
    }
    const end = planner.finish();
    for (const q of end.requests) requests.push(q);
    total = end.summary.total;
  } finally {
    planner.delete();
  }

  const limit = o.rateLimit !== undefined ? o.rateLimit : addLimit(engine, provider);
  const fingerprint = {
    provider,
    campaignId: o.campaignId,
    options: sha256(JSON.stringify(Object.assign({}, options, { campaignId: undefined, csvMap: o.map, csvDelimiter: o.delimiter }))),
    input: inputHash,
    requests: requests.length,
    baseUrl: base.origin + base.pathname,
  };
  const estimateSeconds = minDurationSeconds(limit, requests.length);
  if (o.onPlan) {
    const go = await o.onPlan({ total, requests: requests.length, estimateSeconds, rateLimit: limit });
    if (go === false) return { summary: null, rows: [], cancelled: true };
  }

  // ---- journal
  const done = new Map(); // n -> settled journal line
  let journal = null;
  const journalPath = o.journal === false ? null : o.journal || (o.file !== undefined ? `${o.file}.journal.ndjson` : null);
  if (journalPath) {
    if (journalExists(journalPath)) {
      if (!o.resume) throw new PushError('journal_exists', `${journalPath} already exists: pass resume (--resume) to continue that push, or choose another journal`);
      let j;
      try {
        j = readJournal(journalPath);
      } catch (e) {
        throw new PushError('journal_mismatch', e.message);
      }
      if (!sameFingerprint(j.plan.fingerprint, fingerprint)) {
        throw new PushError('journal_mismatch', `${journalPath} is the journal of another push (input, provider, campaign or options differ)`);
      }
      for (const [n, line] of j.requests) {
        if (!settled(line)) continue;
        const q = requests[n];
        if (!q || JSON.stringify(q.indexes) !== JSON.stringify(line.indexes)) {
          throw new PushError('journal_mismatch', `${journalPath}: request ${n} does not match the plan`);
        }
        done.set(n, line);
      }
      journal = new Journal(journalPath);
    } else {
      journal = new Journal(journalPath);
      journal.write({ type: 'plan', version: JOURNAL_VERSION, fingerprint, input: o.file ?? null, delimiter: o.delimiter ?? null, total, at: new Date().toISOString() });
      journal.write({ type: 'rows', rows: verdicts });
    }
  }

  // ---- send
  const pacer = new Pacer(limit, clock);
  const results = new Map(); // n -> journal-shaped line
  for (const [n, line] of done) results.set(n, line);
  const queue = [];
  for (let n = 0; n < requests.length; n++) if (!done.has(n)) queue.push(n);
  const stats = { httpRequests: 0, retries: 0, networkErrors: 0, statuses: {}, resumedRequests: done.size };
  let stop = null; // {reason: 'unauthorized'|'aborted', status?, error?}
  const started = clock.now();
  let leadsSettled = 0;
  for (const line of done.values()) leadsSettled += line.indexes.length;
  const resumedLeads = leadsSettled;
  let requestsSettled = done.size;
  const leadsToSend = requests.reduce((s, q) => s + q.indexes.length, 0);

  const progress = () => {
    if (!o.onProgress) return;
    const elapsed = (clock.now() - started) / 1000;
    const fresh = leadsSettled - resumedLeads;
    const rate = elapsed > 0 ? fresh / elapsed : 0;
    o.onProgress({
      leadsSettled,
      leadsTotal: leadsToSend,
      requestsSettled,
      requestsTotal: requests.length,
      retries: stats.retries,
      leadsPerSecond: rate,
      etaSeconds: rate > 0 ? (leadsToSend - leadsSettled) / rate : null,
    });
  };

  const record = (n, q, attempts, outcome, status, error, rows) => {
    const line = {
      type: 'request',
      n,
      indexes: q.indexes,
      attempts,
      outcome,
      status: status ?? null,
      results: rows.map((r) => r.result),
    };
    if (error) line.error = { code: redact(String(error.code)), message: redact(String(error.message ?? '')) };
    const problems = rows.filter((r) => r.code || r.message).map((r) => ({ index: r.index, code: r.code, message: redact(r.message || '') }));
    if (problems.length) line.problems = problems;
    if (journal) journal.write(line);
    results.set(n, line);
    if (settled(line)) {
      leadsSettled += q.indexes.length;
      requestsSettled++;
    }
    progress();
  };

  async function sendOne(n) {
    const q = requests[n];
    const bodyText = q.bodyText ?? JSON.stringify(q.body);
    const url = new URL(q.path.replace(/^\//, ''), base.href.endsWith('/') ? base.href : base.href + '/');
    const headers = realHeaders(q.headers, apiKey);
    let attempts = 0;
    let last = null;
    for (;;) {
      if (stop) break;
      if (!(await pacer.acquire(signal))) break;
      if (stop) break;
      attempts++;
      stats.httpRequests++;
      let status = null;
      let reading = null;
      let netErr = null;
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), timeoutMs);
      try {
        const res = await doFetch(url, { method: q.method, headers, body: bodyText, signal: ac.signal });
        status = res.status;
        const text = await res.text();
        pacer.observe(res.headers);
        reading = engine.readResponse(provider, { indexes: q.indexes, bodyText }, res.status, res.headers, text, { now: clock.now() });
      } catch (e) {
        netErr = ac.signal.aborted ? 'timeout' : networkError(e);
      } finally {
        clearTimeout(timer);
      }
      if (reading) stats.statuses[status] = (stats.statuses[status] || 0) + 1;
      if (netErr) {
        stats.networkErrors++;
        last = { status: null, error: { code: 'network_error', message: `network error (${netErr})` } };
      } else if (status === 401 || status === 403) {
        stop = stop || { reason: 'unauthorized', status, error: reading.error || { code: 'unauthorized', message: `HTTP ${status}` } };
        last = { status, error: reading.error };
        break;
      } else if (reading.outcome !== 'retry') {
        record(n, q, attempts, reading.outcome, status, reading.error, reading.rows);
        return;
      } else {
        last = { status, error: reading.error };
        if (status === 429 && reading.retryAfterMs) pacer.pause(reading.retryAfterMs);
      }
      if (attempts >= maxAttempts) break;
      if (signal && signal.aborted) break;
      stats.retries++;
      const wait = Math.max(reading && reading.retryAfterMs ? reading.retryAfterMs : 0, backoffMs(attempts, baseDelayMs, maxDelayMs, random));
      if (!(await clock.sleep(wait, signal))) break;
    }
    // Not settled: retries spent, stopped, or interrupted. Journaled, sent again on resume.
    const why = stop && stop.reason === 'unauthorized' ? 'stopped: the provider refused the key' : signal && signal.aborted ? 'interrupted' : `gave up after ${attempts} attempts`;
    const error = last && last.error ? { code: last.error.code, message: `${why}: ${last.error.message}` } : { code: 'not_sent', message: why };
    record(n, q, attempts, 'undelivered', last ? last.status : null, error, q.indexes.map((index) => ({ index, result: 'not_delivered' })));
  }

  let next = 0;
  const worker = async () => {
    for (;;) {
      if (stop || (signal && signal.aborted)) return;
      if (next >= queue.length) return;
      await sendOne(queue[next++]);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker));
  } finally {
    if (journal) journal.close();
  }
  if (!stop && signal && signal.aborted) stop = { reason: 'aborted' };

  // ---- outcome per row
  const rows = new Array(total);
  for (const v of verdicts) rows[v.index] = v;
  for (let n = 0; n < requests.length; n++) {
    const q = requests[n];
    const line = results.get(n);
    const problems = new Map();
    if (line && line.problems) for (const p of line.problems) problems.set(p.index, p);
    q.indexes.forEach((index, k) => {
      const result = !line ? 'not_delivered' : line.results[k];
      const row = { index, result };
      const p = problems.get(index);
      if (p) {
        if (p.code) row.code = p.code;
        if (p.message) row.message = p.message;
      }
      rows[index] = row;
    });
  }
  const count = (what) => rows.reduce((s, r) => s + (r && r.result === what ? 1 : 0), 0);
  const elapsedMs = clock.now() - started;
  const sentLeads = [...results.entries()].filter(([n]) => !done.has(n)).reduce((s, [, l]) => s + (settled(l) ? l.indexes.length : 0), 0);
  const summary = {
    provider,
    campaignId: o.campaignId,
    total,
    added: count('added'),
    duplicateInFile: count('duplicate_in_file'),
    duplicateAtProvider: count('duplicate'),
    invalid: count('invalid'),
    rejected: count('rejected'),
    unknown: count('unknown'),
    notDelivered: count('not_delivered'),
    requests: requests.length,
    requestsSettled: [...results.values()].filter(settled).length,
    requestsResumed: done.size,
    httpRequests: stats.httpRequests,
    retries: stats.retries,
    networkErrors: stats.networkErrors,
    statuses: stats.statuses,
    durationMs: elapsedMs,
    leadsPerSecond: elapsedMs > 0 ? Math.round((sentLeads / elapsedMs) * 1000 * 10) / 10 : null,
    estimateSeconds,
    rateLimit: limit,
    journal: journalPath,
    stopped: stop ? stop.reason : null,
  };
  if (stop && stop.error) summary.error = { code: redact(String(stop.error.code)), message: redact(String(stop.error.message)) };
  return { summary, rows };
}

/** The process exit code for a push result (0 all added or already there, 1 some not, 3 key refused). */
export function exitCodeOf(summary) {
  if (summary.stopped === 'unauthorized') return 3;
  if (summary.invalid + summary.rejected + summary.notDelivered > 0) return 1;
  return 0;
}

export { JournalError };
