/**
 * Share links: the one place that reads or writes a playground share link's fragment.
 *
 * Format (v1):  `v1.` + base64url(deflate-raw(UTF-8 JSON))  with JSON
 *   { "c": code, "e": exampleId, "b"?: backend, "p"?: control values, "u"?: page path }
 *   ("b" omitted when 'auto'; "p" and "u" were added later and are optional, so every older link
 *   still opens, and older sites ignore them).
 *
 * - The state lives in the fragment, not the query, so it is never sent to a server: no server
 *   logs, no server URL-length limits, and static hosting needs nothing special.
 * - `v<N>.` versions the whole scheme (compression + schema). '.' is not in the base64url
 *   alphabet and, like it, is unreserved in URLs, so links survive copy/paste un-escaped.
 * - Forward compatibility inside v1: decoders ignore unknown JSON fields and treat unknown
 *   backends as 'auto', so a newer site can add optional fields or backends without a bump.
 *   Anything that changes the meaning of existing fields or the compression must be `v2.`,
 *   which this decoder reports as "made by a newer version of the site".
 * - Raw deflate has no checksum, so damage is caught by the UTF-8, JSON and schema checks.
 *
 * Pure and framework-free: needs only CompressionStream/DecompressionStream and TextEncoder/
 * TextDecoder (browsers and Node >= 20). The compression and base64url live in link-bytes.ts.
 */

import { BACKEND_CHOICES, type BackendChoice } from '../shared/backends.ts';
import type { ParamValue } from '../shared/messages.ts';
import { deflateRaw, fromBase64Url, inflateRawCapped, toBase64Url } from './link-bytes.ts';

export type Backend = BackendChoice;

export interface SharedPlayground {
  code: string;
  example: string;
  backend: Backend;
  /** Values of the example's controls (only what differs from the defaults need be kept). */
  params?: Record<string, ParamValue>;
  /** Site path of the page the link was made on, e.g. `/questions/convolution/`. */
  page?: string;
}

export type ShareErrorCode =
  /** No fragment at all. */
  | 'empty'
  /** A fragment, but not a share link (e.g. an ordinary `#heading` anchor). */
  | 'unrecognized'
  /** `v2.` and later: made by a newer site than this one. */
  | 'unsupported-version'
  /** Truncated or damaged: bad base64, bad deflate, bad UTF-8, bad JSON. */
  | 'corrupt'
  /** Well-formed JSON that is not a playground (wrong types, bad example id). */
  | 'invalid'
  /** Over MAX_FRAGMENT_CHARS, or unpacks to more than MAX_DECODED_BYTES. */
  | 'too-large';

export type DecodeResult = { ok: true; state: SharedPlayground } | { ok: false; error: ShareErrorCode; message: string };

export class ShareError extends Error {
  readonly code: ShareErrorCode;
  constructor(code: ShareErrorCode, message: string) {
    super(message);
    this.name = 'ShareError';
    this.code = code;
  }
}

/**
 * Longest fragment we write or accept (characters after '#').
 * 16,000 is far below every current browser's URL limit (Chrome 2 MB, Firefox and Safari
 * 64 KB+), and server limits (often 8 KB of request line) don't apply because fragments are
 * never sent. It fits in email, Slack (40k-char messages) and Teams; a shortener or a Discord
 * message (2k chars) only takes small playgrounds, which no useful cap could fix.
 * At typical 3-5x deflate ratios on code this is roughly 35-60 KB of source.
 */
export const MAX_FRAGMENT_CHARS = 16_000;

/**
 * Most bytes a link may unpack to (the UTF-8 JSON, so also the code). Enforced while
 * inflating, so a decompression bomb is stopped after ~this many bytes rather than expanded.
 * Encode checks the same limit, so everything we write can be read back.
 */
export const MAX_DECODED_BYTES = 100 * 1024;

export const BACKENDS: readonly Backend[] = BACKEND_CHOICES.map((b) => b.value);

/** Limits on control values in a link: enough for any control, too little for mischief. */
const MAX_PARAMS = 64;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_PARAM_TEXT = 200;
const MAX_GRID_SIDE = 16;
/** A site path: starts with '/', plain path characters, no '..' segment, no scheme or host. */
const PAGE_PATH = /^\/(?:[A-Za-z0-9._~-]+\/)*(?:[A-Za-z0-9._~-]+)?$/;

const EXAMPLE_ID = /^[a-z0-9-]{1,64}$/;
const CURRENT_VERSION = 1;
const PREFIX = `v${CURRENT_VERSION}.`;

const MESSAGES = {
  empty: 'There is no shared playground in this link.',
  unrecognized: "This doesn't look like a playground share link.",
  newer: 'This link was made by a newer version of the site. Reload the page to get the latest version, then open the link again.',
  corrupt: 'This link was cut off or damaged. Copy the whole address again, or ask for a fresh link.',
  invalid: "This link doesn't contain a valid playground. It may have been edited or damaged.",
} as const;

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

// ---------------------------------------------------------------------------------------------
// Encode

/** Fragment (without '#') for `state`. Throws ShareError ('invalid' | 'too-large'). */
export async function encodeShare(state: SharedPlayground): Promise<string> {
  const { code, example, backend, params, page } = state ?? ({} as SharedPlayground);
  // Validate here too, so we never write a link that decodeShare would reject.
  if (typeof code !== 'string') throw new ShareError('invalid', 'Playground code must be a string.');
  if (typeof example !== 'string' || !EXAMPLE_ID.test(example)) {
    throw new ShareError('invalid', `Example id must match ${EXAMPLE_ID}.`);
  }
  if (!BACKENDS.includes(backend)) throw new ShareError('invalid', `Unknown backend: ${String(backend)}.`);

  if (params !== undefined && cleanParams(params) === null)
    throw new ShareError('invalid', 'Control values must be numbers, text, switches or number grids.');
  if (page !== undefined && !isPagePath(page)) throw new ShareError('invalid', `Not a site path: ${String(page)}.`);

  const payload: { c: string; e: string; b?: Backend; p?: Record<string, ParamValue>; u?: string } = { c: code, e: example };
  if (backend !== 'auto') payload.b = backend;
  if (params && Object.keys(params).length > 0) payload.p = params;
  if (page) payload.u = page;
  const json = new TextEncoder().encode(JSON.stringify(payload));
  if (json.length > MAX_DECODED_BYTES) {
    throw new ShareError('too-large', `This playground is too large to share as a link (${kb(json.length)}; the limit is ${kb(MAX_DECODED_BYTES)}).`);
  }

  const fragment = PREFIX + toBase64Url(await deflateRaw(json));
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    throw new ShareError(
      'too-large',
      `This playground is too large to share as a link (${kb(fragment.length)} encoded; the limit is ${kb(MAX_FRAGMENT_CHARS)}). Try removing unused code or comments.`,
    );
  }
  return fragment;
}

/** `base` (origin + path, any old fragment dropped) + '#' + the share fragment. */
export async function buildShareUrl(base: string, state: SharedPlayground): Promise<string> {
  const hash = base.indexOf('#');
  return `${hash === -1 ? base : base.slice(0, hash)}#${await encodeShare(state)}`;
}

// ---------------------------------------------------------------------------------------------
// Decode

/** The fragment of `url` without '#' ('' if none). Never throws. */
export function fragmentFromUrl(url: string): string {
  if (typeof url !== 'string') return '';
  const hash = url.indexOf('#');
  return hash === -1 ? '' : url.slice(hash + 1);
}

export { looksLikeShare } from './detect.ts';

/** Decode a fragment ('#' prefix and percent-encoding allowed). Never throws. */
export async function decodeShare(fragment: string): Promise<DecodeResult> {
  try {
    return await decodeUnsafe(fragment);
  } catch {
    // Belt and braces: every known failure is handled below; anything else is damage.
    return fail('corrupt', MESSAGES.corrupt);
  }
}

function fail(error: ShareErrorCode, message: string): DecodeResult {
  return { ok: false, error, message };
}

function tooLargeLink(chars: number): DecodeResult {
  return fail('too-large', `This link is too large to open (${kb(chars)}; the limit is ${kb(MAX_FRAGMENT_CHARS)}).`);
}

async function decodeUnsafe(input: unknown): Promise<DecodeResult> {
  if (typeof input !== 'string') return fail('empty', MESSAGES.empty);
  // Bound work before any string processing; percent-encoding can at most triple the length.
  if (input.length > MAX_FRAGMENT_CHARS * 3 + 16) return tooLargeLink(input.length);

  let s = input;
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s);
    } catch {
      return fail('corrupt', MESSAGES.corrupt);
    }
  }
  // Chat apps and mail clients wrap long links; no whitespace is meaningful in the format.
  s = s.replace(/\s+/g, '');
  if (s.startsWith('#')) s = s.slice(1);
  if (s === '') return fail('empty', MESSAGES.empty);
  if (s.length > MAX_FRAGMENT_CHARS) return tooLargeLink(s.length);

  const m = /^v(\d{1,6})\./.exec(s);
  if (!m) {
    // 'v', 'v1': a share link cut off before its payload.
    return /^v\d*$/.test(s) ? fail('corrupt', MESSAGES.corrupt) : fail('unrecognized', MESSAGES.unrecognized);
  }
  const version = Number(m[1]);
  if (version === 0 || String(version) !== m[1]) return fail('unrecognized', MESSAGES.unrecognized);
  if (version > CURRENT_VERSION) return fail('unsupported-version', MESSAGES.newer);

  const compressed = fromBase64Url(s.slice(m[0].length));
  if (!compressed || compressed.length === 0) return fail('corrupt', MESSAGES.corrupt);

  const inflated = await inflateRawCapped(compressed, MAX_DECODED_BYTES);
  if (inflated === 'too-large') {
    return fail('too-large', `This link unpacks to more than ${kb(MAX_DECODED_BYTES)}, the limit for a shared playground.`);
  }
  if (inflated === 'corrupt') return fail('corrupt', MESSAGES.corrupt);

  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch {
    return fail('corrupt', MESSAGES.corrupt);
  }
  const state = toPlayground(value);
  return state ? { ok: true, state } : fail('invalid', MESSAGES.invalid);
}

/**
 * Schema check. Unknown fields are ignored and unknown backend strings become 'auto' (the
 * backend is only a preference; a link from a site that knows more backends should still
 * open). Wrong types or a bad example id mean the link was tampered with: reject.
 */
function toPlayground(value: unknown): SharedPlayground | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const own = (k: string): unknown => (Object.hasOwn(value, k) ? (value as Record<string, unknown>)[k] : undefined);
  const code = own('c');
  const example = own('e');
  const backend = own('b');
  if (typeof code !== 'string') return null;
  if (typeof example !== 'string' || !EXAMPLE_ID.test(example)) return null;
  if (backend !== undefined && typeof backend !== 'string') return null;
  const state: SharedPlayground = {
    code,
    example,
    backend: BACKENDS.includes(backend as Backend) ? (backend as Backend) : 'auto',
  };
  // Control values and the page are conveniences: damaged ones are dropped, the code still opens.
  const params = cleanParams(own('p'));
  if (params && Object.keys(params).length > 0) state.params = params;
  const page = own('u');
  if (isPagePath(page)) state.page = page;
  return state;
}

function isPagePath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 200 && PAGE_PATH.test(value) && !value.split('/').includes('..');
}

function isParamValue(value: unknown): value is ParamValue {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'boolean') return true;
  if (typeof value === 'string') return value.length <= MAX_PARAM_TEXT;
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= MAX_GRID_SIDE &&
    value.every(
      (row) =>
        Array.isArray(row) &&
        row.length === (value[0] as unknown[]).length &&
        row.length <= MAX_GRID_SIDE &&
        row.every((v) => typeof v === 'number' && Number.isFinite(v)),
    )
  );
}

/** The valid entries of a params object (a copy), or null when it is not an object of params at all. */
function cleanParams(value: unknown): Record<string, ParamValue> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Record<string, ParamValue> = {};
  const entries = Object.entries(value);
  if (entries.length > MAX_PARAMS) return null;
  for (const [name, v] of entries) {
    if (!PARAM_NAME.test(name) || !isParamValue(v)) return null;
    out[name] = v;
  }
  return out;
}
