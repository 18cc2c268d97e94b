// Types of `leadroster/node`: push() for Node scripts, the emulator, the report.
import type { ProviderId, Engine } from './index';

export type PushRowResult =
  | 'added'
  | 'duplicate'
  | 'duplicate_in_file'
  | 'invalid'
  | 'rejected'
  | 'unknown'
  | 'not_delivered';

export interface PushRow {
  index: number;
  result: PushRowResult;
  code?: string;
  message?: string;
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
  /** Journal path; default `<file>.journal.ndjson` for a file, none for rows; false: none. */
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
  engine?: Engine;
  defaultCountry?: string;
  channel?: 'email' | 'linkedin';
  batchSize?: number;
  maxBodyBytes?: number;
  template?: string;
  foldGmail?: boolean;
  existing?: readonly unknown[];
}

export interface PushSummary {
  provider: ProviderId;
  campaignId: string;
  total: number;
  added: number;
  duplicateInFile: number;
  duplicateAtProvider: number;
  invalid: number;
  rejected: number;
  unknown: number;
  notDelivered: number;
  requests: number;
  requestsSettled: number;
  requestsResumed: number;
  httpRequests: number;
  retries: number;
  networkErrors: number;
  statuses: Record<string, number>;
  durationMs: number;
  leadsPerSecond: number | null;
  estimateSeconds: number;
  rateLimit: RateLimit | null;
  journal: string | null;
  stopped: null | 'unauthorized' | 'aborted';
  error?: { code: string; message: string };
}

export interface PushResult {
  summary: PushSummary;
  rows: PushRow[];
}

export class PushError extends Error {
  code: 'no_api_key' | 'bad_argument' | 'unknown_provider' | 'unreadable_input' | 'journal_mismatch' | 'journal_exists';
}

export function push(options: PushOptions): Promise<PushResult>;
/** 0 every row added or already there, 1 some invalid/rejected/not delivered, 3 key refused. */
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
