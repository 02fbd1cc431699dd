// Train a small CNN on pictures we generate: horizontal bars, vertical bars and crosses.
// Watch the loss fall while it learns. Try changing the filters, the learning rate or the steps.
import * as tf from '@tensorflow/tfjs';
import { chart, log, nextFrame, progress, show, table } from 'playground';

const SIZE = 16;
const CLASSES = ['horizontal', 'vertical', 'cross'];
const STEPS = 60;
const BATCH = 32;

/** One noisy 16×16 picture of the given class, with the bar at a random place. */
function drawExample(label: number): Float32Array {
  const img = new Float32Array(SIZE * SIZE).map(() => Math.random() * 0.3);
  const row = 2 + Math.floor(Math.random() * (SIZE - 4));
  const col = 2 + Math.floor(Math.random() * (SIZE - 4));
  for (let i = 0; i < SIZE; i++) {
    if (label !== 1) img[row * SIZE + i] = 1; // horizontal bar
    if (label !== 0) img[i * SIZE + col] = 1; // vertical bar
  }
  return img;
}

function makeBatch(n: number) {
  const labels = Array.from({ length: n }, () => Math.floor(Math.random() * CLASSES.length));
  const pixels = new Float32Array(n * SIZE * SIZE);
  labels.forEach((l, i) => {
    pixels.set(drawExample(l), i * SIZE * SIZE);
  });
  return { xs: tf.tensor4d(pixels, [n, SIZE, SIZE, 1]), ys: tf.oneHot(labels, CLASSES.length), labels };
}

const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 8, kernelSize: 3, activation: 'relu', padding: 'same' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', padding: 'same' }),
    tf.layers.globalMaxPooling2d({}),
    tf.layers.dense({ units: CLASSES.length, activation: 'softmax' }),
  ],
});
const optimizer = tf.train.adam(0.01);
model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
log(`A CNN with ${model.countParams()} parameters.`);

const sample = makeBatch(1);
await show(sample.xs, { label: 'a training picture', scale: 6 });

const losses = chart('Training loss', { series: ['loss', 'accuracy'], xLabel: 'step' });
const bar = progress('Training', STEPS);
const started = performance.now();
for (let step = 1; step <= STEPS; step++) {
  const { xs, ys } = makeBatch(BATCH);
  const [loss, accuracy] = (await model.trainOnBatch(xs, ys)) as number[];
  xs.dispose();
  ys.dispose();
  losses.push(step, { loss, accuracy });
  bar.tick();
  await nextFrame();
}
const seconds = (performance.now() - started) / 1000;
log(`${STEPS} steps in ${seconds.toFixed(1)} s (${(STEPS / seconds).toFixed(1)} steps/s on ${tf.getBackend()}).`);

// Test on fresh pictures the network has never seen.
const test = makeBatch(300);
const predicted = tf.tidy(() => (model.predict(test.xs) as tf.Tensor).argMax(1).dataSync());
const correct = test.labels.filter((l, i) => predicted[i] === l).length;
table(
  CLASSES.map((name, c) => ({
    class: name,
    examples: test.labels.filter((l) => l === c).length,
    correct: test.labels.filter((l, i) => l === c && predicted[i] === c).length,
  })),
  'Test on 300 new pictures',
);
log(`Test accuracy: ${((100 * correct) / test.labels.length).toFixed(1)} %`);

// Free what this run made (the playground would also do it when the run ends).
tf.dispose([test.xs, test.ys, sample.xs, sample.ys]);
model.dispose();
optimizer.dispose();
