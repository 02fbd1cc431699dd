/**
 * The WASM backend's missing gradient kernels (playground/runtime/wasm-kernels.ts) against the
 * CPU backend, which has native ones: random conv / depthwise-conv gradients, the dilated cases
 * TF.js's own gradients refuse (checked kernel to kernel), gather's segment sum, whole-model
 * gradients, and a few model.fit steps on WASM with a flat tensor count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../../playground/runtime/wasm-kernels.ts';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
type Pair = [number, number];
type Shape4 = [number, number, number, number];

/** mulberry32: small, seedable, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = prng(20240611);
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

const worst = { abs: 0, rel: 0, cases: 0 };
const worstModel = { abs: 0, rel: 0, cases: 0 };

/** Max |cpu - wasm| must stay under 1e-4, scaled by the reference magnitude when that is above 1. */
function expectClose(cpu: Run, wasm: Run, label: string, tol = 1e-4, stats = worst): void {
  expect(wasm.shapes, label).toEqual(cpu.shapes);
  cpu.data.forEach((ref, k) => {
    const got = wasm.data[k];
    let scale = 1;
    for (const v of ref) scale = Math.max(scale, Math.abs(v));
    let abs = 0;
    for (let i = 0; i < ref.length; i++) abs = Math.max(abs, Math.abs(ref[i] - got[i]));
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
  const pad: Pad = kind === 4 ? [[0, 0], [int(0, 2), int(0, 2)], [int(0, 2), int(0, 2)], [0, 0]] : kind % 2 === 0 ? 'same' : 'valid';
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
  it('adds exactly the kernels the WASM backend lacks', () => {
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    // Everything else a conv-net training step runs is native.
    for (const name of ['Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad', 'FusedBatchNorm', 'LeakyRelu', 'Prelu', 'Step', 'Select', 'Tile'])
      expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
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
        const g = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) }, {
          strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: eff,
        }) as tf.Tensor4D;
        return tf.stridedSlice(g, [0, 0, 0, 0], eff, [c.dilations[0], c.dilations[1], 1, 1]);
      });
      const wasm = await on('wasm', () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) }, {
          strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: f, dilations: c.dilations,
        }) as tf.Tensor,
      );
      expectClose(cpu, wasm, `conv2d filter ${label(c)}`);
    }
  });

  it('NCHW filter gradient (kernel level)', async () => {
    for (let i = 0; i < 6; i++) {
      const c = makeCase(i, false);
      const f: Shape4 = [c.f[0], c.f[1], c.x[3], c.f[3]];
      const dyNHWC = outShape(c, false);
      const xNCHW: Shape4 = [c.x[0], c.x[3], c.x[1], c.x[2]];
      const dyNCHW: Shape4 = [dyNHWC[0], dyNHWC[3], dyNHWC[1], dyNHWC[2]];
      const xv = values(xNCHW);
      const dyv = values(dyNCHW);
      const fn = () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(xv, xNCHW), dy: tf.tensor(dyv, dyNCHW) }, {
          strides: c.strides, pad: c.pad, dataFormat: 'NCHW', filterShape: f,
        }) as tf.Tensor;
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
        const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, {
          strides: 1, dilations: 1, pad: c.pad, filterShape: dil.shape,
        }) as tf.Tensor4D;
        const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: tf.tensor(dil.vals, dil.shape) }, {
          strides: 1, dilations: 1, pad: c.pad, inputShape: c.x,
        }) as tf.Tensor;
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

  it('whole-model gradients match CPU (conv, depthwise, separable, pools, batch norm, leakyReLU, dense)', async () => {
    const data = makeData(12);
    for (const build of [briefModel, () => depthwiseModel(false)]) {
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
        const kept = out.map((t) => t.clone());
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
            onBatchEnd: async () => void perEpoch[perEpoch.length - 1].push(tf.memory().numTensors),
          },
        });
        const ms = performance.now() - started;
        const losses = history.history.loss as number[];
        const steps = perEpoch.flat().length;
        console.log(`[wasm-kernels] ${name}: ${steps} fit steps in ${ms.toFixed(0)} ms, loss ${losses.map((l) => l.toFixed(3)).join(' -> ')}`);
        expect(tf.getBackend()).toBe('wasm');
        expect(losses.every(Number.isFinite)).toBe(true);
        expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.9);
        // Adam creates its slots on step 1; after that no step may leave a tensor behind. (model.fit
        // itself holds one tensor per finished epoch until it returns, on the CPU backend too, so
        // compare steps within an epoch.)
        perEpoch[0].shift();
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
