// plan's output: a buffered sink with backpressure, the requests spooled to a
// temporary file past a limit, and the three formats (report, json, ndjson).
import { openSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerText, suppressedText } from './ledger-flags.mjs';

const READ_CHUNK = 1 << 20;
// Request text kept in memory before spooling to a file (the variable is for tests).
const SPOOL_MEMORY = Number(process.env.LEADROSTER_SPOOL_MEMORY) > 0 ? Number(process.env.LEADROSTER_SPOOL_MEMORY) : 16 << 20;
// Once spooling, text goes to the file in pieces of about this size: no big
// joined string (and its bytes) at once, and little text held in memory.
const SPILL_PIECE = 1 << 20;

// Buffered writes with backpressure.
export class Sink {
  constructor(stream) {
    this.stream = stream;
    this.parts = [];
    this.size = 0;
    this.error = null;
    stream.on('error', (e) => {
      this.error = e;
    });
  }
  async write(s) {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) await this.flush();
  }
  async flush() {
    if (this.error) throw this.error;
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
    if (this.error) throw this.error;
  }
  // Bytes, written before anything else is buffered; `bytes` may be reused once this resolves.
  async writeBytes(bytes) {
    await this.flush();
    await new Promise((resolve) => this.stream.write(bytes, () => resolve()));
    if (this.error) throw this.error;
  }
  async close() {
    await this.flush();
    if (this.stream === process.stdout) return;
    await new Promise((resolve, reject) => {
      this.stream.end((err) => (err ? reject(err) : resolve()));
    });
    if (this.error) throw this.error;
  }
}

// Strings printed after the rows (requests): in memory up to SPOOL_MEMORY, then in a temp file.
const liveSpools = new Set(); // removed on exit, also when a closed pipe ends the process early
process.on('exit', () => {
  for (const s of liveSpools) s.dispose();
});
class Spool {
  constructor() {
    this.parts = [];
    this.size = 0;
    this.fd = null;
    this.path = null;
    this.count = 0;
  }
  add(s) {
    this.count++;
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= (this.fd === null ? SPOOL_MEMORY : SPILL_PIECE)) this._spill();
  }
  _spill() {
    if (this.fd === null) {
      this.path = join(tmpdir(), `leadroster-${process.pid}-${Date.now()}.spool`);
      this.fd = openSync(this.path, 'wx', 0o600);
      liveSpools.add(this);
    }
    const parts = this.parts;
    for (let i = 0; i < parts.length;) {
      let n = 0;
      let j = i;
      while (j < parts.length && (j === i || n + parts[j].length <= SPILL_PIECE)) n += parts[j++].length;
      writeSync(this.fd, j === i + 1 ? parts[i] : parts.slice(i, j).join(''));
      i = j;
    }
    this.parts = [];
    this.size = 0;
  }
  async writeTo(sink) {
    if (this.fd !== null) {
      this._spill();
      closeSync(this.fd);
      this.fd = null;
      const fh = await openFile(this.path, 'r');
      try {
        // the file's bytes as they are (UTF-8 text written by _spill): no string made of them
        const buf = Buffer.allocUnsafe(READ_CHUNK);
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, null);
          if (bytesRead === 0) break;
          await sink.writeBytes(buf.subarray(0, bytesRead));
        }
      } finally {
        await fh.close();
      }
    }
    for (const p of this.parts) await sink.write(p);
    this.parts = [];
  }
  dispose() {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch (_) {
        /* already closed */
      }
      this.fd = null;
    }
    if (this.path) {
      try {
        unlinkSync(this.path);
      } catch (_) {
        /* gone */
      }
      this.path = null;
      liveSpools.delete(this);
    }
  }
}

function bodyBytes(q) {
  return Buffer.byteLength(q.bodyText ?? JSON.stringify(q.body), 'utf8');
}

// A request as the plan documents it ({method, path, headers, body, indexes}),
// its body being the exact text the engine wrote (bodyText), not re-serialized.
function requestJson(q) {
  if (typeof q.bodyText !== 'string') return JSON.stringify(q);
  return (
    `{"method":${JSON.stringify(q.method)},"path":${JSON.stringify(q.path)},"headers":${JSON.stringify(q.headers)},` +
    `"body":${q.bodyText},"indexes":${JSON.stringify(q.indexes)}}`
  );
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

// A row as a person finds it: its input line, else (rows without lines) its 0-based index.
function rowName(line, index) {
  return typeof line === 'number' ? `line ${line}` : `#${index}`;
}

function problemText(p) {
  const field = p.field === null || p.field === undefined ? '(row)' : p.field;
  return `${field}: ${p.code} — ${p.message}`;
}

// ", at least 150 s (2 min 30 s) at <provider>'s documented rate limit" when the limit makes the requests take time.
function durationText(summary, provider) {
  const s = summary.minDurationSeconds;
  if (!(s > 0)) return '';
  let text = `, at least ${s} s`;
  if (s >= 60) {
    const whole = Math.ceil(s);
    const h = Math.floor(whole / 3600);
    const m = Math.floor((whole % 3600) / 60);
    const sec = whole % 60;
    text += ` (${[h ? `${h} h` : '', m ? `${m} min` : '', sec ? `${sec} s` : ''].filter(Boolean).join(' ')})`;
  }
  return `${text} at ${provider}'s documented rate limit`;
}

// report: one line per row that is not ok, a count of ok rows, the requests and the summary.
export function reportRenderer(sink, meta) {
  const spool = new Spool();
  let ok = 0;
  let withWarnings = 0;
  let notOk = 0;
  let droppedValues = 0;
  const warningCodes = new Map();
  return {
    spool,
    async start() {
      await sink.write(`leadroster plan: ${meta.provider}, campaign ${meta.campaignId}, ${meta.inputName} (${meta.inputFormat})\n`);
    },
    async rows(rows) {
      for (const r of rows) {
        if (r.status === 'ok') {
          ok++;
          if (r.warnings.length > 0) {
            withWarnings++;
            for (const w of r.warnings) warningCodes.set(w.code, (warningCodes.get(w.code) || 0) + 1);
          }
          // an ok row sent without some value the user gave: listed with each value
          const dropped = r.warnings.filter((w) => w.dropped === true);
          if (dropped.length) {
            droppedValues += dropped.length;
            await sink.write(`  ${pad(rowName(r.line, r.index), 11)} ${pad('ok', 10)} sent without ${dropped.map(problemText).join(' | ')}\n`);
          }
          continue;
        }
        notOk++;
        let line = `  ${pad(rowName(r.line, r.index), 11)} ${pad(r.status, 10)} `;
        if (r.status === 'duplicate') {
          const of = r.duplicateOf === 'existing' ? 'a lead already in the campaign (--existing)' : rowName(r.duplicateOfLine, r.duplicateOf);
          line += r.ledger ? `${ledgerText(r, meta.campaignId)}, matched on ${r.matchedOn}` : `of ${of}, matched on ${r.matchedOn}`;
        } else if (r.status === 'suppressed') {
          line += suppressedText(r);
        } else {
          line += r.errors.map(problemText).join(' | ');
        }
        await sink.write(line + '\n');
      }
    },
    request(q) {
      spool.add(`  ${q.method} ${q.path}  ${q.indexes.length} lead${q.indexes.length === 1 ? '' : 's'}  ${bodyBytes(q)} bytes\n`);
    },
    async finish(summary) {
      if (notOk === 0) await sink.write('  (no invalid or duplicate rows)\n');
      let okLine = `ok: ${ok} row${ok === 1 ? '' : 's'}`;
      if (withWarnings > 0) {
        const codes = [...warningCodes.entries()].map(([c, n]) => `${c} ×${n}`).join(', ');
        okLine += ` (${withWarnings} with warnings: ${codes})`;
      }
      if (droppedValues > 0) okLine += `; ${droppedValues} value${droppedValues === 1 ? '' : 's'} left out (the "sent without" lines)`;
      await sink.write(okLine + '\n');
      await sink.write(`requests (${spool.count}):\n`);
      await spool.writeTo(sink);
      await sink.write(
        `summary: total ${summary.total}, ok ${summary.ok}, invalid ${summary.invalid}, ` +
          `duplicate ${summary.duplicate}${summary.suppressed !== undefined ? `, suppressed ${summary.suppressed}` : ''}, requests ${summary.requests}${durationText(summary, meta.provider)}\n`,
      );
    },
  };
}

// json: the plan object {rows, requests, summary}, written as the rows come.
export function jsonRenderer(sink) {
  const spool = new Spool();
  let firstRow = true;
  return {
    spool,
    async start() {
      await sink.write('{"rows":[');
    },
    async rows(rows) {
      for (const r of rows) {
        await sink.write((firstRow ? '' : ',') + JSON.stringify(r));
        firstRow = false;
      }
    },
    request(q) {
      // one request per spool line (a JSON text never contains a raw newline)
      spool.add((spool.count === 0 ? '' : ',') + requestJson(q) + '\n');
    },
    async finish(summary) {
      await sink.write('],"requests":[');
      await spool.writeTo(sink);
      await sink.write('],"summary":' + JSON.stringify(summary) + '}\n');
    },
  };
}

// ndjson: one row per line, then one request per line, then {"summary": ...}.
export function ndjsonRenderer(sink) {
  const spool = new Spool();
  return {
    spool,
    async start() {},
    async rows(rows) {
      for (const r of rows) await sink.write(JSON.stringify(r) + '\n');
    },
    request(q) {
      spool.add(requestJson(q) + '\n');
    },
    async finish(summary) {
      await spool.writeTo(sink);
      await sink.write(JSON.stringify({ summary }) + '\n');
    },
  };
}
