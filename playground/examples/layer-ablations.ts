// Which layers does a small digit classifier need? Train four versions of the same two-layer CNN
// on the same MNIST digits, in the same order, from the same seed, and compare their parameters
// and their accuracy on digits they never saw:
//   pooling + dense head       conv → 2×2 max pool → conv → 2×2 max pool → fully connected to 10
//   no pooling + dense head    the same without the poolings: the dense layer sees 28×28 maps
//   strided conv + dense head  the poolings replaced by convolutions with stride 2 (Springenberg et al. 2015)
//   pooling + global average   the fully connected layer replaced by a 1×1 convolution to 10 maps,
//                              each averaged to one score (Lin et al. 2014)
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const steps = param('steps', 150);
const filters = param('filters', 16); // in the second convolution; the first has half as many
const BATCH = 32;
const TRAIN = 2048;

// ---- data ----------------------------------------------------------------------------------------
const mnist = await data.mnist({ trainLimit: TRAIN, splits: ['train', 'validation'] });
const [probeX, probeY] = tf.tidy(() => [mnist.validation.xs.slice(0, 500), mnist.validation.ys.slice(0, 500)]);

// ---- models --------------------------------------------------------------------------------------
const conv = (f: number, strides = 1, inputShape?: number[]) =>
  tf.layers.conv2d({ filters: f, kernelSize: 3, strides, padding: 'same', activation: 'relu', ...(inputShape ? { inputShape } : {}) });
const pool = () => tf.layers.maxPooling2d({ poolSize: 2 });
const denseHead = () => [tf.layers.flatten(), tf.layers.dense({ units: 10, activation: 'softmax' })];
const input = [28, 28, 1];
const half = Math.max(1, Math.round(filters / 2));

const designs: Record<string, () => tf.layers.Layer[]> = {
  'pooling + dense head': () => [conv(half, 1, input), pool(), conv(filters), pool(), ...denseHead()],
  'no pooling + dense head': () => [conv(half, 1, input), conv(filters), ...denseHead()],
  'strided conv + dense head': () => [conv(half, 2, input), conv(filters, 2), ...denseHead()],
  'pooling + global average': () => [
    conv(half, 1, input),
    pool(),
    conv(filters),
    pool(),
    tf.layers.conv2d({ filters: 10, kernelSize: 1 }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.activation({ activation: 'softmax' }),
  ],
};
const names = Object.keys(designs);
const models = names.map((name) => {
  const model = tf.sequential({ layers: designs[name]!() });
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
});
/** Parameters of the layers after the last convolution that sees neighbours: the "head". */
const headParams = (m: tf.LayersModel) =>
  m.layers
    .filter((l) => l instanceof tf.layers.Layer && (l.getClassName() === 'Dense' || (l.getClassName() === 'Conv2D' && (l.getConfig().kernelSize as number[])[0] === 1)))
    .reduce((n, l) => n + l.countParams(), 0);

const accuracy = (m: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor) =>
  tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(m.predict(xs) as tf.Tensor, 1), tf.argMax(ys, 1)), 'float32')).dataSync()[0]!);

// ---- train all four on the same batches -----------------------------------------------------------
const curve = chart('Accuracy on 500 validation digits', { series: names, xLabel: 'training step', yLabel: 'accuracy', yDomain: [0, 1] });
const bar = progress('Training four networks', steps);
const seconds = names.map(() => 0);
let step = 0;
let epoch = 0;
while (step < steps) {
  for (const { xs, ys } of mnist.batches('train', BATCH, epoch)) {
    if (step >= steps) {
      tf.dispose([xs, ys]);
      break;
    }
    step++;
    for (const [i, m] of models.entries()) {
      const started = performance.now();
      await m.trainOnBatch(xs, ys);
      seconds[i] += (performance.now() - started) / 1000;
    }
    tf.dispose([xs, ys]);
    if (step % 25 === 0 || step === steps) curve.push(step, Object.fromEntries(names.map((n, i) => [n, accuracy(models[i]!, probeX, probeY)])));
    bar.tick();
    await nextFrame();
  }
  epoch++;
}

// ---- compare ------------------------------------------------------------------------------------
const results = names.map((name, i) => ({
  name,
  params: models[i]!.countParams(),
  head: headParams(models[i]!),
  accuracy: accuracy(models[i]!, mnist.validation.xs, mnist.validation.ys),
  seconds: seconds[i]!,
}));
table(
  results.map((r) => ({
    network: r.name,
    parameters: r.params.toLocaleString('en-US'),
    'of which in the head': r.head.toLocaleString('en-US'),
    'validation accuracy': `${(100 * r.accuracy).toFixed(1)} %`,
    'training time (s)': r.seconds.toFixed(1),
  })),
  `After ${steps} steps of ${BATCH} digits, accuracy on all ${mnist.validation.count} validation digits`,
);
plot.bars('Parameters', Object.fromEntries(results.map((r) => [r.name, r.params])), {
  yLabel: 'parameters',
  compare: true,
  description: 'Number of parameters of each of the four networks.',
});
plot.bars('Validation accuracy', Object.fromEntries(results.map((r) => [r.name, r.accuracy])), {
  yLabel: 'accuracy',
  yDomain: [0, 1],
  compare: true,
  description: 'Accuracy of each network on the validation digits after training.',
});
const best = results.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
log(`Most accurate: ${best.name} (${(100 * best.accuracy).toFixed(1)} %).`);
for (const r of results) log(`${r.name}: ${r.params.toLocaleString('en-US')} parameters, ${(100 * r.accuracy).toFixed(1)} %.`);

tf.dispose([probeX, probeY]);
for (const m of models) {
  m.optimizer.dispose();
  m.dispose();
}
mnist.dispose();
