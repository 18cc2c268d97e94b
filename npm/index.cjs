// Node entry (CommonJS): load() is async, so it can import the ESM entry.
'use strict';
function load(options) {
  return import('./index.mjs').then((m) => m.load(options));
}
module.exports = { load, default: { load } };
