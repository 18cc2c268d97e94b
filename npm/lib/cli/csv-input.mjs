// Input for the CLI: --map / --map-file flags, the mapping as printed, and
// the engine's input planner fed from a byte stream (the engine reads the
// CSV, maps its header and writes each lead). Shared by plan and check.
import { Utf8Check } from '../utf8.mjs';

// "--map Header=field" flags and a --map-file (JSON object or lines Header=field) -> { Header: field }.
export function parseMapFlags(maps, mapFileText, UsageError) {
  const out = {};
  const add = (entry, where) => {
    const eq = entry.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`${where}: expected "Header=field" (or "Header=-" to ignore a column), got ${JSON.stringify(entry)}`);
    out[entry.slice(0, eq).trim()] = entry.slice(eq + 1).trim();
  };
  if (mapFileText !== undefined) {
    const t = mapFileText.replace(/^\uFEFF/, '');
    if (t.trim().startsWith('{')) {
      let o;
      try {
        o = JSON.parse(t);
      } catch (e) {
        throw new UsageError(`--map-file: not valid JSON: ${e.message}`);
      }
      for (const [k, v] of Object.entries(o)) {
        if (typeof v !== 'string') throw new UsageError(`--map-file: the value for ${JSON.stringify(k)} must be a field name string`);
        out[k] = v;
      }
    } else {
      for (const line of t.split(/\r?\n/)) if (line.trim() !== '' && !line.trim().startsWith('#')) add(line, '--map-file');
    }
  }
  for (const m of maps || []) add(m, '--map');
  return out;
}

export function mappingText(provider, mapped) {
  const rows = mapped.mapping.map((m) => {
    let target = m.field === null ? '(not sent)' : m.field;
    if (m.split) target = `${m.split.first} + ${m.split.last} (split)`;
    else if (m.part) target = `${m.field} (${m.part} part)`;
    return [m.header, target, m.how];
  });
  const w = Math.min(32, Math.max(6, ...rows.map((r) => r[0].length)));
  const w2 = Math.min(36, Math.max(5, ...rows.map((r) => r[1].length)));
  let s = `mapping (columns -> ${provider} fields):\n`;
  for (const [h, f, how] of rows) s += `  ${h.padEnd(w)}  -> ${f.padEnd(w2)}  ${how}\n`;
  for (const warn of mapped.warnings) s += `  warning ${warn.code}: ${warn.message}\n`;
  return s;
}

// The engine's input planner (engine.createInputPlanner) fed from a byte
// stream, checked as UTF-8 on the way: yields each answer, the last one (the
// planner's finish) with `end: true`. A byte that is not UTF-8 is a
// Utf8Error (code invalid_utf8) naming its line.
export async function* inputParts(planner, source, name) {
  const check = new Utf8Check(name);
  for await (const c of source) {
    const buf = typeof c === 'string' ? Buffer.from(c) : c;
    check.push(buf);
    yield planner.push(buf);
  }
  check.end();
  yield Object.assign(planner.finish(), { end: true });
}
