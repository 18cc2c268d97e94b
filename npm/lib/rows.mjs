// CSV records to leads, driven by the engine: the mapping from engine.mapHeaders()
// and the field types from engine.describeProvider(). Nothing here names a
// provider or a field. Used by the CLI and (through leadroster/csv) the page.

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

// A cell typed as its field says, only when it reads exactly as that type;
// otherwise the string is kept and the engine reports invalid_type.
export function typed(type, cell) {
  const t = cell.trim();
  switch (type) {
    case 'integer':
      return INTEGER.test(t) ? Number(t) : cell;
    case 'number':
      return NUMBER.test(t) ? Number(t) : cell;
    case 'boolean':
      return /^true$/i.test(t) ? true : /^false$/i.test(t) ? false : cell;
    case 'string[]':
    case 'stringArray': {
      const sep = t.includes(';') ? ';' : ',';
      return t
        .split(sep)
        .map((x) => x.trim())
        .filter((x) => x !== '');
    }
    default:
      return cell;
  }
}

// Sets a dotted path on plain objects; own properties only (a "__proto__"
// header is data, never the prototype).
export function setPath(obj, path, value) {
  const parts = path.split('.');
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    let next = Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      next = {};
      Object.defineProperty(o, k, { value: next, enumerable: true, writable: true, configurable: true });
    }
    o = next;
  }
  Object.defineProperty(o, parts[parts.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

function splitName(full) {
  const t = full.trim().replace(/\s+/g, ' ');
  const at = t.indexOf(' ');
  return at < 0 ? [t, ''] : [t.slice(0, at), t.slice(at + 1)];
}

// description: engine.describeProvider(p); mapped: engine.mapHeaders(p, headers).
// Returns { toLead(cells) -> lead object, headerFor(field) -> the column header or null }.
export function leadMapper(description, mapped) {
  const types = new Map(description.fields.map((f) => [f.path, f.type]));
  const plain = new Map(); // field -> [column] in rank order (first non-empty wins)
  const parts = new Map(); // joined field (contactName) -> { first: [col], last: [col] }
  const splits = []; // { first, last, column }
  const headerOf = new Map();
  const entries = mapped.mapping.filter((m) => m.field !== null && m.how !== 'ignored');
  entries.sort((a, b) => a.rank - b.rank || a.column - b.column);
  for (const m of entries) {
    if (m.split) {
      splits.push({ first: m.split.first, last: m.split.last, column: m.column });
      for (const f of [m.split.first, m.split.last]) if (!headerOf.has(f)) headerOf.set(f, m.header);
      continue;
    }
    if (!headerOf.has(m.field)) headerOf.set(m.field, m.header);
    if (m.part) {
      if (!parts.has(m.field)) parts.set(m.field, { first: [], last: [] });
      parts.get(m.field)[m.part].push(m.column);
      continue;
    }
    if (!plain.has(m.field)) plain.set(m.field, []);
    plain.get(m.field).push(m.column);
  }
  const firstCell = (cells, columns) => {
    for (const c of columns) {
      const v = cells[c];
      if (v !== undefined && v !== '' && v.trim() !== '') return v;
    }
    return undefined;
  };
  return {
    headerFor: (field) => {
      if (field === null || field === undefined) return null;
      for (let f = field; f; f = f.includes('.') ? f.slice(0, f.lastIndexOf('.')) : '') {
        if (headerOf.has(f)) return headerOf.get(f);
      }
      return null;
    },
    toLead(cells) {
      const lead = {};
      for (const [field, columns] of plain) {
        const v = firstCell(cells, columns);
        if (v === undefined) {
          // a blank-only cell is kept as the engine's "absent" (it trims), like a plain cell
          for (const c of columns) if (cells[c] !== undefined && cells[c] !== '') setPath(lead, field, cells[c]);
          continue;
        }
        setPath(lead, field, typed(types.get(field), v));
      }
      for (const [field, p] of parts) {
        const first = firstCell(cells, p.first);
        const last = firstCell(cells, p.last);
        const joined = [first, last]
          .filter((x) => x !== undefined)
          .map((x) => x.trim())
          .join(' ');
        // a full-name column, when there is one with a value, wins over first + last
        if (joined !== '' && !Object.prototype.hasOwnProperty.call(lead, field)) setPath(lead, field, joined);
      }
      for (const s of splits) {
        const full = cells[s.column];
        if (full === undefined || full.trim() === '') continue;
        const [first, last] = splitName(full);
        if (!Object.prototype.hasOwnProperty.call(lead, s.first) && first) setPath(lead, s.first, first);
        if (!Object.prototype.hasOwnProperty.call(lead, s.last) && last) setPath(lead, s.last, last);
      }
      return lead;
    },
  };
}
