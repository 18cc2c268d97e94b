// The JS error rule (README "Errors"): a bad argument throws, bad data never does.
//
// - A wrong type (rows not an array, options not an object, an option of the
//   wrong JSON type, a required option missing) throws a TypeError.
// - A value out of range, an unknown provider or an unknown option name
//   throws a RangeError.
// - Anything else the engine refuses as a whole (a finished or deleted
//   planner, an internal error) throws a plain Error.
// Every one carries `.code` (a stable code, never renamed) and `.option` (the
// option or query key to blame, or null); the message names the argument.
// Invalid leads, emails, phones... come back as values with codes instead.

const TYPE_CODES = new Set(['invalid_type', 'missing_field']);
const RANGE_CODES = new Set(['invalid_value', 'unknown_provider', 'unknown_option', 'invalid_option']);

/** The error to throw for a bad argument: TypeError, RangeError or Error by `code`. */
export function argumentError(code, message, option = null) {
  const Kind = TYPE_CODES.has(code) ? TypeError : RANGE_CODES.has(code) ? RangeError : Error;
  const err = new Kind(message);
  err.code = code;
  err.option = option;
  return err;
}

/** A wrong-type argument: TypeError with code 'invalid_type'. */
export const typeError = (message, option = null) => argumentError('invalid_type', message, option);

/** The engine's structured fatal {option, code, message} as an error to throw. */
export function fatalError(fatal) {
  return argumentError(fatal.code, fatal.message, fatal.option ?? null);
}

/** Parses an engine answer; throws when it is {"fatal": {...}}. */
export function fatalCheck(json) {
  const r = JSON.parse(json);
  if (r !== null && typeof r === 'object' && !Array.isArray(r) && r.fatal !== null && typeof r.fatal === 'object') {
    throw fatalError(r.fatal);
  }
  return r;
}

/** Throws the fatal a handle's createError() returned ("" when it was created). */
export function throwCreateError(handle) {
  const text = handle.createError();
  if (!text) return;
  handle.delete();
  fatalCheck(text);
  throw argumentError('internal_error', 'the engine refused to create the object: ' + text);
}
