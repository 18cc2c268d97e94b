// Moving big payloads across the JS <-> WASM boundary as UTF-8 bytes in the
// heap: the input is encoded straight into a malloc'd buffer (a string) or
// copied (bytes); answers are decoded from the heap.
import { fatalCheck } from './args.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function makeHeap(M) {
  // Copies `input` (string, Uint8Array) into a fresh heap buffer: { ptr, length }.
  // The caller frees ptr.
  function put(input) {
    if (typeof input !== 'string') {
      const ptr = M._malloc(input.length + 1);
      if (!ptr) throw new Error('out of WebAssembly memory for a ' + input.length + '-byte input');
      M.HEAPU8.set(input, ptr);
      return { ptr, length: input.length };
    }
    // Most text is ASCII: try its length first, then the exact UTF-8 size.
    let capacity = input.length + 16;
    let ptr = M._malloc(capacity);
    if (!ptr) throw new Error('out of WebAssembly memory for a ' + capacity + '-byte input');
    const r = encoder.encodeInto(input, M.HEAPU8.subarray(ptr, ptr + capacity));
    if (r.read === input.length) return { ptr, length: r.written };
    M._free(ptr);
    const bytes = encoder.encode(input);
    return put(bytes);
  }

  function withBytes(input, call) {
    const { ptr, length } = put(input);
    try {
      return call(ptr, length);
    } finally {
      M._free(ptr);
    }
  }

  function decode(ptr, length) {
    return decoder.decode(M.HEAPU8.subarray(ptr, ptr + length));
  }

  // A full JSON answer left in handle's out buffer.
  function readAnswer(handle, length) {
    const text = decode(handle.outPointer(), length);
    handle.releaseOut();
    return fatalCheck(text);
  }

  // A lean planner answer: the head (JSON) and, after it, each request's
  // bodyText (copied out of the heap as bytes, decoded on first read: a
  // caller that never reads a body, such as check, never decodes one) and each
  // open lead's text decoded from the bodies buffer.
  function readLean(handle, bodyLength) {
    const head = fatalCheck(decode(handle.headPointer(), handle.headLength()));
    const base = handle.outPointer();
    let off = 0;
    for (const r of head.requests) {
      const bytes = M.HEAPU8.slice(base + off, base + off + r.bodyBytes);
      // the bytes themselves, for a caller that sends or writes them as they are (the edge answer)
      Object.defineProperty(r, 'bodyUtf8', { value: bytes, enumerable: false, writable: true, configurable: true });
      Object.defineProperty(r, 'bodyText', {
        enumerable: true,
        configurable: true,
        get() {
          const value = decoder.decode(bytes);
          Object.defineProperty(r, 'bodyText', { value, writable: true, enumerable: true, configurable: true });
          return value;
        },
      });
      off += r.bodyBytes;
    }
    if (head.open && head.open.length) {
      head.openTexts = head.open.map((n) => {
        const t = decode(base + off, n);
        off += n;
        return t;
      });
    }
    // an input planner's kept cells (JSON), after the bodies: decoded now, parsed when read
    const input = head.input;
    if (input && input.cellsBytes) {
      input.cellsText = decode(base + off, input.cellsBytes);
      off += input.cellsBytes;
    }
    if (off !== bodyLength) throw new Error('internal error: lean answer of ' + bodyLength + ' bytes, ' + off + ' indexed');
    handle.releaseOut();
    return head;
  }

  // Small texts (one lead) go through one reused heap buffer: no malloc a call.
  let scratch = 0,
    scratchCap = 0;
  function withSmallText(text, call) {
    if (text.length > 65536) return withBytes(text, call);
    const need = text.length * 3 + 1;
    if (need > scratchCap) {
      if (scratch) M._free(scratch);
      scratchCap = Math.max(need, 4096);
      scratch = M._malloc(scratchCap);
      if (!scratch) {
        scratchCap = 0;
        throw new Error('out of WebAssembly memory');
      }
    }
    const { written } = encoder.encodeInto(text, M.HEAPU8.subarray(scratch, scratch + scratchCap));
    return call(scratch, written);
  }

  return { put, withBytes, withSmallText, decode, readAnswer, readLean };
}
