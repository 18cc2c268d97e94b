// The ledger's flags on check, plan and push (the command `leadroster ledger …`: ./ledger.mjs).
import { ledgerSpec, ledgerLabel, suppressionMessage, ledgerMessage } from '../ledger/index.mjs';
import { UsageError } from './errors.mjs';

export const LEDGER_FLAGS = { ledger: 'string', account: 'string', 'skip-if-in-workspace': 'bool', lease: 'string' };

export const LEDGER_HELP = `
Ledger (every settled push of a workspace, across runs and machines):
  --ledger FILE|postgres://…   a SQLite file (created when missing) or a
                PostgreSQL URL; default LEADROSTER_LEDGER. A row settled before in
                this campaign is not sent again ("already in the campaign
                (ledger, DATE)")
  --account NAME        the provider account (workspace = provider + account;
                default LEADROSTER_ACCOUNT, else "default")
  --skip-if-in-workspace  a lead in any campaign of the workspace counts
  claims        with a ledger, push claims each lead before it is sent (one
                transaction), so several workers on one ledger never send the same
                lead; a claim not settled within --lease S (default 600) is taken
                over by another worker and sent again (its duplicates count as
                "resent"); every worker on the ledger draws from one token bucket
                of the provider's documented limit
  suppressed    a lead matching a suppression entry (leadroster ledger --help) is
                never sent; no flag turns that off`;

/** push()/plan options from the ledger flags (and LEADROSTER_LEDGER / LEADROSTER_ACCOUNT). */
export function ledgerFlags(flags, env = process.env) {
  const out = {};
  const spec = ledgerSpec(flags.ledger, env);
  if (spec !== undefined) out.ledger = spec;
  const account = flags.account !== undefined ? flags.account : env.LEADROSTER_ACCOUNT;
  if (account !== undefined && account !== '') out.account = account;
  if (flags['skip-if-in-workspace']) out.skipIfInWorkspace = true;
  if (flags.lease !== undefined) {
    const s = Number(flags.lease);
    if (!(s > 0 && s <= 86400)) throw new UsageError(`--lease must be seconds between 0 and 86400, not ${JSON.stringify(flags.lease)}`);
    out.leaseMs = Math.round(s * 1000);
  }
  return out;
}

/**
 * --suppressed FILE: its entries (a CSV with a `value` column and maybe
 * `kind`, as `ledger export` writes, or one value per line), normalized;
 * null without the flag. A bad value is a UsageError naming its line.
 */
export async function suppressionFile(engine, flags, UsageError) {
  const file = flags.suppressed;
  if (file === undefined) return null;
  const { readFileSync } = await import('node:fs');
  const { readSuppressionText } = await import('../ledger/suppress.mjs');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--suppressed ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  try {
    return readSuppressionText(engine, text, { defaultCountry: flags['default-country'] }).map((e) => ({ ...e, source: file }));
  } catch (e) {
    throw new UsageError(`--suppressed ${file}: ${e.message}`);
  }
}

/**
 * plan / check with a ledger and/or --suppressed FILE: the campaign's settled
 * leads join options.existing and the suppression entries (the ledger's
 * first, then the file's) become options.suppressed (in place);
 * annotate(rows) marks the duplicates of ledger leads (row.ledger =
 * {campaign, date}) and puts the entry a suppressed row matched in
 * row.suppressedBy. null when neither is given. campaignId null: every
 * campaign of the workspace counts.
 */
export async function planLedger(flags, provider, campaignId, options, UsageError, fileEntries = null) {
  const o = ledgerFlags(flags);
  if (o.ledger === undefined && !fileEntries) return null;
  const { openLedger, ledgerSeed, suppressionOf } = await import('../ledger/index.mjs');
  let seed = null;
  if (o.ledger !== undefined) {
    let store;
    try {
      ({ store } = await openLedger(o.ledger));
      try {
        seed = await ledgerSeed(store, { provider, account: o.account, campaignId, workspaceWide: o.skipIfInWorkspace === true || campaignId === null });
      } finally {
        await store.close();
      }
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--ledger ${ledgerLabel(o.ledger)}: ${e.message}`);
    }
    if (seed.leads.length) options.existing = [...(Array.isArray(options.existing) ? options.existing : []), ...seed.leads];
  }
  const list = [...(seed ? seed.suppressions : []), ...(fileEntries || [])];
  options.suppressed = list.map((e) => ({ kind: e.kind, value: e.value })); // always (no flag turns it off)
  return {
    annotate(rows) {
      for (const r of rows) {
        if (r.status === 'suppressed') {
          const e = suppressionOf(r, list);
          if (e) r.suppressedBy = e;
          continue;
        }
        if (!seed || r.status !== 'duplicate' || r.duplicateOf !== 'existing') continue;
        const src = seed.source(r);
        if (src) r.ledger = src;
      }
      return rows;
    },
  };
}

/** The text of a suppressed row. */
export function suppressedText(r) {
  const e = r.suppressedBy;
  return e && typeof e === 'object' ? suppressionMessage(e) : 'suppressed';
}

/** The text of a duplicate of a ledger entry (campaignId null: check without --campaign-id names the campaign). */
export function ledgerText(r, campaignId) {
  if (campaignId !== null) return ledgerMessage(r.ledger, campaignId);
  return `already in the campaign ${r.ledger.campaign} (ledger, ${String(r.ledger.date).slice(0, 10)})`;
}
