// The embedded ledger: one SQLite file (better-sqlite3, an optional
// dependency: the browser and edge entries never load it).
// WAL + synchronous=FULL: a transaction that returned is on disk, so a
// SIGKILL loses nothing settled; busy_timeout lets two processes on one
// machine share the file (SQLite's own locks serialize the writers).
import { createRequire } from 'node:module';
import { SCHEMA_VERSION, LedgerError, normalizeEntry, keyOf, IN_CAMPAIGN, bucketStep } from './schema.mjs';

const require = createRequire(import.meta.url);

function loadDriver() {
  try {
    return require('better-sqlite3');
  } catch (e) {
    throw new LedgerError(
      'ledger_driver_missing',
      `the SQLite ledger needs the optional dependency better-sqlite3 (npm install better-sqlite3@12): ${e.message}`,
    );
  }
}

const DDL = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
-- One row per lead pushed into a campaign: claimed first, then settled.
-- key: the lead's first dedup key ("kind:key"), the claim's unit.
CREATE TABLE IF NOT EXISTS pushes (
  workspace TEXT NOT NULL,
  campaign TEXT NOT NULL,
  key TEXT NOT NULL,
  keys TEXT NOT NULL,            -- JSON [{kind, field, key}] in the provider's dedup order
  state TEXT NOT NULL,           -- 'claimed' | 'settled'
  worker TEXT,
  lease_until INTEGER,           -- ms since the epoch (claims)
  attempts INTEGER NOT NULL DEFAULT 1,
  outcome TEXT,
  lead_id TEXT,
  at TEXT NOT NULL,              -- ISO time of the claim, then of the settlement
  PRIMARY KEY (workspace, campaign, key)
);
-- Every dedup key of a settled or claimed lead, for per-batch look-ups.
CREATE TABLE IF NOT EXISTS push_keys (
  workspace TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  campaign TEXT NOT NULL,
  key TEXT NOT NULL,
  PRIMARY KEY (workspace, kind, value, campaign)
);
CREATE TABLE IF NOT EXISTS suppressions (
  workspace TEXT NOT NULL,
  kind TEXT NOT NULL,            -- email | domain | phone | linkedin
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  source TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (workspace, kind, value)
);
CREATE TABLE IF NOT EXISTS buckets (
  name TEXT PRIMARY KEY,         -- provider + limit scope
  tokens REAL NOT NULL,
  updated INTEGER NOT NULL       -- ms since the epoch
);
`;

// Switching a file to WAL takes an exclusive lock, and SQLite answers
// SQLITE_BUSY at once (busy_timeout does not apply) to a second process that
// opens the same new file while the first one switches it. Retried every
// 20 ms for at most 10 s, as busy_timeout would.
function setWal(db) {
  const until = Date.now() + 10000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return db.pragma('journal_mode = WAL');
    } catch (e) {
      if (e.code !== 'SQLITE_BUSY' || Date.now() > until) throw e;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

export class SqliteStore {
  constructor(path, { readonly = false } = {}) {
    const Database = loadDriver();
    this.kind = 'sqlite';
    this.path = path;
    try {
      this.db = new Database(path, { fileMustExist: readonly, readonly });
    } catch (e) {
      throw new LedgerError('ledger_unreadable', `${path}: ${e.message}`);
    }
    const db = this.db;
    db.pragma('busy_timeout = 10000');
    if (!readonly) {
      setWal(db);
      db.pragma('synchronous = FULL');
      db.exec(DDL);
      db.prepare('INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)').run('schema', String(SCHEMA_VERSION));
    }
    const v = db.prepare("SELECT value FROM meta WHERE name = 'schema'").get();
    if (v && Number(v.value) > SCHEMA_VERSION) {
      throw new LedgerError('ledger_version', `${path}: a ledger of a newer leadroster (schema ${v.value}; this one reads ${SCHEMA_VERSION})`);
    }
    this.st = {
      settledIn: db.prepare("SELECT campaign, keys, outcome, lead_id AS leadId, at FROM pushes WHERE workspace = ? AND campaign = ? AND state = 'settled'"),
      settledAll: db.prepare("SELECT campaign, keys, outcome, lead_id AS leadId, at FROM pushes WHERE workspace = ? AND state = 'settled'"),
      upsert: db.prepare(`INSERT INTO pushes (workspace, campaign, key, keys, state, worker, lease_until, outcome, lead_id, at)
        VALUES (@workspace, @campaign, @key, @keys, 'settled', NULL, NULL, @outcome, @leadId, @at)
        ON CONFLICT (workspace, campaign, key) DO UPDATE SET keys = excluded.keys, state = 'settled', worker = NULL,
          lease_until = NULL, outcome = excluded.outcome, lead_id = COALESCE(excluded.lead_id, pushes.lead_id), at = excluded.at`),
      key: db.prepare('INSERT OR IGNORE INTO push_keys (workspace, kind, value, campaign, key) VALUES (?, ?, ?, ?, ?)'),
      lookup: db.prepare(
        'SELECT p.campaign, p.keys, p.outcome, p.lead_id AS leadId, p.at, p.state FROM push_keys k JOIN pushes p ON p.workspace = k.workspace AND p.campaign = k.campaign AND p.key = k.key WHERE k.workspace = ? AND k.kind = ? AND k.value = ?',
      ),
      count: db.prepare('SELECT state, COUNT(*) AS n FROM pushes WHERE workspace = ? GROUP BY state'),
      campaigns: db.prepare("SELECT campaign, COUNT(*) AS n FROM pushes WHERE workspace = ? AND state = 'settled' GROUP BY campaign ORDER BY campaign"),
      pushesOf: db.prepare('SELECT campaign, keys, state, outcome, lead_id AS leadId, at FROM pushes WHERE workspace = ? ORDER BY campaign, at, key'),
      suppress: db.prepare(`INSERT INTO suppressions (workspace, kind, value, reason, source, at) VALUES (@workspace, @kind, @value, @reason, @source, @at)
        ON CONFLICT (workspace, kind, value) DO UPDATE SET reason = excluded.reason, source = excluded.source, at = excluded.at`),
      unsuppress: db.prepare('DELETE FROM suppressions WHERE workspace = ? AND kind = ? AND value = ?'),
      suppressions: db.prepare('SELECT kind, value, reason, source, at FROM suppressions WHERE workspace = ? ORDER BY kind, value'),
    };
    const claimIns = db.prepare(`INSERT INTO pushes (workspace, campaign, key, keys, state, worker, lease_until, at)
      VALUES (?, ?, ?, ?, 'claimed', ?, ?, ?) ON CONFLICT (workspace, campaign, key) DO NOTHING RETURNING key`);
    const claimGet = db.prepare('SELECT state, worker, lease_until AS leaseUntil, outcome, at FROM pushes WHERE workspace = ? AND campaign = ? AND key = ?');
    const claimTake = db.prepare(`UPDATE pushes SET state = 'claimed', worker = ?, lease_until = ?, attempts = attempts + 1, keys = ?
      WHERE workspace = ? AND campaign = ? AND key = ?`);
    const release = db.prepare("DELETE FROM pushes WHERE workspace = ? AND campaign = ? AND key = ? AND state = 'claimed' AND worker = ?");
    this.claimTx = db.transaction((workspace, campaign, worker, leaseMs, items, now) => {
      const out = { mine: [], takenOver: [], settled: [], held: [] };
      const until = now + leaseMs;
      const at = new Date(now).toISOString();
      for (const it of items) {
        const keys = JSON.stringify(it.keys);
        if (claimIns.get(workspace, campaign, it.key, keys, worker, until, at)) {
          out.mine.push(it.key);
          continue;
        }
        const r = claimGet.get(workspace, campaign, it.key);
        if (r.state === 'settled' && IN_CAMPAIGN.has(r.outcome)) out.settled.push({ key: it.key, at: r.at, outcome: r.outcome });
        else if (r.state === 'claimed' && r.worker !== worker && r.leaseUntil > now) out.held.push(it.key);
        else {
          claimTake.run(worker, until, keys, workspace, campaign, it.key);
          (r.state === 'claimed' && r.worker !== worker ? out.takenOver : out.mine).push(it.key);
        }
      }
      return out;
    });
    this.releaseTx = db.transaction((workspace, campaign, worker, keys) => {
      for (const k of keys) release.run(workspace, campaign, k, worker);
    });
    const bucketGet = db.prepare('SELECT tokens, updated FROM buckets WHERE name = ?');
    const bucketPut = db.prepare(
      'INSERT INTO buckets (name, tokens, updated) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET tokens = excluded.tokens, updated = excluded.updated',
    );
    this.bucketTx = db.transaction((name, limit, now) => {
      const r = bucketGet.get(name);
      const step = bucketStep(r, limit, now);
      bucketPut.run(name, step.tokens, now);
      return step.waitMs;
    });
    this.suppressTx = db.transaction((workspace, entries) => {
      for (const e of entries) this.st.suppress.run({ workspace, ...e });
    });
    this.unsuppressTx = db.transaction((workspace, entries) => {
      let n = 0;
      for (const e of entries) n += this.st.unsuppress.run(workspace, e.kind, e.value).changes;
      return n;
    });
    this.settleTx = db.transaction((workspace, campaign, entries) => {
      for (const e of entries) {
        this.st.upsert.run({ workspace, campaign, key: keyOf(e.keys), keys: JSON.stringify(e.keys), outcome: e.outcome, leadId: e.leadId ?? null, at: e.at });
        for (const k of e.keys) this.st.key.run(workspace, k.kind, k.key, campaign, keyOf(e.keys));
      }
    });
  }

  /** The settled leads of a campaign (campaign null: of every campaign of the workspace). */
  async settled(workspace, campaign) {
    const rows = campaign === null ? this.st.settledAll.all(workspace) : this.st.settledIn.all(workspace, campaign);
    for (const r of rows) r.keys = JSON.parse(r.keys);
    return rows;
  }

  /** Records settled pushes: [{keys, outcome, leadId?, at?}], in one transaction. */
  async settle(workspace, campaign, entries) {
    const now = new Date().toISOString();
    const list = entries.map((e) => normalizeEntry(e, now));
    if (list.length) this.settleTx(workspace, campaign, list);
    return list.length;
  }

  /** The entries holding one key (kind, value) in any campaign of the workspace. */
  async lookup(workspace, kind, value) {
    const rows = this.st.lookup.all(workspace, kind, value);
    for (const r of rows) r.keys = JSON.parse(r.keys);
    return rows;
  }

  /** The values of `values` (one kind) held in `campaign` (null: any campaign), as a Set: a per-batch look-up. */
  async lookupMany(workspace, kind, values, campaign = null) {
    const hit = new Set();
    for (const v of values) {
      const rows = this.st.lookup.all(workspace, kind, v);
      if (rows.some((r) => r.state === 'settled' && (campaign === null || r.campaign === campaign))) hit.add(v);
    }
    return hit;
  }

  async counts(workspace) {
    const out = { settled: 0, claimed: 0 };
    for (const r of this.st.count.all(workspace)) out[r.state] = r.n;
    return out;
  }

  /**
   * Claims leads before they are sent, in one transaction: items [{key, keys}].
   * {mine, takenOver (a claim whose lease ran out), settled [{key, at, outcome}], held (another worker's live claim)}.
   */
  async claim(workspace, campaign, worker, leaseMs, items, now = Date.now()) {
    return this.claimTx.immediate(workspace, campaign, worker, leaseMs, items, now);
  }

  /** Gives back claims not settled (an undelivered request), so another worker need not wait for the lease. */
  async release(workspace, campaign, worker, keys) {
    if (keys.length) this.releaseTx.immediate(workspace, campaign, worker, keys);
  }

  /** Takes one token of the shared bucket `name`: 0, or the ms to wait before trying again. */
  async takeToken(name, limit, now = Date.now()) {
    return this.bucketTx.immediate(name, limit, now);
  }

  /** Adds or replaces suppression entries [{kind, value, reason, source, at}] (values normalized by the caller). */
  async suppress(workspace, entries) {
    if (entries.length) this.suppressTx(workspace, entries);
    return entries.length;
  }

  /** Removes entries [{kind, value}]; the number removed. */
  async unsuppress(workspace, entries) {
    return entries.length ? this.unsuppressTx(workspace, entries) : 0;
  }

  async suppressions(workspace) {
    return this.st.suppressions.all(workspace);
  }

  async pushes(workspace) {
    const rows = this.st.pushesOf.all(workspace);
    for (const r of rows) r.keys = JSON.parse(r.keys);
    return rows;
  }

  async campaigns(workspace) {
    return this.st.campaigns.all(workspace);
  }

  async close() {
    if (this.db && this.db.open) this.db.close();
  }
}
