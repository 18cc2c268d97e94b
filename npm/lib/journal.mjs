// The push journal: append-only NDJSON, one fsync after each line.
//   {"type":"plan","version":1,"fingerprint":{provider,campaignId,options,input,requests},"input":path}
//   {"type":"rows","rows":[{index,result:'invalid'|'duplicate_in_file',code,message}]}   (planner verdicts)
//   {"type":"request","n","indexes","attempts","outcome","status","error"?,"results":[...],"problems":[...]}
// A request whose last line says accepted or failed is settled; one that says
// undelivered (retries spent, stopped on a refused key, interrupted) is sent
// again on --resume, as is one that has no line (it was in flight).
// No line ever holds the API key: push never gives it to the journal, and
// every string from a server passes through redact() first.
import { openSync, writeSync, fsyncSync, closeSync, readFileSync, existsSync, statSync } from 'node:fs';

export const JOURNAL_VERSION = 1;

export class JournalError extends Error {
  constructor(message) {
    super(message);
    this.code = 'journal_mismatch';
  }
}

/** Reads a journal: {plan, rowsLines, requests: Map n -> last line}. A torn last line (crash mid-write) is ignored. */
export function readJournal(path) {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  let plan = null;
  const verdicts = [];
  const requests = new Map();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    let o;
    try {
      o = JSON.parse(l);
    } catch (e) {
      if (i >= lines.length - 2) break; // torn tail
      throw new JournalError(`${path}: line ${i + 1} is not JSON`);
    }
    if (o.type === 'plan') plan = o;
    else if (o.type === 'rows') for (const r of o.rows) verdicts.push(r);
    else if (o.type === 'request') requests.set(o.n, o);
  }
  if (!plan) throw new JournalError(`${path}: not a leadroster push journal (no plan line)`);
  return { plan, verdicts, requests };
}

export const settled = (line) => line && (line.outcome === 'accepted' || line.outcome === 'failed');

export function sameFingerprint(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function journalExists(path) {
  return existsSync(path) && statSync(path).size > 0;
}

export class Journal {
  constructor(path) {
    this.path = path;
    this.fd = openSync(path, 'a', 0o600);
  }
  write(obj) {
    if (this.fd === null) return;
    writeSync(this.fd, JSON.stringify(obj) + '\n');
    fsyncSync(this.fd);
  }
  close() {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}
