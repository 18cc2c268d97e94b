// `leadroster plan`: reads leads and prints, per row, ok / invalid / duplicate
// with the reasons, then the requests to send and a summary.
//
// Exit codes (./errors.mjs): 0 the plan ran (also when rows are invalid),
// 2 bad arguments (the message names the flag), 1 I/O errors (a file that
// cannot be read or written, an input that cannot be parsed).
//
// plan streams: NDJSON and CSV inputs are read in pieces and pushed to the
// engine's planner about 5,000 rows at a time, and rows are written out as they
// are planned, so a large file is never held in memory whole. (A .json array
// input is parsed whole: use NDJSON or CSV for big files.) Requests, which
// every format prints after the rows, are held in memory up to a limit and
// then spooled to a temporary file (./plan-output.mjs).
//
// plan never reads, asks for or prints API keys: requests carry the engine's
// placeholder headers (YOUR_API_KEY). push (./push.mjs) reads the key
// from the environment and never prints or writes it.
import { createReadStream, createWriteStream, readFileSync, realpathSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { extname } from 'node:path';
import { UsageError, InputError } from './errors.mjs';
import { parseFlags, optionFlagSpec, optionsFromFlags } from './args.mjs';
import { loadEngine, optionError, oneOf, requireProvider, ioError } from './common.mjs';
import { mappingText, parseMapFlags } from './csv-input.mjs';
import { Utf8Check, Utf8Error } from '../utf8.mjs';
import { LEDGER_FLAGS, planLedger, suppressionFile } from './ledger-flags.mjs';
import { Sink, reportRenderer, jsonRenderer, ndjsonRenderer } from './plan-output.mjs';

const READ_CHUNK = 1 << 20;

// The guide to plan, also the end of `leadroster --help` (../../cli.mjs).
export const GUIDE = `plan: reads leads (field names as on the provider's page) and prints, per row,
ok / invalid / duplicate with the reasons, then the requests to send and a summary.
  <input>                  a .json file (array), .ndjson/.jsonl, .csv, or - for stdin
  --provider <id>          one of \`leadroster providers\`
  --campaign-id <id>       the campaign (a uuid where \`leadroster describe\` says so)
  --default-country <CC>   region for national phone numbers (a row's "country" wins)
  --channel <c>            email | linkedin (the campaign channel, where the provider has one; default email)
  --batch-size <n>         leads per request (up to the provider's maximum)
  --max-body-bytes <n>     cap on a request body's bytes (at least 64)
  --template "<text>"      message template; a variable a lead lacks is a warning
  --existing <file>        leads already in the campaign (same formats): dedup against them
  --suppressed <file>      suppression entries (CSV with a value and kind column, as
                           \`leadroster ledger export\` writes, or one value per line):
                           a lead matching one is never planned (status suppressed)
  --ledger <file|url>      the workspace ledger (SQLite file or postgres:// URL; default
                           LEADROSTER_LEDGER): leads settled before in the campaign are
                           duplicates, its suppressions are suppressed;
                           --account NAME, --skip-if-in-workspace (see push --help)
  --fold-gmail             fold Gmail dots/+tags in the dedup key only (never in the address sent)
  --strict                 an optional field that fails its format is an error, not a value left out
  --input-format <f>       json | ndjson | jsonl | csv (default: from the extension;
                           stdin or an unknown extension: from the first character)
  --format <f>             report (default on a terminal) | json | ndjson (default otherwise)
  --out <file>             write there instead of stdout
  --map "Header=field"     map a CSV column yourself (repeatable; "Header=-" ignores it)
  --map-file <file>        many --map lines (Header=field per line) or a JSON object
  --delimiter <d>          force the CSV delimiter: , ; tab | (default: detected)
  --quiet                  do not print the CSV column mapping

CSV input: delimiter , ; tab or | detected; the columns are mapped to the
provider's fields by the engine (its own names, or the usual CRM/spreadsheet
export headers: First Name, Email Address, LinkedIn Profile, Country/Region...;
\`leadroster describe <id>\` lists the fields). The mapping is printed before the
rows (on stderr unless --format report). Every cell stays a string (phones and
ids keep leading zeros) except typed fields (integers, numbers, booleans, lists
"a;b"), converted only when the cell reads exactly as that type; empty cells are
absent fields; dotted headers (company.industry, custom_fields.x) nest.

Output formats: report = one line per invalid or duplicate row, a count of ok
rows, the requests (method, path, leads, bytes) and the summary; json = the
plan object {rows, requests, summary}; ndjson = one row per line, then one
request per line, then {"summary": {...}}.

push: plans the file and sends the requests (API key from LEADROSTER_API_KEY),
with retries, pacing, a journal and --resume; report: per-row outcomes of a push
as CSV; emulate: a local server that answers like the five APIs (for testing).
See leadroster push --help, report --help, emulate --help.

Exit codes: 0 the plan ran (also when rows are invalid: use \`leadroster check\`
to stop a pipeline on bad data), 2 bad arguments, 1 I/O or input parse errors.`;

export const HELP = 'leadroster plan --provider <id> --campaign-id <id> [options] <input>\n\n' + GUIDE;

// plan's own flags; the option flags (--campaign-id, --batch-size, --strict...)
// are the engine's option table (engine.options(), lib/cli/args.mjs).
const PLAN_FLAGS = {
  provider: 'string',
  format: 'string',
  'input-format': 'string',
  out: 'string',
  map: 'list',
  'map-file': 'string',
  delimiter: 'string',
  quiet: 'bool',
  help: 'bool',
  ...LEDGER_FLAGS,
};

// ---------------------------------------------------------------- input
// The engine reads every input (engine.createInputPlanner): it tells CSV, a
// JSON array and NDJSON apart, reads the CSV and maps its header. The CLI only
// names the format when the file name (or --input-format) does, and checks
// the bytes are UTF-8 on the way.

const FORMAT_BY_EXT = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };

function normalizeInputFormat(f) {
  return f === 'jsonl' ? 'ndjson' : f;
}

function openInput(path) {
  const stream = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: READ_CHUNK });
  return stream[Symbol.asyncIterator]();
}

// The input's bytes, checked as UTF-8 on the way (a bad byte: exit 1 naming its line, never a U+FFFD).
async function* utf8Checked(chunks, name) {
  const check = new Utf8Check(name);
  try {
    for await (const c of chunks) {
      const buf = typeof c === 'string' ? Buffer.from(c) : c;
      check.push(buf);
      yield buf;
    }
    check.end();
  } catch (e) {
    if (e instanceof Utf8Error) throw new InputError(e.message);
    throw e;
  }
}

// The engine's refusals of the input, as the CLI reports them.
function inputError(e, name) {
  if (e && e.option === 'map') return new UsageError(`--map: ${e.message}`);
  if (e && e.code === 'invalid_csv') return new InputError(`${name}: ${e.message}`);
  if (e && e.code === 'invalid_type' && e.option == null) return new InputError(`${name}: ${e.message}`);
  return e;
}

// Each answer of the engine's input planner as the input arrives, the last one with `end: true`.
async function* plannedParts(planner, path) {
  const name = path === '-' ? 'stdin' : path;
  try {
    for await (const chunk of utf8Checked(openInput(path), name)) yield planner.push(chunk);
    yield Object.assign(planner.finish(), { end: true });
  } catch (e) {
    throw inputError(e, name);
  }
}

function formatFromName(path, given) {
  if (given) return normalizeInputFormat(given);
  if (path === '-') return undefined;
  return FORMAT_BY_EXT[extname(path).toLowerCase()];
}

// A whole file of leads (for --existing), any supported format: the leads the
// engine reads from it (planned with the same mapping; invalid rows left out).
async function readAllLeads(path, givenFormat, provider, csv) {
  const { engine, options, map, delimiter } = csv;
  const args = { campaignId: options.campaignId, format: formatFromName(path, givenFormat), map, delimiter };
  if (options.channel !== undefined) args.channel = options.channel;
  const planner = engine.createInputPlanner(provider, args);
  const out = [];
  try {
    for await (const part of plannedParts(planner, path)) for (const r of part.rows) if (r.status !== 'invalid') out.push(r.lead);
  } finally {
    planner.delete();
  }
  return out;
}

export async function run(argv) {
  const engine = await loadEngine();
  const { flags, positional } = parseFlags('plan', argv, { ...PLAN_FLAGS, ...optionFlagSpec(engine) });
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const provider = requireProvider(flags, engine);
  if (flags['campaign-id'] === undefined || flags['campaign-id'] === '') {
    throw new UsageError('--campaign-id is required (the campaign the leads go to)');
  }
  const options = optionsFromFlags(engine, flags);
  const outFormat = oneOf('format', flags.format, ['report', 'json', 'ndjson']);
  const inputFormatFlag = oneOf('input-format', flags['input-format'], ['json', 'ndjson', 'jsonl', 'csv']);
  if (positional.length === 0) throw new UsageError('plan needs an input file (or - for stdin)');
  if (positional.length > 1) throw new UsageError(`plan takes one input, got ${positional.length}: ${positional.join(' ')}`);
  const input = positional[0];
  if (input === '-' && flags.existing === '-') throw new UsageError('--existing cannot be stdin when the input is stdin');
  if (flags.out !== undefined && flags.out === '') throw new UsageError('--out needs a file name');

  // Inputs must be readable before the output file is created.
  for (const [what, p] of [
    ['input', input],
    ['--existing', flags.existing],
  ]) {
    if (p === undefined || p === '-') continue;
    try {
      await access(p);
    } catch (e) {
      throw new InputError(`${what} ${p}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
  }
  if (flags.out !== undefined && input !== '-') {
    let same = false;
    try {
      same = realpathSync(flags.out) === realpathSync(input);
    } catch (_) {
      /* the output does not exist yet */
    }
    if (same) throw new UsageError('--out must not be the input file');
  }

  let mapFileText;
  if (flags['map-file'] !== undefined) {
    try {
      mapFileText = readFileSync(flags['map-file'], 'utf8');
    } catch (e) {
      throw new InputError(`--map-file ${flags['map-file']}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
  }
  if (flags.delimiter !== undefined && !['', ',', ';', '\t', 'tab', '\\t', '|'].includes(flags.delimiter)) {
    throw new UsageError(`--delimiter must be one of , ; tab |, not ${JSON.stringify(flags.delimiter)}`);
  }
  const csv = { engine, options, map: parseMapFlags(flags.map, mapFileText, UsageError), delimiter: flags.delimiter };
  // The existing leads are an option: read them first, then build the planner once.
  if (flags.existing !== undefined) {
    try {
      options.existing = await readAllLeads(flags.existing, undefined, provider, { ...csv, onMapping: null });
    } catch (e) {
      throw ioError(e, `--existing ${flags.existing}`);
    }
  }
  const led = await planLedger(flags, provider, options.campaignId, options, UsageError, await suppressionFile(engine, flags, UsageError));
  const ledRows = (rows) => (led ? led.annotate(rows) : rows);
  let planner;
  try {
    planner = engine.createInputPlanner(provider, {
      ...options,
      format: formatFromName(input, inputFormatFlag),
      map: csv.map,
      delimiter: csv.delimiter,
    });
  } catch (e) {
    throw optionError(e);
  }

  const toFile = flags.out !== undefined;
  const outStream = toFile ? createWriteStream(flags.out) : process.stdout;
  if (toFile) {
    try {
      await once(outStream, 'open');
    } catch (e) {
      planner.delete();
      throw new InputError(`--out ${flags.out}: ${e.message}`);
    }
  }
  const sink = new Sink(outStream);
  const format = outFormat || (!toFile && process.stdout.isTTY ? 'report' : 'ndjson');
  const inputName = input === '-' ? 'stdin' : input;
  let renderer = null;
  try {
    const start = async (input) => {
      if (input.mapping && !flags.quiet) {
        const text = mappingText(provider, input.mapping);
        if (format === 'report') await sink.write(text);
        else process.stderr.write(text);
      }
      const meta = { provider, campaignId: options.campaignId, inputName, inputFormat: input.format || 'json' };
      renderer = format === 'report' ? reportRenderer(sink, meta) : format === 'json' ? jsonRenderer(sink) : ndjsonRenderer(sink);
      await renderer.start();
    };
    let end;
    for await (const part of plannedParts(planner, input)) {
      // the renderer starts once the engine has told the format (and read a CSV's header)
      if (!renderer && (part.end || (part.input.format && (part.input.format !== 'csv' || part.input.mapping)))) await start(part.input);
      await renderer?.rows(ledRows(part.rows));
      for (const q of part.requests) renderer.request(q);
      if (part.end) end = part;
    }
    await renderer.finish(end.summary);
    await sink.close();
  } catch (e) {
    throw ioError(e, input === '-' ? 'stdin' : input);
  } finally {
    if (renderer) renderer.spool.dispose();
    planner.delete();
  }
  return 0;
}
