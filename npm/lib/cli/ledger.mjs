// `leadroster ledger <import|export|suppress|unsuppress|stats>`: the workspace
// ledger's suppressions and settled pushes (lib/ledger/).
import { UsageError } from './errors.mjs';
import { parseFlags } from './args.mjs';
import { loadEngine, placeholderCampaign } from './common.mjs';
import { LEDGER_FLAGS, ledgerFlags } from './ledger-flags.mjs';

export const HELP = `leadroster ledger <import|export|suppress|unsuppress|stats> --provider P [--ledger FILE|URL] [--account NAME]

  suppress VALUE... --reason R [--kind email|domain|phone|linkedin] [--source S] [--default-country CC]
        never push these again (a domain: every email at it). Without --kind,
        each value's kind is its form: an email, "@acme.com" or "acme.com" a
        domain, a linkedin.com URL, a phone number. Values are normalized as
        the engine compares them; a bad one is refused (exit 2).
  unsuppress VALUE... [--kind K]    remove entries (the only way to)
  import FILE --reason R [--source S] [--map "Header=field"] [--map-file F] [--delimiter D]
        a provider's unsubscribe / bounce export (.csv, .json, .ndjson) read through
        the same header mapping as plan: every email, phone and LinkedIn URL of a row
        is suppressed; with --kind domain, the email hosts instead
  export [--what suppressions|pushes] [--out FILE]   as CSV (formula cells neutralized)
  stats [--json]     settled and claimed leads per campaign, suppressions per reason

Reasons: unsubscribed, bounced, complained, do-not-contact, manual.
The ledger is --ledger, else LEADROSTER_LEDGER. Exit codes: 0 done, 2 bad arguments or input.`;

const COMMAND_FLAGS = {
  provider: 'string',
  ...LEDGER_FLAGS,
  kind: 'string',
  reason: 'string',
  source: 'string',
  'default-country': 'string',
  map: 'list',
  'map-file': 'string',
  delimiter: 'string',
  what: 'string',
  out: 'string',
  json: 'bool',
  help: 'bool',
};

export async function run(argv) {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (!['import', 'export', 'suppress', 'unsuppress', 'stats'].includes(sub)) {
    throw new UsageError(`unknown ledger command ${JSON.stringify(sub)}: import, export, suppress, unsuppress or stats`);
  }
  const { flags, positional } = parseFlags(`ledger ${sub}`, rest, COMMAND_FLAGS);
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const engine = await loadEngine();
  const ids = engine.providers();
  if (!flags.provider || !ids.includes(flags.provider)) throw new UsageError(`--provider must be one of ${ids.join(', ')}`);
  const o = ledgerFlags(flags);
  if (o.ledger === undefined) throw new UsageError('--ledger (or LEADROSTER_LEDGER) is required');
  const { openLedger, workspaceOf, ledgerLabel } = await import('../ledger/index.mjs');
  const sup = await import('../ledger/suppress.mjs');
  const workspace = workspaceOf(flags.provider, o.account);
  const at = new Date().toISOString();
  const fail = (e) => {
    if (e && e.code && String(e.code).startsWith('invalid_')) return new UsageError(e.message);
    return e;
  };

  // Entries from the command line or a file, normalized before the ledger is opened.
  let entries = [];
  if (sub === 'suppress' || sub === 'unsuppress') {
    if (positional.length === 0) throw new UsageError(`${sub} needs at least one value`);
    try {
      if (sub === 'suppress') sup.checkReason(flags.reason);
      // without --kind, each value's own: an email, "@domain" or a domain, a LinkedIn URL, a phone
      for (const v of positional) {
        const kind = flags.kind ?? sup.inferKind(v);
        entries.push({ kind, value: sup.normalizeSuppression(engine, kind, v, { defaultCountry: flags['default-country'] }) });
      }
    } catch (e) {
      throw fail(e);
    }
  } else if (sub === 'import') {
    if (positional.length !== 1) throw new UsageError('import takes one file');
    try {
      sup.checkReason(flags.reason);
    } catch (e) {
      throw fail(e);
    }
    if (flags.kind !== undefined && flags.kind !== 'domain') throw new UsageError('import --kind can only be domain (the email hosts of the file)');
    const { planFile, formatOfName } = await import('../input.mjs');
    const { parseMapFlags } = await import('./csv-input.mjs');
    const { readFileSync } = await import('node:fs');
    let mapText;
    if (flags['map-file'] !== undefined) {
      try {
        mapText = readFileSync(flags['map-file'], 'utf8');
      } catch (e) {
        throw new UsageError(`--map-file ${flags['map-file']}: ${e.message}`);
      }
    }
    const map = flags.map !== undefined || mapText !== undefined ? parseMapFlags(flags.map || [], mapText, UsageError) : undefined;
    // The file goes through the engine's input path (format, CSV, header mapping) like plan's
    // input; every row comes back with its line, valid or not (a placeholder campaign: nothing is sent).
    const description = engine.describeProvider(flags.provider);
    const placeholder = placeholderCampaign(description, 'import');
    const rows = [];
    try {
      const planner = engine.createInputPlanner(flags.provider, {
        campaignId: placeholder,
        defaultCountry: flags['default-country'],
        format: formatOfName(positional[0]),
        map,
        delimiter: flags.delimiter,
      });
      try {
        await planFile(positional[0], planner, (part) => {
          for (const r of part.rows) rows.push({ line: r.line, index: r.index, lead: r.lead, errors: r.errors });
        });
      } finally {
        planner.delete();
      }
    } catch (e) {
      throw new UsageError(`${positional[0]}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
    const fields = sup.suppressibleFields(description);
    const problems = [];
    const seen = new Set();
    for (const r of rows) {
      const where = r.line ? `line ${r.line}` : `row ${r.index + 1}`;
      let found = 0;
      let refused = 0;
      for (const { field, kind } of fields) {
        const k = flags.kind === 'domain' ? (kind === 'email' ? 'domain' : null) : kind;
        if (!k) continue;
        const err = (r.errors || []).find((p) => p.field === field);
        const v = r.lead && r.lead[field];
        if (err) {
          refused++;
          problems.push({ where, field, code: err.code, message: err.message });
          continue;
        }
        if (typeof v !== 'string' || v.trim() === '') continue;
        try {
          const value = sup.normalizeSuppression(engine, k, v, { defaultCountry: flags['default-country'] });
          found++;
          if (seen.has(`${k}\0${value}`)) continue;
          seen.add(`${k}\0${value}`);
          entries.push({ kind: k, value });
        } catch (e) {
          refused++;
          problems.push({ where, field, code: e.reason || e.code, message: e.message });
        }
      }
      if (found === 0 && refused === 0) problems.push({ where, field: null, code: 'missing_identity', message: 'no email, phone or LinkedIn URL to suppress' });
    }
    if (problems.length) {
      for (const p of problems.slice(0, 20)) process.stderr.write(`  ${p.where}${p.field ? ` ${p.field}` : ''}: ${p.code}: ${p.message}\n`);
      if (problems.length > 20) process.stderr.write(`  … ${problems.length - 20} more\n`);
      if (entries.length === 0) throw new UsageError(`${positional[0]}: nothing to suppress (${problems.length} values refused)`);
    }
    var importProblems = problems.length; // eslint-disable-line no-var
  }
  if (sub === 'suppress' || sub === 'import') {
    entries = entries.map((e) => ({ ...e, reason: flags.reason, source: flags.source ?? (sub === 'import' ? positional[0] : 'cli'), at }));
  }

  let store;
  try {
    ({ store } = await openLedger(o.ledger));
  } catch (e) {
    throw new UsageError(`--ledger ${ledgerLabel(o.ledger)}: ${e.message}`);
  }
  try {
    if (sub === 'suppress' || sub === 'import') {
      const n = await store.suppress(workspace, entries);
      const msg = { workspace, suppressed: n, refused: sub === 'import' ? importProblems : 0 };
      process.stdout.write(
        flags.json
          ? JSON.stringify(msg) + '\n'
          : `${workspace}: ${n} suppression entr${n === 1 ? 'y' : 'ies'} recorded${msg.refused ? ` (${msg.refused} rows refused)` : ''}\n`,
      );
      return msg.refused ? 1 : 0;
    }
    if (sub === 'unsuppress') {
      const n = await store.unsuppress(workspace, entries);
      process.stdout.write(
        flags.json
          ? JSON.stringify({ workspace, removed: n, notFound: entries.length - n }) + '\n'
          : `${workspace}: ${n} removed${n < entries.length ? `, ${entries.length - n} not found` : ''}\n`,
      );
      return 0;
    }
    if (sub === 'export') {
      const what = flags.what || 'suppressions';
      if (!['suppressions', 'pushes'].includes(what)) throw new UsageError('--what must be suppressions or pushes');
      const { writeCsv } = await import('../csv.mjs');
      let rows;
      if (what === 'suppressions') {
        rows = [
          ['kind', 'value', 'reason', 'source', 'at'],
          ...(await store.suppressions(workspace)).map((e) => [e.kind, e.value, e.reason, e.source ?? '', e.at]),
        ];
      } else {
        rows = [
          ['campaign', 'state', 'outcome', 'provider_lead_id', 'at', 'keys'],
          ...(await store.pushes(workspace)).map((p) => [
            p.campaign,
            p.state,
            p.outcome ?? '',
            p.leadId ?? '',
            p.at,
            p.keys.map((k) => `${k.kind}:${k.key}`).join(' '),
          ]),
        ];
      }
      const text = writeCsv(rows);
      if (flags.out !== undefined) {
        const { writeFileSync } = await import('node:fs');
        try {
          writeFileSync(flags.out, text);
        } catch (e) {
          throw new UsageError(`--out ${flags.out}: ${e.message}`);
        }
      } else process.stdout.write(text);
      return 0;
    }
    // stats
    const counts = await store.counts(workspace);
    const campaigns = await store.campaigns(workspace);
    const byReason = {};
    for (const e of await store.suppressions(workspace)) byReason[e.reason] = (byReason[e.reason] || 0) + 1;
    const stats = {
      workspace,
      store: store.kind,
      settled: counts.settled,
      claimed: counts.claimed,
      campaigns: Object.fromEntries(campaigns.map((c) => [c.campaign, c.n])),
      suppressions: byReason,
    };
    if (flags.json) process.stdout.write(JSON.stringify(stats) + '\n');
    else {
      const lines = [`${workspace} (${store.kind})`, `  settled leads   ${stats.settled}`, `  claimed         ${stats.claimed}`];
      for (const [c, n] of Object.entries(stats.campaigns)) lines.push(`    campaign ${c}: ${n}`);
      const sups = Object.entries(byReason);
      lines.push(`  suppressed      ${sups.reduce((s, [, n]) => s + n, 0)}${sups.length ? ` (${sups.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`);
      process.stdout.write(lines.join('\n') + '\n');
    }
    return 0;
  } finally {
    await store.close();
  }
}
