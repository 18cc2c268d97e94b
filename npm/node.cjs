// `leadroster/node` for CommonJS: every function is async, so each imports the ESM entry.
'use strict';
const m = () => import('./node.mjs');
module.exports = {
  push: (options) => m().then((x) => x.push(options)),
  writeReport: (journal, options) => m().then((x) => x.writeReport(journal, options)),
  createEmulator: (options) => m().then((x) => x.createEmulator(options)),
};
