import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../playground/runtime/random.ts';
import {
  BACKENDS,
  MAX_DECODED_BYTES,
  MAX_FRAGMENT_CHARS,
  ShareError,
  buildShareUrl,
  decodeShare,
  encodeShare,
  fragmentFromUrl,
  looksLikeShare,
  type Backend,
  type DecodeResult,
  type ShareErrorCode,
  type SharedPlayground,
} from '../../playground/share/codec.ts';

const ERROR_CODES: ShareErrorCode[] = ['empty', 'unrecognized', 'unsupported-version', 'corrupt', 'invalid', 'too-large'];
const EXAMPLE_ID = /^[a-z0-9-]{1,64}$/;

/** A v1 fragment for arbitrary bytes/text, made independently of the codec (node:zlib). */
function craft(payload: string | Uint8Array, version = 'v1.'): string {
  return version + deflateRawSync(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload).toString('base64url');
}
const craftJson = (value: unknown): string => craft(JSON.stringify(value));

/** Problems with a result's shape ('' if well formed). Plain code: this runs 10,000 times. */
function shapeProblem(r: unknown): string {
  if (typeof r !== 'object' || r === null) return 'not an object';
  const o = r as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (o.ok === true) {
    if (keys !== 'ok,state') return `ok keys ${keys}`;
    const s = o.state as Record<string, unknown>;
    if (typeof s !== 'object' || s === null) return 'state not an object';
    const stateKeys = Object.keys(s).filter((k) => k !== 'params' && k !== 'page');
    if (stateKeys.sort().join(',') !== 'backend,code,example') return `state keys ${Object.keys(s)}`;
    if ('page' in s && (typeof s.page !== 'string' || !s.page.startsWith('/') || s.page.includes('..'))) return `bad page ${String(s.page)}`;
    if ('params' in s && (typeof s.params !== 'object' || s.params === null || Array.isArray(s.params))) return 'params not an object';
    if (typeof s.code !== 'string') return 'code not a string';
    if (typeof s.example !== 'string' || !EXAMPLE_ID.test(s.example)) return `bad example ${String(s.example)}`;
    if (!BACKENDS.includes(s.backend as Backend)) return `bad backend ${String(s.backend)}`;
    return '';
  }
  if (o.ok === false) {
    if (keys !== 'error,message,ok') return `error keys ${keys}`;
    if (!ERROR_CODES.includes(o.error as ShareErrorCode)) return `bad code ${String(o.error)}`;
    if (typeof o.message !== 'string' || o.message.length < 10) return 'bad message';
    return '';
  }
  return `ok is ${String(o.ok)}`;
}

async function expectError(fragment: unknown, code: ShareErrorCode): Promise<DecodeResult> {
  const r = await decodeShare(fragment as string);
  expect(shapeProblem(r)).toBe('');
  expect(r.ok ? 'ok' : r.error, `decodeShare(${String(fragment).slice(0, 80)})`).toBe(code);
  return r;
}

async function roundTrip(state: SharedPlayground): Promise<string> {
  const fragment = await encodeShare(state);
  expect(fragment).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
  expect(fragment.length).toBeLessThanOrEqual(MAX_FRAGMENT_CHARS);
  expect(await decodeShare(fragment)).toEqual({ ok: true, state });
  return fragment;
}

/** Swap in a DecompressionStream that counts instances and bytes actually produced. */
function countDecompression() {
  const Original = globalThis.DecompressionStream;
  const counts = { constructed: 0, produced: 0 };
  class Counting {
    readonly writable: WritableStream<BufferSource>;
    readonly readable: ReadableStream<Uint8Array>;
    constructor(format: CompressionFormat) {
      counts.constructed++;
      const ds = new Original(format);
      this.writable = ds.writable;
      this.readable = ds.readable.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            counts.produced += chunk.length;
            controller.enqueue(chunk);
          },
        }),
      );
    }
  }
  globalThis.DecompressionStream = Counting as unknown as typeof DecompressionStream;
  restoreGlobals.push(() => (globalThis.DecompressionStream = Original));
  return counts;
}
const restoreGlobals: Array<() => void> = [];
afterEach(() => {
  while (restoreGlobals.length) restoreGlobals.pop()!();
});

describe('round trips', () => {
  it('ASCII code, with every backend', async () => {
    for (const backend of BACKENDS) {
      await roundTrip({ code: 'const x = tf.tensor([1, 2, 3]);\nshow(x.sum());\n', example: 'tensors-101', backend });
    }
  });

  it('Unicode: emoji, CJK, accents, RTL, lone surrogates, control characters', async () => {
    await roundTrip({ code: '// 卷积神经网络 🧠🔥 — naïve café\nlog("こんにちは 👋🏽 שלום");\n', example: 'a', backend: 'auto' });
    await roundTrip({ code: '\ud800 lone \udfff \u0000\u0001\u001f\u2028\u2029 "quotes" \\ back', example: '0-9', backend: 'cpu' });
  });

  it('empty code', async () => {
    await roundTrip({ code: '', example: 'blank', backend: 'auto' });
  });

  it('largest payload accepted, one byte more rejected', async () => {
    const overhead = JSON.stringify({ c: '', e: 'x' }).length;
    const code = 'a'.repeat(MAX_DECODED_BYTES - overhead);
    await roundTrip({ code, example: 'x', backend: 'auto' });
    await expect(encodeShare({ code: `${code}a`, example: 'x', backend: 'auto' })).rejects.toMatchObject({ code: 'too-large' });
  });

  it('poorly compressible code just under the fragment cap', async () => {
    const rng = mulberry32(42);
    const tokens = ['const ', 'let ', 'x', 'y', 'z', '=', '+', '(', ')', ';\n', '.map', 'tf.', '0', '1', '7', '9', 'await ', '{', '}', ' '];
    let text = '';
    while (text.length < 60_000) text += tokens[Math.floor(rng() * tokens.length)] + String.fromCharCode(97 + Math.floor(rng() * 26));
    // Largest prefix that still fits.
    let lo = 0;
    let hi = text.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const fits = await encodeShare({ code: text.slice(0, mid), example: 'big', backend: 'webgpu' }).then(
        () => true,
        (e: unknown) => (e instanceof ShareError && e.code === 'too-large' ? false : Promise.reject(e)),
      );
      if (fits) lo = mid;
      else hi = mid;
    }
    const fragment = await roundTrip({ code: text.slice(0, lo), example: 'big', backend: 'webgpu' });
    expect(fragment.length).toBeGreaterThan(MAX_FRAGMENT_CHARS - 100);
  });

  it('output is deterministic and URL-safe', async () => {
    const state: SharedPlayground = { code: `${'x'.repeat(1000)}?&#%/+= `, example: 'det', backend: 'wasm' };
    const a = await encodeShare(state);
    expect(await encodeShare(state)).toBe(a);
    expect(encodeURIComponent(a)).toBe(a);
  });
});

describe('encodeShare errors', () => {
  it('too large to share: ShareError too-large, with actual and allowed size in KB', async () => {
    const rng = mulberry32(7);
    let code = '';
    for (let i = 0; i < 40_000; i++) code += String.fromCharCode(33 + Math.floor(rng() * 94));
    const err = await encodeShare({ code, example: 'x', backend: 'auto' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShareError);
    expect(err).toBeInstanceOf(Error);
    expect((err as ShareError).code).toBe('too-large');
    const m = /(\d+\.\d) KB.*limit is (\d+\.\d) KB/.exec((err as ShareError).message);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(Number(m![2]));
    expect(Number(m![2])).toBeCloseTo(MAX_FRAGMENT_CHARS / 1024, 1);
  });

  it('refuses to write links it could not read back', async () => {
    const bad: unknown[] = [
      { code: 1, example: 'x', backend: 'auto' },
      { code: 'x', example: 'Bad Id', backend: 'auto' },
      { code: 'x', example: '', backend: 'auto' },
      { code: 'x', example: 'a'.repeat(65), backend: 'auto' },
      { code: 'x', example: 'x', backend: 'webnn' },
    ];
    for (const state of bad) {
      await expect(encodeShare(state as SharedPlayground)).rejects.toMatchObject({ name: 'ShareError', code: 'invalid' });
    }
  });
});

describe('decodeShare rejects malformed input without throwing', () => {
  it('empty and whitespace', async () => {
    for (const f of ['', '   ', '#', ' # ', '\n\t']) await expectError(f, 'empty');
  });

  it('non-string input', async () => {
    for (const f of [undefined, null, 42, {}, [], Symbol('x')]) {
      const r = await decodeShare(f as unknown as string);
      expect(shapeProblem(r)).toBe('');
      expect(r.ok).toBe(false);
    }
  });

  it('ordinary anchors and other fragments are not share links', async () => {
    for (const f of ['intro', '#section-2', 'top', '0', '1.abc', 'V1.abc', 'vv1.abc', 'v0.abc', 'v01.abc', '#:~:text=hello', 'v1234567.abc']) {
      await expectError(f, 'unrecognized');
    }
    expect(looksLikeShare('#intro')).toBe(false);
    expect(looksLikeShare('#v1.abc')).toBe(true);
    expect(looksLikeShare('v9.abc')).toBe(true);
  });

  it('unknown (newer) version', async () => {
    const r = await expectError('v9.abcd', 'unsupported-version');
    expect(!r.ok && r.message).toMatch(/newer version of the site/);
    await expectError(`#v2.${(await encodeShare({ code: 'x', example: 'x', backend: 'auto' })).slice(3)}`, 'unsupported-version');
    await expectError('v10.', 'unsupported-version');
  });

  it('cut off: truncated base64 and every truncation of a real link', async () => {
    const f = await encodeShare({ code: 'for (let i = 0; i < 10; i++) log(i * i); // 🎲', example: 'loops', backend: 'webgl' });
    for (let n = 1; n < f.length; n++) {
      const r = await expectError(f.slice(0, n), 'corrupt');
      if (n > 3) expect(!r.ok && r.message).toMatch(/cut off or damaged/);
    }
    await expectError('v1.A', 'corrupt'); // length % 4 === 1: not even one byte
  });

  it('characters outside base64url', async () => {
    for (const f of ['v1.abc$', 'v1.ab.cd', 'v1.ab*c', 'v1.é', 'v1.===', 'v1.abc=d']) await expectError(f, 'corrupt');
  });

  it('valid base64url, invalid deflate', async () => {
    await expectError(`v1.${Buffer.from([0x07, 0x00, 0x01]).toString('base64url')}`, 'corrupt'); // block type 3
    await expectError(`v1.${Buffer.from('hello world, not deflate').toString('base64url')}`, 'corrupt');
  });

  it('junk after the end of the deflate stream: ignored or rejected, by platform', async () => {
    // Browsers reject trailing data (per the Compression Streams spec); Node 20 ignores it.
    // Either is safe: raw deflate has no checksum, and what it inflated to is fully validated.
    const good = deflateRawSync(Buffer.from(JSON.stringify({ c: 'x', e: 'x' })));
    const r = await decodeShare(`v1.${Buffer.concat([good, Buffer.from('junk')]).toString('base64url')}`);
    expect([{ ok: true, state: { code: 'x', example: 'x', backend: 'auto' } }, expect.objectContaining({ error: 'corrupt' })]).toContainEqual(r);
  });

  it('valid deflate, invalid UTF-8 or JSON', async () => {
    await expectError(craft(new Uint8Array([0xff, 0xfe, 0x7b])), 'corrupt');
    for (const text of ['', '{"c": oops}', '{"c":"x","e":"x"', 'undefined', "{'c':'x'}", '{"c":"x"} trailing']) {
      await expectError(craft(text), 'corrupt');
    }
  });

  it('valid JSON, wrong shape or types', async () => {
    const values: unknown[] = [
      null,
      42,
      'str',
      true,
      [],
      ['x', 'y', 'auto'],
      {},
      { c: 1, e: 'x' },
      { c: null, e: 'x' },
      { c: ['x'], e: 'x' },
      { e: 'x' },
      { c: 'x' },
      { c: 'x', e: 5 },
      { c: 'x', e: 'x', b: 5 },
      { c: 'x', e: 'x', b: null },
      { c: 'x', e: 'x', b: ['webgl'] },
      { code: 'x', example: 'x', backend: 'auto' },
    ];
    for (const v of values) await expectError(craftJson(v), 'invalid');
    // Properties must be own, not smuggled through the prototype.
    await expectError(craft('{"__proto__":{"c":"x","e":"x"}}'), 'invalid');
  });

  it('example ids with odd characters', async () => {
    for (const e of ['', 'Conv', 'a b', '../etc/passwd', 'a_b', 'ünï', '<script>', 'a\n', 'x'.repeat(65), 'a/b', 'a.b']) {
      await expectError(craftJson({ c: 'x', e }), 'invalid');
    }
    expect(await decodeShare(craftJson({ c: 'x', e: 'x'.repeat(64) }))).toMatchObject({ ok: true });
  });

  it('extra fields are ignored; unknown or missing backend means auto', async () => {
    expect(await decodeShare(craftJson({ c: 'x', e: 'ok', b: 'webgl', future: { seed: 1 }, z: [1] }))).toEqual({
      ok: true,
      state: { code: 'x', example: 'ok', backend: 'webgl' },
    });
    for (const b of ['webnn', '', 'WEBGL', 'constructor', '__proto__']) {
      expect(await decodeShare(craftJson({ c: 'x', e: 'ok', b }))).toEqual({ ok: true, state: { code: 'x', example: 'ok', backend: 'auto' } });
    }
    expect(await decodeShare(craftJson({ c: 'x', e: 'ok' }))).toEqual({ ok: true, state: { code: 'x', example: 'ok', backend: 'auto' } });
  });

  it('oversized input is rejected before any decompression', async () => {
    const counts = countDecompression();
    await expectError(`v1.${'A'.repeat(MAX_FRAGMENT_CHARS)}`, 'too-large');
    const t0 = performance.now();
    const r = await expectError(`v1.${'A'.repeat(10_000_000)}`, 'too-large');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(!r.ok && r.message).toMatch(/too large.*KB.*limit is.*KB/);
    expect(counts.constructed).toBe(0);
  });

  it('a payload over the decoded cap is too-large, even when the link is small', async () => {
    const f = craftJson({ c: 'a'.repeat(MAX_DECODED_BYTES), e: 'x' });
    expect(f.length).toBeLessThan(2000);
    await expectError(f, 'too-large');
  });
});

describe('control values and the page a link came from', () => {
  const params = {
    activation: 'sigmoid',
    rate: 0.03,
    augment: true,
    kernel: [
      [0, -1, 0],
      [-1, 5, -1],
      [0, -1, 0],
    ],
  };

  it('round-trip with the code', async () => {
    const state: SharedPlayground = { code: 'log(1)', example: 'kernel-demo', backend: 'wasm', params, page: '/questions/convolution/' };
    const r = await decodeShare(await encodeShare(state));
    expect(r).toEqual({ ok: true, state });
  });

  it('links made before they existed still open, with no params and no page', async () => {
    const old = craftJson({ c: 'log(2)', e: 'hello-tensor' });
    expect(await decodeShare(old)).toEqual({ ok: true, state: { code: 'log(2)', example: 'hello-tensor', backend: 'auto' } });
  });

  it('damaged params or page are dropped and the code still opens', async () => {
    for (const bad of [
      { p: 'x' },
      { p: [1, 2] },
      { p: { 'bad name': 1 } },
      { p: { rate: Number.MAX_VALUE * 10 } },
      { p: { grid: [[1, 2], [3]] } },
      { p: { text: 'x'.repeat(201) } },
      { u: 'https://evil.example/' },
      { u: '/questions/../../etc/' },
      { u: '//evil.example/path' },
      { u: 'javascript:alert(1)' },
    ]) {
      const r = await decodeShare(craftJson({ c: 'x', e: 'hello-tensor', ...bad }));
      expect(r.ok, JSON.stringify(bad)).toBe(true);
      if (r.ok) {
        expect(r.state.params).toBeUndefined();
        expect(r.state.page).toBeUndefined();
      }
    }
  });

  it('encode refuses values it would not read back', async () => {
    await expect(encodeShare({ code: '', example: 'a', backend: 'auto', params: { x: Number.NaN } })).rejects.toThrow(ShareError);
    await expect(encodeShare({ code: '', example: 'a', backend: 'auto', page: 'http://x/' })).rejects.toThrow(ShareError);
  });
});

describe('decompression bombs', () => {
  it('50 MB of zeros is rejected quickly, without inflating it', async () => {
    const counts = countDecompression();
    const f = craft(new Uint8Array(50 * 1024 * 1024));
    const t0 = performance.now();
    await expectError(f, 'too-large');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(counts.produced).toBe(0);
  });

  it('a bomb that fits the link cap stops inflating just past MAX_DECODED_BYTES', async () => {
    const bombBytes = 10 * 1024 * 1024;
    const f = craft(new Uint8Array(bombBytes));
    expect(f.length).toBeLessThanOrEqual(MAX_FRAGMENT_CHARS); // so it really reaches the inflater
    const counts = countDecompression();
    const t0 = performance.now();
    const r = await expectError(f, 'too-large');
    expect(!r.ok && r.message).toMatch(/unpacks to more than/);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(counts.constructed).toBe(1);
    expect(counts.produced).toBeGreaterThan(MAX_DECODED_BYTES);
    expect(counts.produced).toBeLessThan(2 * 1024 * 1024); // vs 10 MB if fully inflated
  });
});

describe('lenient but exact input handling', () => {
  it('"#", whitespace, line wraps, percent-encoding, standard base64 and padding', async () => {
    const state: SharedPlayground = { code: `${'x?>~'.repeat(50)}ÿ`, example: 'lenient', backend: 'wasm' };
    const f = await encodeShare(state);
    const variants = [
      `#${f}`,
      `  ${f}\n`,
      f.replace(/(.{20})/g, '$1\n  '),
      encodeURIComponent(`#${f}`),
      [...f].map((ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
      f.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - ((f.length - 3) % 4)) % 4),
    ];
    for (const v of variants) expect(await decodeShare(v)).toEqual({ ok: true, state });
    await expectError('v1.%E0%A4%A', 'corrupt'); // broken percent-encoding
  });

  it('fragmentFromUrl and buildShareUrl', async () => {
    const state: SharedPlayground = { code: 'show(1)', example: 'q1', backend: 'auto' };
    const url = await buildShareUrl('https://example.org/questions/q1/#old-anchor', state);
    expect(url.startsWith('https://example.org/questions/q1/#v1.')).toBe(true);
    expect(url.split('#')).toHaveLength(2);
    expect(new URL(url).hash.slice(1)).toBe(fragmentFromUrl(url));
    expect(await decodeShare(fragmentFromUrl(url))).toEqual({ ok: true, state });
    expect(await decodeShare(new URL(url).hash)).toEqual({ ok: true, state });
    expect(fragmentFromUrl('https://example.org/')).toBe('');
    expect(fragmentFromUrl('https://example.org/#')).toBe('');
    expect(fragmentFromUrl(undefined as unknown as string)).toBe('');
  });
});

describe('fuzz', () => {
  it('10,000 fuzzed fragments: never throws, always well formed, every stage exercised', async () => {
    const rng = mulberry32(0x5eed);
    const int = (n: number) => Math.floor(rng() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const ANY = `${B64}.#%+/= \n\t~!$&'()*,;:@?[]{}"<>\\^\`|é漢🧠\u0000\ud800`;
    const str = (alphabet: string, len: number) => {
      const chars = [...alphabet];
      let s = '';
      for (let i = 0; i < len; i++) s += pick(chars);
      return s;
    };
    const bytes = (len: number) => Uint8Array.from({ length: len }, () => int(256));

    const pool: string[] = [];
    for (let i = 0; i < 40; i++) {
      const code = i % 5 === 0 ? '' : str(`${ANY}consttf.tensor();\n`, 1 + int(i % 7 === 0 ? 3000 : 200));
      pool.push(await encodeShare({ code, example: str('abcxyz019-', 1 + int(20)), backend: pick(BACKENDS) }));
    }

    const randomJson = (depth = 0): unknown => {
      switch (int(depth > 2 ? 5 : 8)) {
        case 0:
          return null;
        case 1:
          return rng() < 0.5;
        case 2:
          return rng() * 1e6 - 5e5;
        case 3:
          return str(ANY, int(20));
        case 4:
          return pick(['auto', 'webgl', 'webnn', 'x', 'conv-1', '']);
        case 5:
          return Array.from({ length: int(4) }, () => randomJson(depth + 1));
        default: {
          // Objects near the real schema so the schema check is what decides.
          const o: Record<string, unknown> = {};
          if (rng() < 0.8) o.c = rng() < 0.7 ? str(ANY, int(40)) : randomJson(depth + 1);
          if (rng() < 0.8) o.e = rng() < 0.6 ? str('abc-019', 1 + int(10)) : randomJson(depth + 1);
          if (rng() < 0.5) o.b = rng() < 0.6 ? pick([...BACKENDS, 'webnn']) : randomJson(depth + 1);
          if (rng() < 0.3) o[str(B64, 1 + int(5))] = randomJson(depth + 1);
          return o;
        }
      }
    };

    const payloadOf = (f: string) => Buffer.from(f.slice(3), 'base64url');
    const mutate = (f: string): string => {
      switch (int(12)) {
        case 0:
          return f.slice(0, int(f.length + 1)); // truncation
        case 1: {
          // bit flips in the compressed bytes
          const b = payloadOf(f);
          for (let k = 1 + int(3); k > 0 && b.length; k--) b[int(b.length)]! ^= 1 << int(8);
          return `v1.${b.toString('base64url')}`;
        }
        case 2: {
          // character substitutions
          const cs = [...f];
          for (let k = 1 + int(3); k > 0; k--) cs[int(cs.length)] = rng() < 0.8 ? pick([...B64]) : pick([...ANY]);
          return cs.join('');
        }
        case 3: {
          // duplicated segment
          const a = int(f.length);
          const seg = f.slice(a, a + 1 + int(40));
          const at = int(f.length + 1);
          return f.slice(0, at) + seg + f.slice(at);
        }
        case 4: {
          // deleted segment
          const a = int(f.length);
          return f.slice(0, a) + f.slice(a + 1 + int(20));
        }
        case 5: // version changes
          return (
            pick(['v2.', 'v0.', 'v9.', 'v10.', 'v01.', 'V1.', 'v1', 'v.', '1.', 'v1..', 'vv1.', 'v999999.', 'v1234567.', '', '#v1.', 'v1.v1.']) +
            f.slice(3)
          );
        case 6: // splice two links together
          return f.slice(0, int(f.length)) + pick(pool).slice(3 + int(40));
        case 7: {
          // junk after the end of the deflate stream, or a truncated one
          const b = payloadOf(f);
          return `v1.${(rng() < 0.5 ? Buffer.concat([b, Buffer.from(bytes(1 + int(8)))]) : b.subarray(0, int(b.length))).toString('base64url')}`;
        }
        case 8: // transport damage that should be harmless
          return pick([
            `#${f}`,
            ` ${f} `,
            f.replace(/[^A-Za-z0-9]/g, (c) => (c.charCodeAt(0) < 128 ? `%${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)),
            f.replace(/(.{30})/g, '$1\n'),
          ]);
        case 9: // percent noise
          return f.slice(0, int(f.length)) + pick(['%', '%2', '%zz', '%E0%A4%A', '%00', '%F0%9F%A7%A0']) + f.slice(int(f.length));
        case 10: // re-deflated, slightly edited JSON text
          return craft(editJson(f));
        default:
          return f + str(ANY, 1 + int(10));
      }
    };
    const editJson = (f: string): string => {
      let text: string;
      try {
        text = jsonInside(f); // f may already be mangled by an earlier mutation
      } catch {
        text = jsonInside(pick(pool));
      }
      const cs = [...text];
      for (let k = 1 + int(2); k > 0 && cs.length; k--) cs[int(cs.length)] = pick([...'"{}[],:0a\\ ']);
      return cs.join('');
    };

    const generate = (): string => {
      const r = rng();
      if (r < 0.1) return str(ANY, int(rng() < 0.02 ? 70_000 : 120)); // random strings
      if (r < 0.2) return `v1.${Buffer.from(bytes(int(200))).toString('base64url')}`; // random bytes
      if (r < 0.35) return craftJson(randomJson()); // valid deflate, random JSON
      if (r < 0.37) return craft(new Uint8Array(MAX_DECODED_BYTES + int(2_000_000)).fill(int(256))); // small bombs
      let f = pick(pool);
      for (let k = rng() < 0.7 ? 1 : 2 + int(2); k > 0; k--) f = mutate(f);
      return f;
    };

    // Count how far fragments get: inflater instances and JSON.parse calls from the codec.
    const counts = countDecompression();
    const realParse = JSON.parse;
    let parses = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      parses++;
      return realParse(text, reviver);
    }) as typeof JSON.parse;
    restoreGlobals.push(() => (JSON.parse = realParse));

    const outcomes = new Map<string, number>();
    const problems: string[] = [];
    let reachedInflate = 0;
    let reachedJson = 0;
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const f = generate();
      const inflatesBefore = counts.constructed;
      const parsesBefore = parses;
      let r: DecodeResult;
      try {
        r = await decodeShare(f);
      } catch (e) {
        problems.push(`threw on ${JSON.stringify(f.slice(0, 100))}: ${String(e)}`);
        continue;
      }
      if (counts.constructed > inflatesBefore) reachedInflate++;
      if (parses > parsesBefore) reachedJson++;
      const problem = shapeProblem(r);
      if (problem) problems.push(`${problem} for ${JSON.stringify(f.slice(0, 100))}`);
      const key = r.ok ? 'ok' : r.error;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log('share fuzz:', { seconds: seconds.toFixed(1), reachedInflate, reachedJson, ...Object.fromEntries(outcomes) });

    expect(problems.slice(0, 20)).toEqual([]);
    expect(reachedInflate).toBeGreaterThanOrEqual(3000);
    expect(reachedJson).toBeGreaterThanOrEqual(1000);
    for (const key of ['ok', 'invalid', 'corrupt', 'unsupported-version', 'unrecognized', 'too-large', 'empty']) {
      expect(outcomes.get(key) ?? 0, key).toBeGreaterThanOrEqual(key === 'empty' ? 1 : 100);
    }
    expect(seconds).toBeLessThan(90);
  });
});

/** The JSON text inside a (valid) v1 fragment, via node:zlib. */
function jsonInside(f: string): string {
  return inflateRawSync(Buffer.from(f.slice(3), 'base64url')).toString('utf8');
}
