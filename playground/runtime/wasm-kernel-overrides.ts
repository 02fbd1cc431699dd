/**
 * Faster versions of kernels the WASM backend does have, registered over them by
 * registerWasmTrainingKernels (wasm-kernels.ts).
 *
 * TF.js 4.22's WASM Conv2DBackpropInput is a scalar C++ loop, and its BatchMatMul only reaches
 * XNNPACK for an untransposed, unbatched product; with transposeA/transposeB or a batch it falls
 * back to a scalar loop too. Both sit on every training step (dense-layer gradients use the
 * transposed products) and on DeepDream's gradient w.r.t. the image (one Conv2DBackpropInput per
 * conv layer). Rewritten as XNNPACK-backed ops (forward conv2d, plain matMul) plus cheap
 * transposes, they run 2-15x faster at the sizes that matter. Tiny problems, where a handful of
 * extra op dispatches would cost more than the scalar loop, and anything unusual go to the
 * original kernel, kept by reference.
 *
 * MaxPoolGrad (a scalar C++ loop too, a fifth of a LeNet step) and the bias gradient's Sum run as
 * loops over WASM memory (wasm-heap-kernels.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { type HeapBackend, isHeapBackend, maxPoolGrad as maxPoolGradOnHeap, overlapAddRows, sumLeadingAxes } from './wasm-heap-kernels.ts';
import {
  asTensor,
  heapBackend,
  type KernelArgs,
  MAX_COLUMN_FLOATS,
  type Pad,
  padNHWC,
  type Rounding,
  type Shape4,
  sizeOf,
  wasmKernelPathCalls,
  window2d,
} from './wasm-kernel-utils.ts';

/** The WASM backend's own kernels, captured before they are replaced. */
const original: Record<string, tf.KernelFunc> = {};

/** Keep the WASM backend's own kernel, which a replacement hands unusual or tiny inputs to. */
export function captureOriginal(name: string, kernel: tf.KernelFunc): void {
  original[name] = kernel;
}

let overrideMode: boolean | 'always' = true;

type OverrideName = 'Conv2DBackpropInput' | 'BatchMatMul' | 'MaxPoolGrad' | 'Sum';

/**
 * Calls of each replacement so far: run as a rewrite, or handed to the original kernel (small,
 * unusual, or switched off; the rewrites' own inner products count as delegated too). For tests
 * and benchmarks.
 */
export const wasmKernelOverrideCalls: Record<OverrideName, { rewritten: number; delegated: number }> = {
  Conv2DBackpropInput: { rewritten: 0, delegated: 0 },
  BatchMatMul: { rewritten: 0, delegated: 0 },
  MaxPoolGrad: { rewritten: 0, delegated: 0 },
  Sum: { rewritten: 0, delegated: 0 },
};

/** Run the WASM backend's own kernel `name` (captured when its replacement was registered). */
export function callOriginal(name: string, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const kernel = original[name];
  if (!kernel) throw new Error(`wasm-kernels: the original ${name} kernel was not captured`);
  return kernel(args);
}

function delegate(name: OverrideName, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  wasmKernelOverrideCalls[name].delegated++;
  return callOriginal(name, args);
}

/**
 * Switch the faster kernels at run time: false hands everything to the original WASM
 * kernels (A/B benchmarks, ruling them out when debugging), true is the default, and 'always'
 * also sends the tiny problems below the size thresholds through the rewrites (tests).
 */
export function setWasmKernelOverrides(mode: boolean | 'always'): void {
  overrideMode = mode;
}

/**
 * Below these many multiply-adds the original kernels win: each rewrite dispatches 5-15 small
 * ops at some tens of microseconds each. (Measured in Node 20 on WASM+SIMD, see
 * scripts/bench-wasm-kernels.ts; the crossover is flat, so the exact value matters little.)
 */
const CONV_MIN_MACS = 100_000;
const CONV_STRIDED_MIN_MACS = 150_000;
const MATMUL_MIN_MACS = 16_384;
const BATCHED_MATMUL_MIN_MACS = 65_536;
/** Both operands batched: separate products beat the depthwise trick for a few large entries. */
const LOOP_MAX_BATCH = 4;
const LOOP_MIN_MACS = 1 << 20;

/**
 * Which filter tap feeds which tap of the correlation that computes dx, along one axis.
 *
 * Forward: y[o] = sum_k x[o*s + k*d - pad] w[k]. So dx[s*p + r] = sum_u dy[p + lo + u] * w[k]
 * with k*d = r + pad - s*(lo + u): for each output phase r in [0, s) an ordinary stride-1
 * correlation of dy, all phases starting at the same dy offset `lo` and spanning `taps` taps.
 * idx[u*s + r] is that k, or -1 where no filter tap lands (outside the filter, or between the
 * taps of a dilated one). For stride 1 this is just the flipped filter, and a dilated conv
 * applies the dilation instead of zero taps (`dilated`).
 */
interface TapPlan {
  lo: number;
  taps: number;
  idx: number[];
  dilated: boolean;
}

function tapPlan(kernel: number, dilation: number, stride: number, pad: number, unstrided: boolean): TapPlan {
  if (unstrided) {
    return { lo: pad - (kernel - 1) * dilation, taps: kernel, idx: Array.from({ length: kernel }, (_, u) => kernel - 1 - u), dilated: true };
  }
  const effective = (kernel - 1) * dilation + 1;
  const lo = Math.ceil((pad - effective + 1) / stride);
  const hi = Math.floor((stride - 1 + pad) / stride);
  const taps = hi - lo + 1;
  const idx: number[] = [];
  for (let u = 0; u < taps; u++) {
    for (let r = 0; r < stride; r++) {
      const k = r + pad - stride * (lo + u);
      idx.push(k >= 0 && k < effective && k % dilation === 0 ? k / dilation : -1);
    }
  }
  return { lo, taps, idx, dilated: false };
}

/**
 * dx for an NHWC conv2d as one forward convolution (XNNPACK) instead of the scalar loop.
 *
 * Stride 1: correlate dy, padded so that every input pixel sees all the taps that read it, with
 * the filter flipped spatially and its in/out channels swapped (the dilation carries over).
 *
 * Stride s > 1: zero-inserting dy would make the conv spend (s^2 - 1)/s^2 of its work on zeros.
 * Instead each of the sh*sw output phases is a stride-1 correlation with the sub-filter of the
 * taps that reach it (tapPlan); stacked along the output channels they make one conv with a
 * [ceil(kh/sh)(+1), ceil(kw/sw)(+1), out, sh*sw*in] filter, and a reshape/transpose interleaves
 * the phases back into rows and columns (tf.depthToSpace would too, but is slow on WASM).
 *
 * The filter is rearranged by one small product with a 0/1 tap-selection matrix: on WASM, Gather,
 * Reverse, StridedSlice and transposes above rank 4 move one element at a time, 10-50x slower
 * than XNNPACK's matmul and the rank <= 4 transposes used here. (Exact for finite weights; a
 * non-finite weight would spread to the other taps of its channel pair, whose dx is then
 * non-finite anyway.)
 */
function conv2dInputGradNHWC(dy: tf.Tensor4D, filter: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const heap = heapBackend();
  if (heap && prefersSplit(info)) return conv2dInputGradSplit(heap, dy, filter, info);
  const [b, h, w, ci] = info.inShape;
  const { filterHeight: kh, filterWidth: kw, outChannels: co, padInfo } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const unstrided = sh === 1 && sw === 1;
  const rows = tapPlan(kh, dh, sh, padInfo.top, unstrided);
  const cols = tapPlan(kw, dw, sw, padInfo.left, unstrided);
  // select[k, t] = 1 where tap t = ((uh*Tw + uw)*sh + rh)*sw + rw of the new filter is filter tap k.
  const taps = kh * kw;
  const outTaps = rows.taps * cols.taps * sh * sw;
  const select = new Float32Array(taps * outTaps);
  let identity = taps === outTaps;
  let t = 0;
  for (let uh = 0; uh < rows.taps; uh++) {
    for (let uw = 0; uw < cols.taps; uw++) {
      for (let rh = 0; rh < sh; rh++) {
        for (let rw = 0; rw < sw; rw++, t++) {
          const r = rows.idx[uh * sh + rh] ?? -1;
          const c = cols.idx[uw * sw + rw] ?? -1;
          if (r >= 0 && c >= 0) select[(r * kw + c) * outTaps + t] = 1;
          identity &&= r >= 0 && c >= 0 && r * kw + c === t;
        }
      }
    }
  }
  // [kh*kw, in*out] -> [in*out, kh*kw] (a reshape for a 1x1 filter) -> taps picked -> [in, out, T, phase].
  const flat = tf.reshape<tf.Rank.R2>(filter, [taps, ci * co]);
  const byChannel = taps === 1 ? tf.reshape<tf.Rank.R2>(flat, [ci * co, 1]) : tf.transpose(flat);
  const picked = identity ? byChannel : tf.matMul(byChannel, tf.tensor2d(select, [taps, outTaps]));
  const moved = tf.transpose(tf.reshape(picked, [ci, co, rows.taps * cols.taps, sh * sw]), [2, 1, 3, 0]);
  const subFilters = tf.reshape<tf.Rank.R4>(moved, [rows.taps, cols.taps, co, sh * sw * ci]);
  const hs = Math.ceil(h / sh);
  const ws = Math.ceil(w / sw);
  const dil: [number, number] = [rows.dilated ? dh : 1, cols.dilated ? dw : 1];
  const src = window2d(dy, [-rows.lo, -cols.lo], [hs + (rows.taps - 1) * dil[0], ws + (cols.taps - 1) * dil[1]]);
  const z = tf.conv2d(src, subFilters, 1, 'valid', 'NHWC', dil); // [b, hs, ws, (rh, rw, in)]
  if (unstrided) return z;
  // Interleave: [b*hs, ws, sh, sw*in] -> [b*hs, sh, ws, sw*in] is [b, hs*sh, ws*sw, in].
  const rowsFirst = tf.transpose(tf.reshape(z, [b * hs, ws, sh, sw * ci]), [0, 2, 1, 3]);
  const up = tf.reshape<tf.Rank.R4>(rowsFirst, [b, hs * sh, ws * sw, ci]);
  return hs * sh === h && ws * sw === w ? up : tf.slice(up, [0, 0, 0, 0], [b, h, w, ci]);
}

/**
 * A stride-1 conv whose output is much smaller than its input ('valid' padding with a large filter
 * on a small image, as in LeNet's second layer) would make the correlation above spend most of its
 * multiply-adds on the zero border of dy: (h·w)/(oh·ow) times the work needed, 2.25x for a 5x5
 * filter on 12x12. There the gradient is taken in two halves: along the columns, a correlation
 * that sums the filter columns and output channels for every filter row at once (XNNPACK; the
 * border it still multiplies is w/ow, 1.5x), and along the rows an overlap-add of those filter
 * rows over WASM memory. (A full matrix product plus a 2-D overlap-add does no wasted work but
 * moves kh·kw·ci values per output pixel through JavaScript, which cost more than it saved.)
 */
const SPLIT_MIN_WASTE = 1.8;

function prefersSplit(info: tf.backend_util.Conv2DInfo): boolean {
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow, batchSize: b, filterHeight: kh, inChannels: ci } = info;
  return (
    sh === 1 && sw === 1 && dh === 1 && dw === 1 && oh * ow > 0 && (h * w) / (oh * ow) >= SPLIT_MIN_WASTE && b * oh * w * kh * ci <= MAX_COLUMN_FLOATS
  );
}

function conv2dInputGradSplit(heap: HeapBackend, dy: tf.Tensor4D, filter: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co, inWidth: w, outHeight: oh, padInfo } = info;
  wasmKernelPathCalls.inputGradSplit++;
  // z[b, oy, ix, (ky, c)] = sum_{kx, co} dy[b, oy, ix - kx + left, co] w[ky, kx, c, co]: a valid
  // correlation of dy, widened to w + kw - 1 columns, with the filter columns flipped.
  const widened = window2d(dy, [0, kw - 1 - padInfo.left], [oh, w + kw - 1]);
  const rowFilters = tf.reshape<tf.Rank.R4>(tf.transpose(tf.reverse(filter, 1), [1, 3, 0, 2]), [1, kw, co, kh * ci]);
  const z = tf.conv2d(widened, rowFilters, 1, 'valid');
  return tf.engine().makeTensorFromTensorInfo(overlapAddRows(heap, z, info)) as tf.Tensor4D;
}

function conv2DBackpropInput(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  // Not an attribute of this kernel in TF.js (its conv2d gradient refuses dilation > 1, and the
  // original kernels ignore it); honoured if someone passes it, like Conv2DBackpropFilter above.
  const dilations = (attrs as { dilations?: number | [number, number] }).dilations ?? 1;
  const dilated = Array.isArray(dilations) ? dilations[0] > 1 || dilations[1] > 1 : dilations > 1;
  const dy = inputs.dy;
  const filter = inputs.filter;
  if (overrideMode === false || dy == null || filter == null || dy.dtype !== 'float32' || filter.dtype !== 'float32')
    return delegate('Conv2DBackpropInput', args);
  const nchw = dataFormat === 'NCHW';
  const [n0, n1, n2, n3] = inputShape;
  const shapeNHWC: Shape4 = nchw ? [n0, n2, n3, n1] : [n0, n1, n2, n3];
  let info: tf.backend_util.Conv2DInfo;
  try {
    info = tf.backend_util.computeConv2DInfo(
      shapeNHWC,
      filter.shape as Shape4,
      strides,
      dilations,
      padNHWC(pad as Pad, nchw),
      dimRoundingMode as Rounding,
    );
  } catch {
    return delegate('Conv2DBackpropInput', args); // let the original report bad attributes its own way
  }
  const { batchSize, inHeight, inWidth, inChannels, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const macs = (batchSize * inHeight * inWidth * inChannels * outChannels * filterHeight * filterWidth) / (strideHeight * strideWidth);
  const strided = strideHeight > 1 || strideWidth > 1;
  if (macs === 0 || (!dilated && overrideMode !== 'always' && macs < (strided ? CONV_STRIDED_MIN_MACS : CONV_MIN_MACS)))
    return delegate('Conv2DBackpropInput', args);
  wasmKernelOverrideCalls.Conv2DBackpropInput.rewritten++;
  return tf.tidy(() => {
    let g = asTensor<tf.Rank.R4>(dy);
    if (nchw) g = tf.transpose(g, [0, 2, 3, 1]);
    const dx = conv2dInputGradNHWC(g, asTensor<tf.Rank.R4>(filter), info);
    return nchw ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
  });
}

/**
 * BatchMatMul through XNNPACK's untransposed, unbatched product:
 *   - no batch: transpose the operands explicitly (a copy costs far less than the strided loop);
 *   - only a batched, b shared: fold a's batch into its rows, one product;
 *   - only b batched, a shared: fold b's batch into its columns, one product;
 *   - both batched: either one product per batch entry (few, large entries) or one depthwise
 *     conv that does them all: with the batch as channels and the shared dimension as the
 *     filter height, input [1, k, m, batch] and filter [k, 1, batch, n] give
 *     out[0, 0, i, (t, j)] = sum_k a[t, i, k] b[t, k, j].
 */
function batchMatMul(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, attrs } = args;
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  const ai = inputs.a;
  const bi = inputs.b;
  if (overrideMode === false || ai == null || bi == null || ai.dtype !== 'float32' || bi.dtype !== 'float32') return delegate('BatchMatMul', args);
  const ra = ai.shape.length;
  const rb = bi.shape.length;
  if (ra < 2 || rb < 2) return delegate('BatchMatMul', args);
  const dim = (shape: number[], i: number) => shape[i] ?? 0;
  const m = transposeA ? dim(ai.shape, ra - 1) : dim(ai.shape, ra - 2);
  const k = transposeA ? dim(ai.shape, ra - 2) : dim(ai.shape, ra - 1);
  const kb = transposeB ? dim(bi.shape, rb - 1) : dim(bi.shape, rb - 2);
  const n = transposeB ? dim(bi.shape, rb - 2) : dim(bi.shape, rb - 1);
  const batchA = ai.shape.slice(0, -2);
  const batchB = bi.shape.slice(0, -2);
  const na = sizeOf(batchA);
  const nb = sizeOf(batchB);
  let outBatch: number[];
  try {
    if (k !== kb) throw new Error('inner dimensions differ');
    outBatch = tf.backend_util.assertAndGetBroadcastShape(batchA, batchB);
  } catch {
    return delegate('BatchMatMul', args); // the original throws TF.js's usual message
  }
  const batch = sizeOf(outBatch);
  const macs = batch * m * k * n;
  // The original's only fast path: no transpose, no batch.
  if ((!transposeA && !transposeB && na === 1 && nb === 1) || macs === 0) return delegate('BatchMatMul', args);
  // When both operands broadcast against each other ([2, 1] with [1, 3]) the original reads
  // past its operands (and the CPU backend, indexing the batch as t % na and t % nb, repeats
  // the wrong entries); such products always stay here and are broadcast explicitly.
  const mutual = na > 1 && nb > 1 && (na !== batch || nb !== batch);
  if (!mutual && overrideMode !== 'always' && macs < (batch > 1 ? BATCHED_MATMUL_MIN_MACS : MATMUL_MIN_MACS)) return delegate('BatchMatMul', args);
  const outShape = [...outBatch, m, n];
  wasmKernelOverrideCalls.BatchMatMul.rewritten++;
  return tf.tidy(() => {
    let a = asTensor(ai);
    let b = asTensor(bi);
    // As stored: a as [na, m, k] ([na, k, m] if transposeA), b as [nb, k, n] ([nb, n, k] if transposeB).
    a = tf.reshape(a, transposeA ? [na, k, m] : [na, m, k]);
    b = tf.reshape(b, transposeB ? [nb, n, k] : [nb, k, n]);
    if (na === 1 && nb === 1) {
      const a2 = tf.reshape<tf.Rank.R2>(a, transposeA ? [k, m] : [m, k]);
      const b2 = tf.reshape<tf.Rank.R2>(b, transposeB ? [n, k] : [k, n]);
      return tf.reshape(tf.matMul(transposeA ? tf.transpose(a2) : a2, transposeB ? tf.transpose(b2) : b2), outShape);
    }
    if (nb === 1) {
      if (transposeA) a = tf.transpose(a, [0, 2, 1]);
      const b2 = tf.reshape<tf.Rank.R2>(b, transposeB ? [n, k] : [k, n]);
      const c = tf.matMul(tf.reshape<tf.Rank.R2>(a, [na * m, k]), transposeB ? tf.transpose(b2) : b2);
      return tf.reshape(c, outShape);
    }
    if (na === 1) {
      const a2 = tf.reshape<tf.Rank.R2>(a, transposeA ? [k, m] : [m, k]);
      const bCols = tf.reshape<tf.Rank.R2>(tf.transpose(b, transposeB ? [2, 0, 1] : [1, 0, 2]), [k, nb * n]);
      const c = tf.matMul(transposeA ? tf.transpose(a2) : a2, bCols); // [m, (nb, n)]
      return tf.reshape(tf.transpose(tf.reshape(c, [m, nb, n]), [1, 0, 2]), outShape);
    }
    // Both batched: broadcast the batch dimensions to the output's first, if they differ.
    // (Equal sizes mean equal shapes up to leading 1s, since no output dimension is smaller.)
    if (na !== batch) {
      const inner = a.shape.slice(1);
      a = tf.reshape(tf.broadcastTo(tf.reshape(a, [...batchA, ...inner]), [...outBatch, ...inner]), [batch, ...inner]);
    }
    if (nb !== batch) {
      const inner = b.shape.slice(1);
      b = tf.reshape(tf.broadcastTo(tf.reshape(b, [...batchB, ...inner]), [...outBatch, ...inner]), [batch, ...inner]);
    }
    if (batch <= LOOP_MAX_BATCH && m * k * n >= LOOP_MIN_MACS) {
      if (transposeA) a = tf.transpose(a, [0, 2, 1]);
      if (transposeB) b = tf.transpose(b, [0, 2, 1]);
      const as = tf.unstack(a) as tf.Tensor2D[];
      const bs = tf.unstack(b) as tf.Tensor2D[];
      return tf.reshape(tf.stack(as.map((x, t) => tf.matMul(x, bs[t] as tf.Tensor2D))), outShape);
    }
    const x = tf.reshape<tf.Rank.R4>(tf.transpose(a, transposeA ? [1, 2, 0] : [2, 1, 0]), [1, k, m, batch]);
    const f = tf.reshape<tf.Rank.R4>(tf.transpose(b, transposeB ? [2, 0, 1] : [1, 0, 2]), [k, 1, batch, n]);
    const y = tf.depthwiseConv2d(x, f, 1, 'valid'); // [1, 1, m, (batch, n)]
    return tf.reshape(tf.transpose(tf.reshape(y, [m, batch, n]), [1, 0, 2]), outShape);
  });
}

/**
 * MaxPoolGrad in one pass over WASM memory (wasm-heap-kernels.ts) instead of the original's
 * scalar loop, which was a fifth of a LeNet training step.
 */
function maxPoolGrad(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const { dy, input } = inputs;
  if (overrideMode === false || dy == null || input == null || dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4)
    return delegate('MaxPoolGrad', args);
  if (!isHeapBackend(backend)) return delegate('MaxPoolGrad', args);
  let info: tf.backend_util.Conv2DInfo;
  try {
    info = tf.backend_util.computePool2DInfo(input.shape as Shape4, filterSize, strides, 1, pad as Pad, dimRoundingMode as Rounding);
  } catch {
    return delegate('MaxPoolGrad', args);
  }
  if (!tf.util.arraysEqual(info.outShape, dy.shape)) return delegate('MaxPoolGrad', args);
  wasmKernelOverrideCalls.MaxPoolGrad.rewritten++;
  return maxPoolGradOnHeap(backend, dy, input, info);
}

/** Below this many elements the original Sum is as fast. */
const SUM_MIN_SIZE = 16_384;

/**
 * Sum over all axes but the last (every conv and dense layer's bias gradient) in one pass along
 * memory; the original first transposes the channels to the front.
 */
function sum(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  const x = inputs.x;
  if (overrideMode === false || x == null || x.dtype !== 'float32' || !isHeapBackend(backend)) return delegate('Sum', args);
  const rank = x.shape.length;
  let axes: number[];
  try {
    axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
  } catch {
    return delegate('Sum', args);
  }
  const size = sizeOf(x.shape);
  if (rank < 2 || axes.length !== rank - 1 || axes.some((a, i) => a !== i) || (overrideMode !== 'always' && size < SUM_MIN_SIZE) || size === 0)
    return delegate('Sum', args);
  const channels = x.shape[rank - 1] ?? 1;
  wasmKernelOverrideCalls.Sum.rewritten++;
  return sumLeadingAxes(backend, x, keepDims ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels]);
}

export const OVERRIDES: ReadonlyArray<readonly [string, tf.KernelFunc]> = [
  ['Conv2DBackpropInput', conv2DBackpropInput],
  ['BatchMatMul', batchMatMul],
  ['MaxPoolGrad', maxPoolGrad],
  ['Sum', sum],
];

/** Kernels the WASM backend has but that this module replaces with faster versions. */
export const WASM_KERNEL_OVERRIDES: readonly string[] = OVERRIDES.map(([name]) => name);
