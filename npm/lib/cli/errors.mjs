// The CLI's one error -> exit-code policy. Every command (lib/cli/<command>.mjs)
// exports run(argv), which returns its exit code for the outcomes it documents
// (check: 1 when a row is invalid, duplicate or suppressed; push: exitCodeOf;
// ledger import: 1 when rows were refused) and throws for the rest:
//   UsageError      2  bad arguments or unusable input (the message names the flag)
//   InputError      1  an input or output that cannot be read, parsed or written
//   EPIPE           0  the reader of stdout went away (| head)
//   anything else   1  a coded error (node's, the engine's): its message; an
//                      error without a code (a bug): its stack
// Printed on stderr as "leadroster <command>: <message>". An API key is never
// in a message (push reads it from the environment and never prints it).
export class UsageError extends Error {} // exit 2
export class InputError extends Error {} // exit 1

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** The exit code for an error a command threw, its message written to stderr under `label`. */
export function exitCodeOf(label, e) {
  if (e instanceof UsageError) {
    process.stderr.write(`${label}: ${e.message}\n`);
    return EXIT_USAGE;
  }
  if (e && e.code === 'EPIPE') return EXIT_OK;
  const coded = e instanceof InputError || (e && e.code !== undefined && typeof e.message === 'string');
  process.stderr.write(`${label}: ${coded ? e.message : e && e.stack ? e.stack : e && e.message ? e.message : e}\n`);
  return EXIT_FAILED;
}

/** Runs a command's run(argv) under the policy above. */
export async function runCommand(label, run, argv) {
  try {
    return await run(argv);
  } catch (e) {
    return exitCodeOf(label, e);
  }
}
