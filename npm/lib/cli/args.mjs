// Flag parsing for every CLI command: --name value,
// --name=value, booleans, and repeatable flags (collected into arrays).
import { UsageError } from './errors.mjs';
export { UsageError };

export function parseFlags(command, argv, spec) {
  const flags = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-h') {
      flags.help = true;
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const type = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
      if (!type) throw new UsageError(`unknown flag --${name} for '${command}' (see leadroster ${command} --help)`);
      if (type === 'bool') {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        flags[name] = true;
        continue;
      }
      let value;
      if (eq >= 0) value = a.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`--${name} needs a value`);
      if (type === 'list') (flags[name] = flags[name] || []).push(value);
      else flags[name] = value;
      continue;
    }
    // A negative number ("-5") is a value, not a flag.
    if (a.length > 1 && a.startsWith('-') && !/^-\d/.test(a)) {
      throw new UsageError(`unknown flag ${a} for '${command}' (see leadroster ${command} --help)`);
    }
    positional.push(a);
  }
  return { flags, positional };
}

export function intFlag(flags, name, min, max) {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new UsageError(`--${name} must be an integer ${min}..${max}, not ${JSON.stringify(v)}`);
  return n;
}

export function duration(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

// ---------------------------------------------------------------- option flags
// An option whose CLI value is a file: 'array' (existing: a file of leads) and
// 'entries' (suppressed: a file of suppression entries); the command reads it.
const isFileOption = (o) => o.type === 'array' || o.type === 'entries';

// The engine's options (engine.options(): src/engine/options.def) are the
// option flags of check, plan and push: one flag per option, named by the
// table, so a new engine option is a flag of every command without an edit here.

/**
 * { flag: 'bool' | 'string' } for parseFlags, for the engine's options (`scopes`: which ones;
 * `files: false` leaves out the options whose value is a file of leads, e.g. --existing).
 */
export function optionFlagSpec(engine, scopes = ['lead', 'plan'], { files = true } = {}) {
  const spec = {};
  for (const o of engine.options()) {
    if (!o.flag || !scopes.includes(o.scope) || (!files && isFileOption(o))) continue;
    spec[o.flag] = o.type === 'boolean' ? 'bool' : 'string';
  }
  return spec;
}

/** The option a flag stands for (e.g. 'batch-size' -> 'batchSize'), and back. */
export function optionOfFlag(engine, flag) {
  const o = engine.options().find((x) => x.flag === flag);
  return o ? o.name : undefined;
}
export function flagOfOption(engine, name) {
  const o = engine.options().find((x) => x.name === name);
  return o && o.flag ? o.flag : undefined;
}

/**
 * The engine options the parsed flags give: a boolean flag is true, an integer
 * flag a number (a UsageError when it is not a whole number), a string as typed.
 * An option whose value is a file (existing, suppressed) is left to the command.
 */
export function optionsFromFlags(engine, flags, scopes = ['lead', 'plan']) {
  const out = {};
  for (const o of engine.options()) {
    if (!o.flag || !scopes.includes(o.scope) || flags[o.flag] === undefined || isFileOption(o)) continue;
    const v = flags[o.flag];
    if (o.values && !o.values.includes(v)) throw new UsageError(`--${o.flag} must be one of ${o.values.join(', ')}, not ${JSON.stringify(v)}`);
    if (o.type === 'boolean') out[o.name] = true;
    else if (o.type === 'integer') {
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--${o.flag} must be a whole number, not ${JSON.stringify(v)}`);
      out[o.name] = Number(v);
    } else out[o.name] = v;
  }
  return out;
}

/** An engine error (err.option names the option) as a UsageError naming the flag. */
export function optionUsageError(engine, e) {
  const flag = e && typeof e.option === 'string' ? flagOfOption(engine, e.option) : undefined;
  return new UsageError(flag ? `--${flag}: ${e.message}` : e && e.message ? e.message : String(e));
}
