// push()'s use of the ledger, kept here so push.mjs only calls it:
// before planning, the campaign's settled leads join options.existing; a row
// that duplicates one is `already_in_campaign` (code `in_ledger`) and never sent;
// each settled request's leads are written to the ledger (one transaction).
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { openLedger, ledgerSeed, keysOfLead, ledgerMessage, LedgerError, suppressionOf, suppressionMessage, keyOf } from './index.mjs';

export const DEFAULT_LEASE_MS = 600000;
const DEFER_POLL_MS = 200;
const sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const t = setTimeout(() => resolve(true), ms);
    if (signal)
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve(false);
        },
        { once: true },
      );
  });

/** A `suppressed` row's verdict (also when options.suppressed came without a ledger). */
export function suppressedVerdict(row, suppressions) {
  if (!row || row.status !== 'suppressed') return null;
  const e = suppressionOf(row, suppressions || []);
  const v = { index: row.index, result: 'suppressed', code: 'suppressed', message: e ? suppressionMessage(e) : 'suppressed' };
  if (e) {
    if (e.reason) v.reason = e.reason;
    v.suppressedBy = e;
  }
  return v;
}

export async function ledgerForPush(o, engine, provider, options) {
  if (o.ledger === undefined || o.ledger === null || o.ledger === false) return null;
  const { store, owned } = await openLedger(o.ledger);
  try {
    const described = engine.describeProvider(provider, options.channel ? { channel: options.channel } : {});
    const seed = await ledgerSeed(store, { provider, account: o.account, campaignId: o.campaignId, workspaceWide: o.skipIfInWorkspace === true });
    const single = described.body === 'lead';
    let pending = Promise.resolve();
    let failed = null;
    let settledLeads = 0;
    const worker = o.workerId || `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const leaseMs = Number.isInteger(o.leaseMs) && o.leaseMs > 0 ? o.leaseMs : DEFAULT_LEASE_MS;
    const claims = new Map(); // request -> {keys of the leads this worker claimed}
    const firstDeferred = new Map(); // request -> ms
    const stats = { claimed: 0, takenOver: 0, fromLedger: 0, deferred: 0, heldElsewhere: 0, bucketWaits: 0, bucketWaitMs: 0 };
    let limit = null;
    const leadsKey = described.leadsKey;
    const leadsOf = (q) => {
      const body = q.body;
      return single ? [body] : body && Array.isArray(body[leadsKey]) ? body[leadsKey] : [];
    };
    return {
      store,
      workspace: seed.workspace,
      // The options the planner gets: the user's existing leads, then the ledger's.
      planOptions(opts) {
        const out = { ...opts, suppressed: [...(Array.isArray(opts.suppressed) ? opts.suppressed : []), ...seed.suppressed] };
        this.given = Array.isArray(opts.suppressed) ? opts.suppressed : [];
        if (seed.leads.length) out.existing = [...(Array.isArray(opts.existing) ? opts.existing : []), ...seed.leads];
        return out;
      },
      // A verdict for a duplicate row of a ledger entry, or null.
      verdict(row) {
        if (row.status === 'suppressed') {
          const list = [...(this.given || []), ...seed.suppressions];
          return suppressedVerdict(row, list);
        }
        const src = seed.source(row);
        if (!src) return null;
        return { index: row.index, result: 'already_in_campaign', code: 'in_ledger', message: ledgerMessage(src, o.campaignId), ledger: src };
      },
      // Before request q goes out: claim its leads (one transaction).
      // {defer: true} another worker holds some: try again later (its claims given back);
      // {q: null, merge} every lead is settled already; {q, merge} send q (the leads claimed).
      async claimFor(q, n) {
        const leads = leadsOf(q);
        const items = [];
        const keyAt = [];
        leads.forEach((lead, k) => {
          const keys = keysOfLead(lead, described.identity.dedupKeys);
          keyAt[k] = keys.length ? keyOf(keys) : null;
          if (keys.length) items.push({ key: keyAt[k], keys });
        });
        const now = Date.now();
        const c = await store.claim(seed.workspace, o.campaignId, worker, leaseMs, items, now);
        if (c.held.length) {
          await store.release(seed.workspace, o.campaignId, worker, c.mine);
          if (!firstDeferred.has(n)) firstDeferred.set(n, now);
          stats.deferred++;
          if (now - firstDeferred.get(n) > leaseMs + 30000) {
            stats.heldElsewhere += c.held.length;
            return { giveUp: true };
          }
          return { defer: true, again: firstDeferred.get(n) !== now };
        }
        const mine = new Set([...c.mine, ...c.takenOver]);
        const over = new Set(c.takenOver);
        const done = new Map(c.settled.map((s) => [s.key, s]));
        stats.claimed += c.mine.length;
        stats.takenOver += c.takenOver.length;
        stats.fromLedger += done.size;
        const sendAt = [];
        leads.forEach((_, k) => {
          if (keyAt[k] === null || mine.has(keyAt[k])) sendAt.push(k);
        });
        claims.set(q, { keys: [...mine], sendAt });
        const rowFor = (k) => {
          const s = done.get(keyAt[k]);
          return {
            index: q.indexes[k],
            result: 'already_in_campaign',
            code: 'in_ledger',
            message: ledgerMessage({ campaign: o.campaignId, date: s ? s.at : new Date().toISOString() }, o.campaignId),
          };
        };
        // rows (aligned with the sent request's indexes) -> rows aligned with q's
        const merge = (rows) => {
          const byIndex = new Map(rows.map((r) => [r.index, r]));
          return q.indexes.map((index, k) => {
            const r = byIndex.get(index);
            if (!r) return rowFor(k);
            return over.has(keyAt[k]) && r.result === 'duplicate' ? { ...r, result: 'resent' } : r;
          });
        };
        if (sendAt.length === leads.length) return { q, merge };
        if (sendAt.length === 0) return { q: null, merge };
        const body = q.body;
        const sub = { ...body, [leadsKey]: sendAt.map((k) => body[leadsKey][k]) };
        const bodyText = JSON.stringify(sub);
        return { q: { method: q.method, path: q.path, headers: q.headers, indexes: sendAt.map((k) => q.indexes[k]), bodyText, body: sub }, merge };
      },
      waitDeferred: (again, signal) => (again ? sleep(DEFER_POLL_MS, signal) : Promise.resolve(true)),
      // The request was not settled: give its claims back.
      unsettled(q) {
        const c = claims.get(q);
        claims.delete(q);
        if (!c || !c.keys.length) return pending;
        pending = pending.then(() => store.release(seed.workspace, o.campaignId, worker, c.keys).catch(() => {}));
        return pending;
      },
      setLimit(l) {
        limit = l && l.requests > 0 && l.windowSeconds > 0 ? l : null;
      },
      // One token of the shared bucket of (workspace, the add limit): every worker on this ledger draws from it.
      async pace(signal) {
        if (!limit) return true;
        for (let i = 0; i < 100000; i++) {
          const wait = await store.takeToken(`${seed.workspace}:add`, limit);
          if (wait === 0) return true;
          stats.bucketWaits++;
          stats.bucketWaitMs += wait;
          if (!(await sleep(Math.min(wait, 5000), signal))) return false;
        }
        return false;
      },
      // Request q settled as `line`: the leads this worker claimed go into the ledger.
      settle(q, line) {
        const leads = leadsOf(q);
        const c = claims.get(q);
        claims.delete(q);
        const only = c ? new Set(c.sendAt) : null;
        const entries = [];
        leads.forEach((lead, k) => {
          if (only && !only.has(k)) return;
          const keys = keysOfLead(lead, described.identity.dedupKeys);
          if (keys.length === 0) return;
          entries.push({ keys, outcome: line.results[k], leadId: line.ids ? line.ids[k] : null });
        });
        pending = pending.then(async () => {
          if (failed) return;
          try {
            settledLeads += await store.settle(seed.workspace, o.campaignId, entries);
          } catch (e) {
            failed = new LedgerError('ledger_write_failed', `the ledger cannot be written: ${e.message}`);
          }
        });
        return pending;
      },
      failed: () => failed,
      flush: () => pending,
      async close() {
        await pending;
        if (owned) await store.close();
        return { workspace: seed.workspace, store: store.kind, entriesRead: seed.entries, leadsSettled: settledLeads, worker, leaseMs, ...stats };
      },
    };
  } catch (e) {
    if (owned) await store.close();
    throw e;
  }
}
