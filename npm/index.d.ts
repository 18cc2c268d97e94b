// Type declarations for leadroster (hand-written; the shapes mirror the JSON the
// C++ engine returns through npm/lib/engine.mjs). Shared by every entry point:
// index.cjs (require), index.mjs (Node import) and browser.mjs (browsers, workers, edge).

// ---------------------------------------------------------------- loading

export interface LoadOptions {
  /** A precompiled module (edge runtimes: Cloudflare Workers, Vercel Edge, Deno Deploy). */
  module?: WebAssembly.Module;
  /** The bytes of leadroster.wasm. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where the browser build fetches leadroster.wasm from (default: next to browser.mjs). */
  wasmUrl?: string;
}

/** Instantiates the WebAssembly engine. Call once and keep the engine. */
export declare function load(options?: LoadOptions): Promise<Engine>;

declare const leadroster: { load: typeof load };
export default leadroster;

// ---------------------------------------------------------------- codes

export type ProviderId = 'magnetite' | 'sendpilot' | 'reached' | 'sendkit' | 'puffle';

/** Stable error codes: part of the public API, never renamed. */
export type ErrorCode =
  | 'missing_field'
  | 'invalid_type'
  | 'invalid_email'
  | 'invalid_phone'
  | 'invalid_linkedin_url'
  | 'invalid_url'
  | 'invalid_uuid'
  | 'invalid_domain'
  | 'missing_identity'
  | 'too_long'
  | 'invalid_value'
  | 'roster_frozen';

/** Stable warning codes. */
export type WarningCode = 'unknown_field' | 'freemail_domain' | 'template_variable_missing';

/** The codes a normalizer can fail with. */
export type NormalizeErrorCode =
  | 'invalid_email'
  | 'invalid_phone'
  | 'invalid_linkedin_url'
  | 'invalid_url'
  | 'invalid_uuid'
  | 'invalid_domain';

/** One problem with a row or a value. */
export interface Problem<C extends string = ErrorCode | WarningCode> {
  /** The field (a dotted path for nested ones: "company.employeeCount"), or null for the row as a whole. */
  field: string | null;
  code: C;
  /** Plain words; names the rule that failed. */
  message: string;
}

/**
 * A warning. Besides the warning codes it can carry a field error code: puffle
 * leaves out an invalid non-channel identity (e.g. a bad email on a LinkedIn
 * campaign) and reports the normalizer's code as a warning.
 */
export type Warning = Problem<WarningCode | ErrorCode>;

// ---------------------------------------------------------------- normalizers

export interface NormalizeFailure<C extends string = NormalizeErrorCode> {
  ok: false;
  code: C;
  message: string;
}

export type NormalizeResult<Extra extends object = {}, C extends string = NormalizeErrorCode> =
  | ({ ok: true; value: string } & Extra)
  | NormalizeFailure<C>;

export type EmailResult = NormalizeResult<{ domain: string }, 'invalid_email'>;
export type LinkedInUrlResult = NormalizeResult<{ kind: 'profile' | 'company' }, 'invalid_linkedin_url'>;
export type PhoneResult = NormalizeResult<{}, 'invalid_phone'>;
export type DomainResult = NormalizeResult<{}, 'invalid_domain'>;
export type UuidResult = NormalizeResult<{}, 'invalid_uuid'>;

// ---------------------------------------------------------------- options

export interface LeadOptions {
  /** ISO 3166 alpha-2: the region of phones written without a country prefix (a row's `country` wins). */
  defaultCountry?: string;
  /** puffle: the campaign channel; decides the required identity. Default 'email'. */
  channel?: 'email' | 'linkedin';
  /** The message template; a variable a lead lacks is a `template_variable_missing` warning. */
  template?: string;
  /** Fold Gmail dots and +tags in the dedup key only (the address sent is unchanged). */
  foldGmail?: boolean;
  /**
   * An optional field that fails its format (a phone with no country to read it by) is left out
   * of the lead with a warning carrying the normalizer's code; strict: true makes it an error.
   */
  strict?: boolean;
  /** Leads already in the campaign: rows matching one are duplicates of 'existing'. */
  existing?: readonly unknown[];
}

export interface PlanOptions extends LeadOptions {
  /**
   * The campaign the requests target (a uuid for reached and puffle); percent-encoded in the
   * path. Surrounding whitespace, control characters and "." / ".." are refused (invalid_option).
   */
  campaignId: string;
  /** Leads per request, 1..the provider's maximum. */
  batchSize?: number;
  /** Cap on the bytes of each request body's compact JSON (at least 64). */
  maxBodyBytes?: number;
}

export interface RosterOptions extends LeadOptions {
  campaignId?: string;
}

// ---------------------------------------------------------------- plans

/** A lead as it would be sent: normalized, unknown fields left out. */
export type Lead = Record<string, unknown>;

export type RowStatus = 'ok' | 'invalid' | 'duplicate';

export interface PlanRow {
  /** Position of the row in the input (across all pushes of a planner). */
  index: number;
  status: RowStatus;
  /** The normalized lead (for an invalid row: the fields that were valid). */
  lead: Lead;
  errors: Problem<ErrorCode>[];
  warnings: Warning[];
  /** For a duplicate: the index of the row it duplicates, or 'existing'. Otherwise null. */
  duplicateOf: number | 'existing' | null;
  /** For a duplicate: the field its identity matched on. Otherwise null. */
  matchedOn: string | null;
}

/** A roster row: an ok row carries its new lead id; a duplicate of an earlier roster lead carries that lead's id. */
export interface RosterRow extends PlanRow {
  id?: string;
  existingId?: string;
}

/** The body each provider's add-leads endpoint takes. */
export interface RequestBodies {
  magnetite: Lead;
  sendpilot: { campaignId: string; leads: Lead[] };
  reached: { leads: Lead[] };
  sendkit: { leads: Lead[] };
  puffle: { leads: Lead[] };
}

export interface LeadRequest<P extends ProviderId = ProviderId> {
  method: 'POST';
  path: string;
  /** Placeholder credentials (never a real key) and Content-Type. */
  headers: Record<string, string>;
  /** The JSON object to send. */
  body: RequestBodies[P];
  /** The plan row indexes of the leads in this body, in order. */
  indexes: number[];
}

export interface PlanSummary {
  total: number;
  ok: number;
  invalid: number;
  duplicate: number;
  requests: number;
  /** The shortest time the provider's documented rate limit allows for these requests (0: none documented). */
  minDurationSeconds: number;
}

export interface Plan<P extends ProviderId = ProviderId> {
  rows: PlanRow[];
  requests: LeadRequest<P>[];
  summary: PlanSummary;
}

export interface PlanChunk<P extends ProviderId = ProviderId> {
  rows: PlanRow[];
  /** The requests completed by this chunk. */
  requests: LeadRequest<P>[];
}

/** A streaming planner: memory bounded by the dedup index plus one unfinished batch. */
export interface Planner<P extends ProviderId = ProviderId> {
  push(rows: readonly unknown[]): PlanChunk<P>;
  /** Complete NDJSON lines (one lead a line; blank lines skipped), as text or UTF-8 bytes. */
  pushNdjson(text: string | Uint8Array): PlanChunk<P>;
  /** Flushes the last batch. The planner takes no more rows afterwards. */
  finish(): { requests: LeadRequest<P>[]; summary: PlanSummary };
  /** Frees the WASM memory. */
  delete(): void;
}

export interface LeadValidation {
  ok: boolean;
  lead: Lead;
  errors: Problem<ErrorCode>[];
  warnings: Warning[];
}

// ---------------------------------------------------------------- rosters

export interface RosterQuery {
  status?: string;
  /** From 1. */
  page?: number;
  /** 1..200, default 50. */
  limit?: number;
}

export interface RosterLead {
  id: string;
  status: string;
  lead: Lead;
}

export interface RosterList {
  leads: RosterLead[];
  total: number;
  page: number;
  limit: number;
}

export interface RosterFailure {
  ok: false;
  code: ErrorCode;
  message: string;
}

export type PatchResult =
  | { ok: true; id: string; lead: Lead; warnings: Warning[] }
  | (RosterFailure & { errors?: Problem<ErrorCode>[] });

export type RemoveResult = { ok: true; removed: number; notFound: string[] } | RosterFailure;

/** One campaign's roster (add, list, patch, remove, launch), as puffle's and sendkit's APIs keep it. */
export interface Roster {
  add(rows: readonly unknown[]): RosterRow[];
  list(query?: RosterQuery): RosterList;
  patch(id: string, fields: Record<string, unknown>): PatchResult;
  remove(arg: { ids: readonly string[] } | { all: true }): RemoveResult;
  launch(): { ok: true; state: 'launched' };
  size(): number;
  delete(): void;
}

// ---------------------------------------------------------------- predicted responses

export interface ResponseBodies {
  magnetite: { success: true; prospectId: string; status: 'queued'; message: string };
  sendpilot: { success: true; leadsAdded: number; duplicatesSkipped: number; invalidEntries: number };
  reached: {
    data: { campaign_id: string; results: { lead_id: string; status: 'added' | 'already_in_campaign' }[] };
  };
  sendkit: {
    success: true;
    /** Explicit leads: errors; the filter and select-all modes: matched. */
    data:
      | { added: number; skipped: number; errors: { entry: unknown; message: string }[] }
      | { added: number; skipped: number; matched: number };
  };
  puffle: { imported: number; duplicates: number };
}

export interface PredictedResponse<P extends ProviderId = ProviderId> {
  status: number;
  body: ResponseBodies[P];
}

// ---------------------------------------------------------------- sendkit modes

export interface SendkitFilters {
  tags?: string[];
  search?: string;
  verificationStatus?: string;
  /** ISO 3166 alpha-2. */
  country?: string;
  /** 24-hex lead ids. */
  leadIds?: string[];
}

export interface SendkitModeRequest<B> {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: B;
  indexes: [];
}

export type SendkitModeResult<B> =
  | { ok: true; request: SendkitModeRequest<B> }
  | { ok: false; errors: Problem<ErrorCode>[] };

// ---------------------------------------------------------------- the engine

export interface Engine {
  readonly version: string;
  providers(): ProviderId[];

  /** Never throws; a non-string is { ok: false }. */
  normalizeEmail(s: unknown): EmailResult;
  normalizeLinkedInUrl(s: unknown): LinkedInUrlResult;
  normalizePhone(s: unknown, defaultCountry?: string | null): PhoneResult;
  normalizeDomain(s: unknown): DomainResult;
  /** The registrable domain by the Public Suffix List ("mail.acme.co.uk" -> "acme.co.uk"); a public suffix itself is invalid_domain. */
  registrableDomain(s: unknown): DomainResult;
  normalizeUuid(s: unknown): UuidResult;
  isFreeMailDomain(s: unknown): boolean;

  /** Throws an Error naming the argument on an unknown provider, rows not an array or bad options. */
  plan<P extends ProviderId>(provider: P, rows: readonly unknown[], options: PlanOptions): Plan<P>;
  createPlanner<P extends ProviderId>(provider: P, options: PlanOptions): Planner<P>;
  validateLead(provider: ProviderId, lead: unknown, options?: LeadOptions & { campaignId?: string }): LeadValidation;
  createRoster(provider: ProviderId, options?: RosterOptions): Roster;
  /** The provider's documented answer to each request of a plan. */
  predictResponse<P extends ProviderId>(
    provider: P,
    plan: { requests: readonly LeadRequest<P>[] },
  ): PredictedResponse<P>[];
  sendkitFilterRequest(campaignId: string, filters: SendkitFilters): SendkitModeResult<{ filters: SendkitFilters }>;
  sendkitSelectAllRequest(
    campaignId: string,
    excludeIds?: readonly string[],
  ): SendkitModeResult<{ selectAll: true; excludeIds?: string[] }>;
  /** Bytes of the WASM heap (its size; it only grows). */
  heapBytes(): number;
  /** Bytes malloc'd by the engine and not freed: the measure for leak tests. */
  heapUsedBytes(): number;
}
