// How does the batch size change the speed and the memory of training? We time training steps
// with 1, 2, 4, … images on this device, and measure how much memory each step needs on top of
// the weights: the activations kept for the backward pass grow in step with the batch.
import * as tf from '@tensorflow/tfjs';
import { architecture, backends, log, nextFrame, param, plot, progress, table } from 'playground';

const which = param('network', 'small-vgg');
const maxBatch = Number(param('maxBatch', '128'));
const secondsEach = param('seconds', 1);
const seed = param('seed', 1);

// The same two networks as the profiler, described as data so their arithmetic can be counted.
const SMALL_VGG: architecture.Architecture = {
  name: 'small VGG',
  input: [32, 32, 3],
  layers: [
    { kind: 'conv', name: 'conv1', filters: 16, kernel: 3, padding: 'same' },
    { kind: 'conv', name: 'conv2', filters: 16, kernel: 3, padding: 'same' },
    { kind: 'pool', name: 'pool1', size: 2 },
    { kind: 'conv', name: 'conv3', filters: 32, kernel: 3, padding: 'same' },
    { kind: 'conv', name: 'conv4', filters: 32, kernel: 3, padding: 'same' },
    { kind: 'pool', name: 'pool2', size: 2 },
    { kind: 'conv', name: 'conv5', filters: 64, kernel: 3, padding: 'same' },
    { kind: 'pool', name: 'pool3', size: 2 },
    { kind: 'dense', name: 'dense1', units: 128 },
    { kind: 'dense', name: 'dense2', units: 10 },
  ],
};
const net = which === 'book-cnn' ? architecture.BOOK_CNN : SMALL_VGG;

// Arithmetic: the values every layer outputs for one image (ReLU outputs counted with their layer).
const layerOutputs = architecture.costs(net).reduce((n, r) => n + r.output[0] * r.output[1] * r.output[2], 0);
const MB = 2 ** 20;

const sizes: number[] = [];
for (let b = 1; b <= maxBatch; b *= 2) sizes.push(b);
log(`${net.name} on ${backends.current()}: batches of ${sizes.join(', ')}; about ${secondsEach} s of training steps each.`);

interface Result {
  batch: number;
  imagesPerSecond: number;
  msPerStep: number;
  stepMB: number;
}
const results: Result[] = [];
const speed = plot;
const bar = progress('Batch sizes', sizes.length);
const weights = architecture.build(net, { seed });
const optimizer = tf.train.sgd(0.01);
const classes = 10;

for (const [i, b] of sizes.entries()) {
  const images = tf.randomNormal([b, ...net.input], 0, 1, 'float32', seed) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([b], 0, classes, 'int32', seed) as tf.Tensor1D, classes));
  const step = () => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, weights.apply(images)) as tf.Scalar, false, weights.variables);
  // GPU backends queue work: reading one weight waits until the step's update has really run.
  const finished = async () => {
    const probe = tf.tidy(() => tf.slice(tf.reshape(weights.variables.at(-1)!, [-1]), 0, 1));
    await probe.data();
    probe.dispose();
  };

  // Memory: the engine's peak during one step, beyond what existed before it (weights, images).
  const before = tf.memory().numBytes;
  const profile = await tf.profile(() => {
    step();
  });
  await finished();
  const stepMB = Math.max(0, profile.peakBytes - before) / MB;

  // Speed: steps back to back for about `secondsEach` seconds (at least two steps).
  let steps = 0;
  const start = performance.now();
  while (steps < 2 || performance.now() - start < secondsEach * 1000) {
    step();
    await finished();
    steps++;
    await nextFrame();
  }
  const ms = (performance.now() - start) / steps;
  results.push({ batch: b, imagesPerSecond: (1000 * b) / ms, msPerStep: ms, stepMB });
  tf.dispose([images, labels]);
  bar.set(i + 1);
}
weights.dispose();
optimizer.dispose();

table(
  results.map((r) => ({
    batch: r.batch,
    'images / s': r.imagesPerSecond.toPrecision(3),
    'ms per step': r.msPerStep.toPrecision(3),
    'memory of one step (MB)': r.stepMB.toFixed(2),
    'layer outputs (MB, arithmetic)': ((r.batch * layerOutputs * 4) / MB).toFixed(2),
  })),
  `${net.name}: training steps on ${backends.current()}`,
);
speed.lines(
  `Images per second, ${net.name} on ${backends.current()}`,
  { [backends.current()]: results.map((r) => [r.batch, r.imagesPerSecond]) },
  { xLabel: 'images per batch (log scale)', yLabel: 'images / s', xScale: 'log', compare: true, description: 'Training images per second at each batch size.' },
);
plot.lines(
  `Memory of one training step, ${net.name}`,
  {
    'measured peak beyond weights and images': results.map((r) => [r.batch, r.stepMB]),
    'layer outputs alone (arithmetic)': results.map((r) => [r.batch, (r.batch * layerOutputs * 4) / MB]),
  },
  { xLabel: 'images per batch (log scale)', yLabel: 'MB', xScale: 'log', yScale: 'log', description: 'Megabytes one training step needs at each batch size, measured and by arithmetic.' },
);

// The slope of memory against batch is the memory one more image costs.
const [small, large] = [results[0]!, results.at(-1)!];
const perImage = (large.stepMB - small.stepMB) / (large.batch - small.batch);
const fastest = results.reduce((a, r) => (r.imagesPerSecond > a.imagesPerSecond ? r : a));
log(
  `Each extra image costs ${(perImage * 1024).toFixed(0)} KB per step, ${(perImage / ((layerOutputs * 4) / MB)).toFixed(1)} times its layer outputs ` +
    `(${((layerOutputs * 4) / 1024).toFixed(0)} KB). Speed: ${small.imagesPerSecond.toFixed(0)} images/s one at a time, ` +
    `${fastest.imagesPerSecond.toFixed(0)} at best (batch ${fastest.batch}), ${(fastest.imagesPerSecond / small.imagesPerSecond).toFixed(1)} times as many.`,
);
