// A streaming UTF-8 check that knows where it is: the byte offset and the
// 1-based line of the first byte that is not UTF-8 (RFC 3629: no overlongs,
// no surrogates, nothing past U+10FFFF, no sequence cut short at the end).
// Byte inputs are checked with it before they are decoded, so a bad byte is
// an error with its line instead of a silent U+FFFD.

export class Utf8Error extends Error {
  constructor(line, offset, what) {
    super(`${what} is not valid UTF-8: byte ${offset} (line ${line}); save the file as UTF-8`);
    this.name = 'Utf8Error';
    this.code = 'invalid_utf8';
    this.line = line;
    this.offset = offset;
  }
}

// Node's native check (node:buffer isUtf8) where there is one; the page's
// worker and other runtimes walk the bytes.
const nativeIsUtf8 = (() => {
  try {
    const b = globalThis.process?.getBuiltinModule?.('node:buffer');
    return b && typeof b.isUtf8 === 'function' ? b.isUtf8 : null;
  } catch (_) {
    return null;
  }
})();

export class Utf8Check {
  constructor(what = 'the input') {
    this.what = what;
    this.line = 1; // line of the next byte
    this.offset = 0; // bytes checked so far
    this.need = 0; // continuation bytes still expected
    this.lo = 0x80; // range of the next continuation byte
    this.hi = 0xbf;
    this.start = 0; // offset where the open sequence began
  }

  _fail(offset, line) {
    throw new Utf8Error(line, offset, this.what);
  }

  /** Checks the next bytes; throws a Utf8Error (code invalid_utf8, line, offset) at the first bad one. */
  push(bytes) {
    const n = bytes.length;
    if (!nativeIsUtf8 || n < 64) return this._walk(bytes, 0, n);
    // Node: its native check over the whole sequences, lines counted with
    // indexOf; the byte walk for a sequence open at either end, and for a
    // chunk that fails (it finds the bad byte and its line).
    let i = 0;
    if (this.need > 0) {
      i = Math.min(n, this.need);
      this._walk(bytes, 0, i);
    }
    let k = n; // the start of a last sequence cut short
    for (let j = n - 1; j >= i && j >= n - 4; j--) {
      const b = bytes[j];
      if (b < 0x80) break;
      if (b >= 0xc0) {
        const len = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
        if (j + len > n) k = j;
        break;
      }
    }
    const whole = bytes.subarray(i, k);
    if (!nativeIsUtf8(whole)) return this._walk(bytes, i, n);
    let line = this.line;
    for (let at = whole.indexOf(10); at >= 0; at = whole.indexOf(10, at + 1)) line++;
    this.line = line;
    this.offset += k - i;
    if (k < n) this._walk(bytes, k, n);
  }

  // The byte walk over bytes[from, to) (this.offset is the offset of bytes[from]).
  _walk(bytes, from, to) {
    let { need, lo, hi, line } = this;
    const base = this.offset - from;
    const n = to;
    for (let i = from; i < n; i++) {
      const b = bytes[i];
      if (need > 0) {
        if (b < lo || b > hi) this._fail(this.start, line); // the sequence that broke off
        lo = 0x80;
        hi = 0xbf;
        need--;
        continue;
      }
      if (b < 0x80) {
        if (b === 10) line++;
        continue;
      }
      this.start = base + i;
      if (b < 0xc2) this._fail(base + i, line);
      else if (b < 0xe0) need = 1;
      else if (b < 0xf0) {
        need = 2;
        lo = b === 0xe0 ? 0xa0 : 0x80;
        hi = b === 0xed ? 0x9f : 0xbf;
      } else if (b < 0xf5) {
        need = 3;
        lo = b === 0xf0 ? 0x90 : 0x80;
        hi = b === 0xf4 ? 0x8f : 0xbf;
      } else this._fail(base + i, line);
    }
    this.need = need;
    this.lo = lo;
    this.hi = hi;
    this.line = line;
    this.offset = base + n;
  }

  /** The input ended: a sequence cut short is an error. */
  end() {
    if (this.need > 0) this._fail(this.start, this.line);
  }
}

const asBytes = (b) => (b instanceof Uint8Array ? b : ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b));

/** Throws a Utf8Error (code invalid_utf8, line, offset) when `bytes` are not UTF-8. */
export function checkUtf8(bytes, what = 'the input') {
  const c = new Utf8Check(what);
  c.push(asBytes(bytes));
  c.end();
}

/** `bytes` as text, after checkUtf8 (a byte-order mark is kept). */
export function decodeUtf8(bytes, what = 'the input') {
  const u8 = asBytes(bytes);
  checkUtf8(u8, what);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(u8);
}

export { asBytes };
