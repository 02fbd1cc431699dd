// Regularization lab. A network with far more weights than training digits can learn every
// training digit by heart, wrong labels included, and then misread new digits. Switch on one
// restraint at a time and run again: every run stays on the charts, named after what changed.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, showGrid, table } from 'playground';

setSeed(param('seed', 1));
const TRAIN_SIZE = param('trainSize', 500); // training digits (the rest of the 8,000 stay unused)
const WRONG_LABELS = param('wrongLabels', 20) / 100; // share of training digits given a wrong label
const EPOCHS = param('epochs', 30); // passes through the training digits
const L2 = param('l2', 0); // weight penalty λ·Σw² (weight decay)
const L1 = param('l1', 0); // weight penalty λ·Σ|w|
const DROPOUT = param('dropout', 0); // share of hidden units silenced at each step
const SHIFT = param('shift', 0); // augmentation: random shift of up to this many pixels
const ROTATE = param('rotate', 0); // augmentation: random rotation of up to this many degrees
const SMOOTHING = param('labelSmoothing', 0); // share of each target spread over all ten digits
const EARLY_STOPPING = param('earlyStopping', false); // stop when validation loss stops improving
const BATCH_NORM = param('batchNorm', false); // normalise each hidden layer over the mini-batch
const HIDDEN = 128; // units in each of the two hidden layers
const BATCH = 50;
const PATIENCE = 5; // epochs without a new best validation loss before early stopping
const PIXELS = 28 * 28;

// ---- Data: a few hundred digits to learn from, 1,000 to watch (validation), 1,000 to judge (test).
const mnist = await data.mnist({ trainLimit: TRAIN_SIZE });
const n = mnist.train.count;
const trueLabels = mnist.train.labels;
// Label noise: a random share of the training digits get another digit's name, as a careless
// annotator would give them.
const wrong = Math.round(WRONG_LABELS * n);
const labels = Int32Array.from(trueLabels);
for (const i of tf.util.createShuffledIndices(n).subarray(0, wrong)) labels[i] = (labels[i]! + 1 + Math.floor(Math.random() * 9)) % 10;
const trainYs = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat());
const trueYs = mnist.train.ys;

// ---- Augmentation: every time a digit is shown, shift and rotate it a little at random, so the
// network never sees exactly the same picture twice. For each output pixel, find where it comes
// from in the original and interpolate between the four nearest pixels.
function augment(digits: Float32Array): Float32Array {
  const out = new Float32Array(digits.length);
  const c = 13.5; // the centre of a 28×28 picture
  for (let k = 0; k < digits.length / PIXELS; k++) {
    const angle = (((Math.random() * 2 - 1) * ROTATE) / 180) * Math.PI;
    const dx = (Math.random() * 2 - 1) * SHIFT;
    const dy = (Math.random() * 2 - 1) * SHIFT;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const [u, v] = [x - c - dx, y - c - dy];
        out[k * PIXELS + y * 28 + x] = bilinear(digits, k * PIXELS, cos * u + sin * v + c, -sin * u + cos * v + c);
      }
    }
  }
  return out;
}

/** The picture at `offset` sampled at a fractional position (black outside the frame). */
function bilinear(digits: Float32Array, offset: number, x: number, y: number): number {
  const [x0, y0] = [Math.floor(x), Math.floor(y)];
  const [fx, fy] = [x - x0, y - y0];
  const at = (xx: number, yy: number) => (xx >= 0 && xx < 28 && yy >= 0 && yy < 28 ? digits[offset + yy * 28 + xx]! : 0);
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}

const augmenting = SHIFT > 0 || ROTATE > 0;
const pixelsOf = (indices: ArrayLike<number>) => {
  const out = new Float32Array(indices.length * PIXELS);
  for (let k = 0; k < indices.length; k++) {
    for (let p = 0; p < PIXELS; p++) out[k * PIXELS + p] = mnist.train.pixels[indices[k]! * PIXELS + p]! / 255;
  }
  return augmenting ? augment(out) : out;
};

/** Mini-batches in a new random order each epoch, augmented if asked. */
function* batches(): Generator<{ xs: tf.Tensor; ys: tf.Tensor }> {
  const order = tf.util.createShuffledIndices(n);
  for (let start = 0; start < n; start += BATCH) {
    const idx = Array.from(order.subarray(start, Math.min(n, start + BATCH)));
    yield { xs: tf.tensor4d(pixelsOf(idx), [idx.length, 28, 28, 1]), ys: tf.tidy(() => tf.gather(trainYs, idx)) };
  }
}

if (augmenting) {
  const copies = Array.from({ length: 8 }, () => tf.tensor2d(pixelsOf([0]), [28, 28]));
  await showGrid(copies, { title: 'One training digit as the network sees it on eight visits', normalize: false });
  tf.dispose(copies);
}

// ---- Model: 784 pixels → 128 → 128 → 10 scores, every unit connected to every one before it.
function hiddenLayer(): tf.layers.Layer[] {
  return [
    tf.layers.dense({ units: HIDDEN, useBias: !BATCH_NORM }),
    ...(BATCH_NORM ? [tf.layers.batchNormalization()] : []),
    tf.layers.reLU(),
    ...(DROPOUT > 0 ? [tf.layers.dropout({ rate: DROPOUT })] : []),
  ];
}
const model = tf.sequential({
  layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), ...hiddenLayer(), ...hiddenLayer(), tf.layers.dense({ units: 10 })],
});
const kernels = model.trainableWeights.filter((w) => w.name.includes('kernel')).map((w) => w.read());
const optimizer = tf.train.adam(0.001);
log(
  `${model.countParams().toLocaleString('en')} weights learn from ${n} digits ` +
    `(${wrong} of them, ${((100 * wrong) / n).toFixed(0)} %, with a wrong label).`,
);

// ---- The loss: how wrong the network is on the batch, plus the penalties on large weights.
function loss(xs: tf.Tensor, ys: tf.Tensor): tf.Scalar {
  const logits = model.apply(xs, { training: true }) as tf.Tensor; // dropout and batch norm in training mode
  let total = tf.losses.softmaxCrossEntropy(ys, logits, undefined, SMOOTHING);
  if (L2 > 0) total = total.add(tf.addN(kernels.map((w) => w.square().sum())).mul(L2));
  if (L1 > 0) total = total.add(tf.addN(kernels.map((w) => w.abs().sum())).mul(L1));
  return total as tf.Scalar;
}

/** Accuracy and cross-entropy on a whole set, in inference mode (no dropout, no augmentation). */
function evaluate(xs: tf.Tensor, ys: tf.Tensor): { accuracy: number; loss: number } {
  return tf.tidy(() => {
    const logits = model.predict(xs) as tf.Tensor;
    const accuracy = logits.argMax(1).equal(ys.argMax(1)).mean().dataSync()[0]!;
    return { accuracy, loss: tf.losses.softmaxCrossEntropy(ys, logits).dataSync()[0]! };
  });
}

// ---- Run: train, and after every epoch measure the training digits (with the labels it was
// given) and the validation digits.
const accuracyChart = chart('Accuracy', { series: ['train', 'validation'], xLabel: 'epoch', yLabel: 'accuracy (%)', compare: true });
const lossChart = chart('Loss', { series: ['train', 'validation'], xLabel: 'epoch', yLabel: 'cross-entropy', yScale: 'log', compare: true });
const bar = progress(`Training for up to ${EPOCHS} epochs`, EPOCHS);
let best = { loss: Infinity, epoch: 0, weights: [] as tf.Tensor[] };
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  for (const { xs, ys } of batches()) {
    optimizer.minimize(() => loss(xs, ys), true)?.dispose();
    tf.dispose([xs, ys]);
    await nextFrame();
  }
  const train = evaluate(mnist.train.xs, trainYs);
  const validation = evaluate(mnist.validation.xs, mnist.validation.ys);
  accuracyChart.push(epoch, { train: 100 * train.accuracy, validation: 100 * validation.accuracy });
  lossChart.push(epoch, { train: train.loss, validation: validation.loss });
  bar.set(epoch);
  if (!EARLY_STOPPING) continue;
  if (validation.loss < best.loss) {
    tf.dispose(best.weights);
    best = { loss: validation.loss, epoch, weights: model.getWeights().map((w) => w.clone()) };
  } else if (epoch - best.epoch >= PATIENCE) {
    log(`Early stopping after epoch ${epoch}: no lower validation loss for ${PATIENCE} epochs, so back to the weights of epoch ${best.epoch}.`);
    model.setWeights(best.weights);
    bar.set(EPOCHS);
    break;
  }
}
tf.dispose(best.weights);

// ---- Show: final accuracies (this run in the table, every run in the bar chart), the weights.
const final = {
  train: evaluate(mnist.train.xs, trainYs),
  trueTrain: evaluate(mnist.train.xs, trueYs),
  validation: evaluate(mnist.validation.xs, mnist.validation.ys),
  test: evaluate(mnist.test.xs, mnist.test.ys),
};
const pct = (a: number) => `${(100 * a).toFixed(1)} %`;
table(
  [
    { digits: 'training, labels as given', count: n, accuracy: pct(final.train.accuracy), loss: final.train.loss.toFixed(3) },
    ...(wrong > 0 ? [{ digits: 'training, true labels', count: n, accuracy: pct(final.trueTrain.accuracy), loss: final.trueTrain.loss.toFixed(3) }] : []),
    { digits: 'validation', count: mnist.validation.count, accuracy: pct(final.validation.accuracy), loss: final.validation.loss.toFixed(3) },
    { digits: 'test', count: mnist.test.count, accuracy: pct(final.test.accuracy), loss: final.test.loss.toFixed(3) },
  ],
  'This run: final accuracy (the bar chart below keeps earlier runs)',
);
plot.bars(
  'Final accuracy of every run',
  { categories: ['train', 'validation', 'test'], series: { accuracy: [final.train, final.validation, final.test].map((r) => 100 * r.accuracy) } },
  { yLabel: 'accuracy (%)', compare: true },
);
const firstLayer = kernels[0]!;
plot.histogram('First-layer weights', firstLayer.dataSync(), { bins: 60, range: [-0.3, 0.3], compare: true });
const units = tf.tidy(() => tf.unstack(firstLayer.slice([0, 0], [PIXELS, 8]).transpose().reshape([8, 28, 28])));
await showGrid(units, { title: 'The weights of 8 first-layer units, as 28×28 pictures', normalize: 'each' });
tf.dispose(units);
const sumOfSquares = tf.tidy(() => firstLayer.square().sum().dataSync()[0]!);
log(
  `Train ${pct(final.train.accuracy)}, validation ${pct(final.validation.accuracy)}, test ${pct(final.test.accuracy)}: ` +
    `a gap of ${(100 * (final.train.accuracy - final.validation.accuracy)).toFixed(1)} points between the digits it learned from and new ones.`,
);
if (wrong > 0) log(`On the training digits' true labels it scores ${pct(final.trueTrain.accuracy)}.`);
log(`Sum of squared first-layer weights: ${sumOfSquares.toFixed(1)}.`);

mnist.dispose();
trainYs.dispose();
model.dispose();
optimizer.dispose();
