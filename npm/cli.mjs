#!/usr/bin/env node
// leadroster command line: the top-level help, --version, and the dispatch of
// each command to its module, lib/cli/<command>.mjs (HELP, run(argv) -> exit
// code), under the one exit-code policy of lib/cli/errors.mjs: 0 done, 2 bad
// arguments, 1 I/O errors, and each command's own documented outcomes.
import { readFileSync } from 'node:fs';
import { UsageError, runCommand } from './lib/cli/errors.mjs';

// command -> its module, in the order the "unknown command" message lists them.
const COMMANDS = {
  plan: () => import('./lib/cli/plan.mjs'),
  normalize: () => import('./lib/cli/normalize.mjs'),
  validate: () => import('./lib/cli/validate.mjs'),
  check: () => import('./lib/cli/check.mjs'),
  providers: () => import('./lib/cli/providers.mjs'),
  describe: () => import('./lib/cli/describe.mjs'),
  push: () => import('./lib/cli/push.mjs'),
  report: () => import('./lib/cli/report.mjs'),
  emulate: () => import('./lib/cli/emulate.mjs'),
  ledger: () => import('./lib/cli/ledger.mjs'),
};

function version() {
  try {
    return JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;
  } catch (_) {
    return 'unknown';
  }
}

// The usage of every command, then plan's guide (lib/cli/plan.mjs).
const USAGE = `leadroster — validate, normalize, dedup and batch sales leads for the
outreach providers \`leadroster providers\` lists.

Usage:
  leadroster check <file> --provider <id> [options]     (exit 1 when a row is invalid)
  leadroster plan --provider <id> --campaign-id <id> [options] <input>
  leadroster providers | leadroster describe <id>
  leadroster normalize <email|phone|linkedin|domain|uuid> <value> [--default-country CC]
  leadroster validate --provider <id> [options] '<lead json>' | -
  leadroster push <file> --provider <id> --campaign-id <id> --base-url <url> [options]
  leadroster report <journal> [--csv FILE]
  leadroster ledger <import|export|suppress|unsuppress|stats> --provider <id> --ledger <file|url>
  leadroster emulate --key KEY --campaign provider:id[:status] [--faults SPEC] [--state FILE]
  leadroster --help | --version
  leadroster <command> --help`;

async function help() {
  const { GUIDE } = await import('./lib/cli/plan.mjs');
  return USAGE + '\n\n' + GUIDE;
}

// The package version, then the data compiled into the engine.
async function versionText() {
  let psl = '';
  try {
    const { load } = await import('./index.mjs');
    const e = await load();
    const described = e.describeProvider(e.providers()[0]);
    const d = described.publicSuffixList;
    psl = `Public Suffix List: ${d.version}${d.date ? ` (${d.date})` : ''}\n`;
    const l = described.emailLists;
    psl += `Disposable email domains: ${l.disposableDomains.version} (${l.disposableDomains.entries} domains)\n`;
    psl += `Role accounts: ${l.roleAccounts.version} (${l.roleAccounts.entries} local parts)\n`;
  } catch (_) {
    /* the engine is not built: the version alone */
  }
  return version() + '\n' + psl;
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write((await help()) + '\n');
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write((await help()) + '\n');
    return 0;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    process.stdout.write(await versionText());
    return 0;
  }
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
    return runCommand('leadroster', () => {
      if (command === 'send') throw new UsageError("there is no 'send' command: use 'leadroster push' (see leadroster push --help)");
      if (command.startsWith('-')) throw new UsageError(`unknown flag ${command} (see leadroster --help)`);
      throw new UsageError(`unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(', ')} (see leadroster --help)`);
    });
  }
  return runCommand(`leadroster ${command}`, async (a) => (await COMMANDS[command]()).run(a), rest);
}

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`leadroster: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  },
);
