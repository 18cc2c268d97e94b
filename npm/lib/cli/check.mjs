// leadroster check / providers / describe. Everything about a provider comes
// from the engine (providers(), describeProvider(), mapHeaders()).
//
// check exit codes: 0 every row ok, 1 some row invalid or duplicate,
// 2 unusable input or arguments (unknown provider, unreadable file, broken CSV).
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { extname } from 'node:path';
import { writeCsv, CsvError } from '../csv.mjs';
import { csvLeadBatches, mappingText, parseMapFlags, MappingError } from './csv-input.mjs';
import { decodeUtf8 } from '../utf8.mjs';

export const CHECK_HELP = `leadroster check <file> --provider <id> [options]

Checks a lead file for a provider without a campaign: maps the columns (any
usual CRM / spreadsheet export headers: see the mapping printed first), then
prints one line per invalid or duplicate row (file line, column, code, message)
and a summary. Nothing is sent.
  <file>                   .csv (delimiter , ; tab or | detected), .json (array) or .ndjson
  --provider <id>          one of \`leadroster providers\`
  --default-country <CC>   region for national phone numbers (a row's country wins)
  --channel <c>            email | linkedin (when the provider has channels)
  --template "<text>"      message template; a variable a lead lacks is a warning
  --map "Header=field"     map a column yourself (repeatable; "Header=-" ignores it)
  --map-file <file>        many --map lines (Header=field per line) or a JSON object
  --delimiter <d>          force the CSV delimiter: , ; tab |
  --json                   print {mapping, rows, summary} as JSON
  --rejected <file>        write the invalid and duplicate rows as CSV, with the
                           input's columns plus error_field, error_code,
                           error_message, duplicate_of_line (formula cells neutralized)
  --quiet                  do not print the mapping

Exit codes: 0 every row ok, 1 some row invalid or duplicate, 2 unusable input or arguments.`;

export const PROVIDERS_HELP = `leadroster providers [--json]
Lists the providers the engine knows, with their endpoint and batch limits.`;

export const DESCRIBE_HELP = `leadroster describe <provider> [--channel email|linkedin] [--json]
Prints what the engine knows about a provider: endpoint, batch limits, rate
limits, identity, options and every field (type, format, required, max length,
sent or read-only, description). --json prints engine.describeProvider().`;

const CHECK_FLAGS = {
  provider: 'string',
  'default-country': 'string',
  channel: 'string',
  template: 'string',
  map: 'list',
  'map-file': 'string',
  delimiter: 'string',
  json: 'bool',
  rejected: 'string',
  quiet: 'bool',
  'input-format': 'string',
  'fold-gmail': 'bool',
  help: 'bool',
};

const PUSH_ROWS = 5000;

// A campaign id the provider accepts: check never builds requests that are sent.
function placeholderCampaign(description) {
  const o = description.options.find((x) => x.name === 'campaignId');
  return o && o.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'check';
}

function describeProviderOrUsage(engine, provider, options, UsageError) {
  const ids = engine.providers();
  if (provider === undefined) throw new UsageError(`--provider is required (one of ${ids.join(', ')})`);
  if (!ids.includes(provider)) throw new UsageError(`--provider must be one of ${ids.join(', ')}, not ${JSON.stringify(provider)}`);
  try {
    return engine.describeProvider(provider, options);
  } catch (e) {
    throw new UsageError(e.message);
  }
}

function problemLine(p, headerFor) {
  const header = headerFor(p.field);
  const where = header !== null ? `"${header}"` : p.field === null ? '(row)' : p.field;
  return `${where}: ${p.code} — ${p.message}`;
}

export function makeCommands({ parseArgs, UsageError, loadEngine, optionError }) {
  async function check(argv) {
    const { flags, positional } = parseArgs('check', argv, CHECK_FLAGS);
    if (flags.help) {
      process.stdout.write(CHECK_HELP + '\n');
      return 0;
    }
    if (positional.length !== 1) throw new UsageError('check takes one input file (or - for stdin)');
    const input = positional[0];
    const engine = await loadEngine();
    const lookup = {};
    if (flags.channel !== undefined) lookup.channel = flags.channel;
    const description = describeProviderOrUsage(engine, flags.provider, lookup, UsageError);
    const provider = description.id;
    const options = { campaignId: placeholderCampaign(description) };
    if (flags['default-country'] !== undefined) options.defaultCountry = flags['default-country'];
    if (flags.channel !== undefined) options.channel = flags.channel;
    if (flags.template !== undefined) options.template = flags.template;
    if (flags['fold-gmail']) options.foldGmail = true;
    let planner;
    try {
      planner = engine.createPlanner(provider, options);
    } catch (e) {
      throw optionError(e);
    }
    try {
      let mapFileText;
      if (flags['map-file'] !== undefined) {
        try {
          mapFileText = readFileSync(flags['map-file'], 'utf8');
        } catch (e) {
          throw new UsageError(`--map-file ${flags['map-file']}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
        }
      }
      const map = parseMapFlags(flags.map, mapFileText, UsageError);
      if (input !== '-') {
        try {
          await access(input);
        } catch (e) {
          throw new UsageError(`${input}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
        }
      }
      const fmt = flags['input-format'] || { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson' }[extname(input).toLowerCase()] || 'csv';
      if (!['csv', 'json', 'ndjson', 'jsonl'].includes(fmt)) throw new UsageError(`--input-format must be csv, json or ndjson, not ${JSON.stringify(fmt)}`);
      return await runCheck({ engine, provider, options, map, flags, input, fmt, planner });
    } finally {
      planner.delete();
    }
  }

  async function runCheck({ engine, provider, options, map, flags, input, fmt, planner }) {
    const name = input === '-' ? 'stdin' : input;
    const out = [];
    const write = (s) => out.push(s);
    const flush = () => {
      if (out.length) process.stdout.write(out.splice(0).join(''));
    };
    const json = !!flags.json;
    const lines = []; // row index -> file line
    const jsonRows = [];
    let mapped = null;
    let headers = null;
    let mapper = { headerFor: () => null };
    let rejected = null;
    let rejectedCount = 0;
    const warningCounts = new Map();
    let withWarnings = 0;
    const recordOf = new Map();

    const openRejected = async (cols) => {
      if (flags.rejected === undefined) return;
      rejected = createWriteStream(flags.rejected);
      try {
        await once(rejected, 'open');
      } catch (e) {
        throw new UsageError(`--rejected ${flags.rejected}: ${e.message}`);
      }
      rejected.write(writeCsv([[...cols, 'error_field', 'error_code', 'error_message', 'duplicate_of_line']]));
    };

    const handleRows = (rows) => {
      const rejectedRows = [];
      for (const r of rows) {
        const line = lines[r.index];
        const rec = recordOf.get(r.index);
        recordOf.delete(r.index);
        if (r.warnings.length > 0) {
          withWarnings++;
          for (const w of r.warnings) warningCounts.set(w.code, (warningCounts.get(w.code) || 0) + 1);
        }
        const withHeader = (p) => ({ ...p, header: mapper.headerFor(p.field) });
        if (json) {
          const row = { line, index: r.index, status: r.status, errors: r.errors.map(withHeader), warnings: r.warnings.map(withHeader) };
          if (r.status === 'duplicate') {
            row.duplicateOf = r.duplicateOf;
            row.duplicateOfLine = r.duplicateOf === 'existing' ? null : lines[r.duplicateOf];
            row.matchedOn = r.matchedOn;
          }
          row.lead = r.lead;
          jsonRows.push(row);
        }
        if (r.status === 'ok') continue;
        let text;
        if (r.status === 'duplicate') {
          text = `line ${line}: duplicate of line ${lines[r.duplicateOf]} (same ${r.matchedOn})`;
        } else {
          text = `line ${line}: ` + r.errors.map((p) => problemLine(p, mapper.headerFor)).join(' | ');
        }
        if (!json) write(text + '\n');
        if (rejected && rec) {
          const cells = headers ? headers.map((_, i) => (rec[i] === undefined ? '' : rec[i])) : [JSON.stringify(rec)];
          const errs = r.status === 'duplicate' ? [] : r.errors;
          rejectedRows.push([
            ...cells,
            errs.map((p) => mapper.headerFor(p.field) ?? p.field ?? '').join('; '),
            r.status === 'duplicate' ? 'duplicate' : errs.map((p) => p.code).join('; '),
            r.status === 'duplicate' ? `duplicate of line ${lines[r.duplicateOf]} (same ${r.matchedOn})` : errs.map((p) => p.message).join('; '),
            r.status === 'duplicate' && r.duplicateOf !== 'existing' ? String(lines[r.duplicateOf]) : '',
          ]);
        }
      }
      if (rejectedRows.length > 0) {
        rejectedCount += rejectedRows.length;
        const text = writeCsv(rejectedRows);
        rejected.write(text);
      }
      flush();
    };

    try {
      if (fmt === 'csv') {
        const source = input === '-' ? process.stdin : createReadStream(input, { highWaterMark: 1 << 20 });
        for await (const b of csvLeadBatches(source, { engine, provider, options, map, delimiter: flags.delimiter, batchRows: PUSH_ROWS, name })) {
          if (b.mapped) {
            mapped = b.mapped;
            mapper = b.mapper;
            headers = b.headers;
            if (!json) {
              write(`leadroster check: ${name} for ${provider}\n`);
              if (!flags.quiet) write(mappingText(provider, mapped));
              else for (const m of mapped.missing) write(`  warning missing_columns: ${m.message}\n`);
            }
            await openRejected(headers);
            continue;
          }
          for (const rec of b.records) {
            recordOf.set(lines.length, rec.cells);
            lines.push(rec.line);
          }
          handleRows(planner.push(b.leads).rows);
        }
        if (mapped === null) throw new UsageError(`${name}: the file is empty (a CSV needs a header line)`);
      } else {
        const text = input === '-' ? await readAll(process.stdin) : decodeUtf8(readFileSync(input), input);
        let rows = [];
        const rowLines = [];
        if (fmt === 'json') {
          try {
            rows = JSON.parse(text.replace(/^\uFEFF/, ''));
          } catch (e) {
            throw new UsageError(`${name}: not valid JSON: ${e.message}`);
          }
          if (!Array.isArray(rows)) throw new UsageError(`${name}: a .json input must be an array of leads`);
          rows.forEach((_, i) => rowLines.push(i + 1));
        } else {
          text.split('\n').forEach((l, i) => {
            if (l.trim() === '') return;
            try {
              rows.push(JSON.parse(l));
            } catch (e) {
              throw new UsageError(`${name} line ${i + 1}: not valid JSON: ${e.message}`);
            }
            rowLines.push(i + 1);
          });
        }
        if (!json) write(`leadroster check: ${name} for ${provider} (${fmt}: field names as the provider's)\n`);
        await openRejected(['lead']);
        for (let i = 0; i < rows.length; i += PUSH_ROWS) {
          const part = rows.slice(i, i + PUSH_ROWS);
          part.forEach((row, k) => {
            recordOf.set(lines.length, row);
            lines.push(rowLines[i + k]);
          });
          handleRows(planner.push(part).rows);
        }
      }
      const end = planner.finish();
      const s = end.summary;
      const summary = { total: s.total, ok: s.ok, invalid: s.invalid, duplicate: s.duplicate };
      if (json) {
        process.stdout.write(JSON.stringify({ mapping: mapped, rows: jsonRows, summary }) + '\n');
      } else {
        if (s.invalid + s.duplicate === 0) write('  (no invalid or duplicate rows)\n');
        let line = `summary: total ${s.total}, ok ${s.ok}, invalid ${s.invalid}, duplicate ${s.duplicate}`;
        if (withWarnings > 0) line += ` (${withWarnings} with warnings: ${[...warningCounts].map(([c, n]) => `${c} ×${n}`).join(', ')})`;
        write(line + '\n');
        if (rejected) write(`rejected rows: ${rejectedCount} written to ${flags.rejected}\n`);
        flush();
      }
      return s.invalid + s.duplicate === 0 ? 0 : 1;
    } catch (e) {
      if (e instanceof CsvError || e instanceof MappingError) throw new UsageError(e.message);
      if (e && e.code && !(e instanceof UsageError)) throw new UsageError(`${name}: ${e.message}`);
      throw e;
    } finally {
      if (rejected) {
        rejected.end();
        await once(rejected, 'close').catch(() => {});
      }
    }
  }

  async function providers(argv) {
    const { flags, positional } = parseArgs('providers', argv, { json: 'bool', help: 'bool' });
    if (flags.help) {
      process.stdout.write(PROVIDERS_HELP + '\n');
      return 0;
    }
    if (positional.length > 0) throw new UsageError('providers takes no arguments');
    const engine = await loadEngine();
    const all = engine.providers().map((id) => engine.describeProvider(id));
    if (flags.json) {
      process.stdout.write(JSON.stringify(all) + '\n');
      return 0;
    }
    for (const d of all) {
      const identity = d.identity.anyOf.length ? d.identity.anyOf.join(' | ') : d.fields.filter((f) => f.required).map((f) => f.path).join(' + ');
      process.stdout.write(`${d.id.padEnd(10)} ${d.method} ${d.path.padEnd(34)} ${d.batch.min}..${d.batch.max} per call  identity: ${identity}\n`);
    }
    return 0;
  }

  async function describe(argv) {
    const { flags, positional } = parseArgs('describe', argv, { channel: 'string', json: 'bool', help: 'bool' });
    if (flags.help) {
      process.stdout.write(DESCRIBE_HELP + '\n');
      return 0;
    }
    const engine = await loadEngine();
    if (positional.length !== 1) throw new UsageError(`describe takes one provider (one of ${engine.providers().join(', ')})`);
    const lookup = flags.channel !== undefined ? { channel: flags.channel } : {};
    const d = describeProviderOrUsage(engine, positional[0], lookup, UsageError);
    if (flags.json) {
      process.stdout.write(JSON.stringify(d, null, 2) + '\n');
      return 0;
    }
    const o = [];
    o.push(`${d.id}: ${d.method} ${d.path}  (body: ${d.body})`);
    o.push(`headers: ${d.headers.map((h) => `${h.name}: ${h.placeholder}`).join(', ')}`);
    o.push(`batch: ${d.batch.min}..${d.batch.max} leads per call (default ${d.batch.default})`);
    o.push(
      `rate limits: ${d.rateLimits.length ? d.rateLimits.map((r) => `${r.requests} ${r.scope} requests per ${r.windowSeconds}s (burst ${r.burst})${r.per ? ` per ${r.per}` : ''}`).join(', ') : 'none documented'}`,
    );
    const keys = d.identity.dedupKeys.map((k) => k.field).join(', ');
    o.push(`identity: ${d.identity.anyOf.length ? 'one of ' + d.identity.anyOf.join(', ') : 'required fields'}; dedup on ${keys}`);
    o.push(`template variables: ${d.template.open}field${d.template.close}`);
    o.push(`custom fields: ${d.customFields ? (d.customFieldsIn ? `yes, under ${d.customFieldsIn}` : 'yes, flat on the lead') : 'no (unknown columns are not sent)'}`);
    o.push('options:');
    for (const op of d.options) {
      const range = [op.values ? op.values.join(' | ') : '', op.min !== undefined ? `min ${op.min}` : '', op.max !== undefined ? `max ${op.max}` : '', op.format ? op.format : '']
        .filter(Boolean)
        .join(', ');
      o.push(`  ${op.name.padEnd(15)} ${op.type.padEnd(8)} ${op.required ? 'required' : 'optional'}${range ? '  ' + range : ''}`);
    }
    o.push('fields:');
    const w = Math.max(...d.fields.map((f) => f.path.length));
    o.push(`  ${'field'.padEnd(w)}  ${'type'.padEnd(11)}  ${'format'.padEnd(15)}  req  ${'max'.padStart(5)}  sent  description`);
    for (const f of d.fields) {
      o.push(
        `  ${f.path.padEnd(w)}  ${f.type.padEnd(11)}  ${(f.format || '').padEnd(15)}  ${f.required ? 'yes' : '   '}  ${String(f.maxLength ?? '').padStart(5)}  ${f.send ? 'yes ' : 'no  '}  ${f.description}`,
      );
    }
    process.stdout.write(o.join('\n') + '\n');
    return 0;
  }

  return { check, providers, describe };
}

async function readAll(stream) {
  const parts = [];
  for await (const c of stream) parts.push(typeof c === 'string' ? Buffer.from(c) : c);
  return decodeUtf8(Buffer.concat(parts), 'stdin');
}
