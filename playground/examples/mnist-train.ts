// Train a small CNN on handwritten digits, here in your browser, and watch it learn.
// 8,000 MNIST training digits, shown to the network in mini-batches; then we test it on 1,000
// validation digits it never trained on. Try more epochs, more filters, or another learning rate.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, progress, table } from 'playground';

const EPOCHS = 2;
const BATCH = 64;
const LEARNING_RATE = 0.003;

// Get data: tensors of [n, 28, 28, 1] pixels in 0..1, and one-hot labels [n, 10].
const mnist = await data.mnist({ splits: ['train', 'validation'] });
log(`${mnist.train.count} training and ${mnist.validation.count} validation digits.`);

// Build the model: two rounds of convolution (look for local patterns) and max pooling (keep the
// strongest response in each 2×2 block), then one dense layer that scores the ten digits.
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
const optimizer = tf.train.adam(LEARNING_RATE);
model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
log(`A CNN with ${model.countParams().toLocaleString('en')} parameters.`);

// Train: one step per mini-batch; the loss (how wrong it is) and the accuracy on that batch go
// into the chart as they come.
const stepsPerEpoch = Math.ceil(mnist.train.count / BATCH);
const curve = chart('Training on MNIST', { series: ['loss', 'accuracy'], xLabel: 'step' });
const bar = progress(`Training (${EPOCHS} epochs of ${stepsPerEpoch} batches)`, EPOCHS * stepsPerEpoch);
const started = performance.now();
let step = 0;
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  // A new, reproducible shuffle each epoch.
  for (const { xs, ys } of mnist.batches('train', BATCH, epoch)) {
    const [loss, accuracy] = (await model.trainOnBatch(xs, ys)) as number[];
    tf.dispose([xs, ys]);
    curve.push(++step, { loss, accuracy });
    bar.tick();
    await nextFrame();
  }
}
const seconds = (performance.now() - started) / 1000;
log(`${step} steps in ${seconds.toFixed(1)} s (${(step / seconds).toFixed(1)} steps/s on ${tf.getBackend()}).`);

// Validate: digits it never trained on tell whether it learned digits or memorised examples.
const predicted = tf.tidy(() => (model.predict(mnist.validation.xs) as tf.Tensor).argMax(1).dataSync());
const labels = mnist.validation.labels;
const correct = labels.filter((l, i) => predicted[i] === l).length;
table(
  mnist.classes.map((digit, d) => {
    const n = labels.filter((l) => l === d).length;
    const ok = labels.filter((l, i) => l === d && predicted[i] === d).length;
    return { digit, examples: n, correct: ok, accuracy: `${((100 * ok) / n).toFixed(1)} %` };
  }),
  'Validation, per digit',
);
log(`Validation accuracy: ${((100 * correct) / labels.length).toFixed(1)} % (chance: 10 %).`);

mnist.dispose();
model.dispose();
optimizer.dispose();
