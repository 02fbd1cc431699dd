/**
 * Small element-wise arithmetic in JavaScript, over WASM memory, when the WASM backend runs threaded.
 *
 * On the threaded build every XNNPACK binary op hands its work to the thread pool, and waking the
 * pool costs far more than a small op itself: in Chromium on 2 cores, a [64, 10] / [64, 1]
 * division took 0.2-0.6 ms threaded against 0.02 ms on one thread. A training step issues about a
 * hundred such ops (the optimizer's update of every weight tensor, the loss, the bias gradients),
 * enough to make a small network train slower on two threads than on one. Below SMALL_OP_MAX_ELEMENTS a
 * plain loop here is faster than any dispatch; larger ops, other dtypes and the one-thread build
 * keep the WASM kernels.
 *
 * Only +, -, × and ÷ of float32: each is one IEEE operation, which JavaScript does in double
 * precision and the Float32Array store rounds to float32, giving exactly the float32 result
 * XNNPACK computes (double rounding cannot change a sum, difference, product or quotient of two
 * floats). So a run gives the same numbers threaded or not.
 */
import type * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { f32, isHeapBackend } from './wasm-heap-kernels.ts';
import { callOriginal } from './wasm-kernel-overrides.ts';
import { type KernelArgs, sizeOf } from './wasm-kernel-utils.ts';

type BinaryName = 'Add' | 'Sub' | 'Multiply' | 'RealDiv';

/** Outputs up to this many elements run here (a loop over 32k floats takes some 30 µs). */
export const SMALL_OP_MAX_ELEMENTS = 32_768;

/** 'threads': only when the thread pool has more than one thread; 'always' (tests), 'off' (A/B). */
export type SmallOpsMode = 'threads' | 'always' | 'off';
let mode: SmallOpsMode = 'threads';

export function setSmallOpsMode(next: SmallOpsMode): void {
  mode = next;
}

/** Ops done here and ops handed to the WASM kernels, for tests and benchmarks. */
export const smallOpCalls = { js: 0, delegated: 0 };

function threaded(): boolean {
  try {
    return getThreadsCount() > 1;
  } catch {
    return false; // not initialised yet
  }
}

function delegate(name: BinaryName, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  smallOpCalls.delegated++;
  return callOriginal(name, args);
}

/** Element strides of `shape` read as `out` (aligned right; broadcast dimensions step 0). */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let step = 1;
  for (let i = shape.length - 1, o = out.length - 1; i >= 0; i--, o--) {
    const d = shape[i] as number;
    if (d !== 1) strides[o] = step;
    step *= d;
  }
  return strides;
}

/**
 * y[o + j] = a[pa + j·sa] op b[pb + j·sb] for j < n. A stride of 0 repeats one value (a scalar, a
 * broadcast axis). One loop per op, so that V8 compiles each without a call per element.
 */
function row(
  name: BinaryName,
  y: Float32Array,
  o: number,
  n: number,
  a: Float32Array,
  pa: number,
  sa: number,
  b: Float32Array,
  pb: number,
  sb: number,
): void {
  switch (name) {
    case 'Add':
      for (let j = 0; j < n; j++) y[o + j] = (a[pa + j * sa] as number) + (b[pb + j * sb] as number);
      return;
    case 'Sub':
      for (let j = 0; j < n; j++) y[o + j] = (a[pa + j * sa] as number) - (b[pb + j * sb] as number);
      return;
    case 'Multiply':
      for (let j = 0; j < n; j++) y[o + j] = (a[pa + j * sa] as number) * (b[pb + j * sb] as number);
      return;
    case 'RealDiv':
      for (let j = 0; j < n; j++) y[o + j] = (a[pa + j * sa] as number) / (b[pb + j * sb] as number);
      return;
  }
}

/**
 * y = a op b broadcast to `shape`. Operands that are whole or a single value make one row;
 * any other broadcast ([64, 10] with [10] or [64, 1]) goes row by row along the last axis.
 */
function broadcastOp(name: BinaryName, y: Float32Array, shape: number[], a: Float32Array, aShape: number[], b: Float32Array, bShape: number[]): void {
  const n = y.length;
  if ((a.length === n || a.length === 1) && (b.length === n || b.length === 1)) {
    row(name, y, 0, n, a, 0, a.length === n ? 1 : 0, b, 0, b.length === n ? 1 : 0);
    return;
  }
  const rank = shape.length;
  const sa = broadcastStrides(aShape, shape);
  const sb = broadcastStrides(bShape, shape);
  const inner = shape[rank - 1] as number;
  const index = new Array<number>(rank).fill(0);
  let pa = 0;
  let pb = 0;
  for (let o = 0; o < n; o += inner) {
    row(name, y, o, inner, a, pa, sa[rank - 1] as number, b, pb, sb[rank - 1] as number);
    for (let d = rank - 2; d >= 0; d--) {
      const size = shape[d] as number;
      index[d] = (index[d] as number) + 1;
      pa += sa[d] as number;
      pb += sb[d] as number;
      if ((index[d] as number) < size) break;
      pa -= (sa[d] as number) * size;
      pb -= (sb[d] as number) * size;
      index[d] = 0;
    }
  }
}

function binary(name: BinaryName): tf.KernelFunc {
  return (args) => {
    const { inputs, backend } = args;
    const { a, b } = inputs;
    if (mode === 'off' || (mode === 'threads' && !threaded())) return delegate(name, args);
    if (a == null || b == null || a.dtype !== 'float32' || b.dtype !== 'float32' || !isHeapBackend(backend)) return delegate(name, args);
    let shape: number[];
    try {
      shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    } catch {
      return delegate(name, args); // the original reports the mismatch its own way
    }
    const size = sizeOf(shape);
    if (size === 0 || size > SMALL_OP_MAX_ELEMENTS) return delegate(name, args);
    smallOpCalls.js++;
    // Allocate first: growing the heap would detach views taken before.
    const out = backend.makeOutput(shape, 'float32');
    broadcastOp(name, f32(backend, out), shape, f32(backend, a), a.shape, f32(backend, b), b.shape);
    return out;
  };
}

/** Kernels this module puts over the WASM backend's own (registered by wasm-kernels.ts). */
export const SMALL_OP_OVERRIDES: ReadonlyArray<readonly [string, tf.KernelFunc]> = (['Add', 'Sub', 'Multiply', 'RealDiv'] as const).map(
  (name) => [name, binary(name)] as const,
);
