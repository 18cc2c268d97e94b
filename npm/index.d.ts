// Type declarations for leadroster (hand-written; the shapes mirror the JSON the
// C++ engine returns through npm/lib/engine.mjs). Shared by every entry point:
// index.cjs (require), index.mjs (Node import) and browser.mjs (browsers, workers, edge).

// ---------------------------------------------------------------- loading

/**
 * A compiled WebAssembly module. `WebAssembly.Module` where the program's lib
 * declares it (lib "dom", "webworker", or @types/node's globals); otherwise an
 * opaque object, so these types also compile under `lib: ["es2022"]` alone.
 */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } }
  ? M
  : object;

/** A WHATWG URL object where the program's lib declares one (dom, webworker, @types/node); otherwise never. */
export type UrlObject = typeof globalThis extends { URL: abstract new (...args: never[]) => infer U } ? U : never;

/** Whatever a tool gives for `import wasm from 'leadroster/leadroster.wasm'`: a URL (bundlers) or a module (edge runtimes). */
export type WasmSource = string | UrlObject | WasmModule;

export interface LoadOptions {
  /** A precompiled module (edge runtimes: Cloudflare Workers, Vercel Edge, Deno Deploy). Wins over the others. */
  module?: WasmModule;
  /** The bytes of leadroster.wasm (not in edge runtimes: they forbid compiling from bytes). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch leadroster.wasm from (default: dist/leadroster.wasm next to the entry, from import.meta.url). */
  wasmUrl?: string | UrlObject;
  /** The default import of 'leadroster/leadroster.wasm', whichever it is: a module is used as `module`, a URL as `wasmUrl`. */
  wasm?: WasmSource;
  /** A new engine instead of the cached one (load() with the same arguments otherwise returns the same engine). */
  fresh?: boolean;
}

/**
 * Instantiates the WebAssembly engine. The same arguments (the same module,
 * bytes object or URL, or none) give the same engine unless `fresh` is set.
 * A failed load rejects with a LoadError naming what was tried and the option to pass.
 */
export declare function load(options?: LoadOptions): Promise<Engine>;

/** A failed load(): `tried` is the URL, 'options.module', 'options.wasmBinary' or 'nothing'. */
export declare class LoadError extends Error {
  readonly code: 'load_failed';
  readonly tried: string | undefined;
}

declare const leadroster: { load: typeof load };
export default leadroster;

// ---------------------------------------------------------------- codes

export type ProviderId = 'magnetite' | 'sendpilot' | 'reached' | 'sendkit' | 'puffle' | 'instantly' | 'smartlead' | 'lemlist';

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
export type WarningCode =
  | 'unknown_field'
  | 'freemail_domain'
  | 'template_variable_missing'
  | 'invalid_country'
  | 'disposable_email'
  | 'role_email'
  | 'email_typo';

/** The codes a normalizer can fail with. */
export type NormalizeErrorCode =
  | 'invalid_email'
  | 'invalid_phone'
  | 'invalid_linkedin_url'
  | 'invalid_url'
  | 'invalid_uuid'
  | 'invalid_domain';

/** The codes of a bad argument's error (README "Errors"). */
export type ArgumentErrorCode =
  | 'missing_field'
  | 'invalid_type'
  | 'invalid_value'
  | 'unknown_provider'
  | 'unknown_option'
  | 'invalid_option'
  | 'invalid_state'
  | 'internal_error';

/** Where a code appears (src/codes.def's kinds). */
export type CodeKind =
  | 'row_error'
  | 'row_warning'
  | 'mapping_warning'
  | 'argument'
  | 'input'
  | 'load'
  | 'delivery'
  | 'delivery_row'
  | 'answer'
  | 'edge'
  | 'ledger';

/** One row of src/codes.def, as engine.codes().all lists it. */
export interface CodeInfo {
  code: string;
  kinds: CodeKind[];
  /** The class a bad argument with this code throws; null when it is never an argument error. */
  jsClass: 'TypeError' | 'RangeError' | 'Error' | null;
  doc: string;
}

/**
 * What a bad argument throws: a TypeError (invalid_type, missing_field), a
 * RangeError (invalid_value, unknown_provider, unknown_option, invalid_option)
 * or an Error (engine.codes().all gives each code's jsClass).
 */
export interface ArgumentError extends Error {
  code: ArgumentErrorCode;
  /** The option (or roster.list query key) to blame, or null. */
  option: string | null;
}

/** One problem with a row or a value. */
export interface Problem<C extends string = ErrorCode | WarningCode> {
  /** The field (a dotted path for nested ones: "company.employeeCount"), or null for the row as a whole. */
  field: string | null;
  code: C;
  /** Plain words for people; names the rule that failed (and the field once at most). No option names. */
  message: string;
  /**
   * On a warning: the value the user gave for `field` is left out of the lead
   * (an invalid optional email, an unknown field, an unknown country); the row is
   * still sent without it. Absent otherwise.
   */
  dropped?: true;
  /** How a caller changes the outcome, e.g. "strict: true (--strict) makes it an error". Absent when there is none. */
  hint?: string;
  /**
   * The value the user likely meant, e.g. "ann@gmail.com" on an `email_typo`
   * warning for "ann@gmial.com". Nothing is changed by it: the lead carries the
   * value as given. Absent otherwise.
   */
  suggestion?: string;
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
  /**
   * Suppression entries (values normalized: engine.normalizeEmail / normalizePhone /
   * normalizeLinkedInUrl / normalizeDomain): a lead holding one (a domain: every email
   * at it or under it) is 'suppressed' and never planned into a request.
   */
  suppressed?: readonly { kind: 'email' | 'domain' | 'phone' | 'linkedin'; value: string }[];
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
  /**
   * A provider's own request options (describeProvider(id).options with provider: true):
   * instantly's target, skip_if_in_workspace, ...; smartlead's ignore_* settings; lemlist's deduplicate.
   */
  [requestOption: string]: unknown;
}

export interface RosterOptions extends LeadOptions {
  campaignId?: string;
}

// ---------------------------------------------------------------- plans

/** A lead as it would be sent: normalized, unknown fields left out. */
export type Lead = Record<string, unknown>;

/** 'suppressed': the lead holds an entry of options.suppressed (the ledger's suppression list); never in a request. */
export type RowStatus = 'ok' | 'invalid' | 'duplicate' | 'suppressed';

export interface PlanRow {
  /** Position of the row in the input (across all pushes of a planner), 0-based. */
  index: number;
  /**
   * The row's line in the input, 1-based, when the input has lines: NDJSON text
   * (its line), a JSON array as text (planJson: the line where the element
   * starts), CSV (the spreadsheet row: the header is line 1), or lines given
   * to push(rows, { lines }). Absent for rows given as JS objects.
   */
  line?: number;
  status: RowStatus;
  /** The normalized lead (for an invalid row: the fields that were valid). */
  lead: Lead;
  errors: Problem<ErrorCode>[];
  warnings: Warning[];
  /** For a duplicate: the index of the row it duplicates, or 'existing'. Otherwise null. */
  duplicateOf: number | 'existing' | null;
  /** With `line`: the line of the row it duplicates (null for 'existing', a row without a line, or not a duplicate). */
  duplicateOfLine?: number | null;
  /** For a duplicate: the field its identity matched on. Otherwise null. */
  matchedOn: string | null;
  /** For a suppressed row: the index of the options.suppressed entry it holds (the CLI puts the entry itself). */
  suppressedBy?: number;
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
  /** campaign_id, or list_id with options.target 'list'; the skip_if / blocklist / verify options given. */
  instantly: { campaign_id?: string; list_id?: string; leads: Lead[] } & Record<string, unknown>;
  /** settings: the ignore_* options given. The key goes in the path's api_key query parameter. */
  smartlead: { lead_list: Lead[]; settings?: Record<string, boolean> };
  lemlist: Lead;
}

export interface LeadRequest<P extends ProviderId = ProviderId> {
  method: 'POST';
  path: string;
  /** Placeholder credentials (never a real key) and Content-Type. */
  headers: Record<string, string>;
  /** The JSON object to send. */
  /** Built from bodyText on first access (then cached). */
  body: RequestBodies[P];
  /** The exact compact JSON to send: what the engine wrote, never re-serialized. */
  bodyText: string;
  /** The plan row indexes of the leads in this body, in order. */
  indexes: number[];
}

export interface PlanSummary {
  total: number;
  ok: number;
  invalid: number;
  duplicate: number;
  /** Only when options.suppressed was given: the rows it held back. */
  suppressed?: number;
  requests: number;
  /** The shortest time the provider's documented rate limit allows for these requests (0: none documented). */
  minDurationSeconds: number;
}

export interface Plan<P extends ProviderId = ProviderId> {
  /** Built on first access (then cached). */
  rows: PlanRow[];
  requests: LeadRequest<P>[];
  summary: PlanSummary;
  /** One row by its index, without building `rows` (undefined when out of range). Not enumerable. */
  row(index: number): PlanRow | undefined;
  /** The rows that are not ok (invalid, duplicate), in index order, without building `rows` or any body. Not enumerable. */
  problems(): PlanRow[];
  /** The ok rows that carry warnings, as { index, warnings } in index order, without building `rows` or any body. Not enumerable. */
  warned(): { index: number; line?: number; warnings: Warning[] }[];
  /** Every row's input line as runs [index, line, ...]: row i of a run (index, line) is on line + (i - index); line 0: none. Not enumerable. */
  lines(): number[];
}

export interface PlanChunk<P extends ProviderId = ProviderId> {
  /** Built on first access (then cached). */
  rows: PlanRow[];
  /** One row of this chunk by its (planner-wide) index, without building `rows`. Not enumerable. */
  row(index: number): PlanRow | undefined;
  /** This chunk's rows that are not ok (invalid, duplicate), in index order, without building `rows` or any body. Not enumerable. */
  problems(): PlanRow[];
  /** This chunk's ok rows that carry warnings, as { index, warnings } in index order. Not enumerable. */
  warned(): { index: number; line?: number; warnings: Warning[] }[];
  /** Every row's input line as runs [index, line, ...]: row i of a run (index, line) is on line + (i - index); line 0: none. Not enumerable. */
  lines(): number[];
  /** The requests completed by this chunk. */
  requests: LeadRequest<P>[];
}

/** A streaming planner: memory bounded by the dedup index plus one unfinished batch. */
export interface Planner<P extends ProviderId = ProviderId> {
  /** `options.lines`: the rows' input lines (one integer >= 1 per row, e.g. a CSV record's `line`); rows then carry `line`. */
  push(rows: readonly unknown[], options?: { lines?: readonly number[] }): PlanChunk<P>;
  /**
   * Complete NDJSON lines (one lead a line; blank lines skipped), as text or UTF-8 bytes.
   * Successive texts are the next lines of one input: each row's `line` is counted across calls,
   * unless `options.lines` gives the line of each non-blank line of this text.
   */
  pushNdjson(text: string | Uint8Array, options?: { lines?: readonly number[] }): PlanChunk<P>;
  /** Flushes the last batch. The planner takes no more rows afterwards. */
  finish(): { requests: LeadRequest<P>[]; summary: PlanSummary };
  /** Frees the WASM memory. */
  delete(): void;
}

/** The input arguments of planInput / createInputPlanner, next to the plan options. */
export interface InputArgs {
  /** Else detected by the engine: the first character that is not white space ('[' JSON array, '{' NDJSON, else CSV). */
  format?: 'csv' | 'json' | 'ndjson' | 'jsonl';
  /** CSV: { "Header": "field" | "-" } applied to the engine's header mapping (as mapHeaders' map). */
  map?: Record<string, string> | Map<string, string>;
  /** CSV: , ; tab | (else guessed). */
  delimiter?: ',' | ';' | '\t' | 'tab' | '|';
  /** "rejected": input.cells holds the cells of the invalid and duplicate rows; "fix": those and the ok rows sent without some value; "all": of every row. */
  cells?: 'rejected' | 'fix' | 'all';
}

/** What the engine read: the format, a CSV's delimiter and header mapping, and each row's input line. */
export interface InputInfo {
  format: 'csv' | 'json' | 'ndjson' | null;
  delimiter: string | null;
  /** A CSV's header mapping (in the answer that read the header, and in planInput's result). */
  mapping: HeaderMapping | null;
  /** With cells: a CSV header's cells as written (where the mapping is). */
  columns?: string[];
  /** At the end: whether a CSV had a header line (null before). */
  header: boolean | null;
  /** Row index of lines[0]. */
  first: number;
  /** 1-based input line of each row of the answer, in index order. */
  lines: number[];
  /** With cells: "rejected": row index -> the row's cells (CSV) or [its JSON text]. */
  cells: Map<number, string[]>;
}

export interface InputPlanner<P extends ProviderId = ProviderId> {
  /** Bytes (or text) of the input, cut anywhere. */
  push(chunk: string | Uint8Array | ArrayBuffer): PlanChunk<P> & { input: InputInfo };
  /** The rows still held (a last line or record without its line end; a JSON array must be closed by then), the last requests and the summary. */
  finish(): PlanChunk<P> & { summary: PlanSummary; input: InputInfo };
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
  instantly: {
    status: string;
    total_sent: number;
    leads_uploaded: number;
    created_leads: { index: number; id: string; email?: string | null }[];
  } & Record<string, unknown>;
  smartlead: { ok: true; inserted_count: number; duplicate_count: number; blocked_count: number };
  lemlist: { _id: string; campaignId: string; isPaused: boolean } & Record<string, unknown>;
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

// ---------------------------------------------------------------- provider answers

export type RowResult = 'added' | 'duplicate' | 'rejected' | 'unknown';
export interface RowOutcome {
  index: number;
  result: RowResult;
  code?: string;
  message?: string;
}
export interface ResponseReading {
  outcome: 'accepted' | 'retry' | 'failed';
  /** From Retry-After (seconds or HTTP date), the body's retryAfter, or X-RateLimit-Reset; null when none. */
  retryAfterMs: number | null;
  error?: { code: string; message: string };
  rows: RowOutcome[];
  /** The answer's own counts when it counts rows without naming them (smartlead, instantly): rows it cannot attribute stay 'unknown'. */
  counts?: Record<string, number>;
}

// ---------------------------------------------------------------- describeProvider

export interface FieldDescription {
  /** Dotted path: "company.employeeCount". */
  path: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'freeObject' | 'stringArray' | 'any' | 'scalar';
  format:
    | null
    | 'email'
    | 'phone'
    | 'linkedinProfile'
    | 'linkedinCompany'
    | 'url'
    | 'domain'
    | 'uuid'
    | 'hexId24'
    | 'country';
  required: boolean;
  /** Bytes of a string value (null for non-string fields). */
  maxLength: number | null;
  /** false: read by leadroster (e.g. country), not sent. */
  send: boolean;
  description: string;
}

/** One row of src/engine/options.def, as engine.options() and describeProvider().options list it. */
export interface OptionDescription {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'array' | 'entries';
  /** The CLI flag of check, plan and push (`--<flag>`), or null. */
  flag: string | null;
  /** 'lead': every call that checks leads (LeadOptions); 'plan': plan, createPlanner and push (PlanOptions). */
  scope: 'lead' | 'plan';
  required: boolean;
  min?: number;
  /** engine.options(): null where the maximum is the provider's (describeProvider gives the number). */
  max?: number | null;
  values?: string[];
  /** engine.options(): null where the default is the provider's. */
  default?: unknown;
  format?: string;
  maxLength?: number;
  doc: string;
  /** A provider's own request option (Provider::requestOptions). */
  provider?: boolean;
}

export interface ProviderDescription {
  id: ProviderId;
  method: string;
  /** With a "{campaignId}" placeholder where the campaign id goes. */
  path: string;
  body: 'lead' | 'leads' | 'campaignIdAndLeads' | 'envelope';
  /** The key of the body's leads array ("leads", an envelope's own: "lead_list"); null when the body is the lead. */
  leadsKey: string | null;
  headers: { name: string; placeholder: string }[];
  batch: { min: number; max: number; default: number };
  /** Whether unknown columns can be sent as custom fields. */
  customFields: boolean;
  /** The object custom fields go into (null: flat on the lead). */
  customFieldsIn: string | null;
  fields: FieldDescription[];
  identity: { anyOf: string[]; dedupKeys: { field: string; kind: 'email' | 'linkedin' | 'phone' | 'id' }[] };
  template: { open: string; close: string };
  /** Documented limits on add-lead requests (empty when none documented). */
  rateLimits: { scope: 'add'; requests: number; windowSeconds: number; burst: number; per: 'key' | 'workspace' }[];
  options: OptionDescription[];
  /** The provider's name as shown to people ("SendPilot"); the id when its file gives none. */
  name: string;
  /** Where the API key goes; any one is accepted. basic: the key as the password, no user. */
  auth: { scheme: 'header' | 'bearer' | 'basic' | 'query'; name: string }[];
  /**
   * The provider's error answers: `body` is a template whose string values
   * "$status", "$statusText", "$code", "$message" are filled in, and "$index?",
   * "$details?", "$retryAfter?" filled in or their key dropped.
   */
  errors: {
    body: Record<string, unknown>;
    codes: Record<string, string>;
    defaultCode: string;
    missingKeyCode: string | null;
    invalidBatch: string | null;
  };
  /** GET / PATCH / DELETE on one lead ("{campaignId}", "{leadId}"), or null when not documented. */
  leadPath: string | null;
  /** Leads can change only while the campaign is a draft. */
  freezesOnLaunch: boolean;
  /** A lead without its identity refuses the whole request (400 naming its index). */
  refusesBatchWithoutIdentity: boolean;
  /** The Public Suffix List compiled into the engine: its source (the npm package that ships it) and date. */
  publicSuffixList: { version: string; date: string };
  /**
   * The lists behind the disposable_email and role_email warnings, compiled into
   * the engine: their source (the npm package and version) and entry count.
   */
  emailLists: {
    disposableDomains: { version: string; entries: number };
    roleAccounts: { version: string; entries: number };
  };
}

// ---------------------------------------------------------------- mapHeaders

export type MappingWarningCode = 'shared_field' | 'custom_columns' | 'ignored_columns' | 'missing_columns';

export interface ColumnMapping {
  /** The header as written in the file. */
  header: string;
  /** 0-based column index. */
  column: number;
  /** The provider field (dotted path; custom fields under the provider's custom object), or null when ignored. */
  field: string | null;
  how: 'exact' | 'alias' | 'user' | 'custom' | 'ignored';
  /** Orders several columns of one field (lower first; the first non-empty cell wins). */
  rank: number;
  /** First or last name joined into `field` (magnetite contactName). */
  part?: 'first' | 'last';
  /** A full-name column split into two fields. */
  split?: { first: string; last: string };
}

export interface HeaderMapping {
  mapping: ColumnMapping[];
  /** Required fields or identities no column supplies. */
  missing: { anyOf: string[]; message: string }[];
  warnings: { code: MappingWarningCode; message: string; headers: string[] }[];
}

// ---------------------------------------------------------------- the engine

export interface Engine {
  readonly version: string;
  providers(): ProviderId[];
  /** The provider as the engine knows it (fields, identity for these options, limits, options). */
  describeProvider(provider: ProviderId, options?: { channel?: 'email' | 'linkedin' } & Record<string, unknown>): ProviderDescription;
  /** Every stable code the engine reports. */
  /** Every option the engine takes (src/engine/options.def), with its type, range, CLI flag and doc. */
  options(): OptionDescription[];
  /** Every stable code (src/codes.def): the lists by kind, and `all` with each code's kinds, JS class and doc. */
  codes(): {
    errors: ErrorCode[];
    warnings: WarningCode[];
    mappingWarnings: MappingWarningCode[];
    argumentErrors: ArgumentErrorCode[];
    all: CodeInfo[];
  };
  /**
   * Spreadsheet headers to the provider's fields (case-, space-, punctuation- and
   * accent-insensitive; one alias table in the engine). `map`: { "Header": "field" | "-" }.
   */
  mapHeaders(
    provider: ProviderId,
    headers: readonly string[],
    args?: { map?: Record<string, string> | Map<string, string>; options?: { channel?: 'email' | 'linkedin' } & Record<string, unknown> },
  ): HeaderMapping;
  /** The engine's header alias table. */
  headerAliases(): { concept: string; targets: string[]; aliases: string[] }[];

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
  /**
   * plan() over rows given as text or bytes: a JSON array of rows or NDJSON
   * (detected by the first character that is not whitespace). Nothing is
   * parsed or serialized in JS on the way in.
   */
  planJson<P extends ProviderId>(provider: P, input: string | Uint8Array | ArrayBuffer, options: PlanOptions): Plan<P>;
  createPlanner<P extends ProviderId>(provider: P, options: PlanOptions): Planner<P>;
  /**
   * One entry for every input: CSV, a JSON array or NDJSON as bytes or text.
   * The engine detects the format (unless args.format names it), reads a CSV,
   * maps its header (mapHeaders, args.map applied) and types its cells;
   * no JS object is made per row. A quote never closed throws code
   * 'invalid_csv' with `.line`; a map naming a field the provider lacks throws
   * with option 'map'.
   */
  planInput<P extends ProviderId>(provider: P, input: string | Uint8Array | ArrayBuffer, args: PlanOptions & InputArgs): Plan<P> & { input: InputInfo };
  /** planInput in a stream: push(chunk) as bytes arrive, then finish(). */
  createInputPlanner<P extends ProviderId>(provider: P, args: PlanOptions & InputArgs): InputPlanner<P>;
  validateLead(provider: ProviderId, lead: unknown, options?: LeadOptions & { campaignId?: string }): LeadValidation;
  createRoster(provider: ProviderId, options?: RosterOptions): Roster;
  /** The provider's documented answer to each request of a plan. */
  predictResponse<P extends ProviderId>(
    provider: P,
    plan: { requests: readonly LeadRequest<P>[] },
  ): PredictedResponse<P>[];
  /** What the provider's answer to one request says about each row it carried. Never throws on the answer. */
  readResponse(
    provider: ProviderId,
    request: { indexes: readonly number[]; body?: unknown; bodyText?: string },
    status: number,
    headers: { forEach(cb: (value: string, name: string) => void): void } | Record<string, string> | readonly (readonly [string, string])[] | null | undefined,
    bodyText: string,
    options?: { now?: number },
  ): ResponseReading;
  /**
   * The emulator's answer to one add request (`leadroster emulate`): the
   * provider's documented body for what its campaign made of each lead (rows:
   * what a Roster's add returned). A status >= 400 carries the error's facts
   * ({code?, message, details?}) for `describeProvider().errors.body`.
   */
  emulateAnswer(
    provider: ProviderId,
    request: { campaignId: string; leads: readonly unknown[]; rows: readonly RosterRow[]; requestNumber?: number },
  ): { status: number; body: Record<string, unknown> };
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
