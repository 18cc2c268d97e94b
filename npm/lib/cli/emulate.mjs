// `leadroster emulate`: runs the local emulator until SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import { createEmulator, parseFaults, parseCampaign } from '../emulator.mjs';
import { UsageError } from './errors.mjs';
import { parseFlags, intFlag } from './args.mjs';
import { loadEngine } from './common.mjs';

export const HELP = `leadroster emulate --key KEY [--key KEY2] --campaign provider:id[:status[:channel]] ...
    [--seed FILE] [--state FILE] [--port N] [--host 127.0.0.1] [--allow-non-loopback] [--faults SPEC]

A local HTTP server that answers like each documented API of \`leadroster
providers\` (same paths, the key checked where the provider takes it against
the --key values, 404 for an unknown campaign, each provider's validation and
error bodies, dedup against what the campaign holds, documented rate limits
with X-RateLimit-* headers, GET/PATCH/DELETE on draft campaigns where
documented). Prints its URL on stdout.
  --campaign   provider:id[:status[:channel]]  (repeatable)
  --seed FILE  JSON {campaigns:[{provider,id,status?,channel?,leads?:[...]}]}
  --state FILE restore from and save to FILE (each change appended as one
               line, compacted to one snapshot at start and on exit)
  --port N     default 0: a free port
  --host H     a loopback address (default 127.0.0.1); any other needs
               --allow-non-loopback (the emulator answers anyone who reaches it)
  --faults     e.g. 429=0.15,500=0.1,drop=0.05,drop-after=0.05,latency=50
               (drop-after: the leads are stored and the answer is lost;
               retry-after=S for injected 429s, seed=N for the random draws)
  --key        also read from LEADROSTER_EMULATOR_KEYS (comma-separated)
GET /_emulator/state shows what each campaign holds (?leads=1 lists every
lead and needs one of the keys: Authorization: Bearer KEY or X-Api-Key).`;

export async function run(argv) {
  const { flags, positional } = parseFlags('emulate', argv, {
    key: 'list',
    campaign: 'list',
    seed: 'string',
    state: 'string',
    port: 'string',
    host: 'string',
    'allow-non-loopback': 'bool',
    faults: 'string',
    help: 'bool',
  });
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positional.length) throw new UsageError(`emulate takes no positional arguments (got ${positional[0]})`);
  const keys = (flags.key || []).concat((process.env.LEADROSTER_EMULATOR_KEYS || '').split(',').filter(Boolean));
  if (keys.length === 0) throw new UsageError('give at least one --key (the API keys the emulator accepts)');
  let faults;
  try {
    faults = parseFaults(flags.faults);
  } catch (e) {
    throw new UsageError(`--faults: ${e.message}`);
  }
  let campaigns = [];
  try {
    campaigns = (flags.campaign || []).map(parseCampaign);
    if (flags.seed) campaigns = campaigns.concat(JSON.parse(readFileSync(flags.seed, 'utf8')).campaigns || []);
  } catch (e) {
    throw new UsageError(e.message);
  }
  const host = flags.host || '127.0.0.1';
  const port = intFlag(flags, 'port', 0, 65535) || 0;
  const engine = await loadEngine();
  let emu;
  try {
    emu = createEmulator({ engine, keys, campaigns, faults, stateFile: flags.state, host, allowNonLoopback: !!flags['allow-non-loopback'] });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const { url } = await emu.listen(port);
  const st = emu.state(false);
  process.stdout.write(`leadroster emulator listening on ${url}\n`);
  for (const c of st.campaigns) process.stdout.write(`  ${c.provider} campaign ${c.id} (${c.status}${c.channel ? ', ' + c.channel : ''}): ${c.count} leads\n`);
  return await new Promise((resolve) => {
    const stop = async () => {
      await emu.close();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
