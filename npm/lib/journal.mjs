// The push journal: append-only NDJSON, written with a plain write() per line
// and an fsync after each settled request.
//   {"type":"plan","version":2,"fingerprint":{provider,campaignId,options,input,requests,baseUrl},"input":path,"format"}
//   {"type":"rows","rows":[{index,result:'invalid'|'duplicate_in_file',code,message,line?}]}   (planner verdicts)
//   {"type":"dropped","rows":[{index,line?,dropped:[{field,code,message}]}]}   (ok rows with values left out)
//   {"type":"send","n","attempt"}   (written just before a request goes out; no fsync: it must survive a
//                                    kill of the process, not of the machine)
//   {"type":"request","n","indexes","attempts","lost","outcome","status","error"?,"results":[...],
//    "ids"?:[...],"problems"?:[...]}
// A request whose last line says accepted or failed is settled; one that says
// undelivered (retries spent, stopped, interrupted) is sent again on --resume,
// as is one that has no line (it was in flight). A request with a send line
// after its last answer line, or whose answers were lost (`lost` > 0), may
// have got to the provider: its duplicates are counted as `resent`.
// No line ever holds the API key: push never gives it to the journal, and
// every string from a server passes through redact() first.
//
// A torn last line (a write cut short: a kill, a full disk) is dropped when
// read, and cut off the file before a --resume appends to it; a damaged line
// in the middle (an older version appended after a torn tail) is skipped.
// Both are reported (`torn`, `damaged`), never fatal.
//
// One push per journal at a time: <journal>.lock holds {pid, host, started};
// a lock whose process is gone (or whose pid now names another process) is
// stale and taken over.
import {
  openSync,
  writeSync,
  fsyncSync,
  closeSync,
  readFileSync,
  existsSync,
  statSync,
  truncateSync,
  writeFileSync,
  renameSync,
  unlinkSync,
  linkSync,
} from 'node:fs';
import { hostname } from 'node:os';

export const JOURNAL_VERSION = 2;

export class JournalError extends Error {
  constructor(message, code = 'journal_mismatch') {
    super(message);
    this.code = code;
  }
}

/**
 * Reads a journal: {plan, verdicts, dropped, requests: Map n -> last request line,
 * sent: Map n -> {inFlight, lost}, torn: null | {line, bytes}, damaged: [line numbers], validBytes}.
 */
export function readJournal(path) {
  const buf = readFileSync(path);
  const end = buf.lastIndexOf(10) + 1; // the bytes up to the last complete line
  const lines = buf.subarray(0, end).toString('utf8').split('\n');
  let torn = null;
  if (end < buf.length) torn = { line: lines.length, bytes: buf.length - end };
  let plan = null;
  const verdicts = [];
  const dropped = [];
  const requests = new Map();
  const sent = new Map(); // n -> {inFlight, lost}
  const damaged = [];
  const sentOf = (n) => {
    let s = sent.get(n);
    if (!s) sent.set(n, (s = { inFlight: false, lost: 0 }));
    return s;
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') continue;
    let o;
    try {
      o = JSON.parse(l);
    } catch (_) {
      damaged.push(i + 1);
      continue;
    }
    if (o === null || typeof o !== 'object') {
      damaged.push(i + 1);
      continue;
    }
    if (o.type === 'plan') plan = o;
    else if (o.type === 'rows') for (const r of o.rows) verdicts.push(r);
    else if (o.type === 'dropped') for (const r of o.rows) dropped.push(r);
    else if (o.type === 'send') sentOf(o.n).inFlight = true;
    else if (o.type === 'request') {
      requests.set(o.n, o);
      const s = sentOf(o.n);
      s.inFlight = false;
      s.lost += o.lost || 0;
    }
  }
  if (!plan) throw new JournalError(`${path}: not a leadroster push journal (no plan line)`);
  return { plan, verdicts, dropped, requests, sent, torn, damaged, validBytes: end };
}

/** Cuts a torn last line off the file (before appending to it). */
export function cutTornTail(path, journal) {
  if (journal.torn) truncateSync(path, journal.validBytes);
}

export const settled = (line) => line && (line.outcome === 'accepted' || line.outcome === 'failed');

/**
 * What differs between two fingerprints: [{what, journal, now}] ([] when the same).
 * `what` is 'provider', 'campaignId', 'input', 'requests', 'baseUrl', 'version'
 * or 'option <name>'.
 */
export function fingerprintDiff(a, b) {
  const out = [];
  const show = (v) => (v === undefined ? undefined : v);
  for (const k of ['provider', 'campaignId', 'input', 'baseUrl', 'requests']) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push({ what: k, journal: show(a[k]), now: show(b[k]) });
  }
  const ao = a.options;
  const bo = b.options;
  if (typeof ao !== 'object' || ao === null) {
    // a journal of an older leadroster: its options are a hash
    if (JSON.stringify(ao) !== JSON.stringify(bo)) out.push({ what: 'options', journal: ao, now: '(written by an older leadroster)' });
    return out;
  }
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo || {})]);
  for (const k of [...keys].sort()) {
    if (JSON.stringify(ao[k]) !== JSON.stringify((bo || {})[k])) out.push({ what: `option ${k}`, journal: ao[k], now: (bo || {})[k] });
  }
  // the order does not matter, but the requests count follows the options: keep it last
  out.sort((x, y) => (x.what === 'requests') - (y.what === 'requests'));
  return out;
}

export function sameFingerprint(a, b) {
  return fingerprintDiff(a, b).length === 0;
}

export function journalExists(path) {
  return existsSync(path) && statSync(path).size > 0;
}

/** A journal line could not be written (ENOSPC, EFBIG, EIO...). */
export class JournalWriteError extends Error {
  constructor(path, cause) {
    super(`${path}: the journal cannot be written (${(cause && cause.code) || (cause && cause.message) || 'short write'})`);
    this.code = 'journal_write_failed';
    this.cause = cause;
  }
}

export class Journal {
  constructor(path) {
    this.path = path;
    this.fd = openSync(path, 'a', 0o600);
  }
  /** Appends one line (whole, or throws JournalWriteError); fsync unless sync is false. */
  write(obj, sync = true) {
    if (this.fd === null) throw new JournalWriteError(this.path, new Error('closed'));
    const bytes = Buffer.from(JSON.stringify(obj) + '\n');
    try {
      let off = 0;
      while (off < bytes.length) {
        const n = writeSync(this.fd, bytes, off, bytes.length - off);
        if (n <= 0) throw new Error('short write');
        off += n;
      }
      if (sync) fsyncSync(this.fd);
    } catch (e) {
      throw new JournalWriteError(this.path, e);
    }
  }
  close() {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch (_) {
        /* nothing left to save */
      }
      this.fd = null;
    }
  }
}

// ---- the lock

// A process's start time (clock ticks since boot, /proc/<pid>/stat field 22), or null.
function startTime(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[19] || null;
  } catch (_) {
    return null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Whether the holder a lock file names is still running (true when it cannot be told). */
function holderRunning(info) {
  if (!info || !Number.isInteger(info.pid) || info.pid <= 0) return false; // unreadable: a torn lock, stale
  if (info.host && info.host !== hostname()) return true;
  if (!alive(info.pid)) return false;
  const now = startTime(info.pid);
  return !(info.started && now && now !== info.started); // the pid names another process now
}

function readLock(lockPath) {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') throw e;
    return null;
  }
}

/**
 * Takes <journal>.lock; returns release(). Throws JournalError code 'journal_locked'
 * (with .pid) while another running push holds it.
 */
export function lockJournal(journalPath) {
  const lockPath = journalPath + '.lock';
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: startTime(process.pid) });
  for (let tries = 0; tries < 8; tries++) {
    try {
      writeFileSync(lockPath, mine, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath);
        } catch (_) {
          /* gone already */
        }
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw new JournalError(`${lockPath}: cannot create the lock (${e.code || e.message})`, 'journal_locked');
    }
    let info;
    try {
      info = readLock(lockPath);
    } catch (_) {
      continue; // released meanwhile: try again
    }
    if (holderRunning(info)) {
      const err = new JournalError(
        `${journalPath} is in use by another push (pid ${info.pid}${info.host && info.host !== hostname() ? ` on ${info.host}` : ''}); ` +
          `wait for it, or remove ${lockPath} if that process is gone`,
        'journal_locked',
      );
      err.pid = info.pid;
      throw err;
    }
    // Stale: move it aside (only one taker wins the rename), check it is the
    // one judged stale, drop it, and try again.
    const aside = `${lockPath}.stale-${process.pid}-${tries}`;
    try {
      renameSync(lockPath, aside);
    } catch (_) {
      continue;
    }
    let moved = null;
    try {
      moved = readFileSync(aside, 'utf8');
    } catch (_) {
      /* gone */
    }
    if (moved !== null && JSON.stringify(readLockText(moved)) !== JSON.stringify(info)) {
      // another process took it over in between: put its lock back
      try {
        linkSync(aside, lockPath);
      } catch (_) {
        /* a newer one is there: leave it */
      }
    }
    try {
      unlinkSync(aside);
    } catch (_) {
      /* gone */
    }
  }
  throw new JournalError(`${lockPath}: cannot take the lock (it keeps changing)`, 'journal_locked');
}

function readLockText(text) {
  try {
    return JSON.parse(text);
  } catch (_) {
    return null;
  }
}
