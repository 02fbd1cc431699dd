// Is a bigger network a better classifier? Train a grid of networks, from a few hidden units to
// hundreds, each on 100 to 8,000 digits, and score every one on the same 1,000 new digits.
// Where does size help, where does data help, and where does a big network just memorise?
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const WIDTHS = [2, 8, 32, 128, 512]; // hidden units per layer
const SIZES = [100, 500, 2000, 8000]; // training digits
const LAYERS = param('layers', 1); // hidden layers, all of the same width
const STEPS = param('steps', 300); // gradient steps per network, whatever its size or data
const BATCH = 64;

// The digits, shrunk to 14 × 14 by averaging 2 × 2 blocks so that 20 networks train in seconds.
const mnist = await data.mnist({ splits: ['train', 'test'] });
const shrink = (xs: tf.Tensor4D) => tf.tidy(() => tf.avgPool(xs, 2, 2, 'valid'));
const train = { xs: shrink(mnist.train.xs), ys: mnist.train.ys.clone() };
const test = { xs: shrink(mnist.test.xs), ys: mnist.test.ys.clone() };
mnist.dispose();

function buildModel(width: number): tf.Sequential {
  const hidden = Array.from({ length: LAYERS }, () => tf.layers.dense({ units: width, activation: 'relu' }));
  return tf.sequential({ layers: [tf.layers.flatten({ inputShape: [14, 14, 1] }), ...hidden, tf.layers.dense({ units: 10 })] });
}

const accuracyOf = (model: tf.Sequential, xs: tf.Tensor, ys: tf.Tensor) =>
  tf.tidy(() => (model.predict(xs) as tf.Tensor).argMax(1).equal(ys.argMax(1)).mean().dataSync()[0]!);

interface Result {
  width: number;
  size: number;
  parameters: number;
  train: number;
  test: number;
}

/** Train one network of `width` units on the first `size` digits for STEPS steps of Adam. */
async function trainOne(width: number, size: number): Promise<Result> {
  const model = buildModel(width);
  const optimizer = tf.train.adam(0.003);
  let order = tf.util.createShuffledIndices(size);
  let at = 0;
  for (let step = 0; step < STEPS; step++) {
    if (at >= size) [order, at] = [tf.util.createShuffledIndices(size), 0]; // a new epoch
    const idx = Array.from(order.subarray(at, Math.min(size, at + BATCH)));
    at += BATCH;
    tf.tidy(() => {
      const batch = tf.tensor1d(idx, 'int32');
      const [xs, ys] = [tf.gather(train.xs, batch), tf.gather(train.ys, batch)];
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar);
    });
    if (step % 20 === 0) await nextFrame();
  }
  // Training accuracy on (up to) the first 1,000 of its own training digits; test on all 1,000.
  const seen = Math.min(size, 1000);
  const trainAccuracy = tf.tidy(() => accuracyOf(model, train.xs.slice(0, seen), train.ys.slice(0, seen)));
  const result = { width, size, parameters: model.countParams(), train: trainAccuracy, test: accuracyOf(model, test.xs, test.ys) };
  model.dispose();
  optimizer.dispose();
  return result;
}

const label = (size: number) => `${size.toLocaleString('en')} digits`;
const curve = chart('Accuracy against the number of weights', {
  series: SIZES.flatMap((n) => [`test, ${label(n)}`, `train, ${label(n)}`]),
  xLabel: 'weights (parameters)',
  xScale: 'log',
  yLabel: 'accuracy (%)',
  compare: true,
  description: 'One line per training-set size: test and training accuracy of each network against its number of weights.',
});
const bar = progress(`Training ${WIDTHS.length * SIZES.length} networks for ${STEPS} steps each`, WIDTHS.length * SIZES.length);
const results: Result[] = [];
for (const size of SIZES) {
  for (const width of WIDTHS) {
    const r = await trainOne(width, size);
    results.push(r);
    curve.push(r.parameters, { [`test, ${label(size)}`]: 100 * r.test, [`train, ${label(size)}`]: 100 * r.train });
    bar.tick();
  }
}
tf.dispose([train.xs, train.ys, test.xs, test.ys]);

const at = (size: number, width: number) => results.find((r) => r.size === size && r.width === width)!;
const grid = (value: (r: Result) => number) => [...SIZES].reverse().map((size) => WIDTHS.map((width) => value(at(size, width))));
const heatmapAxes = {
  xTicks: WIDTHS.map(String),
  yTicks: [...SIZES].reverse().map(label),
  xLabel: 'hidden units per layer',
  yLabel: 'training digits',
  showValues: true,
};
plot.heatmap('Test accuracy (%)', grid((r) => Math.round(100 * r.test)), {
  ...heatmapAxes,
  colorLabel: 'test accuracy (%)',
  description: 'Test accuracy for each width (columns) and training-set size (rows, largest on top).',
});
plot.heatmap('Train minus test accuracy (points): memorisation', grid((r) => Math.round(100 * (r.train - r.test))), {
  ...heatmapAxes,
  colorLabel: 'points',
  description: 'How much better each network does on its own training digits than on new ones.',
});
table(
  results.map((r) => ({
    'training digits': r.size,
    'hidden units': r.width,
    weights: r.parameters,
    'train accuracy': `${(100 * r.train).toFixed(1)} %`,
    'test accuracy': `${(100 * r.test).toFixed(1)} %`,
  })),
  'Every network of the grid',
);

const [smallest, largest] = [WIDTHS[0]!, WIDTHS.at(-1)!];
const sizeGain = (n: number) => 100 * (at(n, largest).test - at(n, smallest).test);
const best = (n: number) => WIDTHS.map((w) => at(n, w)).reduce((a, b) => (b.test > a.test ? b : a));
for (const n of SIZES) {
  const b = best(n);
  log(
    `${label(n)}: the best network has ${b.width} units (${(100 * b.test).toFixed(1)} % on new digits); ` +
      `${largest} units instead of ${smallest} gain ${sizeGain(n).toFixed(1)} points; ` +
      `the ${largest}-unit network scores ${(100 * at(n, largest).train).toFixed(1)} % on its training digits.`,
  );
}
