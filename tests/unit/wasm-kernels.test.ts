/**
 * The WASM backend's missing gradient kernels (playground/runtime/wasm-kernels.ts) against the
 * CPU backend, which has native ones: random conv / depthwise-conv gradients, the dilated cases
 * TF.js's own gradients refuse (checked kernel to kernel), gather's segment sum, whole-model
 * gradients, and a few model.fit steps on WASM with a flat tensor count. Also the faster
 * replacements for two native WASM kernels (Conv2DBackpropInput, BatchMatMul), forced through
 * their rewrites on random small inputs and at their default thresholds on larger ones, and the
 * small arithmetic that the threaded build does in JavaScript (wasm-small-ops.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mulberry32 } from '../../playground/runtime/random.ts';
import {
  registerWasmTrainingKernels,
  SMALL_OP_MAX_ELEMENTS,
  setSmallOpsMode,
  setWasmKernelOverrides,
  smallOpCalls,
  WASM_KERNEL_OVERRIDES,
  wasmKernelOverrideCalls,
  wasmKernelPathCalls,
  WASM_TRAINING_KERNELS,
} from '../../playground/runtime/wasm-kernels.ts';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
type Pair = [number, number];
type Shape4 = [number, number, number, number];

const rng = mulberry32(20240611);
const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const values = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1);

interface Run {
  data: Float32Array[];
  shapes: number[][];
}

/** Run fn on one backend (tensors are created there), read the results back, check nothing leaked. */
async function on(backend: 'cpu' | 'wasm', fn: () => tf.Tensor | tf.Tensor[]): Promise<Run> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const outs = tf.tidy(() => {
    const r = fn();
    return Array.isArray(r) ? r : [r];
  });
  const run = { data: outs.map((t) => t.dataSync() as Float32Array), shapes: outs.map((t) => t.shape) };
  tf.dispose(outs);
  expect(tf.memory().numTensors, `${backend} leaked tensors`).toBe(before);
  return run;
}

/** Run on WASM with the rewrites forced even for tiny inputs ('always'), or at their defaults (true). */
async function onWasm(fn: () => tf.Tensor | tf.Tensor[], mode: boolean | 'always' = 'always'): Promise<Run> {
  setWasmKernelOverrides(mode);
  try {
    return await on('wasm', fn);
  } finally {
    setWasmKernelOverrides(true);
  }
}

const worst = { abs: 0, rel: 0, cases: 0 };
const worstModel = { abs: 0, rel: 0, cases: 0 };

/** Max |cpu - wasm| must stay under 1e-4, scaled by the reference magnitude when that is above 1. */
function expectClose(cpu: Run, wasm: Run, label: string, tol = 1e-4, stats = worst): void {
  expect(wasm.shapes, label).toEqual(cpu.shapes);
  cpu.data.forEach((ref, k) => {
    const got = wasm.data[k] ?? new Float32Array(ref.length).fill(Number.NaN);
    let scale = 1;
    for (const v of ref) scale = Math.max(scale, Math.abs(v));
    let abs = 0;
    for (let i = 0; i < ref.length; i++) abs = Math.max(abs, Math.abs((ref[i] as number) - (got[i] as number)));
    expect(Number.isFinite(abs), `${label}: non-finite`).toBe(true);
    stats.abs = Math.max(stats.abs, abs);
    stats.rel = Math.max(stats.rel, abs / scale);
    expect(abs / scale, `${label} output ${k}: max abs diff ${abs} (scale ${scale})`).toBeLessThan(tol);
  });
  stats.cases++;
}

interface ConvCase {
  x: Shape4;
  f: Shape4; // [kh, kw, in, out] for conv2d, [kh, kw, in, multiplier] for depthwise
  strides: Pair;
  dilations: Pair;
  pad: Pad;
}

/** Explicit padding is given in the data format's own axis order. */
const padNCHW = (pad: Pad): Pad => (Array.isArray(pad) ? [[0, 0], [0, 0], pad[1], pad[2]] : pad);

const label = (c: ConvCase) =>
  `x=${c.x} f=${c.f} s=${c.strides} d=${c.dilations} pad=${typeof c.pad === 'string' ? c.pad : JSON.stringify(c.pad.slice(1, 3))}`;

/** A random case; stride and padding cycle with i so every combination is covered. */
function makeCase(i: number, dilated: boolean): ConvCase {
  const h = int(5, 12);
  const w = int(5, 12);
  const strides: Pair = dilated ? [1, 1] : i % 7 === 6 ? [int(1, 3), int(1, 3)] : [1 + (i % 3), 1 + (i % 3)];
  const dilations: Pair = dilated ? (i % 3 === 0 ? [2, 1] : i % 3 === 1 ? [1, 2] : [2, 2]) : [1, 1];
  // Keep the dilated kernel inside the image so 'valid' has at least one output.
  const kh = Math.min(int(1, 5), Math.floor((h - 1) / dilations[0]) + 1);
  const kw = Math.min(int(1, 5), Math.floor((w - 1) / dilations[1]) + 1);
  const kind = (i >> 1) % 5;
  const pad: Pad =
    kind === 4
      ? [
          [0, 0],
          [int(0, 2), int(0, 2)],
          [int(0, 2), int(0, 2)],
          [0, 0],
        ]
      : kind % 2 === 0
        ? 'same'
        : 'valid';
  return { x: [int(1, 3), h, w, int(1, 4)], f: [kh, kw, 0, int(1, 4)], strides, dilations, pad };
}

function outShape(c: ConvCase, depthwise: boolean): Shape4 {
  const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
  return tf.backend_util.computeConv2DInfo(c.x, f, c.strides, c.dilations, c.pad, undefined, depthwise).outShape;
}

/** Zero-insert the taps of a filter, so a dilation-1 kernel can serve as reference for a dilated one. */
function dilateFilter(vals: Float32Array, f: Shape4, d: Pair): { vals: Float32Array; shape: Shape4 } {
  const shape: Shape4 = [(f[0] - 1) * d[0] + 1, (f[1] - 1) * d[1] + 1, f[2], f[3]];
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const inner = f[2] * f[3];
  for (let r = 0; r < f[0]; r++)
    for (let c = 0; c < f[1]; c++)
      out.set(vals.subarray((r * f[1] + c) * inner, (r * f[1] + c + 1) * inner), (r * d[0] * shape[1] + c * d[1]) * inner);
  return { vals: out, shape };
}

const N_CASES = 42;
let initialTensors = 0;

beforeAll(async () => {
  registerWasmTrainingKernels();
  registerWasmTrainingKernels(); // idempotent: no "already registered" warnings, no error
  // Makes the engine throw if a kernel leaves an intermediate data id behind. (Only for the kernel
  // tests: with the tape on, the check also trips on TF.js's own customGrad ops, e.g. fused conv.)
  tf.env().set('IS_TEST', true);
  expect(await tf.setBackend('wasm')).toBe(true);
  initialTensors = tf.memory().numTensors;
});

afterAll(() => {
  tf.env().set('IS_TEST', false);
  console.log(
    `[wasm-kernels] ${worst.cases} comparisons: max abs diff ${worst.abs.toExponential(2)}, max scaled diff ${worst.rel.toExponential(2)}; ` +
      `model gradients: max abs ${worstModel.abs.toExponential(2)}, scaled ${worstModel.rel.toExponential(2)}`,
  );
});

describe('registration', () => {
  it('registers every kernel in WASM_TRAINING_KERNELS; the rest of a training step is native', () => {
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    // Everything else a conv-net training step runs is native.
    for (const name of ['Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad', 'FusedBatchNorm', 'LeakyRelu', 'Prelu', 'Step', 'Select', 'Tile'])
      expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });

  it('replaces four native kernels, keeping their setup hooks', () => {
    expect(WASM_KERNEL_OVERRIDES).toEqual(['Conv2DBackpropInput', 'BatchMatMul', 'MaxPoolGrad', 'Sum']);
    // The originals' setupFunc (which binds their WASM entry points) must survive the swap: the
    // replacements delegate to the originals for small and unusual inputs.
    for (const name of WASM_KERNEL_OVERRIDES) expect(tf.getKernel(name, 'wasm')?.setupFunc, name).toBeTypeOf('function');
  });
});

describe('conv2d gradients, CPU vs WASM', () => {
  it(`${N_CASES} random cases: d/dfilter and d/dx through tf.grads`, async () => {
    for (let i = 0; i < N_CASES; i++) {
      const c = makeCase(i, false);
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const xv = values(c.x);
      const fv = values(f);
      const rv = values(outShape(c, false));
      const grads = () => {
        const r = tf.tensor(rv, outShape(c, false));
        const loss = (x: tf.Tensor, w: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations), r));
        return tf.grads(loss)([tf.tensor(xv, c.x), tf.tensor(fv, f)]);
      };
      expectClose(await on('cpu', grads), await on('wasm', grads), `conv2d ${label(c)}`);
    }
  });

  it('dilated filter gradient (kernel level; TF.js gradients refuse dilation > 1)', async () => {
    for (let i = 0; i < 12; i++) {
      const c = makeCase(i, true);
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const eff = dilateFilter(new Float32Array(f.reduce((a, b) => a * b, 1)), f, c.dilations).shape;
      const xv = values(c.x);
      const dyShape = outShape(c, false);
      const dyv = values(dyShape);
      // CPU reference: the undilated kernel on the zero-inserted filter, then keep every d-th tap.
      const cpu = await on('cpu', () => {
        const g = tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) },
          {
            strides: c.strides,
            pad: c.pad,
            dataFormat: 'NHWC',
            filterShape: eff,
          },
        ) as tf.Tensor4D;
        return tf.stridedSlice(g, [0, 0, 0, 0], eff, [c.dilations[0], c.dilations[1], 1, 1]);
      });
      const wasm = await on(
        'wasm',
        () =>
          tf.engine().runKernel(
            'Conv2DBackpropFilter',
            { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) },
            {
              strides: c.strides,
              pad: c.pad,
              dataFormat: 'NHWC',
              filterShape: f,
              dilations: c.dilations,
            },
          ) as tf.Tensor,
      );
      expectClose(cpu, wasm, `conv2d filter ${label(c)}`);
    }
  });

  it('NCHW filter gradient (kernel level)', async () => {
    for (const i of [0, 1, 2, 3, 4, 5, 8, 9]) {
      const c = makeCase(i, false);
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const dyNHWC = outShape(c, false);
      const xNCHW: Shape4 = [c.x[0], c.x[3], c.x[1], c.x[2]];
      const dyNCHW: Shape4 = [dyNHWC[0], dyNHWC[3], dyNHWC[1], dyNHWC[2]];
      const xv = values(xNCHW);
      const dyv = values(dyNCHW);
      const fn = () =>
        tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x: tf.tensor(xv, xNCHW), dy: tf.tensor(dyv, dyNCHW) },
          {
            strides: c.strides,
            pad: padNCHW(c.pad),
            dataFormat: 'NCHW',
            filterShape: f,
          },
        ) as tf.Tensor;
      expectClose(await on('cpu', fn), await on('wasm', fn), `conv2d NCHW ${label(c)}`);
    }
  });
});

describe('depthwiseConv2d gradients, CPU vs WASM', () => {
  it(`${N_CASES} random cases: d/dfilter and d/dx through tf.grads`, async () => {
    for (let i = 0; i < N_CASES; i++) {
      const c = makeCase(i + 1000, false);
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], Math.min(c.f[3], 3)];
      const cc = { ...c, f };
      const xv = values(c.x);
      const fv = values(f);
      const rv = values(outShape(cc, true));
      const grads = () => {
        const r = tf.tensor(rv, outShape(cc, true));
        const loss = (x: tf.Tensor, w: tf.Tensor) =>
          tf.sum(tf.mul(tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad as 'same' | 'valid', 'NHWC', c.dilations), r));
        return tf.grads(loss)([tf.tensor(xv, c.x), tf.tensor(fv, f)]);
      };
      expectClose(await on('cpu', grads), await on('wasm', grads), `depthwise ${label(cc)}`);
    }
  });

  it('dilated filter and input gradients (kernel level)', async () => {
    for (let i = 0; i < 12; i++) {
      const c = makeCase(i + 2000, true);
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], Math.min(c.f[3], 3)];
      const cc = { ...c, f };
      const fv = values(f);
      const dil = dilateFilter(fv, f, c.dilations);
      const xv = values(c.x);
      const dyShape = outShape(cc, true);
      const dyv = values(dyShape);
      const cpu = await on('cpu', () => {
        const x = tf.tensor(xv, c.x);
        const dy = tf.tensor(dyv, dyShape);
        const dw = tf.engine().runKernel(
          'DepthwiseConv2dNativeBackpropFilter',
          { x, dy },
          {
            strides: 1,
            dilations: 1,
            pad: c.pad,
            filterShape: dil.shape,
          },
        ) as tf.Tensor4D;
        const dx = tf.engine().runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy, filter: tf.tensor(dil.vals, dil.shape) },
          {
            strides: 1,
            dilations: 1,
            pad: c.pad,
            inputShape: c.x,
          },
        ) as tf.Tensor;
        return [tf.stridedSlice(dw, [0, 0, 0, 0], dil.shape, [c.dilations[0], c.dilations[1], 1, 1]), dx];
      });
      const wasm = await on('wasm', () => {
        const x = tf.tensor(xv, c.x);
        const dy = tf.tensor(dyv, dyShape);
        const attrs = { strides: 1, dilations: c.dilations, pad: c.pad };
        return [
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: f }) as tf.Tensor,
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: tf.tensor(fv, f) }, { ...attrs, inputShape: c.x }) as tf.Tensor,
        ];
      });
      expectClose(cpu, wasm, `depthwise dilated ${label(cc)}`);
    }
  });
});

describe('faster native kernels: Conv2DBackpropInput and BatchMatMul, CPU vs WASM', () => {
  const STRIDES: Pair[] = [
    [1, 1],
    [2, 2],
    [3, 3],
    [1, 2],
    [2, 1],
    [2, 3],
    [3, 1],
    [4, 4],
  ];

  /** Input-gradient cases: all stride pairs x 'same' / 'valid' / explicit, odd and even kernels. */
  function inputGradCase(i: number): ConvCase {
    const h = int(4, 14);
    const w = int(4, 14);
    const strides = STRIDES[i % STRIDES.length] as Pair;
    const kind = Math.floor(i / STRIDES.length) % 3;
    const pad: Pad =
      kind === 2
        ? [
            [0, 0],
            [int(0, 3), int(0, 3)],
            [int(0, 3), int(0, 3)],
            [0, 0],
          ]
        : kind === 0
          ? 'same'
          : 'valid';
    return { x: [int(1, 3), h, w, int(1, 6)], f: [int(1, Math.min(5, h)), int(1, Math.min(5, w)), 0, int(1, 6)], strides, dilations: [1, 1], pad };
  }

  const N_INPUT_CASES = 72;

  it(`d/dx of conv2d, ${N_INPUT_CASES} random cases (every stride pair x same/valid/explicit), through tf.grad`, async () => {
    for (let i = 0; i < N_INPUT_CASES; i++) {
      const c = inputGradCase(i);
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const xv = values(c.x);
      const fv = values(f);
      const rv = values(outShape(c, false));
      const grad = () => {
        const r = tf.tensor(rv, outShape(c, false));
        const filter = tf.tensor4d(fv, f);
        return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, filter, c.strides, c.pad, 'NHWC'), r)))(tf.tensor(xv, c.x));
      };
      expectClose(await on('cpu', grad), await onWasm(grad), `conv2d d/dx ${label(c)}`);
    }
  });

  it('d/dx of conv2d at sizes above the delegation thresholds (default mode)', async () => {
    const cases: ConvCase[] = [
      { x: [2, 16, 16, 8], f: [3, 3, 0, 16], strides: [1, 1], dilations: [1, 1], pad: 'same' },
      { x: [2, 17, 15, 8], f: [3, 3, 0, 16], strides: [2, 2], dilations: [1, 1], pad: 'same' },
      { x: [1, 24, 24, 16], f: [5, 5, 0, 24], strides: [2, 2], dilations: [1, 1], pad: 'valid' },
      { x: [3, 20, 20, 32], f: [1, 1, 0, 40], strides: [1, 1], dilations: [1, 1], pad: 'same' },
      {
        x: [2, 19, 21, 12],
        f: [4, 2, 0, 20],
        strides: [3, 2],
        dilations: [1, 1],
        pad: [
          [0, 0],
          [2, 1],
          [0, 3],
          [0, 0],
        ],
      },
    ];
    for (const c of cases) {
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const xv = values(c.x);
      const fv = values(f);
      const rv = values(outShape(c, false));
      const grad = () =>
        tf.grad((x: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, tf.tensor4d(fv, f), c.strides, c.pad, 'NHWC'), tf.tensor(rv, outShape(c, false)))),
        )(tf.tensor(xv, c.x));
      expectClose(await on('cpu', grad), await onWasm(grad, true), `conv2d d/dx ${label(c)}`);
    }
  });

  it('kernel level: dilations (which TF.js gradients refuse), NCHW, and numeric padding with rounding', async () => {
    // Dilated: CPU reference is the undilated kernel on the zero-inserted filter.
    for (let i = 0; i < 10; i++) {
      const c = { ...makeCase(i + 3000, true), ...(i >= 7 ? { strides: [2, 2] as Pair } : {}) };
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const fv = values(f);
      const dil = dilateFilter(fv, f, c.dilations);
      const dyShape = outShape(c, false);
      const dyv = values(dyShape);
      const cpu = await on(
        'cpu',
        () =>
          tf.engine().runKernel(
            'Conv2DBackpropInput',
            { dy: tf.tensor(dyv, dyShape), filter: tf.tensor(dil.vals, dil.shape) },
            {
              strides: c.strides,
              pad: c.pad,
              dataFormat: 'NHWC',
              inputShape: c.x,
            },
          ) as tf.Tensor,
      );
      const wasm = await onWasm(
        () =>
          tf.engine().runKernel(
            'Conv2DBackpropInput',
            { dy: tf.tensor(dyv, dyShape), filter: tf.tensor(fv, f) },
            {
              strides: c.strides,
              pad: c.pad,
              dataFormat: 'NHWC',
              inputShape: c.x,
              dilations: c.dilations,
            },
          ) as tf.Tensor,
      );
      expectClose(cpu, wasm, `conv2d d/dx dilated ${label(c)}`);
    }
    // NCHW, forced and at the default thresholds.
    for (let i = 0; i < 8; i++) {
      const c = i < 6 ? inputGradCase(i * 5 + 1) : { ...inputGradCase(i), x: [2, 14, 13, 12] as Shape4, f: [3, 3, 0, 16] as Shape4 };
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const dyNHWC = outShape(c, false);
      const xNCHW: Shape4 = [c.x[0], c.x[3], c.x[1], c.x[2]];
      const dyNCHW: Shape4 = [dyNHWC[0], dyNHWC[3], dyNHWC[1], dyNHWC[2]];
      const dyv = values(dyNCHW);
      const fv = values(f);
      const fn = () =>
        tf.engine().runKernel(
          'Conv2DBackpropInput',
          { dy: tf.tensor(dyv, dyNCHW), filter: tf.tensor(fv, f) },
          {
            strides: c.strides,
            pad: padNCHW(c.pad),
            dataFormat: 'NCHW',
            inputShape: xNCHW,
          },
        ) as tf.Tensor;
      expectClose(await on('cpu', fn), await onWasm(fn, i < 6 ? 'always' : true), `conv2d d/dx NCHW ${label(c)}`);
    }
    // A numeric pad with each rounding mode.
    for (const dimRoundingMode of ['floor', 'round', 'ceil'] as const) {
      const x: Shape4 = [2, 10, 9, 3];
      const f: Shape4 = [3, 3, 3, 5];
      const info = tf.backend_util.computeConv2DInfo(x, f, [2, 2], 1, 1, dimRoundingMode);
      const dyv = values(info.outShape);
      const fv = values(f);
      const fn = () =>
        tf.engine().runKernel(
          'Conv2DBackpropInput',
          { dy: tf.tensor(dyv, info.outShape), filter: tf.tensor(fv, f) },
          {
            strides: [2, 2],
            pad: 1,
            dataFormat: 'NHWC',
            dimRoundingMode,
            inputShape: x,
          },
        ) as tf.Tensor;
      expectClose(await on('cpu', fn), await onWasm(fn), `conv2d d/dx pad=1 ${dimRoundingMode}`);
    }
  });

  /** Batch shapes of a and b; the last two are "both batched" with broadcasting against each other. */
  const BATCHES: Array<[number[], number[]]> = [
    [[], []],
    [[3], []],
    [[], [4]],
    [[1], [3]],
    [[4], [1]],
    [[3], [3]],
    [
      [2, 3],
      [2, 3],
    ],
    [[2, 3], [3]],
    [
      [2, 1],
      [1, 3],
    ],
    [
      [1, 2, 1],
      [3, 1, 2],
    ],
  ];

  const dim = (shape: number[], fromEnd: number) => shape[shape.length - fromEnd] ?? 1;
  const transposed = (shape: number[], yes: boolean): number[] => (yes ? [...shape.slice(0, -2), dim(shape, 1), dim(shape, 2)] : shape);

  /**
   * matMul on WASM against the CPU backend with the batch dimensions broadcast explicitly first:
   * CPU's BatchMatMul indexes batches as t % na and t % nb, which is wrong for [2, 1] x [1, 3].
   */
  async function checkMatMul(as: number[], bs: number[], ta: boolean, tb: boolean, mode: boolean | 'always'): Promise<void> {
    const sa = transposed(as, ta);
    const sb = transposed(bs, tb);
    const av = values(sa);
    const bv = values(sb);
    const batch = tf.backend_util.assertAndGetBroadcastShape(as.slice(0, -2), bs.slice(0, -2));
    const cpu = await on('cpu', () => {
      const a = tf.broadcastTo(tf.tensor(av, sa), [...batch, ...sa.slice(-2)]);
      const b = tf.broadcastTo(tf.tensor(bv, sb), [...batch, ...sb.slice(-2)]);
      return tf.reshape(tf.matMul(a, b, ta, tb), [...batch, dim(as, 2), dim(bs, 1)]);
    });
    const wasm = await onWasm(() => tf.matMul(tf.tensor(av, sa), tf.tensor(bv, sb), ta, tb), mode);
    expectClose(cpu, wasm, `matMul [${sa}]${ta ? 'ᵀ' : ''} x [${sb}]${tb ? 'ᵀ' : ''} (${mode})`);
  }

  it(`matMul: every transpose combination x ${BATCHES.length} batch shapes, random sizes`, async () => {
    for (const [ba, bb] of BATCHES) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const [m, k, n] = [int(1, 9), int(1, 9), int(1, 9)];
        await checkMatMul([...ba, m, k], [...bb, k, n], ta, tb, 'always');
      }
    }
  });

  it('matMul at sizes above the delegation thresholds: 2-D, shared and batched operands, both batched paths', async () => {
    const shapes: Array<[number[], number[]]> = [
      [
        [64, 100],
        [100, 48],
      ], // a dense layer's gradients are the transposed products of these
      [
        [5, 40, 30],
        [30, 50],
      ], // a batched, b shared
      [
        [40, 30],
        [6, 30, 50],
      ], // b batched, a shared
      [
        [12, 24, 20],
        [12, 20, 28],
      ], // both batched, many small entries: one depthwise conv
      [
        [2, 128, 96],
        [2, 96, 100],
      ], // both batched, a few large entries: one product each
      [
        [2, 1, 20, 24],
        [1, 3, 24, 30],
      ], // broadcast against each other
    ];
    for (const [as, bs] of shapes) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const)
        await checkMatMul(as, bs, ta, tb, true);
    }
  });

  it('the rewrites really run, and switched off everything goes to the originals', async () => {
    const calls = wasmKernelOverrideCalls;
    const rewritten = () => [calls.Conv2DBackpropInput.rewritten, calls.BatchMatMul.rewritten];
    const run = () => [
      tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy: tf.ones([2, 16, 16, 16]), filter: tf.ones([3, 3, 8, 16]) },
        {
          strides: 2,
          pad: 'same',
          dataFormat: 'NHWC',
          inputShape: [2, 32, 32, 8],
        },
      ) as tf.Tensor,
      tf.matMul(tf.ones([64, 256]), tf.ones([64, 32]), true, false),
    ];
    const before = rewritten();
    await onWasm(run, true);
    const expected = before.map((n) => n + 1);
    expect(rewritten()).toEqual(expected);
    const delegated = calls.BatchMatMul.delegated;
    await onWasm(run, false);
    expect(rewritten()).toEqual(expected);
    expect(calls.BatchMatMul.delegated).toBe(delegated + 1);
  });
});

describe('kernels over WASM memory, CPU vs WASM: MaxPoolGrad, Sum, split d/dx, im2col d/dfilter', () => {
  type PoolPad = 'same' | 'valid' | number;

  /** Max-pool gradients through tf.grad; `ties` draws pixels from {0, 1, 2} so windows often tie. */
  async function checkPool(x: Shape4, size: Pair, strides: Pair, pad: PoolPad, ties: boolean): Promise<void> {
    const xv = ties ? Float32Array.from(values(x), (v) => Math.floor((v + 1) * 1.5)) : values(x);
    const outShapeOf = tf.backend_util.computePool2DInfo(x, size, strides, 1, pad, pad === 'same' || pad === 'valid' ? undefined : 'floor').outShape;
    const rv = values(outShapeOf);
    const grad = () =>
      tf.grad((t: tf.Tensor) =>
        tf.sum(
          tf.mul(
            tf.maxPool(t as tf.Tensor4D, size, strides, pad, pad === 'same' || pad === 'valid' ? undefined : 'floor'),
            tf.tensor(rv, outShapeOf),
          ),
        ),
      )(tf.tensor(xv, x));
    expectClose(await on('cpu', grad), await onWasm(grad, true), `maxPool grad x=${x} size=${size} s=${strides} pad=${pad} ties=${ties}`);
  }

  it('MaxPoolGrad: 48 random pools (sizes 1-3, strides 1-3, same / valid / numeric padding), ties included', async () => {
    const before = wasmKernelOverrideCalls.MaxPoolGrad.rewritten;
    for (let i = 0; i < 48; i++) {
      const x: Shape4 = [int(1, 3), int(3, 11), int(3, 11), int(1, 5)];
      const pad: PoolPad = i % 3 === 0 ? 'same' : i % 3 === 1 ? 'valid' : int(0, 1);
      // Numeric padding only with square windows and strides: for the others TF.js 4.22 computes
      // the output width from the height's window and stride, and WASM's forward pool then traps.
      const k = int(1, 3);
      const size: Pair = typeof pad === 'number' ? [k, k] : [k, int(1, 3)];
      const strides: Pair = typeof pad === 'number' ? [1 + (i % 3), 1 + (i % 3)] : i % 5 === 4 ? [int(1, 3), int(1, 3)] : [1 + (i % 3), 1 + (i % 3)];
      await checkPool(x, size, strides, pad, i % 2 === 0);
    }
    expect(wasmKernelOverrideCalls.MaxPoolGrad.rewritten - before).toBe(48);
  });

  it('MaxPoolGrad, 2x2 stride 2 (the one-write path): even and odd sizes, ties, and a LeNet-sized batch', async () => {
    for (const x of [
      [2, 8, 8, 3],
      [1, 7, 9, 4],
      [3, 5, 4, 1],
      [64, 24, 24, 20],
    ] as Shape4[]) {
      await checkPool(x, [2, 2], [2, 2], 'valid', false);
      await checkPool(x, [2, 2], [2, 2], 'valid', true);
    }
  });

  it('MaxPoolGrad with NaN and -Infinity in the windows routes the gradient as the CPU backend does', async () => {
    const x: Shape4 = [1, 4, 6, 2];
    const xv = values(x);
    // Window (0,0): all NaN; (0,1): all -Infinity; (0,2): NaN before the max; (1,*): -Infinity mixed in.
    for (const p of [0, 2, 12, 14]) xv[p] = Number.NaN;
    for (const p of [4, 6, 16, 18]) xv[p] = Number.NEGATIVE_INFINITY;
    xv[8] = Number.NaN;
    xv[26] = Number.NEGATIVE_INFINITY;
    xv[36] = Number.NEGATIVE_INFINITY;
    const dyv = values([1, 2, 3, 2]);
    const fn = () =>
      tf
        .engine()
        .runKernel(
          'MaxPoolGrad',
          { dy: tf.tensor(dyv, [1, 2, 3, 2]), input: tf.tensor(xv, x), output: tf.zeros([1, 2, 3, 2]) },
          { filterSize: 2, strides: 2, pad: 'valid' },
        ) as tf.Tensor;
    expectClose(await on('cpu', fn), await onWasm(fn, true), 'maxPool grad with NaN and -Infinity');
    // The same through the general loop (3x3 windows, stride 1).
    const rv = values([1, 2, 4, 2]);
    const fixed = () =>
      tf
        .engine()
        .runKernel(
          'MaxPoolGrad',
          { dy: tf.tensor(rv, [1, 2, 4, 2]), input: tf.tensor(xv, x), output: tf.zeros([1, 2, 4, 2]) },
          { filterSize: 3, strides: 1, pad: 'valid' },
        ) as tf.Tensor;
    expectClose(await on('cpu', fixed), await onWasm(fixed, true), 'maxPool grad 3x3 with NaN and -Infinity');
  });

  it('Sum over the leading axes (bias gradients), keepDims, axis forms; other reductions delegated', async () => {
    const before = { ...wasmKernelOverrideCalls.Sum };
    const cases: Array<[number[], number | number[], boolean]> = [
      [[64, 24, 24, 20], [0, 1, 2], false],
      [[4, 5, 6, 7], [2, 0, 1], true],
      [[4, 5, 6, 7], [-4, -3, -2], false],
      [[300, 9], 0, false],
      [[300, 9], [0], true],
      [[2, 3, 700], [0, 1], false],
      [[8, 9, 10], [1, 2], false], // not the leading axes: delegated
      [[8, 9, 10], [0], false], // not all leading axes: delegated
    ];
    for (const [shape, axis, keepDims] of cases) {
      const xv = values(shape);
      const fn = () => tf.sum(tf.tensor(xv, shape), axis, keepDims);
      expectClose(await on('cpu', fn), await onWasm(fn), `sum ${shape} axis=${axis} keepDims=${keepDims}`);
    }
    expect(wasmKernelOverrideCalls.Sum.rewritten - before.rewritten).toBe(6);
    expect(wasmKernelOverrideCalls.Sum.delegated - before.delegated).toBeGreaterThanOrEqual(2);
  });

  it('d/dx split into a column correlation and a row overlap-add where valid padding wastes most of the work', async () => {
    const before = wasmKernelPathCalls.inputGradSplit;
    const cases: ConvCase[] = [
      { x: [4, 12, 12, 20], f: [5, 5, 0, 50], strides: [1, 1], dilations: [1, 1], pad: 'valid' }, // LeNet's second layer
      { x: [2, 7, 9, 3], f: [3, 4, 0, 5], strides: [1, 1], dilations: [1, 1], pad: 'valid' },
      { x: [1, 5, 5, 2], f: [5, 5, 0, 3], strides: [1, 1], dilations: [1, 1], pad: 'valid' }, // one output pixel
      {
        x: [2, 9, 8, 4],
        f: [5, 5, 0, 6],
        strides: [1, 1],
        dilations: [1, 1],
        pad: [
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      },
    ];
    for (const c of cases) {
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const xv = values(c.x);
      const fv = values(f);
      const rv = values(outShape(c, false));
      const grad = () =>
        tf.grad((x: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, tf.tensor4d(fv, f), c.strides, c.pad, 'NHWC'), tf.tensor(rv, outShape(c, false)))),
        )(tf.tensor(xv, c.x));
      expectClose(await on('cpu', grad), await onWasm(grad), `conv2d d/dx split ${label(c)}`);
    }
    expect(wasmKernelPathCalls.inputGradSplit - before).toBe(cases.length);
  });

  it('d/dfilter as im2col + one product for 1-3 input channels (strides, padding, dilation)', async () => {
    const before = wasmKernelPathCalls.filterGradIm2col;
    let expected = 0;
    for (let i = 0; i < 24; i++) {
      const dilated = i % 4 === 3;
      const c = makeCase(i + 5000, dilated);
      c.x[3] = 1 + (i % 3);
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const xv = values(c.x);
      const dyShape = outShape(c, false);
      const dyv = values(dyShape);
      const kernel = (filterShape: Shape4, dilations?: Pair) => () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) },
            { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape, ...(dilations ? { dilations } : {}) },
          ) as tf.Tensor;
      let cpu: Run;
      if (dilated) {
        const eff = dilateFilter(new Float32Array(f.reduce((a, b) => a * b, 1)), f, c.dilations).shape;
        cpu = await on('cpu', () => tf.stridedSlice(kernel(eff)(), [0, 0, 0, 0], eff, [c.dilations[0], c.dilations[1], 1, 1]));
      } else {
        cpu = await on('cpu', kernel(f));
      }
      expectClose(cpu, await onWasm(kernel(f, dilated ? c.dilations : undefined), true), `conv2d d/dfilter im2col ${label(c)}`);
      expected++;
    }
    // A first layer of the book CNN's size, at the default thresholds.
    const x: Shape4 = [8, 28, 28, 1];
    const dyShape: Shape4 = [8, 24, 24, 20];
    const xv = values(x);
    const dyv = values(dyShape);
    const fn = () =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x: tf.tensor(xv, x), dy: tf.tensor(dyv, dyShape) },
          { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [5, 5, 1, 20] },
        ) as tf.Tensor;
    expectClose(await on('cpu', fn), await onWasm(fn, true), 'conv2d d/dfilter, first layer 5x5x1x20');
    expected++;
    expect(wasmKernelPathCalls.filterGradIm2col - before).toBe(expected);
  });
});

describe('small float32 arithmetic in JavaScript (the threaded build), CPU vs WASM', () => {
  const OPS = {
    Add: (a: tf.Tensor, b: tf.Tensor) => tf.add(a, b),
    Sub: (a: tf.Tensor, b: tf.Tensor) => tf.sub(a, b),
    Multiply: (a: tf.Tensor, b: tf.Tensor) => tf.mul(a, b),
    RealDiv: (a: tf.Tensor, b: tf.Tensor) => tf.div(a, b),
  };
  // Same shapes, a scalar on either side, a bias row, a column, two-sided and rank-0 broadcasts.
  const PAIRS: Array<[number[], number[]]> = [
    [
      [64, 10],
      [64, 10],
    ],
    [[64, 10], []],
    [[], [5, 7]],
    [[64, 24, 20], [20]],
    [
      [64, 10],
      [64, 1],
    ],
    [
      [2, 1, 3],
      [1, 4, 1],
    ],
    [
      [3, 1],
      [1, 1, 4],
    ],
    [[], []],
    [[1, 6], [6]],
  ];
  /** Values with the awkward ones mixed in: signed zeros, infinities, NaN, tiny and huge numbers. */
  const awkward = (shape: number[]) => {
    const v = values(shape);
    const specials = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1e-38, 3e38, -7.5];
    for (let i = 0; i < v.length; i += 3) v[i] = specials[(i / 3) % specials.length] as number;
    return v;
  };

  afterAll(() => setSmallOpsMode('threads'));

  it("every op x broadcast pair gives the CPU backend's numbers bit for bit, through the loops", async () => {
    for (const [name, op] of Object.entries(OPS)) {
      for (const [sa, sb] of PAIRS) {
        const a = awkward(sa);
        const b = awkward(sb);
        const fn = () => op(tf.tensor(a, sa), tf.tensor(b, sb));
        const cpu = await on('cpu', fn);
        setSmallOpsMode('always');
        const before = smallOpCalls.js;
        const wasm = await on('wasm', fn);
        expect(smallOpCalls.js - before, `${name} ${JSON.stringify([sa, sb])} ran in JavaScript`).toBe(1);
        expect(wasm.shapes, name).toEqual(cpu.shapes);
        // Object.is: NaN equals NaN, and -0 differs from 0.
        const ref = cpu.data[0] as Float32Array;
        const got = wasm.data[0] as Float32Array;
        for (let i = 0; i < ref.length; i++)
          if (!Object.is(ref[i], got[i])) expect(got[i], `${name} ${JSON.stringify([sa, sb])} at ${i}`).toBe(ref[i]);
      }
    }
  });

  it('hands large outputs, other dtypes, mismatched shapes and the one-thread build to the WASM kernels', async () => {
    setSmallOpsMode('always');
    await tf.setBackend('wasm');
    let before = smallOpCalls.delegated;
    tf.tidy(() => {
      tf.add(tf.ones([SMALL_OP_MAX_ELEMENTS + 1]), tf.ones([SMALL_OP_MAX_ELEMENTS + 1])).dataSync();
      tf.mul(tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 4], 'int32')).dataSync();
    });
    expect(smallOpCalls.delegated - before).toBe(2);
    expect(() => tf.tidy(() => tf.sub(tf.ones([2, 3]), tf.ones([4])))).toThrow();
    // In Node the WASM backend runs on one thread: by default nothing runs in JavaScript.
    setSmallOpsMode('threads');
    before = smallOpCalls.js;
    tf.tidy(() => tf.div(tf.ones([4, 4]), tf.scalar(2)).dataSync());
    expect(smallOpCalls.js).toBe(before);
  });
});

describe('gather gradient (UnsortedSegmentSum)', () => {
  it('matches CPU, with repeated and out-of-range ids', async () => {
    const xv = values([6, 2, 3]);
    const ids = [3, -1, 0, 3, 7, 1];
    const fn = () => [
      tf.unsortedSegmentSum(tf.tensor(xv, [6, 2, 3]), tf.tensor1d(ids, 'int32'), 5),
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tf.tensor1d([0, 2, 2, 4, 0], 'int32')), tf.tensor(xv.subarray(0, 15), [5, 3]))))(
        tf.ones([5, 3]),
      ),
    ];
    expectClose(await on('cpu', fn), await on('wasm', fn), 'unsortedSegmentSum');
  });
});

/** Three classes of 12x12 images: a horizontal bar, a vertical bar, a diagonal; plus noise. */
function makeData(n: number): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(n * 144);
  const y = new Float32Array(n * 3);
  for (let s = 0; s < n; s++) {
    const cls = s % 3;
    const at = int(2, 9);
    for (let p = 0; p < 144; p++) {
      const r = Math.floor(p / 12);
      const q = p % 12;
      const on = cls === 0 ? r === at : cls === 1 ? q === at : Math.abs(r - q) <= 0;
      x[s * 144 + p] = (on ? 1 : 0) + (rng() - 0.5) * 0.3;
    }
    y[s * 3 + cls] = 1;
  }
  return { x, y };
}

function briefModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }),
      tf.layers.batchNormalization(),
      tf.layers.leakyReLU({ alpha: 0.1 }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

/** LeNet's shape in small: a one-channel first layer (im2col filter gradient), a valid conv on a small map (split d/dx), 2x2 pools. */
function lenetModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 6, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

/** The other layers in the list: depthwise / separable conv, average pooling, dropout, flatten. */
function depthwiseModel(dropout: boolean): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.averagePooling2d({ poolSize: 2 }),
      tf.layers.separableConv2d({ filters: 6, kernelSize: 2, padding: 'valid' }),
      tf.layers.batchNormalization(),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      ...(dropout ? [tf.layers.dropout({ rate: 0.25 })] : []),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

describe('training on WASM', () => {
  beforeAll(() => void tf.env().set('IS_TEST', false));

  it('whole-model gradients match CPU (conv, LeNet-like, depthwise, separable, pools, batch norm, leakyReLU, dense)', async () => {
    const data = makeData(12);
    for (const build of [briefModel, lenetModel, () => depthwiseModel(false)]) {
      await tf.setBackend('cpu');
      const ref = build();
      const weights = ref.getWeights().map((w) => ({ vals: w.dataSync().slice(), shape: w.shape }));
      ref.dispose();
      const grads = () => {
        const model = build();
        model.setWeights(weights.map((w) => tf.tensor(w.vals, w.shape)));
        const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const xs = tf.tensor4d(data.x, [12, 12, 12, 1]);
        const ys = tf.tensor2d(data.y, [12, 3]);
        const { value, grads: g } = tf.variableGrads(
          () => tf.metrics.categoricalCrossentropy(ys, model.apply(xs, { training: true }) as tf.Tensor).mean() as tf.Scalar,
          vars,
        );
        const out = [value, ...vars.map((v) => g[v.name])];
        // Variables live outside tidy; copy the results out before the model goes.
        const kept = out.map((t) => (t as tf.Tensor).clone());
        model.dispose();
        return kept;
      };
      expectClose(await on('cpu', grads), await on('wasm', grads), `model ${build.name || 'depthwise'}`, 1e-4, worstModel);
    }
  });

  for (const [name, build] of [
    ['the brief conv net', briefModel],
    ['a depthwise / separable / avg-pool / dropout net', () => depthwiseModel(true)],
  ] as const) {
    it(`model.fit decreases the loss of ${name} and keeps tf.memory().numTensors flat`, async () => {
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const data = makeData(48);
      const model = build();
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      const xs = tf.tensor4d(data.x, [48, 12, 12, 1]);
      const ys = tf.tensor2d(data.y, [48, 3]);
      const perEpoch: number[][] = [];
      const started = performance.now();
      try {
        const history = await model.fit(xs, ys, {
          epochs: 6,
          batchSize: 16,
          shuffle: true,
          verbose: 0,
          callbacks: {
            onEpochBegin: async () => void perEpoch.push([]),
            onBatchEnd: async () => void perEpoch[perEpoch.length - 1]?.push(tf.memory().numTensors),
          },
        });
        const ms = performance.now() - started;
        const losses = history.history.loss as number[];
        const steps = perEpoch.flat().length;
        console.log(`[wasm-kernels] ${name}: ${steps} fit steps in ${ms.toFixed(0)} ms, loss ${losses.map((l) => l.toFixed(3)).join(' -> ')}`);
        expect(tf.getBackend()).toBe('wasm');
        expect(losses.every(Number.isFinite)).toBe(true);
        expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) * 0.9);
        // Adam creates its slots on step 1; after that no step may leave a tensor behind. (model.fit
        // itself holds one tensor per finished epoch until it returns, on the CPU backend too, so
        // compare steps within an epoch.)
        perEpoch[0]?.shift();
        for (const counts of perEpoch) expect(new Set(counts).size, `tensor counts per step: ${JSON.stringify(perEpoch)}`).toBe(1);
        // And plain steps outside fit: exactly flat.
        const counts: number[] = [];
        for (let i = 0; i < 4; i++) {
          await model.trainOnBatch(xs, ys);
          counts.push(tf.memory().numTensors);
        }
        expect(new Set(counts).size, `trainOnBatch tensor counts: ${counts}`).toBe(1);
      } finally {
        tf.dispose([xs, ys]);
        model.dispose();
        model.optimizer.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('leaves no tensors behind overall', async () => {
    await tf.setBackend('wasm');
    expect(tf.memory().numTensors).toBe(initialTensors);
  });
});
