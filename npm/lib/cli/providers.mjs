// `leadroster providers`: the providers the engine knows.
import { UsageError } from './errors.mjs';
import { parseFlags } from './args.mjs';
import { loadEngine } from './common.mjs';

export const HELP = `leadroster providers [--json]
Lists the providers the engine knows, with their endpoint and batch limits.`;

export async function run(argv) {
  const { flags, positional } = parseFlags('providers', argv, { json: 'bool', help: 'bool' });
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positional.length > 0) throw new UsageError('providers takes no arguments');
  const engine = await loadEngine();
  const all = engine.providers().map((id) => engine.describeProvider(id));
  if (flags.json) {
    process.stdout.write(JSON.stringify(all) + '\n');
    return 0;
  }
  for (const d of all) {
    const identity = d.identity.anyOf.length
      ? d.identity.anyOf.join(' | ')
      : d.fields
          .filter((f) => f.required)
          .map((f) => f.path)
          .join(' + ');
    process.stdout.write(`${d.id.padEnd(10)} ${d.method} ${d.path.padEnd(34)} ${d.batch.min}..${d.batch.max} per call  identity: ${identity}\n`);
  }
  return 0;
}
