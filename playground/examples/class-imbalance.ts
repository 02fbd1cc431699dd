// What happens when some classes are rare? We keep every training example of the common digits
// but only a small share of the rare ones, then train the same network twice, side by side: once
// with the plain cost (every example counts the same) and once with class weights (every class
// counts the same). Both are tested on validation digits where all ten digits are equally common.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const RARE_DIGITS = param('rare', 'five') === 'one' ? [8] : [5, 6, 7, 8, 9];
const KEEP = Math.min(1, Math.max(0.001, param('keep', 0.02))); // share of each rare digit's examples kept
const STEPS = Math.round(param('steps', 300));
const LEARNING_RATE = param('learningRate', 0.1);
const BATCH = 64;
const HIDDEN = 64;
const EVERY = 20; // measure validation accuracy every 20 steps

// Data: all 8,000 training digits, thinned to make the rare digits rare; 1,000 balanced validation digits.
const mnist = await data.mnist({ splits: ['train', 'validation'] });
const labels = mnist.train.labels;
const kept: number[] = [];
for (let i = 0; i < labels.length; i++) {
  if (!RARE_DIGITS.includes(labels[i]!) || Math.random() < KEEP) kept.push(i);
}
const keptLabels = Int32Array.from(kept, (i) => labels[i]!);
const counts = mnist.classes.map((_, d) => keptLabels.filter((l) => l === d).length);
const [trainX, trainY] = tf.tidy(() => {
  const index = tf.tensor1d(kept, 'int32');
  return [tf.gather(mnist.train.xs.reshape([-1, 784]), index), tf.gather(mnist.train.ys, index)];
});
const validation = mnist.validation.xs.reshape([-1, 784]);
const validLabels = mnist.validation.labels;

// Class weights, "balanced" as in scikit-learn: n / (classes × n_c). A digit with half the average
// number of examples counts twice; the weights average 1 over the training set.
const classWeights = counts.map((n) => (n ? keptLabels.length / (counts.length * n) : 0));
const exampleWeights = tf.tensor1d(Float32Array.from(keptLabels, (l) => classWeights[l]!));
log(
  `Training digits kept per class: ${counts.join(', ')} (rare: ${RARE_DIGITS.join(', ')}, ${(100 * KEEP).toFixed(1)} % kept). ` +
    `Class weights from ${Math.min(...classWeights).toFixed(2)} to ${Math.max(...classWeights).toFixed(1)}.`,
);

// Model: 784 → 64 ReLU → 10 scores, the same starting weights for both runs.
const sizes = [784, HIDDEN, 10];
const start = sizes.slice(1).map((fanOut, l) => tf.tidy(() => tf.mul(tf.randomUniform([sizes[l]!, fanOut], -1, 1), Math.sqrt(6 / sizes[l]!))));
const runs = ['plain', 'class weights'].map((name) => ({
  name,
  params: start.flatMap((w, l) => [tf.variable(w), variableFrom(tf.zeros([sizes[l + 1]!]))]),
  optimizer: tf.train.sgd(LEARNING_RATE),
}));
tf.dispose(start);

function variableFrom(value: tf.Tensor): tf.Variable {
  const v = tf.variable(value);
  value.dispose();
  return v;
}
function scores(params: tf.Variable[], x: tf.Tensor): tf.Tensor2D {
  const [w1, b1, w2, b2] = params;
  return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1!), b1!)), w2!), b2!) as tf.Tensor2D;
}
/** Predicted digit for every validation image. */
function predict(params: tf.Variable[]): Int32Array {
  return tf.tidy(() => scores(params, validation).argMax(1).dataSync() as Int32Array);
}
/** Per digit: the share of that digit's validation images classified correctly (its recall). */
function perDigit(predicted: Int32Array): number[] {
  return mnist.classes.map((_, d) => {
    let n = 0;
    let ok = 0;
    for (let i = 0; i < validLabels.length; i++) {
      if (validLabels[i] !== d) continue;
      n++;
      if (predicted[i] === d) ok++;
    }
    return ok / n;
  });
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rareMean = (acc: number[]) => mean(RARE_DIGITS.map((d) => acc[d]!));

const curve = chart('Validation accuracy on the rare digits', {
  series: runs.map((r) => r.name),
  xLabel: 'step',
  yLabel: 'accuracy',
  yDomain: [0, 1],
  compare: true,
  description: 'Mean accuracy on the rare digits during training, with the plain cost and with class weights.',
});
const bar = progress(`Training two networks for ${STEPS} steps`, STEPS);

// Run: each step draws one random mini-batch from the kept examples and trains both networks on it.
for (let step = 1; step <= STEPS; step++) {
  const picks = Array.from({ length: BATCH }, () => Math.floor(Math.random() * kept.length));
  const [x, y, w] = tf.tidy(() => {
    const index = tf.tensor1d(picks, 'int32');
    return [tf.gather(trainX, index), tf.gather(trainY, index), tf.gather(exampleWeights, index)];
  });
  for (const r of runs) {
    // The only difference: with class weights, each example's cost is multiplied by its class's weight.
    r.optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, scores(r.params, x), r.name === 'plain' ? undefined : w) as tf.Scalar, false, r.params);
  }
  tf.dispose([x, y, w]);
  if (step % EVERY === 0) curve.push(step, Object.fromEntries(runs.map((r) => [r.name, rareMean(perDigit(predict(r.params)))])));
  bar.tick();
  await nextFrame();
}

// Show: per-digit accuracy for both runs, and how often each digit was predicted at all.
const results = runs.map((r) => {
  const predicted = predict(r.params);
  const accuracy = perDigit(predicted);
  const guesses = mnist.classes.map((_, d) => predicted.filter((p) => p === d).length);
  return { name: r.name, accuracy, guesses, overall: predicted.filter((p, i) => p === validLabels[i]).length / validLabels.length };
});
plot.bars(
  'Validation accuracy per digit',
  { categories: mnist.classes.map((d) => (RARE_DIGITS.includes(Number(d)) ? `${d} (rare)` : d)), series: Object.fromEntries(results.map((r) => [r.name, r.accuracy])) },
  { yLabel: 'accuracy', yDomain: [0, 1], description: 'For each digit, the share of its validation images the network got right, without and with class weights.' },
);
table(
  mnist.classes.map((digit, d) => ({
    digit,
    'training examples': counts[d]!,
    'class weight': Number(classWeights[d]!.toFixed(2)),
    'accuracy, plain': `${(100 * results[0]!.accuracy[d]!).toFixed(0)} %`,
    'accuracy, class weights': `${(100 * results[1]!.accuracy[d]!).toFixed(0)} %`,
    'predicted, plain': results[0]!.guesses[d]!,
    'predicted, class weights': results[1]!.guesses[d]!,
  })),
  'Per digit (100 or so validation images each)',
);
const common = mnist.classes.map((_, d) => d).filter((d) => !RARE_DIGITS.includes(d));
for (const r of results) {
  log(
    `${r.name}: overall ${(100 * r.overall).toFixed(1)} %, rare digits ${(100 * rareMean(r.accuracy)).toFixed(1)} %, ` +
      `common digits ${(100 * mean(common.map((d) => r.accuracy[d]!))).toFixed(1)} %.`,
  );
}

for (const r of runs) {
  tf.dispose(r.params);
  r.optimizer.dispose();
}
tf.dispose([trainX, trainY, exampleWeights, validation]);
mnist.dispose();
