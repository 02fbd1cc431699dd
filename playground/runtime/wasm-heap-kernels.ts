/**
 * Loops that run in JavaScript directly over the WASM backend's memory, for the training steps
 * where TF.js 4.22's WASM backend has only a scalar C++ kernel (MaxPoolGrad), a slow path (Sum
 * over leading axes transposes first) or no op that fits (the row overlap-add that finishes a
 * split conv input gradient, the patch copy that turns a conv filter gradient into one matrix
 * product). They move, compare or add memory and do no multiplications: the products stay on
 * XNNPACK (tf.matMul, tf.conv2d). V8 runs them at a few nanoseconds per element, so they pay
 * only where they replace much slower work.
 *
 * A tensor on the WASM backend is a span of the module's heap (backend.typedArrayFromHeap). The
 * heap can grow on any allocation, which detaches earlier views: every function here allocates
 * its output first and takes its views afterwards.
 */
import type * as tf from '@tensorflow/tfjs';

/** What these loops use of tfjs-backend-wasm's BackendWasm. */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
}

export function isHeapBackend(backend: unknown): backend is HeapBackend {
  const b = backend as Partial<HeapBackend> | null;
  return typeof b?.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function';
}

/** A float32 tensor's span of WASM memory (a view: take it after any allocation). */
export function f32(backend: HeapBackend, info: tf.TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) throw new Error(`wasm-heap-kernels: expected float32, got ${info.dtype}`);
  return view;
}

/** A zero-filled float32 output of `shape` (the heap is not cleared by malloc). */
function zeros(backend: HeapBackend, shape: number[]): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  f32(backend, out).fill(0);
  return out;
}

/**
 * Gradient of a 2-D max pool (NHWC) w.r.t. its input: each output's gradient goes to the first
 * position in its window (row-major, padding excluded) that holds the window's maximum, as the
 * CPU backend does; a window with no value above -Infinity (all NaN, say) passes nothing back.
 * One pass over the windows with the channels innermost, so both reads and writes run along
 * memory; overlapping windows add up.
 */
export function maxPoolGrad(backend: HeapBackend, dy: tf.TensorInfo, input: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { filterHeight: kh, filterWidth: kw, padInfo } = info;
  const tiles = sh === kh && sw === kw && dh === 1 && dw === 1 && padInfo.top === 0 && padInfo.left === 0;
  if (tiles && kh === 2 && kw === 2 && oh * 2 <= h && ow * 2 <= w) return maxPoolGrad2x2(backend, dy, input, info);
  const out = zeros(backend, [nb, h, w, c]);
  const dx = f32(backend, out);
  const x = f32(backend, input);
  const g = f32(backend, dy);
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  let gi = 0;
  for (let b = 0; b < nb; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - padInfo.top;
      for (let ox = 0; ox < ow; ox++, gi += c) {
        const x0 = ox * sw - padInfo.left;
        best.fill(Number.NEGATIVE_INFINITY);
        at.fill(-1);
        for (let ky = 0; ky < kh; ky++) {
          const iy = y0 + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = x0 + kx * dw;
            if (ix < 0 || ix >= w) continue;
            const base = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x[base + ch] as number;
              if (v > (best[ch] as number)) {
                best[ch] = v;
                at[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) {
          const p = at[ch] as number;
          if (p >= 0) dx[p] = (dx[p] as number) + (g[gi + ch] as number);
        }
      }
    }
  }
  return out;
}

/**
 * The commonest pool, 2x2 with stride 2 and no padding: windows do not overlap, so each input
 * position gets either its window's gradient or zero, written once. (Rows and columns past the
 * last whole window, for odd sizes, keep the zeros of the fill.)
 */
function maxPoolGrad2x2(backend: HeapBackend, dy: tf.TensorInfo, input: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const out = backend.makeOutput([nb, h, w, c], 'float32');
  const dx = f32(backend, out);
  if (oh * 2 !== h || ow * 2 !== w) dx.fill(0);
  const x = f32(backend, input);
  const g = f32(backend, dy);
  const rowStep = w * c;
  let gi = 0;
  for (let b = 0; b < nb; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const rowStart = (b * h + 2 * oy) * w * c;
      for (let ox = 0; ox < ow; ox++) {
        const windowStart = rowStart + 2 * ox * c;
        for (let ch = 0; ch < c; ch++, gi++) {
          const p00 = windowStart + ch;
          const p01 = p00 + c;
          const p10 = p00 + rowStep;
          const p11 = p10 + c;
          // The first maximum in row-major order, as the CPU backend picks it (NaN never wins).
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          const v00 = x[p00] as number;
          if (v00 > best) {
            best = v00;
            at = 0;
          }
          const v01 = x[p01] as number;
          if (v01 > best) {
            best = v01;
            at = 1;
          }
          const v10 = x[p10] as number;
          if (v10 > best) {
            best = v10;
            at = 2;
          }
          if ((x[p11] as number) > best) at = 3;
          const grad = g[gi] as number;
          dx[p00] = at === 0 ? grad : 0;
          dx[p01] = at === 1 ? grad : 0;
          dx[p10] = at === 2 ? grad : 0;
          dx[p11] = at === 3 ? grad : 0;
        }
      }
    }
  }
  return out;
}

/**
 * The row half of a conv's input gradient: z[b, oy, ix, (ky, ci)] holds what output row oy of
 * image b sends back through filter row ky (already summed over the filter columns and output
 * channels); each lands on input row oy + ky - top, and rows reached from several oy add up.
 */
export function overlapAddRows(backend: HeapBackend, z: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, filterHeight: kh, padInfo } = info;
  const out = zeros(backend, [nb, h, w, ci]);
  const dx = f32(backend, out);
  const src = f32(backend, z);
  const zPixel = kh * ci;
  for (let b = 0; b < nb; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const zRow = (b * oh + oy) * w * zPixel;
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy + ky - padInfo.top;
        if (iy < 0 || iy >= h) continue;
        const dxRow = (b * h + iy) * w * ci;
        for (let ix = 0; ix < w; ix++) {
          const from = zRow + ix * zPixel + ky * ci;
          const to = dxRow + ix * ci;
          for (let c = 0; c < ci; c++) dx[to + c] = (dx[to + c] as number) + (src[from + c] as number);
        }
      }
    }
  }
  return out;
}

/**
 * The patches a conv reads, one row per filter tap and input channel: out[(ky, kx, ci), (b, oy, ox)]
 * = x[b, oy*sh + ky*dh - top, ox*sw + kx*dw - left, ci], zero outside the image. With it a conv's
 * filter gradient is one matrix product with no transpose: dW[(ky, kx, ci), co] = out · dy[(b, oy, ox), co].
 * Rows are written along memory; the reads are too only when ci is small (a first layer).
 */
export function im2colRows(backend: HeapBackend, input: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { filterHeight: kh, filterWidth: kw, padInfo } = info;
  const out = zeros(backend, [kh * kw * ci, nb * oh * ow]);
  const rows = f32(backend, out);
  const x = f32(backend, input);
  let dst = 0;
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      const xOff = kx * dw - padInfo.left;
      const oxLo = Math.max(0, Math.ceil(-xOff / sw));
      const oxHi = Math.min(ow, Math.floor((w - 1 - xOff) / sw) + 1);
      for (let c = 0; c < ci; c++) {
        for (let b = 0; b < nb; b++) {
          for (let oy = 0; oy < oh; oy++, dst += ow) {
            const iy = oy * sh + ky * dh - padInfo.top;
            if (iy < 0 || iy >= h) continue;
            const srcRow = (b * h + iy) * w;
            for (let ox = oxLo; ox < oxHi; ox++) rows[dst + ox] = x[(srcRow + ox * sw + xOff) * ci + c] as number;
          }
        }
      }
    }
  }
  return out;
}

/**
 * Sum over every axis but the last, as a bias gradient does ([b, h, w, c] → [c]): one pass along
 * memory with the running sums in doubles (as the CPU backend adds), instead of a transpose that
 * puts the channels first and a reduction of each row.
 */
export function sumLeadingAxes(backend: HeapBackend, input: tf.TensorInfo, outShape: number[]): tf.TensorInfo {
  const c = input.shape[input.shape.length - 1] ?? 1;
  const out = backend.makeOutput(outShape, 'float32');
  const sums = f32(backend, out);
  const x = f32(backend, input);
  const acc = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) {
    for (let ch = 0; ch < c; ch++) acc[ch] = (acc[ch] as number) + (x[i + ch] as number);
  }
  sums.set(acc);
  return out;
}
