// Types for leadroster/csv (lib/csv.mjs): CSV in and out on Papa Parse (vendored).
import type { ColumnMapping, HeaderMapping, ProviderDescription } from '../index.js';

export declare const DELIMITERS: readonly [',', ';', '\t', '|'];

export declare class CsvError extends Error {
  /** The file line (1-based) where the problem starts, when known. */
  line?: number;
  /** invalid_utf8: bytes that are not UTF-8 (`line` is the bad byte's); invalid_csv: anything else. */
  code: 'invalid_csv' | 'invalid_utf8';
}

export interface CsvRecord {
  /** The file line (1-based) where the record starts. */
  line: number;
  /** Every cell a string. */
  cells: string[];
}

export interface CsvReadOptions {
  /** , ; tab (or 'tab') |; detected among those when absent. */
  delimiter?: string;
}

/**
 * Streaming reader: push pieces of text of any size; records come out as they complete.
 * The header is not taken out: it is the first record of the first non-empty batch
 * (push() or csvRecords()). Map it with engine.mapHeaders(provider, record.cells),
 * then turn every later record into a lead with leadMapper(...).toLead(record.cells).
 */
export declare class CsvReader {
  constructor(options?: CsvReadOptions);
  /** The delimiter in use ('' until detected: on the first 1 MiB of text, or at end()). */
  readonly delimiter: string;
  /** Records completed so far; none before 1 MiB of text or end() (the line ending and delimiter guess). */
  push(text: string): CsvRecord[];
  end(): CsvRecord[];
}

/** Whole text -> records (arrays of strings), blank lines skipped, BOM dropped. */
export declare function parseCsv(text: string, options?: CsvReadOptions): string[][];

/**
 * Streams records from a string, a Blob/File, a ReadableStream or an (async) iterable of strings/bytes.
 * The header is the first record of the first batch. Bytes are checked as UTF-8: a bad byte
 * rejects with a CsvError whose code is 'invalid_utf8' and whose line is the byte's.
 */
export declare function csvRecords(
  source: string | Blob | ReadableStream<Uint8Array | string> | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options?: CsvReadOptions & { /** Called once with the delimiter in use (given or detected). */ onDelimiter?: (delimiter: string) => void },
): AsyncGenerator<CsvRecord[]>;

/** guardCell: a cell starting with = + - @ tab or CR (not a plain number) gets a leading '. */
export declare function neutralizeFormula(cell: unknown): string;

/**
 * Rows (the first is the header) -> CSV text with CRLF, a UTF-8 byte-order mark
 * first (unless `bom: false`), formulas neutralized in a way this module's
 * reader undoes (see guardCell).
 */
export declare function writeCsv(rows: readonly (readonly unknown[])[], options?: { delimiter?: string; bom?: boolean }): string;
/** A leading apostrophe on a cell a spreadsheet would run as a formula (= + - @ tab CR first), not on a plain number such as +33612345678. */
export declare function guardCell(cell: unknown): string;
/** The reader's inverse of guardCell: unguardCell(guardCell(s)) === s. */
export declare function unguardCell(cell: string): string;
/** One CSV record (guarded, quoted as needed), CRLF-terminated. */
export declare function csvLine(cells: readonly unknown[], delimiter?: string): string;
/** The UTF-8 byte-order mark the writer puts first. */
export declare const BOM: string;

/** Records to leads, from engine.describeProvider() and engine.mapHeaders(). */
export declare function leadMapper(
  description: ProviderDescription,
  mapped: HeaderMapping,
): { toLead(cells: readonly string[]): Record<string, unknown>; headerFor(field: string | null): string | null };

export type { ColumnMapping };

/** Records to objects keyed by the header names as written (no mapping: for callers that already use the provider's field names). */
export declare class CsvObjectReader {
  constructor(options?: CsvReadOptions & {
    nest?: (header: string) => boolean;
    types?: Record<string, 'integer' | 'number' | 'boolean' | 'string[]'>;
  });
  push(text: string): Record<string, unknown>[];
  end(): Record<string, unknown>[];
}
