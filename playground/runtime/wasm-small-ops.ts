/**
 * Small element-wise arithmetic in JavaScript, over WASM memory, when the WASM backend runs threaded.
 *
 * On the threaded build every XNNPACK binary op hands its work to the thread pool, and waking the
 * pool costs far more than a small op itself: in Chromium on 2 cores, a [64, 10] / [64, 1]
 * division took 0.2-0.6 ms threaded against 0.02 ms on one thread. A training step issues about a
 * hundred such ops (the optimizer's update of every weight tensor, the loss, the bias gradients),
 * enough to make a small network train slower on two threads than on one. Below MAX_ELEMENTS a
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
import { type HeapBackend, isHeapBackend } from './wasm-heap-kernels.ts';

type KernelArgs = Parameters<tf.KernelFunc>[0];
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

const original: Record<string, tf.KernelFunc> = {};

export function captureSmallOpOriginal(name: string, kernel: tf.KernelFunc): void {
  original[name] = kernel;
}

function threaded(): boolean {
  try {
    return getThreadsCount() > 1;
  } catch {
    return false; // not initialised yet
  }
}

function delegate(name: BinaryName, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  smallOpCalls.delegated++;
  const kernel = original[name];
  if (!kernel) throw new Error(`wasm-small-ops: the original ${name} kernel was not captured`);
  return kernel(args);
}

function f32(backend: HeapBackend, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
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

/** y = a op b where each operand has y's size or is a single value. */
function loop(name: BinaryName, y: Float32Array, a: Float32Array, b: Float32Array): void {
  const n = y.length;
  if (a.length === n && b.length === n) {
    switch (name) {
      case 'Add':
        for (let i = 0; i < n; i++) y[i] = (a[i] as number) + (b[i] as number);
        return;
      case 'Sub':
        for (let i = 0; i < n; i++) y[i] = (a[i] as number) - (b[i] as number);
        return;
      case 'Multiply':
        for (let i = 0; i < n; i++) y[i] = (a[i] as number) * (b[i] as number);
        return;
      case 'RealDiv':
        for (let i = 0; i < n; i++) y[i] = (a[i] as number) / (b[i] as number);
        return;
    }
  }
  if (b.length === 1 && a.length === n) {
    const s = b[0] as number;
    switch (name) {
      case 'Add':
        for (let i = 0; i < n; i++) y[i] = (a[i] as number) + s;
        return;
      case 'Sub':
        for (let i = 0; i < n; i++) y[i] = (a[i] as number) - s;
        return;
      case 'Multiply':
        for (let i = 0; i < n; i++) y[i] = (a[i] as number) * s;
        return;
      case 'RealDiv':
        for (let i = 0; i < n; i++) y[i] = (a[i] as number) / s;
        return;
    }
  }
  const s = a[0] as number; // a.length === 1 && b.length === n
  switch (name) {
    case 'Add':
      for (let i = 0; i < n; i++) y[i] = s + (b[i] as number);
      return;
    case 'Sub':
      for (let i = 0; i < n; i++) y[i] = s - (b[i] as number);
      return;
    case 'Multiply':
      for (let i = 0; i < n; i++) y[i] = s * (b[i] as number);
      return;
    case 'RealDiv':
      for (let i = 0; i < n; i++) y[i] = s / (b[i] as number);
      return;
  }
}

const APPLY: Record<BinaryName, (x: number, z: number) => number> = {
  Add: (x, z) => x + z,
  Sub: (x, z) => x - z,
  Multiply: (x, z) => x * z,
  RealDiv: (x, z) => x / z,
};

/** Any other broadcast ([64, 10] with [10] or [64, 1]): rows of the last axis, strided reads. */
function broadcastLoop(
  name: BinaryName,
  y: Float32Array,
  shape: number[],
  a: Float32Array,
  aShape: number[],
  b: Float32Array,
  bShape: number[],
): void {
  const op = APPLY[name];
  const rank = shape.length;
  const sa = broadcastStrides(aShape, shape);
  const sb = broadcastStrides(bShape, shape);
  const inner = shape[rank - 1] as number;
  const ia = sa[rank - 1] as number;
  const ib = sb[rank - 1] as number;
  const index = new Array<number>(rank).fill(0);
  let offA = 0;
  let offB = 0;
  for (let o = 0; o < y.length; o += inner) {
    for (let j = 0; j < inner; j++) y[o + j] = op(a[offA + j * ia] as number, b[offB + j * ib] as number);
    for (let d = rank - 2; d >= 0; d--) {
      const size = shape[d] as number;
      index[d] = (index[d] as number) + 1;
      offA += sa[d] as number;
      offB += sb[d] as number;
      if ((index[d] as number) < size) break;
      offA -= (sa[d] as number) * size;
      offB -= (sb[d] as number) * size;
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
    const size = shape.reduce((x, d) => x * d, 1);
    if (size === 0 || size > SMALL_OP_MAX_ELEMENTS) return delegate(name, args);
    smallOpCalls.js++;
    // Allocate first: growing the heap would detach views taken before.
    const out = backend.makeOutput(shape, 'float32');
    const y = f32(backend, out);
    const x1 = f32(backend, a);
    const x2 = f32(backend, b);
    if ((x1.length === size || x1.length === 1) && (x2.length === size || x2.length === 1) && (x1.length === size || x2.length === size)) {
      loop(name, y, x1, x2);
    } else {
      broadcastLoop(name, y, shape, x1, a.shape, x2, b.shape);
    }
    return out;
  };
}

/** Kernels this module puts over the WASM backend's own (registered by wasm-kernels.ts). */
export const SMALL_OP_OVERRIDES: ReadonlyArray<readonly [string, tf.KernelFunc]> = (['Add', 'Sub', 'Multiply', 'RealDiv'] as const).map(
  (name) => [name, binary(name)] as const,
);
