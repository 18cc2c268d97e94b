// Writes npm/lib/vendor/papaparse.mjs: Papa Parse (MIT, pinned in tests/package.json)
// wrapped as an ES module, so leadroster/csv imports it in Node, in bundlers and in
// a browser Web Worker with no bundler and no install-time dependency.
// Run after changing the pinned version: node scripts/vendor-papaparse.mjs
import { readFileSync, writeFileSync } from 'node:fs';
const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('tests/node_modules/papaparse/package.json', root), 'utf8'));
const src = readFileSync(new URL('tests/node_modules/papaparse/papaparse.js', root), 'utf8');
const out =
  `// Papa Parse ${pkg.version} (https://github.com/mholt/PapaParse, MIT license, below), vendored\n` +
  '// as an ES module by scripts/vendor-papaparse.mjs. Do not edit by hand.\n' +
  'const module = { exports: {} };\nconst exports = module.exports;\n' +
  src +
  '\nconst Papa = module.exports;\nexport default Papa;\n' +
  `export const version = ${JSON.stringify(pkg.version)};\n`;
writeFileSync(new URL('npm/lib/vendor/papaparse.mjs', root), out);
console.log('npm/lib/vendor/papaparse.mjs: Papa Parse', pkg.version);
