// `leadroster validate --provider <id> '<lead json>' | -`: one lead through the engine's validator.
import { UsageError, InputError } from './errors.mjs';
import { parseFlags, optionFlagSpec, optionsFromFlags } from './args.mjs';
import { loadEngine, optionError, requireProvider } from './common.mjs';
import { decodeUtf8 } from '../utf8.mjs';

export const HELP = `leadroster validate --provider <id> [--channel email|linkedin] [--default-country CC]
                    [--template "..."] [--fold-gmail] '<lead json>' | -
Prints {ok, lead, errors, warnings} for one lead as JSON ('-' reads the lead from stdin).
Exits 0 whether or not the lead is valid; 2 when the lead is not JSON.`;

// validate's own flags; it takes the lead options (not a file of --existing leads).
const VALIDATE_FLAGS = {
  provider: 'string',
  help: 'bool',
};

async function readStdin() {
  const parts = [];
  for await (const c of process.stdin) parts.push(typeof c === 'string' ? Buffer.from(c) : c);
  return decodeUtf8(Buffer.concat(parts), 'stdin');
}

export async function run(argv) {
  const engine = await loadEngine();
  const { flags, positional } = parseFlags('validate', argv, { ...VALIDATE_FLAGS, ...optionFlagSpec(engine, ['lead'], { files: false }) });
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const provider = requireProvider(flags, engine);
  const options = optionsFromFlags(engine, flags, ['lead']);
  if (positional.length !== 1) throw new UsageError("validate takes one lead as JSON ('{...}') or - for stdin");
  let text = positional[0];
  if (text === '-') {
    try {
      text = await readStdin();
    } catch (e) {
      throw new InputError(`stdin: ${e.message}`);
    }
  }
  let lead;
  try {
    lead = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`the lead is not valid JSON: ${e.message}`);
  }
  let result;
  try {
    result = engine.validateLead(provider, lead, options);
  } catch (e) {
    throw optionError(e);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  return 0;
}
