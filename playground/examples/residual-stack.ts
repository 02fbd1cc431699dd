// Does a deeper network always train at least as well as a shallower one? Stack many layers with
// and without skip connections and watch the training loss. A deep plain stack could copy the
// shallow one and pass the rest through unchanged, yet gradient descent struggles to find that.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const DEEP = param('depth', 20); // hidden layers of the deep stacks
const SHALLOW = param('shallow', 4); // hidden layers of the shallow reference
const WIDTH = param('width', 32); // units per hidden layer
const STEPS = param('steps', 200);
const RATE = param('learningRate', 0.01); // Adam's step size
const BATCH = 64;

// Digits shrunk to 14 × 14 (2 × 2 averages): this lab is about depth, not pixels.
const mnist = await data.mnist({ splits: ['train', 'test'] });
const train = { xs: tf.tidy(() => tf.avgPool(mnist.train.xs, 2, 2, 'valid')), ys: mnist.train.ys.clone() };
const test = { xs: tf.tidy(() => tf.avgPool(mnist.test.xs, 2, 2, 'valid')), ys: mnist.test.ys.clone() };
mnist.dispose();

/**
 * `layers` hidden layers of WIDTH units, each a dense layer, batch normalisation and ReLU, as in
 * He et al.'s plain networks. With `skips`, every pair of layers becomes a residual block: its
 * input is added to its output, so the pair only has to learn a correction to the identity.
 */
function buildStack(layers: number, skips: boolean): tf.LayersModel {
  const input = tf.input({ shape: [14, 14, 1] });
  const layer = (x: tf.SymbolicTensor, relu = true) => {
    const y = tf.layers.batchNormalization().apply(tf.layers.dense({ units: WIDTH, useBias: false }).apply(x)) as tf.SymbolicTensor;
    return relu ? (tf.layers.reLU().apply(y) as tf.SymbolicTensor) : y;
  };
  let h = layer(tf.layers.flatten().apply(input) as tf.SymbolicTensor);
  for (let i = 1; i + 1 < layers; i += 2) {
    if (skips) {
      const branch = layer(layer(h), false);
      h = tf.layers.reLU().apply(tf.layers.add().apply([h, branch])) as tf.SymbolicTensor;
    } else {
      h = layer(layer(h));
    }
  }
  if (layers % 2 === 0) h = layer(h); // an even count: one more plain layer after the blocks
  const output = tf.layers.dense({ units: 10 }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

const stacks = [
  { name: `plain, ${SHALLOW} layers`, layers: SHALLOW, skips: false },
  { name: `plain, ${DEEP} layers`, layers: DEEP, skips: false },
  { name: `residual, ${DEEP} layers`, layers: DEEP, skips: true },
];
const curve = chart('Training loss', {
  series: stacks.map((s) => s.name),
  xLabel: 'step',
  yLabel: 'cross-entropy (average of the last 20 batches)',
  yScale: 'log',
  compare: true,
});
const bar = progress(`Training ${stacks.length} stacks for ${STEPS} steps each`, stacks.length * STEPS);

interface Outcome {
  name: string;
  parameters: number;
  finalLoss: number;
  testAccuracy: number;
}
const outcomes: Outcome[] = [];
for (const stack of stacks) {
  const model = buildStack(stack.layers, stack.skips);
  const optimizer = tf.train.adam(RATE);
  const recent: number[] = [];
  for (let step = 1; step <= STEPS; step++) {
    const batch = tf.util.createShuffledIndices(train.xs.shape[0]).subarray(0, BATCH); // a fresh random batch
    const loss = tf.tidy(() => {
      const idx = tf.tensor1d(Array.from(batch), 'int32');
      const [xs, ys] = [tf.gather(train.xs, idx), tf.gather(train.ys, idx)];
      return optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar,
        true,
      )!;
    });
    recent.push(loss.dataSync()[0]!);
    loss.dispose();
    if (recent.length > 20) recent.shift();
    if (step % 10 === 0) {
      curve.push(step, { [stack.name]: recent.reduce((a, b) => a + b, 0) / recent.length });
      bar.tick(10);
      await nextFrame();
    }
  }
  const testAccuracy = tf.tidy(() => (model.predict(test.xs) as tf.Tensor).argMax(1).equal(test.ys.argMax(1)).mean().dataSync()[0]!);
  outcomes.push({ name: stack.name, parameters: model.countParams(), finalLoss: recent.reduce((a, b) => a + b, 0) / recent.length, testAccuracy });
  model.dispose();
  optimizer.dispose();
}
tf.dispose([train.xs, train.ys, test.xs, test.ys]);

plot.bars('Training loss after the last step', Object.fromEntries(outcomes.map((o) => [o.name, o.finalLoss])), {
  yLabel: 'cross-entropy',
  compare: true,
});
table(
  outcomes.map((o) => ({
    network: o.name,
    weights: o.parameters,
    'final training loss': o.finalLoss.toFixed(3),
    'test accuracy': `${(100 * o.testAccuracy).toFixed(1)} %`,
  })),
  `After ${STEPS} steps`,
);
const [shallow, plain, residual] = outcomes as [Outcome, Outcome, Outcome];
log(
  `After ${STEPS} steps the ${DEEP}-layer plain stack ends at a training loss of ${plain.finalLoss.toFixed(3)}, ` +
    `${(plain.finalLoss / residual.finalLoss).toFixed(1)}× that of the same stack with skip connections (${residual.finalLoss.toFixed(3)}) ` +
    `and ${(plain.finalLoss / shallow.finalLoss).toFixed(1)}× that of the ${SHALLOW}-layer plain stack (${shallow.finalLoss.toFixed(3)}).`,
);
