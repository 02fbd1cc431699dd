// Does the choice of cost change how fast a network learns? One small network is trained three
// times on the same handwritten digits, in the same order, from the same starting weights; only
// the cost differs: cross-entropy, squared error, or the multiclass hinge. Losses are measured in
// different units, so the fair comparison is the number they all serve: validation accuracy.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const OPTIMIZER = param('optimizer', 'sgd'); // 'sgd' | 'adam'
const LEARNING_RATE = param('learningRate', 0.1);
const OUTPUT_SCALE = param('outputScale', 1); // multiplies the last layer's starting weights
const SQUARED_ON = param('squaredOn', 'probabilities'); // 'probabilities' (after softmax) | 'scores'
const STEPS = Math.round(param('steps', 300));
const TARGET = param('target', 0.85); // the finish line: validation accuracy
const HIDDEN = 64;
const BATCH = 32;
const DIGITS = 2048; // a small MNIST subset: 64 mini-batches per pass
const EVERY = 10; // measure validation accuracy every 10 steps

// The three costs. Each takes one-hot labels y and the network's ten scores z (one row per digit)
// and returns the average over the mini-batch.
const COSTS: Record<string, (y: tf.Tensor2D, z: tf.Tensor2D) => tf.Scalar> = {
  // −log of the probability the softmax gives the right digit.
  'cross-entropy': (y, z) => tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar,
  // Squared distance between the ten probabilities (or the raw scores) and the one-hot target.
  'squared error': (y, z) => {
    const out = SQUARED_ON === 'scores' ? z : tf.softmax(z);
    return tf.mean(tf.sum(tf.square(tf.sub(out, y)), 1));
  },
  // Multiclass hinge (Crammer & Singer, 2001): the right score must beat the best wrong one by 1.
  hinge: (y, z) => {
    const right = tf.sum(tf.mul(z, y), 1);
    const bestWrong = tf.max(tf.sub(z, tf.mul(y, 1e9)), 1);
    return tf.mean(tf.relu(tf.add(tf.sub(bestWrong, right), 1)));
  },
};
const NAMES = Object.keys(COSTS);

// Data: 2,048 training digits, 1,000 validation digits it never trains on.
const mnist = await data.mnist({ splits: ['train', 'validation'], trainLimit: DIGITS });
const validation = mnist.validation.xs.reshape([-1, 784]);
const validLabels = mnist.validation.labels;

// Model: 784 pixels → 64 ReLU units → 10 scores. One random draw of starting weights (He's rule),
// copied into all three networks.
const sizes = [784, HIDDEN, 10];
const start = sizes.slice(1).map((fanOut, l) => {
  const scale = Math.sqrt(6 / sizes[l]!) * (l === sizes.length - 2 ? OUTPUT_SCALE : 1);
  return tf.tidy(() => tf.mul(tf.randomUniform([sizes[l]!, fanOut], -1, 1), scale));
});

/** A variable holding `value`; the temporary tensor is freed. */
function variableFrom(value: tf.Tensor): tf.Variable {
  const v = tf.variable(value);
  value.dispose();
  return v;
}

interface Runner {
  name: string;
  params: tf.Variable[];
  optimizer: tf.Optimizer;
  loss: number;
  smoothed: number;
  firstLoss: number;
  accuracy: number;
  reachedAt: number | null;
}
const runners: Runner[] = NAMES.map((name) => ({
  name,
  params: start.flatMap((w, l) => [tf.variable(w), variableFrom(tf.zeros([sizes[l + 1]!]))]),
  optimizer: OPTIMIZER === 'adam' ? tf.train.adam(LEARNING_RATE) : tf.train.sgd(LEARNING_RATE),
  loss: Number.NaN,
  smoothed: Number.NaN,
  firstLoss: Number.NaN,
  accuracy: 0,
  reachedAt: null,
}));
tf.dispose(start);

function scores(r: Runner, x: tf.Tensor): tf.Tensor2D {
  const [w1, b1, w2, b2] = r.params;
  return tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1!), b1!)), w2!), b2!) as tf.Tensor2D;
}

function accuracy(r: Runner): number {
  const predicted = tf.tidy(() => scores(r, validation).argMax(1).dataSync());
  let correct = 0;
  for (let i = 0; i < validLabels.length; i++) if (predicted[i] === validLabels[i]) correct++;
  return correct / validLabels.length;
}

/**
 * How hard each cost pushes the right digit's score up, averaged over a batch: −∂cost/∂z_right per
 * digit. This is the error signal that backpropagation carries into the network.
 */
function pushOnRightScore(r: Runner, x: tf.Tensor, y: tf.Tensor2D): number {
  return tf.tidy(() => {
    const z = scores(r, x);
    const dz = tf.grad((s: tf.Tensor) => COSTS[r.name]!(y, s as tf.Tensor2D))(z);
    return -tf.sum(tf.mul(dz, y)).dataSync()[0]!; // batch mean × batch size = mean per digit
  });
}

log(
  `${NAMES.length} copies of a 784–${HIDDEN}–10 network, ${DIGITS} digits, batches of ${BATCH}, ` +
    `${OPTIMIZER === 'adam' ? 'Adam' : 'plain SGD'} at learning rate ${LEARNING_RATE}, output weights ×${OUTPUT_SCALE}, ` +
    `squared error on ${SQUARED_ON}.`,
);
const accuracyChart = chart('Validation accuracy', {
  series: NAMES,
  xLabel: 'step',
  yLabel: 'accuracy',
  yDomain: [0, 1],
  compare: true,
  description: 'Share of 1,000 validation digits classified correctly, for the same network trained with three costs.',
});
const lossChart = chart('Training loss (smoothed) ÷ its first value', {
  series: NAMES,
  xLabel: 'step',
  yLabel: 'relative loss',
  yScale: 'log',
  compare: true,
  description: 'Each cost, averaged over about ten mini-batches and divided by its first value: how far each has fallen, not how large it is.',
});
const bar = progress(`Training ${NAMES.length} networks for ${STEPS} steps`, STEPS);

// Run: each step, one shared mini-batch trains all three networks once.
const firstPush: Record<string, number> = {};
let step = 0;
for (let epoch = 0; step < STEPS; epoch++) {
  for (const batch of mnist.batches('train', BATCH, epoch)) {
    if (step >= STEPS) {
      tf.dispose([batch.xs, batch.ys]);
      break;
    }
    const x = batch.xs.reshape([-1, 784]);
    step++;
    const relative: Record<string, number> = {};
    for (const r of runners) {
      if (step === 1) firstPush[r.name] = pushOnRightScore(r, x, batch.ys);
      const cost = r.optimizer.minimize(() => COSTS[r.name]!(batch.ys, scores(r, x)), true, r.params)!;
      r.loss = (await cost.data())[0]!;
      cost.dispose();
      if (step === 1) r.firstLoss = r.loss;
      // A running average over about ten batches smooths the batch-to-batch noise.
      r.smoothed = step === 1 ? r.loss : 0.9 * r.smoothed + 0.1 * r.loss;
      if (Number.isFinite(r.smoothed) && r.smoothed > 0) relative[r.name] = r.smoothed / r.firstLoss;
    }
    tf.dispose([x, batch.xs, batch.ys]);
    lossChart.push(step, relative);
    if (step % EVERY === 0) {
      const point: Record<string, number> = {};
      for (const r of runners) {
        r.accuracy = accuracy(r);
        point[r.name] = r.accuracy;
        if (r.reachedAt === null && r.accuracy >= TARGET) r.reachedAt = step;
      }
      accuracyChart.push(step, point);
    }
    bar.tick();
    await nextFrame();
  }
}

// Show: steps to the finish line (a bar at the full length means never), and the numbers behind it.
const percent = `${Math.round(TARGET * 100)} %`;
plot.bars(
  `Steps to ${percent} validation accuracy`,
  Object.fromEntries(runners.map((r) => [r.name, r.reachedAt ?? STEPS])),
  {
    yLabel: 'steps',
    compare: true,
    description: `Steps each cost needed before validation accuracy reached ${percent}; a bar at ${STEPS} means it never did.`,
  },
);
table(
  runners.map((r) => ({
    cost: r.name,
    [`steps to ${percent}`]: r.reachedAt ?? `not within ${STEPS}`,
    'final accuracy': `${(100 * r.accuracy).toFixed(1)} %`,
    'push on the right score at step 1': Number(firstPush[r.name]!.toFixed(3)),
    'loss: first → last': `${r.firstLoss.toFixed(3)} → ${Number.isFinite(r.loss) ? r.loss.toFixed(3) : 'diverged'}`,
  })),
  'Three costs, one network',
);
const [ce, se] = runners;
const stepsOf = (r: Runner) => (r.reachedAt === null ? `never (within ${STEPS})` : `after ${r.reachedAt} steps`);
log(`Cross-entropy reached ${percent} ${stepsOf(ce!)}; squared error ${stepsOf(se!)}; hinge ${stepsOf(runners[2]!)}.`);
log(
  `At step 1, squared error pushed the right score up ${(firstPush['cross-entropy']! / firstPush['squared error']!).toFixed(1)} times ` +
    'less than cross-entropy did.',
);

for (const r of runners) {
  tf.dispose(r.params);
  r.optimizer.dispose();
}
validation.dispose();
mnist.dispose();
