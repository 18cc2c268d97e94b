// `leadroster check <file> --provider <id>`: a lead file checked for a provider,
// nothing sent. Everything about a provider comes from the engine.
//
// Exit codes: 0 every row ok, 1 some row invalid, duplicate or suppressed (run's
// return), 2 unusable input or arguments (a UsageError: unknown provider,
// unreadable file, broken CSV; ./errors.mjs).
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { extname } from 'node:path';
import { BOM, csvLine, outputDelimiter, REJECTED_COLUMNS, needsFixing, rejectedCells, cleanedWriter } from '../export.mjs';
import { inputParts, mappingText, parseMapFlags } from './csv-input.mjs';
import { leadMapper } from '../rows.mjs';
import { readLeads } from '../input.mjs';
import { UsageError } from './errors.mjs';
import { parseFlags, optionFlagSpec, optionsFromFlags, flagOfOption } from './args.mjs';
import { loadEngine, optionError, describeProviderOrUsage, placeholderCampaign } from './common.mjs';
import { LEDGER_FLAGS, planLedger, ledgerText, suppressedText, suppressionFile } from './ledger-flags.mjs';

export const HELP = `leadroster check <file> --provider <id> [options]

Checks a lead file for a provider without a campaign: maps the columns (any
usual CRM / spreadsheet export headers: see the mapping printed first), then
prints one line per invalid or duplicate row (file line, column, code, message),
one line per row that is sent without some value ("sent without": an invalid
optional email or phone, an unknown country or field, each with its column,
code and message) and a summary. Nothing is sent.
  <file>                   .csv (delimiter , ; tab or | detected), .json (array) or .ndjson
  --provider <id>          one of \`leadroster providers\`
  --default-country <CC>   region for national phone numbers (a row's country wins)
  --channel <c>            email | linkedin (when the provider has channels)
  --template "<text>"      message template; a variable a lead lacks is a warning
  --fold-gmail             fold Gmail dots/+tags in the dedup key only
  --strict                 an optional field that fails its format is an error, not a value left out
  --existing <file>        leads already in the campaign: rows matching one are duplicates
  --campaign-id, --batch-size, --max-body-bytes   the other plan options (engine.options())
  --map "Header=field"     map a column yourself (repeatable; "Header=-" ignores it)
  --map-file <file>        many --map lines (Header=field per line) or a JSON object
  --delimiter <d>          force the CSV delimiter: , ; tab |
  --json                   print {mapping, rows, summary} as JSON
  --rejected <file>        write the rows to fix as CSV: invalid, duplicate, and ok
                           rows with values left out; the input's columns as written,
                           then leadroster_line, leadroster_status, leadroster_codes,
                           leadroster_problems ("Column: code — message" joined by
                           " | "), leadroster_duplicate_of_line
  --cleaned <file>         write the ok rows in the input's own columns with the
                           normalized values in place (CSV input; a JSON or NDJSON
                           input gives the leads in its own format)
                           (both files: the input's delimiter, UTF-8 with a BOM,
                           formula cells guarded with a ' that check reads back)
  --quiet                  do not print the mapping
  --suppressed <file>      suppression entries (a CSV with value and kind columns, as
                           \`leadroster ledger export\` writes, or one value per line):
                           a row matching one is suppressed (never sent)
  --ledger <file|url>      the workspace ledger (default LEADROSTER_LEDGER): a lead
                           settled before is a duplicate; in --campaign-id's campaign,
                           or in any campaign of the workspace without it
                           (--account NAME; see push --help)

Exit codes: 0 every row ok, 1 some row invalid, duplicate or suppressed, 2 unusable input or arguments.`;

// check's own flags; the option flags (--default-country, --strict, --existing...)
// are the engine's option table (engine.options(), ./args.mjs).
const CHECK_FLAGS = {
  provider: 'string',
  map: 'list',
  'map-file': 'string',
  delimiter: 'string',
  json: 'bool',
  rejected: 'string',
  cleaned: 'string',
  quiet: 'bool',
  'input-format': 'string',
  help: 'bool',
  ...LEDGER_FLAGS,
};

const FORMAT_BY_EXT = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };

function problemLine(p, headerFor) {
  const header = headerFor(p.field);
  const where = header !== null ? `"${header}"` : p.field === null ? '(row)' : p.field;
  return `${where}: ${p.code} — ${p.message}`;
}

export async function run(argv) {
  const engine = await loadEngine();
  const { flags, positional } = parseFlags('check', argv, { ...CHECK_FLAGS, ...optionFlagSpec(engine) });
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positional.length !== 1) throw new UsageError('check takes one input file (or - for stdin)');
  const input = positional[0];
  const given = optionsFromFlags(engine, flags);
  const lookup = {};
  if (given.channel !== undefined) lookup.channel = given.channel;
  const description = describeProviderOrUsage(engine, flags.provider, lookup);
  const provider = description.id;
  // check builds no request that is sent: a placeholder campaign unless one is given.
  const options = { campaignId: placeholderCampaign(description, 'check'), ...given };
  const existingFlag = flagOfOption(engine, 'existing');
  if (flags[existingFlag] !== undefined) {
    try {
      options.existing = await readLeads(flags[existingFlag], provider, { engine, options: { ...lookup, campaignId: options.campaignId } });
    } catch (e) {
      throw new UsageError(`--${existingFlag} ${flags[existingFlag]}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
  }
  // the ledger's settled leads (in --campaign-id's campaign, else any of the workspace) and suppressions
  const led = await planLedger(flags, provider, flags['campaign-id'] ?? null, options, UsageError, await suppressionFile(engine, flags, UsageError));
  let mapFileText;
  if (flags['map-file'] !== undefined) {
    try {
      mapFileText = readFileSync(flags['map-file'], 'utf8');
    } catch (e) {
      throw new UsageError(`--map-file ${flags['map-file']}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
  }
  const map = parseMapFlags(flags.map, mapFileText, UsageError);
  if (flags.delimiter !== undefined && !['', ',', ';', '\t', 'tab', '\\t', '|'].includes(flags.delimiter)) {
    throw new UsageError(`--delimiter must be one of , ; tab |, not ${JSON.stringify(flags.delimiter)}`);
  }
  if (input !== '-') {
    try {
      await access(input);
    } catch (e) {
      throw new UsageError(`${input}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
  }
  const inputFormat = flags['input-format'];
  if (inputFormat !== undefined && !['csv', 'json', 'ndjson', 'jsonl'].includes(inputFormat)) {
    throw new UsageError(`--input-format must be csv, json or ndjson, not ${JSON.stringify(inputFormat)}`);
  }
  // the format the name (or --input-format) says, else the engine tells it from the bytes
  const named = inputFormat === 'jsonl' ? 'ndjson' : inputFormat || (input === '-' ? undefined : FORMAT_BY_EXT[extname(input).toLowerCase()]);
  // the cells the files written need: --cleaned every row's; --rejected the rows to fix
  // (a JSON input's columns are the keys of every row: every row's text)
  const cells = flags.cleaned !== undefined ? 'all' : flags.rejected !== undefined ? (named === 'csv' ? 'fix' : 'all') : undefined;
  let planner;
  try {
    planner = engine.createInputPlanner(provider, { ...options, format: named, map, delimiter: flags.delimiter, cells });
  } catch (e) {
    throw optionError(e);
  }
  try {
    return await runCheck({ provider, description, flags, input, planner, led });
  } finally {
    planner.delete();
  }
}

async function runCheck({ provider, description, flags, input, planner, led }) {
  const name = input === '-' ? 'stdin' : input;
  const out = [];
  const write = (s) => out.push(s);
  const flush = () => {
    if (out.length) process.stdout.write(out.splice(0).join(''));
  };
  const json = !!flags.json;
  const jsonRows = [];
  let started = false;
  let fmt = null; // as the engine read it: csv, json or ndjson
  let mapped = null;
  let mapper = { headerFor: () => null };
  let rejected = null;
  let rejectedCount = 0;
  let cleaned = null;
  let cleanedCount = 0;
  let outDelimiter = ',';
  let cleanCells = null; // (cells, row) -> the row in the user's columns, normalized
  // a JSON input's columns (its keys, in the order first seen) and its rows to fix, written at the end
  let jsonColumns = null;
  const jsonKeys = new Set();
  let jsonRejected = null;
  const warningCounts = new Map();
  let withWarnings = 0;
  let droppedRows = 0;
  let droppedValues = 0;

  const openOut = async (flag, file) => {
    const stream = createWriteStream(file);
    try {
      await once(stream, 'open');
    } catch (e) {
      throw new UsageError(`--${flag} ${file}: ${e.message}`);
    }
    return stream;
  };
  const openRejected = async (cols) => {
    if (flags.rejected === undefined) return;
    rejected = await openOut('rejected', flags.rejected);
    if (cols) rejected.write(BOM + csvLine([...cols, ...REJECTED_COLUMNS], outDelimiter));
  };
  const openCleaned = async (header) => {
    if (flags.cleaned === undefined) return;
    cleaned = await openOut('cleaned', flags.cleaned);
    if (header) cleaned.write(BOM + csvLine(header, outDelimiter));
    else if (fmt === 'json') cleaned.write('[');
  };

  // The engine has told the format (and read a CSV's header): the mapping, then the output files.
  const start = async (info) => {
    started = true;
    fmt = info.format;
    if (fmt === 'csv' || fmt === null) {
      if (!info.mapping) throw new UsageError(`${name}: the file is empty (a CSV needs a header line)`);
      mapped = info.mapping;
      mapper = leadMapper(description, mapped);
      if (!json) {
        write(`leadroster check: ${name} for ${provider}\n`);
        if (!flags.quiet) write(mappingText(provider, mapped));
        else for (const m of mapped.missing) write(`  warning missing_columns: ${m.message}\n`);
      }
      outDelimiter = outputDelimiter(info.delimiter);
      cleanCells = cleanedWriter(mapped.mapping);
      const headers = info.columns || mapped.mapping.map((m) => m.header);
      await openRejected(headers);
      await openCleaned(headers);
      return;
    }
    if (!json) write(`leadroster check: ${name} for ${provider} (${fmt}: field names as the provider's)\n`);
    if (flags.rejected !== undefined) {
      jsonColumns = [];
      jsonRejected = [];
    }
    await openRejected(null);
    await openCleaned(null);
  };

  // A JSON row's text as an object (null when it is not one).
  const jsonObject = (text) => {
    try {
      const o = JSON.parse(text);
      return o && typeof o === 'object' && !Array.isArray(o) ? o : null;
    } catch (_) {
      return null;
    }
  };

  // The rows of one answer that say something: every row when they are all
  // written (--json, --cleaned), else the invalid and duplicate rows and the
  // ok rows with warnings, in index order (no ok row built, no lead read).
  const rowsOf = (part) => {
    if (json || cleaned) return part.rows;
    const problems = part.problems();
    const warned = part.warned();
    if (warned.length === 0) return problems;
    const rows = [];
    let i = 0;
    for (const w of warned) {
      while (i < problems.length && problems[i].index < w.index) rows.push(problems[i++]);
      rows.push({ index: w.index, line: w.line, status: 'ok', errors: [], warnings: w.warnings, duplicateOf: null, matchedOn: null });
    }
    while (i < problems.length) rows.push(problems[i++]);
    return rows;
  };

  const handlePart = (part) => {
    const cells = part.input.cells;
    if (jsonColumns) {
      for (const text of cells.values()) {
        const o = jsonObject(text[0]);
        if (o) for (const k of Object.keys(o)) if (!jsonKeys.has(k)) (jsonKeys.add(k), jsonColumns.push(k));
      }
    }
    const rejectedRows = [];
    let cleanedText = '';
    const rows = rowsOf(part);
    if (led) led.annotate(rows);
    for (const r of rows) {
      const line = r.line;
      if (r.warnings.length > 0) {
        withWarnings++;
        for (const w of r.warnings) warningCounts.set(w.code, (warningCounts.get(w.code) || 0) + 1);
      }
      const withHeader = (p) => ({ ...p, header: mapper.headerFor(p.field) });
      if (json) {
        const row = { line, index: r.index, status: r.status, errors: r.errors.map(withHeader), warnings: r.warnings.map(withHeader) };
        row.dropped = r.warnings
          .filter((w) => w.dropped === true)
          .map((p) => ({ field: p.field, code: p.code, message: p.message, header: mapper.headerFor(p.field) }));
        if (r.status === 'duplicate') {
          row.duplicateOf = r.duplicateOf;
          row.duplicateOfLine = r.duplicateOfLine ?? null;
          row.matchedOn = r.matchedOn;
          if (r.ledger) row.ledger = r.ledger;
        }
        if (r.status === 'suppressed') row.suppressedBy = r.suppressedBy;
        row.lead = r.lead;
        jsonRows.push(row);
      }
      if (rejected && needsFixing(r)) {
        const extra = rejectedCells(r, line, mapper.headerFor, () => r.duplicateOfLine);
        const rec = cells.get(r.index);
        if (jsonRejected) jsonRejected.push([rec ? jsonObject(rec[0]) : null, extra]);
        else if (rec) rejectedRows.push(csvLine([...rec, ...extra], outDelimiter));
      }
      if (cleaned && r.status === 'ok') {
        cleanedCount++;
        if (cleanCells) cleanedText += csvLine(cleanCells(cells.get(r.index) || [], r), outDelimiter);
        else if (fmt === 'json') cleanedText += (cleanedCount > 1 ? ',\n' : '\n') + JSON.stringify(r.lead);
        else cleanedText += JSON.stringify(r.lead) + '\n';
      }
      if (r.status === 'ok') {
        // values left out of a lead that is still sent: one line per row, each value named
        const dropped = r.warnings.filter((w) => w.dropped === true);
        if (dropped.length) {
          droppedRows++;
          droppedValues += dropped.length;
          if (!json) write(`line ${line}: sent without ` + dropped.map((p) => problemLine(p, mapper.headerFor)).join(' | ') + '\n');
        }
        continue;
      }
      let text;
      if (r.status === 'suppressed') {
        text = `line ${line}: ${suppressedText(r)}`;
      } else if (r.status === 'duplicate' && r.ledger) {
        text = `line ${line}: ${ledgerText(r, flags['campaign-id'] ?? null)} (same ${r.matchedOn})`;
      } else if (r.status === 'duplicate' && r.duplicateOf === 'existing') {
        text = `line ${line}: already in the campaign (--existing; same ${r.matchedOn})`;
      } else if (r.status === 'duplicate') {
        text = `line ${line}: duplicate of line ${r.duplicateOfLine} (same ${r.matchedOn})`;
      } else {
        text = `line ${line}: ` + r.errors.map((p) => problemLine(p, mapper.headerFor)).join(' | ');
      }
      if (!json) write(text + '\n');
    }
    if (rejectedRows.length > 0) {
      rejectedCount += rejectedRows.length;
      rejected.write(rejectedRows.join(''));
    }
    if (cleanedText) cleaned.write(cleanedText);
    flush();
  };

  try {
    const source = input === '-' ? process.stdin : createReadStream(input, { highWaterMark: 1 << 20 });
    let end;
    for await (const part of inputParts(planner, source, name)) {
      const info = part.input;
      // the output starts once the engine has told the format (and read a CSV's header)
      if (!started && (part.end || (info.format && (info.format !== 'csv' || info.mapping)))) await start(info);
      if (started) handlePart(part);
      if (part.end) end = part;
    }
    if (jsonRejected) {
      // a JSON input's rows to fix, its keys as columns
      const cell = (o, c) => (o && Object.prototype.hasOwnProperty.call(o, c) ? (o[c] ?? '') : '');
      let text = BOM + csvLine([...jsonColumns, ...REJECTED_COLUMNS], outDelimiter);
      for (const [o, extra] of jsonRejected) text += csvLine([...jsonColumns.map((c) => cell(o, c)), ...extra], outDelimiter);
      rejectedCount = jsonRejected.length;
      rejected.write(text);
    }
    const s = end.summary;
    const summary = { total: s.total, ok: s.ok, invalid: s.invalid, duplicate: s.duplicate, droppedValues };
    if (s.suppressed !== undefined) summary.suppressed = s.suppressed;
    const held = s.invalid + s.duplicate + (s.suppressed || 0);
    if (json) {
      process.stdout.write(JSON.stringify({ mapping: mapped, rows: jsonRows, summary }) + '\n');
    } else {
      if (held === 0) write('  (no invalid or duplicate rows)\n');
      let line = `summary: total ${s.total}, ok ${s.ok}, invalid ${s.invalid}, duplicate ${s.duplicate}`;
      if (s.suppressed !== undefined) line += `, suppressed ${s.suppressed}`;
      if (withWarnings > 0) line += ` (${withWarnings} with warnings: ${[...warningCounts].map(([c, n]) => `${c} ×${n}`).join(', ')})`;
      write(line + '\n');
      if (droppedValues > 0)
        write(`values left out: ${droppedValues} on ${droppedRows} row${droppedRows === 1 ? '' : 's'} still sent (listed above as "sent without")\n`);
      if (rejected) write(`rows to fix: ${rejectedCount} written to ${flags.rejected}\n`);
      if (cleaned) write(`cleaned rows: ${cleanedCount} written to ${flags.cleaned}\n`);
      flush();
    }
    return held === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // the input's own faults: a byte that is not UTF-8, a quote never closed, a broken JSON array, a --map the header refuses
    if (e && e.option === 'map') throw new UsageError(`--map: ${e.message}`);
    if (e && e.code) throw new UsageError(`${name}: ${e.message}`);
    throw e;
  } finally {
    for (const stream of [rejected, cleaned]) {
      if (!stream) continue;
      if (stream === cleaned && fmt === 'json') stream.write(cleanedCount ? '\n]\n' : ']\n');
      stream.end();
      await once(stream, 'close').catch(() => {});
    }
  }
}
