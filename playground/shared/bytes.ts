/** Bytes, in one place for the page and the worker. No imports. */

/** The parts laid end to end in one new buffer. */
export function concatBytes(parts: ReadonlyArray<ArrayBuffer | Uint8Array>): ArrayBuffer {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p instanceof Uint8Array ? p : new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out.buffer;
}
