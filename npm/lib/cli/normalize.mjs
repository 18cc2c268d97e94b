// `leadroster normalize <kind> <value>`: the engine's normalizer for one value, as JSON.
import { UsageError } from './errors.mjs';
import { parseFlags } from './args.mjs';
import { loadEngine } from './common.mjs';

export const HELP = `leadroster normalize <email|phone|linkedin|domain|uuid> <value> [--default-country CC]
Prints the engine's answer as JSON: {"ok":true,"value":...} or {"ok":false,"code":...,"message":...}.
--default-country applies to phone only. Exits 0 whether or not the value is valid.`;

const NORMALIZE_FLAGS = { 'default-country': 'string', help: 'bool' };

const NORMALIZERS = {
  email: (e, v) => e.normalizeEmail(v),
  phone: (e, v, cc) => e.normalizePhone(v, cc),
  linkedin: (e, v) => e.normalizeLinkedInUrl(v),
  domain: (e, v) => e.normalizeDomain(v),
  uuid: (e, v) => e.normalizeUuid(v),
};

export async function run(argv) {
  const { flags, positional } = parseFlags('normalize', argv, NORMALIZE_FLAGS);
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const kinds = Object.keys(NORMALIZERS);
  if (positional.length < 1) throw new UsageError(`normalize needs a kind (${kinds.join(', ')}) and a value`);
  const kind = positional[0];
  if (!kinds.includes(kind)) throw new UsageError(`normalize: unknown kind ${JSON.stringify(kind)}; use one of ${kinds.join(', ')}`);
  if (positional.length < 2) throw new UsageError(`normalize ${kind} needs a value`);
  if (positional.length > 2) throw new UsageError(`normalize takes one value; quote it if it has spaces`);
  const cc = flags['default-country'];
  if (cc !== undefined && kind !== 'phone') throw new UsageError('--default-country applies to phone only');
  if (cc !== undefined && !/^[A-Za-z]{2}$/.test(cc)) {
    throw new UsageError(`--default-country must be an ISO 3166 alpha-2 code like US or FR, not ${JSON.stringify(cc)}`);
  }
  const engine = await loadEngine();
  const result = NORMALIZERS[kind](engine, positional[1], cc);
  process.stdout.write(JSON.stringify(result) + '\n');
  return 0;
}
