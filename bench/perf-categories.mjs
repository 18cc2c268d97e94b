#!/usr/bin/env node
// Buckets `perf script` call stacks of tools/leadroster_plan into the costs the
// benchmark cares about (input JSON parse, each normalizer, other checks,
// dedup, output JSON, read/copy, allocation, kernel page faults).
//
//   perf record -e cpu-clock -F 9999 --call-graph dwarf,32768 -o x.data build-bench/leadroster_plan ...
//   perf script -i x.data | node bench/perf-categories.mjs
//
// Each sample goes to the category of the deepest frame (nearest the leaf)
// that matches one of the markers below, in that order of frames.
import readline from 'node:readline';

const CATS = [
  ['normalize: LinkedIn', /normalizeLinkedInUrl|normalizeSlug|linkedin/i],
  ['normalize: phone', /normalizePhone|phone|findRegion|nationalNumber|international|Matcher/i],
  ['normalize: email', /normalizeEmail|emailDedupKey|email/i],
  ['normalize: other (uuid, country, domain)', /normalizeUuid|normalizeDomain|isKnownRegion|normalizeUrl/],
  ['input: JSON parse of each row', /json::parse|json::.*Parser|nlohmann.*parser|nlohmann.*lexer|parseRow|basic_json.*parse/],
  ['input: split NDJSON / JSON array', /splitNdjson|splitJsonArray|depthOf/],
  ['dedup: identity index', /Deduper|IdentityIndex|hashKey/],
  ['output: row + request JSON', /appendRowJson|appendProblems|appendJsonString|Lead::appendJson|Planner::flush|dumpJson|serializer|Planner::finish/],
  ['checks: schema walk, UTF-8, lengths, messages', /checkLead|Walker|isValidUtf8|hasControlChar|Lead::|LeadCheck|typeMatches|parseOptions/],
  ['planner: chunk assembly (pushRows)', /Planner::pushRows|Planner::processRow/],
  ['driver: read file, copy blocks', /^main$|fread|_IO_/],
  ['process start-up', /_dl_start|_dl_relocate|init_cpu_features|_dl_/],
];

const rl = readline.createInterface({ input: process.stdin });
const counts = new Map();
const leafCounts = new Map();
let stack = [];
let total = 0;
function flush() {
  if (!stack.length) return;
  total++;
  let cat = 'other';
  for (const fn of stack) {
    const hit = CATS.find(([, re]) => re.test(fn));
    if (hit) {
      cat = hit[0];
      break;
    }
  }
  // kernel page faults and malloc under any category are also counted apart
  const leaf = stack[0];
  counts.set(cat, (counts.get(cat) || 0) + 1);
  const leafKey = /page_fault|clear_page|handle_mm|folio|_raw_spin/.test(stack.slice(0, 8).join(' '))
    ? '(kernel: page faults of new memory)'
    : /malloc|_int_free|cfree|free$|operator new|operator delete/.test(leaf)
      ? '(malloc/free)'
      : /memmove|memcpy|memset/.test(leaf)
        ? '(memcpy/memmove)'
        : null;
  if (leafKey) leafCounts.set(leafKey, (leafCounts.get(leafKey) || 0) + 1);
  stack = [];
}
rl.on('line', (line) => {
  if (!line.trim()) return flush();
  if (!line.startsWith('\t') && !line.startsWith(' ')) return flush();
  const m = /^\s+[0-9a-f]+\s+(.+?)(\+0x[0-9a-f]+)?\s+\(/.exec(line);
  if (m) stack.push(m[1]);
});
rl.on('close', () => {
  flush();
  const pct = (n) => ((100 * n) / total).toFixed(1).padStart(5) + '%';
  console.log(`${total} samples`);
  for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${pct(v)}  ${k}`);
  console.log('across categories, by leaf:');
  for (const [k, v] of [...leafCounts].sort((a, b) => b[1] - a[1])) console.log(`${pct(v)}  ${k}`);
});
