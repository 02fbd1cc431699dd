/**
 * Before/after timings for the WASM kernel overrides in playground/runtime/wasm-kernels.ts
 * (Conv2DBackpropInput and BatchMatMul), on the WASM backend in Node.
 *
 *   npx tsx scripts/bench-wasm-kernels.ts            # kernels, a small training step, Tiny Darknet
 *   npx tsx scripts/bench-wasm-kernels.ts --reps 9   # more repetitions (default 5)
 *   npx tsx scripts/bench-wasm-kernels.ts --sweep    # also the small sizes behind the thresholds
 *
 * "before" runs the original WASM kernels (setWasmKernelOverrides(false)), "after" the overrides,
 * in the same process on the same tensors. Each number is the median of --reps timed runs after
 * two warm-up runs, read back with dataSync so the work is really done; before and after
 * alternate rep by rep, so a machine that gets busier or quieter affects both alike. The
 * Tiny Darknet part (the gradient w.r.t. the image at DeepDream's three octave sizes, plus the
 * 3 x 10-step schedule run once each way) needs the local copy (scripts/local-darknet.ts) and is
 * skipped without it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, setWasmKernelOverrides } from '../playground/runtime/wasm-kernels.ts';
import { hasTinyDarknet, LOCAL_TINY_DARKNET, loadLocalTinyDarknet } from './local-darknet.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const REPS = Math.max(1, Number(args[args.indexOf('--reps') + 1]) || 5);

type Shape4 = [number, number, number, number];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

/** Median ms of fn with the overrides off and on, interleaved; results are read back and disposed. */
function compare(fn: () => tf.Tensor | tf.Tensor[], reps = REPS): { before: number; after: number } {
  const once = (on: boolean) => {
    setWasmKernelOverrides(on);
    const t0 = performance.now();
    const out = tf.tidy(fn);
    for (const t of Array.isArray(out) ? out : [out]) t.dataSync();
    const ms = performance.now() - t0;
    tf.dispose(out);
    return ms;
  };
  for (let i = 0; i < 2; i++) {
    once(false);
    once(true);
  }
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < reps; i++) {
    before.push(once(false));
    after.push(once(true));
  }
  setWasmKernelOverrides(true);
  return { before: median(before), after: median(after) };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)).padStart(7);

function report(label: string, r: { before: number; after: number }): void {
  console.log(`${label.padEnd(58)} ${fmt(r.before)} ms -> ${fmt(r.after)} ms   x${(r.before / r.after).toFixed(2)}`);
}

function randn(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

function benchConvInput(x: Shape4, f: Shape4, strides: number | [number, number], pad: 'same' | 'valid', reps = REPS): void {
  const info = tf.backend_util.computeConv2DInfo(x, f, strides, 1, pad);
  const dy = randn(info.outShape, 1);
  const filter = randn(f, 2);
  const r = compare(
    () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { strides, pad, dataFormat: 'NHWC', inputShape: x }) as tf.Tensor,
    reps,
  );
  report(`Conv2DBackpropInput x=[${x}] f=[${f.slice(0, 2).join('x')}, ${f[2]}->${f[3]}] s=${strides} ${pad}`, r);
  tf.dispose([dy, filter]);
}

function benchMatMul(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean, reps = REPS): void {
  const a = randn(aShape, 3);
  const b = randn(bShape, 4);
  const r = compare(() => tf.matMul(a, b, transposeA, transposeB), reps);
  const t = (yes: boolean) => (yes ? 'ᵀ' : '');
  report(`BatchMatMul [${aShape}]${t(transposeA)} x [${bShape}]${t(transposeB)}`, r);
  tf.dispose([a, b]);
}

/** One training step's gradients of a small conv + dense classifier (batch 64, 28x28x1). */
function benchTrainStep(): void {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 16,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
  const xs = randn([64, 28, 28, 1], 5);
  const ys = tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 64 }, (_, i) => i % 10),
        'int32',
      ),
      10,
    ),
  );
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const r = compare(() => {
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar, vars);
    return [value, ...Object.values(grads)];
  });
  report('training step grads: conv16, conv32/2, dense128, dense10, b=64', r);
  tf.dispose([xs, ys]);
  model.dispose();
}

async function benchDarknet(): Promise<void> {
  if (!hasTinyDarknet) {
    console.log(`(Tiny Darknet skipped: no local copy in ${LOCAL_TINY_DARKNET})`);
    return;
  }
  const darknet = await loadLocalTinyDarknet();
  const model = darknet.withInputSize(null, null);
  const layer = 'leaky_re_lu_8';
  const features = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
  const gradAt = (size: number) => {
    const image = tf.randomUniform([1, size, size, 3], 0, 1, 'float32', 7);
    const g = tf.grad((x: tf.Tensor) => tf.mean(features.apply(x) as tf.Tensor));
    return { image, step: () => g(image) };
  };
  // DeepDream's schedule: 3 octaves (scale 1.4: 114, 160, 224 px) x 10 gradient steps.
  const runs = [114, 160, 224].map(gradAt);
  const perStep = runs.map(({ image, step }) => {
    const r = compare(step);
    report(`Tiny Darknet: tf.grad(mean ${layer}) w.r.t. a ${image.shape[1]}x${image.shape[2]} image`, r);
    return r;
  });
  const tenEach = (k: 'before' | 'after') => 10 * perStep.reduce((sum, r) => sum + r[k], 0);
  report('  3 octaves x 10 steps: 10 x the three medians above', { before: tenEach('before'), after: tenEach('after') });
  const sequence = (on: boolean) => {
    setWasmKernelOverrides(on);
    const t0 = performance.now();
    for (const { step } of runs) {
      for (let i = 0; i < 10; i++) {
        const g = step();
        g.dataSync();
        g.dispose();
      }
    }
    setWasmKernelOverrides(true);
    return performance.now() - t0;
  };
  report('  3 octaves x 10 steps, run once each way', { before: sequence(false), after: sequence(true) });
  tf.dispose(runs.map((r) => r.image));
  darknet.dispose();
}

registerWasmTrainingKernels();
if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not start');
console.log(
  `WASM backend, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}; median of ${REPS} runs\n`,
);
const tensorsBefore = tf.memory().numTensors;

benchConvInput([64, 26, 26, 32], [3, 3, 32, 64], 1, 'valid');
benchConvInput([1, 224, 224, 3], [3, 3, 3, 16], 1, 'same');
benchConvInput([1, 112, 112, 16], [3, 3, 16, 32], 1, 'same');
benchConvInput([1, 56, 56, 16], [3, 3, 16, 128], 1, 'same');
benchConvInput([1, 14, 14, 64], [3, 3, 64, 512], 1, 'same');
benchConvInput([1, 14, 14, 128], [1, 1, 128, 1000], 1, 'same');
benchConvInput([64, 26, 26, 16], [3, 3, 16, 32], 2, 'valid');
benchConvInput([32, 32, 32, 16], [3, 3, 16, 32], 2, 'same');
benchConvInput([16, 32, 32, 32], [5, 5, 32, 32], 2, 'same');
benchMatMul([64, 1024], [64, 128], true, false);
benchMatMul([64, 128], [1024, 128], false, true);
benchMatMul([784, 64], [64, 128], false, false);
benchMatMul([64, 784], [64, 128], true, false);
benchMatMul([128, 128], [128, 128], true, true);
benchMatMul([8, 256, 64], [64, 128], false, false);
benchMatMul([8, 256, 64], [8, 64, 128], false, false);
benchMatMul([32, 64, 64], [32, 64, 64], true, false);
benchMatMul([2, 256, 256], [2, 256, 256], false, true);
benchTrainStep();

if (flag('sweep')) {
  console.log('\nsmall sizes (where the overrides hand back to the original kernels):');
  for (const c of [2, 4, 8, 16]) benchConvInput([4, 12, 12, c], [3, 3, c, c], 1, 'same', REPS * 3);
  for (const c of [4, 8, 16, 32]) benchConvInput([8, 16, 16, c], [3, 3, c, c], 2, 'same', REPS * 3);
  for (const d of [12, 16, 24, 32, 48]) benchMatMul([d, d], [d, d], true, false, REPS * 3);
  for (const d of [8, 12, 16, 24, 32]) benchMatMul([16, d, d], [16, d, d], false, false, REPS * 3);
}

await benchDarknet();
if (tf.memory().numTensors !== tensorsBefore) throw new Error(`leaked ${tf.memory().numTensors - tensorsBefore} tensors`);
