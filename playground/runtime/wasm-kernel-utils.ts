/**
 * Helpers shared by the WASM training kernels (wasm-kernels.ts) and the faster replacements of
 * native ones (wasm-kernel-overrides.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { type HeapBackend, isHeapBackend } from './wasm-heap-kernels.ts';

export type KernelArgs = Parameters<tf.KernelFunc>[0];

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
export type Rounding = 'floor' | 'round' | 'ceil' | undefined;
export type Shape4 = [number, number, number, number];

/** Kernel inputs are usually Tensors already; a bare TensorInfo gets a handle that tidy disposes. */
export function asTensor<R extends tf.Rank>(info: tf.TensorInfo | undefined): tf.Tensor<R> {
  if (info == null) throw new Error('wasm-kernels: missing kernel input');
  return (info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info)) as tf.Tensor<R>;
}

/**
 * Rows/cols [0, size) of a zero-extended NHWC image, shifted so that output row r is input row
 * r - before (before < 0 crops). Covers 'same', 'valid' and explicit padding, and the rows a
 * strided conv never reads, without relying on negative padding.
 */
export function window2d(t: tf.Tensor4D, before: [number, number], size: [number, number]): tf.Tensor4D {
  const [b, h, w, c] = t.shape;
  const srcH = Math.max(0, -before[0]);
  const srcW = Math.max(0, -before[1]);
  const dstH = Math.max(0, before[0]);
  const dstW = Math.max(0, before[1]);
  const keepH = Math.max(0, Math.min(h - srcH, size[0] - dstH));
  const keepW = Math.max(0, Math.min(w - srcW, size[1] - dstW));
  let out = t;
  if (srcH > 0 || srcW > 0 || keepH < h || keepW < w) {
    out = tf.slice(out, [0, srcH, srcW, 0], [b, keepH, keepW, c]);
  }
  const padH: [number, number] = [dstH, size[0] - dstH - keepH];
  const padW: [number, number] = [dstW, size[1] - dstW - keepW];
  if (padH[0] || padH[1] || padW[0] || padW[1]) {
    out = tf.pad(out, [[0, 0], padH, padW, [0, 0]]);
  }
  return out;
}

/** Explicit padding is written in the layout's own order; as NHWC for a conv done in NHWC. */
export function padNHWC(pad: Pad, nchw: boolean): Pad {
  return nchw && Array.isArray(pad) ? [[0, 0], pad[2], pad[3], [0, 0]] : pad;
}

/** How often the two heap-assisted strategies ran (tests check that their cases really take them). */
export const wasmKernelPathCalls = { filterGradIm2col: 0, inputGradSplit: 0 };

/** The active backend, when it is TF.js's WASM backend (whose tensors live in its heap). */
export function heapBackend(): HeapBackend | null {
  const backend = tf.backend();
  return tf.getBackend() === 'wasm' && isHeapBackend(backend) ? backend : null;
}

/** Largest patch or column matrix (floats) the im2col / col2im paths build: 64 MB. */
export const MAX_COLUMN_FLOATS = 16 << 20;

export function rowsFit(info: tf.backend_util.Conv2DInfo): boolean {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, batchSize: b, outHeight: oh, outWidth: ow } = info;
  return kh * kw * ci * b * oh * ow <= MAX_COLUMN_FLOATS;
}
