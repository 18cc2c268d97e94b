// Turning JS arguments into the JSON text the engine reads, and the engine's
// JSON answers back into values or errors.

// JSON.stringify writes a lone UTF-16 surrogate as a \udXXX escape; the
// engine reads such an escape as U+FFFD, as the normalizers do for strings.
export function toJson(value) {
  return JSON.stringify(value);
}

// Options, patch fields, remove arguments, filters and plans are read by the
// engine's document parser, which rejects a \udXXX escape of a lone surrogate
// ("options: not valid JSON", "fields must be a JSON object"): replace each
// with \ufffd. Escapes are matched left to right, so an escaped backslash
// followed by "ud800" is never misread.
export function docJson(value) {
  const text = JSON.stringify(value);
  if (text === undefined || !/\\u[dD][89a-fA-F]/.test(text)) return text;
  return text.replace(/\\(u[dD][89a-fA-F][0-9a-fA-F]{2}|[^u])/g, (m, g) => (g.length === 5 ? '\\ufffd' : m));
}

// Bad arguments throw TypeError/RangeError with a code (npm/lib/errors.mjs).
export { fatalCheck } from './errors.mjs';
import { argumentError, typeError } from './errors.mjs';

export function checkProvider(providers, provider) {
  if (typeof provider !== 'string' || !providers.includes(provider)) {
    const message = `provider must be one of ${providers.join(', ')}; got ${JSON.stringify(String(provider))}`;
    throw typeof provider === 'string' ? argumentError('unknown_provider', message) : typeError(message);
  }
}

export function optionsJson(options) {
  if (options === undefined || options === null) return '{}';
  if (typeof options !== 'object' || Array.isArray(options)) throw typeError('options must be an object');
  try {
    return docJson(options);
  } catch (e) {
    throw typeError('options cannot be serialized to JSON: ' + e.message);
  }
}

// Serializes rows to one JSON array text. A row JSON.stringify cannot handle
// (a BigInt, a cycle) becomes a token the engine reports as invalid for that
// row; `unserializable` maps its position to the reason.
export function rowsJson(rows, start, end, unserializable) {
  const slice = rows.slice(start, end);
  try {
    return toJson(slice);
  } catch (_) {
    const parts = new Array(slice.length);
    for (let i = 0; i < slice.length; i++) {
      try {
        const s = toJson(slice[i]);
        parts[i] = s === undefined ? 'null' : s;
      } catch (e) {
        parts[i] = '!';
        unserializable.set(start + i, e.message);
      }
    }
    return '[' + parts.join(',') + ']';
  }
}

export function fixUnserializable(rows, unserializable, offset) {
  if (unserializable.size === 0) return;
  for (const row of rows) {
    const why = unserializable.get(row.index - offset);
    if (why !== undefined) row.errors[0].message = 'the row cannot be serialized to JSON: ' + why;
  }
}

// Lone UTF-16 surrogates cannot be encoded as UTF-8; replace them with U+FFFD
// before a string crosses into the engine.
export const wellFormed = typeof String.prototype.toWellFormed === 'function' ? (s) => s.toWellFormed() : (s) => s;

export function notString(code, what) {
  return { ok: false, code, message: `${what} must be a string` };
}
