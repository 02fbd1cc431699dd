/**
 * Gradient kernels that the TF.js 4.22 WASM backend does not ship.
 *
 * Without them, training a conv net on `tf.setBackend('wasm')` stops at the first backward pass
 * with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'". Compared with the CPU
 * backend, WASM lacks these kernels that training can reach:
 *
 *   Conv2DBackpropFilter                 gradient of conv2d (and fused conv2d) w.r.t. the filter
 *   DepthwiseConv2dNativeBackpropFilter  gradient of depthwiseConv2d / separableConv2d, filter
 *   DepthwiseConv2dNativeBackpropInput   gradient of depthwiseConv2d / separableConv2d, input
 *   UnsortedSegmentSum                   gradient of tf.gather (embedding layers)
 *
 * (It also lacks Einsum, FFT/complex and ragged/string kernels, which no gradient uses.)
 * Everything else a conv-net training step needs (Conv2DBackpropInput, MaxPoolGrad,
 * AvgPoolGrad, the ops behind the batch-norm, relu, leakyRelu, softmax and dropout gradients)
 * is native. Each kernel here is rewritten as ops that WASM does have (mostly one forward conv
 * with the roles of batch, channels, stride and dilation swapped), run inside tf.tidy so that
 * only the result survives.
 *
 * Two native kernels are replaced by faster rewrites of the same kind, delegating to the
 * originals for tiny or unusual inputs (see the second half of this file):
 *
 *   Conv2DBackpropInput   gradient of conv2d w.r.t. its input (every conv layer's backward pass,
 *                         DeepDream's gradient w.r.t. the image)
 *   BatchMatMul           with transposeA/transposeB or a batch (every dense layer's gradient)
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Shape4 = [number, number, number, number];

/** Kernel inputs are usually Tensors already; a bare TensorInfo gets a handle that tidy disposes. */
function asTensor<R extends tf.Rank>(info: tf.TensorInfo | undefined): tf.Tensor<R> {
  if (info == null) throw new Error('wasm-kernels: missing kernel input');
  return (info instanceof tf.Tensor ? info : tf.engine().makeTensorFromTensorInfo(info)) as tf.Tensor<R>;
}

/**
 * Rows/cols [0, size) of a zero-extended NHWC image, shifted so that output row r is input row
 * r - before (before < 0 crops). Covers 'same', 'valid' and explicit padding, and the rows a
 * strided conv never reads, without relying on negative padding.
 */
function window2d(t: tf.Tensor4D, before: [number, number], size: [number, number]): tf.Tensor4D {
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
function padNHWC(pad: Pad, nchw: boolean): Pad {
  return nchw && Array.isArray(pad) ? [[0, 0], pad[2], pad[3], [0, 0]] : pad;
}

/**
 * dW[kh,kw,ci,co] = sum_{b,oh,ow} xpad[b, oh*s + kh*d, ow*s + kw*d, ci] * dy[b,oh,ow,co].
 * That is itself a convolution: take the input channels as the batch, the batch as the channels
 * to sum over, dy as the filter, the forward dilation as stride and the forward stride as
 * dilation. (TF forbids stride > 1 with dilation > 1, so the swapped conv is legal too.)
 */
function conv2dFilterGradNHWC(x: tf.Tensor4D, dy: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { dilationHeight: dh, dilationWidth: dw, padInfo } = info;
  const [, oh, ow] = dy.shape;
  // Exactly the padded-input rows the forward pass read: the last tap of the last window ends here.
  const xp = window2d(x, [padInfo.top, padInfo.left], [(kh - 1) * dh + (oh - 1) * sh + 1, (kw - 1) * dw + (ow - 1) * sw + 1]);
  const xt = tf.transpose(xp, [3, 1, 2, 0]); // [ci, H', W', b]
  const dyt = tf.transpose(dy, [1, 2, 0, 3]); // [oh, ow, b, co] used as a filter
  const g = tf.conv2d(xt, dyt, [dh, dw], 'valid', 'NHWC', [sh, sw]); // [ci, kh, kw, co]
  return tf.transpose(g, [1, 2, 0, 3]);
}

function conv2DBackpropFilter({ inputs, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  // TF.js never passes dilations here (its conv2d gradient refuses them); accept them if someone does.
  const dilations = (attrs as { dilations?: number | [number, number] }).dilations ?? 1;
  return tf.tidy(() => {
    let x = asTensor<tf.Rank.R4>(inputs.x);
    let dy = asTensor<tf.Rank.R4>(inputs.dy);
    if (dataFormat === 'NCHW') {
      x = tf.transpose(x, [0, 2, 3, 1]);
      dy = tf.transpose(dy, [0, 2, 3, 1]);
    }
    const nhwcPad = padNHWC(pad as Pad, dataFormat === 'NCHW');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as Shape4,
      filterShape,
      strides,
      dilations,
      nhwcPad,
      dimRoundingMode as Rounding,
      false,
      'channelsLast',
    );
    return conv2dFilterGradNHWC(x, dy, info);
  });
}

/**
 * Depthwise version of the same trick. Each input channel c only meets its own M filters, so the
 * swapped conv is depthwise over (c, b) pairs with dy as an [oh, ow, c*b, M] filter; summing the
 * b axis afterwards does the batch reduction a dense conv would have done over its channels.
 */
function depthwiseConv2dNativeBackpropFilter({ inputs, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  return tf.tidy(() => {
    const x = asTensor<tf.Rank.R4>(inputs.x);
    const dy = asTensor<tf.Rank.R4>(inputs.dy);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as Shape4,
      filterShape,
      strides,
      dilations ?? 1,
      pad as Pad,
      dimRoundingMode as Rounding,
      true,
    );
    const [b, , , c] = x.shape;
    const [kh, kw, , m] = filterShape;
    const [, oh, ow] = dy.shape;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, padInfo } = info;
    const xp = window2d(x, [padInfo.top, padInfo.left], [(kh - 1) * dh + (oh - 1) * sh + 1, (kw - 1) * dw + (ow - 1) * sw + 1]);
    const [, hp, wp] = xp.shape;
    const xt = tf.reshape<tf.Rank.R4>(tf.transpose(xp, [1, 2, 3, 0]), [1, hp, wp, c * b]); // channel index c*b + b
    const f = tf.reshape<tf.Rank.R4>(tf.transpose(tf.reshape(dy, [b, oh, ow, c, m]), [1, 2, 3, 0, 4]), [oh, ow, c * b, m]);
    const g = tf.depthwiseConv2d(xt, f, [dh, dw], 'valid', 'NHWC', [sh, sw]); // [1, kh, kw, c*b*m]
    return tf.sum(tf.reshape(g, [kh, kw, c, b, m]), 3);
  });
}

/**
 * dx = "transposed" depthwise conv: put each dy value back where its window started (zeros
 * between, for stride), pad so every input pixel sees all the taps that read it, and correlate
 * with the spatially flipped filter. The M multiplier outputs of a channel are summed at the end.
 */
function depthwiseConv2dNativeBackpropInput({ inputs, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  return tf.tidy(() => {
    const dy = asTensor<tf.Rank.R4>(inputs.dy);
    const filter = asTensor<tf.Rank.R4>(inputs.filter);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as Shape4,
      strides,
      dilations ?? 1,
      pad as Pad,
      dimRoundingMode as Rounding,
      true,
    );
    const [b, h, w, c] = inputShape;
    const [kh, kw, , m] = filter.shape;
    const [, oh, ow] = dy.shape;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, padInfo } = info;
    let up: tf.Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      // Zero-insertion via a rank-6 pad: [b, oh, 1, ow, 1, ch] -> [b, oh, sh, ow, sw, ch].
      const spread = tf.pad(tf.reshape(dy, [b, oh, 1, ow, 1, c * m]), [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ]);
      up = tf.reshape<tf.Rank.R4>(spread, [b, oh * sh, ow * sw, c * m]);
    }
    const full = window2d(up, [(kh - 1) * dh - padInfo.top, (kw - 1) * dw - padInfo.left], [h + (kh - 1) * dh, w + (kw - 1) * dw]);
    const flipped = tf.reshape<tf.Rank.R4>(tf.reverse(filter, [0, 1]), [kh, kw, c * m, 1]);
    const dx = tf.depthwiseConv2d(full, flipped, 1, 'valid', 'NHWC', [dh, dw]); // [b, h, w, c*m]
    return m === 1 ? dx : tf.sum(tf.reshape(dx, [b, h, w, c, m]), 4);
  });
}

/**
 * Gradient of tf.gather. scatterND sums duplicate indices, which is the segment sum; ids outside
 * [0, numSegments) are routed to one spare row that is sliced off (TF drops them, and WASM's
 * scatter must never see an out-of-range index).
 */
function unsortedSegmentSum({ inputs, attrs }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
  return tf.tidy(() => {
    const x = asTensor(inputs.x);
    const segmentIds = asTensor(inputs.segmentIds);
    const ids = tf.cast(tf.reshape(segmentIds, [-1]), 'int32');
    const inner = x.shape.slice(segmentIds.rank);
    const valid = tf.logicalAnd(tf.greaterEqual(ids, 0), tf.less(ids, numSegments));
    const safe = tf.where(valid, ids, tf.fill(ids.shape, numSegments, 'int32'));
    const updates = tf.reshape(x, [ids.shape[0], ...inner]);
    const summed = tf.scatterND(tf.expandDims(safe, 1), updates, [numSegments + 1, ...inner]);
    return tf.slice(summed, 0, numSegments);
  });
}

// ---------------------------------------------------------------------------------------------
// Faster versions of two kernels the WASM backend does have.
//
// TF.js 4.22's WASM Conv2DBackpropInput is a scalar C++ loop, and its BatchMatMul only reaches
// XNNPACK for an untransposed, unbatched product; with transposeA/transposeB or a batch it falls
// back to a scalar loop too. Both sit on every training step (dense-layer gradients use the
// transposed products) and on DeepDream's gradient w.r.t. the image (one Conv2DBackpropInput per
// conv layer). Rewritten as XNNPACK-backed ops (forward conv2d, plain matMul) plus cheap
// transposes, they run 2-15x faster at the sizes that matter. Tiny problems, where a handful of
// extra op dispatches would cost more than the scalar loop, and anything unusual go to the
// original kernel, kept by reference.
// ---------------------------------------------------------------------------------------------

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The WASM backend's own kernels, captured before they are replaced. */
const original: Record<string, tf.KernelFunc> = {};

let overrideMode: boolean | 'always' = true;

type OverrideName = 'Conv2DBackpropInput' | 'BatchMatMul';

/**
 * Calls of each replacement so far: run as a rewrite, or handed to the original kernel (small,
 * unusual, or switched off; the rewrites' own inner products count as delegated too). For tests
 * and benchmarks.
 */
export const wasmKernelOverrideCalls: Record<OverrideName, { rewritten: number; delegated: number }> = {
  Conv2DBackpropInput: { rewritten: 0, delegated: 0 },
  BatchMatMul: { rewritten: 0, delegated: 0 },
};

function delegate(name: OverrideName, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  wasmKernelOverrideCalls[name].delegated++;
  return original[name]!(args);
}

/**
 * Switch the two faster kernels at run time: false hands everything to the original WASM
 * kernels (A/B benchmarks, ruling them out when debugging), true is the default, and 'always'
 * also sends the tiny problems below the size thresholds through the rewrites (tests).
 */
export function setWasmKernelOverrides(mode: boolean | 'always'): void {
  overrideMode = mode;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

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
          const r = rows.idx[uh * sh + rh]!;
          const c = cols.idx[uw * sw + rw]!;
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
  const m = (transposeA ? ai.shape[ra - 1] : ai.shape[ra - 2])!;
  const k = (transposeA ? ai.shape[ra - 2] : ai.shape[ra - 1])!;
  const kb = (transposeB ? bi.shape[rb - 1] : bi.shape[rb - 2])!;
  const n = (transposeB ? bi.shape[rb - 2] : bi.shape[rb - 1])!;
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
      a = tf.reshape(tf.broadcastTo(tf.reshape(a, [...batchA, ...a.shape.slice(1)]), [...outBatch, ...a.shape.slice(1)]), [
        batch,
        ...a.shape.slice(1),
      ]);
    }
    if (nb !== batch) {
      b = tf.reshape(tf.broadcastTo(tf.reshape(b, [...batchB, ...b.shape.slice(1)]), [...outBatch, ...b.shape.slice(1)]), [
        batch,
        ...b.shape.slice(1),
      ]);
    }
    if (batch <= LOOP_MAX_BATCH && m * k * n >= LOOP_MIN_MACS) {
      if (transposeA) a = tf.transpose(a, [0, 2, 1]);
      if (transposeB) b = tf.transpose(b, [0, 2, 1]);
      const as = tf.unstack(a) as tf.Tensor2D[];
      const bs = tf.unstack(b) as tf.Tensor2D[];
      return tf.reshape(tf.stack(as.map((x, t) => tf.matMul(x, bs[t]!))), outShape);
    }
    const x = tf.reshape<tf.Rank.R4>(tf.transpose(a, transposeA ? [1, 2, 0] : [2, 1, 0]), [1, k, m, batch]);
    const f = tf.reshape<tf.Rank.R4>(tf.transpose(b, transposeB ? [2, 0, 1] : [1, 0, 2]), [k, 1, batch, n]);
    const y = tf.depthwiseConv2d(x, f, 1, 'valid'); // [1, 1, m, (batch, n)]
    return tf.reshape(tf.transpose(tf.reshape(y, [m, batch, n]), [1, 0, 2]), outShape);
  });
}

const OVERRIDES: ReadonlyArray<readonly [string, tf.KernelFunc]> = [
  ['Conv2DBackpropInput', conv2DBackpropInput],
  ['BatchMatMul', batchMatMul],
];

/** Kernels the WASM backend has but that this module replaces with faster versions. */
export const WASM_KERNEL_OVERRIDES: readonly string[] = OVERRIDES.map(([name]) => name);

const KERNELS: ReadonlyArray<readonly [string, tf.KernelFunc]> = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseConv2dNativeBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseConv2dNativeBackpropInput],
  ['UnsortedSegmentSum', unsortedSegmentSum],
];

/** Names of the kernels this module can add to the WASM backend. */
export const WASM_TRAINING_KERNELS: readonly string[] = KERNELS.map(([name]) => name);

let registered = false;

/** Marks our replacement kernels, so that a second copy of this module never wraps them again. */
const OVERRIDE_MARK = Symbol.for('deep-questions.wasm-kernel-override');

/**
 * Register the missing training kernels for backendName 'wasm', and replace Conv2DBackpropInput
 * and BatchMatMul with the faster versions above (the originals stay reachable: the new kernels
 * delegate to them, and the original setup/dispose hooks are kept). Idempotent, and a missing
 * kernel that the WASM backend already has (a newer TF.js) is left alone. Safe before or after
 * the backend is initialised: kernels are looked up on every call.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (tf.getKernel(kernelName, 'wasm') != null) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  for (const [kernelName, kernelFunc] of OVERRIDES) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing == null || (existing.kernelFunc as { [OVERRIDE_MARK]?: boolean })[OVERRIDE_MARK]) continue;
    original[kernelName] = existing.kernelFunc;
    Object.defineProperty(kernelFunc, OVERRIDE_MARK, { value: true });
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...existing, kernelFunc });
  }
}
