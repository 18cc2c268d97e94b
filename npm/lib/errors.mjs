// The JS error rule (README "Errors"): a bad argument throws, bad data never does.
//
// - A wrong type (rows not an array, options not an object, an option of the
//   wrong JSON type, a required option missing) throws a TypeError.
// - A value out of range, an unknown provider, an unknown option name or an
//   option value that cannot be used throws a RangeError.
// - Anything else the engine refuses as a whole (a finished or deleted
//   planner, an internal error) throws a plain Error.
// The class of each code is src/codes.def's jsClass column.
// Every one carries `.code` (a stable code, never renamed) and `.option` (the
// option or query key to blame, or null); the message names the argument.
// Invalid leads, emails, phones... come back as values with codes instead.

// Which class each code throws is the engine's table (src/codes.def, read
// through engine.codes() when an engine is made): no list of codes here.
const CLASSES = { TypeError, RangeError, Error };
const classOf = new Map(); // code -> TypeError | RangeError | Error

/** Records the engine's codes (engine.codes()); makeEngine calls it once per engine. */
export function registerCodes(codes) {
  for (const c of codes.all) if (c.jsClass && CLASSES[c.jsClass]) classOf.set(c.code, CLASSES[c.jsClass]);
}

/** The error to throw for a bad argument: TypeError, RangeError or Error by `code` (codes.def's jsClass). */
export function argumentError(code, message, option = null) {
  const Kind = classOf.get(code) || Error;
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
