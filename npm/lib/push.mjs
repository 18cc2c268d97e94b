// push(): plans a file (or rows) with the engine and delivers the requests to
// the provider: Node's fetch, retries with exponential backoff and full jitter
// (honouring Retry-After up to a cap), pacing to the documented limits, an
// fsync'd journal under an exclusive lock, and --resume. The CLI
// (lib/cli/push.mjs) is a thin layer over it.
//
// Guarantees:
// - every row ends with a known outcome or `not_delivered`; a request
//   journaled as settled is never sent again;
// - the API key is only ever put in the outgoing headers (never in an error,
//   the journal, the summary), and never to another origin: redirects are not
//   followed (any 3xx stops the run, `redirect_refused`, naming where it
//   pointed), and a plain-http base URL off the loopback is refused unless
//   allowInsecureHttp;
// - a journal write that fails stops all sending before the next request;
// - waits (Retry-After) and answers (bytes read) are bounded.
import { createHash } from 'node:crypto';
import { Pacer, addLimit, minDurationSeconds, systemClock } from './pacer.mjs';
import {
  Journal,
  JournalError,
  JournalWriteError,
  readJournal,
  settled,
  fingerprintDiff,
  journalExists,
  lockJournal,
  cutTornTail,
  JOURNAL_VERSION,
} from './journal.mjs';
import { planFile, formatOfName } from './input.mjs';
import { addRuns, lineFromRuns } from './lean.mjs';
import { ledgerForPush, suppressedVerdict } from './ledger/push-hook.mjs';

export class PushError extends Error {
  /**
   * code: no_api_key | invalid_api_key | bad_argument | unknown_provider | unreadable_input |
   * insecure_base_url | journal_mismatch | journal_exists | journal_locked | journal_write_failed
   */
  constructor(code, message, extra) {
    super(message);
    this.code = code;
    if (extra) Object.assign(this, extra);
  }
}

// push()'s own options; every other key is a plan option, checked by the
// engine's own parse (unknown_option / invalid_value with err.option), the
// same as plan() and createPlanner().
const PUSH_OPTIONS = new Set([
  'provider',
  'rows',
  'file',
  'baseUrl',
  'apiKey',
  'journal',
  'resume',
  'concurrency',
  'maxAttempts',
  'signal',
  'onProgress',
  'onPlan',
  'clock',
  'fetch',
  'random',
  'timeoutMs',
  'baseDelayMs',
  'maxDelayMs',
  'rateLimit',
  'engine',
  'map',
  'delimiter',
  'onMapping',
  'maxRetryAfterMs',
  'maxAnswerBytes',
  'allowInsecureHttp',
  'ledger',
  'account',
  'skipIfInWorkspace',
  'leaseMs',
  'workerId',
]);
export const DEFAULT_MAX_RETRY_AFTER_MS = 300000;
export const DEFAULT_MAX_ANSWER_BYTES = 4 << 20;

// Warnings that do not mean a value was left out.

function redactor(keys) {
  const ks = [...new Set(keys.filter((k) => typeof k === 'string' && k.length > 0))].sort((a, b) => b.length - a.length);
  return (s) => {
    if (typeof s !== 'string') return s;
    for (const k of ks) if (s.includes(k)) s = s.split(k).join('[redacted]');
    return s;
  };
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

// The key as it goes out: outer white space (a pasted newline, CR, tab) is
// cut once; a control or non-ASCII character inside is refused.
function normalizeKey(raw) {
  if (typeof raw !== 'string' || raw.trim() === '') throw new PushError('no_api_key', 'apiKey is required (a non-empty string)');
  const key = raw.replace(/^\s+|\s+$/g, '');
  if (!/^[\x20-\x7e]+$/.test(key)) {
    throw new PushError('invalid_api_key', 'apiKey contains a control or non-ASCII character (not at its ends): check how it was pasted');
  }
  return key;
}

function isLoopback(hostname) {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '[::1]';
}

// Fills the placeholders of the engine's request headers with the key:
// YOUR_API_KEY as it is, and BASE64(...) with what it holds encoded (a Basic header's
// `Basic BASE64(:YOUR_API_KEY)`: an empty login, the key as the password).
function realHeaders(headers, key) {
  const out = {};
  for (const [name, value] of Object.entries(headers || {})) {
    out[name] =
      typeof value === 'string'
        ? value
            .replace(/BASE64\(([^)]*)\)/g, (_, inner) => Buffer.from(inner.replace(/YOUR_API_(KEY|TOKEN)/g, key), 'utf8').toString('base64'))
            .replace(/YOUR_API_(KEY|TOKEN)/g, key)
        : value;
  }
  if (!Object.keys(out).some((k) => k.toLowerCase() === 'content-type')) out['Content-Type'] = 'application/json';
  return out;
}

// The key where a path's query takes it (?api_key=YOUR_API_KEY), percent-encoded.
function realPath(path, key) {
  const q = path.indexOf('?');
  if (q < 0) return path;
  return path.slice(0, q) + path.slice(q).replace(/YOUR_API_(KEY|TOKEN)/g, encodeURIComponent(key));
}

// Every form the key travels in (as given, trimmed, percent-encoded, in a Basic header).
function keyForms(raw, key) {
  return [raw, key, encodeURIComponent(key), Buffer.from(':' + key, 'utf8').toString('base64')];
}

function backoffMs(attempt, base, cap, random) {
  return random() * Math.min(cap, base * 2 ** (attempt - 1));
}

// The network errors worth retrying: anything fetch throws that is not our own abort.
function networkError(e) {
  const c = e && (e.cause || e);
  return (c && (c.code || c.name)) || (e && e.name) || 'network_error';
}

/** Reads an answer's body up to `cap` bytes; null when it is larger (the rest is never read). */
async function readCapped(res, cap) {
  const len = Number(res.headers && typeof res.headers.get === 'function' ? res.headers.get('content-length') : NaN);
  if (Number.isFinite(len) && len > cap) {
    try {
      if (res.body && typeof res.body.cancel === 'function') await res.body.cancel();
    } catch (_) {
      /* closing anyway */
    }
    return null;
  }
  if (!res.body || typeof res.body.getReader !== 'function') {
    const text = await res.text();
    return Buffer.byteLength(text) > cap ? null : text;
  }
  const reader = res.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      try {
        await reader.cancel();
      } catch (_) {
        /* closing anyway */
      }
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

// The values the planner left out of a lead it kept: the engine marks those
// warnings `dropped: true`.
function droppedOf(row) {
  const out = [];
  for (const w of row.warnings || []) if (w.dropped === true) out.push({ field: w.field, code: w.code, message: w.message });
  return out;
}

// A row as a person finds it: its input line, else (rows given as a JS array) rows[i].
function rowName(line, index) {
  return typeof line === 'number' ? `line ${line}` : `rows[${index}]`;
}

/** The default journal of a push of `file`: one per input, provider and campaign. */
export function defaultJournalPath(file, provider, campaignId) {
  const safe = String(campaignId)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 64);
  const tag = safe === campaignId ? safe : `${safe}-${sha256(String(campaignId)).slice(0, 8)}`;
  return `${file}.${provider}.${tag}.journal.ndjson`;
}

/** Loads the engine the package ships (same as `load()` from 'leadroster'). */
async function defaultEngine() {
  const { load } = await import('../index.mjs');
  return load();
}

function describeDiff(d) {
  const v = (x) => (x === undefined ? '(none)' : typeof x === 'string' && /^[0-9a-f]{64}$/.test(x) ? x.slice(0, 12) + '…' : JSON.stringify(x));
  const name = d.what === 'input' ? 'input (sha256)' : d.what;
  return `${name}: journal ${v(d.journal)}, now ${v(d.now)}`;
}

/**
 * @param {object} o provider, campaignId, rows | file, baseUrl, apiKey, journal (path | false),
 *   resume, concurrency (2), maxAttempts (6), signal, onProgress, onPlan, clock, fetch, random,
 *   timeoutMs (30000), baseDelayMs (500), maxDelayMs (60000), rateLimit (overrides the engine's),
 *   maxRetryAfterMs (300000), maxAnswerBytes (4 MiB), allowInsecureHttp (false),
 *   engine, map ({Header: field}) and delimiter for CSV files (as `plan --map/--delimiter`),
 *   and every plan option (the engine checks them: unknown_option, invalid_value)
 */
export async function push(o = {}) {
  // The ledger (o.ledger: a SQLite file, a postgres:// URL or a store): see lib/ledger/push-hook.mjs.
  const hold = { led: null };
  let out;
  try {
    out = await pushOnce(o, hold);
  } finally {
    if (hold.led) {
      const info = await hold.led.close();
      if (out && out.summary) out.summary.ledger = info;
    }
  }
  return out;
}

async function pushOnce(o, hold) {
  if (o === null || typeof o !== 'object') throw new PushError('bad_argument', 'push takes an options object');
  const apiKey = normalizeKey(o.apiKey);
  const redact = redactor(keyForms(o.apiKey, apiKey));
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
    throw new PushError('bad_argument', `baseUrl must be an http(s) URL, not ${JSON.stringify(redact(String(o.baseUrl)))}`);
  }
  if (base.protocol === 'http:' && !isLoopback(base.hostname) && o.allowInsecureHttp !== true) {
    throw new PushError(
      'insecure_base_url',
      `baseUrl ${base.origin} is plain http to another machine: the key would travel in clear. Use https, or allowInsecureHttp (--allow-insecure-http) to send anyway`,
    );
  }
  const int = (name, dflt, min, max) => {
    const v = o[name] ?? dflt;
    if (!Number.isInteger(v) || v < min || v > max) throw new PushError('bad_argument', `${name} must be an integer ${min}..${max}`);
    return v;
  };
  const concurrency = int('concurrency', 2, 1, 64);
  const maxAttempts = int('maxAttempts', 6, 1, 100);
  const maxRetryAfterMs = int('maxRetryAfterMs', DEFAULT_MAX_RETRY_AFTER_MS, 0, 86400000);
  const maxAnswerBytes = int('maxAnswerBytes', DEFAULT_MAX_ANSWER_BYTES, 1024, 1 << 30);
  if ((o.rows === undefined) === (o.file === undefined)) throw new PushError('bad_argument', 'give exactly one of rows or file');
  if (o.rows !== undefined && !Array.isArray(o.rows)) throw new PushError('bad_argument', 'rows must be an array of leads');
  const clock = o.clock || systemClock;
  const doFetch = o.fetch || globalThis.fetch;
  const random = o.random || Math.random;
  const timeoutMs = o.timeoutMs ?? 30000;
  const baseDelayMs = o.baseDelayMs ?? 500;
  const maxDelayMs = o.maxDelayMs ?? 60000;
  const signal = o.signal;

  // ---- plan (the engine parses the plan options, exactly as plan() does)
  const options = {};
  for (const k of Object.keys(o)) if (!PUSH_OPTIONS.has(k) && o[k] !== undefined) options[k] = o[k];
  // A file goes through the engine's input path (format, CSV, mapping in C++); rows through plan's.
  // Both throw unknown_option / invalid_value like plan. With a ledger, its leads join existing and suppressed.
  hold.led = await ledgerForPush(o, engine, provider, options);
  const planOptions = hold.led ? hold.led.planOptions(options) : options;
  const planner =
    o.file !== undefined
      ? engine.createInputPlanner(provider, { ...planOptions, format: formatOfName(o.file), map: o.map, delimiter: o.delimiter })
      : engine.createPlanner(provider, planOptions);
  const verdicts = []; // rows the planner kept back: invalid, duplicate in the file
  const drops = []; // ok rows with values left out: {index, line?, dropped}
  const lineRuns = []; // every row's input line: [index, line, ...] runs (see lineFromRuns)
  const requests = [];
  let total = 0;
  const take = (part) => {
    // Only the rows kept back and the ok rows with warnings: the other ok rows
    // and their bodies are never built (the requests are sent as their bodyText).
    for (const r of part.problems()) {
      const v =
        (hold.led && hold.led.verdict(r)) ||
        suppressedVerdict(r, options.suppressed) ||
        (r.status === 'invalid'
          ? { index: r.index, result: 'invalid', code: (r.errors[0] || {}).code, message: redact(String((r.errors[0] || {}).message ?? '')) }
          : r.status === 'duplicate'
            ? { index: r.index, result: 'duplicate_in_file', code: 'duplicate', message: `same lead as ${rowName(r.duplicateOfLine, r.duplicateOf)}` }
            : null);
      if (!v) continue;
      if (r.line !== undefined) v.line = r.line;
      verdicts.push(v);
    }
    const warned = typeof part.warned === 'function' ? part.warned() : [];
    for (const w of warned) {
      const i = typeof w === 'number' ? w : w.index;
      const row = part.row(i);
      const dropped = row ? droppedOf(row) : [];
      if (!dropped.length) continue;
      const d = { index: i, dropped: dropped.map((x) => ({ field: x.field, code: x.code, message: redact(String(x.message ?? '')) })) };
      if (row.line !== undefined) d.line = row.line;
      drops.push(d);
    }
    for (const q of part.requests) requests.push(q);
    if (typeof part.lines === 'function') addRuns(lineRuns, part.lines());
  };
  let inputHash;
  let format = null;
  let end;
  try {
    if (o.file !== undefined) {
      try {
        const r = await planFile(o.file, planner, take, { onMapping: o.onMapping });
        inputHash = r.sha256;
        format = r.format;
        end = r.end;
      } catch (e) {
        if (e && e.code && typeof e.option !== 'undefined') throw e; // the engine's own argument error
        throw new PushError('unreadable_input', `${o.file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      }
    } else {
      take(planner.push(o.rows));
      inputHash = sha256(JSON.stringify(o.rows));
      end = planner.finish();
      for (const q of end.requests) requests.push(q);
    }
    total = end.summary.total;
  } finally {
    planner.delete();
  }
  drops.sort((a, b) => a.index - b.index);

  const limit = o.rateLimit !== undefined ? o.rateLimit : addLimit(engine, provider);
  if (hold.led) hold.led.setLimit(limit);
  const optionValues = {};
  for (const [k, v] of Object.entries(options)) {
    if (k === 'campaignId') continue;
    optionValues[k] = k === 'existing' || k === 'suppressed' ? `sha256:${sha256(JSON.stringify(v))}` : v;
  }
  if (o.map !== undefined) optionValues.csvMap = o.map;
  if (o.delimiter !== undefined) optionValues.csvDelimiter = o.delimiter;
  const fingerprint = {
    provider,
    campaignId: o.campaignId,
    options: optionValues,
    input: inputHash,
    requests: requests.length,
    baseUrl: base.origin + base.pathname,
  };
  const estimateSeconds = minDurationSeconds(limit, requests.length);
  if (o.onPlan) {
    const go = await o.onPlan({ total, requests: requests.length, estimateSeconds, rateLimit: limit });
    if (go === false) return { summary: null, rows: [], cancelled: true };
  }

  // ---- journal (under its lock)
  const done = new Map(); // n -> settled journal line
  const before = new Map(); // n -> {inFlight, lost} from the journal: may have got to the provider
  let journal = null;
  let release = () => {};
  let recovered = null;
  const journalPath = o.journal === false ? null : o.journal || (o.file !== undefined ? defaultJournalPath(o.file, provider, o.campaignId) : null);
  try {
    if (journalPath) {
      try {
        release = lockJournal(journalPath);
      } catch (e) {
        throw new PushError('journal_locked', e.message, { pid: e.pid });
      }
      if (journalExists(journalPath)) {
        if (!o.resume)
          throw new PushError('journal_exists', `${journalPath} already exists: pass resume (--resume) to continue that push, or choose another journal`);
        let j;
        try {
          j = readJournal(journalPath);
        } catch (e) {
          throw new PushError('journal_mismatch', e.message);
        }
        const diff = fingerprintDiff(j.plan.fingerprint || {}, fingerprint);
        if (diff.length) {
          throw new PushError('journal_mismatch', `${journalPath} is the journal of another push: ${diff.map(describeDiff).join('; ')}`, { differs: diff });
        }
        for (const [n, line] of j.requests) {
          if (!settled(line)) continue;
          const q = requests[n];
          if (!q || JSON.stringify(q.indexes) !== JSON.stringify(line.indexes)) {
            throw new PushError('journal_mismatch', `${journalPath}: request ${n} does not match the plan`, { differs: [{ what: `request ${n}` }] });
          }
          done.set(n, line);
        }
        for (const [n, s] of j.sent) if (s.inFlight || s.lost > 0) before.set(n, s);
        if (j.torn || j.damaged.length) recovered = { tornLine: j.torn ? j.torn.line : null, tornBytes: j.torn ? j.torn.bytes : 0, damagedLines: j.damaged };
        cutTornTail(journalPath, j);
        journal = new Journal(journalPath);
      } else {
        journal = new Journal(journalPath);
        try {
          journal.write({
            type: 'plan',
            version: JOURNAL_VERSION,
            fingerprint,
            input: o.file ?? null,
            format,
            delimiter: o.delimiter ?? null,
            total,
            lines: lineRuns,
            at: new Date().toISOString(),
          });
          journal.write({ type: 'rows', rows: verdicts });
          if (drops.length) journal.write({ type: 'dropped', rows: drops });
        } catch (e) {
          throw new PushError('journal_write_failed', `${e.message}: nothing was sent`);
        }
      }
    }
    return await deliver();
  } finally {
    if (journal) journal.close();
    release();
  }

  async function deliver() {
    // ---- send
    const pacer = new Pacer(limit, clock, maxRetryAfterMs);
    const results = new Map(); // n -> journal-shaped line
    for (const [n, line] of done) results.set(n, line);
    const queue = [];
    for (let n = 0; n < requests.length; n++) if (!done.has(n)) queue.push(n);
    const stats = { httpRequests: 0, retries: 0, networkErrors: 0, lostAnswers: 0, statuses: {}, resumedRequests: done.size };
    let stop = null; // {reason: 'unauthorized'|'aborted'|'redirected'|'journal_failed', error?}
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

    // A journal write failed: nothing more goes out.
    const journalFailed = (e) => {
      const err = e instanceof JournalWriteError ? e : new JournalWriteError(journalPath, e);
      stop =
        stop && stop.reason === 'journal_failed'
          ? stop
          : {
              reason: 'journal_failed',
              error: {
                code: 'journal_write_failed',
                message: `${err.message}: every request stopped; --resume (once there is room) sends again what is not journaled as settled`,
              },
            };
      if (journal) journal.close();
      journal = null;
    };

    // The one place a request is about to go out (attempt k of request n).
    // Returns false when it must not (the journal cannot say it went).
    const aboutToSend = (n, attempt) => {
      if (hold.led && hold.led.failed()) {
        stop = stop || { reason: 'ledger_failed', error: { code: 'ledger_write_failed', message: hold.led.failed().message } };
        return false;
      }
      if (!journal) return !journalPath; // no journal asked for, or it broke
      try {
        journal.write({ type: 'send', n, attempt }, false);
        return true;
      } catch (e) {
        journalFailed(e);
        return false;
      }
    };

    // The one place a request's outcome is settled (or given up on for this run).
    const providerCounts = {}; // an answer's own counts (inserted_count, ...), summed
    const recordRow = (n, q, attempts, lost, outcome, status, error, rows, counts) => {
      const maybeSeen = lost > 0 || before.has(n);
      const line = {
        type: 'request',
        n,
        indexes: q.indexes,
        attempts,
        lost,
        outcome,
        status: status ?? null,
        results: rows.map((r) => (r.result === 'duplicate' ? (maybeSeen ? 'resent' : 'already_in_campaign') : r.result)),
      };
      if (rows.some((r) => r.leadId)) line.ids = rows.map((r) => (r.leadId ? redact(String(r.leadId)) : null));
      if (error) line.error = { code: redact(String(error.code)), message: redact(String(error.message ?? '')) };
      const problems = rows
        .filter((r) => r.code || r.message)
        .map((r) => (r.message ? { index: r.index, code: r.code, message: redact(r.message) } : { index: r.index, code: r.code }));
      if (problems.length) line.problems = problems;
      if (counts && typeof counts === 'object') {
        line.counts = counts; // rows the answer counts without naming stay 'unknown'; its counts are kept
        for (const [k, v] of Object.entries(counts)) providerCounts[k] = (providerCounts[k] || 0) + v;
      }
      if (journal) {
        try {
          journal.write(line);
        } catch (e) {
          journalFailed(e);
        }
      }
      results.set(n, line);
      if (hold.led && settled(line)) hold.led.settle(q, line);
      else if (hold.led) hold.led.unsettled(q);
      if (settled(line)) {
        leadsSettled += q.indexes.length;
        requestsSettled++;
      }
      progress();
    };

    async function sendOne(n) {
      // With a ledger, the leads are claimed first (lib/ledger/push-hook.mjs): only those claimed go out.
      const claim = hold.led ? await hold.led.claimFor(requests[n], n) : null;
      if (claim && claim.defer) {
        if (await hold.led.waitDeferred(claim.again, signal)) queue.push(n);
        return;
      }
      // rows of the request sent -> rows of the planned request (the leads not claimed: settled before)
      const record = (n, _q, attempts, lost, outcome, status, error, rows, counts) =>
        recordRow(n, requests[n], attempts, lost, outcome, status, error, claim && claim.merge ? claim.merge(rows) : rows, counts);
      if (claim && claim.giveUp) {
        record(
          n,
          requests[n],
          0,
          0,
          'undelivered',
          null,
          { code: 'claimed_elsewhere', message: 'another worker holds these leads and its lease has not run out' },
          requests[n].indexes.map((index) => ({ index, result: 'not_delivered' })),
        );
        return;
      }
      if (claim && claim.q === null) {
        record(n, requests[n], 0, 0, 'accepted', null, null, []);
        return;
      }
      const q = claim ? claim.q : requests[n];
      const bodyText = q.bodyText ?? JSON.stringify(q.body);
      const url = new URL(realPath(q.path, apiKey).replace(/^\//, ''), base.href.endsWith('/') ? base.href : base.href + '/');
      const headers = realHeaders(q.headers, apiKey);
      let attempts = 0;
      let lost = 0;
      let last = null;
      for (;;) {
        if (stop) break;
        if (!(await pacer.acquire(signal))) break;
        if (hold.led && !(await hold.led.pace(signal))) break;
        if (stop) break;
        if (!aboutToSend(n, attempts + 1)) break;
        attempts++;
        stats.httpRequests++;
        let status = null;
        let reading = null;
        let netErr = null;
        let redirect = null;
        let tooLarge = false;
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(), timeoutMs);
        try {
          const res = await doFetch(url, { method: q.method, headers, body: bodyText, signal: ac.signal, redirect: 'manual' });
          status = res.status;
          if (status >= 300 && status < 400) {
            const loc = res.headers.get('location');
            let where;
            try {
              where = loc ? new URL(loc, url).origin : null;
            } catch (_) {
              where = null;
            }
            redirect = { status, where };
            try {
              if (res.body && typeof res.body.cancel === 'function') await res.body.cancel();
            } catch (_) {
              /* closing anyway */
            }
          } else {
            const text = await readCapped(res, maxAnswerBytes);
            pacer.observe(res.headers);
            if (text === null) tooLarge = true;
            else reading = engine.readResponse(provider, { indexes: q.indexes, bodyText }, res.status, res.headers, text, { now: clock.now() });
          }
        } catch (e) {
          netErr = ac.signal.aborted ? 'timeout' : networkError(e);
        } finally {
          clearTimeout(timer);
        }
        if (status !== null && !netErr) stats.statuses[status] = (stats.statuses[status] || 0) + 1;
        if (netErr) {
          stats.networkErrors++;
          lost++;
          last = { status: null, error: { code: 'network_error', message: `network error (${netErr})` } };
        } else if (redirect) {
          const where = redirect.where ? redact(redirect.where) : 'an unreadable Location';
          const same = redirect.where === base.origin;
          const error = {
            code: 'redirect_refused',
            message: `HTTP ${redirect.status} to ${where}${same ? ' (same origin)' : ''}: push never follows a redirect (the key and the leads would go there); set the base URL to where the API answers`,
          };
          stop = stop || { reason: 'redirected', error };
          last = { status: redirect.status, error };
          break;
        } else if (tooLarge) {
          // The provider may have taken the leads: a lost answer, sent again (it dedups).
          lost++;
          stats.lostAnswers++;
          last = { status, error: { code: 'answer_too_large', message: `the answer is larger than ${maxAnswerBytes} bytes (maxAnswerBytes); not read` } };
        } else if (status === 401 || status === 403) {
          stop = stop || { reason: 'unauthorized', status, error: reading.error || { code: 'unauthorized', message: `HTTP ${status}` } };
          last = { status, error: reading.error };
          break;
        } else if (reading.outcome !== 'retry') {
          record(n, q, attempts, lost, reading.outcome, status, reading.error, reading.rows, reading.counts);
          return;
        } else {
          last = { status, error: reading.error };
          if (reading.retryAfterMs > maxRetryAfterMs) {
            last = {
              status,
              error: {
                code: 'retry_after_too_long',
                message: `the server asked to wait ${Math.round(reading.retryAfterMs / 1000)} s, more than the cap of ${Math.round(maxRetryAfterMs / 1000)} s (maxRetryAfterMs, --max-retry-after)`,
              },
            };
            break;
          }
          if (status === 429 && reading.retryAfterMs) pacer.pause(reading.retryAfterMs);
        }
        if (attempts >= maxAttempts) break;
        if (signal && signal.aborted) break;
        stats.retries++;
        const wait = Math.max(reading && reading.retryAfterMs ? reading.retryAfterMs : 0, backoffMs(attempts, baseDelayMs, maxDelayMs, random));
        if (!(await clock.sleep(wait, signal))) break;
      }
      // Not settled: retries spent, stopped, or interrupted. Journaled, sent again on resume.
      const why =
        last && last.error && last.error.code === 'retry_after_too_long'
          ? 'not sent again'
          : stop && stop.reason === 'unauthorized'
            ? 'stopped: the provider refused the key'
            : stop && stop.reason === 'journal_failed' && !last
              ? 'stopped: the journal cannot be written'
              : stop && stop.reason === 'redirected' && !last
                ? 'stopped: the server redirects'
                : signal && signal.aborted
                  ? 'interrupted'
                  : attempts === 0 && stop
                    ? 'stopped'
                    : `gave up after ${attempts} attempts`;
      const error = last && last.error ? { code: last.error.code, message: `${why}: ${last.error.message}` } : { code: 'not_sent', message: why };
      record(
        n,
        q,
        attempts,
        lost,
        'undelivered',
        last ? last.status : null,
        error,
        q.indexes.map((index) => ({ index, result: 'not_delivered' })),
      );
    }

    let next = 0;
    const worker = async () => {
      for (;;) {
        if (stop || (signal && signal.aborted)) return;
        if (next >= queue.length) return;
        await sendOne(queue[next++]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker));
    if (!stop && signal && signal.aborted) stop = { reason: 'aborted' };
    if (hold.led) await hold.led.flush();
    if (hold.led && hold.led.failed() && !stop) stop = { reason: 'ledger_failed', error: { code: 'ledger_write_failed', message: hold.led.failed().message } };

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
        if (line && line.ids && line.ids[k]) row.leadId = line.ids[k];
        if (result === 'not_delivered' && line && line.error && !row.code) {
          row.code = line.error.code;
          row.message = line.error.message;
        }
        rows[index] = row;
      });
    }
    for (const d of drops) {
      const row = rows[d.index];
      if (!row) continue;
      row.dropped = d.dropped.map(({ field, code }) => ({ field, code }));
      if (d.line !== undefined && row.line === undefined) row.line = d.line;
    }
    if (lineRuns.length) {
      for (const row of rows) {
        if (!row || row.line !== undefined) continue;
        const l = lineFromRuns(lineRuns, row.index);
        if (l !== undefined) row.line = l;
      }
    }
    const count = (what) => rows.reduce((s, r) => s + (r && r.result === what ? 1 : 0), 0);
    const elapsedMs = clock.now() - started;
    const sentLeads = [...results.entries()].filter(([n]) => !done.has(n)).reduce((s, [, l]) => s + (settled(l) ? l.indexes.length : 0), 0);
    const alreadyInCampaign = count('already_in_campaign') + count('duplicate'); // 'duplicate': a journal of an older leadroster
    const resent = count('resent');
    const summary = {
      provider,
      campaignId: o.campaignId,
      total,
      added: count('added'),
      duplicateInFile: count('duplicate_in_file'),
      alreadyInCampaign,
      resent,
      duplicateAtProvider: alreadyInCampaign + resent,
      invalid: count('invalid'),
      suppressed: count('suppressed'),
      rejected: count('rejected'),
      unknown: count('unknown'),
      notDelivered: count('not_delivered'),
      droppedValues: drops.reduce((s, d) => s + d.dropped.length, 0),
      requests: requests.length,
      requestsSettled: [...results.values()].filter(settled).length,
      requestsResumed: done.size,
      httpRequests: stats.httpRequests,
      retries: stats.retries,
      networkErrors: stats.networkErrors,
      lostAnswers: stats.networkErrors + stats.lostAnswers,
      statuses: stats.statuses,
      durationMs: elapsedMs,
      leadsPerSecond: elapsedMs > 0 ? Math.round((sentLeads / elapsedMs) * 1000 * 10) / 10 : null,
      estimateSeconds,
      rateLimit: limit,
      journal: journalPath,
      journalRecovered: recovered,
      stopped: stop ? stop.reason : null,
    };
    if (Object.keys(providerCounts).length) summary.providerCounts = providerCounts;
    if (stop && stop.error) summary.error = { code: redact(String(stop.error.code)), message: redact(String(stop.error.message)) };
    return { summary, rows };
  }
}

/**
 * The process exit code for a push result: 0 every row added or already in the
 * campaign, 1 some rows not (invalid, rejected, unknown / unconfirmed, not
 * delivered), 3 the provider refused the key.
 */
export function exitCodeOf(summary) {
  if (summary.stopped === 'unauthorized') return 3;
  if (summary.invalid + summary.rejected + summary.unknown + summary.notDelivered > 0) return 1;
  if (summary.stopped) return 1;
  return 0;
}

export { JournalError };
