// Why is the test set touched only once? Train several candidate networks, keep the one that
// scores best on a small test set, and report that score, as a tuning loop quietly does. Then
// measure the same network on digits nobody looked at. The difference is the optimism that
// choosing by the test set builds into the reported number.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const CANDIDATES = param('candidates', 20); // networks to choose from (settings and seeds differ)
const TEST_SIZE = param('testSize', 100); // digits in the test set used to choose
const TRAIN_SIZE = 1000; // training digits for every candidate
const EPOCHS = 2;
const BATCH = 50;
const REDRAWS = 400; // random test sets drawn for the averages at the end

// Get data: 1,000 training digits; 2,000 held-out digits (the validation and test splits).
const mnist = await data.mnist({ trainLimit: TRAIN_SIZE });
const heldOut = tf.concat([mnist.validation.xs, mnist.test.xs]);
const heldOutLabels = Int32Array.from([...mnist.validation.labels, ...mnist.test.labels]);
const POOL = heldOutLabels.length;
const testSize = Math.max(10, Math.min(500, Math.round(TEST_SIZE)));
// The test set: `testSize` held-out digits drawn at random; the rest play the fresh data that
// nobody has looked at.
const shuffled = Array.from(tf.util.createShuffledIndices(POOL));
const testSet = shuffled.slice(0, testSize);
const fresh = shuffled.slice(testSize);

// The candidates: a small network with one hidden layer; its width, learning rate and starting
// weights differ from candidate to candidate, as in a small hyperparameter search.
interface Candidate {
  hidden: number;
  learningRate: number;
  /** 1 where the candidate reads a held-out digit correctly, 0 where it does not. */
  right: Uint8Array;
}

async function train(hidden: number, learningRate: number): Promise<Uint8Array> {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: hidden, activation: 'relu' }), tf.layers.dense({ units: 10 })],
  });
  const optimizer = tf.train.adam(learningRate);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const { xs, ys } of mnist.batches('train', BATCH, epoch + 1)) {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar);
      tf.dispose([xs, ys]);
      await nextFrame();
    }
  }
  const guesses = tf.tidy(() => (model.predict(heldOut) as tf.Tensor).argMax(1));
  const read = await guesses.data();
  tf.dispose(guesses);
  model.dispose();
  optimizer.dispose();
  return Uint8Array.from(read, (g, i) => (g === heldOutLabels[i] ? 1 : 0));
}

const accuracy = (c: Candidate, digits: ArrayLike<number>) => {
  let right = 0;
  for (let i = 0; i < digits.length; i++) right += c.right[digits[i]!]!;
  return right / digits.length;
};

// Run: train the candidates, scoring each on the test set as it finishes.
const candidates: Candidate[] = [];
const bar = progress(`Training ${CANDIDATES} candidate networks`, CANDIDATES);
const scores = chart('Candidates as they finish', { xLabel: 'candidate', yLabel: 'accuracy (%)', series: ['test set', 'fresh digits'] });
for (let k = 0; k < CANDIDATES; k++) {
  const hidden = [32, 64][Math.floor(Math.random() * 2)]!;
  const learningRate = 0.002 + 0.004 * Math.random(); // 0.002 … 0.006
  const candidate = { hidden, learningRate, right: await train(hidden, learningRate) };
  candidates.push(candidate);
  scores.push(k + 1, { 'test set': 100 * accuracy(candidate, testSet), 'fresh digits': 100 * accuracy(candidate, fresh) });
  bar.set(k + 1);
}

// The tuning loop's choice: the candidate with the best test-set score, which it then reports.
const best = candidates.reduce((b, c) => (accuracy(c, testSet) > accuracy(b, testSet) ? c : b));
const reported = accuracy(best, testSet);
const onFresh = accuracy(best, fresh);
const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
table(
  [
    { 'measured on': `the ${testSize}-digit test set it was chosen by (reported)`, accuracy: percent(reported) },
    { 'measured on': `${fresh.length} fresh digits`, accuracy: percent(onFresh) },
  ],
  `The best of ${CANDIDATES} candidates (${best.hidden} hidden units, learning rate ${best.learningRate.toPrecision(2)})`,
);
log(
  `Chosen by the test set, the best of ${CANDIDATES} networks scores ${percent(reported)} there, ` +
    `but ${percent(onFresh)} on ${fresh.length} fresh digits: the reported figure is ${(100 * (reported - onFresh)).toFixed(1)} points too high.`,
);
plot.scatter(
  'Each candidate: score on the test set against score on fresh digits',
  {
    candidates: candidates.filter((c) => c !== best).map((c) => [100 * accuracy(c, testSet), 100 * accuracy(c, fresh)]),
    'chosen by the test set': [[100 * reported, 100 * onFresh]],
  },
  { xLabel: `accuracy on the ${testSize} test digits (%)`, yLabel: `accuracy on ${fresh.length} fresh digits (%)` },
);

// Average over many random test sets drawn from the 2,000 held-out digits. "Same set": choose
// the best of the first k candidates by a test set and report its score there. "Fair": choose by
// a separate validation set of the same size and report the untouched test set. Either way the
// truth is the chosen network's accuracy on all remaining held-out digits.
function randomSplit(): { a: number[]; b: number[]; rest: number[] } {
  const order = tf.util.createShuffledIndices(POOL);
  const a = Array.from(order.subarray(0, testSize));
  const b = Array.from(order.subarray(testSize, 2 * testSize));
  return { a, b, rest: Array.from(order.subarray(2 * testSize)) };
}
const sameSet = new Float64Array(CANDIDATES);
const fair = new Float64Array(CANDIDATES);
let overstated = 0; // random test sets on which the best of all candidates looked better than it is
for (let r = 0; r < REDRAWS; r++) {
  const { a, b, rest } = randomSplit();
  const onA = candidates.map((c) => accuracy(c, a));
  const onB = candidates.map((c) => accuracy(c, b));
  let bestByA = 0;
  let bestByB = 0;
  for (let k = 0; k < CANDIDATES; k++) {
    if (onA[k]! > onA[bestByA]!) bestByA = k;
    if (onB[k]! > onB[bestByB]!) bestByB = k;
    sameSet[k]! += (onA[bestByA]! - accuracy(candidates[bestByA]!, rest)) / REDRAWS;
    fair[k]! += (onA[bestByB]! - accuracy(candidates[bestByB]!, rest)) / REDRAWS;
  }
  if (onA[bestByA]! > accuracy(candidates[bestByA]!, rest)) overstated++;
  if (r % 50 === 0) await nextFrame();
}
const curve = (values: Float64Array) => Array.from(values, (v, k): [number, number] => [k + 1, 100 * v]);
plot.lines(
  `Reported minus true accuracy, averaged over ${REDRAWS} random test sets of ${testSize} digits`,
  { 'choose and report on the same test set': curve(sameSet), 'choose on validation, report on test': curve(fair) },
  { xLabel: 'candidates compared', yLabel: 'optimism (percentage points)', compare: true },
);
log(
  `On average over ${REDRAWS} random test sets, choosing the best of ${CANDIDATES} by the test set overstates its accuracy by ` +
    `${(100 * sameSet[CANDIDATES - 1]!).toFixed(2)} points; choosing on a separate validation set, by ${(100 * fair[CANDIDATES - 1]!).toFixed(2)}. ` +
    `The chosen network looked better than it is on ${Math.round((100 * overstated) / REDRAWS)} % of the test sets.`,
);

heldOut.dispose();
mnist.dispose();
