// Types for leadroster/edge (lib/edge.mjs): a fetch handler over the engine.
import type { Engine, ErrorCode, LeadRequest, PlanSummary, Problem, RowStatus, Warning, Lead, WarningCode } from '../index.js';

export interface EdgeLimits {
  /** The largest body taken, by Content-Length or counted while streaming (default 16 MiB); more is a 413 body_too_large. */
  maxBodyBytes?: number;
  /** The most rows one body may hold (default 100,000); more is a 413 too_many_rows (reading stops there). */
  maxRows?: number;
  /** Rows with problems listed in the answer (default 1,000); every one is counted in `problems.codes`. */
  maxProblems?: number;
  /** The most text of planned requests in one answer (default 16 MiB); more is a 413 answer_too_large. */
  maxAnswerBytes?: number;
}

export interface EdgeOptions extends EdgeLimits {
  /** Gives the engine, called per request (load() caches): e.g. () => load({ module: wasm }). */
  engine: () => Promise<Engine> | Engine;
}

export declare const DEFAULT_LIMITS: Readonly<Required<EdgeLimits>>;

/** A value a row's warning left out of the request. */
/** A value the user gave that is left out of the request (the row is still sent without it). */
export interface DroppedValue {
  field: string | null;
  code: ErrorCode | WarningCode;
  /** Plain words: why it was left out. */
  message: string;
}

/** A row with something to tell: not ok, or ok with warnings (then without `lead`: it is in its request). */
export interface EdgeRow {
  /** 0-based position among the body's rows. */
  index: number;
  /** 1-based line of the body where the row starts (CSV: the header is line 1). */
  line: number;
  status: RowStatus;
  lead?: Lead;
  errors: Problem<ErrorCode>[];
  warnings: Warning[];
  /** The values left out of the request. */
  dropped: DroppedValue[];
  duplicateOf: number | 'existing' | null;
  /** The line (in the same body) of the row it duplicates; null for 'existing' or not a duplicate. */
  duplicateOfLine: number | null;
  matchedOn: string | null;
}

/** 200 of POST /plan. */
export interface EdgePlanAnswer {
  summary: PlanSummary;
  problems: {
    /** Rows with something to tell (invalid, duplicate, or ok with warnings). */
    rows: number;
    /** How many of them `rows` lists (at most maxProblems). */
    listed: number;
    truncated: boolean;
    /** Every error and warning counted by code, over all rows; `duplicate` counts duplicate rows. */
    codes: Record<string, number>;
  };
  /** Each body is the exact JSON to send. */
  requests: Omit<LeadRequest, 'bodyText'>[];
  rows: EdgeRow[];
}

/** The error answer (400, 404, 405, 413, 415, 500). */
export interface EdgeError {
  error: {
    code:
      | 'invalid_json'
      | 'invalid_csv'
      | 'invalid_utf8'
      | 'unknown_provider'
      | 'invalid_options'
      | 'invalid_option'
      | 'unknown_option'
      | 'body_too_large'
      | 'too_many_rows'
      | 'answer_too_large'
      | 'unsupported_media_type'
      | 'method_not_allowed'
      | 'not_found'
      | 'internal_error';
    message: string;
    /** 1-based body line (invalid_json, invalid_csv, invalid_utf8). */
    line?: number;
    /** Character offset (invalid_json) or byte offset (invalid_utf8). */
    offset?: number;
    /** Row index (a JSON array element that is not JSON). */
    index?: number;
    /** The query parameter to blame. */
    option?: string;
    /** The limit passed (413). */
    limit?: number;
  };
}

export interface EdgeHandler {
  readonly limits: Readonly<Required<EdgeLimits>>;
  fetch(request: Request): Promise<Response>;
}

/**
 * POST /plan?provider=P&campaignId=ID&... with a JSON array, NDJSON or CSV body -> EdgePlanAnswer;
 * POST /validate?provider=P with one lead -> { ok, lead, errors, warnings, dropped }.
 */
export declare function createHandler(options: EdgeOptions): EdgeHandler;

/** The values `warnings` left out of the request. */
export declare function droppedOf(warnings: readonly Warning[]): DroppedValue[];

/** Splits a streamed JSON array into the source text of its elements (lines: each element's 1-based line). */
export declare class JsonArraySplitter {
  readonly count: number;
  readonly lines: number[];
  push(text: string): string[];
  end(): void;
}
