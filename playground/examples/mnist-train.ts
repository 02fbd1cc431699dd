// Train the book's CNN on handwritten digits here, and time how long this device takes to reach
// 98 % accuracy on 1,000 test digits it never trains on. 8,000 training digits are shown in
// mini-batches; every 25 steps the clock pauses while we test. Try more epochs, another learning
// rate or batch size, or another backend in the menu above.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const EPOCHS = Math.round(param('epochs', 3));
const BATCH = Number(param('batchSize', '64'));
const PEAK_RATE = param('learningRate', 0.003);
const TARGET = param('target', 98) / 100;
const STOP_AT_TARGET = param('stopAtTarget', true);
const AUGMENT = param('augment', true);
const TEST_EVERY = 25; // steps

// Data: [n, 28, 28, 1] pixels in 0..1 and one-hot labels.
const mnist = await data.mnist({ splits: ['train', 'test'] });

// The book's CNN: two rounds of 5×5 convolution and 2×2 max pooling, a dense layer of 128 units
// with dropout, and ten outputs. Weights start random (He initialisation, scaled to each layer's
// number of inputs).
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 20, kernelSize: 5, activation: 'relu', kernelInitializer: 'heNormal' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 50, kernelSize: 5, activation: 'relu', kernelInitializer: 'heNormal' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
    tf.layers.dropout({ rate: 0.4 }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
const optimizer = tf.train.adam(PEAK_RATE);
model.compile({ optimizer, loss: 'categoricalCrossentropy' });
log(`The book's CNN: ${model.countParams().toLocaleString('en')} parameters, training on ${tf.getBackend()}.`);

/**
 * New views of the same digits: each image shifted by up to 2 pixels, turned by up to 10° and
 * scaled by up to 10 %, so the network cannot memorise exact pixels.
 */
function augment(images: tf.Tensor4D): tf.Tensor4D {
  const transforms: number[] = [];
  const centre = 13.5;
  for (let i = 0; i < images.shape[0]; i++) {
    const angle = ((Math.random() * 2 - 1) * 10 * Math.PI) / 180;
    const scale = 0.9 + 0.2 * Math.random();
    const [dx, dy] = [(Math.random() * 2 - 1) * 2, (Math.random() * 2 - 1) * 2];
    // tf.image.transform reads each output pixel (x, y) from the input at (a0·x + a1·y + a2, b0·x + b1·y + b2).
    const [c, s] = [Math.cos(angle) / scale, Math.sin(angle) / scale];
    transforms.push(c, -s, centre - c * centre + s * centre + dx, s, c, centre - s * centre - c * centre + dy, 0, 0);
  }
  return tf.tidy(() => tf.image.transform(images, tf.tensor2d(transforms, [images.shape[0], 8]), 'bilinear', 'constant', 0) as tf.Tensor4D);
}

/** Fraction of the test digits classified correctly, and the predictions. */
function testAccuracy(): { accuracy: number; predicted: Int32Array } {
  const predicted = tf.tidy(() => (model.predict(mnist.test.xs) as tf.Tensor).argMax(1).dataSync() as Int32Array);
  const correct = predicted.reduce((n, p, i) => n + (p === mnist.test.labels[i] ? 1 : 0), 0);
  return { accuracy: correct / predicted.length, predicted };
}

// Train: one Adam step per mini-batch. The learning rate falls from its peak to zero along a
// half cosine over the planned steps, so the last steps are small and settle the weights.
const stepsPerEpoch = Math.ceil(mnist.train.count / BATCH);
const totalSteps = EPOCHS * stepsPerEpoch;
const accuracyCurve = chart('Test accuracy against training time', {
  series: ['test accuracy'],
  xLabel: 'seconds of training on this device',
  yDomain: [0.8, 1],
  compare: true,
});
const lossCurve = chart('Training loss', { series: ['loss'], xLabel: 'step', yScale: 'log' });
const bar = progress(`Training (up to ${EPOCHS} epochs of ${stepsPerEpoch} steps)`, totalSteps);
let step = 0;
let trainingMs = 0; // the clock runs only while training, not while testing
let reached: { seconds: number; step: number; accuracy: number } | null = null;
let best = { accuracy: 0, seconds: 0 };
training: for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (const { xs, ys } of mnist.batches('train', BATCH, epoch)) {
    (optimizer as unknown as { learningRate: number }).learningRate = PEAK_RATE * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps));
    const started = performance.now();
    const inputs = AUGMENT ? augment(xs) : xs;
    const loss = (await model.trainOnBatch(inputs, ys)) as number;
    trainingMs += performance.now() - started;
    tf.dispose([xs, ys, inputs]);
    step++;
    lossCurve.push(step, { loss });
    bar.set(step);
    if (step % TEST_EVERY === 0 || step === totalSteps) {
      const { accuracy } = testAccuracy();
      const seconds = trainingMs / 1000;
      accuracyCurve.push(seconds, { 'test accuracy': accuracy });
      if (accuracy > best.accuracy) best = { accuracy, seconds };
      if (!reached && accuracy >= TARGET) {
        reached = { seconds, step, accuracy };
        if (STOP_AT_TARGET) break training;
      }
    }
    await nextFrame();
  }
}
bar.set(totalSteps);

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
if (reached) {
  log(
    `Reached ${pct(reached.accuracy)} test accuracy after ${reached.seconds.toFixed(1)} s of training on ${tf.getBackend()} ` +
      `(step ${reached.step}, ${(reached.step * BATCH).toLocaleString('en')} images, epoch ${Math.ceil(reached.step / stepsPerEpoch)}).`,
  );
} else {
  log(
    `Did not reach ${pct(TARGET)} in ${EPOCHS} epochs (${(trainingMs / 1000).toFixed(1)} s of training on ${tf.getBackend()}); ` +
      `best ${pct(best.accuracy)} after ${best.seconds.toFixed(1)} s. Raise the epochs to train longer.`,
  );
}

// Which digits are still hard?
const { accuracy, predicted } = testAccuracy();
const labels = mnist.test.labels;
table(
  mnist.classes.map((digit, d) => {
    const n = labels.filter((l) => l === d).length;
    const ok = labels.filter((l, i) => l === d && predicted[i] === d).length;
    return { digit, 'test digits': n, correct: ok, accuracy: pct(ok / n) };
  }),
  `Test accuracy per digit at the end: ${pct(accuracy)} after ${step} steps`,
);

mnist.dispose();
model.dispose();
optimizer.dispose();
