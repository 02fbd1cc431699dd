// Double descent on digits. A network with one hidden layer of random, frozen ReLU units learns a
// few hundred digits (some with wrong labels); only its output weights are fitted, by least squares,
// and with more units than digits we keep the exact fit of smallest total weight. As the hidden
// layer grows past the number of training digits, what happens to the error on new digits?
import * as tf from '@tensorflow/tfjs';
import { data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const N = param('trainSize', 200); // training digits
const NOISE = param('wrongLabels', 10) / 100; // share of training labels replaced by another digit
const WIDTHS = [10, 25, 50, 100, 150, 180, 200, 220, 250, 300, 400, 600, 1000, 2000, 4000].map((f) => Math.round((f * N) / 200));

// Digits shrunk to 14 × 14 (2 × 2 averages), as in the scaling lab.
const mnist = await data.mnist({ splits: ['train', 'test'], trainLimit: N });
const shrink = (xs: tf.Tensor4D) => tf.tidy(() => tf.avgPool(xs, 2, 2, 'valid').reshape([xs.shape[0], 196]) as tf.Tensor2D);
const trainXs = shrink(mnist.train.xs);
const testXs = shrink(mnist.test.xs);
const testLabels = mnist.test.labels;
// Wrong labels: each chosen digit is given one of the other nine names at random.
const labels = Int32Array.from(mnist.train.labels, (y) => (Math.random() < NOISE ? (y + 1 + Math.floor(Math.random() * 9)) % 10 : y));
const wrong = labels.reduce((k, y, i) => k + (y === mnist.train.labels[i] ? 0 : 1), 0);
mnist.dispose();
const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D);

// The hidden layer: the largest width's random units; a network of width p uses the first p of them.
const maxWidth = Math.max(...WIDTHS);
const [hiddenTrain, hiddenTest] = tf.tidy((): [tf.Tensor2D, tf.Tensor2D] => {
  const w = tf.randomNormal([196, maxWidth], 0, 1 / Math.sqrt(196 * 0.05));
  const b = tf.randomNormal([maxWidth], 0, 1);
  const centre = trainXs.mean(0);
  const hidden = (xs: tf.Tensor2D) => tf.relu(xs.sub(centre).matMul(w).add(b)) as tf.Tensor2D;
  return [hidden(trainXs), hidden(testXs)];
});
tf.dispose([trainXs, testXs]);

/** Solve (A + ridge·I) X = B for symmetric positive definite A (k × k) by Cholesky; B has 10 columns. */
function solveSpd(a: Float32Array, k: number, b: Float32Array): Float64Array {
  const trace = Array.from({ length: k }, (_, i) => a[i * k + i]!).reduce((s, v) => s + v, 0);
  const ridge = 1e-7 * (trace / k); // only to keep the factorisation away from exact singularity
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]! + (i === j ? ridge : 0);
      for (let m = 0; m < j; m++) s -= l[i * k + m]! * l[j * k + m]!;
      l[i * k + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * k + j]!;
    }
  }
  const x = Float64Array.from(b);
  for (let c = 0; c < 10; c++) {
    for (let i = 0; i < k; i++) {
      let s = x[i * 10 + c]!;
      for (let m = 0; m < i; m++) s -= l[i * k + m]! * x[m * 10 + c]!;
      x[i * 10 + c] = s / l[i * k + i]!;
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = x[i * 10 + c]!;
      for (let m = i + 1; m < k; m++) s -= l[m * k + i]! * x[m * 10 + c]!;
      x[i * 10 + c] = s / l[i * k + i]!;
    }
  }
  return x;
}

interface Point {
  units: number;
  trainError: number;
  testError: number;
  trainMse: number;
  testMse: number;
}

/** Fit the output weights of a network with p hidden units; its errors on training and test digits. */
function fitNetwork(p: number): Point {
  const [phi, phiTest] = [hiddenTrain.slice([0, 0], [N, p]), hiddenTest.slice([0, 0], [-1, p])];
  // Least squares: with p ≤ N solve the normal equations; with p > N the smallest-norm exact fit.
  const weights = tf.tidy(() => {
    if (p <= N) {
      const solution = solveSpd(phi.transpose().matMul(phi).dataSync() as Float32Array, p, phi.transpose().matMul(targets).dataSync() as Float32Array);
      return tf.tensor2d(Float32Array.from(solution), [p, 10]);
    }
    const alpha = solveSpd(phi.matMul(phi.transpose()).dataSync() as Float32Array, N, targets.dataSync() as Float32Array);
    return phi.transpose().matMul(tf.tensor2d(Float32Array.from(alpha), [N, 10]));
  });
  const score = (features: tf.Tensor2D, truth: tf.Tensor2D, names: ArrayLike<number>) =>
    tf.tidy(() => {
      const out = features.matMul(weights);
      const predicted = out.argMax(1).dataSync();
      let errors = 0;
      for (let i = 0; i < predicted.length; i++) if (predicted[i] !== names[i]) errors += 1;
      return { error: errors / predicted.length, mse: out.sub(truth).square().sum(1).mean().dataSync()[0]! };
    });
  const testTruth = tf.tidy(() => tf.oneHot(tf.tensor1d(testLabels, 'int32'), 10).toFloat() as tf.Tensor2D);
  const train = score(phi, targets, labels);
  const test = score(phiTest, testTruth, testLabels);
  tf.dispose([phi, phiTest, weights, testTruth]);
  return { units: p, trainError: 100 * train.error, testError: 100 * test.error, trainMse: train.mse, testMse: test.mse };
}

const bar = progress(`Fitting ${WIDTHS.length} networks`, WIDTHS.length);
const points: Point[] = [];
for (const p of WIDTHS) {
  points.push(fitNetwork(p));
  bar.tick();
  await nextFrame();
}
tf.dispose([hiddenTrain, hiddenTest, targets]);

const xy = (f: (q: Point) => number) => points.map((q) => [q.units, f(q)] as [number, number]);
plot.lines(
  'Misclassified digits (%)',
  { 'new digits': xy((q) => q.testError), 'training digits (labels as given)': xy((q) => q.trainError) },
  {
    xLabel: `hidden units (log scale; ${N} training digits)`,
    xScale: 'log',
    yLabel: 'misclassified (%)',
    compare: true,
    description: 'Classification error on training and new digits against the number of hidden units.',
  },
);
plot.lines(
  'Squared error of the outputs',
  { 'new digits': xy((q) => q.testMse), 'training digits': xy((q) => Math.max(q.trainMse, 1e-6)) },
  { xLabel: 'hidden units (log scale)', xScale: 'log', yLabel: 'mean squared error', yScale: 'log', compare: true },
);
table(
  points.map((q) => ({
    'hidden units': q.units,
    'train error': `${q.trainError.toFixed(1)} %`,
    'test error': `${q.testError.toFixed(1)} %`,
    'test squared error': q.testMse.toFixed(3),
  })),
  'Every network',
);
const worst = points.reduce((a, b) => (b.testError > a.testError ? b : a));
const bestBelow = points.filter((q) => q.units < N).reduce((a, b) => (b.testError < a.testError ? b : a));
const widest = points.at(-1)!;
log(
  `${N} training digits, ${wrong} of them with a wrong label. Error on new digits: ${bestBelow.testError.toFixed(1)} % at best below ` +
    `${N} units (${bestBelow.units}), ${worst.testError.toFixed(1)} % at worst (${worst.units} units), ` +
    `${widest.testError.toFixed(1)} % with ${widest.units.toLocaleString('en')} units.`,
);
