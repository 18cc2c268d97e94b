#!/usr/bin/env node
// Buckets a `node --cpu-prof` profile of bench/measure.mjs (wasm-plan or
// wasm-stream) into: JS JSON.stringify / JSON.parse around the engine, the
// Embind string copies, and inside the WASM engine the same categories as
// bench/perf-categories.mjs (needs a .wasm linked with --profiling-funcs so
// that functions have names; see bench/PROFILE.md).
//
//   node bench/cpuprofile-categories.mjs FILE.cpuprofile [--top 25]
import fs from 'node:fs';

const file = process.argv[2];
const topN = Number(process.argv[process.argv.indexOf('--top') + 1]) || 25;
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));

// deepest matching frame wins (frames are scanned leaf -> root)
const CATS = [
  ['wasm normalize: LinkedIn', (f) => f.wasm && /normalizeLinkedInUrl|normalizeSlug|linkedin/i.test(f.name)],
  ['wasm normalize: phone', (f) => f.wasm && /normalizePhone|phone|findRegion|international|Matcher/i.test(f.name)],
  ['wasm normalize: email', (f) => f.wasm && /normalizeEmail|emailDedupKey|email/i.test(f.name)],
  ['wasm normalize: other', (f) => f.wasm && /normalizeUuid|normalizeDomain|isKnownRegion|normalizeUrl/.test(f.name)],
  [
    'wasm input: JSON parse of rows',
    (f) => f.wasm && /json::parse|json::.*Parser|nlohmann.*(parser|lexer)|parseRow|splitNdjson|splitJsonArray|depthOf/.test(f.name),
  ],
  ['wasm dedup', (f) => f.wasm && /Deduper|IdentityIndex|hashKey/.test(f.name)],
  [
    'wasm output: row + request JSON',
    (f) => f.wasm && /appendRowJson|appendProblems|appendJsonString|appendJson|Planner::flush|dumpJson|serializer|Planner::finish/.test(f.name),
  ],
  ['wasm checks: schema walk, UTF-8, lengths', (f) => f.wasm && /checkLead|Walker|isValidUtf8|hasControlChar|Lead::|LeadCheck|typeMatches/.test(f.name)],
  ['wasm planner: chunk assembly', (f) => f.wasm && /pushRows|processRow|pushNdjson|pushJson/.test(f.name)],
  [
    'wasm malloc/free/memcpy',
    (f) => f.wasm && /dlmalloc|dlfree|malloc|free|memcpy|memmove|memset|operator new|operator delete|sbrk|emscripten_resize_heap/.test(f.name),
  ],
  ['wasm other', (f) => f.wasm],
  [
    'JS<->WASM boundary: UTF-8 encodeInto / decode, copies',
    (f) =>
      /encodeInto|callWithBytes|readAnswer|UTF8ToString|stringToUTF8|lengthBytesUTF8|readLatin1String|UTF8Decoder|TextDecoder|decode|simpleReadValueFromPointer|toWireType|fromWireType/.test(
        f.name,
      ),
  ],
  ['JS: JSON.stringify of rows in', (f) => /stringify/.test(f.name) || f.name === 'rowsJson'],
  ['JS: JSON.parse of engine answers', (f) => f.name === 'parse' || f.name === 'fatalCheck'],
  ['JS: requests assembly (pending map, bodies)', (f) => /assemble|take/.test(f.name)],
  ['JS: garbage collector', (f) => f.name === '(garbage collector)'],
  [
    'JS: reading the file, Buffer -> string',
    (f) => /readFileSync|createReadStream|ReadStream|toString|lastIndexOf|concat|onStreamRead|^read|^slice$|utf8Slice/.test(f.name),
  ],
  ['(program) / idle', (f) => f.name === '(program)' || f.name === '(idle)'],
];

const nodes = new Map();
for (const n of prof.nodes) {
  const cf = n.callFrame;
  nodes.set(n.id, {
    name: cf.functionName || '(anonymous)',
    url: cf.url,
    wasm: cf.url.startsWith('wasm://') || /wasm-function/.test(cf.functionName),
    children: n.children || [],
    parent: null,
  });
}
for (const [id, n] of nodes) for (const c of n.children) nodes.get(c).parent = id;
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) || 0) + (prof.timeDeltas[i] || 0));

const byCat = new Map(),
  self = new Map(),
  detail = new Map();
const detailCat = process.argv.includes('--detail') ? process.argv[process.argv.indexOf('--detail') + 1] : null;
let total = 0;
const catCache = new Map();
function categoryOf(id) {
  if (catCache.has(id)) return catCache.get(id);
  const leaf = nodes.get(id).name;
  if (['wasmPlan', 'jsonParse', 'readFileSync', 'readFileUtf8', 'tryReadSync', 'compileForInternalLoader', 'engine', 'load'].includes(leaf)) {
    catCache.set(id, 'harness: module load, read + JSON.parse of the input (not timed)');
    return catCache.get(id);
  }
  let cur = id,
    cat = 'JS: other';
  while (cur != null) {
    const f = nodes.get(cur);
    const hit = CATS.find(([, t]) => t(f));
    if (hit) {
      cat = hit[0];
      break;
    }
    cur = f.parent;
  }
  catCache.set(id, cat);
  return cat;
}
for (const [id, us] of dt) {
  total += us;
  const c = categoryOf(id);
  byCat.set(c, (byCat.get(c) || 0) + us);
  const f = nodes.get(id);
  const key = (f.wasm ? '[wasm] ' : '') + f.name;
  self.set(key, (self.get(key) || 0) + us);
  if (detailCat && c === detailCat) detail.set(key, (detail.get(key) || 0) + us);
}
const pct = (x) => ((100 * x) / total).toFixed(1).padStart(5) + '%';
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
for (const [k, v] of [...byCat].sort((a, b) => b[1] - a[1])) console.log(`${pct(v)} ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`);
console.log(`-- top ${topN} functions by self time`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, topN)) console.log(`${pct(v)}  ${k.slice(0, 140)}`);
if (detailCat) {
  console.log(`-- in "${detailCat}"`);
  for (const [k, v] of [...detail].sort((a, b) => b[1] - a[1]).slice(0, topN)) console.log(`${pct(v)}  ${k.slice(0, 160)}`);
}
