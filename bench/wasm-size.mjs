// Where the bytes of a .wasm go: sections, data segments, and the largest
// functions (names need a build with --profiling-funcs), each with its size
// raw and gzipped alone (gzip -9 of the function body: a rough share of the
// whole file's gzip, which compresses across functions).
// Usage: node bench/wasm-size.mjs FILE.wasm [--top N] [--group]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const top = Number(args[args.indexOf('--top') + 1]) || 40;
const group = args.includes('--group');
if (!file) {
  console.error('usage: node bench/wasm-size.mjs FILE.wasm [--top N] [--group]');
  process.exit(2);
}
const buf = readFileSync(file);
let pos = 8;
function leb() {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return result;
  }
}
function name() {
  const n = leb();
  const s = buf.toString('utf8', pos, pos + n);
  pos += n;
  return s;
}
const gz = (b) => gzipSync(b, { level: 9 }).length;
const sections = [];
let importedFuncs = 0;
const bodies = [];
const segments = [];
const names = new Map();
while (pos < buf.length) {
  const id = buf[pos++];
  const size = leb();
  const start = pos;
  const end = pos + size;
  let label = String(id);
  if (id === 0) {
    const n = name();
    label = 'custom:' + n;
    if (n === 'name') {
      while (pos < end) {
        const sub = buf[pos++];
        const len = leb();
        const subEnd = pos + len;
        if (sub === 1) {
          const count = leb();
          for (let i = 0; i < count; i++) {
            const idx = leb();
            names.set(idx, name());
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    label = 'import';
    const count = leb();
    for (let i = 0; i < count; i++) {
      name();
      name();
      const kind = buf[pos++];
      if (kind === 0) {
        leb();
        importedFuncs++;
      } else if (kind === 1) {
        pos++;
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 2) {
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 3) {
        pos += 2;
      } else if (kind === 4) {
        pos++;
        leb();
      }
    }
  } else if (id === 10) {
    label = 'code';
    const count = leb();
    for (let i = 0; i < count; i++) {
      const len = leb();
      bodies.push({ index: importedFuncs + i, start: pos, len });
      pos += len;
    }
  } else if (id === 11) {
    label = 'data';
    const count = leb();
    for (let i = 0; i < count; i++) {
      const flags = leb();
      if (flags === 0 || flags === 2) {
        if (flags === 2) leb();
        while (buf[pos++] !== 0x0b);
      }
      const len = leb();
      segments.push({ start: pos, len });
      pos += len;
    }
  } else {
    label =
      ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'][id] ?? String(id);
  }
  sections.push({ label, size, gz: gz(buf.subarray(start, end)) });
  pos = end;
}
console.log(`${file}: ${buf.length} bytes, ${gz(buf)} gzipped`);
for (const s of sections) console.log(`  section ${s.label.padEnd(24)} ${String(s.size).padStart(8)} B  gz ${String(s.gz).padStart(7)}`);
console.log(
  `  data segments: ${segments.length}; largest: ${segments
    .map((s) => s.len)
    .sort((a, b) => b - a)
    .slice(0, 5)
    .join(', ')}`,
);
const fns = bodies.map((b) => ({ name: names.get(b.index) ?? `#${b.index}`, len: b.len, gz: gz(buf.subarray(b.start, b.start + b.len)) }));
if (group) {
  const by = new Map();
  for (const f of fns) {
    const m = f.name.match(/^(?:leadroster::)?([A-Za-z_]+(?:::[A-Za-z_]+)?)/);
    const key = f.name.startsWith('nlohmann') ? 'nlohmann' : f.name.startsWith('std::') ? 'std' : f.name.includes('emscripten') ? 'embind' : m ? m[1] : f.name;
    const g = by.get(key) ?? { name: key, len: 0, gz: 0, n: 0 };
    g.len += f.len;
    g.gz += f.gz;
    g.n++;
    by.set(key, g);
  }
  for (const g of [...by.values()].sort((a, b) => b.len - a.len).slice(0, top))
    console.log(`  ${String(g.len).padStart(8)} B  gz~${String(g.gz).padStart(7)}  ${String(g.n).padStart(4)} fns  ${g.name}`);
} else {
  for (const f of fns.sort((a, b) => b.len - a.len).slice(0, top))
    console.log(`  ${String(f.len).padStart(8)} B  gz~${String(f.gz).padStart(7)}  ${f.name.slice(0, 140)}`);
}
