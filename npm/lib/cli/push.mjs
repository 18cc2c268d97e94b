// `leadroster push`: a thin layer over push() (lib/push.mjs).
import { access } from 'node:fs/promises';
import { push, exitCodeOf, PushError } from '../push.mjs';
import { readFileSync } from 'node:fs';
import { readLeads } from '../input.mjs';
import { parseMapFlags } from './csv-input.mjs';
import { UsageError } from './errors.mjs';
import { parseFlags, intFlag, duration, optionFlagSpec, optionsFromFlags, flagOfOption } from './args.mjs';
import { loadEngine } from './common.mjs';
import { ledgerFlags, LEDGER_HELP, LEDGER_FLAGS, suppressionFile } from './ledger-flags.mjs';
import { LedgerError } from '../ledger/schema.mjs';

export const HELP = `leadroster push <file> --provider P --campaign-id ID --base-url URL
    [--journal FILE] [--resume] [--concurrency N] [--max-attempts N] [--yes] [--json]
    [--api-key-env NAME] [--max-retry-after S] [--max-answer-bytes N]
    [--allow-insecure-http] (and every plan option: --default-country, --channel,
    --batch-size, --max-body-bytes, --template, --existing, --fold-gmail, --strict,
    and for CSV --map "Header=field", --map-file, --delimiter)

Plans <file> (.csv, .ndjson/.jsonl, .json) and sends the requests to the
provider at --base-url, then prints what happened to every row.
  API key       from LEADROSTER_API_KEY (or the variable --api-key-env names);
                white space at its ends is cut; never printed, never written to
                the journal or any file, never sent to another origin: a redirect
                (any 3xx) stops the run (redirect_refused), and a plain http://
                base URL off the loopback needs --allow-insecure-http
  retries       429, 5xx and network errors (refused, reset, dropped, timeout),
                exponential backoff with full jitter, Retry-After honoured, at
                most --max-attempts (default 6) per request; a 401/403 stops the run;
                a Retry-After over --max-retry-after S (default 300) is not waited
                for (retry_after_too_long); an answer over --max-answer-bytes
                (default 4 MiB) is not read (answer_too_large, sent again)
  pacing        never faster than the provider's documented limit (see
                \`leadroster describe\`), slower when X-RateLimit-* say so;
                --concurrency requests at once (default 2)
  --yes         needed when stdin is not a terminal or the limits make the run
                longer than one hour (the estimate is printed first)
  journal       --journal FILE (default <file>.<provider>.<campaign>.journal.ndjson):
                append-only NDJSON, fsync'd after each request, one push at a time
                (FILE.lock; a dead process's lock is taken over); --resume sends only
                the requests not journaled as settled (a request in flight when the
                process died is sent again: the providers dedup; its duplicates are
                counted as "resent"); a journal write that fails stops the run
  --json        one summary object on stdout at the end
  --retry-base-ms N, --timeout-ms N   backoff base (500) and per-request timeout (30000)

Exit codes: 0 every row added or already in the campaign; 1 some rows invalid,
rejected, unknown (the answer did not confirm them) or not delivered, or the run
stopped (redirect, journal write failure); 2 unusable input or arguments (no key,
unknown provider or option, unreadable file, insecure base URL, a journal of
another push or in use); 3 the provider refused the key.
Per-row outcomes: leadroster report <journal> --csv FILE.
${LEDGER_HELP}`;

// push's own flags (the plan option flags follow in FLAGS).
const PUSH_FLAGS = {
  'base-url': 'string',
  journal: 'string',
  resume: 'bool',
  concurrency: 'string',
  'max-attempts': 'string',
  yes: 'bool',
  json: 'bool',
  'api-key-env': 'string',
  'retry-base-ms': 'string',
  'timeout-ms': 'string',
  'max-retry-after': 'string',
  'max-answer-bytes': 'string',
  'allow-insecure-http': 'bool',
  ...LEDGER_FLAGS,
};

// The rest: the input's flags, then the option flags, which are the engine's
// option table (engine.options(): --campaign-id, --batch-size, --strict...).
const INPUT_FLAGS = {
  provider: 'string',
  map: 'list',
  'map-file': 'string',
  delimiter: 'string',
  help: 'bool',
};

function summaryText(s) {
  const lines = [
    `${s.provider} campaign ${s.campaignId}: ${s.total} rows`,
    `  added                    ${s.added}`,
    `  duplicate (in file)      ${s.duplicateInFile}`,
    `  already in campaign      ${s.alreadyInCampaign}`,
    `  resent (seen before)     ${s.resent}`,
    `  invalid                  ${s.invalid}`,
    `  suppressed (ledger)      ${s.suppressed ?? 0}`,
    `  rejected                 ${s.rejected}`,
    `  unknown                  ${s.unknown}`,
    `  not delivered            ${s.notDelivered}`,
    `  requests ${s.requestsSettled}/${s.requests} settled${s.requestsResumed ? ` (${s.requestsResumed} from the journal)` : ''}, ${s.httpRequests} sent, ${s.retries} retries, ${(s.durationMs / 1000).toFixed(1)} s${s.leadsPerSecond ? `, ${s.leadsPerSecond} leads/s` : ''}`,
  ];
  if (s.droppedValues) lines.push(`  values left out          ${s.droppedValues} (on rows still added; see the report)`);
  if (s.error) lines.push(`  stopped: ${s.error.code}: ${s.error.message}`);
  if (s.journalRecovered) {
    const r = s.journalRecovered;
    lines.push(
      `  journal: ${r.tornLine ? `its last line (${r.tornLine}, ${r.tornBytes} bytes) was incomplete and was cut off` : ''}${r.tornLine && r.damagedLines.length ? '; ' : ''}${r.damagedLines.length ? `damaged lines skipped: ${r.damagedLines.join(', ')}` : ''}`,
    );
  }
  if (s.journal) lines.push(`  per-row outcomes: ${s.journal} (leadroster report ${s.journal} --csv FILE)`);
  return lines.join('\n') + '\n';
}

async function progressReporter(json) {
  const err = process.stderr;
  if (err.isTTY) {
    try {
      const { default: cliProgress } = await import('cli-progress');
      const bar = new cliProgress.SingleBar(
        {
          format: 'push [{bar}] {percentage}% | {value}/{total} leads | {speed} leads/s | {retries} retries | ETA {eta_formatted}',
          stream: err,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      let started = false;
      return {
        update(p) {
          if (!started) {
            bar.start(p.leadsTotal, 0, { speed: 0, retries: 0 });
            started = true;
          }
          bar.update(p.leadsSettled, { speed: p.leadsPerSecond.toFixed(1), retries: p.retries });
        },
        stop: () => started && bar.stop(),
      };
    } catch (_) {
      /* fall back to plain lines */
    }
  }
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 5000 && p.leadsSettled < p.leadsTotal) return;
      last = now;
      err.write(
        `push: ${p.leadsSettled}/${p.leadsTotal} leads, ${p.requestsSettled}/${p.requestsTotal} requests, ${p.leadsPerSecond.toFixed(1)} leads/s, ${p.retries} retries${p.etaSeconds ? `, ETA ${duration(p.etaSeconds)}` : ''}\n`,
      );
    },
    stop() {},
  };
}

export async function run(argv) {
  const engine = await loadEngine();
  const { flags, positional } = parseFlags('push', argv, { ...PUSH_FLAGS, ...INPUT_FLAGS, ...optionFlagSpec(engine) });
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positional.length !== 1) throw new UsageError('push takes one input file');
  const file = positional[0];
  for (const f of ['provider', 'campaign-id', 'base-url']) if (!flags[f]) throw new UsageError(`--${f} is required`);
  const envName = flags['api-key-env'] || 'LEADROSTER_API_KEY';
  const apiKey = process.env[envName];
  if (!apiKey || !apiKey.trim())
    throw new UsageError(`no API key: set the environment variable ${envName}${flags['api-key-env'] ? '' : ' (or name another with --api-key-env)'}`);
  try {
    await access(file);
  } catch (e) {
    throw new UsageError(`${file}: ${e.code === 'ENOENT' ? 'no such file' : 'cannot be read'}`);
  }
  const o = {
    ...optionsFromFlags(engine, flags),
    provider: flags.provider,
    baseUrl: flags['base-url'],
    file,
    apiKey,
    resume: !!flags.resume,
    concurrency: intFlag(flags, 'concurrency', 1, 64),
    maxAttempts: intFlag(flags, 'max-attempts', 1, 100),
    baseDelayMs: intFlag(flags, 'retry-base-ms', 0, 600000),
    timeoutMs: intFlag(flags, 'timeout-ms', 1, 3600000),
    maxAnswerBytes: intFlag(flags, 'max-answer-bytes', 1024, 1 << 30),
  };
  if (flags['max-retry-after'] !== undefined) o.maxRetryAfterMs = intFlag(flags, 'max-retry-after', 0, 86400) * 1000;
  if (flags['allow-insecure-http']) o.allowInsecureHttp = true;
  if (flags.journal !== undefined) o.journal = flags.journal;
  if (flags.map !== undefined || flags['map-file'] !== undefined) {
    let text;
    if (flags['map-file'] !== undefined) {
      try {
        text = readFileSync(flags['map-file'], 'utf8');
      } catch (e) {
        throw new UsageError(`--map-file ${flags['map-file']}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
      }
    }
    o.map = parseMapFlags(flags.map || [], text, UsageError);
  }
  if (flags.delimiter !== undefined) {
    const d = { tab: '\t', '\\t': '\t' }[flags.delimiter] ?? flags.delimiter;
    if (![',', ';', '\t', '|'].includes(d)) throw new UsageError(`--delimiter must be one of , ; tab |, not ${JSON.stringify(flags.delimiter)}`);
    o.delimiter = d;
  }
  const existingFlag = flagOfOption(engine, 'existing');
  if (flags[existingFlag] !== undefined) {
    try {
      const lookup = { campaignId: o.campaignId };
      if (o.channel) lookup.channel = o.channel;
      o.existing = await readLeads(flags[existingFlag], flags.provider, { engine, options: lookup, map: o.map, delimiter: o.delimiter });
    } catch (e) {
      throw new UsageError(`--${existingFlag} ${flags[existingFlag]}: ${e.message}`);
    }
  }
  const fileEntries = await suppressionFile(engine, flags, UsageError);
  if (fileEntries) o.suppressed = fileEntries;
  Object.assign(o, ledgerFlags(flags));
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];

  // Ctrl-C: finish the in-flight requests' journal lines, then exit; twice: at once.
  const ac = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\npush: interrupted: finishing the requests in flight (Ctrl-C again to exit now)\n');
      ac.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSigint);
  o.signal = ac.signal;

  const progress = await progressReporter(flags.json);
  o.onProgress = (p) => progress.update(p);
  o.onPlan = (p) => {
    const limit = p.rateLimit
      ? `; the provider's limit (${p.rateLimit.requests} requests per ${p.rateLimit.windowSeconds} s${p.rateLimit.burst ? `, burst ${p.rateLimit.burst}` : ''}) makes this run at least ${duration(p.estimateSeconds)}`
      : '; no documented rate limit';
    process.stderr.write(`push: ${p.total} rows, ${p.requests} requests to ${flags.provider}${limit}\n`);
    if (!flags.yes) {
      if (!process.stdin.isTTY) throw new UsageError('stdin is not a terminal: pass --yes to send');
      if (p.estimateSeconds > 3600) throw new UsageError(`this run takes at least ${duration(p.estimateSeconds)}: pass --yes to send`);
    }
    return true;
  };
  let result;
  try {
    result = await push(o);
  } catch (e) {
    // refused before sending: a push or option error, or a ledger that cannot be opened (exit 2)
    if (e instanceof PushError || e instanceof LedgerError || (e && typeof e.code === 'string' && e.option !== undefined)) throw new UsageError(e.message);
    throw e;
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSigint);
  }
  const s = result.summary;
  if (flags.json) process.stdout.write(JSON.stringify(s) + '\n');
  else process.stdout.write(summaryText(s));
  return exitCodeOf(s);
}
