#!/usr/bin/env node
// leadroster command line: plan, normalize, validate (here); push, report, emulate (lib/cli/).
//
// Exit codes: 0 the command ran (a plan with invalid rows still exits 0),
// 2 bad arguments (the message names the flag), 1 I/O errors (a file that
// cannot be read or written, an input that cannot be parsed).
//
// `plan` streams: NDJSON and CSV inputs are read in pieces and pushed to the
// engine's planner about 5,000 rows at a time, and rows are written out as they
// are planned, so a large file is never held in memory whole. (A .json array
// input is parsed whole: use NDJSON or CSV for big files.) Requests, which
// every format prints after the rows, are held in memory up to a limit and
// then spooled to a temporary file.
//
// plan never reads, asks for or prints API keys: requests carry the engine's
// placeholder headers (YOUR_API_KEY). push (lib/cli/push.mjs) reads the key
// from the environment and never prints or writes it.
import { createReadStream, createWriteStream, readFileSync, openSync, writeSync, closeSync, unlinkSync, realpathSync } from 'node:fs';
import { readFile, access, open as openFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { makeCommands, CHECK_HELP, PROVIDERS_HELP, DESCRIBE_HELP } from './lib/cli/check.mjs';
import { UsageError, parseFlags as parseArgs, optionFlagSpec, optionsFromFlags, optionUsageError } from './lib/cli/args.mjs'; // one flag parser for every command
import { mappingText, parseMapFlags } from './lib/cli/csv-input.mjs';
import { Utf8Check, Utf8Error, decodeUtf8 } from './lib/utf8.mjs';
import { LEDGER_FLAGS, planLedger, ledgerText, suppressedText, suppressionFile } from './lib/cli/ledger.mjs';

const READ_CHUNK = 1 << 20;
// Request text kept in memory before spooling to a file (the variable is for tests).
const SPOOL_MEMORY = Number(process.env.LEADROSTER_SPOOL_MEMORY) > 0 ? Number(process.env.LEADROSTER_SPOOL_MEMORY) : 16 << 20;

class InputError extends Error {} // exit 1

function version() {
  try {
    return JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;
  } catch (_) {
    return 'unknown';
  }
}

const HELP = `leadroster — validate, normalize, dedup and batch sales leads for the
outreach providers \`leadroster providers\` lists.

Usage:
  leadroster check <file> --provider <id> [options]     (exit 1 when a row is invalid)
  leadroster plan --provider <id> --campaign-id <id> [options] <input>
  leadroster providers | leadroster describe <id>
  leadroster normalize <email|phone|linkedin|domain|uuid> <value> [--default-country CC]
  leadroster validate --provider <id> [options] '<lead json>' | -
  leadroster push <file> --provider <id> --campaign-id <id> --base-url <url> [options]
  leadroster report <journal> [--csv FILE]
  leadroster ledger <import|export|suppress|unsuppress|stats> --provider <id> --ledger <file|url>
  leadroster emulate --key KEY --campaign provider:id[:status] [--faults SPEC] [--state FILE]
  leadroster --help | --version
  leadroster <command> --help

plan: reads leads (field names as on the provider's page) and prints, per row,
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

const COMMAND_HELP = {
  plan:
    'leadroster plan --provider <id> --campaign-id <id> [options] <input>\n\n' + HELP.split('\n\n').slice(2).join('\n\n'),
  normalize: `leadroster normalize <email|phone|linkedin|domain|uuid> <value> [--default-country CC]
Prints the engine's answer as JSON: {"ok":true,"value":...} or {"ok":false,"code":...,"message":...}.
--default-country applies to phone only. Exits 0 whether or not the value is valid.`,
  validate: `leadroster validate --provider <id> [--channel email|linkedin] [--default-country CC]
                    [--template "..."] [--fold-gmail] '<lead json>' | -
Prints {ok, lead, errors, warnings} for one lead as JSON ('-' reads the lead from stdin).
Exits 0 whether or not the lead is valid; 2 when the lead is not JSON.`,
  check: CHECK_HELP,
  providers: PROVIDERS_HELP,
  describe: DESCRIBE_HELP,
};

// ---------------------------------------------------------------- arguments

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
const NORMALIZE_FLAGS = { 'default-country': 'string', help: 'bool' };
// validate's own flags; it takes the lead options (not a file of --existing leads).
const VALIDATE_FLAGS = {
  provider: 'string',
  help: 'bool',
};

function oneOf(flag, value, allowed) {
  if (value !== undefined && !allowed.includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value;
}

// The provider list is the engine's.
function requireProvider(flags, engine) {
  const ids = engine.providers();
  if (flags.provider === undefined) throw new UsageError(`--provider is required (one of ${ids.join(', ')})`);
  return oneOf('provider', flags.provider, ids);
}

// The engine's error names the option it refuses (err.option): name the flag
// (the option table's, engine.options()).
let optionEngine = null;
function optionError(e) {
  return optionEngine ? optionUsageError(optionEngine, e) : new UsageError(e && e.message ? e.message : String(e));
}

async function loadEngine() {
  const { load } = await import('./index.mjs');
  optionEngine = await load();
  return optionEngine;
}

// ---------------------------------------------------------------- output

// Buffered writes with backpressure.
class Sink {
  constructor(stream) {
    this.stream = stream;
    this.parts = [];
    this.size = 0;
    this.error = null;
    stream.on('error', (e) => {
      this.error = e;
    });
  }
  async write(s) {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) await this.flush();
  }
  async flush() {
    if (this.error) throw this.error;
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
    if (this.error) throw this.error;
  }
  async close() {
    await this.flush();
    if (this.stream === process.stdout) return;
    await new Promise((resolve, reject) => {
      this.stream.end((err) => (err ? reject(err) : resolve()));
    });
    if (this.error) throw this.error;
  }
}

// Strings printed after the rows (requests): in memory up to SPOOL_MEMORY, then in a temp file.
const liveSpools = new Set(); // removed on exit, also when a closed pipe ends the process early
process.on('exit', () => {
  for (const s of liveSpools) s.dispose();
});
class Spool {
  constructor() {
    this.parts = [];
    this.size = 0;
    this.fd = null;
    this.path = null;
    this.count = 0;
  }
  add(s) {
    this.count++;
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= SPOOL_MEMORY) this._spill();
  }
  _spill() {
    if (this.fd === null) {
      this.path = join(tmpdir(), `leadroster-${process.pid}-${Date.now()}.spool`);
      this.fd = openSync(this.path, 'wx', 0o600);
      liveSpools.add(this);
    }
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  async writeTo(sink) {
    if (this.fd !== null) {
      this._spill();
      closeSync(this.fd);
      this.fd = null;
      const fh = await openFile(this.path, 'r');
      try {
        const buf = Buffer.alloc(READ_CHUNK);
        let carry = '';
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, null);
          if (bytesRead === 0) break;
          // cut at the last newline so no UTF-8 sequence is split
          const chunk = buf.subarray(0, bytesRead);
          const nl = chunk.lastIndexOf(10);
          if (nl < 0) {
            carry += chunk.toString('latin1');
            continue;
          }
          const text = Buffer.concat([Buffer.from(carry, 'latin1'), chunk.subarray(0, nl + 1)]).toString('utf8');
          carry = chunk.subarray(nl + 1).toString('latin1');
          await sink.write(text);
        }
        if (carry) await sink.write(Buffer.from(carry, 'latin1').toString('utf8'));
      } finally {
        await fh.close();
      }
    }
    for (const p of this.parts) await sink.write(p);
    this.parts = [];
  }
  dispose() {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch (_) {
        /* already closed */
      }
      this.fd = null;
    }
    if (this.path) {
      try {
        unlinkSync(this.path);
      } catch (_) {
        /* gone */
      }
      this.path = null;
      liveSpools.delete(this);
    }
  }
}

function bodyBytes(q) {
  return Buffer.byteLength(q.bodyText ?? JSON.stringify(q.body), 'utf8');
}

// A request as the plan documents it ({method, path, headers, body, indexes}),
// its body being the exact text the engine wrote (bodyText), not re-serialized.
function requestJson(q) {
  if (typeof q.bodyText !== 'string') return JSON.stringify(q);
  return (
    `{"method":${JSON.stringify(q.method)},"path":${JSON.stringify(q.path)},"headers":${JSON.stringify(q.headers)},` +
    `"body":${q.bodyText},"indexes":${JSON.stringify(q.indexes)}}`
  );
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

// A row as a person finds it: its input line, else (rows without lines) its 0-based index.
function rowName(line, index) {
  return typeof line === 'number' ? `line ${line}` : `#${index}`;
}

function problemText(p) {
  const field = p.field === null || p.field === undefined ? '(row)' : p.field;
  return `${field}: ${p.code} — ${p.message}`;
}

// ", at least 150 s (2 min 30 s) at <provider>'s documented rate limit" when the limit makes the requests take time.
function durationText(summary, provider) {
  const s = summary.minDurationSeconds;
  if (!(s > 0)) return '';
  let text = `, at least ${s} s`;
  if (s >= 60) {
    const whole = Math.ceil(s);
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const sec = whole % 60;
    text += ` (${[h ? `${h} h` : '', m ? `${m} min` : '', sec ? `${sec} s` : ''].filter(Boolean).join(' ')})`;
  }
  return `${text} at ${provider}'s documented rate limit`;
}

// report: one line per row that is not ok, a count of ok rows, the requests and the summary.
function reportRenderer(sink, meta) {
  const spool = new Spool();
  let ok = 0;
  let withWarnings = 0;
  let notOk = 0;
  let droppedValues = 0;
  const warningCodes = new Map();
  return {
    spool,
    async start() {
      await sink.write(`leadroster plan: ${meta.provider}, campaign ${meta.campaignId}, ${meta.inputName} (${meta.inputFormat})\n`);
    },
    async rows(rows) {
      for (const r of rows) {
        if (r.status === 'ok') {
          ok++;
          if (r.warnings.length > 0) {
            withWarnings++;
            for (const w of r.warnings) warningCodes.set(w.code, (warningCodes.get(w.code) || 0) + 1);
          }
          // an ok row sent without some value the user gave: listed with each value
          const dropped = r.warnings.filter((w) => w.dropped === true);
          if (dropped.length) {
            droppedValues += dropped.length;
            await sink.write(`  ${pad(rowName(r.line, r.index), 11)} ${pad('ok', 10)} sent without ${dropped.map(problemText).join(' | ')}\n`);
          }
          continue;
        }
        notOk++;
        let line = `  ${pad(rowName(r.line, r.index), 11)} ${pad(r.status, 10)} `;
        if (r.status === 'duplicate') {
          const of = r.duplicateOf === 'existing' ? 'a lead already in the campaign (--existing)' : rowName(r.duplicateOfLine, r.duplicateOf);
          line += r.ledger ? `${ledgerText(r, meta.campaignId)}, matched on ${r.matchedOn}` : `of ${of}, matched on ${r.matchedOn}`;
        } else if (r.status === 'suppressed') {
          line += suppressedText(r);
        } else {
          line += r.errors.map(problemText).join(' | ');
        }
        await sink.write(line + '\n');
      }
    },
    request(q) {
      spool.add(`  ${q.method} ${q.path}  ${q.indexes.length} lead${q.indexes.length === 1 ? '' : 's'}  ${bodyBytes(q)} bytes\n`);
    },
    async finish(summary) {
      if (notOk === 0) await sink.write('  (no invalid or duplicate rows)\n');
      let okLine = `ok: ${ok} row${ok === 1 ? '' : 's'}`;
      if (withWarnings > 0) {
        const codes = [...warningCodes.entries()].map(([c, n]) => `${c} ×${n}`).join(', ');
        okLine += ` (${withWarnings} with warnings: ${codes})`;
      }
      if (droppedValues > 0) okLine += `; ${droppedValues} value${droppedValues === 1 ? '' : 's'} left out (the "sent without" lines)`;
      await sink.write(okLine + '\n');
      await sink.write(`requests (${spool.count}):\n`);
      await spool.writeTo(sink);
      await sink.write(
        `summary: total ${summary.total}, ok ${summary.ok}, invalid ${summary.invalid}, ` +
          `duplicate ${summary.duplicate}${summary.suppressed !== undefined ? `, suppressed ${summary.suppressed}` : ''}, requests ${summary.requests}${durationText(summary, meta.provider)}\n`,
      );
    },
  };
}

// json: the plan object {rows, requests, summary}, written as the rows come.
function jsonRenderer(sink) {
  const spool = new Spool();
  let firstRow = true;
  return {
    spool,
    async start() {
      await sink.write('{"rows":[');
    },
    async rows(rows) {
      for (const r of rows) {
        await sink.write((firstRow ? '' : ',') + JSON.stringify(r));
        firstRow = false;
      }
    },
    request(q) {
      // one request per spool line (a JSON text never contains a raw newline)
      spool.add((spool.count === 0 ? '' : ',') + requestJson(q) + '\n');
    },
    async finish(summary) {
      await sink.write('],"requests":[');
      await spool.writeTo(sink);
      await sink.write('],"summary":' + JSON.stringify(summary) + '}\n');
    },
  };
}

// ndjson: one row per line, then one request per line, then {"summary": ...}.
function ndjsonRenderer(sink) {
  const spool = new Spool();
  return {
    spool,
    async start() {},
    async rows(rows) {
      for (const r of rows) await sink.write(JSON.stringify(r) + '\n');
    },
    request(q) {
      spool.add(requestJson(q) + '\n');
    },
    async finish(summary) {
      await spool.writeTo(sink);
      await sink.write(JSON.stringify({ summary }) + '\n');
    },
  };
}

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

function ioError(e, what) {
  if (e instanceof UsageError || e instanceof InputError) return e;
  if (e && e.code) return new InputError(`${what}: ${e.message}`);
  return e;
}

// ---------------------------------------------------------------- commands

async function cmdPlan(argv) {
  const engine = await loadEngine();
  const { flags, positional } = parseArgs('plan', argv, { ...PLAN_FLAGS, ...optionFlagSpec(engine) });
  if (flags.help) {
    process.stdout.write(COMMAND_HELP.plan + '\n');
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

const NORMALIZERS = {
  email: (e, v) => e.normalizeEmail(v),
  phone: (e, v, cc) => e.normalizePhone(v, cc),
  linkedin: (e, v) => e.normalizeLinkedInUrl(v),
  domain: (e, v) => e.normalizeDomain(v),
  uuid: (e, v) => e.normalizeUuid(v),
};

async function cmdNormalize(argv) {
  const { flags, positional } = parseArgs('normalize', argv, NORMALIZE_FLAGS);
  if (flags.help) {
    process.stdout.write(COMMAND_HELP.normalize + '\n');
    return 0;
  }
  const kinds = Object.keys(NORMALIZERS);
  if (positional.length < 1) throw new UsageError(`normalize needs a kind (${kinds.join(', ')}) and a value`);
  const kind = positional[0];
  if (!kinds.includes(kind)) throw new UsageError(`normalize: unknown kind ${JSON.stringify(kind)}; use one of ${kinds.join(', ')}`);
  if (positional.length < 2) throw new UsageError(`normalize ${kind} needs a value`);
  if (positional.length > 2) throw new UsageError(`normalize takes one value; quote it if it has spaces`);
  const cc = flags['default-country'];
  if (cc !== undefined && kind !== 'phone') throw new UsageError('--default-country applies to phone only');
  if (cc !== undefined && !/^[A-Za-z]{2}$/.test(cc)) {
    throw new UsageError(`--default-country must be an ISO 3166 alpha-2 code like US or FR, not ${JSON.stringify(cc)}`);
  }
  const engine = await loadEngine();
  const result = NORMALIZERS[kind](engine, positional[1], cc);
  process.stdout.write(JSON.stringify(result) + '\n');
  return 0;
}

async function readStdin() {
  const parts = [];
  for await (const c of process.stdin) parts.push(typeof c === 'string' ? Buffer.from(c) : c);
  return decodeUtf8(Buffer.concat(parts), 'stdin');
}

async function cmdValidate(argv) {
  const engine = await loadEngine();
  const { flags, positional } = parseArgs('validate', argv, { ...VALIDATE_FLAGS, ...optionFlagSpec(engine, ['lead'], { files: false }) });
  if (flags.help) {
    process.stdout.write(COMMAND_HELP.validate + '\n');
    return 0;
  }
  const provider = requireProvider(flags, engine);
  const options = optionsFromFlags(engine, flags, ['lead']);
  if (positional.length !== 1) throw new UsageError("validate takes one lead as JSON ('{...}') or - for stdin");
  let text = positional[0];
  if (text === '-') {
    try {
      text = await readStdin();
    } catch (e) {
      throw new InputError(`stdin: ${e.message}`);
    }
  }
  let lead;
  try {
    lead = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`the lead is not valid JSON: ${e.message}`);
  }
  let result;
  try {
    result = engine.validateLead(provider, lead, options);
  } catch (e) {
    throw optionError(e);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  return 0;
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(HELP + '\n');
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    // The package version, then the data compiled into the engine.
    let psl = '';
    try {
      const e = await loadEngine();
      const described = e.describeProvider(e.providers()[0]);
      const d = described.publicSuffixList;
      psl = `Public Suffix List: ${d.version}${d.date ? ` (${d.date})` : ''}\n`;
      const l = described.emailLists;
      psl += `Disposable email domains: ${l.disposableDomains.version} (${l.disposableDomains.entries} domains)\n`;
      psl += `Role accounts: ${l.roleAccounts.version} (${l.roleAccounts.entries} local parts)\n`;
    } catch (_) { /* the engine is not built: the version alone */ }
    process.stdout.write(version() + '\n' + psl);
    return 0;
  }
  const more = makeCommands({ parseArgs, UsageError, loadEngine, optionError });
  const commands = { plan: cmdPlan, normalize: cmdNormalize, validate: cmdValidate, ...more };
  // push / report / emulate live in lib/cli/ and handle their own errors.
  for (const c of ['push', 'report', 'emulate', 'ledger']) commands[c] = (a) => import(`./lib/cli/${c}.mjs`).then((m) => m.main(a));
  const run = commands[command];
  const label = run ? `leadroster ${command}` : 'leadroster';
  try {
    if (!run) {
      if (command === 'send') throw new UsageError("there is no 'send' command: use 'leadroster push' (see leadroster push --help)");
      if (command.startsWith('-')) throw new UsageError(`unknown flag ${command} (see leadroster --help)`);
      throw new UsageError(`unknown command ${JSON.stringify(command)}; commands: ${Object.keys(commands).join(', ')} (see leadroster --help)`);
    }
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${label}: ${e.message}\n`);
      return 2;
    }
    if (e && e.code === 'EPIPE') return 0; // the reader went away (| head)
    process.stderr.write(`${label}: ${e instanceof InputError ? e.message : e && e.stack ? e.stack : e}\n`);
    return 1;
  }
}

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`leadroster: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  },
);
