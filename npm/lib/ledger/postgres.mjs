// The team ledger: PostgreSQL through `pg` (an optional dependency). The same
// tables as the SQLite store; every write is one transaction.
import { createRequire } from 'node:module';
import { SCHEMA_VERSION, LedgerError, normalizeEntry, keyOf, IN_CAMPAIGN, bucketStep, bucketShape } from './schema.mjs';
import { ledgerLabel } from './index.mjs';

const require = createRequire(import.meta.url);

const DDL = `
CREATE TABLE IF NOT EXISTS leadroster_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leadroster_pushes (
  workspace TEXT NOT NULL,
  campaign TEXT NOT NULL,
  key TEXT NOT NULL,
  keys JSONB NOT NULL,
  state TEXT NOT NULL,
  worker TEXT,
  lease_until BIGINT,
  attempts INTEGER NOT NULL DEFAULT 1,
  outcome TEXT,
  lead_id TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (workspace, campaign, key)
);
CREATE TABLE IF NOT EXISTS leadroster_push_keys (
  workspace TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  campaign TEXT NOT NULL,
  key TEXT NOT NULL,
  PRIMARY KEY (workspace, kind, value, campaign)
);
CREATE TABLE IF NOT EXISTS leadroster_suppressions (
  workspace TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  source TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (workspace, kind, value)
);
CREATE TABLE IF NOT EXISTS leadroster_buckets (
  name TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated BIGINT NOT NULL
);
`;

function loadDriver() {
  try {
    return require('pg');
  } catch (e) {
    throw new LedgerError('ledger_driver_missing', `a postgres:// ledger needs the optional dependency pg (npm install pg@8): ${e.message}`);
  }
}

// The URL without its password, for messages.
const safeUrl = ledgerLabel;

function withLeadId(r) {
  const { lead_id: id, ...rest } = r;
  return { ...rest, leadId: id };
}

export class PgStore {
  static async open(url, { max = 4 } = {}) {
    const { Pool } = loadDriver();
    const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 10000, idleTimeoutMillis: 1000 });
    pool.on('error', () => {}); // an idle client's error: the next query reports it
    const s = new PgStore(pool, url);
    try {
      await s.tx(async (c) => {
        // One process creates the tables at a time.
        await c.query('SELECT pg_advisory_xact_lock(7201920)');
        await c.query(DDL);
        await c.query('INSERT INTO leadroster_meta (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', ['schema', String(SCHEMA_VERSION)]);
        const v = await c.query("SELECT value FROM leadroster_meta WHERE name = 'schema'");
        if (v.rows[0] && Number(v.rows[0].value) > SCHEMA_VERSION) {
          throw new LedgerError('ledger_version', `a ledger of a newer leadroster (schema ${v.rows[0].value}; this one reads ${SCHEMA_VERSION})`);
        }
      });
    } catch (e) {
      await pool.end().catch(() => {});
      if (e instanceof LedgerError) throw e;
      throw new LedgerError('ledger_unreadable', `${safeUrl(url)}: ${e.message}`);
    }
    return s;
  }

  constructor(pool, url) {
    this.kind = 'postgres';
    this.pool = pool;
    this.url = safeUrl(url);
  }

  async tx(fn) {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async settled(workspace, campaign) {
    const q =
      campaign === null
        ? await this.pool.query("SELECT campaign, keys, outcome, lead_id, at FROM leadroster_pushes WHERE workspace = $1 AND state = 'settled'", [workspace])
        : await this.pool.query(
            "SELECT campaign, keys, outcome, lead_id, at FROM leadroster_pushes WHERE workspace = $1 AND campaign = $2 AND state = 'settled'",
            [workspace, campaign],
          );
    return q.rows.map(withLeadId);
  }

  async settle(workspace, campaign, entries) {
    const now = new Date().toISOString();
    const list = entries.map((e) => normalizeEntry(e, now));
    if (!list.length) return 0;
    await this.tx(async (c) => {
      const rows = list.map((e) => ({ key: keyOf(e.keys), keys: e.keys, outcome: e.outcome, lead_ref: e.leadId, at: e.at }));
      await c.query(
        `INSERT INTO leadroster_pushes (workspace, campaign, key, keys, state, outcome, lead_id, at)
         SELECT $1, $2, x.key, x.keys, 'settled', x.outcome, x.lead_ref, x.at
         FROM jsonb_to_recordset($3::jsonb) AS x(key TEXT, keys JSONB, outcome TEXT, lead_ref TEXT, at TEXT)
         ON CONFLICT (workspace, campaign, key) DO UPDATE SET keys = excluded.keys, state = 'settled', worker = NULL,
           lease_until = NULL, outcome = excluded.outcome, lead_id = COALESCE(excluded.lead_id, leadroster_pushes.lead_id), at = excluded.at`,
        [workspace, campaign, JSON.stringify(rows)],
      );
      const keys = [];
      for (const e of rows) for (const k of e.keys) keys.push({ kind: k.kind, value: k.key, key: e.key });
      await c.query(
        `INSERT INTO leadroster_push_keys (workspace, kind, value, campaign, key)
         SELECT $1, x.kind, x.value, $2, x.key FROM jsonb_to_recordset($3::jsonb) AS x(kind TEXT, value TEXT, key TEXT)
         ON CONFLICT DO NOTHING`,
        [workspace, campaign, JSON.stringify(keys)],
      );
    });
    return list.length;
  }

  async lookup(workspace, kind, value) {
    const q = await this.pool.query(
      `SELECT p.campaign, p.keys, p.outcome, p.lead_id, p.at, p.state FROM leadroster_push_keys k
       JOIN leadroster_pushes p ON p.workspace = k.workspace AND p.campaign = k.campaign AND p.key = k.key
       WHERE k.workspace = $1 AND k.kind = $2 AND k.value = $3`,
      [workspace, kind, value],
    );
    return q.rows.map(withLeadId);
  }

  async lookupMany(workspace, kind, values, campaign = null) {
    const q = await this.pool.query(
      `SELECT DISTINCT k.value FROM leadroster_push_keys k JOIN leadroster_pushes p ON p.workspace = k.workspace AND p.campaign = k.campaign AND p.key = k.key
       WHERE k.workspace = $1 AND k.kind = $2 AND k.value = ANY($3::text[]) AND p.state = 'settled' AND ($4::text IS NULL OR k.campaign = $4)`,
      [workspace, kind, values, campaign],
    );
    return new Set(q.rows.map((r) => r.value));
  }

  async counts(workspace) {
    const out = { settled: 0, claimed: 0 };
    const q = await this.pool.query('SELECT state, COUNT(*)::int AS n FROM leadroster_pushes WHERE workspace = $1 GROUP BY state', [workspace]);
    for (const r of q.rows) out[r.state] = r.n;
    return out;
  }

  async claim(workspace, campaign, worker, leaseMs, items, now = Date.now()) {
    const out = { mine: [], takenOver: [], settled: [], held: [] };
    if (!items.length) return out;
    const until = now + leaseMs;
    const at = new Date(now).toISOString();
    return this.tx(async (c) => {
      const ins = await c.query(
        `INSERT INTO leadroster_pushes (workspace, campaign, key, keys, state, worker, lease_until, at)
         SELECT $1, $2, x.key, x.keys, 'claimed', $3, $4, $5 FROM jsonb_to_recordset($6::jsonb) AS x(key TEXT, keys JSONB)
         ON CONFLICT (workspace, campaign, key) DO NOTHING RETURNING key`,
        [workspace, campaign, worker, until, at, JSON.stringify(items)],
      );
      const got = new Set(ins.rows.map((r) => r.key));
      for (const k of got) out.mine.push(k);
      const rest = items.filter((it) => !got.has(it.key));
      if (!rest.length) return out;
      const cur = await c.query(
        `SELECT key, state, worker, lease_until AS "leaseUntil", outcome, at FROM leadroster_pushes
         WHERE workspace = $1 AND campaign = $2 AND key = ANY($3::text[]) FOR UPDATE`,
        [workspace, campaign, rest.map((it) => it.key)],
      );
      const take = [];
      for (const r of cur.rows) {
        if (r.state === 'settled' && IN_CAMPAIGN.has(r.outcome)) out.settled.push({ key: r.key, at: r.at, outcome: r.outcome });
        else if (r.state === 'claimed' && r.worker !== worker && Number(r.leaseUntil) > now) out.held.push(r.key);
        else {
          take.push(r.key);
          (r.state === 'claimed' && r.worker !== worker ? out.takenOver : out.mine).push(r.key);
        }
      }
      if (take.length) {
        await c.query(
          `UPDATE leadroster_pushes SET state = 'claimed', worker = $3, lease_until = $4, attempts = attempts + 1
           WHERE workspace = $1 AND campaign = $2 AND key = ANY($5::text[])`,
          [workspace, campaign, worker, until, take],
        );
      }
      return out;
    });
  }

  async release(workspace, campaign, worker, keys) {
    if (!keys.length) return;
    await this.pool.query(
      "DELETE FROM leadroster_pushes WHERE workspace = $1 AND campaign = $2 AND key = ANY($3::text[]) AND state = 'claimed' AND worker = $4",
      [workspace, campaign, keys, worker],
    );
  }

  async takeToken(name, limit, now = Date.now()) {
    return this.tx(async (c) => {
      await c.query('INSERT INTO leadroster_buckets (name, tokens, updated) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [name, bucketShape(limit).cap, now]);
      const r = (await c.query('SELECT tokens, updated FROM leadroster_buckets WHERE name = $1 FOR UPDATE', [name])).rows[0];
      const step = bucketStep({ tokens: Number(r.tokens), updated: Math.min(Number(r.updated), now) }, limit, now);
      await c.query('UPDATE leadroster_buckets SET tokens = $2, updated = $3 WHERE name = $1', [name, step.tokens, Math.max(now, Number(r.updated))]);
      return step.waitMs;
    });
  }

  async suppress(workspace, entries) {
    if (!entries.length) return 0;
    await this.pool.query(
      `INSERT INTO leadroster_suppressions (workspace, kind, value, reason, source, at)
       SELECT $1, x.kind, x.value, x.reason, x.source, x.at FROM jsonb_to_recordset($2::jsonb) AS x(kind TEXT, value TEXT, reason TEXT, source TEXT, at TEXT)
       ON CONFLICT (workspace, kind, value) DO UPDATE SET reason = excluded.reason, source = excluded.source, at = excluded.at`,
      [workspace, JSON.stringify(entries)],
    );
    return entries.length;
  }

  async unsuppress(workspace, entries) {
    if (!entries.length) return 0;
    const q = await this.pool.query(
      `DELETE FROM leadroster_suppressions s USING jsonb_to_recordset($2::jsonb) AS x(kind TEXT, value TEXT)
       WHERE s.workspace = $1 AND s.kind = x.kind AND s.value = x.value`,
      [workspace, JSON.stringify(entries)],
    );
    return q.rowCount;
  }

  async suppressions(workspace) {
    return (await this.pool.query('SELECT kind, value, reason, source, at FROM leadroster_suppressions WHERE workspace = $1 ORDER BY kind, value', [workspace]))
      .rows;
  }

  async pushes(workspace) {
    return (
      await this.pool.query('SELECT campaign, keys, state, outcome, lead_id, at FROM leadroster_pushes WHERE workspace = $1 ORDER BY campaign, at, key', [
        workspace,
      ])
    ).rows.map(withLeadId);
  }

  async campaigns(workspace) {
    return (
      await this.pool.query(
        "SELECT campaign, COUNT(*)::int AS n FROM leadroster_pushes WHERE workspace = $1 AND state = 'settled' GROUP BY campaign ORDER BY campaign",
        [workspace],
      )
    ).rows;
  }

  async close() {
    await this.pool.end();
  }
}
