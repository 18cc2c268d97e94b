// Types of `leadroster/node`: push() for Node scripts, the emulator, the report.
import type { ProviderId, Engine } from './index';

export type PushRowResult =
  | 'added'
  /** The provider said it had the lead, and this push had not sent it before. */
  | 'already_in_campaign'
  /** The provider said it had the lead, and the journal shows this push's request was in flight or its answer lost. */
  | 'resent'
  | 'duplicate_in_file'
  | 'invalid'
  /** A suppression entry of the ledger (or options.suppressed) holds this lead: never sent. */
  | 'suppressed'
  | 'rejected'
  | 'unknown'
  | 'not_delivered';

/** A suppression entry (the ledger's). */
export interface SuppressionEntry {
  kind: 'email' | 'domain' | 'phone' | 'linkedin';
  /** Normalized as the engine compares it. */
  value: string;
  reason: 'unsubscribed' | 'bounced' | 'complained' | 'do-not-contact' | 'manual';
  source: string | null;
  at: string;
}

export interface PushRow {
  index: number;
  result: PushRowResult;
  code?: string;
  message?: string;
  /** The provider's id for the lead, when its answer carries one (reached lead_id, magnetite prospectId). */
  leadId?: string;
  /** Values left out of a lead that was still sent (an invalid optional email, phone...). */
  dropped?: { field: string; code: string }[];
  /** The row's 1-based line in the input, when the planner gave one. */
  line?: number;
  /** code 'in_ledger': the ledger entry that made it already_in_campaign. */
  ledger?: { campaign: string; date: string };
  /** result 'suppressed' (code 'suppressed'): the entry's reason. */
  reason?: SuppressionEntry['reason'];
  /** result 'suppressed': the entry it matched. */
  suppressedBy?: SuppressionEntry;
}

export interface RateLimit {
  requests: number;
  windowSeconds: number;
  burst: number;
}

export interface PushProgress {
  leadsSettled: number;
  leadsTotal: number;
  requestsSettled: number;
  requestsTotal: number;
  retries: number;
  leadsPerSecond: number;
  etaSeconds: number | null;
}

export interface Clock {
  now(): number;
  /** Resolves true after ms, false early when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

export interface PushOptions {
  provider: ProviderId;
  campaignId: string;
  /** Exactly one of rows or file (.csv, .ndjson/.jsonl, .json). */
  rows?: readonly unknown[];
  file?: string;
  baseUrl: string;
  /** Only ever put in the request headers; never in errors, the journal or the summary. */
  apiKey: string;
  /** Journal path; default `<file>.<provider>.<campaign>.journal.ndjson` for a file, none for rows; false: none. */
  journal?: string | false;
  resume?: boolean;
  concurrency?: number;
  maxAttempts?: number;
  signal?: AbortSignal;
  onProgress?: (p: PushProgress) => void;
  /** Called after planning, before any request: return false to cancel. */
  onPlan?: (p: { total: number; requests: number; estimateSeconds: number; rateLimit: RateLimit | null }) => boolean | void | Promise<boolean | void>;
  /** The pacing clock (tests). */
  clock?: Clock;
  fetch?: typeof fetch;
  random?: () => number;
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Overrides the engine's documented limit (null: none). */
  rateLimit?: RateLimit | null;
  /** A Retry-After (or X-RateLimit-Reset) longer than this is not waited for: retry_after_too_long. Default 300000. */
  maxRetryAfterMs?: number;
  /** An answer larger than this is not read: answer_too_large (sent again). Default 4 MiB. */
  maxAnswerBytes?: number;
  /** Send to a plain-http base URL that is not the loopback (the key travels in clear). */
  allowInsecureHttp?: boolean;
  /** CSV input: {Header: field}, as `plan --map`. */
  map?: Record<string, string>;
  delimiter?: ',' | ';' | '\t' | '|';
  strict?: boolean;
  engine?: Engine;
  defaultCountry?: string;
  channel?: 'email' | 'linkedin';
  batchSize?: number;
  maxBodyBytes?: number;
  template?: string;
  foldGmail?: boolean;
  existing?: readonly unknown[];
  /** The workspace ledger: a SQLite file path, a postgres:// URL, or an opened store. */
  ledger?: string | object;
  /** The provider account (workspace = provider + account). Default 'default'. */
  account?: string;
  /** A lead settled in any campaign of the workspace counts as already in the campaign. */
  skipIfInWorkspace?: boolean;
  /** How long a claim holds before another worker may take it over (ms). Default 600000. */
  leaseMs?: number;
  /** This worker's name in the claims (default host:pid:random). */
  workerId?: string;
  /** The engine's plan option (the ledger fills it): leads holding one of these are suppressed. */
  suppressed?: readonly { kind: 'email' | 'domain' | 'phone' | 'linkedin'; value: string }[];
}

export interface PushSummary {
  provider: ProviderId;
  campaignId: string;
  total: number;
  added: number;
  duplicateInFile: number;
  /** The provider already had these leads (this push had not sent them before). */
  alreadyInCampaign: number;
  /** Duplicates of this push's own earlier sends (an answer lost, a request in flight at a kill). */
  resent: number;
  /** alreadyInCampaign + resent. */
  duplicateAtProvider: number;
  invalid: number;
  /** Rows a suppression entry holds (never sent). */
  suppressed: number;
  rejected: number;
  unknown: number;
  notDelivered: number;
  /** Values left out of rows that were still sent. */
  droppedValues: number;
  requests: number;
  requestsSettled: number;
  requestsResumed: number;
  httpRequests: number;
  retries: number;
  networkErrors: number;
  /** Attempts whose answer never came whole (network error, timeout, too large). */
  lostAnswers: number;
  statuses: Record<string, number>;
  durationMs: number;
  leadsPerSecond: number | null;
  estimateSeconds: number;
  rateLimit: RateLimit | null;
  journal: string | null;
  /** Set when --resume found a torn last line (cut off) or damaged lines (skipped). */
  journalRecovered: null | { tornLine: number | null; tornBytes: number; damagedLines: number[] };
  stopped: null | 'unauthorized' | 'aborted' | 'redirected' | 'journal_failed' | 'ledger_failed';
  error?: { code: string; message: string };
  /** With a ledger: what it read, settled and claimed. */
  ledger?: {
    workspace: string;
    store: 'sqlite' | 'postgres' | string;
    entriesRead: number;
    leadsSettled: number;
    worker: string;
    leaseMs: number;
    claimed: number;
    /** Claims of a dead worker (lease run out) this push took over and sent again. */
    takenOver: number;
    fromLedger: number;
    deferred: number;
    heldElsewhere: number;
    bucketWaits: number;
    bucketWaitMs: number;
  };
}

/** What push() resolves: the outcome, or `{summary: null, rows: [], cancelled: true}` when onPlan returned false. */
export type PushResult =
  | { summary: PushSummary; rows: PushRow[]; cancelled?: undefined }
  | { summary: null; rows: []; cancelled: true };

/** The codes push() refuses or stops with (PushError.code; codes.def kind 'delivery'). */
export type DeliveryErrorCode =
  | 'unknown_provider'
  | 'no_api_key'
  | 'invalid_api_key'
  | 'bad_argument'
  | 'unreadable_input'
  | 'insecure_base_url'
  | 'journal_mismatch'
  | 'journal_exists'
  | 'journal_locked'
  | 'journal_write_failed'
  | 'ledger_write_failed';

/** The codes of the workspace ledger (LedgerError.code; codes.def kind 'ledger'). */
export type LedgerErrorCode =
  | 'bad_argument'
  | 'invalid_value'
  | 'ledger_driver_missing'
  | 'ledger_unreadable'
  | 'ledger_version'
  | 'ledger_write_failed'
  | 'invalid_kind'
  | 'invalid_reason';

/**
 * The codes push() itself gives a request or a row (row.code, summary.error.code; codes.def kind
 * 'delivery_row'). A row's code can also be the engine's reading of the answer or the provider's own.
 */
export type DeliveryRowCode =
  | 'journal_write_failed'
  | 'redirect_refused'
  | 'retry_after_too_long'
  | 'answer_too_large'
  | 'network_error'
  | 'not_sent'
  | 'duplicate'
  | 'suppressed'
  | 'in_ledger'
  | 'claimed_elsewhere';

export class PushError extends Error {
  code: DeliveryErrorCode;
  /** journal_mismatch: what differs between the journal's push and this one. */
  differs?: { what: string; journal?: unknown; now?: unknown }[];
  /** journal_locked: the process that holds the journal. */
  pid?: number;
}

export function push(options: PushOptions): Promise<PushResult>;
/** 0 every row added or already there, 1 some invalid/rejected/unknown/not delivered or the run stopped, 3 key refused. */
export function exitCodeOf(summary: PushSummary): 0 | 1 | 3;

export interface EmulatorCampaign {
  provider: ProviderId;
  id: string;
  status?: string;
  channel?: 'email' | 'linkedin';
  leads?: unknown[];
}
export interface EmulatorFaults {
  '429'?: number;
  '500'?: number;
  drop?: number;
  'drop-after'?: number;
  latency?: number;
  'retry-after'?: number;
  seed?: number;
}
export interface EmulatorState {
  campaigns: { provider: ProviderId; id: string; status: string; channel: string | null; count: number; received: number; leads?: Record<string, unknown>[] }[];
  stats: Record<string, unknown>;
}
export interface Emulator {
  listen(port?: number): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  state(withLeads?: boolean): EmulatorState;
}
export function createEmulator(options: {
  engine: Engine;
  keys: string[];
  campaigns?: EmulatorCampaign[];
  faults?: EmulatorFaults;
  stateFile?: string;
  host?: string;
  port?: number;
  clock?: Clock;
  rateLimits?: Partial<Record<ProviderId, RateLimit | null>>;
}): Emulator;
export function parseFaults(spec: string): EmulatorFaults;

export function manualClock(start?: number): Clock & { advance(ms: number): void };
export const systemClock: Clock;

export function writeReport(
  journal: string,
  options?: { csv?: string; input?: string },
): Promise<{ counts: Record<string, number>; rows: PushRow[]; csv: string | null }>;
