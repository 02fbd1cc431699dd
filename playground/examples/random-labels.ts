// Memorising noise. Give the network of the regularization lab a few hundred digits whose labels
// were drawn at random, so there is nothing to learn but the list itself. Can it still get every
// training digit "right"? And what does that teach it about new digits?
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const TRAIN_SIZE = param('trainSize', 300);
const RANDOM_SHARE = param('randomShare', 1); // share of training labels replaced by random digits
const MAX_EPOCHS = param('maxEpochs', 150); // give up if it has not memorised everything by then
const DROPOUT = param('dropout', 0);
const BATCH = 50;

const mnist = await data.mnist({ trainLimit: TRAIN_SIZE, splits: ['train', 'test'] });
const n = mnist.train.count;

// Two conditions on the same digits: the true labels, and labels of which a share is random
// (drawn uniformly from 0-9, so about one in ten happens to be right).
const randomized = Int32Array.from(mnist.train.labels);
for (const i of tf.util.createShuffledIndices(n).subarray(0, Math.round(RANDOM_SHARE * n))) randomized[i] = Math.floor(Math.random() * 10);
const conditions = [
  { name: 'true labels', labels: mnist.train.labels },
  { name: RANDOM_SHARE === 1 ? 'random labels' : `${Math.round(100 * RANDOM_SHARE)} % random labels`, labels: randomized },
];

function buildModel(): tf.Sequential {
  const hidden = () => [tf.layers.dense({ units: 128, activation: 'relu' }), ...(DROPOUT > 0 ? [tf.layers.dropout({ rate: DROPOUT })] : [])];
  return tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), ...hidden(), ...hidden(), tf.layers.dense({ units: 10 })] });
}

const accuracyOf = (model: tf.Sequential, xs: tf.Tensor, ys: tf.Tensor) =>
  tf.tidy(() => (model.predict(xs) as tf.Tensor).argMax(1).equal(ys.argMax(1)).mean().dataSync()[0]!);

const trainChart = chart('Accuracy on the training digits', { xLabel: 'epoch', yLabel: 'accuracy (%)', series: conditions.map((c) => c.name) });
const testChart = chart('Accuracy on new digits (test)', { xLabel: 'epoch', yLabel: 'accuracy (%)', series: conditions.map((c) => c.name) });
const bar = progress(`Training until every training digit is memorised (at most ${MAX_EPOCHS} epochs each)`, 2 * MAX_EPOCHS);
const results: Array<{ labels: string; epochs: number | string; train: string; test: string }> = [];
const finalAccuracy: Record<string, [number, number]> = {};

for (const [k, condition] of conditions.entries()) {
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(condition.labels, 'int32'), 10).toFloat());
  const model = buildModel();
  const optimizer = tf.train.adam(0.001);
  let epoch = 0;
  let train = 0;
  let test = 0;
  while (epoch < MAX_EPOCHS && train < 1) {
    epoch++;
    const order = tf.util.createShuffledIndices(n);
    for (let start = 0; start < n; start += BATCH) {
      const idx = tf.tensor1d(Int32Array.from(order.subarray(start, Math.min(n, start + BATCH))), 'int32');
      optimizer.minimize(() => {
        const logits = model.apply(tf.gather(mnist.train.xs, idx), { training: true }) as tf.Tensor;
        return tf.losses.softmaxCrossEntropy(tf.gather(ys, idx), logits) as tf.Scalar;
      });
      idx.dispose();
      await nextFrame();
    }
    train = accuracyOf(model, mnist.train.xs, ys);
    test = accuracyOf(model, mnist.test.xs, mnist.test.ys);
    trainChart.push(epoch, { [condition.name]: 100 * train });
    testChart.push(epoch, { [condition.name]: 100 * test });
    bar.set(k * MAX_EPOCHS + epoch);
  }
  bar.set((k + 1) * MAX_EPOCHS);
  results.push({ labels: condition.name, epochs: train === 1 ? epoch : `> ${MAX_EPOCHS}`, train: `${(100 * train).toFixed(1)} %`, test: `${(100 * test).toFixed(1)} %` });
  finalAccuracy[condition.name] = [100 * train, 100 * test];
  log(
    `${condition.name}: ${(100 * train).toFixed(1)} % of the ${n} training digits after ${epoch} epochs, ` +
      `${(100 * test).toFixed(1)} % of ${mnist.test.count} new digits.`,
  );
  tf.dispose([ys]);
  model.dispose();
  optimizer.dispose();
}

table(results, 'Epochs to memorise every training digit, and accuracy on new digits');
plot.bars(
  'Final accuracy',
  { categories: ['training digits', 'new digits (test)'], series: finalAccuracy },
  { yLabel: 'accuracy (%)', description: 'Accuracy on the training digits and on new digits, with true and with random labels.' },
);
mnist.dispose();
