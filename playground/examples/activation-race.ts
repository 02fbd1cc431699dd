// Which activation lets a deep network learn fastest? One deep, fully connected network is trained
// four times on the same handwritten digits, in the same order, from the same random weights:
// only the function after each hidden layer differs (sigmoid, tanh, ReLU, leaky ReLU).
// The four learn side by side, one mini-batch each per step, so the chart is a race.
import * as tf from '@tensorflow/tfjs';
import { chart, data, log, nextFrame, param, plot, progress, setSeed, table } from 'playground';

setSeed(param('seed', 1));
const DEPTH = Math.round(param('depth', 10)); // hidden layers
const WIDTH = Math.round(param('width', 64)); // units per hidden layer
const LEARNING_RATE = param('learningRate', 0.01);
const OPTIMIZER = param('optimizer', 'momentum'); // 'momentum' | 'sgd' | 'adam'
const INIT = param('init', 'matched'); // 'matched' | 'glorot' | 'he'
const STEPS = Math.round(param('steps', 300));
const TARGET = param('target', 0.5); // the finish line: smoothed training loss
const BATCH = 64;
const DIGITS = 2048; // a small MNIST subset: 32 mini-batches per pass

// The four contestants. Leaky ReLU keeps 1 % of negative inputs (Maas et al., 2013).
const ACTIVATIONS: Record<string, (z: tf.Tensor) => tf.Tensor> = {
  sigmoid: (z) => tf.sigmoid(z),
  tanh: (z) => tf.tanh(z),
  relu: (z) => tf.relu(z),
  'leaky relu': (z) => tf.leakyRelu(z, 0.01),
};
const NAMES = Object.keys(ACTIVATIONS);

// Data: the first 2,048 training digits (28×28 pixels in 0..1) and their one-hot labels.
const mnist = await data.mnist({ splits: ['train'], trainLimit: DIGITS });

// Initial weights: one draw of uniform noise in [-1, 1] for every layer, shared by all four nets and
// scaled by the rule each activation was designed for: Glorot & Bengio (2010) for sigmoid and tanh,
// He et al. (2015) for the ReLU family ('matched'); or one rule for all.
const sizes = [784, ...Array<number>(DEPTH).fill(WIDTH), 10];
const noise = sizes.slice(1).map((fanOut, l) => tf.randomUniform([sizes[l]!, fanOut], -1, 1));
function usesHe(name: string): boolean {
  return INIT === 'he' || (INIT === 'matched' && name.includes('relu'));
}
function initialWeights(name: string): tf.Variable[] {
  return noise.map((u, l) => {
    const [fanIn, fanOut] = [sizes[l]!, sizes[l + 1]!];
    const limit = usesHe(name) ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    return variableFrom(tf.mul(u, limit));
  });
}

/** A variable holding `value` (the temporary tensor is freed). Each lab stands alone, so vanishing-gradients.ts has this helper too. */
function variableFrom(value: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(value, trainable);
  value.dispose();
  return v;
}

interface Runner {
  name: string;
  params: tf.Variable[]; // weights and biases, layer by layer
  velocity: tf.Variable[]; // momentum: a decaying sum of past gradients, one per parameter
  adam: tf.Optimizer | null;
  smoothed: number;
  reachedAt: number | null;
}

const runners: Runner[] = NAMES.map((name) => {
  const params = initialWeights(name).flatMap((w, l) => [w, variableFrom(tf.zeros([sizes[l + 1]!]))]);
  return {
    name,
    params,
    velocity: params.map((p) => variableFrom(tf.zerosLike(p), false)),
    adam: OPTIMIZER === 'adam' ? tf.train.adam(LEARNING_RATE) : null,
    smoothed: Number.NaN,
    reachedAt: null,
  };
});
tf.dispose(noise);

/**
 * One step downhill. SGD with momentum (how AlexNet was trained): v ← μ·v + g, then w ← w − η·v,
 * with μ = 0.9 ('momentum') or 0 ('sgd'). Adam scales each parameter's step by its own gradient history.
 */
function update(r: Runner, grads: tf.NamedTensorMap): void {
  if (r.adam) {
    r.adam.applyGradients(grads);
    return;
  }
  const mu = OPTIMIZER === 'sgd' ? 0 : 0.9;
  tf.tidy(() => {
    r.params.forEach((p, i) => {
      const v = r.velocity[i]!;
      v.assign(tf.add(tf.mul(v, mu), grads[p.name]!));
      p.assign(tf.sub(p, tf.mul(v, LEARNING_RATE)));
    });
  });
}

/** Forward pass: every hidden layer is weights, bias, activation; the last layer gives 10 scores. */
function logits(r: Runner, x: tf.Tensor): tf.Tensor {
  const f = ACTIVATIONS[r.name]!;
  let h = x;
  for (let l = 0; l <= DEPTH; l++) {
    const z = tf.add(tf.matMul(h, r.params[2 * l]!), r.params[2 * l + 1]!);
    h = l < DEPTH ? f(z) : z; // no activation after the output layer: softmax is in the loss
  }
  return h;
}

log(`${DEPTH} hidden layers of ${WIDTH} units, ${DIGITS} digits, batches of ${BATCH}, ${OPTIMIZER} at learning rate ${LEARNING_RATE}.`);
const curve = chart('Training loss (smoothed)', {
  series: NAMES,
  xLabel: 'step',
  yLabel: 'cross-entropy',
  yScale: 'log',
  compare: true,
  description: 'Smoothed training loss of the same network with four activation functions, trained side by side.',
});
const bar = progress(`Racing ${NAMES.length} networks for ${STEPS} steps`, STEPS);

// Run: each step, one shared mini-batch trains all four networks once.
let step = 0;
for (let epoch = 0; step < STEPS; epoch++) {
  for (const batch of mnist.batches('train', BATCH, epoch)) {
    if (step >= STEPS) {
      tf.dispose([batch.xs, batch.ys]);
      break;
    }
    const x = batch.xs.reshape([-1, 784]);
    step++;
    const point: Record<string, number> = {};
    for (const r of runners) {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(batch.ys, logits(r, x)) as tf.Scalar, r.params);
      update(r, grads);
      const loss = (await value.data())[0]!;
      tf.dispose([value, grads]);
      // A running average over about ten batches smooths the batch-to-batch noise.
      r.smoothed = Number.isNaN(r.smoothed) ? loss : 0.9 * r.smoothed + 0.1 * loss;
      if (r.reachedAt === null && r.smoothed < TARGET) r.reachedAt = step;
      if (Number.isFinite(r.smoothed)) point[r.name] = r.smoothed;
    }
    tf.dispose([x, batch.xs, batch.ys]);
    curve.push(step, point);
    bar.tick();
    await nextFrame();
  }
}

// Show: steps to the finish line (a network that never got there is drawn at the full length).
const stepsTo = Object.fromEntries(runners.map((r) => [r.name, r.reachedAt ?? STEPS]));
plot.bars(`Steps to reach loss ${TARGET}`, stepsTo, {
  yLabel: 'steps',
  description: `Steps each activation needed before its smoothed training loss fell below ${TARGET}; a bar at ${STEPS} means it never did.`,
});
table(
  runners.map((r) => ({
    activation: r.name,
    'initial weights': usesHe(r.name) ? 'He' : 'Glorot',
    [`steps to ${TARGET}`]: r.reachedAt ?? `not within ${STEPS}`,
    'final loss': Number.isFinite(r.smoothed) ? Number(r.smoothed.toFixed(3)) : 'diverged',
  })),
  'The race',
);
const sigmoid = runners[0]!;
const relu = runners[2]!;
log(
  relu.reachedAt !== null && sigmoid.reachedAt === null
    ? `ReLU reached ${TARGET} after ${relu.reachedAt} steps; sigmoid never did (its loss is still ${sigmoid.smoothed.toFixed(2)}; chance is ln 10 ≈ 2.30).`
    : `ReLU: ${relu.reachedAt ?? 'never'}; sigmoid: ${sigmoid.reachedAt ?? 'never'} (steps to ${TARGET}).`,
);

for (const r of runners) {
  tf.dispose([...r.params, ...r.velocity]);
  r.adam?.dispose();
}
mnist.dispose();
