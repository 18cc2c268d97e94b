// Pieces the CLI's commands share: the engine, its option errors as flag
// errors, the provider flag, and I/O errors as the exit-code policy reads them
// (./errors.mjs).
import { UsageError, InputError } from './errors.mjs';
import { optionUsageError } from './args.mjs';

// The engine's error names the option it refuses (err.option): name the flag
// (the option table's, engine.options()).
let optionEngine = null;
export function optionError(e) {
  return optionEngine ? optionUsageError(optionEngine, e) : new UsageError(e && e.message ? e.message : String(e));
}

export async function loadEngine() {
  const { load } = await import('../../index.mjs');
  optionEngine = await load();
  return optionEngine;
}

export function oneOf(flag, value, allowed) {
  if (value !== undefined && !allowed.includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value;
}

// The provider list is the engine's.
export function requireProvider(flags, engine) {
  const ids = engine.providers();
  if (flags.provider === undefined) throw new UsageError(`--provider is required (one of ${ids.join(', ')})`);
  return oneOf('provider', flags.provider, ids);
}

/** engine.describeProvider(provider, options), a UsageError for a missing or unknown provider. */
export function describeProviderOrUsage(engine, provider, options) {
  const ids = engine.providers();
  if (provider === undefined) throw new UsageError(`--provider is required (one of ${ids.join(', ')})`);
  if (!ids.includes(provider)) throw new UsageError(`--provider must be one of ${ids.join(', ')}, not ${JSON.stringify(provider)}`);
  try {
    return engine.describeProvider(provider, options);
  } catch (e) {
    throw new UsageError(e.message);
  }
}

/** A system error (it has a code) while reading or writing `what`, as an InputError (exit 1). */
export function ioError(e, what) {
  if (e instanceof UsageError || e instanceof InputError) return e;
  if (e && e.code) return new InputError(`${what}: ${e.message}`);
  return e;
}

/** A campaign id the provider accepts, for planning what is never sent (check, ledger import). */
export function placeholderCampaign(description, name) {
  const o = description.options.find((x) => x.name === 'campaignId');
  return o && o.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : name;
}
