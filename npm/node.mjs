// Node-only entry `leadroster/node`: delivery (push), the local emulator, and
// the pacing clock helpers. Not for browsers (uses node:fs, node:http, fetch).
export { push, exitCodeOf, PushError } from './lib/push.mjs';
export { createEmulator, parseFaults, parseCampaign } from './lib/emulator.mjs';
export { Pacer, manualClock, systemClock, minDurationSeconds } from './lib/pacer.mjs';
export { readJournal } from './lib/journal.mjs';
export { writeReport } from './lib/report.mjs';
