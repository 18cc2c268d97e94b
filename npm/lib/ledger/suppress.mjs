// Suppression entries: who must never be pushed again, whatever the input says.
// Values are stored normalized by the engine's own normalizers, the form the
// planner compares leads in (a domain matches every email at it).
import { LedgerError } from './schema.mjs';

export const KINDS = ['email', 'domain', 'phone', 'linkedin'];
export const REASONS = ['unsubscribed', 'bounced', 'complained', 'do-not-contact', 'manual'];

/** The normalized value of one entry, or throws LedgerError invalid_value (with .kind, .value). */
export function normalizeSuppression(engine, kind, value, { defaultCountry } = {}) {
  if (!KINDS.includes(kind)) throw new LedgerError('invalid_kind', `kind must be one of ${KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
  const raw = typeof value === 'string' ? value.trim() : '';
  if (raw === '') throw new LedgerError('invalid_value', `a ${kind} suppression needs a value`);
  let r;
  if (kind === 'email') r = engine.normalizeEmail(raw);
  else if (kind === 'phone') r = engine.normalizePhone(raw, defaultCountry || null);
  else if (kind === 'linkedin') r = engine.normalizeLinkedInUrl(raw);
  else {
    const host = raw.includes('@') ? raw.slice(raw.lastIndexOf('@') + 1) : raw;
    r = engine.normalizeDomain(host);
  }
  if (!r.ok) {
    const e = new LedgerError('invalid_value', `${kind} ${JSON.stringify(raw)}: ${r.message}`);
    e.kind = kind;
    e.value = raw;
    e.reason = r.code;
    throw e;
  }
  return kind === 'email' ? r.value.toLowerCase() : r.value;
}

export function checkReason(reason) {
  if (!REASONS.includes(reason)) throw new LedgerError('invalid_reason', `reason must be one of ${REASONS.join(', ')}, not ${JSON.stringify(reason)}`);
  return reason;
}

/** The engine's plan option for a workspace's entries: [{kind, value}]. */
export function suppressionOption(entries) {
  return entries.map((e) => ({ kind: e.kind, value: e.value }));
}

/** The kinds the fields of a provider hold (format -> kind), for import. */
export function suppressibleFields(description) {
  const out = [];
  for (const f of description.fields) {
    const kind = f.format === 'email' ? 'email' : f.format === 'phone' ? 'phone' : f.format === 'linkedinProfile' ? 'linkedin' : null;
    if (kind && !f.path.includes('.')) out.push({ field: f.path, kind });
  }
  return out;
}

/** The kind a bare value names: an email, a domain ("@acme.com" or "acme.com"), a LinkedIn URL or a phone. */
export function inferKind(value) {
  const v = String(value).trim();
  if (/^@/.test(v)) return 'domain';
  if (/linkedin\.com\//i.test(v)) return 'linkedin';
  if (/^[^@\s]+@[^@\s]+$/.test(v)) return 'email';
  if (/^\+?[\d\s().\-/]+$/.test(v) && v.replace(/\D/g, '').length >= 6) return 'phone';
  return 'domain';
}

/**
 * The entries of a suppression file for options.suppressed: a CSV with a
 * header holding `value` (and optionally `kind`, as `leadroster ledger export`
 * writes it), or one value per line (its kind inferred). Values are normalized
 * as the engine compares them; a value that cannot be is a LedgerError
 * invalid_value naming the file's line (err.line).
 */
export function readSuppressionText(engine, text, { defaultCountry } = {}) {
  const lines = String(text)
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/);
  const split = (l) => l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const head = split(lines[0] || '').map((h) => h.toLowerCase());
  const hasHeader = head.includes('value');
  const vi = hasHeader ? head.indexOf('value') : 0;
  const ki = hasHeader ? head.indexOf('kind') : -1;
  const out = [];
  for (let i = hasHeader ? 1 : 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const cells = hasHeader ? split(l) : [l.trim()];
    const value = cells[vi] ?? '';
    const kind = ki >= 0 && cells[ki] ? cells[ki].toLowerCase() : inferKind(value);
    try {
      out.push({ kind, value: normalizeSuppression(engine, kind, value, { defaultCountry }) });
    } catch (e) {
      e.line = i + 1;
      e.message = `line ${i + 1}: ${e.message}`;
      throw e;
    }
  }
  return out;
}
