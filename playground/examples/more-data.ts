// More data. Train the same network on 100 to 8,000 digits, each time for the same number of
// steps, once plainly and once regularised (by default on shifted and rotated copies of the digits).
// How does accuracy on new digits grow with the training set, and when does regularization matter?
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const SIZES = [100, 300, 1000, 3000, 8000];
const STEPS = param('steps', 250); // gradient steps per network, whatever the training-set size
const REGULARIZER = param('regularizer', 'augmentation'); // what the regularised networks add: augmentation, dropout or both
const DROPOUT = REGULARIZER === 'augmentation' ? 0 : 0.5;
const AUGMENT = REGULARIZER !== 'dropout';
const SHIFT = 2; // pixels
const ROTATE = 15; // degrees
const BATCH = 50;
const PIXELS = 28 * 28;

const mnist = await data.mnist({ splits: ['train', 'validation'] });

/** A shifted and rotated copy of each digit (see the regularization lab for the same code, explained). */
function augment(digits: Float32Array): Float32Array {
  const out = new Float32Array(digits.length);
  for (let k = 0; k < digits.length / PIXELS; k++) {
    const angle = (((Math.random() * 2 - 1) * ROTATE) / 180) * Math.PI;
    const [dx, dy] = [(Math.random() * 2 - 1) * SHIFT, (Math.random() * 2 - 1) * SHIFT];
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const [u, v] = [x - 13.5 - dx, y - 13.5 - dy];
        const [sx, sy] = [cos * u + sin * v + 13.5, -sin * u + cos * v + 13.5];
        const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
        const at = (xx: number, yy: number) => (xx >= 0 && xx < 28 && yy >= 0 && yy < 28 ? digits[k * PIXELS + yy * 28 + xx]! : 0);
        const [fx, fy] = [sx - x0, sy - y0];
        out[k * PIXELS + y * 28 + x] =
          (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
      }
    }
  }
  return out;
}

function buildModel(dropout: number): tf.Sequential {
  const hidden = () => [tf.layers.dense({ units: 128, activation: 'relu' }), ...(dropout > 0 ? [tf.layers.dropout({ rate: dropout })] : [])];
  return tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), ...hidden(), ...hidden(), tf.layers.dense({ units: 10 })] });
}

const accuracyOf = (model: tf.Sequential, xs: tf.Tensor, ys: tf.Tensor) =>
  tf.tidy(() => (model.predict(xs) as tf.Tensor).argMax(1).equal(ys.argMax(1)).mean().dataSync()[0]!);

interface Accuracy {
  train: number;
  validation: number;
}

/** Train one network on the first `size` training digits for STEPS steps; its final accuracies. */
async function trainOn(size: number, regularised: boolean): Promise<Accuracy> {
  const model = buildModel(regularised ? DROPOUT : 0);
  const optimizer = tf.train.adam(0.001);
  const xs = mnist.train.xs.slice(0, size);
  const ys = mnist.train.ys.slice(0, size);
  let order = tf.util.createShuffledIndices(size);
  let at = 0;
  for (let step = 0; step < STEPS; step++) {
    if (at >= size) [order, at] = [tf.util.createShuffledIndices(size), 0]; // a new epoch
    const idx = Array.from(order.subarray(at, Math.min(size, at + BATCH)));
    at += BATCH;
    const pixels = new Float32Array(idx.length * PIXELS);
    for (const [k, i] of idx.entries()) {
      for (let p = 0; p < PIXELS; p++) pixels[k * PIXELS + p] = mnist.train.pixels[i * PIXELS + p]! / 255;
    }
    const input = regularised && AUGMENT ? augment(pixels) : pixels;
    tf.tidy(() => {
      const batchXs = tf.tensor4d(input, [idx.length, 28, 28, 1]);
      const batchYs = tf.gather(ys, idx);
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(batchYs, model.apply(batchXs, { training: true }) as tf.Tensor) as tf.Scalar);
    });
    if (step % 10 === 0) await nextFrame();
  }
  // Training accuracy on (up to) the first 1,000 of the training digits, in inference mode.
  const seen = Math.min(size, 1000);
  const result = {
    train: tf.tidy(() => accuracyOf(model, xs.slice(0, seen), ys.slice(0, seen))),
    validation: accuracyOf(model, mnist.validation.xs, mnist.validation.ys),
  };
  tf.dispose([xs, ys]);
  model.dispose();
  optimizer.dispose();
  return result;
}

const curve = chart('Accuracy against training-set size', {
  series: ['validation, plain', 'validation, regularised', 'train, plain', 'train, regularised'],
  xLabel: 'training digits',
  xScale: 'log',
  yLabel: 'accuracy (%)',
  compare: true,
});
const bar = progress(`Training ${2 * SIZES.length} networks for ${STEPS} steps each`, 2 * SIZES.length);
const results: Array<{ size: number; plain: Accuracy; regularised: Accuracy }> = [];
for (const size of SIZES) {
  const plain = await trainOn(size, false);
  bar.tick();
  const regularised = await trainOn(size, true);
  bar.tick();
  results.push({ size, plain, regularised });
  curve.push(size, {
    'validation, plain': 100 * plain.validation,
    'validation, regularised': 100 * regularised.validation,
    'train, plain': 100 * plain.train,
    'train, regularised': 100 * regularised.train,
  });
}

const pct = (a: number) => `${(100 * a).toFixed(1)} %`;
const gain = (r: (typeof results)[number]) => 100 * (r.regularised.validation - r.plain.validation);
table(
  results.map((r) => ({
    'training digits': r.size,
    'plain: train': pct(r.plain.train),
    'plain: validation': pct(r.plain.validation),
    'regularised: train': pct(r.regularised.train),
    'regularised: validation': pct(r.regularised.validation),
    'gain from regularization': `${gain(r).toFixed(1)} points`,
  })),
  'Accuracy after the same number of steps',
);
plot.bars('What regularization adds to validation accuracy', Object.fromEntries(results.map((r) => [String(r.size), gain(r)])), {
  xLabel: 'training digits',
  yLabel: 'points of validation accuracy',
});
const [first, last] = [results[0]!, results.at(-1)!];
log(
  `Regularization (${REGULARIZER}) changed validation accuracy by ${gain(first).toFixed(1)} points with ${first.size} training digits ` +
    `and by ${gain(last).toFixed(1)} points with ${last.size.toLocaleString('en')}.`,
);
mnist.dispose();
