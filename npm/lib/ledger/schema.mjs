// What every ledger store shares: the schema version, the error, the entry shape.
export const SCHEMA_VERSION = 1;

export class LedgerError extends Error {
  /** code: ledger_driver_missing | ledger_unreadable | ledger_version | bad_argument | ledger_failed */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Outcomes that mean the lead is in the campaign (what dedup counts). */
export const IN_CAMPAIGN = new Set(['added', 'already_in_campaign', 'resent']);

/** The claim unit of a lead: its first dedup key, "kind:key". */
export function keyOf(keys) {
  if (!Array.isArray(keys) || keys.length === 0) throw new LedgerError('bad_argument', 'a ledger entry needs at least one dedup key');
  return `${keys[0].kind}:${keys[0].key}`;
}

/**
 * The shared token bucket of a documented limit {requests: N, windowSeconds: W, burst}.
 * A documented burst below N is the bucket the provider describes (capacity
 * burst, refilled at N / W: a burst of 5 of 10 per minute is 5 at once, then one
 * per 6 s). A limit that is only "N per W" gets capacity C = ceil(N / 10)
 * refilled at (N - C) / W, so that no window of W ever holds more than N sends
 * (100 per minute: 10 at once, then one per 0.67 s).
 */
export function bucketShape(limit) {
  const n = limit.requests;
  const burst = limit.burst > 0 && limit.burst < n ? limit.burst : 0;
  const cap = burst || Math.max(1, Math.ceil(n / 10));
  const perWindow = burst ? n : Math.max(n - cap, 1);
  return { cap, perMs: perWindow / (limit.windowSeconds * 1000) };
}

/** One step of the bucket: row {tokens, updated} or undefined (full). Returns {tokens, waitMs}. */
export function bucketStep(row, limit, now) {
  const { cap, perMs } = bucketShape(limit);
  const tokens = row ? Math.min(cap, row.tokens + Math.max(0, now - row.updated) * perMs) : cap;
  if (tokens >= 1) return { tokens: tokens - 1, waitMs: 0 };
  return { tokens, waitMs: Math.max(1, Math.ceil((1 - tokens) / perMs)) };
}

export function normalizeEntry(e, now) {
  if (!e || !Array.isArray(e.keys) || e.keys.length === 0) throw new LedgerError('bad_argument', 'a ledger entry needs keys');
  for (const k of e.keys) {
    if (!k || typeof k.kind !== 'string' || typeof k.key !== 'string' || k.key === '') {
      throw new LedgerError('bad_argument', 'a ledger key is {kind, field, key} with a non-empty key');
    }
  }
  return {
    keys: e.keys.map((k) => ({ kind: k.kind, field: k.field ?? null, key: k.key })),
    outcome: typeof e.outcome === 'string' ? e.outcome : 'added',
    leadId: e.leadId == null ? null : String(e.leadId),
    at: typeof e.at === 'string' ? e.at : now,
  };
}
