/**
 * The bytes of a share link: raw DEFLATE (with an inflate that stops at a size cap, so a small
 * link cannot expand into a huge payload) and strict base64url. Used by codec.ts; no DOM.
 */
import { concatBytes } from '../shared/bytes.ts';

// ---------------------------------------------------------------------------------------------
// Compression

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream('deflate-raw');
  const writer = cs.writable.getWriter();
  const writing = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  writing.catch(() => {}); // any error also surfaces on the read side
  const out = await readAll(cs.readable.getReader(), Infinity);
  await writing;
  return out as Uint8Array;
}

/** Compressed bytes fed per write: bounds what one write can expand to (deflate max ~1032x). */
const INFLATE_SLICE = 1024;

/**
 * Inflate, stopping as soon as output exceeds `maxBytes`. Input goes in small slices with
 * backpressure, so a bomb costs about `maxBytes` + one slice's expansion, not its full size.
 * Data after the end of the deflate stream is rejected by browsers and ignored by Node 20;
 * harmless either way, since what it inflated to is still fully validated.
 */
export async function inflateRawCapped(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | 'too-large' | 'corrupt'> {
  let ds: DecompressionStream;
  try {
    ds = new DecompressionStream('deflate-raw');
  } catch {
    return 'corrupt';
  }
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  const writing = (async () => {
    for (let i = 0; i < bytes.length; i += INFLATE_SLICE) {
      await writer.ready;
      await writer.write(bytes.slice(i, i + INFLATE_SLICE));
    }
    await writer.close();
  })();
  writing.catch(() => {}); // errors also surface on the read side; never leave one unhandled

  try {
    const out = await readAll(reader, maxBytes);
    if (out === 'too-large') {
      reader.cancel().catch(() => {});
      writer.abort().catch(() => {});
      return 'too-large';
    }
    await writing; // e.g. junk after the end of the deflate stream
    return out;
  } catch {
    reader.cancel().catch(() => {});
    writer.abort().catch(() => {});
    return 'corrupt';
  }
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<Uint8Array | 'too-large'> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) return 'too-large';
    chunks.push(value);
  }
  return new Uint8Array(concatBytes(chunks));
}

// ---------------------------------------------------------------------------------------------
// base64url (hand-rolled: strict validation, no padding, no btoa string juggling)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[ALPHABET.charCodeAt(i)] = i;
  // Tolerate standard base64 in case something "helpfully" converted the link.
  t['+'.charCodeAt(0)] = 62;
  t['/'.charCodeAt(0)] = 63;
  return t;
})();

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63) + ALPHABET.charAt((n >> 6) & 63) + ALPHABET.charAt(n & 63);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    s += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63);
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += ALPHABET.charAt(n >> 18) + ALPHABET.charAt((n >> 12) & 63) + ALPHABET.charAt((n >> 6) & 63);
  }
  return s;
}

/** Bytes, or null if `s` is not base64url (trailing '=' padding allowed). */
export function fromBase64Url(s: string): Uint8Array | null {
  const end = s.replace(/={1,2}$/, '').length;
  if (end % 4 === 1) return null; // no whole byte: cut off mid-character
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? (LOOKUP[c] ?? -1) : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
