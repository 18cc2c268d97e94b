// Flag parsing for every CLI command: --name value,
// --name=value, booleans, and repeatable flags (collected into arrays).
export class UsageError extends Error {} // exit 2

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

/** Runs a command's run(argv): usage errors exit 2, other errors 1 (message only, never a key). */
export async function runCommand(label, run, argv) {
  try {
    return await run(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${label}: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`${label}: ${e && e.message ? e.message : e}\n`);
    return 1;
  }
}
