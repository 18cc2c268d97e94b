// The workspace ledger: every settled lead push (its dedup keys, campaign,
// outcome, the provider's lead id, time) and, later, suppression entries, per
// workspace (provider + account). Stores: SQLite (a file, the default) and
// PostgreSQL (a postgres:// URL). Node only: never imported by the browser or
// edge entries.
//
// Planning reads it the way --existing works: the settled leads' keys become
// leads already in the campaign (options.existing), so the engine's one
// identity index decides what is a duplicate; `source(row)` maps a duplicate
// of one of them back to its ledger entry (campaign, date).
import { LedgerError, IN_CAMPAIGN, keyOf } from './schema.mjs';
import { suppressionOption } from './suppress.mjs';

export { LedgerError, IN_CAMPAIGN, keyOf };

export const DEFAULT_ACCOUNT = 'default';

/** The workspace of a provider account. */
export function workspaceOf(provider, account) {
  const a = account === undefined || account === null || account === '' ? DEFAULT_ACCOUNT : String(account);
  return `${provider}/${a}`;
}

/** The ledger the caller named: a store object, a postgres:// URL, or a SQLite file path. */
export async function openLedger(spec) {
  if (spec && typeof spec === 'object' && typeof spec.settled === 'function') return { store: spec, owned: false };
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new LedgerError('bad_argument', 'ledger must be a SQLite file path, a postgres:// URL or a ledger store');
  }
  if (/^postgres(ql)?:\/\//i.test(spec)) {
    const { PgStore } = await import('./postgres.mjs');
    return { store: await PgStore.open(spec), owned: true };
  }
  const { SqliteStore } = await import('./sqlite.mjs');
  return { store: new SqliteStore(spec), owned: true };
}

/** A ledger spec fit to print: a postgres:// URL's password as *** (a file path as it is). */
export function ledgerLabel(spec) {
  if (typeof spec !== 'string' || !/^postgres(ql)?:\/\//i.test(spec)) return String(spec);
  try {
    const u = new URL(spec);
    if (u.password) u.password = '***';
    return u.toString();
  } catch (_) {
    return 'postgres://…';
  }
}

/** The ledger spec from an option, else LEADROSTER_LEDGER (undefined: none). */
export function ledgerSpec(given, env = process.env) {
  if (given !== undefined && given !== null && given !== '') return given;
  const e = env.LEADROSTER_LEDGER;
  return e !== undefined && e.trim() !== '' ? e : undefined;
}

/** The dedup keys of a lead as sent: [{kind, field, key}] in the provider's order. */
export function keysOfLead(lead, dedupKeys) {
  const out = [];
  if (!lead || typeof lead !== 'object') return out;
  for (const d of dedupKeys) {
    const v = lead[d.field];
    if (typeof v === 'string' && v !== '') out.push({ kind: d.kind, field: d.field, key: v });
    else if (typeof v === 'number' && Number.isFinite(v)) out.push({ kind: d.kind, field: d.field, key: String(v) });
  }
  return out;
}

function foldGmail(email) {
  const at = email.lastIndexOf('@');
  if (at < 0) return email;
  const domain = email.slice(at + 1).toLowerCase();
  if (domain !== 'gmail.com' && domain !== 'googlemail.com') return email;
  return `${email.slice(0, at).split('+')[0].replace(/\./g, '').toLowerCase()}@gmail.com`;
}

function lookupForms(kind, value) {
  const forms = [value];
  if (kind === 'email') {
    const l = value.toLowerCase();
    if (l !== value) forms.push(l);
    const f = foldGmail(l);
    if (f !== l) forms.push(f);
  }
  return forms;
}

/**
 * What planning needs from the ledger for one campaign: the settled leads as
 * `existing` leads, and source(row) -> {campaign, date} for a duplicate of one.
 * workspaceWide: every campaign of the workspace counts (skipIfInWorkspace).
 */
export async function ledgerSeed(store, { provider, account, campaignId, workspaceWide = false }) {
  const workspace = workspaceOf(provider, account);
  const rows = await store.settled(workspace, workspaceWide ? null : campaignId);
  const leads = [];
  const byKey = new Map(); // field \0 key -> entry (the latest)
  const kinds = new Map(); // field -> kind
  for (const r of rows) {
    if (!IN_CAMPAIGN.has(r.outcome)) continue;
    const lead = {};
    for (const k of r.keys) {
      if (!k.field) continue;
      if (lead[k.field] === undefined) lead[k.field] = k.key;
      kinds.set(k.field, k.kind);
      for (const form of lookupForms(k.kind, k.key)) {
        const id = `${k.field}\0${form}`;
        const had = byKey.get(id);
        if (!had || had.at < r.at) byKey.set(id, r);
      }
    }
    if (Object.keys(lead).length) leads.push(lead);
  }
  const source = (row) => {
    if (!row || row.status !== 'duplicate' || row.duplicateOf !== 'existing' || !row.matchedOn) return null;
    const v = row.lead ? row.lead[row.matchedOn] : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    for (const form of lookupForms(kinds.get(row.matchedOn), String(v))) {
      const e = byKey.get(`${row.matchedOn}\0${form}`);
      if (e) return { campaign: e.campaign, date: e.at };
    }
    return null;
  };
  // Suppression: every entry of the workspace, whatever the campaign; no option turns it off.
  const suppressions = typeof store.suppressions === 'function' ? await store.suppressions(workspace) : [];
  return { workspace, leads, entries: rows.length, source, suppressions, suppressed: suppressionOption(suppressions) };
}

/** The entry a `suppressed` row matched (the engine gives its index in options.suppressed). */
export function suppressionOf(row, suppressions) {
  if (!row || row.status !== 'suppressed' || !Number.isInteger(row.suppressedBy)) return null;
  const e = suppressions[row.suppressedBy];
  return e ? { kind: e.kind, value: e.value, reason: e.reason, source: e.source ?? null, at: e.at } : null;
}

/** "suppressed: domain acme.com (unsubscribed, import.csv, 2026-12-04)". */
export function suppressionMessage(e) {
  return `suppressed: ${e.kind} ${e.value} (${[e.reason, e.source, String(e.at || '').slice(0, 10)].filter(Boolean).join(', ')})`;
}

/** "already in the campaign (ledger, 2026-12-04)" (or "… in campaign X …" for another campaign). */
export function ledgerMessage(src, campaignId) {
  const day = String(src.date).slice(0, 10);
  return src.campaign === campaignId ? `already in the campaign (ledger, ${day})` : `already in campaign ${src.campaign} of the workspace (ledger, ${day})`;
}
