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
 * A first layer's filter gradient (one to three input channels) is instead one matrix product
 * over the patches the conv reads, copied out of WASM memory (im2col).
 *
 * Four native kernels are replaced by faster versions, delegating to the originals for tiny or
 * unusual inputs (wasm-kernel-overrides.ts):
 *
 *   Conv2DBackpropInput   gradient of conv2d w.r.t. its input (every conv layer's backward pass,
 *                         DeepDream's gradient w.r.t. the image)
 *   BatchMatMul           with transposeA/transposeB or a batch (every dense layer's gradient)
 *   MaxPoolGrad           every max-pool layer's backward pass
 *   Sum                   over all axes but the last: every layer's bias gradient
 *
 * And on the threaded build, small float32 Add, Sub, Multiply and RealDiv run as loops in
 * JavaScript: waking the thread pool costs more than the op (wasm-small-ops.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { captureOriginal, OVERRIDES } from './wasm-kernel-overrides.ts';
import { type HeapBackend, im2colRows } from './wasm-heap-kernels.ts';
import { SMALL_OP_OVERRIDES } from './wasm-small-ops.ts';
import { asTensor, heapBackend, type Pad, padNHWC, type Rounding, rowsFit, type Shape4, wasmKernelPathCalls, window2d } from './wasm-kernel-utils.ts';

export { setWasmKernelOverrides, WASM_KERNEL_OVERRIDES, wasmKernelOverrideCalls } from './wasm-kernel-overrides.ts';
export { wasmKernelPathCalls } from './wasm-kernel-utils.ts';
export { SMALL_OP_MAX_ELEMENTS, setSmallOpsMode, smallOpCalls } from './wasm-small-ops.ts';

/** Filter gradients with at most this many input channels go through im2col (see conv2dFilterGradIm2col). */
const IM2COL_MAX_IN_CHANNELS = 3;

/**
 * dW[kh,kw,ci,co] = sum_{b,oh,ow} xpad[b, oh*s + kh*d, ow*s + kw*d, ci] * dy[b,oh,ow,co].
 * That is itself a convolution: take the input channels as the batch, the batch as the channels
 * to sum over, dy as the filter, the forward dilation as stride and the forward stride as
 * dilation. (TF forbids stride > 1 with dilation > 1, so the swapped conv is legal too.)
 */
function conv2dFilterGradNHWC(x: tf.Tensor4D, dy: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const heap = heapBackend();
  if (heap && info.inChannels <= IM2COL_MAX_IN_CHANNELS && rowsFit(info)) return conv2dFilterGradIm2col(heap, x, dy, info);
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

/**
 * The filter gradient as one matrix product over the patches: rows[(kh, kw, ci), (b, oh, ow)]
 * (copied by im2colRows) times dy[(b, oh, ow), co]. For a first layer (one or three input
 * channels) the conv above has a tiny output and a huge filter, which XNNPACK handles badly; the
 * patch copy reads the input along memory only when the channels are few.
 */
function conv2dFilterGradIm2col(heap: HeapBackend, x: tf.Tensor4D, dy: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): tf.Tensor4D {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
  wasmKernelPathCalls.filterGradIm2col++;
  const rows = tf.engine().makeTensorFromTensorInfo(im2colRows(heap, x, info)) as tf.Tensor2D;
  const dy2d = tf.reshape<tf.Rank.R2>(dy, [-1, co]);
  return tf.reshape(tf.matMul(rows, dy2d), [kh, kw, ci, co]);
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
 * Register the missing training kernels for backendName 'wasm', and replace the four kernels of
 * wasm-kernel-overrides.ts and the small arithmetic of wasm-small-ops.ts with faster versions (the
 * originals stay reachable: the new kernels delegate to them, and the original setup/dispose hooks
 * are kept). Idempotent, and a missing kernel that the WASM backend already has (a newer TF.js)
 * is left alone. Safe before or after the backend is initialised: kernels are looked up on every
 * call.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (tf.getKernel(kernelName, 'wasm') != null) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  for (const [kernelName, kernelFunc] of [...OVERRIDES, ...SMALL_OP_OVERRIDES]) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing == null || (existing.kernelFunc as { [OVERRIDE_MARK]?: boolean })[OVERRIDE_MARK]) continue;
    captureOriginal(kernelName, existing.kernelFunc);
    Object.defineProperty(kernelFunc, OVERRIDE_MARK, { value: true });
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...existing, kernelFunc });
  }
}
